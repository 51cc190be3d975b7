#include "sim/prng.h"

#include "sim/assert.h"

namespace io::sim {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t derive_seed(std::uint64_t root, std::string_view name) {
  // FNV-1a over the name, then mixed with the root so that neither alone decides the stream.
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  std::uint64_t state = root ^ h;
  return splitmix64(state);
}

Prng::Prng(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (auto& word : s_) word = splitmix64(state);
  // xoshiro's state must never be all zero; splitmix64 cannot produce four zero words in a row
  // from any seed, but the invariant is cheap to check.
  SIM_ASSERT((s_[0] | s_[1] | s_[2] | s_[3]) != 0);
}

Prng Prng::from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3) {
  SIM_ASSERT((s0 | s1 | s2 | s3) != 0);
  Prng p(0);
  p.s_[0] = s0;
  p.s_[1] = s1;
  p.s_[2] = s2;
  p.s_[3] = s3;
  return p;
}

}  // namespace io::sim
