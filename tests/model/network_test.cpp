#include <doctest/doctest.h>

#include <vector>

#include "model/network.h"

using io::model::Link;
using io::model::LinkOptions;
using io::model::Partition;
using io::sim::Tick;

TEST_SUITE("model") {

TEST_CASE("a link is cut exactly inside its partitions, however they are listed") {
  LinkOptions o;
  // Out of order, overlapping, touching, nested and empty windows: the lookup merges them, and
  // must answer as the definition does (inside any one window, [start, end)).
  o.partitions = {{50, 60}, {10, 20}, {15, 30}, {30, 35}, {70, 71}, {52, 55}, {90, 90}, {80, 79}};
  const Link link("a <-> b", o, 1);
  for (std::uint64_t t = 0; t < 120; ++t) {
    bool inside = false;
    for (const Partition& p : o.partitions) inside = inside || (t >= p.start_tick && t < p.end_tick);
    CHECK_MESSAGE(link.partitioned_at(Tick{t}) == inside, "tick ", t);
  }
  CHECK(link.options().partitions == o.partitions);  // the UI still sees the windows as given
}

TEST_CASE("messages sent or delivered as time moves forward are cut exactly inside the partitions") {
  LinkOptions o;
  o.partitions = {{50, 60}, {10, 20}, {15, 30}, {30, 35}, {70, 71}, {52, 55}, {90, 90}};
  Link link("a <-> b", o, 1);
  std::uint64_t cut = 0;
  for (std::uint64_t t = 0; t < 120; t += 1 + t % 3) {  // uneven steps, as the agenda's
    const bool inside = link.partitioned_at(Tick{t});
    CHECK_MESSAGE(link.send(Tick{t}).partitioned == inside, "send at tick ", t);
    CHECK_MESSAGE(link.deliver(Tick{t}) == !inside, "delivery at tick ", t);
    cut += inside ? 2 : 0;
  }
  CHECK(link.counters().partitioned == cut);
}

TEST_CASE("a link without partitions is never cut") {
  const Link link("a <-> b", LinkOptions{}, 1);
  CHECK_FALSE(link.partitioned_at(Tick{0}));
  CHECK_FALSE(link.partitioned_at(Tick{UINT64_MAX}));
}

}  // TEST_SUITE
