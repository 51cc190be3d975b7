#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "scenario/load.h"
#include "scenario/timeline.h"
#include "sim/prng.h"

using io::model::Command;
using io::model::CommandKind;
using io::scenario::Session;
using io::scenario::Timeline;
using io::scenario::TimelineOptions;
using io::sim::Tick;

namespace {

// A busy little world: retries over a lossy, duplicating network, two derivers, scheduled crashes.
io::scenario::Scenario busy() {
  auto r = io::scenario::parse_scenario(R"({
    "format_version": 1, "title": "t", "ticks": 600, "seed": 5,
    "accounts": [{"name": "x", "balance_cents": 100000}, {"name": "y", "balance_cents": 100000}],
    "network": {"delay_ticks": [1, 5], "drop_ppm": 100000, "duplicate_ppm": 80000},
    "front_door": {"dedup": "end_to_end", "restart_ticks": 10},
    "clients": [{"name": "a", "from": ["x"], "to": ["y"], "interval_ticks": [2, 6], "timeout_ticks": 10},
                {"name": "b", "from": ["y"], "to": ["x"], "interval_ticks": [3, 7], "timeout_ticks": 10}],
    "derivers": [{"name": "balances", "view": "balances", "batch_records": 3},
                 {"name": "counters", "view": "counters"}],
    "schedule": [{"tick": 100, "action": "crash_deriver", "deriver": "balances"},
                 {"tick": 250, "action": "crash_front_door"},
                 {"tick": 400, "action": "double_submit", "client": "b"}]
  })", "busy.json");
  REQUIRE(r.ok());
  return r.value();
}

// The learner's interventions used throughout: some share a tick with the schedule, two share one.
std::vector<Command> interventions() {
  std::vector<Command> out;
  for (std::uint64_t at : {0, 37, 100, 210, 210, 399}) {
    Command c = Command::of(at == 210 ? CommandKind::double_submit : CommandKind::client_send_now, at % 2);
    c.at = Tick{at};
    out.push_back(c);
  }
  Command crash = Command::of(CommandKind::crash_deriver, 1);
  crash.at = Tick{333};
  out.push_back(crash);
  std::stable_sort(out.begin(), out.end(), [](const Command& a, const Command& b) { return a.at < b.at; });
  return out;
}

struct Reached {
  std::uint64_t hash;
  std::uint64_t log_end;
  std::uint64_t events;
};

Reached reached(const Session& s) {
  return {s.world().trace().hash(), s.world().log().end_offset().value, s.world().events_processed()};
}

// The reference: a straight run to `tick`, applying every command stamped at or before it.
Reached straight(Tick tick, const std::vector<Command>& commands) {
  Session s(busy(), 5);
  for (const Command& c : commands) {
    if (c.at > tick) break;
    s.advance_to(c.at);
    REQUIRE(s.command(c) == nullptr);
  }
  s.advance_to(tick);
  return reached(s);
}

void check_same(const Reached& a, const Reached& b) {
  CHECK(a.hash == b.hash);
  CHECK(a.log_end == b.log_end);
  CHECK(a.events == b.events);
}

// Records a whole run with the interventions, issued live as a learner would.
void record(Timeline& t, const std::vector<Command>& commands) {
  for (const Command& c : commands) {
    t.advance_to(c.at);
    REQUIRE(t.command(c) == nullptr);
  }
  t.advance_to(t.session().end_tick());
}

}  // namespace

