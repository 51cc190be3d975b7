#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "model/domain_event.h"
#include "model/event_log.h"
#include "event_fixtures.h"
#include "model/key_store.h"
#include "model/views/view.h"

using namespace io::model;
using namespace io::model::testing;
using io::sim::Offset;
using io::sim::Tick;

namespace {

// Opens every account with its table balance, then a deterministic mix of transfers and renames.
std::vector<DomainEvent> history(const AccountTable& accounts, int transfers) {
  std::vector<DomainEvent> events;
  for (std::size_t i = 0; i < accounts.size(); ++i) events.push_back(opened(AccountId(i), accounts[i].opening_balance_cents));
  const char* memos[] = {"Lunch, with bob", "lunch!", "rent", "RENT rent", "", "-- ...", "coffee & cake"};
  for (int i = 0; i < transfers; ++i) {
    const auto from = AccountId(i % int(accounts.size()));
    const auto to = AccountId((i * 7 + 1) % int(accounts.size()));
    events.push_back(transfer(from, to, 100 + (i * 37) % 900, memos[i % 7]));
    if (i % 11 == 5) events.push_back(renamed(from, "name" + std::to_string(i)));
  }
  return events;
}

EventLog log_of(const std::vector<DomainEvent>& events) {
  EventLog log;
  for (std::size_t i = 0; i < events.size(); ++i) log.append(Tick{i}, "acct", encode(events[i]));
  return log;
}

const ViewKind comparable_kinds[] = {ViewKind::balances, ViewKind::search_index, ViewKind::counters};

}  // namespace

