#include <doctest/doctest.h>

#include "model/message.h"

using io::model::InFlight;
using io::model::Message;
using io::model::MessageKind;

TEST_SUITE("model") {

TEST_CASE("a message slot is reused last-freed first, reset but for its strings' capacity") {
  InFlight wire;
  const std::uint32_t a = wire.claim();
  const std::uint32_t b = wire.claim();
  CHECK(a != b);
  CHECK(wire.size() == 2);
  Message& m = wire.at(a);
  m.kind = MessageKind::response;
  m.local = 7;
  m.operation.text = "coffee rent books, a memo longer than any short-string buffer";
  const std::size_t capacity = m.operation.text.capacity();
  wire.release(a);
  CHECK(wire.size() == 1);
  const std::uint32_t c = wire.claim();
  CHECK(c == a);  // the last freed
  const Message& reused = wire.at(c);
  CHECK(reused.kind == MessageKind::request);
  CHECK(reused.local == 0);
  CHECK(reused.operation.text.empty());
  CHECK(reused.operation.text.capacity() >= capacity);
  CHECK(wire.size() == 2);
}

TEST_CASE("a message stays in place while other slots are claimed") {
  InFlight wire;
  const std::uint32_t first = wire.claim();
  wire.at(first).local = 42;
  const Message* where = &wire.at(first);
  for (int i = 0; i < 1000; ++i) wire.claim();
  CHECK(&wire.at(first) == where);
  CHECK(wire.at(first).local == 42);
}

TEST_CASE("a copy of the messages in flight has the same slots, and the two go on apart") {
  // Enough slots for several chunks, some freed, so the copy must keep both the messages and the
  // order in which free slots are handed out.
  InFlight wire;
  for (std::uint32_t i = 0; i < 300; ++i) {
    const std::uint32_t slot = wire.claim();
    CHECK(slot == i);
    wire.at(slot).local = 1000 + i;
  }
  for (const std::uint32_t freed : {7u, 150u, 299u}) wire.release(freed);
  InFlight copy = wire;
  CHECK(copy.size() == 297);
  for (std::uint32_t i = 0; i < 300; ++i) {
    if (i == 7 || i == 150 || i == 299) continue;
    CHECK(copy.at(i).local == 1000 + i);
    CHECK(&copy.at(i) != &wire.at(i));  // the copy's own messages
  }
  // Both hand out the same free slots in the same order, then new ones.
  for (const std::uint32_t expected : {299u, 150u, 7u, 300u}) {
    CHECK(wire.claim() == expected);
    CHECK(copy.claim() == expected);
  }
  wire.at(5).local = 1;
  copy.at(6).local = 2;
  CHECK(copy.at(5).local == 1005);
  CHECK(wire.at(6).local == 1006);
  // Assigning a copy over another replaces it whole.
  InFlight assigned;
  assigned.claim();
  assigned = copy;
  CHECK(assigned.size() == copy.size());
  CHECK(assigned.at(6).local == 2);
  CHECK(assigned.at(299).local == 0);  // claimed again, so reset
}

}  // TEST_SUITE
