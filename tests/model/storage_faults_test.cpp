// Storage faults, one class at a time: injected, then detected by the next read or audit;
// repaired when a healthy replica exists; reported lost (and never served) when none does.
#include <doctest/doctest.h>

#include <string>

#include "scenario/load.h"
#include "scenario/session.h"
#include "../scenario_fixtures.h"

using io::model::ViolationKind;
using io::scenario::Session;
using io::testing::finish;

namespace {

// Alice pays bob 20 times, one payment every 5 ticks from tick 1; the balances deriver starts at
// `deriver_start`. `log` and `schedule` are spliced in.
io::scenario::Scenario storage(const std::string& log, const std::string& schedule, std::uint64_t deriver_start = 0,
                               const std::string& extra = "") {
  const std::string text = R"({"format_version": 1, "title": "t", "ticks": 600,
    "accounts": [{"name": "alice", "balance_cents": 100000}, {"name": "bob", "balance_cents": 100000}],
    "log": )" + log + R"(,
    "clients": [{"name": "alice", "from": ["alice"], "to": ["bob"], "requests_max": 20, "interval_ticks": 5,
                 "start_tick": 1, "amount_cents": [100, 900]}],
    "derivers": [{"name": "balances", "view": "balances", "batch_records": 50, "start": )" +
                           std::to_string(deriver_start) + R"(}],
    "schedule": )" + schedule + extra + "}";
  return io::testing::parsed(text, "storage.json");
}

int count(const Session& s, ViolationKind kind) {
  int n = 0;
  for (const auto& v : s.world().violations()) n += v.kind == kind ? 1 : 0;
  return n;
}

const char* const two_replicas = R"({"replicas": 2, "ack_replicas": 2})";
const char* const one_replica = R"({"replicas": 1})";

}  // namespace

TEST_SUITE("model") {

TEST_CASE("each fault class on a record the deriver has not read yet: detected by the read, repaired") {
  // The deriver starts at tick 300, after every payment and every fault: its first read meets them.
  for (const std::string fault : {"bit_rot", "latent_sector_error", "misdirected_read"}) {
    CAPTURE(fault);
    Session s(storage(two_replicas, std::string(R"([{"tick": 200, "action": "inject_fault", "replica": 0, "fault": ")") +
                                        fault + R"(", "offset": 5}])", 300), 1);
    const auto m = finish(s);
    CHECK(m.faults_injected == 1);
    CHECK(m.faults_detected == 1);
    CHECK(m.faults_repaired == 1);
    CHECK(m.false_alarms == 0);
    CHECK(m.records_lost == 0);
    CHECK(m.views_match_log);
    CHECK(m.wrong_balances == 0);
    // A block-level fault also reports the block's other records, rewritten by the same repair;
    // the read that found it is reported last.
    REQUIRE(count(s, ViolationKind::corrupt_copy) >= 1);
    CHECK(count(s, ViolationKind::corrupt_copy) == (fault == "bit_rot" ? 1 : count(s, ViolationKind::corrupt_copy)));
    const auto& v = s.world().violations().back();
    // Sector errors and misdirected reads strike a whole 512-byte block, which may begin in an
    // earlier record: the first read into that block finds it, and its repair rewrites the block.
    CHECK(v.offset.value <= 5);
    CHECK(v.injected_at == io::sim::Tick{200});
    CHECK(v.detected_at >= io::sim::Tick{300});
    CHECK(v.repaired_at == v.detected_at);
  }
}

TEST_CASE("lost and misdirected writes strike the next append and are caught by the next read") {
  for (const std::string fault : {"lost_write", "misdirected_write"}) {
    CAPTURE(fault);
    Session s(storage(two_replicas, std::string(R"([{"tick": 30, "action": "inject_fault", "replica": 0, "fault": ")") +
                                        fault + R"("}])", 300), 1);
    const auto m = finish(s);
    CHECK(m.faults_injected == 1);
    CHECK(m.faults_detected == 1);
    CHECK(m.faults_repaired == 1);
    CHECK(m.false_alarms == 0);
    CHECK(m.views_match_log);
    CHECK(m.wrong_balances == 0);
  }
}

TEST_CASE("a fault on a follower is invisible to reads and found by the audit") {
  Session s(storage(two_replicas, R"([{"tick": 200, "action": "inject_fault", "replica": 1, "fault": "bit_rot", "offset": 7},
                                      {"tick": 400, "action": "audit"}])", 0), 1);
  s.advance_to(io::sim::Tick{399});
  CHECK(s.world().sample(false).faults_detected == 0);  // the leader's reads never touch replica 1
  const auto m = finish(s);
  CHECK(m.faults_detected == 1);
  CHECK(m.faults_repaired == 1);
  CHECK(m.detect_ticks_max == 200);
  CHECK(m.audits == 1);
}

