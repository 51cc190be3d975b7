#pragma once
// The record of what happened in a run, and a running 64-bit hash over it. Two runs are the same
// run exactly when their hashes agree: that one number is what the determinism tests, the golden
// tests and the native-versus-WebAssembly comparison check.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/assert.h"
#include "sim/types.h"

namespace io::sim {

// One thing that happened. Fields are integers only, so hashing is byte-order and platform
// independent; what `kind`, `subject`, `a` and `b` mean is defined by the model (trace_kind.h).
struct TraceEntry {
  Tick tick;
  std::uint64_t index = 0;  // position in the trace: 0 for the first entry of the run
  std::uint16_t kind = 0;
  std::uint32_t subject = 0;
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  bool operator==(const TraceEntry&) const = default;
};

class Trace {
 public:
  // `keep_entries_max` bounds the entries kept in memory (0 keeps none); the hash and the count
  // always cover every entry, kept or not.
  explicit Trace(std::size_t keep_entries_max = 0) : keep_entries_max_(keep_entries_max) {}

  // Inline (below): nearly every event records an entry, and the hash is its whole cost.
  void record(Tick tick, std::uint16_t kind, std::uint32_t subject, std::uint64_t a, std::uint64_t b);

  std::uint64_t hash() const { return hash_; }
  std::uint64_t count() const { return count_; }
  const std::vector<TraceEntry>& entries() const { return entries_; }
  // True when entries were recorded but not kept because of the bound.
  bool truncated() const { return count_ > entries_.size(); }

 private:
  void keep(const TraceEntry& entry);

  std::size_t keep_entries_max_;
  std::vector<TraceEntry> entries_;
  std::uint64_t hash_ = 0x6A09E667F3BCC908ULL;  // an arbitrary non-zero start (sqrt(2) digits)
  std::uint64_t count_ = 0;
  Tick last_tick_;  // of the latest entry, kept or not
};

// The mixing step of the trace hash, exposed so tests can pin reference values. Inline because
// four of them run for every trace entry and one per byte of every idempotency fingerprint.
constexpr std::uint64_t hash_mix(std::uint64_t hash, std::uint64_t value) {
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

inline void Trace::record(Tick tick, std::uint16_t kind, std::uint32_t subject, std::uint64_t a, std::uint64_t b) {
  SIM_ASSERT(last_tick_ <= tick);  // time never runs backwards
  last_tick_ = tick;
  std::uint64_t h = hash_;
  h = hash_mix(h, tick.value);
  h = hash_mix(h, (std::uint64_t{kind} << 32) | subject);
  h = hash_mix(h, a);
  h = hash_mix(h, b);
  hash_ = h;
  if (entries_.size() < keep_entries_max_) keep(TraceEntry{tick, count_, kind, subject, a, b});
  ++count_;
}

}  // namespace io::sim
