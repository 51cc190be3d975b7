#include <doctest/doctest.h>

#include <array>
#include <cstdlib>
#include <map>

#include "sim/prng.h"

using io::sim::Prng;

TEST_SUITE("sim") {

TEST_CASE("splitmix64 matches the published reference values") {
  // Reference sequence for seed 1234567 (Vigna's splitmix64.c, also Java's SplittableRandom).
  std::uint64_t state = 1234567;
  const std::array<std::uint64_t, 5> expected = {6457827717110365317ULL, 3203168211198807973ULL,
                                                 9817491932198370423ULL, 4593380528125082431ULL,
                                                 16408922859458223821ULL};
  for (std::uint64_t e : expected) CHECK(io::sim::splitmix64(state) == e);
}

TEST_CASE("xoshiro256** matches the reference implementation from state {1,2,3,4}") {
  Prng p = Prng::from_state(1, 2, 3, 4);
  const std::array<std::uint64_t, 10> expected = {
      11520ULL, 0ULL, 1509978240ULL, 1215971899390074240ULL, 1216172134540287360ULL,
      607988272756665600ULL, 16172922978634559625ULL, 8476171486693032832ULL,
      10595114339597558777ULL, 2904607092377533576ULL};
  for (std::uint64_t e : expected) CHECK(p.next_u64() == e);
}

TEST_CASE("the same seed gives the same stream, a different seed a different one") {
  Prng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next_u64();
    CHECK(x == b.next_u64());
    differs |= x != c.next_u64();
  }
  CHECK(differs);
}

TEST_CASE("derive_seed gives independent, stable streams per component name") {
  CHECK(io::sim::derive_seed(7, "client/alice") == io::sim::derive_seed(7, "client/alice"));
  CHECK(io::sim::derive_seed(7, "client/alice") != io::sim::derive_seed(7, "client/bob"));
  CHECK(io::sim::derive_seed(7, "client/alice") != io::sim::derive_seed(8, "client/alice"));
  // Pinned (and checked by hand: FNV-1a offset basis through one splitmix64 step): a change here
  // changes every run's trace hash, so it must be deliberate.
  CHECK(io::sim::derive_seed(0, "") == 0xC3817C016BA4FF30ULL);
}

TEST_CASE("below() stays in bounds and covers every value about equally") {
  Prng p(99);
  std::map<std::uint64_t, int> counts;
  constexpr int draws = 60'000;
  for (int i = 0; i < draws; ++i) {
    const auto v = p.below(6);
    REQUIRE(v < 6);
    ++counts[v];
  }
  REQUIRE(counts.size() == 6);
  // Each face expects 10,000; a fair generator lands well within 5 %.
  for (const auto& [value, n] : counts) CHECK(std::abs(n - draws / 6) < 500);
}

TEST_CASE("below() draws exactly what the plain rejection rule draws, for small and huge bounds") {
  // The rule every pinned trace hash depends on: reject outputs below 2^64 mod bound, then take
  // the residue. below() skips computing the threshold when it cannot matter; it must never
  // change an outcome, so compare it with the rule on the same stream, including bounds above
  // 2^63 where about half of all outputs are rejected.
  auto reference = [](Prng& p, std::uint64_t bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
      const std::uint64_t r = p.next_u64();
      if (r >= threshold) return r % bound;
    }
  };
  for (const std::uint64_t bound : std::array<std::uint64_t, 8>{1, 2, 3, 6, 1'000'000, (1ULL << 63) + 1, 3ULL << 62, UINT64_MAX}) {
    Prng a(bound), b(bound);
    for (int i = 0; i < 2000; ++i) REQUIRE(a.below(bound) == reference(b, bound));
    CHECK(a == b);  // and consumed the same outputs
  }
}

TEST_CASE("range() is inclusive and handles the extremes") {
  Prng p(5);
  bool saw_min = false, saw_max = false;
  for (int i = 0; i < 1000; ++i) {
    const auto v = p.range(10, 13);
    CHECK(v >= 10);
    CHECK(v <= 13);
    saw_min |= v == 10;
    saw_max |= v == 13;
  }
  CHECK(saw_min);
  CHECK(saw_max);
  CHECK(p.range(7, 7) == 7);
  (void)p.range(0, UINT64_MAX);  // the full range must not overflow the bound computation
}

TEST_CASE("chance_ppm honours 0 and 1,000,000 exactly and is near p otherwise") {
  Prng p(11);
  int hits = 0;
  for (int i = 0; i < 100'000; ++i) {
    CHECK_FALSE(p.chance_ppm(0));
    CHECK(p.chance_ppm(1'000'000));
    hits += p.chance_ppm(250'000) ? 1 : 0;
  }
  CHECK(hits > 24'000);
  CHECK(hits < 26'000);
}

}  // TEST_SUITE
