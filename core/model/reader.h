#pragma once
// A reader: the application's query side, asking for an account's balance now and then. Where
// the answer comes from is the chapter's read-path/write-path trade-off:
//   view      a materialized view kept up to date by a deriver (work done at write time);
//   cache     a cache in front of that view, invalidated from the log;
//   log_scan  no derived state at all: fold the whole log at read time (work done at read time).
// Views and caches answer cheaply but may lag the log (a stale read); the scan is never stale
// but its cost grows with the log.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/domain_event.h"
#include "sim/prng.h"

namespace io::model {

enum class ReadPath : std::uint8_t { view, cache, log_scan };
const char* to_string(ReadPath path);
std::optional<ReadPath> read_path_from_string(std::string_view name);

struct ReaderOptions {
  std::string name;
  std::uint64_t interval_ticks_min = 10;  // ticks between reads, uniform in [min, max]
  std::uint64_t interval_ticks_max = 10;
  std::uint64_t start_tick = 0;
  ReadPath path = ReadPath::view;
  std::vector<AccountId> accounts;  // each read asks for one of these, drawn uniformly

  static constexpr std::size_t readers_max = 64;
};

struct ReaderCounters {
  std::uint64_t reads = 0;
  std::uint64_t stale_reads = 0;  // the answer differed from the balance the log implies now
  std::uint64_t unavailable = 0;  // nothing could answer (no serving view yet)
  std::uint64_t cost = 0;         // records touched to answer (log_scan), or 1 per lookup
};

class Reader {
 public:
  Reader(ReaderOptions options, std::uint64_t seed);
  AccountId next_account();
  std::uint64_t next_interval();
  // Counts one read: its cost in records touched, and whether it was stale.
  void count(std::uint64_t cost, bool stale);
  void count_unavailable() { ++counters_.unavailable; }

  const ReaderOptions& options() const { return options_; }
  const ReaderCounters& counters() const { return counters_; }

 private:
  ReaderOptions options_;
  sim::Prng prng_;
  ReaderCounters counters_;
};

}  // namespace io::model
