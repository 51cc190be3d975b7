#include "model/views/counters_view.h"

#include "sim/assert.h"

namespace io::model {

CountersView::CountersView(const AccountTable& accounts, DeriverLogic logic) : logic_(logic) {
  SIM_ASSERT(accounts.size() <= accounts_max);
  SIM_ASSERT(logic == DeriverLogic::v1 || logic == DeriverLogic::v2);
  counts_.assign(accounts.size(), 0);
}

bool CountersView::apply(sim::Offset offset, const DomainEvent& event) {
  SIM_ASSERT(offset.value < UINT64_MAX);
  const sim::Offset after{offset.value + 1};
  if (after > applied_through_) applied_through_ = after;
  if (event.kind != DomainEventKind::transfer) return true;
  if (event.account >= counts_.size() || event.to >= counts_.size()) return false;
  const std::uint64_t total_before = total_;
  ++counts_[event.account];
  ++total_;
  if (logic_ == DeriverLogic::v2) {
    ++counts_[event.to];
    ++total_;
  }
  SIM_ASSERT(total_ == total_before + (logic_ == DeriverLogic::v2 ? 2u : 1u));
  return true;
}

std::uint64_t CountersView::count(AccountId account) const {
  SIM_ASSERT(account < counts_.size());
  return counts_[account];
}

}  // namespace io::model
