#pragma once
// The numbers a learner watches and a test asserts on: lag (timeliness) and duplicate effects,
// stale reads, money and view checks (integrity), and the work done on the read and write paths.
// Sampled into a bounded series for plotting; the runner's --json summary prints the last one.

#include <cstdint>
#include <vector>

#include "sim/types.h"

namespace io::model {

// Counters only the World can keep, because they need the simulator's omniscience.
struct Counters {
  std::uint64_t effects = 0;            // operations that took effect (appended, or written in dual writes)
  std::uint64_t duplicate_effects = 0;  // effects of an intent that had already taken effect
  std::uint64_t messages_lost = 0;      // dropped or cut by a partition, all links
};

struct DeriverSample {
  std::uint64_t offset = 0;       // next record it will read
  std::uint64_t checkpoint = 0;
  std::uint64_t lag_records = 0;  // log end - offset
  std::uint64_t lag_ticks = 0;    // age of the oldest record it has not processed
  bool down = false;
  bool stuck = false;             // cannot read its next record
  bool matches_log = false;       // its view equals a fresh fold of the log up to its offset (audit only)
};

// One group of loan applicants (lender.h): the lender's books, and what the serving credit view
// says of the group beside the truth. Named "credit/<group>/<field>" in conditions and --json.
struct CreditGroupSample {
  std::uint64_t approvals = 0;  // explored ones included
  std::uint64_t explored = 0;
  std::uint64_t denials = 0;
  std::uint64_t unscored = 0;   // applications left undecided: no view served scores
  std::uint64_t repaid = 0;
  std::uint64_t defaulted = 0;
  std::uint64_t missed = 0;     // payments missed elsewhere after a denial
  std::uint64_t approval_rate_permille = 0;  // over the group's recent decisions
  std::uint64_t mean_score = 0;              // per mille, serving view, current policy (0: no view)
  std::uint64_t group_rate_permille = 0;     // the model's estimate of the group's repayment rate
  std::uint64_t true_repay_permille = 0;     // the truth no component reads: mean of its members
};

struct MetricsSample {
  sim::Tick tick;
  std::uint64_t log_end_offset = 0;
  std::uint64_t requests_sent = 0;        // new requests made by clients
  std::uint64_t retries_sent = 0;         // further attempts (timeouts, extra clicks)
  std::uint64_t requests_accepted = 0;    // took effect at the front door
  std::uint64_t duplicates_absorbed = 0;  // copies the front door answered without a second effect
  std::uint64_t duplicate_effects = 0;    // a request applied more than once
  std::uint64_t requests_rejected = 0;
  std::uint64_t requests_given_up = 0;
  std::uint64_t messages_lost = 0;
  std::uint64_t reads = 0;
  std::uint64_t stale_reads = 0;
  std::uint64_t read_path_cost = 0;   // records touched by reads (a log scan touches every record)
  std::uint64_t write_path_cost = 0;  // records applied by derivers to keep their views current
  // Integrity under storage faults (kept by the fault ledger and the auditor):
  std::uint64_t faults_injected = 0;
  std::uint64_t faults_detected = 0;
  std::uint64_t faults_repaired = 0;
  std::uint64_t records_lost = 0;
  std::uint64_t acknowledged_writes_lost = 0;
  std::uint64_t false_alarms = 0;
  std::uint64_t detect_ticks_max = 0;
  std::uint64_t violations = 0;
  std::uint64_t audits = 0;
  // Privacy (consent_registry.h, breach.h):
  std::uint64_t subjects_erased = 0;         // subjects who asked to be forgotten (erasure appended)
  std::uint64_t keys_destroyed = 0;          // by erasure and by retention
  std::uint64_t marketing_consents = 0;      // subjects consenting to marketing now
  std::uint64_t memos_not_collected = 0;     // memos dropped before logging (minimisation, erased payers)
  std::uint64_t backups = 0;                 // backups taken and kept
  std::uint64_t breaches = 0;
  std::uint64_t breach_items_leaked = 0;     // personal items readable in the latest breach
  std::uint64_t breach_subjects_leaked = 0;  // distinct subjects among them
  // Credit (lender.h): highest group minus lowest, 0 without a lender. The lesson's bias.
  std::uint64_t credit_score_gap = 0;                   // in mean score, per mille
  std::uint64_t credit_approval_rate_gap_permille = 0;  // in recent approval rate
  std::vector<CreditGroupSample> credit_groups;         // by group index
  std::vector<DeriverSample> derivers;
  // Integrity, computed only by an audited sample (O(log length)):
  bool audited = false;
  bool views_match_log = false;      // every deriver's view equals the fold of the log it has read
  bool money_conserved = false;      // every balances view and store sums to the opening total
  std::uint64_t dual_write_divergent_accounts = 0;  // accounts where the two stores disagree
  // Accounts whose balance in a caught-up balances view differs from the truth: corruption that
  // reached the answers (a view can equal a fold of a corrupt log and still be wrong).
  std::uint64_t wrong_balances = 0;
  // Places (log, view, cache, backup) where an erased subject's personal data can still be read,
  // and marketing views that processed a withdrawal of consent and still list the subject.
  std::uint64_t erasure_violations = 0;
  std::uint64_t consent_violations = 0;
};

// The series is bounded: when full, every other sample is dropped and the interval doubles, so
// a long run keeps an even, coarser picture instead of only its beginning.
inline constexpr std::size_t samples_max = 4096;

}  // namespace io::model
