// DecodedRecords is a cache for the derivers: what it answers must be exactly what reading the
// log afresh and decoding gives, through disk faults, replica crashes and keys being destroyed;
// and a deriver that takes records from it must build exactly the view it builds alone.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "event_fixtures.h"
#include "model/decoded_records.h"
#include "model/deriver.h"
#include "model/event_log.h"
#include "model/key_store.h"
#include "model/views/view.h"
#include "sim/prng.h"

using io::model::DecodedRecords;
using io::model::Deriver;
using io::model::DeriverOptions;
using io::model::DomainEvent;
using io::model::EventLog;
using io::model::EventLogOptions;
using io::model::KeyStore;
using io::sim::Offset;
using io::sim::Tick;
using namespace io::model::testing;

namespace {

// A log of three replicas with transfers and renames, some sealed under a few subjects' keys.
struct World {
  EventLog log;
  KeyStore keys{7};
  Tick now{1};
  World() : log(options(), 11) {}
  static EventLogOptions options() {
    EventLogOptions o;
    o.replicas = 3;
    o.ack_replicas = 1;
    return o;
  }
  void append(io::sim::Prng& p) {
    DomainEvent e = p.below(4) == 0 ? renamed(io::model::AccountId(p.below(3)), "name" + std::to_string(p.below(50)))
                                    : transfer(io::model::AccountId(p.below(3)), io::model::AccountId(3 + p.below(3)),
                                               std::int64_t(1 + p.below(500)), "memo " + std::to_string(p.below(9)));
    const auto epoch = std::uint32_t(p.below(3));
    // Personal data is never sealed under a destroyed key: it stays clear then.
    if (p.below(3) == 0 && (keys.alive(e.account, epoch) || !keys.keys().contains({e.account, epoch}))) keys.seal(e, epoch, now);
    log.append(now, "k", io::model::encode(e));
    now = Tick{now.value + 1};
  }
};

// What a reader gets without the cache: read afresh and decode every text.
std::optional<std::optional<DomainEvent>> fresh(const EventLog& log, const KeyStore& keys, Offset at) {
  EventLog::ReadBuffer buffer;
  const auto record = log.read_view(at, buffer);
  if (!record.ok()) return std::nullopt;
  DomainEvent e;
  if (!io::model::read_event_into(record.value().payload, &keys, e)) return std::optional<DomainEvent>{};
  return std::optional<DomainEvent>{e};
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("decoded records answer as a fresh read would, through faults, crashes and destroyed keys") {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    io::sim::Prng p(seed);
    World w;
    DecodedRecords cache;
    std::uint64_t compared = 0;
    for (int step = 0; step < 3000; ++step) {
      const std::uint64_t what = p.below(100);
      if (what < 40 || w.log.end_offset().value == 0) {
        w.append(p);
      } else if (what < 44) {  // a flipped bit in some record on some replica
        const std::uint32_t r = std::uint32_t(p.below(3));
        const std::uint64_t size = w.log.disk(r).size_bytes();
        if (size > 0) w.log.disk_for_fault_injection(r).flip_bit(p.below(size), std::uint8_t(p.below(8)));
      } else if (what < 46) {  // the leader (or another replica) crashes, or comes back
        const std::uint32_t r = std::uint32_t(p.below(3));
        if (w.log.replica_up(r) && w.log.running_replicas() > 1) {
          w.log.crash_replica(r, false);
        } else if (!w.log.replica_up(r)) {
          w.log.restart_replica(r);
        }
      } else if (what < 48) {  // crypto-shredding: a subject's keys are destroyed
        w.keys.destroy_subject(io::model::AccountId(p.below(3)), w.now);
      } else if (what < 50) {  // a repair, which rewrites a copy
        const Offset at{p.below(w.log.end_offset().value)};
        w.log.repair(std::uint32_t(p.below(3)), at);
      } else {  // a read near the end, as derivers read, now and then further back
        const std::uint64_t end = w.log.end_offset().value;
        const Offset at{p.below(4) == 0 ? p.below(end) : end - 1 - p.below(std::min<std::uint64_t>(end, 20))};
        const auto cached = cache.read(w.log, &w.keys, at);
        const auto expected = fresh(w.log, w.keys, at);
        if (!expected) {
          CHECK_FALSE(cached);  // a failed read is never answered from the cache
          continue;
        }
        REQUIRE(cached);
        REQUIRE((cached->event != nullptr) == expected->has_value());
        if (cached->event != nullptr) CHECK(*cached->event == **expected);
        ++compared;
      }
    }
    CHECK(compared > 1000);
    CHECK(cache.hits() > 100);  // the cache was used, not only filled
  }
}

TEST_CASE("a deriver taking records from the shared decoded records builds the view it builds alone") {
  io::sim::Prng p(3);
  World w;
  for (int i = 0; i < 400; ++i) w.append(p);
  w.keys.destroy_subject(1, w.now);  // some sealed memos now read as shredded
  const auto accounts = std::vector<io::model::Account>(6, io::model::Account{"x", 100});
  for (const auto kind : {io::model::ViewKind::balances, io::model::ViewKind::search_index, io::model::ViewKind::counters}) {
    DeriverOptions options;
    options.view = kind;
    options.batch_records = 7;
    Deriver alone(options, accounts);
    Deriver sharing(options, accounts);
    DeriverOptions counting = options;
    counting.view = io::model::ViewKind::counters;
    counting.batch_records = 5;  // another pace: it fills entries ahead of `sharing` or behind it
    Deriver other(counting, accounts);
    DecodedRecords shared;
    for (Tick t{1}; alone.position() < w.log.end_offset(); t = Tick{t.value + 1}) {
      alone.run_batch(t, w.log, &w.keys);
      other.run_batch(t, w.log, &w.keys, &shared);
      sharing.run_batch(t, w.log, &w.keys, &shared);
    }
    CHECK(sharing.position() == alone.position());
    CHECK_FALSE(io::model::first_difference(sharing.view(), alone.view(), accounts));
    CHECK(shared.hits() > 200);  // most records were decoded once for both
  }
}

}  // TEST_SUITE
