// Consent, erasure and crypto-shredding; data as a liability (retention, minimisation, breach).
// Each case builds a small world of three subjects who pay each other with memos, rename
// themselves and consent to marketing, then erases one of them and looks everywhere.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include "model/key_store.h"
#include "model/views/personal_data.h"
#include "scenario/load.h"
#include "scenario/session.h"
#include "../scenario_fixtures.h"

using io::model::AccountId;
using io::model::BreachReport;
using io::model::DataPlace;
using io::model::DomainEventKind;
using io::model::PrivacyFinding;
using io::model::ViolationKind;
using io::model::World;
using io::scenario::Session;
using io::testing::finish;

namespace {

constexpr AccountId alice = 0, bob = 1, carol = 2;

// `privacy` is the /privacy object; `schedule` entries are appended after the consents at tick
// 10; `deriver_extra` is spliced into the search deriver, `cache_extra` into the world.
io::scenario::Scenario world_with(const std::string& privacy, const std::string& schedule = "",
                                  const std::string& deriver_extra = "", std::uint64_t ticks = 2000,
                                  const std::string& mailer_extra = "") {
  const std::string text = R"({"format_version": 1, "title": "privacy", "seed": 5, "ticks": )" + std::to_string(ticks) +
                           R"(, "privacy": )" + privacy + R"(,
    "accounts": [{"name": "alice", "balance_cents": 100000}, {"name": "bob", "balance_cents": 100000},
                 {"name": "carol", "balance_cents": 100000}],
    "clients": [
      {"name": "alice", "from": ["alice"], "to": ["bob", "carol"], "interval_ticks": [20, 40], "requests_max": 30,
       "amount_cents": [100, 500], "memo_words": ["lunch", "rent", "gift"], "rename_ppm": 250000,
       "names": ["Alice Smith", "Ally"]},
      {"name": "bob", "from": ["bob"], "to": ["alice", "carol"], "interval_ticks": [20, 40], "requests_max": 60,
       "amount_cents": [100, 500], "memo_words": ["pizza", "taxi"], "rename_ppm": 250000, "names": ["Bobby"]}],
    "derivers": [{"name": "balances", "view": "balances"},
                 {"name": "search", "view": "search_index")" + deriver_extra + R"(},
                 {"name": "page cache", "view": "cache"},
                 {"name": "mailer", "view": "marketing")" + mailer_extra + R"(}],
    "readers": [{"name": "pages", "path": "cache", "interval_ticks": [5, 10], "accounts": ["alice", "bob", "carol"]}],
    "schedule": [{"tick": 10, "action": "give_consent", "account": "alice", "contact": "alice@example.org"},
                 {"tick": 10, "action": "give_consent", "account": "bob"})" + schedule + "]}";
  return io::testing::parsed(text, "privacy.json");
}

const std::string shredding = R"({"crypto_shredding": true})";
const std::string no_privacy = R"({})";

// Every byte of every replica's disk, as a string to search in.
std::string disk_bytes(const World& w) {
  std::string all;
  for (std::uint32_t r = 0; r < w.log().replica_count(); ++r) {
    const auto& disk = w.log().disk(r);
    std::string bytes(disk.size_bytes(), '\0');
    REQUIRE(disk.read(0, std::span(reinterpret_cast<std::uint8_t*>(bytes.data()), bytes.size())) ==
            io::model::DiskStatus::ok);
    all += bytes;
  }
  return all;
}

// The personal text the log yields, read as the system reads it (through the key store).
std::multiset<std::string> readable_texts(const World& w, AccountId subject) {
  std::multiset<std::string> out;
  for (std::uint64_t o = 0; o < w.log().end_offset().value; ++o) {
    const auto e = io::model::read_event(w.log().read(io::sim::Offset{o}).value().payload, &w.privacy().keys());
    REQUIRE(e.has_value());
    if (e->account == subject && !e->text.empty()) out.insert(e->text);
  }
  return out;
}

std::vector<PrivacyFinding> findings_at(const World& w, DataPlace place) {
  std::vector<PrivacyFinding> out;
  for (const PrivacyFinding& f : w.privacy_findings()) {
    if (f.place == place) out.push_back(f);
  }
  return out;
}

