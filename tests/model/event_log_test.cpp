#include <doctest/doctest.h>

#include <string>

#include "model/event_log.h"

using io::model::EventLog;
using io::model::LogReadError;
using io::sim::Offset;
using io::sim::Tick;

TEST_SUITE("model") {

TEST_CASE("appends get consecutive offsets and read back exactly") {
  EventLog log;
  CHECK(log.end_offset() == Offset{0});
  CHECK(log.append(Tick{3}, "acct:alice", "pay 100").offset == Offset{0});
  CHECK(log.append(Tick{4}, "acct:bob", "pay 250").offset == Offset{1});
  CHECK(log.append(Tick{4}, "", "").offset == Offset{2});
  CHECK(log.end_offset() == Offset{3});
  auto r = log.read(Offset{1});
  REQUIRE(r.ok());
  CHECK(r.value().offset == Offset{1});
  CHECK(r.value().appended_at == Tick{4});
  CHECK(r.value().key == "acct:bob");
  CHECK(r.value().payload == "pay 250");
  auto empty = log.read(Offset{2});
  REQUIRE(empty.ok());
  CHECK(empty.value().key.empty());
}

TEST_CASE("reading beyond the end is reported, not invented") {
  EventLog log;
  log.append(Tick{0}, "k", "v");
  auto r = log.read(Offset{1});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == LogReadError::beyond_end);
}

TEST_CASE("records are immutable: later appends never change earlier records") {
  EventLog log;
  log.append(Tick{0}, "k0", "first");
  const auto before = log.read(Offset{0}).value();
  for (int i = 1; i < 5000; ++i) log.append(Tick{std::uint64_t(i)}, "k" + std::to_string(i), std::string(std::size_t(i % 300), 'x'));
  CHECK(log.read(Offset{0}).value() == before);
  CHECK(log.read(Offset{4999}).value().key == "k4999");
}

TEST_CASE("any single flipped bit in a stored record fails its checksum") {
  EventLog log;
  log.append(Tick{0}, "acct:alice", "pay 100 cents from alice");
  log.append(Tick{1}, "acct:bob", "pay 200 cents from bob");
  const std::uint64_t position = log.disk_position(Offset{1});
  const std::uint32_t size = log.stored_size(Offset{1});
  for (std::uint32_t bit = 0; bit < size * 8; ++bit) {
    EventLog copy = log;  // a snapshot: the original stays clean
    copy.disk_for_fault_injection().flip_bit(position + bit / 8, std::uint8_t(bit % 8));
    auto r = copy.read(Offset{1});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == LogReadError::checksum_mismatch);
    CHECK(copy.read(Offset{0}).ok());  // its neighbour is untouched
  }
  CHECK(log.read(Offset{1}).ok());
}

TEST_CASE("the largest allowed key and payload round-trip") {
  EventLog log;
  const std::string key(EventLog::key_bytes_max, 'k');
  const std::string payload(EventLog::payload_bytes_max, 'p');
  log.append(Tick{0}, key, payload);
  auto r = log.read(Offset{0});
  REQUIRE(r.ok());
  CHECK(r.value().key == key);
  CHECK(r.value().payload == payload);
  CHECK(log.stored_size(Offset{0}) == EventLog::header_bytes + key.size() + payload.size());
}

}  // TEST_SUITE
