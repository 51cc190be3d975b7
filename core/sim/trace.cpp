#include "sim/trace.h"

#include "sim/assert.h"

namespace io::sim {

std::uint64_t hash_mix(std::uint64_t hash, std::uint64_t value) {
  // A multiply-xorshift round (the murmur3 finaliser) applied to hash ^ value: every input bit
  // affects every output bit, and the order of values matters.
  std::uint64_t h = hash ^ (value + 0x9E3779B97F4A7C15ULL + (hash << 6) + (hash >> 2));
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  return h;
}

void Trace::record(Tick tick, std::uint16_t kind, std::uint32_t subject, std::uint64_t a, std::uint64_t b) {
  SIM_ASSERT(entries_.empty() || entries_.back().tick <= tick);  // time never runs backwards
  std::uint64_t h = hash_;
  h = hash_mix(h, tick.value);
  h = hash_mix(h, (std::uint64_t{kind} << 32) | subject);
  h = hash_mix(h, a);
  h = hash_mix(h, b);
  hash_ = h;
  if (entries_.size() < keep_entries_max_) {
    entries_.push_back(TraceEntry{tick, count_, kind, subject, a, b});
  }
  ++count_;
  SIM_ASSERT(entries_.size() <= count_);
}

}  // namespace io::sim
