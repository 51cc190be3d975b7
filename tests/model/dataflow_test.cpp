// The chapter's mechanisms, one edge case at a time: retries whose answers were lost, duplicates
// that reach a crashed deriver, partitions that heal while a client is retrying, and what each
// deduplication mode does with each kind of copy.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "scenario/load.h"
#include "scenario/session.h"
#include "../scenario_fixtures.h"

using io::scenario::Session;
using io::testing::finish;
using io::sim::Tick;

namespace {

// A two-account world with one client, one balances deriver; `extra` is spliced into the top
// level, and `client` (", key: value, ...") overrides or adds to the client's defaults — merged,
// since a scenario may not repeat a key.
io::scenario::Scenario world_with(const std::string& extra, const std::string& client = "") {
  nlohmann::json c = nlohmann::json::parse(R"({"name": "alice", "from": ["alice"], "to": ["bob"], "requests_max": 1,
    "interval_ticks": 1000, "timeout_ticks": 10, "retries_max": 5, "backoff_ticks": [5, 40], "backoff_jitter_ticks": 0})");
  if (!client.empty()) c.update(nlohmann::json::parse("{" + client.substr(client.find(',') + 1) + "}"));
  const std::string text = R"({"format_version": 1, "title": "t", "ticks": 400,
    "accounts": [{"name": "alice", "balance_cents": 10000}, {"name": "bob", "balance_cents": 10000}],
    "clients": [)" + c.dump() + R"(],
    "derivers": [{"name": "balances", "view": "balances", "batch_records": 1, "checkpoint_every_records": 1}])" +
                           extra + "}";
  return io::testing::parsed(text, "test.json");
}

