// The event codec: decode_into() and encode_into(), the allocation-free forms the hot paths use,
// must give exactly what decode() and encode() give, whatever the buffer held before.

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "model/domain_event.h"
#include "sim/prng.h"

using io::model::DomainEvent;
using io::model::DomainEventKind;
using io::model::LoanVerdict;
using io::model::Purpose;

namespace {

std::vector<DomainEvent> assorted_events() {
  std::vector<DomainEvent> out;
  DomainEvent t;
  t.kind = DomainEventKind::transfer;
  t.account = 3;
  t.to = 7;
  t.amount_cents = 4999;
  t.intent = 12;
  t.request_id = "a1b2-c3d4-with-a-long-request-id";
  t.text = "rent lunch books and a memo longer than any small-string buffer";
  out.push_back(t);
  DomainEvent sealed = t;
  sealed.sealed = true;
  sealed.key_epoch = 9;
  out.push_back(sealed);
  DomainEvent consent;
  consent.kind = DomainEventKind::consent_given;
  consent.account = 2;
  consent.purpose = Purpose::analytics;
  consent.text = "x@mail.example";
  out.push_back(consent);
  DomainEvent loan;
  loan.kind = DomainEventKind::loan_decided;
  loan.account = 1;
  loan.amount_cents = 100;
  loan.verdict = LoanVerdict::approved;
  loan.score = 640;
  out.push_back(loan);
  DomainEvent opened;
  opened.kind = DomainEventKind::account_opened;
  opened.amount_cents = 1000;
  out.push_back(opened);
  return out;
}

}  // namespace

TEST_CASE("decode_into and encode_into give what decode and encode give, whatever the buffers held") {
  const std::vector<DomainEvent> events = assorted_events();
  DomainEvent reused;
  std::string buffer = std::string(600, 'z');  // leftovers longer than any payload here
  // Every order of two events through the same buffers: nothing of the first leaks into the second.
  for (const DomainEvent& first : events) {
    for (const DomainEvent& second : events) {
      for (const DomainEvent* e : {&first, &second}) {
        io::model::encode_into(*e, buffer);
        CHECK(buffer == io::model::encode(*e));
        REQUIRE(io::model::decode_into(buffer, reused));
        const auto fresh = io::model::decode(buffer);
        REQUIRE(fresh.has_value());
        CHECK(reused == *fresh);
        CHECK(reused == *e);
      }
    }
  }
}

TEST_CASE("decode_into refuses what decode refuses") {
  DomainEvent reused = assorted_events().front();
  const std::string good = io::model::encode(assorted_events().back());
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    const std::string truncated = good.substr(0, cut);
    CHECK_FALSE(io::model::decode(truncated).has_value());
    CHECK_FALSE(io::model::decode_into(truncated, reused));
  }
  CHECK_FALSE(io::model::decode_into(good + "x", reused));  // trailing bytes
  CHECK(io::model::decode_into(good, reused));
}

TEST_CASE("decode_facts_into is decode_into without the request ID, and refuses the same bytes") {
  DomainEvent facts = assorted_events().front();
  for (const DomainEvent& e : assorted_events()) {
    const std::string bytes = io::model::encode(e);
    REQUIRE(io::model::decode_facts_into(bytes, facts));
    DomainEvent expected = e;
    expected.request_id.clear();
    CHECK(facts == expected);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) CHECK_FALSE(io::model::decode_facts_into(bytes.substr(0, cut), facts));
  }
}

