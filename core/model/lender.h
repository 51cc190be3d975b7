#pragma once
// The lender: an application acting on derived data, and so a feedback loop. Every round each
// applicant without a loan outstanding applies. The lender reads their score from the serving
// credit_scores view (derived, so possibly behind the log), approves if it reaches the threshold
// (or, exploring, approves a random few it would have refused, to learn about people its model
// never sees), and appends its decision to the log. An approved loan produces a repayment record;
// a denied one produces none, or worse (borrowers.h), and those records are what the model learns
// from next. The chapter's point about predictive analytics: decisions shape the data.

#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <vector>

#include "model/borrowers.h"
#include "model/domain_event.h"
#include "model/views/credit_scores_view.h"
#include "sim/prng.h"
#include "sim/types.h"

namespace io::model {

// What the lender decides by. Commands change it mid-run (an ethics prompt's choice, say).
struct CreditPolicy {
  std::uint32_t threshold_permille = 700;  // approve a score at or above this (0..1000)
  std::uint32_t exploration_ppm = 0;       // chance of approving what the threshold refuses
  bool use_group = true;                   // score with the group's record; false: everyone's pooled
  bool operator==(const CreditPolicy&) const = default;
};

// The knob a set_credit_policy command turns (its target); the value is its argument.
enum class PolicyKnob : std::uint8_t {
  threshold = 0,    // threshold_permille, 0..1000
  exploration = 1,  // exploration_ppm, 0..1,000,000
  use_group = 2,    // 0 or 1
};
const char* to_string(PolicyKnob knob);
// Why `value` cannot be given to `knob` (a number out of range, or no such knob), or nullptr.
const char* policy_reject_reason(std::uint64_t knob, std::uint64_t value);

struct LenderOptions {
  CreditPolicy policy;                      // the policy at the start
  std::uint64_t start_tick = 0;             // tick of the first round
  std::uint64_t round_interval_ticks = 20;  // ticks between rounds (>= 1)
  std::uint64_t loan_ticks = 10;            // a loan ends (repaid or defaulted) this long after approval (>= 1)
  std::int64_t loan_amount_cents = 100'000;  // every loan is this size (1..amount_cents_limit)
  std::uint32_t rounds_max = 0;             // rounds in all; 0: until the run ends
  // The per-group approval rate is taken over the group's last this many decisions (1..max).
  std::uint32_t recent_decisions = 50;

  static constexpr std::uint32_t recent_decisions_max = 1000;
  static constexpr std::int64_t amount_cents_limit = 100'000'000'000;  // as a client's amounts
  static constexpr std::uint64_t ticks_limit = 1'000'000;
};

// One decision, as the UI lists it.
struct LoanDecisionRecord {
  sim::Tick tick;
  std::uint16_t applicant = 0;  // applicant index
  LoanVerdict verdict = LoanVerdict::denied;
  std::uint16_t score = 0;      // the score it was decided on
  sim::Offset offset;           // where the log recorded it
  bool operator==(const LoanDecisionRecord&) const = default;
};

// The lender's books for one group.
struct CreditGroupFigures {
  std::uint64_t approvals = 0;  // explored ones included
  std::uint64_t explored = 0;
  std::uint64_t denials = 0;
  std::uint64_t unscored = 0;   // applications not decided: no view served scores
  std::uint64_t repaid = 0;
  std::uint64_t defaulted = 0;
  std::uint64_t missed = 0;     // payments missed elsewhere after a denial
  std::vector<std::uint8_t> recent;  // last decisions, ring: 1 approved, 0 denied
  std::size_t recent_next = 0;       // where the next decision goes in `recent`
  std::uint32_t recent_approved = 0;
  bool operator==(const CreditGroupFigures&) const = default;
};

class Lender {
 public:
  Lender() = default;
  // A lender for applicants in the groups `applicant_groups` (indexes below group_count).
  Lender(LenderOptions options, std::vector<std::uint8_t> applicant_groups, std::size_t group_count, std::uint64_t seed);

  // Counts a round; false once rounds_max rounds have begun (the lender stops).
  bool begin_round();
  // Whether applicant `index` may apply: no loan of theirs is outstanding.
  bool may_apply(std::size_t index) const;
  // The verdict on an application scored `score`: approved at or above the threshold, else
  // explored with exploration_ppm (a draw from the lender's own stream), else denied.
  LoanVerdict decide(std::uint32_t score);
  // Books a decision the log recorded at `offset`; an approved loan is outstanding until ended().
  void booked(sim::Tick now, std::size_t index, LoanVerdict verdict, std::uint32_t score, sim::Offset offset);
  // Books an application left undecided because no view served scores.
  void unscored(std::size_t index);
  // Books how a loan ended (repaid, defaulted), or a payment missed elsewhere.
  void ended(std::size_t index, LoanVerdict outcome);
  // Sets one knob of the policy; policy_reject_reason(knob, value) must be nullptr.
  void set_policy(PolicyKnob knob, std::uint64_t value);

  const LenderOptions& options() const { return options_; }
  const CreditPolicy& policy() const { return policy_; }
  std::size_t applicant_count() const { return groups_.size(); }
  std::size_t group_count() const { return figures_.size(); }
  std::uint8_t group_of(std::size_t index) const { return groups_.at(index); }
  const CreditGroupFigures& figures(std::size_t group) const { return figures_.at(group); }
  // Approvals among the group's recent decisions, in per mille (0 before any decision).
  std::uint32_t approval_rate_permille(std::size_t group) const;
  std::uint32_t rounds() const { return rounds_; }
  // The latest decisions, oldest first (at most decisions_kept_max).
  const std::deque<LoanDecisionRecord>& decisions() const { return decisions_; }

  // Decisions kept for the UI; the figures count all of them.
  static constexpr std::size_t decisions_kept_max = 512;

 private:
  LenderOptions options_;
  CreditPolicy policy_;
  sim::Prng prng_{0};
  std::vector<std::uint8_t> groups_;      // by applicant index
  std::vector<bool> outstanding_;         // by applicant index
  std::vector<CreditGroupFigures> figures_;
  std::deque<LoanDecisionRecord> decisions_;
  std::uint32_t rounds_ = 0;
};

// Everything the World needs to run a lender: the model its view computes, the borrowers' ground
// truth, and the lender's own knobs. With no applicants there is no lender and nothing is
// scheduled, so worlds without credit run exactly as before.
struct CreditOptions {
  CreditModel model;
  BorrowersOptions borrowers;  // repay_ppm has one entry per model.applicants entry
  LenderOptions lender;
  bool enabled() const { return !model.applicants.empty(); }
};

}  // namespace io::model
