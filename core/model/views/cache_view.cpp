#include "model/views/cache_view.h"

#include "sim/assert.h"

namespace io::model {

CacheView::CacheView(DeriverLogic logic, std::size_t capacity, PrivacyRules rules)
    : logic_(logic), rules_(rules), capacity_(capacity) {
  SIM_ASSERT(capacity >= 1);
  SIM_ASSERT(capacity <= entries_max);
}

bool CacheView::apply(sim::Offset offset, const DomainEvent& event) {
  SIM_ASSERT(offset.value < UINT64_MAX);
  const sim::Offset after{offset.value + 1};
  if (after > applied_through_) applied_through_ = after;
  if (event.kind == DomainEventKind::erasure_requested && (event.account == every_subject || !rules_.honor_erasure)) {
    return true;
  }
  invalidate(event.account, after);
  if (event.kind == DomainEventKind::transfer) invalidate(event.to, after);
  SIM_ASSERT(entries_.size() <= capacity_);
  return true;
}

void CacheView::invalidate(AccountId account, sim::Offset through) {
  if (entries_.erase(account) > 0) ++invalidations_;
  sim::Offset& version = invalidated_through_[account];
  if (through > version) version = through;
  SIM_ASSERT(!entries_.contains(account));
}

CacheRead CacheView::read(AccountId account, const BalancesView& source, sim::Tick now) {
  SIM_ASSERT(account < source.account_count());
  if (const auto it = entries_.find(account); it != entries_.end()) {
    ++hits_;
    return CacheRead{it->second.balance_cents, true};
  }
  ++misses_;
  const std::int64_t value = source.balance_cents(account);
  if (const auto it = invalidated_through_.find(account);
      it != invalidated_through_.end() && source.applied_through() < it->second) {
    ++uncached_fills_;
    return CacheRead{value, false};
  }
  if (entries_.size() >= capacity_) {
    // Linear in capacity (<= entries_max), and only on a miss into a full cache.
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->second.fill_sequence < oldest->second.fill_sequence) oldest = it;
    entries_.erase(oldest);
    ++evictions_;
  }
  const bool personal = source.personal_name(account);
  entries_[account] = CacheEntry{value, fills_++, source.display_name(account), personal,
                                 personal ? source.name_offset(account) : 0, now};
  SIM_ASSERT(entries_.size() <= capacity_);
  SIM_ASSERT(entries_.at(account).balance_cents == value);
  return CacheRead{value, false};
}

std::vector<StaleEntry> stale_entries(const CacheView& cache, const BalancesView& source) {
  std::vector<StaleEntry> stale;
  for (const auto& [account, entry] : cache.entries()) {
    SIM_ASSERT(account < source.account_count());  // filled from a view of the same table
    const std::int64_t truth = source.balance_cents(account);
    if (entry.balance_cents != truth) stale.push_back(StaleEntry{account, entry.balance_cents, truth});
  }
  SIM_ASSERT(stale.size() <= cache.entries().size());
  return stale;
}

}  // namespace io::model
