// Property tests over many seeds (VOPR-style): the chapter's claims must hold in every seed where
// they are promised, and the failures it warns about must actually happen in some seeds where
// nothing prevents them. A failing seed prints the runner command that reproduces it.
#include <doctest/doctest.h>

#include <string>

#include "scenario/load.h"
#include "scenario/session.h"

using io::model::MetricsSample;
using io::scenario::Session;

namespace {

constexpr std::uint64_t seeds = 1000;

io::scenario::Scenario property(const char* name) {
  const std::string path = std::string(INSIDEOUT_SOURCE_DIR) + "/tests/property/" + name;
  auto r = io::scenario::load_scenario_file(path);
  REQUIRE(r.ok());
  return r.value();
}

std::string reproduce(const char* name, std::uint64_t seed) {
  return "reproduce with: build/native/insideout run tests/property/" + std::string(name) + " --seed " +
         std::to_string(seed) + " --json";
}

}  // namespace

TEST_SUITE("property") {

TEST_CASE("end-to-end keys + idempotent derivers: no duplicate effect, money conserved, views equal the log") {
  const auto scenario = property("end_to_end.json");
  std::uint64_t absorbed = 0, retries = 0;
  for (std::uint64_t seed = 0; seed < seeds; ++seed) {
    Session s(scenario, seed);
    s.run_to_end();
    const MetricsSample m = s.world().sample(true);
    bool caught_up = true;
    for (const auto& d : m.derivers) caught_up = caught_up && d.lag_records == 0 && !d.down;
    const bool ok = m.duplicate_effects == 0 && m.money_conserved && m.views_match_log && caught_up;
    CHECK_MESSAGE(ok, reproduce("end_to_end.json", seed));
    if (!ok) break;
    absorbed += m.duplicates_absorbed;
    retries += m.retries_sent;
  }
  // The property is only meaningful if the network really did produce copies to absorb.
  CHECK(absorbed > seeds);
  CHECK(retries > seeds);
}

TEST_CASE("no dedup with retries on: the double charge happens in some seeds") {
  const auto scenario = property("no_dedup.json");
  std::uint64_t seeds_with_double_charge = 0;
  for (std::uint64_t seed = 0; seed < seeds; ++seed) {
    Session s(scenario, seed);
    s.run_to_end();
    const MetricsSample m = s.world().sample(true);
    seeds_with_double_charge += m.duplicate_effects > 0 ? 1 : 0;
    // Duplicates are real payments in the log: the views still equal the log, money still adds up.
    CHECK_MESSAGE(m.views_match_log, reproduce("no_dedup.json", seed));
  }
  CHECK(seeds_with_double_charge > seeds / 10);
}

TEST_CASE("dual writes diverge in some seeds; the log-ordered mode on the same workload never does") {
  const auto dual = property("dual_writes.json");
  const auto logged = property("log_ordered.json");
  std::uint64_t diverged = 0;
  for (std::uint64_t seed = 0; seed < seeds; ++seed) {
    Session a(dual, seed);
    a.run_to_end();
    diverged += a.world().sample(true).dual_write_divergent_accounts > 0 ? 1 : 0;

    Session b(logged, seed);
    b.run_to_end();
    const auto& w = b.world();
    const auto difference = io::model::first_difference(w.derivers()[0].view(), w.derivers()[1].view(), w.accounts());
    const MetricsSample m = w.sample(true);
    const bool converged = !difference && m.views_match_log && m.derivers[0].lag_records == 0 && m.derivers[1].lag_records == 0;
    CHECK_MESSAGE(converged, reproduce("log_ordered.json", seed) << " — " << difference.value_or("lagging"));
    if (!converged) break;
  }
  CHECK(diverged > seeds / 10);
}

TEST_CASE("reprocessing: v2 rebuilt from offset 0 equals the fold of the log under v2 and serves the reads") {
  const auto scenario = property("reprocessing.json");
  std::uint64_t differs_from_v1 = 0;
  for (std::uint64_t seed = 0; seed < seeds; ++seed) {
    Session s(scenario, seed);
    s.run_to_end();
    const auto& w = s.world();
    const auto& v2 = w.derivers()[1];
    const auto fresh = io::model::fold(io::model::ViewKind::search_index, io::model::DeriverLogic::v2, w.log(), w.accounts(),
                                       w.log().end_offset());
    const bool ok = v2.position() == w.log().end_offset() && !io::model::first_difference(v2.view(), fresh, w.accounts()) &&
                    w.serving(io::model::ViewKind::search_index) == 1;
    CHECK_MESSAGE(ok, reproduce("reprocessing.json", seed));
    if (!ok) break;
    differs_from_v1 += io::model::first_difference(w.derivers()[0].view(), v2.view(), w.accounts()) ? 1 : 0;
  }
  // The new logic must actually change something, or the rebuild proves nothing.
  CHECK(differs_from_v1 > seeds / 2);
}

}  // TEST_SUITE

