#pragma once
// The only source of randomness in the simulator: xoshiro256** seeded through splitmix64.
// Each component owns its own generator, derived from the run's root seed and the component's
// name, so adding a client does not shift every other component's draws. All draws are integer
// arithmetic defined here, never <random>, whose distributions differ between standard libraries.

#include <cstdint>
#include <string_view>

namespace io::sim {

// One step of splitmix64: a good 64-bit mixer, used for seeding and hashing.
std::uint64_t splitmix64(std::uint64_t& state);

// A seed for the stream called `name` under `root`: stable across platforms and versions.
std::uint64_t derive_seed(std::uint64_t root, std::string_view name);

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
  std::uint64_t s_[4];
};

// One million: the denominator of every probability in the model.
inline constexpr std::uint32_t ppm_one = 1'000'000;

}  // namespace io::sim
