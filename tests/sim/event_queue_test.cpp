#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/event_queue.h"
#include "sim/prng.h"

using io::sim::EventQueue;
using io::sim::Tick;

TEST_SUITE("sim") {

TEST_CASE("events come out by tick, and ties in the order they were pushed") {
  EventQueue<int> q;
  q.push(Tick{5}, 1);
  q.push(Tick{3}, 2);
  q.push(Tick{5}, 3);
  q.push(Tick{3}, 4);
  q.push(Tick{0}, 5);
  q.push(Tick{5}, 6);
  std::vector<int> order;
  while (!q.empty()) order.push_back(q.pop().payload);
  CHECK(order == std::vector<int>{5, 2, 4, 1, 3, 6});
}

TEST_CASE("many same-tick events keep insertion order through heap reshuffles") {
  EventQueue<int> q;
  io::sim::Prng p(3);
  // Interleave ties at a few ticks with random pushes and pops; within a tick, payloads were
  // pushed in increasing order, so they must pop in increasing order.
  std::vector<int> next_per_tick(4, 0), last_per_tick(4, -1);
  int popped = 0;
  for (int i = 0; i < 10'000; ++i) {
    const auto t = p.below(4);
    q.push(Tick{t}, int(t) * 100'000 + next_per_tick[t]++);
    if (p.below(3) == 0) {
      auto e = q.pop();
      const auto tick = e.tick.value;
      CHECK(e.payload % 100'000 > last_per_tick[tick]);
      last_per_tick[tick] = e.payload % 100'000;
      ++popped;
    }
  }
  Tick previous{0};
  std::vector<int> last(4, -1);
  while (!q.empty()) {
    auto e = q.pop();
    CHECK(e.tick >= previous);
    previous = e.tick;
  }
  CHECK(popped > 0);
}

TEST_CASE("sorted() lists pending entries in the order they will run") {
  EventQueue<char> q;
  q.push(Tick{2}, 'c');
  q.push(Tick{1}, 'a');
  q.push(Tick{1}, 'b');
  const auto s = q.sorted();
  REQUIRE(s.size() == 3);
  CHECK(s[0].payload == 'a');
  CHECK(s[1].payload == 'b');
  CHECK(s[2].payload == 'c');
  CHECK(q.scheduled_total() == 3);
}

TEST_CASE("the calendar pops exactly what a plain (tick, sequence) heap pops, near, far and past ticks alike") {
  // The reference: every pending entry in a heap ordered by (tick, sequence), as the agenda
  // used to be. Pushes land in the window, far beyond it, or (as a test may) before the earliest
  // tick; pops are interleaved; a copy taken midway must go on exactly like the original.
  struct Ref {
    std::uint64_t tick, seq;
    int payload;
  };
  const auto later = [](const Ref& a, const Ref& b) { return a.tick != b.tick ? a.tick > b.tick : a.seq > b.seq; };
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    io::sim::Prng p(seed);
    EventQueue<int> q;
    std::vector<Ref> ref;
    std::uint64_t now = 0;
    std::optional<EventQueue<int>> copy;
    std::vector<Ref> copy_ref;
    std::uint64_t compared = 0;
    for (int i = 0; i < 20'000; ++i) {
      if (p.below(5) < 3 || ref.empty()) {
        std::uint64_t tick = now;
        switch (p.below(6)) {
          case 0: tick = now; break;                                           // this tick
          case 1: tick = now + p.below(4 * EventQueue<int>::window_ticks); break;  // often beyond the window
          case 2: tick = now > 0 ? p.below(now) : 0; break;                    // before the earliest
          default: tick = now + p.below(20); break;                            // soon
        }
        const auto seq = q.push(Tick{tick}, i);
        ref.push_back(Ref{tick, seq, i});
        std::push_heap(ref.begin(), ref.end(), later);
        // The queue remembers its earliest bucket between calls: a push must keep that right.
        REQUIRE(q.top().seq == ref.front().seq);
      } else {
        REQUIRE(q.top().payload == ref.front().payload);
        const auto e = q.pop();
        std::pop_heap(ref.begin(), ref.end(), later);
        const Ref r = ref.back();
        ref.pop_back();
        REQUIRE(e.tick.value == r.tick);
        REQUIRE(e.seq == r.seq);
        REQUIRE(e.payload == r.payload);
        now = std::max(now, e.tick.value);
        ++compared;
      }
      CHECK(q.size() == ref.size());
      if (i == 10'000) {
        copy = q;
        copy_ref = ref;
      }
    }
    // The copy drains exactly as the reference it was taken with.
    while (!copy_ref.empty()) {
      const auto e = copy->pop();
      std::pop_heap(copy_ref.begin(), copy_ref.end(), later);
      REQUIRE(e.seq == copy_ref.back().seq);
      copy_ref.pop_back();
    }
    CHECK(copy->empty());
    CHECK(q.sorted().size() == ref.size());
    CHECK(compared > 5'000);
  }
}

}  // TEST_SUITE