std::size_t personal_items(const World& w, AccountId subject) {
  std::size_t n = 0;
  for (const auto& d : w.derivers()) n += io::model::personal_data(d.view(), subject).size();
  return n;
}

io::model::Command command(io::model::CommandKind kind, std::uint64_t target = 0, std::uint64_t argument = 0) {
  return io::model::Command::of(kind, target, argument);
}

}  // namespace

TEST_SUITE("privacy") {

TEST_CASE("privacy: the toy cipher is its own inverse and a key seals to bytes unlike the text") {
  const std::string text = "lunch with the lawyer";
  const std::string sealed = io::model::toy_cipher(text, 0x1234);
  CHECK(sealed != text);
  CHECK(sealed.size() == text.size());
  CHECK(io::model::toy_cipher(sealed, 0x1234) == text);
  CHECK(io::model::toy_cipher(sealed, 0x1235) != text);
}

TEST_CASE("privacy: sealing keeps plaintext off the disks; without it the disks hold it") {
  Session sealed(world_with(shredding), 5);
  Session clear(world_with(no_privacy), 5);
  finish(sealed);
  finish(clear);
  for (const char* word : {"lunch", "pizza", "Bobby", "alice@example.org"}) {
    CAPTURE(word);
    CHECK(disk_bytes(clear.world()).find(word) != std::string::npos);
    CHECK(disk_bytes(sealed.world()).find(word) == std::string::npos);
  }
  // Yet everything derived is the same: the system reads through the keys.
  CHECK(readable_texts(sealed.world(), alice) == readable_texts(clear.world(), alice));
  CHECK(sealed.world().true_balances() == clear.world().true_balances());
  const auto& a = std::get<io::model::SearchIndexView>(sealed.world().derivers()[1].view());
  const auto& b = std::get<io::model::SearchIndexView>(clear.world().derivers()[1].view());
  CHECK(a.postings() == b.postings());
  CHECK(a.query("lunch").size() > 0);
}

TEST_CASE("privacy: crypto-shredding makes the erased subject's log records unreadable, and only theirs") {
  Session s(world_with(shredding, R"(, {"tick": 1500, "action": "request_erasure", "account": "alice"})"), 5);
  s.advance_to(io::sim::Tick{1499});  // before the erasure
  const auto alice_before = readable_texts(s.world(), alice);
  const auto bob_before = readable_texts(s.world(), bob);
  REQUIRE(alice_before.size() > 5);  // memos, names, the contact
  REQUIRE(bob_before.size() > 5);
  const auto m = finish(s);
  CHECK(readable_texts(s.world(), alice).empty());
  const auto bob_after = readable_texts(s.world(), bob);  // bob keeps paying after the erasure
  CHECK(std::includes(bob_after.begin(), bob_after.end(), bob_before.begin(), bob_before.end()));
  CHECK(s.world().privacy().subject(alice).erased);
  CHECK(s.world().privacy().subject(alice).keys_destroyed > 0);
  CHECK(m.keys_destroyed == s.world().privacy().subject(alice).keys_destroyed);
  CHECK(m.subjects_erased == 1);
  // Money does not care: amounts and accounts are not sealed.
  CHECK(m.money_conserved);
  CHECK(m.wrong_balances == 0);
  CHECK(m.views_match_log);
  CHECK(m.duplicate_effects == 0);
}

TEST_CASE("privacy: an erasure reaches every view and cache once the derivers catch up") {
  Session s(world_with(shredding, R"(, {"tick": 1500, "action": "request_erasure", "account": "alice"})"), 5);
  s.advance_to(io::sim::Tick{1499});
  REQUIRE(personal_items(s.world(), alice) > 3);
  const auto& balances = std::get<io::model::BalancesView>(s.world().derivers()[0].view());
  REQUIRE(balances.personal_name(alice));
  REQUIRE(std::get<io::model::MarketingView>(s.world().derivers()[3].view()).contains(alice));
  const auto m = finish(s);
  CHECK(personal_items(s.world(), alice) == 0);
  CHECK(personal_items(s.world(), bob) > 0);  // the others keep theirs
  CHECK(std::get<io::model::BalancesView>(s.world().derivers()[0].view()).display_name(alice) ==
        io::model::BalancesView::erased_name);
  CHECK_FALSE(std::get<io::model::MarketingView>(s.world().derivers()[3].view()).contains(alice));
  CHECK(std::get<io::model::MarketingView>(s.world().derivers()[3].view()).contains(bob));
  CHECK(m.erasure_violations == 0);
  CHECK(m.consent_violations == 0);
  CHECK(m.marketing_consents == 1);
  CHECK(m.views_match_log);
}

TEST_CASE("privacy: without crypto-shredding the views forget, the immutable log does not, and the auditor says so") {
  Session s(world_with(no_privacy, R"(, {"tick": 1500, "action": "request_erasure", "account": "alice"},
                                      {"tick": 1900, "action": "audit"})"), 5);
  const auto m = finish(s);
  CHECK(personal_items(s.world(), alice) == 0);
  CHECK(m.views_match_log);
  const auto log = findings_at(s.world(), DataPlace::log);
  REQUIRE(log.size() == 1);
  CHECK(log[0].subject == alice);
  CHECK(log[0].detail.find("crypto-shredding is off") != std::string::npos);
  CHECK(m.erasure_violations == 1);
  bool reported = false;
  for (const auto& v : s.world().violations()) reported = reported || v.kind == ViolationKind::erased_data_lingers;
  CHECK(reported);
}

TEST_CASE("privacy: a lagging deriver is named with the offset it has not reached") {
  // The search deriver crashes just before the erasure and stays down a long time.
  Session s(world_with(shredding, R"(, {"tick": 1499, "action": "crash_deriver", "deriver": "search"},
                                      {"tick": 1500, "action": "request_erasure", "account": "alice"})",
                       R"(, "restart_ticks": 300)"), 5);
  s.advance_to(io::sim::Tick{1600});
  const auto views = findings_at(s.world(), DataPlace::view);
  REQUIRE(views.size() == 1);
  CHECK(views[0].where == 1);
  CHECK(views[0].detail.find("\"search\"") != std::string::npos);
  CHECK(views[0].detail.find("has not reached the erasure at offset " +
                             std::to_string(s.world().privacy().subject(alice).erasure_offset.value)) != std::string::npos);
  CHECK(s.world().sample(true).erasure_violations == 1);
  CHECK(s.world().sample(true).views_match_log);  // lag is not corruption
  // Once it restarts and catches up, nothing lingers.
  const auto m = finish(s);
  CHECK(m.erasure_violations == 0);
}

TEST_CASE("privacy: a cache that ignores erasures keeps the erased name, with when it was filled") {
  // Late in a long run, when nobody pays alice any more: nothing else invalidates her entry.
  const std::string erase_late = R"(, {"tick": 2800, "action": "request_erasure", "account": "alice"})";
  Session s(world_with(R"({"crypto_shredding": true, "cache_honours_erasure": false})", erase_late, "", 3000), 5);
  s.advance_to(io::sim::Tick{2799});
  REQUIRE(s.world().derivers()[2].view().index() == std::size_t(io::model::ViewKind::cache));
  const auto& cache = std::get<io::model::CacheView>(s.world().derivers()[2].view());
  REQUIRE(cache.contains(alice));
  REQUIRE(cache.entries().at(alice).personal_name);
  const auto m = finish(s);
  const auto caches = findings_at(s.world(), DataPlace::cache);
  REQUIRE(caches.size() == 1);
  CHECK(caches[0].detail.find("cache \"page cache\" (filled at tick") != std::string::npos);
  CHECK(caches[0].detail.find("before the erasure at offset") != std::string::npos);
  CHECK(m.erasure_violations == 1);

  // The same world with a cache that honours erasure: nothing lingers.
  Session honest(world_with(shredding, erase_late, "", 3000), 5);
  CHECK(finish(honest).erasure_violations == 0);
}

TEST_CASE("privacy: a plaintext backup taken before the erasure keeps the data; a sealed one is shredded with it") {
  const std::string schedule = R"(, {"tick": 1400, "action": "backup", "deriver": "balances"},
                                    {"tick": 1400, "action": "backup", "deriver": "search"},
                                    {"tick": 1500, "action": "request_erasure", "account": "alice"})";
  Session plain(world_with(shredding, schedule), 5);
  const auto m = finish(plain);
  const auto backups = findings_at(plain.world(), DataPlace::backup);
  REQUIRE(backups.size() == 2);
  CHECK(backups[0].detail.find("backup \"balances @ tick 1400\" (a plaintext copy taken at tick 1400, before the erasure") !=
        std::string::npos);
  CHECK(m.erasure_violations == 2);
  CHECK(m.backups == 2);

  Session sealed(world_with(R"({"crypto_shredding": true, "backups_sealed": true})", schedule), 5);
  CHECK(finish(sealed).erasure_violations == 0);
  CHECK(io::model::readable_items(sealed.world().backups()[0], &sealed.world().privacy().keys()).size() > 0);  // bob's
}