TEST_SUITE("property") {

TEST_CASE("storage faults (VOPR-style sweep): every fault detected, no false alarm, no acknowledged write lost") {
  const auto scenario = property("storage_faults.json");
  auto fault_free = scenario;
  fault_free.world.log.random_fault_ppm_max = 0;
  std::uint64_t injected = 0;
  for (std::uint64_t seed = 0; seed < seeds; ++seed) {
    Session s(scenario, seed);
    s.run_to_end();
    // A last audit, repeated while repairs themselves were struck by new faults (bounded).
    for (int round = 0; round < 8 && s.world().fault_ledger().undetected() > 0; ++round) {
      REQUIRE(s.command(io::model::Command::of(io::model::CommandKind::audit)) == nullptr);
    }
    const MetricsSample m = s.world().sample(true);
    injected += m.faults_injected;
    const bool ok = m.false_alarms == 0 && m.faults_detected == m.faults_injected && m.acknowledged_writes_lost == 0 &&
                    m.records_lost == 0 && m.wrong_balances == 0;
    CHECK_MESSAGE(ok, reproduce("storage_faults.json", seed) << " (injected " << m.faults_injected << ", detected "
                                                             << m.faults_detected << ", false alarms " << m.false_alarms
                                                             << ", ack lost " << m.acknowledged_writes_lost << ")");
    if (!ok) break;

    Session clean(fault_free, seed);
    clean.run_to_end();
    const MetricsSample c = clean.world().sample(true);
    const bool quiet = c.faults_injected == 0 && c.false_alarms == 0 && c.violations == 0 && c.views_match_log;
    CHECK_MESSAGE(quiet, "fault-free run raised an alarm; seed " << seed);
    if (!quiet) break;
  }
  CHECK(injected > seeds);  // the sweep must actually inject faults to prove anything
}

}  // TEST_SUITE

TEST_SUITE("property") {

TEST_CASE("storage faults on every replica, with crashes and recovery: no false alarm") {
  // Regressions: recovery's own write faults must reach the ledger before what recovery repaired,
  // and a record a restarting replica could not catch up on (no healthy copy anywhere) is not a
  // fault of that replica's disk. Only false alarms are judged: with every copy at risk, records
  // can be lost everywhere, which this configuration allows.
  const auto scenario = property("storage_faults_everywhere.json");
  std::uint64_t injected = 0;
  for (std::uint64_t seed = 0; seed < seeds / 4; ++seed) {
    Session s(scenario, seed);
    s.run_to_end();
    REQUIRE(s.command(io::model::Command::of(io::model::CommandKind::audit)) == nullptr);
    const MetricsSample m = s.world().sample(true);
    injected += m.faults_injected;
    CHECK_MESSAGE(m.false_alarms == 0, reproduce("storage_faults_everywhere.json", seed)
                                           << " (injected " << m.faults_injected << ", false alarms " << m.false_alarms << ")");
    if (m.false_alarms != 0) break;
  }
  CHECK(injected > seeds / 4);
}

}  // TEST_SUITE
