#include "model/views/marketing_view.h"

#include "sim/assert.h"

namespace io::model {

MarketingView::MarketingView(DeriverLogic logic, PrivacyRules rules) : logic_(logic), rules_(rules) {
  SIM_ASSERT(logic == DeriverLogic::v1 || logic == DeriverLogic::v2);
}

bool MarketingView::apply(sim::Offset offset, const DomainEvent& event) {
  SIM_ASSERT(offset.value < UINT64_MAX);
  const sim::Offset after{offset.value + 1};
  if (after > applied_through_) applied_through_ = after;
  switch (event.kind) {
    case DomainEventKind::consent_given:
      if (event.account == every_subject) return false;
      if (event.purpose != Purpose::marketing) return true;
      entries_[event.account] = MarketingEntry{rules_.minimise ? std::string() : event.text, offset.value, event.key_epoch};
      SIM_ASSERT(entries_.size() <= accounts_max);
      return true;
    case DomainEventKind::consent_withdrawn:
      if (event.account == every_subject) return false;
      if (event.purpose == Purpose::marketing && rules_.honor_consent) entries_.erase(event.account);
      return true;
    case DomainEventKind::erasure_requested:
      if (event.account != every_subject) erase_subject(event.account);
      SIM_ASSERT(event.account == every_subject || !entries_.contains(event.account));
      return true;
    default: return true;  // payments and names are not this view's business
  }
}

}  // namespace io::model
