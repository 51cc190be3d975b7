#include "model/lender.h"

#include <algorithm>

#include "sim/assert.h"

namespace io::model {

const char* to_string(PolicyKnob knob) {
  switch (knob) {
    case PolicyKnob::threshold: return "threshold_permille";
    case PolicyKnob::exploration: return "exploration_ppm";
    case PolicyKnob::use_group: return "use_group";
  }
  return "unknown";
}

const char* policy_reject_reason(std::uint64_t knob, std::uint64_t value) {
  switch (knob) {
    case std::uint64_t(PolicyKnob::threshold): return value <= 1000 ? nullptr : "a threshold is 0 to 1000 per mille";
    case std::uint64_t(PolicyKnob::exploration):
      return value <= sim::ppm_one ? nullptr : "exploration is 0 to 1,000,000 ppm";
    case std::uint64_t(PolicyKnob::use_group): return value <= 1 ? nullptr : "use_group is 0 or 1";
  }
  return "no such credit policy knob";
}

Lender::Lender(LenderOptions options, std::vector<std::uint8_t> applicant_groups, std::size_t group_count,
               std::uint64_t seed)
    : options_(std::move(options)), policy_(options_.policy), prng_(seed), groups_(std::move(applicant_groups)) {
  SIM_ASSERT(options_.round_interval_ticks >= 1);
  SIM_ASSERT(options_.loan_ticks >= 1);
  SIM_ASSERT(options_.loan_amount_cents >= 1);
  SIM_ASSERT(options_.loan_amount_cents <= LenderOptions::amount_cents_limit);
  SIM_ASSERT(options_.recent_decisions >= 1);
  SIM_ASSERT(options_.recent_decisions <= LenderOptions::recent_decisions_max);
  SIM_ASSERT(policy_reject_reason(std::uint64_t(PolicyKnob::threshold), policy_.threshold_permille) == nullptr);
  SIM_ASSERT(policy_reject_reason(std::uint64_t(PolicyKnob::exploration), policy_.exploration_ppm) == nullptr);
  SIM_ASSERT(group_count <= CreditModel::groups_max);
  for (std::uint8_t g : groups_) SIM_ASSERT(g < group_count);
  outstanding_.assign(groups_.size(), false);
  figures_.assign(group_count, {});
  for (CreditGroupFigures& f : figures_) f.recent.assign(options_.recent_decisions, 0);
}

bool Lender::begin_round() {
  if (options_.rounds_max != 0 && rounds_ >= options_.rounds_max) return false;
  ++rounds_;
  return true;
}

bool Lender::may_apply(std::size_t index) const {
  SIM_ASSERT(index < outstanding_.size());
  return !outstanding_[index];
}

LoanVerdict Lender::decide(std::uint32_t score) {
  SIM_ASSERT(score <= 1000);
  if (score >= policy_.threshold_permille) return LoanVerdict::approved;
  return prng_.chance_ppm(policy_.exploration_ppm) ? LoanVerdict::explored : LoanVerdict::denied;
}

void Lender::booked(sim::Tick now, std::size_t index, LoanVerdict verdict, std::uint32_t score, sim::Offset offset) {
  SIM_ASSERT(index < groups_.size());
  SIM_ASSERT(verdict == LoanVerdict::approved || verdict == LoanVerdict::explored || verdict == LoanVerdict::denied);
  SIM_ASSERT(!outstanding_[index]);
  const bool approved = verdict != LoanVerdict::denied;
  CreditGroupFigures& f = figures_[groups_[index]];
  if (approved) {
    ++f.approvals;
    if (verdict == LoanVerdict::explored) ++f.explored;
    outstanding_[index] = true;
  } else {
    ++f.denials;
  }
  f.recent_approved -= f.recent[f.recent_next];
  f.recent[f.recent_next] = approved ? 1 : 0;
  f.recent_approved += f.recent[f.recent_next];
  f.recent_next = (f.recent_next + 1) % f.recent.size();
  SIM_ASSERT(f.recent_approved <= f.recent.size());
  if (decisions_.size() == decisions_kept_max) decisions_.pop_front();
  decisions_.push_back({now, std::uint16_t(index), verdict, std::uint16_t(score), offset});
}

void Lender::unscored(std::size_t index) {
  SIM_ASSERT(index < groups_.size());
  ++figures_[groups_[index]].unscored;
}

void Lender::ended(std::size_t index, LoanVerdict outcome) {
  SIM_ASSERT(index < groups_.size());
  CreditGroupFigures& f = figures_[groups_[index]];
  switch (outcome) {
    case LoanVerdict::repaid:
    case LoanVerdict::defaulted:
      SIM_ASSERT(outstanding_[index]);
      outstanding_[index] = false;
      ++(outcome == LoanVerdict::repaid ? f.repaid : f.defaulted);
      return;
    case LoanVerdict::missed_elsewhere: ++f.missed; return;
    default: break;
  }
  SIM_ASSERT(false && "not an outcome");
}

void Lender::set_policy(PolicyKnob knob, std::uint64_t value) {
  SIM_ASSERT(policy_reject_reason(std::uint64_t(knob), value) == nullptr);
  switch (knob) {
    case PolicyKnob::threshold: policy_.threshold_permille = std::uint32_t(value); return;
    case PolicyKnob::exploration: policy_.exploration_ppm = std::uint32_t(value); return;
    case PolicyKnob::use_group: policy_.use_group = value != 0; return;
  }
}

std::uint32_t Lender::approval_rate_permille(std::size_t group) const {
  const CreditGroupFigures& f = figures_.at(group);
  const std::uint64_t decided = std::min<std::uint64_t>(f.approvals + f.denials, f.recent.size());
  if (decided == 0) return 0;
  return std::uint32_t(1000 * std::uint64_t(f.recent_approved) / decided);
}

}  // namespace io::model
