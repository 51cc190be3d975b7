#include "model/views/credit_scores_view.h"

#include <bit>

#include "sim/assert.h"

namespace io::model {

namespace {

// 1000 * repaid / total in per mille, or 500 (no information either way) when total is 0.
std::uint32_t rate_permille(std::uint64_t repaid, std::uint64_t total) {
  SIM_ASSERT(repaid <= total);
  if (total == 0) return 500;
  return std::uint32_t(1000 * repaid / total);
}

}  // namespace

CreditScoresView::CreditScoresView(CreditModel model, const AccountTable& accounts, DeriverLogic logic)
    : logic_(logic), model_(std::move(model)) {
  SIM_ASSERT(model_.groups.size() <= CreditModel::groups_max);
  SIM_ASSERT(model_.applicants.size() <= CreditModel::applicants_max);
  SIM_ASSERT(model_.record_window >= 1);
  SIM_ASSERT(model_.record_window <= CreditModel::record_window_max);
  SIM_ASSERT(model_.prior_weight_loans <= CreditModel::prior_weight_loans_max);
  SIM_ASSERT(accounts.size() <= accounts_max);
  applicant_of_.assign(accounts.size(), -1);
  for (std::size_t i = 0; i < model_.applicants.size(); ++i) {
    const CreditApplicant& a = model_.applicants[i];
    SIM_ASSERT(a.account < accounts.size());
    SIM_ASSERT(a.group < model_.groups.size());
    SIM_ASSERT(applicant_of_[a.account] < 0);  // each account applies as one applicant
    applicant_of_[a.account] = std::int16_t(i);
  }
  for (const CreditGroup& g : model_.groups) {
    SIM_ASSERT(g.history_repaid <= CreditGroup::history_loans_max);
    SIM_ASSERT(g.history_defaulted <= CreditGroup::history_loans_max);
  }
  records_.assign(model_.applicants.size(), {});
  groups_.assign(model_.groups.size(), {});
}

std::optional<std::size_t> CreditScoresView::applicant_of(AccountId account) const {
  if (account >= applicant_of_.size() || applicant_of_[account] < 0) return std::nullopt;
  return std::size_t(applicant_of_[account]);
}

const ApplicantRecord& CreditScoresView::record(std::size_t index) const {
  SIM_ASSERT(index < records_.size());
  return records_[index];
}

bool CreditScoresView::apply(sim::Offset offset, const DomainEvent& event) {
  SIM_ASSERT(offset.value < UINT64_MAX);
  const sim::Offset after{offset.value + 1};
  if (after > applied_through_) applied_through_ = after;
  const bool decided = event.kind == DomainEventKind::loan_decided;
  if (!decided && event.kind != DomainEventKind::loan_outcome) return true;
  const auto index = applicant_of(event.account);
  if (!index) return false;
  ApplicantRecord& r = records_[*index];
  if (decided) {
    switch (event.verdict) {
      case LoanVerdict::denied: ++r.denied; return true;
      case LoanVerdict::explored: ++r.explored; ++r.approved; return true;
      case LoanVerdict::approved: ++r.approved; return true;
      default: return false;
    }
  }
  const bool repaid = event.verdict == LoanVerdict::repaid;
  switch (event.verdict) {
    case LoanVerdict::repaid: ++r.repaid; break;
    case LoanVerdict::defaulted: ++r.defaulted; break;
    case LoanVerdict::missed_elsewhere:
      ++r.missed;
      // v2 keeps the fact (the count) but does not let it into the score or the group's record.
      if (logic_ == DeriverLogic::v2) return true;
      break;
    default: return false;
  }
  const std::uint32_t window_mask =
      model_.record_window >= 32 ? 0xFFFF'FFFFu : (std::uint32_t{1} << model_.record_window) - 1;
  r.recent_bits = ((r.recent_bits << 1) | (repaid ? 1u : 0u)) & window_mask;
  if (r.recent_count < model_.record_window) ++r.recent_count;
  GroupRecord& g = groups_[model_.applicants[*index].group];
  const std::uint64_t outcomes_before = g.outcomes;
  ++g.outcomes;
  if (repaid) ++g.repaid;
  SIM_ASSERT(g.outcomes == outcomes_before + 1);
  SIM_ASSERT(g.repaid <= g.outcomes);
  return true;
}

std::uint32_t CreditScoresView::group_rate_permille(std::size_t group) const {
  SIM_ASSERT(group < groups_.size());
  const CreditGroup& h = model_.groups[group];
  const GroupRecord& g = groups_[group];
  return rate_permille(h.history_repaid + g.repaid, h.history_repaid + h.history_defaulted + g.outcomes);
}

std::uint32_t CreditScoresView::pooled_rate_permille() const {
  std::uint64_t repaid = 0, total = 0;
  for (std::size_t i = 0; i < groups_.size(); ++i) {
    repaid += model_.groups[i].history_repaid + groups_[i].repaid;
    total += model_.groups[i].history_repaid + model_.groups[i].history_defaulted + groups_[i].outcomes;
  }
  return rate_permille(repaid, total);
}

std::uint32_t CreditScoresView::score(std::size_t index, bool use_group) const {
  SIM_ASSERT(index < records_.size());
  const ApplicantRecord& r = records_[index];
  const std::uint64_t prior = use_group ? group_rate_permille(model_.applicants[index].group) : pooled_rate_permille();
  const std::uint64_t weight = model_.prior_weight_loans;
  const std::uint64_t own_repaid = std::uint64_t(std::popcount(r.recent_bits));
  SIM_ASSERT(own_repaid <= r.recent_count);
  if (weight + r.recent_count == 0) return std::uint32_t(prior);
  const std::uint64_t s = (weight * prior + 1000 * own_repaid) / (weight + r.recent_count);
  SIM_ASSERT(s <= 1000);
  return std::uint32_t(s);
}

}  // namespace io::model
