#pragma once
// The loan applicants as they really are: the simulator's ground truth about whether each one
// repays. No component reads it to decide anything; the lender sees only the log, through a
// derived view. Nature draws each outcome from the applicant's own PRNG stream, so one
// applicant's luck never shifts another's, and a change of lending policy changes who gets a
// loan, not how reliable anyone is.

#include <cstdint>
#include <vector>

#include "sim/prng.h"

namespace io::model {

struct BorrowersOptions {
  // Chance that an applicant repays a loan, per applicant in CreditModel::applicants' order. The
  // lesson gives both groups the same rates: any gap between them is the model's, not merit.
  std::vector<std::uint32_t> repay_ppm;
  // Chance that a denied applicant, turned to a costlier lender, misses a payment there, which
  // the log records a loan's length later: the harm a denial does, which makes bias amplify
  // instead of merely persist.
  std::uint32_t denial_harm_ppm = 0;
  // Loans each applicant had before the log began, recorded at tick 0 (drawn at repay_ppm): a
  // short personal history, so scores start spread out rather than all at the group's rate.
  std::uint32_t history_loans = 0;

  static constexpr std::uint32_t history_loans_max = 32;
};

class Borrowers {
 public:
  Borrowers() = default;
  // Streams per applicant derived from `seeds` (one per entry of options.repay_ppm): one for
  // repayments and one for harm, so changing the harm leaves every repayment draw as it was.
  Borrowers(BorrowersOptions options, const std::vector<std::uint64_t>& seeds);

  // Whether applicant `index` repays the loan that is ending now.
  bool repays(std::size_t index);
  // Whether applicant `index`, denied just now, will miss a payment elsewhere.
  bool harmed_by_denial(std::size_t index);

  const BorrowersOptions& options() const { return options_; }
  std::size_t size() const { return repay_streams_.size(); }

 private:
  BorrowersOptions options_;
  std::vector<sim::Prng> repay_streams_;  // by applicant index
  std::vector<sim::Prng> harm_streams_;
};

}  // namespace io::model
