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
};

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
  std::string text;        // transfer: memo; rename: the new display name
  bool operator==(const DomainEvent&) const = default;

  static constexpr std::size_t request_id_bytes_max = 64;
  static constexpr std::size_t text_bytes_max = 512;
};

// Encodes `event` as a record payload. The event must respect the limits above.
std::string encode(const DomainEvent& event);
// Decodes a payload; nullopt if the bytes are not a well-formed event.
std::optional<DomainEvent> decode(std::string_view payload);

// The account table: names by AccountId, and the balances they opened with.
struct Account {
  std::string name;
  std::int64_t opening_balance_cents = 0;
};
using AccountTable = std::vector<Account>;
inline constexpr std::size_t accounts_max = 1024;

// One line for people: "transfer a1b2-c3d4: alice -> bob 50.00 \"lunch\"".
std::string describe(const DomainEvent& event, const AccountTable& accounts);
// "12.34", "-0.50": cents as a decimal amount, for display only.
std::string format_cents(std::int64_t cents);

// Memo words, split on spaces: the search index's unit.
std::vector<std::string_view> memo_words(std::string_view memo);

}  // namespace io::model
