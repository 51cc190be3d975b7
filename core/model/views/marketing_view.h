#pragma once
// The marketing view: the mailing list a marketing team would like to have, derived from the log
// like any other view. It is the chapter's ethics made checkable: consent is an event in the log,
// so honouring it is a derivation rule (a withdrawal removes the subject, an erasure removes
// everything), and a deriver that ignores withdrawals is a bug the auditor can catch.

#include <cstdint>
#include <map>
#include <string>

#include "model/domain_event.h"
#include "model/views/view_kind.h"
#include "sim/types.h"

namespace io::model {

struct MarketingEntry {
  std::string contact;          // "" under minimisation, or if the address was shredded
  std::uint64_t offset = 0;     // the consent_given event that added the subject
  std::uint32_t key_epoch = 0;  // the key the contact was sealed with in the log
  bool operator==(const MarketingEntry&) const = default;
};

class MarketingView {
 public:
  explicit MarketingView(DeriverLogic logic = DeriverLogic::v1, PrivacyRules rules = {});

  // consent_given for marketing adds (or refreshes) the subject with its contact address;
  // consent_withdrawn for marketing removes it unless the rules say not to honour consent;
  // erasure_requested removes it always. Other events and purposes change nothing. Returns false,
  // changing nothing, for a consent event of the reserved subject every_subject.
  // applied_through() becomes at least offset + 1.
  bool apply(sim::Offset offset, const DomainEvent& event);
  // The kinds whose text apply() reads: a reader may leave the others' empty.
  static constexpr KindSet text_kinds = kind_set(DomainEventKind::consent_given);
  // Removes `subject` as its erasure would.
  void erase_subject(AccountId subject) { entries_.erase(subject); }

  sim::Offset applied_through() const { return applied_through_; }
  DeriverLogic logic() const { return logic_; }
  const PrivacyRules& rules() const { return rules_; }

  const std::map<AccountId, MarketingEntry>& entries() const { return entries_; }
  bool contains(AccountId subject) const { return entries_.contains(subject); }

 private:
  DeriverLogic logic_;
  PrivacyRules rules_;
  sim::Offset applied_through_{0};
  std::map<AccountId, MarketingEntry> entries_;  // at most accounts_max: one per subject
};

}  // namespace io::model