TEST_CASE("privacy: the auditor reports each place once, as a violation with a sentence") {
  Session s(world_with(no_privacy, R"(, {"tick": 1400, "action": "backup", "deriver": "balances"},
                                      {"tick": 1500, "action": "request_erasure", "account": "alice"},
                                      {"tick": 1800, "action": "audit"}, {"tick": 1900, "action": "audit"})"), 5);
  finish(s);
  std::size_t lingering = 0;
  for (const auto& v : s.world().violations()) {
    if (v.kind != ViolationKind::erased_data_lingers) continue;
    ++lingering;
    CHECK(v.detail.rfind("erased subject \"alice\": ", 0) == 0);
  }
  CHECK(lingering == 2);  // the log and the backup, reported at the first audit only
}

TEST_CASE("privacy: withdrawing consent removes the subject from the marketing view") {
  Session s(world_with(shredding, R"(, {"tick": 500, "action": "withdraw_consent", "account": "bob"})"), 5);
  s.advance_to(io::sim::Tick{499});
  const auto* mailer = &std::get<io::model::MarketingView>(s.world().derivers()[3].view());
  REQUIRE(mailer->contains(bob));
  CHECK(mailer->entries().at(bob).contact == "bob@mail.example");
  CHECK(mailer->entries().at(alice).contact == "alice@example.org");
  const auto m = finish(s);
  mailer = &std::get<io::model::MarketingView>(s.world().derivers()[3].view());
  CHECK_FALSE(mailer->contains(bob));
  CHECK(mailer->contains(alice));
  CHECK(m.consent_violations == 0);
  CHECK(m.marketing_consents == 1);
  CHECK(m.views_match_log);
}

TEST_CASE("privacy: a marketing deriver that ignores withdrawals is caught as consent_ignored") {
  Session s(world_with(shredding, R"(, {"tick": 500, "action": "withdraw_consent", "account": "bob"},
                                     {"tick": 600, "action": "audit"})",
                       "", 2000, R"(, "honor_consent": false)"), 5);
  const auto m = finish(s);
  CHECK(std::get<io::model::MarketingView>(s.world().derivers()[3].view()).contains(bob));
  CHECK(m.consent_violations == 1);
  CHECK(m.views_match_log);  // the bug is in the rules, and the fold uses the same rules
  bool caught = false;
  for (const auto& v : s.world().violations()) {
    if (v.kind != ViolationKind::consent_ignored) continue;
    caught = true;
    CHECK(v.where == 3);
    CHECK(v.detail.find("\"bob\"") != std::string::npos);
    CHECK(v.detail.find("does not honour withdrawals") != std::string::npos);
  }
  CHECK(caught);
}