TEST_CASE("with no healthy copy the record is reported lost and never served") {
  Session s(storage(one_replica, R"([{"tick": 200, "action": "inject_fault", "fault": "bit_rot", "offset": 5},
                                     {"tick": 500, "action": "audit"}])", 300), 1);
  const auto m = finish(s);
  CHECK(m.faults_detected == 1);
  CHECK(m.faults_repaired == 0);
  CHECK(m.records_lost == 1);
  CHECK(m.acknowledged_writes_lost == 1);
  CHECK(count(s, ViolationKind::record_lost) == 1);  // reported once, not on every retry or audit
  const auto& d = s.world().derivers()[0];
  CHECK(d.stuck());
  CHECK(d.position() == io::sim::Offset{5});  // it stops before the lost record: nothing wrong is applied
  CHECK(m.wrong_balances == 0);
}

TEST_CASE("trust without verification: corruption flows silently into the view; the audit catches and heals it") {
  const char* const unverified = R"({"replicas": 2, "ack_replicas": 2, "verify_on_read": false})";
  const std::string fault = R"([{"tick": 200, "action": "inject_fault", "replica": 0, "fault": "bit_rot", "offset": 5})";
  SUBCASE("auditor off: wrong balances, and nothing notices") {
    Session s(storage(unverified, fault + "]", 300), 1);
    const auto m = finish(s);
    CHECK(m.faults_detected == 0);
    CHECK(m.wrong_balances == 2);  // the corrupt amount moved between alice and bob
    CHECK(m.views_match_log);      // the view equals a fold of the (corrupt) log: only the truth differs
  }
  SUBCASE("auditor on: the scrub repairs the record and the view is rebuilt") {
    Session s(storage(unverified, fault + R"(, {"tick": 400, "action": "audit"}])", 300), 1);
    const auto m = finish(s);
    CHECK(m.faults_detected == 1);
    CHECK(m.faults_repaired == 1);
    CHECK(count(s, ViolationKind::view_mismatch) == 1);
    CHECK(m.wrong_balances == 0);
    CHECK(m.views_match_log);
  }
}

TEST_CASE("a torn write at a crash: the unacknowledged tail is truncated on restart") {
  Session s(storage(R"({"replicas": 2, "ack_replicas": 1, "restart_ticks": 30})",
                    R"([{"tick": 50, "action": "crash_replica", "replica": 1, "torn": true}])", 0), 1);
  const auto m = finish(s);
  CHECK(count(s, ViolationKind::torn_tail) == 1);
  CHECK(m.faults_injected == 1);
  CHECK(m.faults_detected == 1);
  CHECK(m.faults_repaired == 1);
  CHECK(s.world().log().replica_end(1) == s.world().log().end_offset());  // it caught up
  CHECK(m.views_match_log);
}

TEST_CASE("appends need ack_replicas running replicas; a restarted replica catches up") {
  Session s(storage(R"({"replicas": 2, "ack_replicas": 2, "restart_ticks": 40})",
                    R"([{"tick": 20, "action": "crash_replica", "replica": 1}])", 0), 1);
  s.advance_to(io::sim::Tick{50});
  CHECK(s.world().front_door().counters().rejected_log_unavailable > 0);  // refused while down
  const auto m = finish(s);
  CHECK(m.requests_accepted > 0);
  CHECK(s.world().log().replica_end(1) == s.world().log().end_offset());
  CHECK(m.views_match_log);

  Session one(storage(R"({"replicas": 2, "ack_replicas": 1, "restart_ticks": 40})",
                      R"([{"tick": 20, "action": "crash_replica", "replica": 1}])", 0), 1);
  const auto m1 = finish(one);
  CHECK(one.world().front_door().counters().rejected_log_unavailable == 0);
  CHECK(one.world().fault_ledger().counters().false_alarms == 0);
  CHECK(m1.views_match_log);
}

TEST_CASE("a scheduled auditor audits on its own") {
  Session s(storage(two_replicas, R"([{"tick": 100, "action": "inject_fault", "replica": 1, "fault": "latent_sector_error", "offset": 3}])",
                    0, R"(, "auditor": {"enabled": true, "interval_ticks": 150})"), 1);
  const auto m = finish(s);
  CHECK(m.audits == 3);  // ticks 150, 300, 450
  CHECK(m.faults_detected == 1);
  CHECK(m.detect_ticks_max == 50);
}

}  // TEST_SUITE
