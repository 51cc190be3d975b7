#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "event_fixtures.h"
#include "model/event_log.h"
#include "model/idempotency_table.h"
#include "model/key_store.h"
#include "sim/prng.h"
#include "sim/trace.h"

using io::model::DomainEvent;
using io::model::IdempotencyTable;
using io::sim::Offset;

namespace {

DomainEvent request(std::string id, std::int64_t cents = 100) {
  DomainEvent e = io::model::testing::transfer(0, 1, cents, "memo");
  e.request_id = std::move(id);
  return e;
}

// IDs of every length up to the limit, so that some straddle where a chunk of keys would end.
std::string id_of(std::uint64_t n) {
  std::string id = "req-" + std::to_string(n);
  id.append(n % (DomainEvent::request_id_bytes_max - id.size() + 1), char('a' + n % 26));
  return id;
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("the idempotency table finds what it remembered, and keeps an ID's first effect") {
  IdempotencyTable t;
  CHECK_FALSE(t.find("a"));
  t.remember(request("a", 100), Offset{3});
  t.remember(request("b", 200), Offset{4});
  t.remember(request("a", 999), Offset{9});  // the same ID again: the first entry stays
  CHECK(t.size() == 2);
  const auto a = t.find("a");
  REQUIRE(a);
  CHECK(a->offset == Offset{3});
  CHECK(a->fingerprint == IdempotencyTable::fingerprint(request("a", 100)));
  CHECK(a->fingerprint != IdempotencyTable::fingerprint(request("a", 999)));
  CHECK(t.find("b")->offset == Offset{4});
  CHECK_FALSE(t.find("ab"));
  CHECK_FALSE(t.find(""));
  t.clear();
  CHECK(t.size() == 0);
  CHECK_FALSE(t.find("a"));
}

TEST_CASE("the idempotency table agrees with a map over many IDs, in a few levels") {
  IdempotencyTable t;
  std::map<std::string, std::uint64_t> model;  // ID -> first offset
  io::sim::Prng prng(11);
  for (std::uint64_t o = 0; o < 40'000; ++o) {
    // Every fourth request reuses a recent or an old ID, as retries and duplicates do.
    const std::uint64_t n = prng.below(4) == 0 && o > 0 ? prng.below(o) : o;
    // The front door's way in end-to-end mode (a find that misses, then remember_absent) on
    // odd offsets; remember() alone on even ones.
    if (o % 2 == 1 && !t.find(id_of(n))) {
      t.remember_absent(request(id_of(n)), Offset{o});
    } else {
      t.remember(request(id_of(n)), Offset{o});
    }
    model.emplace(id_of(n), o);
  }
  CHECK(t.size() == model.size());
  // Sizes strictly decrease from the oldest level: at most log2(size / recent_max) + 1 of them.
  CHECK(t.level_count() <= 9);
  for (std::uint64_t n = 0; n < 45'000; ++n) {
    const auto found = t.find(id_of(n));
    const auto it = model.find(id_of(n));
    REQUIRE(found.has_value() == (it != model.end()));
    if (found) CHECK(found->offset.value == it->second);
  }
}

TEST_CASE("the idempotency table's level filters let through every ID a level holds and few it does not") {
  IdempotencyTable t;
  for (std::uint64_t o = 0; o < 40'000; ++o) t.remember(request(id_of(o)), Offset{o});
  REQUIRE(t.level_count() >= 4);
  std::uint64_t passed = 0, asked = 0;
  for (std::uint64_t n = 40'000; n < 50'000; ++n) {
    passed += t.levels_passed(id_of(n));
    asked += t.level_count();
  }
  CHECK(passed * 100 < asked * 8);  // under 8 % of the levels a new ID is looked up in
  // A held ID passes its own level's filter (but the newest, in the small mutable table that has
  // none), so it is found wherever it sits.
  const std::uint64_t in_levels = 40'000 - 40'000 % IdempotencyTable::recent_max;
  for (std::uint64_t o = 0; o < 40'000; o += 37) {
    if (o < in_levels) CHECK(t.levels_passed(id_of(o)) >= 1);
    CHECK(t.find(id_of(o))->offset == Offset{o});
  }
}

TEST_CASE("a copy of the idempotency table is unaffected by later writes to either side") {
  IdempotencyTable original;
  for (std::uint64_t o = 0; o < 1000; ++o) original.remember(request(id_of(o)), Offset{o});
  IdempotencyTable copy = original;
  for (std::uint64_t o = 1000; o < 1500; ++o) original.remember(request(id_of(o)), Offset{o});
  for (std::uint64_t o = 2000; o < 2300; ++o) copy.remember(request(id_of(o)), Offset{o});
  CHECK(original.size() == 1500);
  CHECK(copy.size() == 1300);
  CHECK(original.find(id_of(1200)));
  CHECK_FALSE(copy.find(id_of(1200)));
  CHECK(copy.find(id_of(2100)));
  CHECK_FALSE(original.find(id_of(2100)));
  CHECK(copy.find(id_of(999))->offset == Offset{999});
  CHECK(original.find(id_of(999))->offset == Offset{999});
}

TEST_CASE("the idempotency table's ID hash is the length, then the bytes as zero-padded little-endian words") {
  // The plain definition, byte by byte: the table's word loads must agree with it at every length.
  const auto reference = [](const std::string& id) {
    std::uint64_t h = io::sim::hash_mix(0x1D, id.size());
    for (std::size_t i = 0; i < id.size(); i += 8) {
      std::uint64_t word = 0;
      for (std::size_t k = 0; k < 8 && i + k < id.size(); ++k) word |= std::uint64_t(std::uint8_t(id[i + k])) << (8 * k);
      h = io::sim::hash_mix(h, word);
    }
    return h;
  };
  std::string id;
  for (std::size_t n = 0; n <= DomainEvent::request_id_bytes_max; ++n) {
    CHECK(IdempotencyTable::id_hash(id) == reference(id));
    id.push_back(char(0x80 + 37 * n));  // high bytes too, which must not sign-extend
  }
}

TEST_CASE("the idempotency fingerprint tells apart requests that differ in any parameter") {
  const DomainEvent base = request("id", 100);
  const std::uint64_t f = IdempotencyTable::fingerprint(base);
  DomainEvent other = base;
  other.request_id = "another";  // not a parameter: the ID is the key, not part of the value
  CHECK(IdempotencyTable::fingerprint(other) == f);
  other = base;
  other.amount_cents = 101;
  CHECK(IdempotencyTable::fingerprint(other) != f);
  other = base;
  other.to = 2;
  CHECK(IdempotencyTable::fingerprint(other) != f);
  other = base;
  other.account = 2;
  other.to = 1;
  CHECK(IdempotencyTable::fingerprint(other) != f);
  other = base;
  other.kind = io::model::DomainEventKind::rename;
  CHECK(IdempotencyTable::fingerprint(other) != f);
  other = base;
  other.text = "memp";
  CHECK(IdempotencyTable::fingerprint(other) != f);
  other.text = std::string("memo\0", 5);  // the length counts: a trailing zero byte is a difference
  CHECK(IdempotencyTable::fingerprint(other) != f);
}

TEST_CASE("copies of the idempotency table taken between and across level merges each find exactly their IDs") {
  // Enough entries for several merges of the levels, with copies taken mid-batch, right at a
  // batch's end and after merges; each copy then goes on with IDs of its own (some long, kept
  // apart from their entries, some short) while the original goes on with others.
  constexpr std::uint64_t batch = IdempotencyTable::recent_max;
  IdempotencyTable original;
  std::uint64_t o = 0;
  for (; o < 3 * batch + batch / 2; ++o) original.remember_absent(request(id_of(o)), Offset{o});
  struct Copy {
    IdempotencyTable table;
    std::uint64_t taken_at;   // the original's size then
    std::uint64_t own_first;  // the copy's own IDs are id_of(own_first + i)
    std::uint64_t own_count;
  };
  std::vector<Copy> copies;
  std::uint64_t own = 1'000'000;
  for (const std::uint64_t more : {batch / 2, batch, 5 * batch / 2, batch / 3}) {
    Copy c{original, o, own, more + 7};
    for (std::uint64_t i = 0; i < c.own_count; ++i) c.table.remember_absent(request(id_of(own + i)), Offset{o + i});
    own += c.own_count;
    copies.push_back(std::move(c));
    for (std::uint64_t i = 0; i < more; ++i, ++o) original.remember_absent(request(id_of(o)), Offset{o});
  }
  for (const Copy& c : copies) {
    CHECK(c.table.size() == c.taken_at + c.own_count);
    for (std::uint64_t n = 0; n < o; ++n) REQUIRE(c.table.find(id_of(n)).has_value() == (n < c.taken_at));
    for (std::uint64_t i = 0; i < c.own_count; ++i) {
      REQUIRE(c.table.find(id_of(c.own_first + i)));
      CHECK(c.table.find(id_of(c.own_first + i))->offset == Offset{c.taken_at + i});
    }
    for (const Copy& other : copies) {
      if (&other != &c) CHECK_FALSE(c.table.find(id_of(other.own_first)));
    }
  }
  // The original finds every one of its IDs at the offset it was remembered with, and no copy's.
  CHECK(original.size() == o);
  for (std::uint64_t n = 0; n < o; ++n) {
    const auto found = original.find(id_of(n), IdempotencyTable::id_hash(id_of(n)));
    REQUIRE(found);
    CHECK(found->offset == Offset{n});
  }
  for (const Copy& c : copies) CHECK_FALSE(original.find(id_of(c.own_first)));
}

TEST_CASE("rebuilding the idempotency table from the log gives what remembering gave") {
  io::model::EventLog log;
  IdempotencyTable remembered;
  io::sim::Prng prng(5);
  for (std::uint64_t o = 0; o < 3000; ++o) {
    DomainEvent e = request(id_of(prng.below(2000)), std::int64_t(o + 1));
    if (o % 7 == 0) e.request_id.clear();  // an event without an ID is not remembered
    const auto appended = log.append(io::sim::Tick{o}, "alice", encode(e));
    REQUIRE(appended.acknowledged);
    if (!e.request_id.empty()) remembered.remember(e, appended.offset);
  }
  IdempotencyTable rebuilt;
  rebuilt.remember(request("stale"), Offset{0});  // replaced by the rebuild
  CHECK(rebuilt.rebuild(log) == 3000);
  CHECK(rebuilt.size() == remembered.size());
  CHECK_FALSE(rebuilt.find("stale"));
  for (std::uint64_t n = 0; n < 2000; ++n) {
    const auto a = remembered.find(id_of(n));
    const auto b = rebuilt.find(id_of(n));
    REQUIRE(a.has_value() == b.has_value());
    if (!a) continue;
    CHECK(a->offset == b->offset);
    CHECK(a->fingerprint == b->fingerprint);
  }
  // Remembering goes on after a rebuild.
  rebuilt.remember(request("after"), Offset{3000});
  CHECK(rebuilt.find("after")->offset == Offset{3000});
}

TEST_CASE("a rebuild fingerprints memos as they were asked for, sealed ones opened through the keys") {
  io::model::EventLog log;
  io::model::KeyStore keys(3);
  IdempotencyTable remembered;
  io::sim::Prng prng(8);
  for (std::uint64_t o = 0; o < 500; ++o) {
    DomainEvent e = request(id_of(o), std::int64_t(o + 1));
    e.text = "memo " + std::to_string(prng.below(1000));
    remembered.remember(e, Offset{o});  // the clear request, as the front door saw it
    if (o % 3 == 0) keys.seal(e, std::uint32_t(o % 2), io::sim::Tick{o});  // personal data at rest
    REQUIRE(log.append(io::sim::Tick{o}, "alice", encode(e)).acknowledged);
  }
  IdempotencyTable rebuilt;
  CHECK(rebuilt.rebuild(log, &keys) == 500);
  for (std::uint64_t o = 0; o < 500; ++o) {
    const auto a = remembered.find(id_of(o));
    const auto b = rebuilt.find(id_of(o));
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->fingerprint == b->fingerprint);  // a retry of the clear request still matches
  }
  // Without the keys a sealed memo is ciphertext: its fingerprint no longer matches.
  IdempotencyTable blind;
  blind.rebuild(log);
  CHECK(blind.find(id_of(0))->fingerprint != remembered.find(id_of(0))->fingerprint);
  CHECK(blind.find(id_of(1))->fingerprint == remembered.find(id_of(1))->fingerprint);
}

}  // TEST_SUITE
