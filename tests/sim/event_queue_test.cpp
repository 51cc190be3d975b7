#include <doctest/doctest.h>

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

}  // TEST_SUITE
