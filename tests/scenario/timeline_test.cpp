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

TEST_CASE("a copy of a session is a snapshot: running either on leaves the other as it was") {
  Session original(busy(), 5);
  original.advance_to(Tick{300});
  const Reached at_300 = reached(original);
  Session copy = original;
  original.advance_to(Tick{600});  // appends, new request IDs, postings, samples: all shared chunks
  check_same(reached(copy), at_300);
  CHECK(copy.world().front_door().idempotency_table().size() < original.world().front_door().idempotency_table().size());
  CHECK(copy.world().samples().size() < original.world().samples().size());
  copy.advance_to(Tick{600});
  check_same(reached(copy), reached(original));
  // And the other way round: the copy's run leaves the original's past alone.
  Session early(busy(), 5);
  early.advance_to(Tick{200});
  Session later = early;
  later.advance_to(Tick{450});
  check_same(reached(early), straight(Tick{200}, {}));
}

TEST_CASE("a snapshot follows every tick that did a whole-log pass, so no seek replays an audit") {
  // busy() with a full audit every 120 ticks: one event that reads the whole log, once per
  // replica and per view.
  auto scenario = busy();
  scenario.world.auditor.enabled = true;
  scenario.world.auditor.interval_ticks = 120;
  constexpr std::uint64_t interval_work = 150;
  Timeline t(Session(scenario, 5), TimelineOptions{.snapshot_interval_ticks = 0, .snapshot_interval_work = interval_work, .snapshots_max = 256});
  t.advance_to(t.session().end_tick());

  // A straight run, tick by tick: where each audit ran, and the work it counted.
  Session s(scenario, 5);
  int audits_checked = 0;
  for (std::uint64_t tick = 1; tick <= 600; ++tick) {
    const std::uint64_t audits = s.world().auditor_state().audits;
    const std::uint64_t work = s.world().work_done();
    const std::uint64_t events = s.world().events_processed();
    const std::uint64_t log_end = s.world().log().end_offset().value;  // at most what the audit read
    s.advance_to(Tick{tick});
    CHECK(s.world().work_done() - work >= s.world().events_processed() - events);
    if (s.world().auditor_state().audits == audits) continue;
    // The audit's passes alone (a scrub of the one replica, a fold per view, the privacy scan).
    const std::uint64_t pass_work = 4 * log_end;
    CHECK(s.world().work_done() - work >= pass_work);
    if (pass_work < interval_work) continue;  // too short a log yet to count as much as an interval
    CAPTURE(tick);
    bool snapshot_after = false;
    for (std::size_t i = 0; i < t.snapshot_count(); ++i) snapshot_after |= t.snapshot_tick(i) == Tick{tick};
    CHECK(snapshot_after);
    ++audits_checked;
  }
  CHECK(audits_checked >= 3);
  // And the snapshots still give exact seeks.
  for (std::uint64_t target : {121, 240, 241, 599, 0, 360}) {
    CAPTURE(target);
    t.seek(Tick{target});
    Session straight_run(scenario, 5);
    straight_run.advance_to(Tick{target});
    check_same(reached(t.session()), reached(straight_run));
  }
}

}  // TEST_SUITE