TEST_CASE("privacy: commands are checked as values") {
  Session s(world_with(no_privacy), 5);
  s.advance_to(io::sim::Tick{20});
  using K = io::model::CommandKind;
  const World& w = s.world();
  CHECK(w.reject_reason(command(K::give_consent, 9, 1)) != nullptr);       // no such account
  CHECK(w.reject_reason(command(K::give_consent, alice, 7)) != nullptr);   // no such purpose
  CHECK(w.reject_reason(command(K::withdraw_consent, carol, 1)) != nullptr);  // carol never consented
  CHECK(w.reject_reason(command(K::backup, 9)) != nullptr);
  CHECK(w.reject_reason(command(K::breach, 0, 2)) != nullptr);
  CHECK(w.reject_reason(command(K::set_retention, 0, 100)) != nullptr);  // no crypto-shredding
  CHECK(w.reject_reason(command(K::set_minimise, 0, 2)) != nullptr);
  CHECK(s.command(command(K::request_erasure, carol)) == nullptr);
  CHECK(w.reject_reason(command(K::request_erasure, carol)) != nullptr);   // already erased
  CHECK(w.reject_reason(command(K::give_consent, carol, 1)) != nullptr);  // erased subjects give nothing
  CHECK(s.command(command(K::crash_front_door)) == nullptr);
  CHECK(w.reject_reason(command(K::give_consent, bob, 1)) != nullptr);  // appended by the front door
}