TEST_SUITE("model") {

TEST_CASE("view kinds, logics and apply modes round-trip through their scenario names") {
  for (ViewKind k : {ViewKind::balances, ViewKind::search_index, ViewKind::counters, ViewKind::cache})
    CHECK(view_kind_from_string(to_string(k)) == k);
  for (DeriverLogic l : {DeriverLogic::v1, DeriverLogic::v2}) CHECK(from_string<DeriverLogic>(to_string(l)) == l);
  for (ApplyMode m : {ApplyMode::idempotent, ApplyMode::naive}) CHECK(apply_mode_from_string(to_string(m)) == m);
  CHECK(from_string<ViewKind>("search_index") == ViewKind::search_index);
  CHECK_FALSE(view_kind_from_string("Balances"));
  CHECK_FALSE(deriver_logic_from_string("v3"));
  CHECK_FALSE(apply_mode_from_string(""));
}

TEST_CASE("balances: opening sets, transfers move, renames overwrite, money is conserved") {
  const AccountTable accounts = three_accounts();
  BalancesView v(accounts);
  CHECK(v.account_count() == 3);
  CHECK(v.balance_cents(0) == 0);
  CHECK(v.display_name(1) == "bob");
  CHECK(v.apply(Offset{0}, opened(0, 10000)));
  CHECK(v.apply(Offset{1}, opened(1, 5000)));
  CHECK(v.total_cents() == 15000);
  CHECK(v.apply(Offset{2}, transfer(0, 2, 2550, "lunch")));
  CHECK(v.balance_cents(0) == 7450);
  CHECK(v.balance_cents(2) == 2550);
  CHECK(v.total_cents() == 15000);
  CHECK(v.apply(Offset{3}, transfer(1, 1, 100)));  // to oneself: no change
  CHECK(v.balance_cents(1) == 5000);
  CHECK(v.apply(Offset{4}, renamed(1, "Robert")));
  CHECK(v.display_name(1) == "Robert");
  CHECK(v.apply(Offset{5}, opened(1, 5000)));  // opening again restores the table's name
  CHECK(v.display_name(1) == "bob");
  CHECK(v.applied_through() == Offset{6});
}

TEST_CASE("balances refuse events naming unknown accounts or impossible amounts, changing nothing") {
  BalancesView v(three_accounts());
  v.apply(Offset{0}, opened(0, 100));
  const BalancesView before = v;
  CHECK_FALSE(v.apply(Offset{1}, transfer(0, 3, 10)));
  CHECK_FALSE(v.apply(Offset{2}, transfer(7, 0, 10)));
  CHECK_FALSE(v.apply(Offset{3}, transfer(0, 1, 0)));
  CHECK_FALSE(v.apply(Offset{4}, transfer(0, 1, -5)));
  CHECK_FALSE(v.apply(Offset{5}, transfer(0, 1, BalancesView::amount_cents_max + 1)));
  CHECK_FALSE(v.apply(Offset{6}, opened(0, -1)));
  CHECK_FALSE(v.apply(Offset{7}, renamed(3, "ghost")));
  CHECK_FALSE(first_difference(View(v), View(before), three_accounts()));
  CHECK(v.applied_through() == Offset{8});  // processed, though refused
}

TEST_CASE("v2 normalises words: lowercase ASCII, outer punctuation stripped") {
  CHECK(normalize_word("Lunch,", DeriverLogic::v1) == "Lunch,");
  CHECK(normalize_word("Lunch,", DeriverLogic::v2) == "lunch");
  CHECK(normalize_word("\"(RENT)!\"", DeriverLogic::v2) == "rent");
  CHECK(normalize_word("don't", DeriverLogic::v2) == "don't");  // inner punctuation stays
  CHECK(normalize_word("--...", DeriverLogic::v2).empty());
  CHECK(normalize_word("Caf\xc3\xa9", DeriverLogic::v2) == "caf\xc3\xa9");  // non-ASCII bytes untouched
}

TEST_CASE("search index v1 keeps words as typed; v2 finds them whatever their case and punctuation") {
  SearchIndexView v1(DeriverLogic::v1);
  SearchIndexView v2(DeriverLogic::v2);
  const DomainEvent events[] = {transfer(0, 1, 100, "Lunch, with bob"), opened(2, 0), transfer(1, 0, 100, "lunch! lunch"),
                                transfer(1, 0, 100, "-- ?")};
  for (std::uint64_t i = 0; i < 4; ++i) {
    CHECK(v1.apply(Offset{i}, events[i]));
    CHECK(v2.apply(Offset{i}, events[i]));
  }
  CHECK(v1.query("lunch").to_vector() == std::vector<std::uint64_t>{2});  // only the exact "lunch"
  CHECK(v1.query("Lunch,").to_vector() == std::vector<std::uint64_t>{0});
  CHECK(v1.query("lunch!").to_vector() == std::vector<std::uint64_t>{2});
  CHECK(v1.query("--").to_vector() == std::vector<std::uint64_t>{3});
  CHECK(v1.word_count() == 7);
  CHECK(v2.query("lunch").to_vector() == std::vector<std::uint64_t>{0, 2});  // "lunch! lunch" is one hit
  CHECK(v2.query("LUNCH.").to_vector() == std::vector<std::uint64_t>{0, 2});  // the query is normalised too
  CHECK(v2.query("with").to_vector() == std::vector<std::uint64_t>{0});
  CHECK(v2.query("--").empty());
  CHECK(v2.word_count() == 3);  // lunch, with, bob: "--" and "?" became empty
  CHECK(v2.posting_count() == 4);
  CHECK(v2.applied_through() == Offset{4});
}

TEST_CASE("counters: v1 counts transfers sent, v2 sent and received") {
  const AccountTable accounts = three_accounts();
  CountersView v1(accounts, DeriverLogic::v1);
  CountersView v2(accounts, DeriverLogic::v2);
  const DomainEvent events[] = {transfer(0, 1, 100), transfer(0, 2, 100), renamed(0, "x"), transfer(2, 2, 5)};
  for (std::uint64_t i = 0; i < 4; ++i) {
    v1.apply(Offset{i}, events[i]);
    v2.apply(Offset{i}, events[i]);
  }
  CHECK(v1.count(0) == 2);
  CHECK(v1.count(1) == 0);
  CHECK(v1.count(2) == 1);
  CHECK(v1.total() == 3);
  CHECK(v2.count(0) == 2);
  CHECK(v2.count(1) == 1);
  CHECK(v2.count(2) == 3);  // received one, and sent-and-received one to itself
  CHECK(v2.total() == 6);
  CHECK_FALSE(v2.apply(Offset{4}, transfer(0, 9, 1)));
  CHECK(v2.total() == 6);
}

TEST_CASE("a redelivered record is skipped in idempotent mode and applied again in naive mode") {
  const AccountTable accounts = three_accounts();
  for (ViewKind kind : comparable_kinds) {
    const std::string kind_name = to_string(kind);
    CAPTURE(kind_name);
    View careful = make_view(kind, DeriverLogic::v2, accounts);
    View naive = make_view(kind, DeriverLogic::v2, accounts);
    const DomainEvent events[] = {opened(0, 10000), transfer(0, 1, 2500, "lunch")};
    for (std::uint64_t i = 0; i < 2; ++i) {
      CHECK(apply_record(careful, Offset{i}, events[i], ApplyMode::idempotent) == ApplyOutcome::applied);
      CHECK(apply_record(naive, Offset{i}, events[i], ApplyMode::naive) == ApplyOutcome::applied);
    }
    CHECK_FALSE(first_difference(careful, naive, accounts));
    // The transfer at offset 1 arrives again, as after a deriver crash.
    CHECK(apply_record(careful, Offset{1}, events[1], ApplyMode::idempotent) == ApplyOutcome::skipped);
    CHECK(apply_record(naive, Offset{1}, events[1], ApplyMode::naive) == ApplyOutcome::applied_again);
    CHECK(applied_through(careful) == Offset{2});
    CHECK(applied_through(naive) == Offset{2});  // never moves back
    CHECK(first_difference(careful, naive, accounts).has_value());
  }
  View naive = make_view(ViewKind::balances, DeriverLogic::v1, accounts);
  apply_record(naive, Offset{0}, opened(0, 10000), ApplyMode::naive);
  apply_record(naive, Offset{1}, transfer(0, 1, 2500), ApplyMode::naive);
  apply_record(naive, Offset{1}, transfer(0, 1, 2500), ApplyMode::naive);
  CHECK(std::get<BalancesView>(naive).balance_cents(1) == 5000);  // paid twice
  CHECK(std::get<BalancesView>(naive).total_cents() == 10000);    // yet no money was created
  View index = make_view(ViewKind::search_index, DeriverLogic::v1, accounts);
  apply_record(index, Offset{4}, transfer(0, 1, 1, "rent"), ApplyMode::naive);
  apply_record(index, Offset{7}, transfer(0, 1, 1, "rent"), ApplyMode::naive);
  CHECK(apply_record(index, Offset{4}, transfer(0, 1, 1, "rent"), ApplyMode::naive) == ApplyOutcome::applied_again);
  CHECK(std::get<SearchIndexView>(index).query("rent").to_vector() == std::vector<std::uint64_t>{4, 4, 7});  // shown twice
  CHECK(apply_record(index, Offset{2}, transfer(0, 1, 1, "x"), ApplyMode::idempotent) == ApplyOutcome::skipped);
}

TEST_CASE("a rejected record is reported as such and still moves applied_through") {
  View v = make_view(ViewKind::counters, DeriverLogic::v1, three_accounts());
  CHECK(apply_record(v, Offset{0}, transfer(0, 5, 1), ApplyMode::idempotent) == ApplyOutcome::rejected);
  CHECK(applied_through(v) == Offset{1});
  CHECK(apply_record(v, Offset{0}, transfer(0, 5, 1), ApplyMode::idempotent) == ApplyOutcome::skipped);
  CHECK(apply_record(v, Offset{0}, transfer(0, 5, 1), ApplyMode::naive) == ApplyOutcome::rejected);
  CHECK(std::string(to_string(ApplyOutcome::applied_again)) == "applied_again");
}

TEST_CASE("a fold of the log equals the incrementally maintained view, for every kind and logic") {
  const AccountTable accounts = three_accounts();
  const auto events = history(accounts, 200);
  const EventLog log = log_of(events);
  for (ViewKind kind : comparable_kinds) {
    for (DeriverLogic logic : {DeriverLogic::v1, DeriverLogic::v2}) {
      const std::string kind_name = to_string(kind);
      CAPTURE(kind_name);
      const std::string logic_name = to_string(logic);
      CAPTURE(logic_name);
      View incremental = make_view(kind, logic, accounts);
      for (std::size_t i = 0; i < events.size(); ++i) apply_record(incremental, Offset{i}, events[i], ApplyMode::idempotent);
      FoldStats stats;
      const View folded = fold(kind, logic, log, accounts, log.end_offset(), &stats);
      CHECK(first_difference(incremental, folded, accounts) == std::nullopt);
      CHECK(stats.records_applied == events.size());
      CHECK(stats.records_unreadable == 0);
      CHECK(kind_of(folded) == kind);
      CHECK(logic_of(folded) == logic);
      CHECK(applied_through(folded) == log.end_offset());
      // A prefix fold is the view as it stood then.
      const View half = fold(kind, logic, log, accounts, Offset{100});
      CHECK(applied_through(half) == Offset{100});
      if (kind != ViewKind::search_index) CHECK(first_difference(half, folded, accounts).has_value());
    }
  }
  const View balances = fold(ViewKind::balances, DeriverLogic::v1, log, accounts, log.end_offset());
  CHECK(std::get<BalancesView>(balances).total_cents() == 15000);
  // v1 and v2 search indexes of the same log differ: that is the point of reprocessing.
  const View v1 = fold(ViewKind::search_index, DeriverLogic::v1, log, accounts, log.end_offset());
  const View v2 = fold(ViewKind::search_index, DeriverLogic::v2, log, accounts, log.end_offset());
  CHECK(first_difference(v1, v2, accounts).has_value());
}

TEST_CASE("a fold skips and counts records it cannot read or decode") {
  const AccountTable accounts = three_accounts();
  EventLog log;
  log.append(Tick{0}, "acct", encode(opened(0, 10000)));
  log.append(Tick{1}, "acct", encode(transfer(0, 1, 500)));
  log.append(Tick{2}, "note", "not an event");
  log.append(Tick{3}, "acct", encode(transfer(0, 9, 500)));
  log.append(Tick{4}, "acct", encode(transfer(0, 2, 700)));
  log.disk_for_fault_injection().flip_bit(log.disk_position(Offset{1}) + EventLog::header_bytes + 6, 3);
  FoldStats stats;
  const View v = fold(ViewKind::balances, DeriverLogic::v1, log, accounts, log.end_offset(), &stats);
  CHECK(stats.records_applied == 2);
  CHECK(stats.records_unreadable == 1);
  CHECK(stats.records_undecodable == 1);
  CHECK(stats.records_rejected == 1);
  CHECK(std::get<BalancesView>(v).balance_cents(0) == 9300);
  CHECK(std::get<BalancesView>(v).balance_cents(1) == 0);  // the corrupted transfer is not there
  const View empty = fold(ViewKind::counters, DeriverLogic::v1, log, accounts, Offset{0});
  CHECK(applied_through(empty) == Offset{0});
}

TEST_CASE("first_difference names the first differing key and both values") {
  const AccountTable accounts = three_accounts();
  View a = make_view(ViewKind::balances, DeriverLogic::v1, accounts);
  View b = make_view(ViewKind::balances, DeriverLogic::v2, accounts);  // logic is not compared
  CHECK(first_difference(a, b, accounts) == std::nullopt);
  apply_record(a, Offset{0}, opened(0, 12000), ApplyMode::idempotent);
  apply_record(b, Offset{0}, opened(0, 17000), ApplyMode::idempotent);
  apply_record(a, Offset{1}, opened(2, 1), ApplyMode::idempotent);
  CHECK(first_difference(a, b, accounts) == "balance of \"alice\": 120.00 vs 170.00");
  CHECK(first_difference(b, a, accounts) == "balance of \"alice\": 170.00 vs 120.00");
  apply_record(b, Offset{1}, opened(0, 12000), ApplyMode::naive);
  CHECK(first_difference(a, b, accounts) == "balance of \"carol\": 0.01 vs 0.00");
  apply_record(b, Offset{2}, opened(2, 1), ApplyMode::idempotent);
  CHECK(first_difference(a, b, accounts) == std::nullopt);  // applied_through differs; data do not
  apply_record(b, Offset{3}, renamed(1, "Robert"), ApplyMode::idempotent);
  CHECK(first_difference(a, b, accounts) == "name of \"bob\": \"bob\" vs \"Robert\"");

  View s = make_view(ViewKind::search_index, DeriverLogic::v1, accounts);
  View t = make_view(ViewKind::search_index, DeriverLogic::v1, accounts);
  for (View* v : {&s, &t}) {
    apply_record(*v, Offset{3}, transfer(0, 1, 1, "rent lunch"), ApplyMode::idempotent);
    apply_record(*v, Offset{7}, transfer(0, 1, 1, "lunch"), ApplyMode::idempotent);
  }
  apply_record(t, Offset{9}, transfer(0, 1, 1, "lunch zebra"), ApplyMode::idempotent);
  CHECK(first_difference(s, t, accounts) == "transfers mentioning \"lunch\": [3, 7] vs [3, 7, 9]");
  apply_record(s, Offset{9}, transfer(0, 1, 1, "lunch apple"), ApplyMode::idempotent);
  CHECK(first_difference(s, t, accounts) == "transfers mentioning \"apple\": [9] vs []");
  CHECK(first_difference(t, s, accounts) == "transfers mentioning \"apple\": [] vs [9]");
  View many = make_view(ViewKind::search_index, DeriverLogic::v1, accounts);
  for (std::uint64_t i = 0; i < 10; ++i) apply_record(many, Offset{i}, transfer(0, 1, 1, "apple"), ApplyMode::idempotent);
  CHECK(first_difference(many, s, accounts) ==
        "transfers mentioning \"apple\": [0, 1, 2, 3, 4, 5, 6, 7, ... (10 in all)] vs [9]");

  View c = make_view(ViewKind::counters, DeriverLogic::v1, accounts);
  View d = make_view(ViewKind::counters, DeriverLogic::v2, accounts);
  apply_record(c, Offset{0}, transfer(0, 1, 1), ApplyMode::idempotent);
  apply_record(d, Offset{0}, transfer(0, 1, 1), ApplyMode::idempotent);
  CHECK(first_difference(c, d, accounts) == "count of \"bob\": 0 vs 1");

  CHECK(first_difference(a, c, accounts) == "kinds differ: balances vs counters");
  const AccountTable two = {{"alice", 0}, {"bob", 0}};
  CHECK(first_difference(make_view(ViewKind::balances, DeriverLogic::v1, two), a, accounts) ==
        "number of accounts: 2 vs 3");
  CHECK(first_difference(make_view(ViewKind::cache, DeriverLogic::v1, accounts),
                         make_view(ViewKind::cache, DeriverLogic::v2, accounts), accounts) == std::nullopt);
}

TEST_CASE("cache: a miss fills, a hit serves, events invalidate what they touch") {
  const AccountTable accounts = three_accounts();
  BalancesView source(accounts);
  source.apply(Offset{0}, opened(0, 10000));
  source.apply(Offset{1}, opened(1, 5000));
  CacheView cache;
  CHECK(cache.capacity() == CacheView::entries_max);
  CHECK(cache.read(0, source) == CacheRead{10000, false});
  CHECK(cache.read(0, source) == CacheRead{10000, true});
  CHECK(cache.read(1, source) == CacheRead{5000, false});
  CHECK(cache.read(2, source) == CacheRead{0, false});
  CHECK(cache.hits() == 1);
  CHECK(cache.misses() == 3);
  CHECK(stale_entries(cache, source).empty());

  // The balances view moves first; until the cache sees the same event, it serves stale values.
  const DomainEvent pay = transfer(0, 1, 2500);
  source.apply(Offset{2}, pay);
  CHECK(cache.read(0, source) == CacheRead{10000, true});
  CHECK(stale_entries(cache, source) == std::vector<StaleEntry>{{0, 10000, 7500}, {1, 5000, 7500}});
  CHECK(cache.apply(Offset{2}, pay));
  CHECK(cache.invalidations() == 2);
  CHECK_FALSE(cache.contains(0));
  CHECK_FALSE(cache.contains(1));
  CHECK(cache.contains(2));
  CHECK(stale_entries(cache, source).empty());
  CHECK(cache.read(0, source) == CacheRead{7500, false});

  cache.apply(Offset{3}, renamed(2, "Caroline"));
  cache.apply(Offset{4}, opened(1, 5000));  // absent: nothing to invalidate
  CHECK(cache.invalidations() == 3);
  CHECK_FALSE(cache.contains(2));
  CHECK(cache.applied_through() == Offset{5});
}

TEST_CASE("cache: a fill from a source behind the latest invalidation is served but not kept") {
  // The race the chapter warns about: the cache deriver ran ahead of the balances deriver. A
  // naive cache would refill from the old balance and, with no later event to invalidate it,
  // serve that stale value forever; the versioned fill refuses to remember it.
  const AccountTable accounts = three_accounts();
  BalancesView source(accounts);
  source.apply(Offset{0}, opened(0, 10000));
  CacheView cache;
  const DomainEvent pay = transfer(0, 2, 100);
  cache.apply(Offset{1}, pay);                                // invalidates (nothing cached yet)
  CHECK(cache.read(0, source) == CacheRead{10000, false});  // the source's (lagging) answer
  CHECK_FALSE(cache.contains(0));                            // ...not remembered
  CHECK(cache.uncached_fills() == 1);
  source.apply(Offset{1}, pay);                               // the source catches up later
  CHECK(stale_entries(cache, source).empty());
  CHECK(cache.read(0, source) == CacheRead{9900, false});   // now cached, and current
  CHECK(cache.read(0, source) == CacheRead{9900, true});
}

TEST_CASE("cache: a full cache evicts the entry filled longest ago") {
  const AccountTable accounts = three_accounts();
  BalancesView source(accounts);
  CacheView cache(DeriverLogic::v1, 2);
  cache.read(2, source);
  cache.read(0, source);
  cache.read(2, source);  // a hit does not refresh: first in, first out
  cache.read(1, source);
  CHECK(cache.evictions() == 1);
  CHECK_FALSE(cache.contains(2));
  CHECK(cache.contains(0));
  CHECK(cache.contains(1));
  cache.read(2, source);
  CHECK_FALSE(cache.contains(0));
  CHECK(cache.entries().size() == 2);
}

TEST_CASE("summary is one short line per view") {
  const AccountTable accounts = three_accounts();
  View b = make_view(ViewKind::balances, DeriverLogic::v1, accounts);
  CHECK(summary(b, accounts) == "balances v1: 3 accounts, total 0.00, nothing applied");
  apply_record(b, Offset{0}, opened(0, 10000), ApplyMode::idempotent);
  apply_record(b, Offset{1}, opened(1, 5000), ApplyMode::idempotent);
  CHECK(summary(b, accounts) == "balances v1: 3 accounts, total 150.00, through offset 1");
  View s = make_view(ViewKind::search_index, DeriverLogic::v2, accounts);
  apply_record(s, Offset{4}, transfer(0, 1, 1, "Rent, rent and cake"), ApplyMode::idempotent);
  CHECK(summary(s, accounts) == "search_index v2: 3 words, 3 postings, through offset 4");
  View c = make_view(ViewKind::counters, DeriverLogic::v2, accounts);
  apply_record(c, Offset{0}, transfer(0, 1, 1), ApplyMode::idempotent);
  apply_record(c, Offset{1}, transfer(2, 1, 1), ApplyMode::idempotent);
  CHECK(summary(c, accounts) == "counters v2: 4 counted, most \"bob\" (2), through offset 1");
  View k = make_view(ViewKind::cache, DeriverLogic::v1, accounts);
  std::get<CacheView>(k).read(0, std::get<BalancesView>(b));
  CHECK(summary(k, accounts) == "cache v1: 1/256 entries, 0 hits, 1 misses, 0 invalidations, nothing applied");
}

TEST_CASE("a view is a value: a copy is a snapshot") {
  const AccountTable accounts = three_accounts();
  View v = make_view(ViewKind::search_index, DeriverLogic::v1, accounts);
  apply_record(v, Offset{0}, transfer(0, 1, 1, "rent"), ApplyMode::idempotent);
  const View snapshot = v;
  apply_record(v, Offset{1}, transfer(0, 1, 1, "rent"), ApplyMode::idempotent);
  CHECK(std::get<SearchIndexView>(snapshot).query("rent").to_vector() == std::vector<std::uint64_t>{0});
  CHECK(std::get<SearchIndexView>(v).query("rent").to_vector() == std::vector<std::uint64_t>{0, 1});
}

TEST_CASE("a view reads no text outside its text_kinds, and leaving it out keeps sealed records' shredding") {
  const AccountTable accounts = three_accounts();
  KeyStore keys(7);
  std::vector<DomainEvent> events = history(accounts, 40);
  // Every kind, each with a text (that most views must ignore), some sealed.
  for (int i = 0; i < 24; ++i) {
    DomainEvent e;
    e.kind = DomainEventKind(1 + i % 8);
    e.account = AccountId(i % 3);
    e.amount_cents = 100 + i;
    e.text = "text of " + std::to_string(i);
    if (e.kind == DomainEventKind::transfer) e.to = AccountId((i + 1) % 3);
    if (e.kind == DomainEventKind::consent_given || e.kind == DomainEventKind::consent_withdrawn) {
      e.purpose = i % 2 ? Purpose::marketing : Purpose::analytics;
    }
    if (e.kind == DomainEventKind::erasure_requested) e.text.clear();
    if (e.kind == DomainEventKind::loan_decided) e.verdict = LoanVerdict::approved;
    if (e.kind == DomainEventKind::loan_outcome) e.verdict = LoanVerdict::repaid;
    if (i % 4 == 0 && !e.text.empty()) keys.seal(e, std::uint32_t(i % 2), Tick{0});
    events.push_back(e);
  }
  keys.destroy_subject(1, Tick{1});  // subject 1's sealed texts read as shredded
  const EventLog log = log_of(events);

  // What each record reads as with and without its text: the same but for the text.
  int shredded = 0;
  for (std::uint64_t at = 0; at < log.end_offset().value; ++at) {
    EventLog::ReadBuffer buffer;
    const auto record = log.read_view(Offset{at}, buffer);
    REQUIRE(record.ok());
    for (const KeyStore* k : {static_cast<const KeyStore*>(&keys), static_cast<const KeyStore*>(nullptr)}) {
      DomainEvent full, bare;
      REQUIRE(read_event_into(record.value().payload, k, full));
      REQUIRE(read_event_into(record.value().payload, k, bare, 0));
      CHECK(bare.text.empty());
      bare.text = full.text;
      CHECK(bare == full);
      shredded += full.shredded ? 1 : 0;
    }
  }
  CHECK(shredded > 2);  // subject 1's, and every sealed one when read without keys
  // Each view folded with only its texts equals the view applied every full event.
  for (std::size_t kind = 0; kind < view_kind_count; ++kind) {
    for (const DeriverLogic logic : {DeriverLogic::v1, DeriverLogic::v2}) {
      View full = make_view(ViewKind(kind), logic, accounts);
      const KindSet texts = text_kinds(full);
      CHECK(texts != every_kind);
      for (std::uint64_t at = 0; at < log.end_offset().value; ++at) {
        EventLog::ReadBuffer buffer;
        const auto e = read_event(log.read_view(Offset{at}, buffer).value().payload, &keys);
        REQUIRE(e.has_value());
        apply_record(full, Offset{at}, *e, ApplyMode::idempotent);
      }
      const View folded = fold(ViewKind(kind), logic, log, accounts, log.end_offset(), nullptr, &keys);
      CHECK(first_difference(full, folded, accounts) == std::nullopt);
      CHECK(summary(full, accounts) == summary(folded, accounts));
      if (const auto* index = std::get_if<SearchIndexView>(&full)) {
        CHECK(index->postings() == std::get<SearchIndexView>(folded).postings());
        CHECK(index->owners() == std::get<SearchIndexView>(folded).owners());
      }
    }
  }
}

}  // TEST_SUITE