namespace {

// The decoder as it was first written, a bounds-checked reader field by field: the reference the
// faster decode_into() must agree with, byte string by byte string.
std::optional<DomainEvent> reference_decode(std::string_view in) {
  std::size_t at = 0;
  const auto le = [&](int n, std::uint64_t& v) {
    if (in.size() - at < std::size_t(n)) return false;
    v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | std::uint8_t(in[at + std::size_t(i)]);
    at += std::size_t(n);
    return true;
  };
  const auto bytes = [&](std::size_t n, std::string& out) {
    if (in.size() - at < n) return false;
    out.assign(in.substr(at, n));
    at += n;
    return true;
  };
  DomainEvent e;
  std::uint64_t kind = 0, account = 0, to = 0, amount = 0, id_size = 0, text_size = 0;
  if (!le(1, kind)) return std::nullopt;
  e.sealed = (kind & 0x80) != 0;
  kind &= 0x7F;
  if (kind < 1 || kind > 8) return std::nullopt;
  e.kind = DomainEventKind(kind);
  if (!le(2, account) || !le(2, to) || !le(8, amount) || !le(8, e.intent)) return std::nullopt;
  e.account = io::model::AccountId(account);
  e.to = std::uint16_t(to);
  if (e.kind == DomainEventKind::consent_given || e.kind == DomainEventKind::consent_withdrawn) {
    if (e.to != 1 && e.to != 2) return std::nullopt;
    e.purpose = Purpose(e.to);
    e.to = 0;
  }
  e.amount_cents = std::int64_t(amount);
  if (!le(1, id_size) || id_size > DomainEvent::request_id_bytes_max || !bytes(id_size, e.request_id)) return std::nullopt;
  if (e.sealed) {
    std::uint64_t epoch = 0;
    if (!le(8, epoch) || epoch > UINT32_MAX) return std::nullopt;
    e.key_epoch = std::uint32_t(epoch);
  }
  if (!le(2, text_size) || text_size > DomainEvent::text_bytes_max || !bytes(text_size, e.text)) return std::nullopt;
  if (e.kind == DomainEventKind::loan_decided || e.kind == DomainEventKind::loan_outcome) {
    std::uint64_t verdict = 0, score = 0;
    if (!le(1, verdict) || !le(2, score) || score > 1000) return std::nullopt;
    e.verdict = LoanVerdict(verdict);
    e.score = std::uint16_t(score);
    const bool decided = e.kind == DomainEventKind::loan_decided;
    const bool fits = decided ? (verdict >= 1 && verdict <= 3) : (verdict >= 4 && verdict <= 6);
    if (!fits) return std::nullopt;
  }
  if (at != in.size()) return std::nullopt;
  return e;
}

}  // namespace

TEST_CASE("decode_into accepts and reads exactly what the field-by-field reference decoder does") {
  io::sim::Prng prng(2024);
  std::vector<std::string> valid;
  for (DomainEvent e : assorted_events()) {
    valid.push_back(io::model::encode(e));
    e.request_id.clear();
    e.text.clear();
    valid.push_back(io::model::encode(e));
  }
  DomainEvent reused = assorted_events().front();
  DomainEvent facts = reused;
  std::uint64_t accepted = 0;
  for (int round = 0; round < 40000; ++round) {
    // A valid payload with a few bytes changed, cut or lengthened; now and then random bytes.
    std::string bytes = valid[std::size_t(prng.below(valid.size()))];
    if (prng.below(10) == 0) bytes = std::string(std::size_t(prng.below(40)), '\0');
    const std::uint64_t edits = prng.below(4);
    for (std::uint64_t i = 0; i < edits && !bytes.empty(); ++i) {
      const std::size_t at = std::size_t(prng.below(bytes.size()));
      switch (prng.below(5)) {
        case 0: bytes[at] = char(prng.below(256)); break;
        case 1: bytes[at] = char(prng.below(10)); break;  // small values: kinds, purposes, verdicts
        case 2: bytes.resize(at); break;
        case 3: bytes.insert(at, 1, char(prng.below(256))); break;
        case 4: bytes[at] = char(std::uint8_t(bytes[at]) ^ 0x80); break;  // the sealed bit, among others
      }
    }
    const auto expected = reference_decode(bytes);
    const bool ok = io::model::decode_into(bytes, reused);
    REQUIRE(ok == expected.has_value());
    REQUIRE(io::model::decode_facts_into(bytes, facts) == ok);
    // In place: the same bytes refused; the ID and text pointed at in the payload, not copied.
    DomainEvent in_place = reused;
    io::model::PayloadStrings strings;
    REQUIRE(io::model::decode_in_place(bytes, in_place, strings) == ok);
    if (!ok) continue;
    ++accepted;
    CHECK(reused == *expected);
    CHECK(strings.request_id == expected->request_id);
    CHECK(strings.text == expected->text);
    CHECK((strings.text.empty() || (strings.text.data() >= bytes.data() && strings.text.data() < bytes.data() + bytes.size())));
    in_place.request_id = expected->request_id;
    in_place.text = expected->text;
    CHECK(in_place == *expected);
    DomainEvent without_id = *expected;
    without_id.request_id.clear();
    CHECK(facts == without_id);
    // With some kinds' texts only: the others' are left empty, and the same bytes are refused.
    const auto texts = io::model::KindSet(prng.below(io::model::every_kind + 1));
    REQUIRE(io::model::decode_facts_into(bytes, facts, texts));
    if ((texts & io::model::kind_set(expected->kind)) == 0) without_id.text.clear();
    CHECK(facts == without_id);
  }
  CHECK(accepted > 4000);  // the edits leave enough payloads well-formed to compare their fields
}