TEST_CASE("privacy: an erased payer's later memos and renames are not collected") {
  Session s(world_with(shredding, R"(, {"tick": 300, "action": "request_erasure", "account": "alice"})"), 5);
  const auto m = finish(s);
  CHECK(m.memos_not_collected > 0);
  CHECK(readable_texts(s.world(), alice).empty());
  CHECK(personal_items(s.world(), alice) == 0);
  CHECK(m.erasure_violations == 0);
}

TEST_CASE("privacy: retention makes old memos unreadable in the log and drops them from the index") {
  Session s(world_with(R"({"crypto_shredding": true, "key_epoch_ticks": 100, "retention_ticks": 300})"), 5);
  const auto m = finish(s);
  // The last tick run is 1999: the epochs below (1999 - 300) / 100 = 16 have expired.
  CHECK(s.world().privacy().expired_epochs() == 16);
  CHECK(m.keys_destroyed > 0);
  std::uint64_t old_readable = 0, old_total = 0, recent_readable = 0;
  for (std::uint64_t o = 0; o < s.world().log().end_offset().value; ++o) {
    const auto record = s.world().log().read(io::sim::Offset{o}).value();
    const auto e = io::model::read_event(record.payload, &s.world().privacy().keys());
    if (e->kind != DomainEventKind::transfer || record.appended_at.value >= 1600) {
      if (e->kind == DomainEventKind::transfer && !e->text.empty()) ++recent_readable;
      continue;
    }
    ++old_total;
    old_readable += e->text.empty() ? 0 : 1;
  }
  CHECK(old_total > 20);
  CHECK(old_readable == 0);
  CHECK(recent_readable > 0);
  // The index holds only memos of unexpired epochs, and still equals a fold of the log.
  for (const auto& o : std::get<io::model::SearchIndexView>(s.world().derivers()[1].view()).owners()) {
    CHECK(o.key_epoch >= 16);
  }
  CHECK(m.views_match_log);
  CHECK(m.money_conserved);
}

TEST_CASE("privacy: a breach leaks less with retention, less again with minimisation, nothing sealed without keys") {
  const std::string breach = R"(, {"tick": 1999, "action": "breach", "scope": "disks_and_keys"})";
  auto leaked = [&](const std::string& privacy, const std::string& scope_breach) {
    Session s(world_with(privacy, scope_breach), 5);
    finish(s);
    REQUIRE(s.world().breaches().size() == 1);
    return s.world().breaches().back();
  };
  const BreachReport plain = leaked(no_privacy, breach);
  const BreachReport shredding_only = leaked(shredding, breach);
  const BreachReport retention =
      leaked(R"({"crypto_shredding": true, "key_epoch_ticks": 100, "retention_ticks": 300})", breach);
  const BreachReport minimised = leaked(R"({"crypto_shredding": true, "minimise": true})", breach);
  const BreachReport disks_only =
      leaked(shredding, R"(, {"tick": 1999, "action": "breach", "scope": "disks"})");
  CAPTURE(plain.items_leaked);
  CAPTURE(retention.items_leaked);
  CAPTURE(minimised.items_leaked);
  CHECK(plain.items_leaked == shredding_only.items_leaked);  // with the keys stolen, sealing hides nothing
  CHECK(retention.items_leaked < plain.items_leaked);
  CHECK(retention.expired_by_retention > 0);
  CHECK(minimised.items_leaked < retention.items_leaked);
  CHECK(minimised.memos_not_collected > 0);
  // Without the keys the log leaks nothing personal, the views still do: derived data is plain.
  CHECK(disks_only.items_by_place[std::size_t(DataPlace::log)] == 0);
  CHECK(disks_only.locked_without_keys > 0);
  CHECK(disks_only.items_by_place[std::size_t(DataPlace::view)] > 0);
  CHECK(plain.items_by_place[std::size_t(DataPlace::log)] > 0);
  CHECK(plain.metadata_records > 0);
  CHECK(plain.subjects_leaked == 2);  // alice and bob wrote memos; carol wrote nothing
  // Every item names its place, subject and text.
  for (const auto& item : plain.items) {
    CHECK_FALSE(item.item.text.empty());
    CHECK(item.item.subject <= bob);
  }
}