std::int64_t balance(const Session& s, io::model::AccountId a) {
  return std::get<io::model::BalancesView>(s.world().derivers()[0].view()).balance_cents(a);
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("a retry after a lost answer is absorbed end to end: one effect, answered as a duplicate") {
  // The request crosses at tick 0 -> 1; the answer, due at tick 2, meets a partition and is lost.
  Session s(world_with(R"(, "network": {"delay_ticks": 1, "partitions": [{"start_tick": 2, "end_tick": 3}]})"), 1);
  const auto m = finish(s);
  CHECK(m.retries_sent == 1);
  CHECK(m.requests_accepted == 1);
  CHECK(m.duplicates_absorbed == 1);
  CHECK(m.duplicate_effects == 0);
  CHECK(s.world().clients()[0].counters().duplicates == 1);  // the client learns it had succeeded
  CHECK(balance(s, 0) == s.world().true_balances()[0]);
  CHECK(balance(s, 0) < 10000);
  CHECK(balance(s, 0) + balance(s, 1) == 20000);
  CHECK(m.views_match_log);
  CHECK(m.money_conserved);
}

TEST_CASE("the same lost answer without any dedup charges twice") {
  Session s(world_with(R"(, "front_door": {"dedup": "none"},
                         "network": {"delay_ticks": 1, "partitions": [{"start_tick": 2, "end_tick": 3}]})"), 1);
  const auto m = finish(s);
  CHECK(m.requests_accepted == 2);
  CHECK(m.duplicate_effects == 1);
  CHECK(m.money_conserved);  // the double charge moves real money twice: conserved, and wrong
  CHECK(s.world().log().end_offset().value == 2 + 2);
}

TEST_CASE("per-connection dedup catches network duplicates but not a retry on a new connection") {
  SUBCASE("network duplicate on one connection: caught") {
    Session s(world_with(R"(, "front_door": {"dedup": "per_connection"},
                           "network": {"delay_ticks": [1, 3], "duplicate_ppm": 1000000})"), 3);
    const auto m = finish(s);
    CHECK(m.duplicate_effects == 0);
    CHECK(m.duplicates_absorbed >= 1);
  }
  SUBCASE("lost answer, retry on a new connection: not caught") {
    Session s(world_with(R"(, "front_door": {"dedup": "per_connection"},
                           "network": {"delay_ticks": 1, "partitions": [{"start_tick": 2, "end_tick": 3}]})"), 1);
    const auto m = finish(s);
    CHECK(m.duplicate_effects == 1);
  }
}

TEST_CASE("without idempotency keys, end-to-end dedup cannot recognise the retry") {
  Session s(world_with(R"(, "network": {"delay_ticks": 1, "partitions": [{"start_tick": 2, "end_tick": 3}]})",
                       R"(, "idempotency_keys": false)"), 1);
  const auto m = finish(s);
  CHECK(m.duplicate_effects == 1);
  CHECK(m.duplicates_absorbed == 0);
}

TEST_CASE("a key reused with different parameters is rejected, not applied") {
  auto scenario = world_with(R"(, "schedule": [
      {"tick": 2, "action": "submit", "client": "alice", "to": "bob", "amount_cents": 5000, "request_id": "a1b2-c3d4"},
      {"tick": 50, "action": "submit", "client": "alice", "to": "bob", "amount_cents": 7000, "request_id": "a1b2-c3d4"}])");
  Session s(scenario, 1);
  const auto m = finish(s);
  CHECK(s.world().front_door().counters().rejected_key_reused == 1);
  CHECK(m.requests_rejected == 1);
  CHECK(m.duplicate_effects == 0);
}

TEST_CASE("the seed's example: request a1b2-c3d4 for 50.00, clicked twice, charges once") {
  auto scenario = world_with(R"(, "schedule": [
      {"tick": 2, "action": "submit", "client": "alice", "to": "bob", "amount_cents": 5000, "request_id": "a1b2-c3d4", "clicks": 2}])",
                             R"(, "requests_max": 0)");
  scenario.world.clients[0].requests_max = 0;
  scenario.world.clients[0].interval_ticks_min = scenario.world.clients[0].interval_ticks_max = 1'000'000;
  scenario.world.clients[0].start_tick = 1'000'000;  // only the scripted request
  Session s(scenario, 1);
  const auto m = finish(s);
  CHECK(m.requests_accepted == 1);
  CHECK(m.duplicates_absorbed == 1);
  CHECK(m.duplicate_effects == 0);
  CHECK(balance(s, 0) == 5000);
  CHECK(balance(s, 1) == 15000);
}

TEST_CASE("a partition that heals while the client retries: the retry gets through, once") {
  Session s(world_with(R"(, "network": {"delay_ticks": 1, "partitions": [{"start_tick": 0, "end_tick": 60}]})"), 1);
  const auto m = finish(s);
  CHECK(m.retries_sent >= 2);
  CHECK(m.messages_lost >= 2);
  CHECK(m.requests_accepted == 1);
  CHECK(m.duplicate_effects == 0);
  CHECK(m.requests_given_up == 0);
  CHECK(s.world().clients()[0].counters().accepted == 1);
}

TEST_CASE("a client gives up after retries_max") {
  Session s(world_with(R"(, "network": {"delay_ticks": 1, "drop_ppm": 1000000})"), 1);
  const auto m = finish(s);
  CHECK(m.retries_sent == 5);
  CHECK(m.requests_given_up == 1);
  CHECK(m.requests_accepted == 0);
}

TEST_CASE("a front door crash loses no idempotency memory: the table is rebuilt from the log") {
  // The answer is lost, the front door crashes and restarts before the retry arrives.
  Session s(world_with(R"(, "network": {"delay_ticks": 1, "partitions": [{"start_tick": 2, "end_tick": 3}]},
                         "front_door": {"restart_ticks": 3},
                         "schedule": [{"tick": 3, "action": "crash_front_door"}])"), 1);
  const auto m = finish(s);
  CHECK(s.world().front_door().counters().restarts == 1);
  CHECK(s.world().front_door().counters().rebuild_records_read == 3);  // two openings + the payment
  CHECK(m.duplicates_absorbed == 1);
  CHECK(m.duplicate_effects == 0);
}

TEST_CASE("a deriver crash redelivers from the checkpoint: naive apply doubles, idempotent does not") {
  const std::string workload = R"(, "requests_max": 20, "interval_ticks": 2)";
  for (const char* mode : {"naive", "idempotent"}) {
    auto scenario = world_with(R"(, "schedule": [{"tick": 30, "action": "crash_deriver", "deriver": "balances"}])", workload);
    scenario.world.derivers[0].apply = std::string(mode) == "naive" ? io::model::ApplyMode::naive : io::model::ApplyMode::idempotent;
    scenario.world.derivers[0].checkpoint_every_records = 8;
    Session s(scenario, 2);
    const auto m = finish(s);
    const auto& d = s.world().derivers()[0];
    CHECK(d.stats().crashes_total == 1);
    CHECK(d.stats().restarts_total == 1);
    CHECK(m.derivers[0].lag_records == 0);
    if (std::string(mode) == "naive") {
      CHECK(d.stats().records_applied_again_total > 0);
      CHECK_FALSE(m.views_match_log);  // some payments moved twice in the view
    } else {
      CHECK(d.stats().records_skipped_total > 0);
      CHECK(m.views_match_log);
    }
    CHECK(m.duplicate_effects == 0);  // the log itself has each payment once either way
  }
}

TEST_CASE("a network duplicate arriving after a deriver crash is absorbed and the view recovers") {
  auto scenario = world_with(R"(, "network": {"delay_ticks": [1, 30], "duplicate_ppm": 1000000},
                                  "schedule": [{"tick": 3, "action": "crash_deriver", "deriver": "balances"}])");
  Session s(scenario, 5);
  const auto m = finish(s);
  CHECK(m.duplicates_absorbed >= 1);
  CHECK(m.duplicate_effects == 0);
  CHECK(m.views_match_log);
  CHECK(m.derivers[0].lag_records == 0);
}

TEST_CASE("lag is timeliness: it rises while a deriver is down and heals by itself") {
  auto scenario = world_with(R"(, "metrics_interval_ticks": 5,
                                  "schedule": [{"tick": 20, "action": "crash_deriver", "deriver": "balances"}])",
                             R"(, "requests_max": 40, "interval_ticks": 1)");
  scenario.world.derivers[0].restart_ticks = 50;
  Session s(scenario, 1);
  const auto m = finish(s);
  std::uint64_t peak = 0;
  for (const auto& sample : s.world().samples()) peak = std::max(peak, sample.derivers[0].lag_records);
  CHECK(peak >= 20);
  CHECK(m.derivers[0].lag_records == 0);
  CHECK(m.views_match_log);
}

}  // TEST_SUITE