TEST_SUITE("scenario") {

TEST_CASE("a timeline's seeks, backward and forward, equal straight runs with the learner's commands") {
  const std::vector<Command> commands = interventions();
  Timeline t(Session(busy(), 5), TimelineOptions{.snapshot_interval_ticks = 0, .snapshot_interval_work = 150, .snapshots_max = 64});
  record(t, commands);
  REQUIRE(t.history().size() == commands.size());
  CHECK(t.snapshot_count() > 3);
  check_same(reached(t.session()), straight(Tick{600}, commands));

  // Command ticks and their neighbours, snapshot ticks, the ends, then random ticks.
  std::vector<std::uint64_t> targets = {0, 1, 36, 37, 38, 100, 210, 211, 600, 599, 0, 333, 399, 400, 250};
  for (std::size_t i = 0; i < t.snapshot_count(); ++i) targets.push_back(t.snapshot_tick(i).value);
  io::sim::Prng prng(11);
  for (int i = 0; i < 20; ++i) targets.push_back(prng.below(601));
  for (std::uint64_t target : targets) {
    CAPTURE(target);
    t.seek(Tick{target});
    CHECK(t.now() == Tick{target});
    check_same(reached(t.session()), straight(Tick{target}, commands));
    CHECK(t.history().size() == commands.size());  // a seek never loses the recorded future
  }
}

TEST_CASE("a timeline counting ticks seeks as exactly as one counting work") {
  const std::vector<Command> commands = interventions();
  Timeline t(Session(busy(), 5), TimelineOptions{.snapshot_interval_ticks = 50, .snapshot_interval_work = 0, .snapshots_max = 64});
  record(t, commands);
  CHECK(t.snapshot_count() == 12);  // ticks 50, 100, ..., 600: a snapshot every 50 ticks
  for (std::uint64_t target : {599, 25, 333, 50, 550, 0, 210}) {
    CAPTURE(target);
    t.seek(Tick{target});
    check_same(reached(t.session()), straight(Tick{target}, commands));
  }
}

TEST_CASE("the snapshot bound holds: a full timeline thins to every other snapshot and still seeks exactly") {
  const std::vector<Command> commands = interventions();
  Timeline t(Session(busy(), 5), TimelineOptions{.snapshot_interval_ticks = 0, .snapshot_interval_work = 20, .snapshots_max = 5});
  std::size_t most = 0;
  for (std::uint64_t tick = 0; tick <= 600; ++tick) {
    t.seek(Tick{tick});  // forward one tick at a time, as the UI's play does
    for (const Command& c : commands) {
      if (c.at == Tick{tick} && t.history().size() < commands.size()) REQUIRE(t.command(c) == nullptr);
    }
    most = std::max(most, t.snapshot_count());
  }
  CHECK(most == 5);
  CHECK(t.options().snapshot_interval_work > 20);  // it thinned at least once
  for (std::size_t i = 1; i < t.snapshot_count(); ++i) CHECK(t.snapshot_tick(i - 1) < t.snapshot_tick(i));
  for (std::uint64_t target : {17, 590, 211, 0, 400}) {
    CAPTURE(target);
    t.seek(Tick{target});
    check_same(reached(t.session()), straight(Tick{target}, commands));
  }
}

TEST_CASE("a command after a seek back rewrites the future, and later seeks follow the new history") {
  std::vector<Command> commands = interventions();
  Timeline t(Session(busy(), 5), TimelineOptions{.snapshot_interval_ticks = 40, .snapshot_interval_work = 0, .snapshots_max = 64});
  record(t, commands);
  t.seek(Tick{150});
  const std::size_t snapshots_before = t.snapshot_count();
  Command other = Command::of(CommandKind::crash_front_door);
  other.at = Tick{150};
  REQUIRE(t.command(other) == nullptr);
  CHECK(t.snapshot_count() < snapshots_before);  // the snapshots of the old future are gone
  for (std::size_t i = 0; i < t.snapshot_count(); ++i) CHECK(t.snapshot_tick(i) < Tick{150});

  // The new history: the old commands up to tick 150, then the new one.
  std::vector<Command> rewritten;
  for (const Command& c : commands) {
    if (c.at <= Tick{150}) rewritten.push_back(c);
  }
  rewritten.push_back(other);
  REQUIRE(t.history() == rewritten);
  for (std::uint64_t target : {600, 120, 150, 151, 420}) {
    CAPTURE(target);
    t.seek(Tick{target});
    check_same(reached(t.session()), straight(Tick{target}, rewritten));
  }
  // A refused command changes nothing, not even the recorded future.
  t.seek(Tick{100});
  CHECK(t.command(Command::of(CommandKind::crash_deriver, 99)) != nullptr);
  CHECK(t.history() == rewritten);
}

}  // TEST_SUITE
