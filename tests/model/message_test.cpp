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

}  // TEST_SUITE
