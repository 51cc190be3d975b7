#include "model/reader.h"

#include "sim/assert.h"

namespace io::model {

const char* to_string(ReadPath path) {
  switch (path) {
    case ReadPath::view: return "view";
    case ReadPath::cache: return "cache";
    case ReadPath::log_scan: return "log_scan";
  }
  return "unknown";
}

std::optional<ReadPath> read_path_from_string(std::string_view name) {
  for (ReadPath p : {ReadPath::view, ReadPath::cache, ReadPath::log_scan}) {
    if (name == to_string(p)) return p;
  }
  return std::nullopt;
}

Reader::Reader(ReaderOptions options, std::uint64_t seed) : options_(std::move(options)), prng_(seed) {
  SIM_ASSERT(!options_.accounts.empty());
  SIM_ASSERT(options_.interval_ticks_min >= 1);
  SIM_ASSERT(options_.interval_ticks_min <= options_.interval_ticks_max);
}

AccountId Reader::next_account() { return options_.accounts[prng_.below(options_.accounts.size())]; }

std::uint64_t Reader::next_interval() { return prng_.range(options_.interval_ticks_min, options_.interval_ticks_max); }

void Reader::count(std::uint64_t cost, bool stale) {
  ++counters_.reads;
  counters_.cost += cost;
  counters_.stale_reads += stale ? 1 : 0;
  SIM_ASSERT(counters_.stale_reads <= counters_.reads);
}

}  // namespace io::model
