#pragma once
// The balances view: the "key-value table" a conventional database would hold as its primary
// data, here only a materialized view, derived by folding the log's events in offset order.
// Balance and display name per account; v1 and v2 derive it the same way.

#include <cstdint>
#include <string>
#include <vector>

#include "model/domain_event.h"
#include "model/views/view_kind.h"
#include "sim/types.h"

namespace io::model {

class BalancesView {
 public:
  // An empty view for `accounts`: every balance 0, every display name the table's name.
  BalancesView(const AccountTable& accounts, DeriverLogic logic = DeriverLogic::v1);

  // Applies one event's effect. account_opened sets the balance to amount_cents and the name back
  // to the table's; transfer moves amount_cents from `account` to `to`; rename sets the name to
  // `text` (or to shredded_name if its text was shredded); erasure_requested sets the subject's
  // name to erased_name; consent events change nothing. Returns false, changing no data, if the
  // event names an account outside the table or carries an amount outside [0, amount_cents_max]
  // (a transfer's must also be above 0). Either way the record counts as processed:
  // applied_through() becomes at least offset + 1.
  bool apply(sim::Offset offset, const DomainEvent& event);
  // The kinds whose text apply() reads: a reader may leave the others' empty.
  static constexpr KindSet text_kinds = kind_set(DomainEventKind::rename);
  // Forgets `account`'s display name as its erasure would. `account` < account_count().
  void erase_subject(AccountId account);

  // The offset after the last record applied, stored with the data (see view.h).
  sim::Offset applied_through() const { return applied_through_; }
  DeriverLogic logic() const { return logic_; }

  std::size_t account_count() const { return balances_cents_.size(); }
  // Balance of `account` (< account_count()), in cents.
  std::int64_t balance_cents(AccountId account) const;
  // Display name of `account` (< account_count()).
  const std::string& display_name(AccountId account) const;
  // Sum of all balances: transfers conserve it, so it equals the sum of the opening amounts.
  std::int64_t total_cents() const;
  // Whether `account`'s display name is personal data (set by a rename, not the table's name or
  // a marker), and the offset of the rename that set it.
  bool personal_name(AccountId account) const { return name_offset_[account] != 0; }
  std::uint64_t name_offset(AccountId account) const { return name_offset_[account] - 1; }

  // What an erased subject's, or an unreadable rename's, display name becomes.
  static constexpr const char* erased_name = "[erased]";
  static constexpr const char* shredded_name = "[shredded]";

  // Larger amounts are rejected as corrupt or hostile: with at most EventLog::records_max events
  // of at most this much each, no balance can overflow 64 bits.
  static constexpr std::int64_t amount_cents_max = 1'000'000'000'000;  // ten billion

 private:
  bool knows(AccountId account) const { return account < balances_cents_.size(); }
  std::int64_t pair_sum(AccountId a, AccountId b) const;

  DeriverLogic logic_;
  sim::Offset applied_through_{0};
  std::vector<std::int64_t> balances_cents_;  // by AccountId
  std::vector<std::string> names_;            // by AccountId
  std::vector<std::string> table_names_;      // what account_opened restores a name to
  std::vector<std::uint64_t> name_offset_;    // by AccountId: 1 + the rename's offset, 0 if not personal
};

}  // namespace io::model
