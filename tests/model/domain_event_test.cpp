// The event codec: decode_into() and encode_into(), the allocation-free forms the hot paths use,
// must give exactly what decode() and encode() give, whatever the buffer held before.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "model/domain_event.h"

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
