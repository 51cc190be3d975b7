#include "model/views/balances_view.h"

#include "sim/assert.h"

namespace io::model {

BalancesView::BalancesView(const AccountTable& accounts, DeriverLogic logic) : logic_(logic) {
  SIM_ASSERT(accounts.size() <= accounts_max);
  balances_cents_.assign(accounts.size(), 0);
  names_.reserve(accounts.size());
  for (const Account& account : accounts) names_.push_back(account.name);
  table_names_ = names_;
  name_offset_.assign(accounts.size(), 0);
  SIM_ASSERT(names_.size() == balances_cents_.size());
}

bool BalancesView::apply(sim::Offset offset, const DomainEvent& event) {
  SIM_ASSERT(offset.value < UINT64_MAX);
  const sim::Offset after{offset.value + 1};
  if (after > applied_through_) applied_through_ = after;
  switch (event.kind) {
    case DomainEventKind::account_opened:
      if (!knows(event.account) || event.amount_cents < 0 || event.amount_cents > amount_cents_max) return false;
      balances_cents_[event.account] = event.amount_cents;
      names_[event.account] = table_names_[event.account];
      name_offset_[event.account] = 0;
      return true;
    case DomainEventKind::transfer: {
      if (!knows(event.account) || !knows(event.to)) return false;
      if (event.amount_cents <= 0 || event.amount_cents > amount_cents_max) return false;
      const std::int64_t pair_before = pair_sum(event.account, event.to);
      balances_cents_[event.account] -= event.amount_cents;
      balances_cents_[event.to] += event.amount_cents;
      // A transfer moves money; it never creates or destroys it (checked on the two accounts
      // only, so a million-event fold stays linear).
      SIM_ASSERT(pair_sum(event.account, event.to) == pair_before);
      return true;
    }
    case DomainEventKind::rename:
      if (!knows(event.account)) return false;
      names_[event.account] = event.shredded ? shredded_name : event.text;
      name_offset_[event.account] = event.shredded ? 0 : offset.value + 1;
      return true;
    case DomainEventKind::consent_given:
    case DomainEventKind::consent_withdrawn: return knows(event.account);
    case DomainEventKind::erasure_requested:
      if (event.account == every_subject) return true;  // retention: names do not expire
      if (!knows(event.account)) return false;
      erase_subject(event.account);
      return true;
    case DomainEventKind::loan_decided:
    case DomainEventKind::loan_outcome: return knows(event.account);  // the lender moves no money in this model
  }
  SIM_ASSERT(false && "unknown DomainEventKind");
  return false;
}

void BalancesView::erase_subject(AccountId account) {
  SIM_ASSERT(knows(account));
  names_[account] = erased_name;
  name_offset_[account] = 0;
  SIM_ASSERT(!personal_name(account));
}

std::int64_t BalancesView::pair_sum(AccountId a, AccountId b) const {
  return balances_cents_[a] + (a == b ? 0 : balances_cents_[b]);
}

std::int64_t BalancesView::balance_cents(AccountId account) const {
  SIM_ASSERT(knows(account));
  return balances_cents_[account];
}

const std::string& BalancesView::display_name(AccountId account) const {
  SIM_ASSERT(knows(account));
  return names_[account];
}

std::int64_t BalancesView::total_cents() const {
  std::int64_t total = 0;
  for (std::int64_t cents : balances_cents_) total += cents;
  return total;
}

}  // namespace io::model
