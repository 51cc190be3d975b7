#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "model/deriver.h"
#include "model/domain_event.h"
#include "model/event_log.h"
#include "event_fixtures.h"

using namespace io::model;
using namespace io::model::testing;
using io::sim::Offset;
using io::sim::Tick;

namespace {

// Accounts opened at offsets 0..2, then `transfers` transfers of 1.00 .. n.00 around the circle,
// record i appended at tick 10 * i.
EventLog ledger(const AccountTable& accounts, int transfers) {
  EventLog log;
  std::uint64_t tick = 0;
  for (std::size_t i = 0; i < accounts.size(); ++i, tick += 10)
    log.append(Tick{tick}, "acct", encode(opened(AccountId(i), accounts[i].opening_balance_cents)));
  for (int i = 0; i < transfers; ++i, tick += 10) {
    const auto from = AccountId(i % 3);
    log.append(Tick{tick}, "acct", encode(transfer(from, AccountId((from + 1) % 3), 100 * (i + 1), i % 2 ? "Lunch," : "lunch")));
  }
  return log;
}

DeriverOptions options(ViewKind view, ApplyMode apply) {
  DeriverOptions o;
  o.name = "balances";
  o.view = view;
  o.apply = apply;
  return o;
}

// A record's checksum covers its payload: flipping one payload bit makes it unreadable.
void corrupt(EventLog& log, Offset offset) {
  log.disk_for_fault_injection().flip_bit(log.disk_position(offset) + EventLog::header_bytes + 5, 2);
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("a deriver reads at most batch_records per batch, one batch per interval, from start_tick") {
  const AccountTable accounts = three_accounts();
  const EventLog log = ledger(accounts, 22);  // 25 records
  DeriverOptions o = options(ViewKind::balances, ApplyMode::idempotent);
  o.batch_records = 10;
  o.batch_interval_ticks = 5;
  o.start_tick = 3;
  Deriver d(o, accounts);
  CHECK_FALSE(d.due(Tick{2}));
  CHECK_FALSE(d.run_batch(Tick{2}, log).ran);
  CHECK(d.position() == Offset{0});

  BatchResult first = d.run_batch(Tick{3}, log);
  CHECK(first.ran);
  CHECK(first.records_processed == 10);
  CHECK(first.applied == 10);
  CHECK(d.position() == Offset{10});
  CHECK_FALSE(d.due(Tick{7}));
  CHECK_FALSE(d.run_batch(Tick{7}, log).ran);
  CHECK(d.run_batch(Tick{8}, log).records_processed == 10);
  const BatchResult last = d.run_batch(Tick{13}, log);
  CHECK(last.records_processed == 5);  // the log ends first
  CHECK(d.position() == log.end_offset());
  const BatchResult idle = d.run_batch(Tick{18}, log);
  CHECK(idle.ran);
  CHECK(idle.records_processed == 0);
  CHECK(d.stats().batches_total == 4);
  CHECK(d.stats().records_applied_total == 25);
  CHECK(first_difference(d.view(), fold(ViewKind::balances, DeriverLogic::v1, log, accounts, log.end_offset()), accounts) ==
        std::nullopt);
}

TEST_CASE("a deriver checkpoints each time it has processed checkpoint_every_records more") {
  const AccountTable accounts = three_accounts();
  const EventLog log = ledger(accounts, 22);
  DeriverOptions o = options(ViewKind::counters, ApplyMode::idempotent);
  o.batch_records = 10;
  o.checkpoint_every_records = 4;
  Deriver d(o, accounts);
  BatchResult r = d.run_batch(Tick{0}, log);
  CHECK(r.checkpointed);
  CHECK(d.position() == Offset{10});
  CHECK(d.checkpoint() == Offset{8});
  r = d.run_batch(Tick{1}, log);
  CHECK(d.checkpoint() == Offset{20});
  CHECK(d.stats().checkpoints_total == 5);
  o.checkpoint_every_records = 100;
  Deriver rare(o, accounts);
  CHECK_FALSE(rare.run_batch(Tick{0}, log).checkpointed);
  CHECK(rare.checkpoint() == Offset{0});
}

TEST_CASE("after a crash a naive deriver applies redelivered transfers twice; money is still conserved") {
  const AccountTable accounts = three_accounts();
  const EventLog log = ledger(accounts, 12);  // 15 records
  DeriverOptions o = options(ViewKind::balances, ApplyMode::naive);
  o.batch_records = 8;
  o.checkpoint_every_records = 5;
  o.restart_ticks = 20;
  Deriver d(o, accounts);
  d.run_batch(Tick{0}, log);
  CHECK(d.position() == Offset{8});
  CHECK(d.checkpoint() == Offset{5});

  d.crash(Tick{1});
  CHECK(d.down());
  CHECK(d.position() == Offset{5});  // the in-memory position is gone
  CHECK_FALSE(d.due(Tick{2}));
  CHECK_FALSE(d.run_batch(Tick{2}, log).ran);
  CHECK_FALSE(d.restart_due(Tick{20}));
  CHECK(d.restart_due(Tick{21}));
  d.restart();
  CHECK_FALSE(d.down());

  const BatchResult again = d.run_batch(Tick{21}, log);
  CHECK(again.applied_again == 3);  // offsets 5, 6, 7, redelivered
  CHECK(again.applied == 5);
  CHECK(d.position() == Offset{13});
  d.run_batch(Tick{22}, log);
  CHECK(d.position() == log.end_offset());
  CHECK(d.stats().records_applied_total == 8 + 8 + 2);
  CHECK(d.stats().records_applied_again_total == 3);
  CHECK(d.stats().crashes_total == 1);
  CHECK(d.stats().restarts_total == 1);

  const View truth = fold(ViewKind::balances, DeriverLogic::v1, log, accounts, applied_through(d.view()));
  // Offsets 5, 6, 7 paid carol->alice 3.00, alice->bob 4.00, bob->carol 5.00 once more:
  // alice is 1.00 short, bob 1.00 short, carol 2.00 over.
  CHECK(first_difference(d.view(), truth, accounts) == "balance of \"alice\": 107.00 vs 108.00");
  CHECK(std::get<BalancesView>(d.view()).balance_cents(2) == std::get<BalancesView>(truth).balance_cents(2) + 200);
  CHECK(std::get<BalancesView>(d.view()).total_cents() == 15000);
}

TEST_CASE("after a crash an idempotent deriver skips what its view already holds and equals the fold") {
  const AccountTable accounts = three_accounts();
  for (ViewKind kind : {ViewKind::balances, ViewKind::search_index, ViewKind::counters}) {
    const std::string kind_name = to_string(kind);
    CAPTURE(kind_name);
    const EventLog log = ledger(accounts, 12);
    DeriverOptions o = options(kind, ApplyMode::idempotent);
    o.batch_records = 8;
    o.checkpoint_every_records = 5;
    Deriver d(o, accounts);
    d.run_batch(Tick{0}, log);
    d.crash(Tick{1});
    d.restart();
    const BatchResult r = d.run_batch(Tick{1}, log);
    CHECK(r.skipped == 3);
    CHECK(r.applied_again == 0);
    CHECK(r.applied == 5);
    d.run_batch(Tick{2}, log);
    CHECK(d.position() == log.end_offset());
    CHECK(d.stats().records_applied_total == 15);  // each record written once
    CHECK(first_difference(d.view(), fold(kind, DeriverLogic::v1, log, accounts, log.end_offset()), accounts) ==
          std::nullopt);
  }
}

TEST_CASE("a naive counter overcounts after a crash; the same log folded counts right") {
  const AccountTable accounts = three_accounts();
  const EventLog log = ledger(accounts, 12);
  DeriverOptions o = options(ViewKind::counters, ApplyMode::naive);
  o.batch_records = 8;
  o.checkpoint_every_records = 5;
  Deriver d(o, accounts);
  d.run_batch(Tick{0}, log);
  d.crash(Tick{0});
  d.restart();
  d.run_batch(Tick{1}, log);
  CHECK(first_difference(d.view(), fold(ViewKind::counters, DeriverLogic::v1, log, accounts, log.end_offset()), accounts) ==
        "count of \"alice\": 5 vs 4");
}

TEST_CASE("a deriver stops at a corrupted record and stays there") {
  const AccountTable accounts = three_accounts();
  EventLog log = ledger(accounts, 7);  // 10 records
  corrupt(log, Offset{6});
  DeriverOptions o = options(ViewKind::balances, ApplyMode::idempotent);
  o.checkpoint_every_records = 4;
  Deriver d(o, accounts);
  const BatchResult r = d.run_batch(Tick{0}, log);
  CHECK(r.stuck);
  CHECK(r.stuck_at == Offset{6});
  CHECK(r.error == LogReadError::checksum_mismatch);
  CHECK(r.records_processed == 6);
  CHECK(d.position() == Offset{6});
  CHECK(d.stuck());
  CHECK(d.checkpoint() == Offset{4});
  for (std::uint64_t t = 1; t < 5; ++t) {
    const BatchResult retry = d.run_batch(Tick{t}, log);
    CHECK(retry.stuck);
    CHECK(retry.records_processed == 0);
  }
  CHECK(d.position() == Offset{6});
  CHECK(d.lag_records(log.end_offset()) == 4);
  CHECK(d.stats().stuck_batches_total == 5);
  // What it has applied is still right: the view equals a fold up to where it stopped.
  CHECK(first_difference(d.view(), fold(ViewKind::balances, DeriverLogic::v1, log, accounts, Offset{6}), accounts) ==
        std::nullopt);
}

TEST_CASE("a deriver passes over records that read fine but are not events, as a fold does") {
  const AccountTable accounts = three_accounts();
  EventLog log;
  log.append(Tick{0}, "acct", encode(opened(0, 100)));
  log.append(Tick{1}, "note", "not an event");
  log.append(Tick{2}, "acct", encode(transfer(0, 1, 40)));
  log.append(Tick{3}, "acct", encode(transfer(0, 5, 40)));
  Deriver d(options(ViewKind::balances, ApplyMode::idempotent), accounts);
  const BatchResult r = d.run_batch(Tick{0}, log);
  CHECK_FALSE(r.stuck);
  CHECK(r.undecodable == 1);
  CHECK(r.rejected == 1);
  CHECK(r.applied == 2);
  CHECK(d.position() == Offset{4});
  CHECK(std::get<BalancesView>(d.view()).balance_cents(1) == 40);
  CHECK(first_difference(d.view(), fold(ViewKind::balances, DeriverLogic::v1, log, accounts, log.end_offset()), accounts) ==
        std::nullopt);
}

TEST_CASE("lag in records and in ticks") {
  const AccountTable accounts = three_accounts();
  EventLog log = ledger(accounts, 7);  // record i appended at tick 10 * i
  DeriverOptions o = options(ViewKind::counters, ApplyMode::idempotent);
  o.batch_records = 4;
  Deriver d(o, accounts);
  CHECK(d.lag_records(log.end_offset()) == 10);
  CHECK(d.lag_ticks(Tick{95}, log) == 95);
  d.run_batch(Tick{95}, log);
  CHECK(d.lag_records(log.end_offset()) == 6);
  CHECK(d.lag_ticks(Tick{95}, log) == 55);  // record 4 waits since tick 40
  corrupt(log, Offset{4});
  CHECK(d.lag_ticks(Tick{95}, log) == 45);  // its time is unreadable: record 5's is the estimate
  d.run_batch(Tick{96}, log);
  CHECK(d.position() == Offset{4});
  CHECK(d.lag_ticks(Tick{100}, log) == 50);

  EventLog clean = ledger(accounts, 7);
  Deriver caught_up(o, accounts);
  for (std::uint64_t t = 0; t < 3; ++t) caught_up.run_batch(Tick{t}, clean);
  CHECK(caught_up.lag_records(clean.end_offset()) == 0);
  CHECK(caught_up.lag_ticks(Tick{500}, clean) == 0);
}

TEST_CASE("a cache deriver fills on reads and invalidates from the log") {
  const AccountTable accounts = three_accounts();
  const EventLog log = ledger(accounts, 3);  // alice->bob 1.00, bob->carol 2.00, carol->alice 3.00
  Deriver balances(options(ViewKind::balances, ApplyMode::idempotent), accounts);
  DeriverOptions co = options(ViewKind::cache, ApplyMode::idempotent);
  co.batch_records = 4;
  Deriver cache(co, accounts);
  cache.run_batch(Tick{0}, log);    // the cache deriver sees offsets 0..3
  balances.run_batch(Tick{0}, log);  // the balances deriver all 6
  const auto& source = std::get<BalancesView>(balances.view());
  CHECK(cache.read_cache(0, source) == CacheRead{10200, false});
  CHECK(cache.read_cache(0, source) == CacheRead{10200, true});
  CHECK(cache.read_cache(2, source) == CacheRead{-100, false});
  CHECK(stale_entries(std::get<CacheView>(cache.view()), source).empty());
  cache.run_batch(Tick{1}, log);  // offsets 4, 5 invalidate bob, carol, carol, alice
  const auto& c = std::get<CacheView>(cache.view());
  CHECK(c.entries().empty());
  CHECK(c.invalidations() == 2);
  CHECK(c.hits() == 1);
  CHECK(c.misses() == 2);
}

TEST_CASE("rebuilding with v2 reprocesses the log from offset 0") {
  const AccountTable accounts = three_accounts();
  const EventLog log = ledger(accounts, 6);  // memos alternate "lunch" and "Lunch,"
  DeriverOptions o = options(ViewKind::search_index, ApplyMode::idempotent);
  o.name = "search";
  Deriver d(o, accounts);
  d.run_batch(Tick{0}, log);
  CHECK(std::get<SearchIndexView>(d.view()).query("lunch").to_vector() == std::vector<std::uint64_t>{3, 5, 7});
  d.rebuild(DeriverLogic::v2, accounts);
  CHECK(d.position() == Offset{0});
  CHECK(d.checkpoint() == Offset{0});
  CHECK(d.options().logic == DeriverLogic::v2);
  CHECK(applied_through(d.view()) == Offset{0});
  d.run_batch(Tick{1}, log);
  CHECK(std::get<SearchIndexView>(d.view()).query("lunch").to_vector() == std::vector<std::uint64_t>{3, 4, 5, 6, 7, 8});
  CHECK(first_difference(d.view(), fold(ViewKind::search_index, DeriverLogic::v2, log, accounts, log.end_offset()),
                         accounts) == std::nullopt);
  CHECK(d.stats().rebuilds_total == 1);
}

TEST_CASE("a deriver is a value: a copy is a snapshot") {
  const AccountTable accounts = three_accounts();
  const EventLog log = ledger(accounts, 12);
  DeriverOptions o = options(ViewKind::balances, ApplyMode::naive);
  o.batch_records = 5;
  Deriver d(o, accounts);
  d.run_batch(Tick{0}, log);
  const Deriver snapshot = d;
  d.crash(Tick{1});
  d.restart();
  d.run_batch(Tick{2}, log);
  CHECK(snapshot.position() == Offset{5});
  CHECK_FALSE(snapshot.down());
  CHECK(first_difference(snapshot.view(), fold(ViewKind::balances, DeriverLogic::v1, log, accounts, Offset{5}), accounts) ==
        std::nullopt);
  CHECK(d.stats().crashes_total == 1);
  CHECK(snapshot.stats().crashes_total == 0);
}

}  // TEST_SUITE
