#pragma once
// The counters view: per-account activity counts, the kind of aggregate a dashboard reads. A
// counter is the view most visibly hurt by at-least-once delivery: applying a record twice
// counts it twice, and nothing in the counter itself can tell.
// v1 counts the transfers an account sent; v2 (the "fix") counts those it sent or received.

#include <cstdint>
#include <vector>

#include "model/domain_event.h"
#include "model/views/view_kind.h"
#include "sim/types.h"

namespace io::model {

class CountersView {
 public:
  // All counts 0, one per account in `accounts`.
  CountersView(const AccountTable& accounts, DeriverLogic logic = DeriverLogic::v1);

  // Counts a transfer: v1 adds 1 to the payer; v2 adds 1 to the payer and 1 to the payee (so a
  // transfer to oneself counts 2). Other events change nothing. Returns false, changing nothing,
  // if the transfer names an account outside the table. applied_through() becomes at least
  // offset + 1 either way.
  bool apply(sim::Offset offset, const DomainEvent& event);
  // The kinds whose text apply() reads (none): a reader may leave every text empty.
  static constexpr KindSet text_kinds = 0;

  sim::Offset applied_through() const { return applied_through_; }
  DeriverLogic logic() const { return logic_; }

  std::size_t account_count() const { return counts_.size(); }
  // Count for `account` (< account_count()).
  std::uint64_t count(AccountId account) const;
  // Sum over all accounts.
  std::uint64_t total() const { return total_; }

 private:
  DeriverLogic logic_;
  sim::Offset applied_through_{0};
  std::vector<std::uint64_t> counts_;  // by AccountId
  std::uint64_t total_ = 0;
};

}  // namespace io::model
