#include "model/auditor.h"

#include "model/views/personal_data.h"
#include "sim/assert.h"

namespace io::model {

const char* to_string(ViolationKind kind) {
  switch (kind) {
    case ViolationKind::corrupt_copy: return "corrupt_copy";
    case ViolationKind::record_lost: return "record_lost";
    case ViolationKind::acknowledged_write_lost: return "acknowledged_write_lost";
    case ViolationKind::torn_tail: return "torn_tail";
    case ViolationKind::view_mismatch: return "view_mismatch";
    case ViolationKind::money_not_conserved: return "money_not_conserved";
    case ViolationKind::erased_data_lingers: return "erased_data_lingers";
    case ViolationKind::consent_ignored: return "consent_ignored";
  }
  return "unknown";
}

Violation make_violation(ViolationKind kind, std::uint32_t where, sim::Offset offset, sim::Tick detected_at,
                         std::string detail) {
  Violation v;
  v.kind = kind;
  v.where = where;
  v.offset = offset;
  v.detected_at = detected_at;
  v.detail = std::move(detail);
  return v;
}

namespace {

std::optional<sim::Tick> injected_at(const FaultLedger& ledger, const EventLog& log, std::uint32_t replica, sim::Offset offset) {
  std::optional<sim::Tick> first;
  for (const LedgerEntry& e : ledger.entries()) {
    if (e.replica != replica) continue;
    const std::uint64_t start = log.disk_position(offset), end = start + log.stored_size(offset);
    if (e.position < end && start < e.position + e.bytes && (!first || e.injected_at < *first)) first = e.injected_at;
  }
  return first;
}

}  // namespace

bool verify_and_repair(EventLog& log, std::uint32_t replica, sim::Offset offset, sim::Tick now, FaultLedger& ledger,
                       AuditorState& state, std::vector<Violation>& out) {
  SIM_ASSERT(replica < log.replica_count());
  const CopyCheck check = log.check_copy(replica, offset);
  if (check.ok || check.error == LogReadError::replica_down) return check.ok;
  const auto key = std::pair{replica, offset.value};
  if (state.reported_lost.contains(key)) return false;  // known lost: reported once already

  ledger.take_new_faults(log, now);
  ledger.detected(log, replica, offset, now);
  Violation v = make_violation(ViolationKind::corrupt_copy, replica, offset, now,
                               "replica " + std::to_string(replica) + ", record " + std::to_string(offset.value) + ": " +
                                   to_string(check.error));
  v.injected_at = injected_at(ledger, log, replica, offset);
  // A repair write can be struck by a fault of its own; try a few times, then leave the copy for
  // the next audit (it is not lost while a healthy copy exists elsewhere).
  constexpr int repair_attempts_max = 4;
  bool repaired = false, healthy_copy_exists = true;
  std::vector<sim::Offset> neighbours;
  for (int attempt = 0; attempt < repair_attempts_max && !repaired && healthy_copy_exists; ++attempt) {
    const RepairOutcome outcome = log.repair(replica, offset, &neighbours);
    if (outcome != RepairOutcome::no_healthy_copy) {
      const auto [position, bytes] = log.last_rewrite();
      ledger.region_rewritten(replica, position, bytes, now);
    }
    ledger.take_new_faults(log, now);  // faults the repair write itself suffered (after: not healed)
    repaired = outcome == RepairOutcome::repaired;
    healthy_copy_exists = outcome != RepairOutcome::no_healthy_copy;
    if (!repaired && healthy_copy_exists) ledger.detected(log, replica, offset, now);  // re-read: still bad
  }
  // Block repair also fixed bad neighbours in the same blocks: they were found and repaired now.
  for (const sim::Offset n : neighbours) {
    ledger.detected(log, replica, n, now);
    ledger.resolved(log, replica, n, now, true);
    Violation w = make_violation(ViolationKind::corrupt_copy, replica, n, now,
                                 "replica " + std::to_string(replica) + ", record " + std::to_string(n.value) +
                                     ": damaged in a block being repaired; rewritten with it");
    w.injected_at = injected_at(ledger, log, replica, n);
    w.repaired_at = now;
    out.push_back(std::move(w));
  }
  if (repaired) {
    ledger.resolved(log, replica, offset, now, true);
    v.repaired_at = now;
    out.push_back(std::move(v));
    return true;
  }
  if (healthy_copy_exists) {
    v.detail += "; repair writes kept failing, left for the next audit";
    out.push_back(std::move(v));
    return false;
  }
  ledger.resolved(log, replica, offset, now, false);
  out.push_back(v);
  v.kind = ViolationKind::record_lost;
  v.detail += "; no healthy copy on any replica: the record is lost here, and will not be served";
  out.push_back(std::move(v));
  state.reported_lost.insert(key);
  return false;
}

void audit(sim::Tick now, EventLog& log, std::vector<Deriver>& derivers, const std::vector<bool>& deployed,
           const AccountTable& accounts, std::int64_t opening_total_cents, FaultLedger& ledger, AuditorState& state,
           std::vector<Violation>& out, const ConsentRegistry* privacy) {
  SIM_ASSERT(deployed.size() == derivers.size());
  const Forgotten forgotten = privacy != nullptr ? privacy->forgotten() : Forgotten{};
  const KeyStore* keys = privacy != nullptr ? &privacy->keys() : nullptr;
  ++state.audits;
  // 1. Scrub: every copy on every running replica.
  for (std::uint64_t o = 0; o < log.end_offset().value; ++o) {
    bool any_good = false;
    for (std::uint32_t r = 0; r < log.replica_count(); ++r) {
      if (!log.replica_up(r)) continue;
      any_good = verify_and_repair(log, r, sim::Offset{o}, now, ledger, state, out) || any_good;
    }
    // 2. Every acknowledged write must still be readable from somewhere.
    if (!any_good && log.running_replicas() > 0 && !state.reported_ack_lost.contains(o)) {
      state.reported_ack_lost.insert(o);
      out.push_back(make_violation(ViolationKind::acknowledged_write_lost, 0, sim::Offset{o}, now,
                                   "record " + std::to_string(o) + " was acknowledged and is now readable from no replica"));
    }
  }
  // 3. Views against a fresh fold of the log; 4. money in balances views.
  for (std::size_t i = 0; i < derivers.size(); ++i) {
    Deriver& d = derivers[i];
    if (!deployed[i] || d.down() || kind_of(d.view()) == ViewKind::cache) continue;
    const View fresh = fold_like(d.view(), log, accounts, applied_through(d.view()), nullptr, keys);
    if (const auto difference = first_difference_forgetting(d.view(), fresh, accounts, forgotten)) {
      Violation v = make_violation(ViolationKind::view_mismatch, std::uint32_t(i), sim::Offset{0}, now,
                                   "view \"" + d.options().name + "\" differs from the log: " + *difference +
                                       "; rebuilt from offset 0");
      d.rebuild(logic_of(d.view()), accounts);  // a view is derived data: recompute it
      v.repaired_at = now;
      out.push_back(std::move(v));
    }
    if (kind_of(d.view()) == ViewKind::balances) {
      const std::int64_t total = std::get<BalancesView>(d.view()).total_cents();
      // A view rebuilt a moment ago starts empty and sums to zero until it catches up: not a loss.
      if (applied_through(d.view()) == log.end_offset() && total != opening_total_cents) {
        out.push_back(make_violation(ViolationKind::money_not_conserved, std::uint32_t(i), sim::Offset{0}, now,
                                     "view \"" + d.options().name + "\" sums to " + format_cents(total) + ", not " +
                                         format_cents(opening_total_cents)));
      }
    }
  }
}

}  // namespace io::model
