#pragma once
// The credit-scores view: a predictive model kept as derived data. Each applicant's score is a
// function of the log's loan records: their own recent repayments, blended with their group's
// record (the "neighbourhood"), which starts from historical data. The chapter's warning about
// predictive analytics lives in that blend: a lender acting on these scores decides which loan
// records the log holds next, so the model learns from data its own decisions produced
// (lender.h). All arithmetic is on integers; a score is a repayment estimate in per mille.
// v1 counts every outcome; v2 (the "fix" a team deploys by reprocessing the log) ignores missed
// payments elsewhere, the harm a denial causes, so the model stops reading its own harm as proof.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/domain_event.h"
#include "model/views/view_kind.h"
#include "sim/types.h"

namespace io::model {

struct CreditGroup {
  std::string name;  // "north"; at most name_bytes_max bytes, no '/'
  // The historical data the model starts from: this group's loans from before the log began.
  // In the lesson they are biased (a past that treated the group worse), not a measure of merit.
  std::uint64_t history_repaid = 0;
  std::uint64_t history_defaulted = 0;
  bool operator==(const CreditGroup&) const = default;

  static constexpr std::size_t name_bytes_max = 32;
  static constexpr std::uint64_t history_loans_max = 1'000'000;  // per field: keeps sums far from overflow
};

struct CreditApplicant {
  AccountId account = 0;   // the applicant is an account of the world's table
  std::uint8_t group = 0;  // index into CreditModel::groups
  bool operator==(const CreditApplicant&) const = default;
};

// The model's code and parameters: what a deriver needs, besides the log, to compute the view.
// Part of the deriver's configuration, so the auditor's fresh fold uses the same model.
struct CreditModel {
  std::vector<CreditGroup> groups;          // 1..groups_max when there are applicants
  std::vector<CreditApplicant> applicants;  // the accounts scored, each at most once
  // A group's record counts as this many loans in each score: the weight of the neighbourhood
  // against the person's own record (0: the person's record alone, once they have one).
  std::uint32_t prior_weight_loans = 16;
  // An applicant's own record is their last this many loan outcomes (1..record_window_max).
  // Credit reports forget, so the group's weight never fades to nothing.
  std::uint32_t record_window = 8;
  bool operator==(const CreditModel&) const = default;

  static constexpr std::size_t groups_max = 8;
  static constexpr std::size_t applicants_max = 256;  // the lender visits each every round
  static constexpr std::uint32_t record_window_max = 32;  // one bit per outcome in a 32-bit word
  static constexpr std::uint32_t prior_weight_loans_max = 1'000'000;
};

// What the log says about one applicant.
struct ApplicantRecord {
  std::uint64_t approved = 0;  // loan_decided approved (explored ones included)
  std::uint64_t explored = 0;  // ...of which the threshold alone would have refused
  std::uint64_t denied = 0;
  std::uint64_t repaid = 0;
  std::uint64_t defaulted = 0;
  std::uint64_t missed = 0;  // missed payments elsewhere (after a denial)
  // The last record_window outcomes, newest in bit 0: 1 repaid, 0 defaulted or missed.
  std::uint32_t recent_bits = 0;
  std::uint32_t recent_count = 0;
  bool operator==(const ApplicantRecord&) const = default;
};

// What the log says about one group (its historical data not included).
struct GroupRecord {
  std::uint64_t repaid = 0;
  std::uint64_t outcomes = 0;  // repaid, defaulted and (v1) missed
  bool operator==(const GroupRecord&) const = default;
};

class CreditScoresView {
 public:
  // An empty view scoring `model`'s applicants, which must be accounts of `accounts`.
  CreditScoresView(CreditModel model, const AccountTable& accounts, DeriverLogic logic = DeriverLogic::v1);

  // Applies one event. loan_decided counts a decision; loan_outcome adds an outcome to the
  // applicant's record and their group's. Returns false, changing nothing, for a loan event about
  // an account that is not an applicant or with a verdict that does not fit its kind; other kinds
  // of events are accepted and change nothing. applied_through() becomes at least offset + 1.
  bool apply(sim::Offset offset, const DomainEvent& event);
  // The kinds whose text apply() reads (none): a reader may leave every text empty.
  static constexpr KindSet text_kinds = 0;

  sim::Offset applied_through() const { return applied_through_; }
  DeriverLogic logic() const { return logic_; }
  const CreditModel& model() const { return model_; }

  std::size_t applicant_count() const { return records_.size(); }
  // Which applicant `account` is, or nullopt if it is none.
  std::optional<std::size_t> applicant_of(AccountId account) const;
  // The record of applicant `index` (< applicant_count()).
  const ApplicantRecord& record(std::size_t index) const;
  // The record of group `group` (< model().groups.size()).
  const GroupRecord& group_record(std::size_t group) const { return groups_.at(group); }

  // Estimated repayment rate of `group` in per mille: its history plus its outcomes in the log
  // (500 when there is no data at all).
  std::uint32_t group_rate_permille(std::size_t group) const;
  // The same over every group at once: the estimate a model without the group feature uses.
  std::uint32_t pooled_rate_permille() const;
  // The score of applicant `index`, 0..1000: (W * prior + 1000 * recent repaid) / (W + recent
  // outcomes), W = prior_weight_loans, prior = the group's rate (use_group) or the pooled rate.
  std::uint32_t score(std::size_t index, bool use_group) const;

 private:
  DeriverLogic logic_;
  CreditModel model_;
  sim::Offset applied_through_{0};
  std::vector<ApplicantRecord> records_;      // by applicant index
  std::vector<GroupRecord> groups_;           // by group index
  std::vector<std::int16_t> applicant_of_;    // by AccountId: applicant index, or -1
};

}  // namespace io::model
