#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "event_fixtures.h"
#include "model/domain_event.h"
#include "model/views/search_index_view.h"
#include "model/views/word_lookup.h"
#include "sim/prng.h"

using namespace io::model;
using namespace io::model::testing;
using io::sim::Offset;

namespace {

// The search index as plainly as it can be written: each memo's words sorted, made unique and
// looked up in an ordered map. The view must hold exactly this, whatever its lookup cache does.
struct PlainIndex {
  DeriverLogic logic = DeriverLogic::v1;
  std::map<std::string, std::vector<std::uint64_t>> postings;
  std::map<std::uint64_t, std::pair<AccountId, std::uint32_t>> owners;  // offset -> subject, epoch
  std::uint64_t dropped = 0;
  std::size_t words_max = SearchIndexView::words_max;

  void apply(std::uint64_t offset, const DomainEvent& e) {
    if (e.kind == DomainEventKind::erasure_requested) {
      std::vector<std::uint64_t> gone;
      for (const auto& [o, who] : owners) {
        if (e.account == every_subject ? who.second < std::uint64_t(e.amount_cents) : who.first == e.account)
          gone.push_back(o);
      }
      for (std::uint64_t o : gone) owners.erase(o);
      for (auto it = postings.begin(); it != postings.end();) {
        std::erase_if(it->second, [&](std::uint64_t o) { return std::binary_search(gone.begin(), gone.end(), o); });
        it = it->second.empty() ? postings.erase(it) : std::next(it);
      }
      return;
    }
    if (e.kind != DomainEventKind::transfer) return;
    std::vector<std::string> words;
    for_each_memo_word(e.text, [&](std::string_view w) {
      std::string n = normalize_word(w, logic);
      if (!n.empty()) words.push_back(n);
    });
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    if (!words.empty()) owners.emplace(offset, std::make_pair(e.account, e.key_epoch));
    for (const std::string& w : words) {
      auto it = postings.find(w);
      if (it == postings.end()) {
        if (postings.size() >= words_max) {
          ++dropped;
          continue;
        }
        it = postings.emplace(w, std::vector<std::uint64_t>{}).first;
      }
      it->second.insert(std::upper_bound(it->second.begin(), it->second.end(), offset), offset);
    }
  }
};

void check_same(const SearchIndexView& view, const PlainIndex& plain) {
  REQUIRE(view.word_count() == plain.postings.size());
  std::uint64_t total = 0;
  auto p = plain.postings.begin();
  for (const auto& [word, list] : view.postings()) {
    CHECK(word == p->first);
    CHECK(list.to_vector() == p->second);
    CHECK(view.query(word).to_vector() == p->second);
    total += list.size();
    ++p;
  }
  CHECK(view.posting_count() == total);
  CHECK(view.words_dropped() == plain.dropped);
  REQUIRE(view.owners().size() == plain.owners.size());
  auto o = plain.owners.begin();
  for (const SearchIndexView::MemoOwner& owner : view.owners()) {
    CHECK(owner.offset == o->first);
    CHECK(owner.subject == o->second.first);
    CHECK(owner.key_epoch == o->second.second);
    ++o;
  }
}

// A memo of 0..6 words from a vocabulary of `vocabulary` words, some repeated, in mixed case and
// punctuation so that v2's normalisation merges some of them.
std::string random_memo(io::sim::Prng& prng, std::uint64_t vocabulary) {
  std::string memo;
  const std::uint64_t n = prng.below(7);
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string word = "w" + std::to_string(prng.below(vocabulary));
    if (prng.below(4) == 0) word[0] = 'W';
    if (prng.below(5) == 0) word += ",";
    memo += std::string(prng.below(3), ' ') + word + " ";
  }
  return memo;
}