TEST_CASE("privacy: a shorter retention set by command takes effect at once") {
  Session s(world_with(shredding, R"(, {"tick": 1000, "action": "set_retention", "retention_ticks": 200})"), 5);
  s.advance_to(io::sim::Tick{999});
  CHECK(s.world().privacy().expired_epochs() == 0);
  s.advance_to(io::sim::Tick{1001});
  CHECK(s.world().privacy().expired_epochs() == 8);  // (1000 - 200) / 100, at once
  const auto m = finish(s);
  CHECK(s.world().privacy().expired_epochs() == 17);  // (1999 - 200) / 100
  CHECK(m.views_match_log);
}

TEST_CASE("privacy: the same seed gives the same trace; privacy changes the run only where it acts") {
  auto hash = [](const std::string& privacy, std::uint64_t seed) {
    Session s(world_with(privacy, R"(, {"tick": 900, "action": "backup", "deriver": "search"},
                                      {"tick": 1000, "action": "request_erasure", "account": "alice"},
                                      {"tick": 1999, "action": "breach"})"), seed);
    finish(s);
    return s.world().trace().hash();
  };
  const std::string full = R"({"crypto_shredding": true, "retention_ticks": 500, "backups_sealed": true})";
  CHECK(hash(full, 5) == hash(full, 5));
  CHECK(hash(full, 5) != hash(full, 6));
  CHECK(hash(full, 5) != hash(shredding, 5));  // retention appends its sweeps to the log
}

TEST_CASE("privacy: worlds that do not use privacy run exactly as before it existed") {
  // Golden trace hashes from before privacy was added, of the property sweeps' fixed worlds
  // (tests/property: lessons in scenarios/ are rewritten as they are taught, these are not).
  // Privacy is off by default and unsealed payloads keep their old bytes, so no hash may move.
  const std::pair<const char*, const char*> golden[] = {
      {"end_to_end.json", "d1e23e09f94d7faa"},     {"no_dedup.json", "f4683457b324eec5"},
      {"log_ordered.json", "9690744d33b266d1"},    {"reprocessing.json", "ad87c9948667045a"},
      {"dual_writes.json", "9f7c8fbdb38efdfa"},    {"storage_faults.json", "2dd8f32cc51dcdd8"},
      {"storage_faults_everywhere.json", "c3de3c5b8e0dc335"},
  };
  for (const auto& [file, hash] : golden) {
    CAPTURE(file);
    auto r = io::scenario::load_scenario_file(std::string(INSIDEOUT_SOURCE_DIR) + "/tests/property/" + file);
    REQUIRE(r.ok());
    Session s(r.value(), r.value().seed);
    s.run_to_end();
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(s.world().trace().hash()));
    CHECK(std::string(text) == hash);
  }
}

// The two course scenarios: run as the runner runs them (default choices), and with the other
// choices, each showing its lesson.
namespace {

Session course(const char* file, std::vector<std::pair<std::size_t, std::uint32_t>> choices = {}) {
  auto r = io::scenario::load_scenario_file(std::string(INSIDEOUT_SOURCE_DIR) + "/scenarios/" + file);
  REQUIRE(r.ok());
  io::scenario::SessionOptions options;
  options.choices = std::move(choices);
  return Session(r.value(), r.value().seed, options);
}

std::size_t step_index(const Session& s, const std::string& id) {
  for (std::size_t i = 0; i < s.script().steps.size(); ++i) {
    if (s.script().steps[i].id == id) return i;
  }
  FAIL("no step " << id);
  return 0;
}

}  // namespace

