#include <doctest/doctest.h>

#include "scenario/load.h"
#include "scenario/session.h"

using io::scenario::parse_scenario;
using io::scenario::Session;
using io::sim::Tick;

namespace {
io::scenario::Scenario small() {
  auto r = parse_scenario(R"({
    "format_version": 1, "title": "t", "ticks": 100, "seed": 3,
    "accounts": [{"name": "x", "balance_cents": 100}, {"name": "y"}],
    "clients": [{"name": "a", "from": ["x"], "to": ["y"], "interval_ticks": [4, 9]}],
    "schedule": [{"tick": 30, "action": "client_send_now", "client": "a"},
                 {"tick": 10, "action": "corrupt_record", "offset": 0, "bit": 5},
                 {"tick": 0, "action": "corrupt_record", "offset": 50}]
  })", "small.json");
  REQUIRE(r.ok());
  return r.value();
}
}  // namespace

TEST_SUITE("scenario") {

TEST_CASE("a session applies the schedule in tick order and counts refusals") {
  Session s(small(), 3);
  s.run_to_end();
  CHECK(s.finished());
  CHECK(s.world().now() == Tick{100});
  CHECK(s.refused_commands() == 1);  // offset 50 did not exist at tick 0
  CHECK_FALSE(s.world().log().read(io::sim::Offset{0}).ok());  // corrupted at tick 10
}

TEST_CASE("learner commands are stamped, applied, recorded, and replay to the same hash") {
  Session live(small(), 3);
  live.advance_to(Tick{20});
  io::model::Command send;
  send.kind = io::model::CommandKind::client_send_now;
  send.at = Tick{999};  // restamped with the session's tick
  CHECK(live.command(send) == nullptr);
  auto bad = send;
  bad.target = 5;  // no client 5
  CHECK(live.command(bad) != nullptr);
  live.advance_to(Tick{60});
  CHECK(live.command(send) == nullptr);
  live.run_to_end();
  REQUIRE(live.learner_commands().size() == 2);
  CHECK(live.learner_commands()[0].at == Tick{20});

  Session replay(small(), 3);
  for (const auto& c : live.learner_commands()) {
    replay.advance_to(c.at);
    CHECK(replay.command(c) == nullptr);
  }
  replay.run_to_end();
  CHECK(replay.world().trace().hash() == live.world().trace().hash());

  Session without(small(), 3);
  without.run_to_end();
  CHECK(without.world().trace().hash() != live.world().trace().hash());
}

}  // TEST_SUITE
