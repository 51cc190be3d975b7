#pragma once
// The auditor: "trust, but verify". On a schedule and on demand it checks the invariants the
// rest of the system only assumes: every copy of every record matches its checksum, every view
// equals a fresh recomputation from the log, money is conserved, and every acknowledged write is
// still readable somewhere. What it finds becomes a Violation (a value, shown to the learner and
// recorded in the trace), and what it can repair it repairs: a bad copy from a healthy replica, a
// wrong view by rebuilding it from the log. Without it, corruption that reads do not catch
// (a follower's latent fault, a view fed by unverified reads) stays until it is too late.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "model/consent_registry.h"
#include "model/deriver.h"
#include "model/event_log.h"
#include "model/fault_ledger.h"
#include "sim/types.h"

namespace io::model {

enum class ViolationKind : std::uint8_t {
  corrupt_copy,             // a replica's copy of a record failed verification
  record_lost,              // ...and no healthy copy existed anywhere to repair it from
  acknowledged_write_lost,  // an acknowledged record is readable from no replica at all
  torn_tail,                // a half-written, unacknowledged record found after a crash
  view_mismatch,            // a view differs from a fresh fold of the log
  money_not_conserved,      // a balances view does not sum to the opening total
  erased_data_lingers,      // an erased subject's personal data is still readable somewhere
  consent_ignored,          // a marketing view lists a subject whose withdrawal it processed
};
const char* to_string(ViolationKind kind);

struct Violation {
  ViolationKind kind = ViolationKind::corrupt_copy;
  std::uint32_t where = 0;     // replica (copies) or deriver (views)
  sim::Offset offset;          // the record, for copies
  std::optional<sim::Tick> injected_at;  // from the fault ledger; none for a false alarm
  sim::Tick detected_at;
  std::optional<sim::Tick> repaired_at;
  std::string detail;          // for people: the error, or the first differing key and both values
};

// A violation found at `detected_at` (not yet repaired, injection unknown until the ledger says).
Violation make_violation(ViolationKind kind, std::uint32_t where, sim::Offset offset, sim::Tick detected_at,
                         std::string detail);

struct AuditorOptions {
  bool enabled = false;            // audits on a schedule (an on-demand audit works regardless)
  std::uint64_t interval_ticks = 200;
};

// The auditor's memory across audits: what was already reported, so a lost record is reported
// once, not on every audit.
struct AuditorState {
  std::set<std::pair<std::uint32_t, std::uint64_t>> reported_lost;  // (replica, offset)
  std::set<std::uint64_t> reported_ack_lost;                         // offsets
  // Privacy findings reported: (violation kind, place, where, subject), each reported once.
  std::set<std::tuple<std::uint8_t, std::uint8_t, std::uint32_t, std::uint32_t>> reported_privacy;
  std::uint64_t audits = 0;
};

// Checks one replica's copy of `offset`; if bad, records the violation, repairs it from a healthy
// replica if one exists, and tells the ledger. Used by the auditor's scrub and by read-repair.
// Returns whether the copy is (now) good.
bool verify_and_repair(EventLog& log, std::uint32_t replica, sim::Offset offset, sim::Tick now, FaultLedger& ledger,
                       AuditorState& state, std::vector<Violation>& out);

// A full audit at `now`: scrubs every record on every running replica, checks that every
// acknowledged record has a healthy copy, compares each deployed, running deriver's view with a
// fresh fold (rebuilding it if it differs), and checks money. Appends what it finds to `out`.
// With `privacy`, the folds read sealed data through its keys, and personal data it has since
// forgotten does not count as a difference (the privacy audit reports where that lingers).
void audit(sim::Tick now, EventLog& log, std::vector<Deriver>& derivers, const std::vector<bool>& deployed,
           const AccountTable& accounts, std::int64_t opening_total_cents, FaultLedger& ledger, AuditorState& state,
           std::vector<Violation>& out, const ConsentRegistry* privacy = nullptr);

}  // namespace io::model
