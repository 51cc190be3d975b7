#include <doctest/doctest.h>

#include "model/world.h"

using io::model::ClientOptions;
using io::model::Command;
using io::model::CommandKind;
using io::model::World;
using io::model::WorldOptions;
using io::sim::Offset;
using io::sim::Tick;

namespace {
Command cmd(std::uint64_t at, CommandKind kind, std::uint64_t target, std::uint64_t argument = 0) {
  Command c = Command::of(kind, target, argument);
  c.at = Tick{at};
  return c;
}

WorldOptions two_clients(std::uint64_t seed) {
  WorldOptions o;
  o.seed = seed;
  o.accounts = {{"alice", 10000}, {"bob", 10000}};
  ClientOptions a;
  a.name = "alice";
  a.from_accounts = {0};
  a.to_accounts = {1};
  a.interval_ticks_min = 5;
  a.interval_ticks_max = 15;
  a.amount_cents_min = 100;
  a.amount_cents_max = 900;
  ClientOptions b = a;
  b.name = "bob";
  b.from_accounts = {1};
  b.to_accounts = {0};
  b.start_tick = 2;
  b.requests_max = 3;
  o.clients = {a, b};
  o.trace_entries_max = 1000;
  return o;
}
}  // namespace

TEST_SUITE("model") {

TEST_CASE("clients append payments to the log at their own pace") {
  World w(two_clients(1));
  w.advance_to(Tick{200});
  CHECK(w.now() == Tick{200});
  CHECK(w.clients()[1].requests_sent() == 3);  // bob stops at requests_max
  CHECK(w.clients()[0].requests_sent() >= 200 / 15);
  CHECK(w.clients()[0].requests_sent() <= 200 / 5 + 1);
  // Two opening records, then one per request (a perfect network: every request arrives once).
  CHECK(w.log().end_offset().value == 2 + w.clients()[0].requests_sent() - w.clients()[0].pending().size() + 3);
  // Records are in tick order and decode to transfers between the two accounts.
  Tick previous{0};
  for (std::uint64_t i = 0; i < w.log().end_offset().value; ++i) {
    auto r = w.log().read(Offset{i});
    REQUIRE(r.ok());
    CHECK(r.value().appended_at >= previous);
    previous = r.value().appended_at;
    const auto e = io::model::decode(r.value().payload);
    REQUIRE(e.has_value());
    CHECK(e->kind == (i < 2 ? io::model::DomainEventKind::account_opened : io::model::DomainEventKind::transfer));
  }
}

TEST_CASE("advance_to is the same in one go or tick by tick") {
  World a(two_clients(9)), b(two_clients(9));
  a.advance_to(Tick{300});
  for (std::uint64_t t = 1; t <= 300; ++t) b.advance_to(Tick{t});
  CHECK(a.trace().hash() == b.trace().hash());
  CHECK(a.log().end_offset() == b.log().end_offset());
  CHECK(a.events_processed() == b.events_processed());
}

TEST_CASE("a copy of the world is a snapshot that runs on identically") {
  World w(two_clients(4));
  w.advance_to(Tick{100});
  World snapshot = w;
  w.advance_to(Tick{400});
  CHECK(snapshot.now() == Tick{100});
  CHECK(snapshot.log().end_offset() < w.log().end_offset());
  snapshot.advance_to(Tick{400});
  CHECK(snapshot.trace().hash() == w.trace().hash());
}

TEST_CASE("commands change the world, are traced, and bad ones are refused as values") {
  World w(two_clients(2));
  w.advance_to(Tick{50});
  const auto before = w.log().end_offset();
  const auto hash_before = w.trace().hash();
  w.apply(cmd(50, CommandKind::client_send_now, 0, 0));
  w.advance_to(Tick{52});  // the request needs a tick on the network to reach the front door
  CHECK(w.log().end_offset().value >= before.value + 1);
  CHECK(w.trace().hash() != hash_before);

  CHECK(w.reject_reason(cmd(50, CommandKind::client_send_now, 7, 0)) != nullptr);
  CHECK(w.reject_reason(cmd(50, CommandKind::corrupt_record, 100000, 0)) != nullptr);

  w.apply(cmd(52, CommandKind::corrupt_record, 0, 77));
  auto r = w.log().read(Offset{0});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == io::model::LogReadError::checksum_mismatch);
}

TEST_CASE("a fault aimed at a copy a replica does not hold is refused, not a crash of the simulator") {
  WorldOptions o = two_clients(3);
  o.log.replicas = 2;
  o.log.ack_replicas = 1;
  World w(o);
  w.advance_to(Tick{20});
  w.apply(cmd(20, CommandKind::crash_replica, 0));
  w.advance_to(Tick{45});  // replica 1 alone takes the appends
  const Offset held = w.log().replica_end(0);
  REQUIRE(w.log().end_offset() > held);
  const std::uint64_t newest = w.log().end_offset().value - 1;
  w.apply(cmd(45, CommandKind::crash_replica, 1));  // both down: reads would come from replica 0
  REQUIRE(w.log().leader() == 0);
  CHECK(w.reject_reason(cmd(45, CommandKind::corrupt_record, newest, 3)) != nullptr);
  Command rot = cmd(45, CommandKind::inject_fault, 0, newest);
  rot.count = std::uint32_t(io::model::DiskFault::bit_rot);
  CHECK(w.reject_reason(rot) != nullptr);
  rot.target = 1;  // replica 1 holds it, down or not: bit rot does not wait for a process
  CHECK(w.reject_reason(rot) == nullptr);
  w.apply(rot);
  CHECK(w.reject_reason(cmd(45, CommandKind::corrupt_record, 0, 3)) == nullptr);
  w.apply(cmd(45, CommandKind::corrupt_record, 0, 3));
  w.advance_to(Tick{200});  // both restart and recover; the run goes on
  CHECK(w.now() == Tick{200});
}

}  // TEST_SUITE
