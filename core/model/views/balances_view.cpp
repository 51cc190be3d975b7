#include "model/views/balances_view.h"

#include "sim/assert.h"

namespace io::model {

BalancesView::BalancesView(const AccountTable& accounts, DeriverLogic logic) : logic_(logic) {
  SIM_ASSERT(accounts.size() <= accounts_max);
  balances_cents_.assign(accounts.size(), 0);
  names_.reserve(accounts.size());
  for (const Account& account : accounts) names_.push_back(account.name);
  table_names_ = names_;
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
      names_[event.account] = event.text;
      return true;
  }
  SIM_ASSERT(false && "unknown DomainEventKind");
  return false;
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