TEST_CASE("privacy: consent_and_erasure shows consent ignored and where an erased subject lingers") {
  Session s = course("consent_and_erasure.json");
  s.advance_to(io::sim::Tick{961});
  std::vector<std::string> lingering;
  for (const auto& v : s.world().violations()) {
    if (v.kind == ViolationKind::erased_data_lingers) lingering.push_back(v.detail);
  }
  REQUIRE(lingering.size() == 3);
  auto said = [&](const std::string& words) {
    return std::any_of(lingering.begin(), lingering.end(), [&](const auto& d) { return d.find(words) != std::string::npos; });
  };
  CHECK(said("still in view \"search\" (its deriver is down at offset"));
  CHECK(said("still in cache \"page cache\" (filled at tick"));
  CHECK(said("still in backup \"search @ tick 700\" (a plaintext copy taken at tick 700, before the erasure"));
  CHECK_FALSE(said("in the log"));  // crypto-shredding reached it
  CHECK(readable_texts(s.world(), alice).empty());
  s.run_to_end();
  CHECK(s.expectations_met());
  CHECK(s.world().sample(true).erasure_violations == 2);  // the lag healed; the copies did not

  // Keeping her data "because it is useful": nothing is erased, her memos stay readable.
  Session kept = course("consent_and_erasure.json", {{step_index(s, "forget-me"), 1}});
  kept.run_to_end();
  CHECK(kept.expectations_met());
  CHECK(kept.world().sample(true).subjects_erased == 0);
  CHECK_FALSE(readable_texts(kept.world(), alice).empty());
}

TEST_CASE("privacy: retention_and_breach leaks least with retention, and views leak without the keys") {
  std::uint64_t leaked[3] = {};
  for (std::uint32_t choice = 0; choice < 3; ++choice) {
    CAPTURE(choice);
    const Session probe = course("retention_and_breach.json");
    Session s = course("retention_and_breach.json", {{step_index(probe, "decide"), choice}});
    s.advance_to(io::sim::Tick{1401});
    REQUIRE(s.world().breaches().size() == 2);
    leaked[choice] = s.world().breaches().back().items_leaked;
    CHECK(s.world().breaches().front().items_leaked == 126);
    s.run_to_end();
    CHECK(s.expectations_met());
    const BreachReport& no_keys = s.world().breaches().back();
    CHECK(no_keys.scope == io::model::BreachScope::disks);
    CHECK(no_keys.items_by_place[std::size_t(DataPlace::log)] == 0);
    CHECK(no_keys.items_leaked > 0);
  }
  CHECK(leaked[0] < 126);        // retention: the past shrinks
  CHECK(leaked[1] >= 126);       // minimisation: the growth stops, the past stays
  CHECK(leaked[1] < leaked[2]);  // keeping everything: it only grows
}

TEST_CASE("privacy: over 200 seeds, after erasure, catch-up and audit, no erased data is readable anywhere") {
  // Honest settings: crypto-shredding, sealed backups, a cache that honours erasure. Derivers
  // crash now and then; every seed must end with nothing of alice left, and nothing else broken.
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    CAPTURE(seed);
    Session s(world_with(R"({"crypto_shredding": true, "backups_sealed": true, "retention_ticks": 700})",
                         R"(, {"tick": 700, "action": "backup", "deriver": "search"},
                            {"tick": 900, "action": "crash_deriver", "deriver": "search"},
                            {"tick": 1000, "action": "request_erasure", "account": "alice"},
                            {"tick": 1100, "action": "backup", "deriver": "balances"},
                            {"tick": 1990, "action": "audit"})",
                         "", 2000),
              seed);
    const auto m = finish(s);
    REQUIRE(m.erasure_violations == 0);
    REQUIRE(m.views_match_log);
    REQUIRE(m.money_conserved);
    REQUIRE(readable_texts(s.world(), alice).empty());
    REQUIRE(personal_items(s.world(), alice) == 0);
    for (const auto& v : s.world().violations()) REQUIRE(v.kind != ViolationKind::view_mismatch);
  }
}

}  // TEST_SUITE
