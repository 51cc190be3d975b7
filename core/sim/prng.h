#pragma once
// The only source of randomness in the simulator: xoshiro256** seeded through splitmix64.
// Each component owns its own generator, derived from the run's root seed and the component's
// name, so adding a client does not shift every other component's draws. All draws are integer
// arithmetic defined here, never <random>, whose distributions differ between standard libraries.

#include <cstdint>
#include <string_view>

#include "sim/assert.h"

namespace io::sim {

// One step of splitmix64: a good 64-bit mixer, used for seeding and hashing.
std::uint64_t splitmix64(std::uint64_t& state);

// A seed for the stream called `name` under `root`: stable across platforms and versions.
std::uint64_t derive_seed(std::uint64_t root, std::string_view name);

// The draws are inline (below): every message, request and retry makes several, and inlined
// with a constant bound (chance_ppm's million) the compiler turns the modulo into a multiply.
class Prng {
 public:
  explicit Prng(std::uint64_t seed);
  // A generator with exactly this internal state (not all zero): for reference-value tests.
  static Prng from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3);

  // The next raw 64-bit output of xoshiro256**.
  std::uint64_t next_u64();

  // A uniform integer in [0, bound) for bound >= 1, without modulo bias.
  std::uint64_t below(std::uint64_t bound);

  // A uniform integer in [min, max] (inclusive) for min <= max.
  std::uint64_t range(std::uint64_t min, std::uint64_t max);

  // True with probability ppm / 1,000,000 (parts per million, 0..1,000,000).
  bool chance_ppm(std::uint32_t ppm);

  bool operator==(const Prng&) const = default;

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t s_[4];
};

// One million: the denominator of every probability in the model.
inline constexpr std::uint32_t ppm_one = 1'000'000;

inline std::uint64_t Prng::next_u64() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

inline std::uint64_t Prng::below(std::uint64_t bound) {
  SIM_ASSERT(bound >= 1);
  // Reject the lowest (2^64 mod bound) outputs so that every residue is equally likely. That
  // threshold is below `bound`, so an output of at least `bound` (all but a bound/2^64 share) is
  // accepted without computing it: one division per draw instead of two, same outputs.
  for (;;) {
    const std::uint64_t r = next_u64();
    if (r >= bound || r >= (0 - bound) % bound) return r % bound;
  }
}

inline std::uint64_t Prng::range(std::uint64_t min, std::uint64_t max) {
  SIM_ASSERT(min <= max);
  if (min == 0 && max == UINT64_MAX) return next_u64();
  const std::uint64_t value = min + below(max - min + 1);
  SIM_ASSERT(value >= min);
  SIM_ASSERT(value <= max);
  return value;
}

inline bool Prng::chance_ppm(std::uint32_t ppm) {
  SIM_ASSERT(ppm <= ppm_one);
  if (ppm == 0) return false;  // Draw nothing: a probability of zero must not consume the stream.
  if (ppm == ppm_one) return true;
  return below(ppm_one) < ppm;
}

}  // namespace io::sim
