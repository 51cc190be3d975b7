#pragma once
// The events the log records: the facts of the application, as opposed to the state derived from
// them. In the chapter's terms these are the system of record; balances, search indexes, caches
// and counters are all functions of this sequence. Each event is encoded into a record's payload
// in a fixed little-endian binary layout, so every derivation reads exactly the same bytes on
// every platform.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace io::model {

// Index into the world's account table (names are in AccountTable).
using AccountId = std::uint16_t;

enum class DomainEventKind : std::uint8_t {
  account_opened = 1,  // an account starts to exist with an initial balance
  transfer = 2,        // money moves from one account to another
  rename = 3,          // an account's display name changes (a non-commutative overwrite)
  // Privacy (see consent_registry.h). The data subjects are the accounts.
  consent_given = 4,      // the subject agrees to a purpose; text: a contact address for it
  consent_withdrawn = 5,  // the subject takes that agreement back
  erasure_requested = 6,  // forget the subject's personal data (or, for every_subject, a
                          // retention sweep: forget every personal field of key epochs before
                          // amount_cents)
  // Credit (see lender.h). The applicants are accounts; amount_cents is the loan's size.
  loan_decided = 7,  // the lender's verdict on an application, and the score it read
  loan_outcome = 8,  // how a loan ended, or a payment missed elsewhere after a denial
};

// A loan_decided's verdict or a loan_outcome's result. Encoded only in loan events.
enum class LoanVerdict : std::uint8_t {
  none = 0,
  denied = 1,            // loan_decided: the score was below the threshold
  approved = 2,          // loan_decided: the score reached the threshold
  explored = 3,          // loan_decided: approved below the threshold, to learn (exploration)
  repaid = 4,            // loan_outcome
  defaulted = 5,         // loan_outcome
  missed_elsewhere = 6,  // loan_outcome: a payment to another lender, after this one's denial
};
const char* to_string(LoanVerdict verdict);

// What a subject consents to. Encoded in a consent event's `to` field.
enum class Purpose : std::uint8_t { none = 0, marketing = 1, analytics = 2 };
const char* to_string(Purpose purpose);
std::optional<Purpose> purpose_from_string(std::string_view name);

// The subject of a retention sweep's erasure_requested: every subject at once.
inline constexpr AccountId every_subject = 0xFFFF;

struct DomainEvent {
  DomainEventKind kind = DomainEventKind::transfer;
  AccountId account = 0;       // account_opened, rename: the account; transfer: the payer
  AccountId to = 0;            // transfer: the payee
  std::int64_t amount_cents = 0;  // account_opened: initial balance; transfer: amount (> 0)
  // The simulator's omniscient label for the user's intention behind a request: every retry and
  // duplicate of one click carries the same intent. No component reads it to decide anything;
  // only metrics do, to count a request applied more than once (duplicate_effects).
  std::uint64_t intent = 0;
  std::string request_id;  // transfer, rename: the client-generated ID (may be empty)
  std::string text;        // transfer: memo; rename: the new display name; consent_given: contact
  Purpose purpose = Purpose::none;  // consent events only
  // Personal data at rest: `text` is the only personal field. When `sealed`, it holds ciphertext
  // under the key (account, key_epoch) of the KeyStore; KeyStore::open() turns it back into
  // plaintext, or, if that key was destroyed (crypto-shredding), into "" with `shredded` set.
  bool sealed = false;
  std::uint32_t key_epoch = 0;
  bool shredded = false;  // never encoded: set by KeyStore::open() when the key is gone
  LoanVerdict verdict = LoanVerdict::none;  // loan events only
  std::uint16_t score = 0;  // loan_decided: the score (0..1000) the verdict was decided on
  bool operator==(const DomainEvent&) const = default;

  static constexpr std::size_t request_id_bytes_max = 64;
  static constexpr std::size_t text_bytes_max = 512;
};

// Encodes `event` as a record payload. The event must respect the limits above and not be
// shredded. An unsealed event's bytes are the same as before privacy existed, so runs that do not
// use it are unchanged; a sealed one is marked in its kind byte and carries its key epoch.
std::string encode(const DomainEvent& event);
// encode() into `out`, replacing its contents: a hot path that keeps one buffer allocates nothing.
void encode_into(const DomainEvent& event, std::string& out);
// Decodes a payload; nullopt if the bytes are not a well-formed event.
std::optional<DomainEvent> decode(std::string_view payload);
// decode() into `out`, reusing the capacity of its strings: a reader that decodes record after
// record into one DomainEvent allocates nothing. Returns false if the bytes are not a well-formed
// event (then `out` holds an unspecified, valid event).
bool decode_into(std::string_view payload, DomainEvent& out);
// A set of DomainEventKinds, one bit each (kind_set()): which kinds' text a reader needs.
using KindSet = std::uint16_t;
constexpr KindSet kind_set(DomainEventKind kind) { return KindSet(1u << unsigned(kind)); }
inline constexpr KindSet every_kind = 0x1FE;  // kinds 1..8
// decode_into() for readers that never look at the request ID (views: what they derive is a
// function of the facts, not of how they were asked for): `out.request_id` is left empty, which
// spares a copy per record, and so is `out.text` unless the event's kind is in `text_kinds`. The
// payload must still be well-formed, request ID, text and all.
bool decode_facts_into(std::string_view payload, DomainEvent& out, KindSet text_kinds = every_kind);
// Where a payload's request ID and text lie, within the payload itself.
struct PayloadStrings {
  std::string_view request_id;
  std::string_view text;
};
// decode_into() for a reader that only looks at the request ID and the text, and copies neither:
// `out.request_id` and `out.text` are left empty, and `strings` points into `payload` instead.
bool decode_in_place(std::string_view payload, DomainEvent& out, PayloadStrings& strings);

// The account table: names by AccountId, and the balances they opened with.
struct Account {
  std::string name;
  std::int64_t opening_balance_cents = 0;
  bool operator==(const Account&) const = default;
};
using AccountTable = std::vector<Account>;
inline constexpr std::size_t accounts_max = 1024;

// One line for people: "transfer a1b2-c3d4: alice -> bob 50.00 \"lunch\"".
std::string describe(const DomainEvent& event, const AccountTable& accounts);
// "12.34", "-0.50": cents as a decimal amount, for display only.
std::string format_cents(std::int64_t cents);

// Whether `kind` is one of the privacy events (consent_given, consent_withdrawn, erasure_requested).
constexpr bool is_privacy_event(DomainEventKind kind) {
  return kind == DomainEventKind::consent_given || kind == DomainEventKind::consent_withdrawn ||
         kind == DomainEventKind::erasure_requested;
}

// Calls `visit(word)` for each of a memo's words, in order: the memo split on spaces, the search
// index's unit.
template <typename Visit>
void for_each_memo_word(std::string_view memo, Visit&& visit) {
  std::size_t i = 0;
  while (i < memo.size()) {
    while (i < memo.size() && memo[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < memo.size() && memo[i] != ' ') ++i;
    if (i > start) visit(memo.substr(start, i - start));
  }
}

}  // namespace io::model
