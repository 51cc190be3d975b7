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
  // Audit only what may have changed since the last audit (same findings, repairs and trace as a
  // full audit, at a cost proportional to the change); off: scrub and refold everything, always.
  bool incremental = true;
};

// What the last audits learnt of one replica's copies, so the next scrub skips what cannot have
// changed: every record below verified_end was checked, and those not in `failed` were good.
// A copy stays good until its disk changes near it (Disk::changed_from() says where).
struct ScrubMemory {
  std::uint64_t verified_end = 0;
  std::vector<std::uint64_t> failed;  // sorted offsets below verified_end whose check failed
};

// The fresh fold an audit compared a deriver's view with, kept to be continued next time rather
// than folded again from offset 0, with what it depended on besides the log's records.
struct FoldMemo {
  View view;                               // the fold of [0, through)
  sim::Offset through;
  std::uint32_t leader = 0;                // the replica it read from
  std::vector<std::uint64_t> unreadable;   // offsets below `through` it could not read (sorted)
  std::uint64_t leader_changed_from = 0;   // lowest byte changed on the leader's disk since (about)
  std::optional<std::uint64_t> keys_generation;  // the KeyStore's, none if read without keys
  AccountTable accounts;                   // the views are made for these accounts
};

// The auditor's memory across audits: what was already reported, so a lost record is reported
// once, not on every audit; and, for incremental audits, what is known to be unchanged.
struct AuditorState {
  std::set<std::pair<std::uint32_t, std::uint64_t>> reported_lost;  // (replica, offset)
  std::set<std::uint64_t> reported_ack_lost;                         // offsets
  // Privacy findings reported: (violation kind, place, where, subject), each reported once.
  std::set<std::tuple<std::uint8_t, std::uint8_t, std::uint32_t, std::uint32_t>> reported_privacy;
  std::uint64_t audits = 0;
  std::vector<ScrubMemory> scrub;              // per replica
  std::vector<std::optional<FoldMemo>> folds;  // per deriver
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
// `incremental` as AuditorOptions::incremental: the findings are the same either way.
void audit(sim::Tick now, EventLog& log, std::vector<Deriver>& derivers, const std::vector<bool>& deployed,
           const AccountTable& accounts, std::int64_t opening_total_cents, FaultLedger& ledger, AuditorState& state,
           std::vector<Violation>& out, const ConsentRegistry* privacy = nullptr, bool incremental = true);

}  // namespace io::model
