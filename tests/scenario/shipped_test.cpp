// Every shipped scenario teaches one thing; this checks that, run with its own seed, it shows it.
// (If a model change makes a scenario stop showing its lesson, the scenario must be fixed too.)
#include <doctest/doctest.h>

#include <string>

#include "scenario/load.h"
#include "scenario/session.h"

using io::model::MetricsSample;

namespace {

struct Run {
  io::scenario::Session session;
  MetricsSample end;
};

Run run(const char* name) {
  auto r = io::scenario::load_scenario_file(std::string(INSIDEOUT_SOURCE_DIR) + "/scenarios/" + name);
  REQUIRE(r.ok());
  io::scenario::Session s(r.value(), r.value().seed);
  s.run_to_end();
  const MetricsSample m = s.world().sample(true);
  return Run{std::move(s), m};
}

}  // namespace

TEST_SUITE("scenario") {

TEST_CASE("retries_without_keys: retries double-charge") {
  const auto r = run("retries_without_keys.json");
  CHECK(r.end.retries_sent > 0);
  CHECK(r.end.duplicate_effects > 0);
  CHECK(r.end.views_match_log);  // the views faithfully repeat the mistake
}

TEST_CASE("idempotency_keys: the same network, no double charge, a1b2-c3d4 applied once") {
  const auto r = run("idempotency_keys.json");
  CHECK(r.end.retries_sent > 0);
  CHECK(r.end.duplicates_absorbed > 0);
  CHECK(r.end.duplicate_effects == 0);
  CHECK(r.session.world().front_door().counters().restarts == 1);
  int found = 0;
  const auto& log = r.session.world().log();
  for (std::uint64_t o = 0; o < log.end_offset().value; ++o) {
    const auto e = io::model::decode(log.read(io::sim::Offset{o}).value().payload);
    if (e && e->request_id == "a1b2-c3d4") {
      ++found;
      CHECK(e->amount_cents == 5000);
    }
  }
  CHECK(found == 1);
}

TEST_CASE("per_connection_dedup: catches network copies, misses retries") {
  const auto r = run("per_connection_dedup.json");
  CHECK(r.end.duplicates_absorbed > 0);
  CHECK(r.end.duplicate_effects > 0);
}

TEST_CASE("derived_views_and_lag: lag rises and heals, integrity holds") {
  const auto r = run("derived_views_and_lag.json");
  std::uint64_t peak = 0;
  for (const auto& s : r.session.world().samples()) peak = std::max(peak, s.derivers[1].lag_records);
  CHECK(peak >= 20);
  CHECK(r.end.derivers[1].lag_records == 0);
  CHECK(r.end.views_match_log);
}

TEST_CASE("read_vs_write_path: the log scan costs far more per read and is never stale") {
  const auto r = run("read_vs_write_path.json");
  const auto& readers = r.session.world().readers();
  REQUIRE(readers.size() == 3);
  CHECK(readers[2].counters().stale_reads == 0);
  CHECK(readers[2].counters().cost > 20 * readers[0].counters().cost);
  CHECK(readers[0].counters().stale_reads + readers[1].counters().stale_reads > 0);
}

TEST_CASE("dual_writes diverge; log_ordered_writes converge") {
  CHECK(run("dual_writes.json").end.dual_write_divergent_accounts > 0);
  const auto r = run("log_ordered_writes.json");
  const auto& w = r.session.world();
  CHECK_FALSE(io::model::first_difference(w.derivers()[0].view(), w.derivers()[1].view(), w.accounts()).has_value());
  CHECK(r.end.views_match_log);
}

TEST_CASE("deriver_crash: the naive view double-applies, the idempotent one does not") {
  const auto r = run("deriver_crash.json");
  CHECK(r.end.derivers[0].matches_log);
  CHECK_FALSE(r.end.derivers[1].matches_log);
  CHECK(r.session.world().derivers()[1].stats().records_applied_again_total > 0);
  CHECK(r.end.money_conserved);
}

TEST_CASE("reprocessing: v2 catches up and serves reads") {
  const auto r = run("reprocessing.json");
  const auto& w = r.session.world();
  CHECK(w.serving(io::model::ViewKind::search_index) == 1);
  CHECK(w.derivers()[1].position() == w.log().end_offset());
  CHECK(io::model::first_difference(w.derivers()[0].view(), w.derivers()[1].view(), w.accounts()).has_value());
}

TEST_CASE("partition: bob's retries get through after the partition heals, once each") {
  const auto r = run("partition.json");
  CHECK(r.end.retries_sent > 0);
  CHECK(r.end.messages_lost > 0);
  CHECK(r.end.duplicate_effects == 0);
  CHECK(r.end.requests_given_up == 0);
}

}  // TEST_SUITE

TEST_SUITE("scenario") {

TEST_CASE("storage scenarios: each fault class is detected and repaired where a replica can help") {
  for (const char* name : {"storage_bit_rot.json", "storage_latent_sector_error.json", "storage_misdirected.json",
                           "storage_torn_write.json", "storage_audit_catches_it.json", "replica_repair.json"}) {
    CAPTURE(name);
    const auto r = run(name);
    CHECK(r.end.faults_injected >= 1);
    CHECK(r.end.faults_detected == r.end.faults_injected);
    CHECK(r.end.faults_repaired == r.end.faults_injected);
    CHECK(r.end.false_alarms == 0);
    CHECK(r.end.acknowledged_writes_lost == 0);
    CHECK(r.end.wrong_balances == 0);
  }
}

TEST_CASE("storage_silent_corruption: without verification or audit, wrong money and no alarm") {
  const auto r = run("storage_silent_corruption.json");
  CHECK(r.end.faults_injected == 1);
  CHECK(r.end.faults_detected == 0);
  CHECK(r.end.violations == 0);
  CHECK(r.end.wrong_balances > 0);
}

TEST_CASE("storage_lost_write: one copy, so the record is reported lost and the deriver stops before it") {
  const auto r = run("storage_lost_write.json");
  CHECK(r.end.records_lost == 1);
  CHECK(r.end.acknowledged_writes_lost == 1);
  CHECK(r.session.world().derivers()[0].stuck());
  CHECK(r.end.wrong_balances == 0);  // stopped, not wrong: the view lags, it does not lie
}

TEST_CASE("replica_repair: lag comes and goes while integrity holds") {
  const auto r = run("replica_repair.json");
  std::uint64_t peak = 0;
  for (const auto& s : r.session.world().samples()) peak = std::max(peak, s.derivers[0].lag_records);
  CHECK(peak > 5);
  CHECK(r.end.derivers[0].lag_records == 0);
  CHECK(r.end.audits >= 5);
}

}  // TEST_SUITE