DomainEvent erasure(AccountId subject, std::int64_t epoch = 0) {
  DomainEvent e;
  e.kind = DomainEventKind::erasure_requested;
  e.account = subject;
  e.amount_cents = epoch;
  return e;
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("word lookup finds what the map finds, and a copy finds in its own map") {
  using Map = std::map<std::string, int, std::less<>>;
  Map map;
  WordLookup<Map> lookup;
  const auto find = [](WordLookup<Map>& l, Map& m, const std::string& w) -> const Map::value_type* {
    return l.find(m, w, word_hash(w));
  };
  const auto in_map = [](Map& m, const std::string& w) -> const Map::value_type* {
    const auto it = m.find(w);
    return it == m.end() ? nullptr : &*it;
  };
  // Enough words that the table grows several times and probes past taken slots; words absent
  // from the map are never held.
  for (int i = 0; i < 300; ++i) map.emplace("word" + std::to_string(i), i);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 400; ++i) {
      const std::string w = "word" + std::to_string((i * 37) % 400);
      CHECK(find(lookup, map, w) == in_map(map, w));
    }
    CHECK(lookup.size() == 300);
  }
  // A word inserted into the map and remembered is found without asking the map.
  const auto [added, inserted] = map.emplace("new", -1);
  REQUIRE(inserted);
  lookup.remember(word_hash("new"), *added);
  CHECK(find(lookup, map, "new") == &*added);
  CHECK(lookup.size() == 301);

  WordLookup<Map> copied = lookup;
  CHECK(copied.size() == 0);
  Map other = map;
  other.erase("word7");
  lookup.clear();
  map.erase("word3");
  CHECK(find(lookup, map, "word3") == nullptr);
  CHECK(find(lookup, map, "word7")->second == 7);
  CHECK(find(copied, other, "word7") == nullptr);
  const auto* entry = find(copied, other, "word3");
  REQUIRE(entry != nullptr);
  CHECK(entry == in_map(other, "word3"));  // an entry of the copy's own map
  WordLookup<Map> moved = std::move(copied);
  CHECK(copied.size() == 0);
  CHECK(find(moved, other, "word9")->second == 9);
  copied = moved;
  CHECK(copied.size() == 0);
  CHECK(find(copied, other, "word9") == in_map(other, "word9"));
}

TEST_CASE("the search index holds what a plain map of sorted, unique words holds, through copies and erasures") {
  for (const DeriverLogic logic : {DeriverLogic::v1, DeriverLogic::v2}) {
    for (const std::uint64_t vocabulary : {3u, 12u, 150u}) {
      io::sim::Prng prng(vocabulary * 7 + std::uint64_t(logic));
      SearchIndexView view(logic);
      PlainIndex plain;
      plain.logic = logic;
      std::vector<std::pair<SearchIndexView, PlainIndex>> snapshots;
      std::uint64_t offset = 0;
      for (int step = 0; step < 1500; ++step) {
        const std::uint64_t roll = prng.below(100);
        DomainEvent e;
        if (roll < 2) {
          e = erasure(AccountId(prng.below(4)));
        } else if (roll < 3) {
          e = erasure(every_subject, std::int64_t(prng.below(4)));
        } else {
          e = transfer(AccountId(prng.below(4)), 1, 1, random_memo(prng, vocabulary));
          e.key_epoch = std::uint32_t(prng.below(5));
        }
        // Now and then a redelivery (naive mode): the offset goes in again beside its twin.
        const std::uint64_t at = offset > 3 && prng.below(20) == 0 ? offset - 1 - prng.below(3) : offset++;
        view.apply(Offset{at}, e);
        plain.apply(at, e);
        if (step % 97 == 0) check_same(view, plain);
        if (step % 211 == 0) snapshots.emplace_back(view, plain);
        // A snapshot taken earlier goes on on its own, and the present is unchanged by it.
        if (!snapshots.empty() && step % 5 == 0) {
          auto& [copy, copy_plain] = snapshots[std::size_t(prng.below(snapshots.size()))];
          const DomainEvent t = transfer(0, 1, 1, random_memo(prng, vocabulary));
          const std::uint64_t copy_at = copy.applied_through().value;
          copy.apply(Offset{copy_at}, t);
          copy_plain.apply(copy_at, t);
        }
        // A copy assigned over an older one looks its words up in its own map.
        if (step % 301 == 150 && snapshots.size() > 1) snapshots.front() = snapshots.back();
      }
      check_same(view, plain);
      for (const auto& [copy, copy_plain] : snapshots) check_same(copy, copy_plain);
    }
  }
}

TEST_CASE("a memo's new words beyond words_max are dropped in byte order, as they always were") {
  SearchIndexView view(DeriverLogic::v1);
  std::uint64_t offset = 0;
  // Fill the index to one below its bound, 60 words per memo (at most 7 bytes each).
  for (std::size_t n = 0; n + 1 < SearchIndexView::words_max;) {
    std::string memo;
    for (int i = 0; i < 60 && n + 1 < SearchIndexView::words_max; ++i, ++n) memo += "f" + std::to_string(n) + " ";
    view.apply(Offset{offset++}, transfer(0, 1, 1, memo));
  }
  REQUIRE(view.word_count() == SearchIndexView::words_max - 1);
  // Two new words and an old one: the old one gains the offset, "apple" (first in byte order)
  // takes the last place, "zebra" is dropped, whatever the memo's order.
  view.apply(Offset{offset}, transfer(0, 1, 1, "zebra f5 apple zebra"));
  CHECK(view.word_count() == SearchIndexView::words_max);
  CHECK(view.words_dropped() == 1);
  CHECK(view.query("apple").to_vector() == std::vector<std::uint64_t>{offset});
  CHECK(view.query("zebra").empty());
  CHECK(view.query("f5").back() == offset);
}

}  // TEST_SUITE
