#include "model/auditor.h"

#include <algorithm>

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

namespace {

// How many records, from offset 0, end at or before byte `position` (on every replica's disk,
// since each stores the log at the same positions).
std::uint64_t records_ending_by(const EventLog& log, std::uint64_t position) {
  if (position == Disk::no_change) return log.end_offset().value;
  return log.offsets_touching(position, 1).first.value;
}

// The byte after the last record below `through`.
std::uint64_t bytes_through(const EventLog& log, sim::Offset through) {
  if (through.value == 0) return 0;
  const sim::Offset last{through.value - 1};
  return log.disk_position(last) + log.stored_size(last);
}

// Where a replica's copies are known good during an incremental scrub: below good_below(), every
// copy not in the memory's `failed` list was verified and its disk has not changed near it since.
// The bound is live: a repair during this scrub lowers it at once. Beyond this memory, the log
// itself vouches for the copies it knows verify (first_unvouched()).
class KnownGood {
 public:
  KnownGood(const EventLog& log, const ScrubMemory& memory, std::uint32_t replica)
      : log_(&log), memory_(&memory), replica_(replica) {}
  std::uint64_t good_below() {
    const std::uint64_t changed = log_->disk(replica_).changed_from();
    if (changed != seen_changed_from_ || !valid_) {
      seen_changed_from_ = changed;
      valid_ = true;
      bound_ = std::min(memory_->verified_end, records_ending_by(*log_, changed));
    }
    return bound_;
  }
  // The first remembered failure at or after `offset` (offsets must be asked in increasing order).
  std::uint64_t next_failed(std::uint64_t offset) {
    while (cursor_ < memory_->failed.size() && memory_->failed[cursor_] < offset) ++cursor_;
    return cursor_ < memory_->failed.size() ? memory_->failed[cursor_] : UINT64_MAX;
  }
  bool good(std::uint64_t offset) { return offset < good_below() && next_failed(offset) != offset; }
  // The first offset in [offset, end) that neither this memory nor the log vouches for, or `end`:
  // the log's copies known to verify check_copy() would pass without reading, so a visit there
  // would find nothing and change nothing (offsets must be asked in increasing order).
  std::uint64_t first_unvouched(std::uint64_t offset, std::uint64_t end) {
    const std::uint64_t unremembered = std::min(std::max(offset, good_below()), next_failed(offset));
    if (unremembered >= end) return end;
    // A run the log vouches for stays vouched for until the disk changes (verifying only adds to
    // it): an offset inside the run last asked about needs no new question.
    const std::uint64_t changes = log_->disk(replica_).change_count();
    if (!log_asked_ || changes != log_changes_ || unremembered < log_from_ || unremembered > log_until_ ||
        end != log_end_) {
      log_asked_ = true;
      log_changes_ = changes;
      log_from_ = unremembered;
      log_end_ = end;
      log_until_ = log_->first_unverified(replica_, sim::Offset{unremembered}, sim::Offset{end}).value;
    }
    SIM_ASSERT(log_until_ >= unremembered);
    return log_until_;
  }

 private:
  const EventLog* log_;
  const ScrubMemory* memory_;
  std::uint32_t replica_;
  std::uint64_t seen_changed_from_ = 0;
  std::uint64_t bound_ = 0;
  bool valid_ = false;
  std::size_t cursor_ = 0;
  // The log's answer last asked for: [log_from_, log_until_) vouched for, while the disk's
  // change count is log_changes_ and the scrub ends at log_end_.
  bool log_asked_ = false;
  std::uint64_t log_changes_ = 0, log_from_ = 0, log_until_ = 0, log_end_ = 0;
};

// The ack-lost check of one record, after its copies were checked.
void check_acknowledged(const EventLog& log, std::uint64_t o, bool any_good, sim::Tick now, AuditorState& state,
                        std::vector<Violation>& out) {
  if (any_good || log.running_replicas() == 0 || state.reported_ack_lost.contains(o)) return;
  state.reported_ack_lost.insert(o);
  out.push_back(make_violation(ViolationKind::acknowledged_write_lost, 0, sim::Offset{o}, now,
                               "record " + std::to_string(o) + " was acknowledged and is now readable from no replica"));
}

// 1. and 2. of a full audit: every copy on every running replica, record by record.
void scrub_all(sim::Tick now, EventLog& log, FaultLedger& ledger, AuditorState& state, std::vector<Violation>& out) {
  for (std::uint64_t o = 0; o < log.end_offset().value; ++o) {
    bool any_good = false;
    for (std::uint32_t r = 0; r < log.replica_count(); ++r) {
      if (!log.replica_up(r)) continue;
      any_good = verify_and_repair(log, r, sim::Offset{o}, now, ledger, state, out) || any_good;
    }
    check_acknowledged(log, o, any_good, now, state, out);
  }
}

// The same scrub, visiting only the records some running replica cannot vouch for: a copy known
// good would verify now without a finding (reads are a pure function of the disk), so skipping it
// changes nothing. Records are visited in the same order, replicas too, so the findings, repairs
// and the ledger's entries come out exactly as scrub_all's.
void scrub_changed(sim::Tick now, EventLog& log, FaultLedger& ledger, AuditorState& state, std::vector<Violation>& out) {
  const std::uint32_t replicas = log.replica_count();
  const std::uint64_t end = log.end_offset().value;
  if (state.scrub.size() != replicas) state.scrub.assign(replicas, ScrubMemory{});
  // What changed since the last audit shortens what is known; then the disks are marked afresh,
  // so that changes from here on (this scrub's repairs too) count for the next audit.
  for (std::uint32_t r = 0; r < replicas; ++r) {
    ScrubMemory& m = state.scrub[r];
    const std::uint64_t changed = log.disk(r).changed_from();
    m.verified_end = std::min({m.verified_end, end, records_ending_by(log, changed)});
    m.failed.erase(std::lower_bound(m.failed.begin(), m.failed.end(), m.verified_end), m.failed.end());
    for (std::optional<FoldMemo>& memo : state.folds) {
      if (memo && memo->leader == r) memo->leader_changed_from = std::min(memo->leader_changed_from, changed);
    }
    log.disk_for_fault_injection(r).mark_unchanged();  // bookkeeping, not a fault: the log's only mutable way in
    SIM_ASSERT(log.disk(r).changed_from() == Disk::no_change);
  }
  std::vector<KnownGood> known;
  std::vector<std::vector<std::uint64_t>> failed(replicas);
  for (std::uint32_t r = 0; r < replicas; ++r) known.emplace_back(log, state.scrub[r], r);
  std::uint64_t o = 0;
  while (o < end) {
    // The first offset from o that some running replica cannot vouch for.
    std::uint64_t next = end;
    for (std::uint32_t r = 0; r < replicas; ++r) {
      if (log.replica_up(r)) next = std::min(next, known[r].first_unvouched(o, end));
    }
    if (next > o) {
      o = next;  // every running copy of [o, next) is known good: nothing to find there
      continue;
    }
    bool any_good = false;
    for (std::uint32_t r = 0; r < replicas; ++r) {
      if (!log.replica_up(r)) continue;
      const bool good = known[r].good(o) || verify_and_repair(log, r, sim::Offset{o}, now, ledger, state, out);
      if (!good) failed[r].push_back(o);
      any_good = good || any_good;
    }
    check_acknowledged(log, o, any_good, now, state, out);
    ++o;
  }
  // Running replicas are now known through the end; a stopped one keeps what was known of it.
  for (std::uint32_t r = 0; r < replicas; ++r) {
    if (!log.replica_up(r)) continue;
    ScrubMemory& m = state.scrub[r];
    m.verified_end = std::min(end, log.replica_end(r).value);
    m.failed = std::move(failed[r]);
    m.failed.erase(std::lower_bound(m.failed.begin(), m.failed.end(), m.verified_end), m.failed.end());
  }
}

// Offsets below `through` the leader cannot read now, from the scrub just done where it vouches,
// by reading where it does not. Only meaningful with verify_on_read (then a read is a check).
std::vector<std::uint64_t> unreadable_now(const EventLog& log, const AuditorState& state, std::uint32_t leader,
                                          sim::Offset through) {
  SIM_ASSERT(log.options().verify_on_read);
  SIM_ASSERT(leader < state.scrub.size());
  const ScrubMemory& m = state.scrub[leader];
  const std::uint64_t known =
      std::min({m.verified_end, records_ending_by(log, log.disk(leader).changed_from()), through.value});
  std::vector<std::uint64_t> out(m.failed.begin(), std::lower_bound(m.failed.begin(), m.failed.end(), known));
  for (std::uint64_t o = known; o < through.value; ++o) {
    if (!log.read(sim::Offset{o}).ok()) out.push_back(o);
  }
  return out;
}

// Makes `memo` ready to be continued into the fresh fold configured like `like`: kept if the
// records it read would read the same now, otherwise emptied to fold again from offset 0. Either
// way, continuing it to a target gives fold_like(like, log, accounts, target, nullptr, keys).
void prepare_memo(std::optional<FoldMemo>& memo, const View& like, const EventLog& log, const AccountTable& accounts,
                  sim::Offset target, const KeyStore* keys, const AuditorState& state) {
  const std::uint32_t leader = log.leader();
  SIM_ASSERT(log.replica_up(leader));
  const std::optional<std::uint64_t> generation = keys ? std::optional(keys->generation()) : std::nullopt;
  bool usable = memo && memo->through <= target && same_configuration(memo->view, like) &&
                memo->keys_generation == generation && memo->accounts == accounts;
  if (usable) {
    // Unchanged bytes under the records read read the same. Otherwise, with verification on, a
    // record reads either as what was appended or not at all: the same records unreadable as then
    // means the same fold (a fold skips what it cannot read).
    const std::uint64_t changed = std::min(memo->leader_changed_from, log.disk(leader).changed_from());
    const bool unchanged = memo->leader == leader && bytes_through(log, memo->through) <= changed;
    if (!unchanged) {
      usable = log.options().verify_on_read && unreadable_now(log, state, leader, memo->through) == memo->unreadable;
    }
  }
  if (!usable) {
    memo = FoldMemo{empty_like(like, accounts), sim::Offset{0}, leader, {}, Disk::no_change, generation, accounts};
  }
  memo->leader = leader;
  memo->leader_changed_from = Disk::no_change;  // this audit's changes came before: the fold sees them
  SIM_ASSERT(applied_through(memo->view) <= memo->through);
}

}  // namespace

void audit(sim::Tick now, EventLog& log, std::vector<Deriver>& derivers, const std::vector<bool>& deployed,
           const AccountTable& accounts, std::int64_t opening_total_cents, FaultLedger& ledger, AuditorState& state,
           std::vector<Violation>& out, const ConsentRegistry* privacy, bool incremental) {
  SIM_ASSERT(deployed.size() == derivers.size());
  const Forgotten forgotten = privacy != nullptr ? privacy->forgotten() : Forgotten{};
  const KeyStore* keys = privacy != nullptr ? &privacy->keys() : nullptr;
  ++state.audits;
  if (!incremental) {
    state.scrub.clear();  // what a full audit does not keep up to date must not be trusted later
    state.folds.clear();
  }
  if (state.folds.size() != derivers.size()) state.folds.resize(derivers.size());
  // 1. Scrub: every copy on every running replica; 2. every acknowledged write must still be
  // readable from somewhere.
  if (incremental) {
    scrub_changed(now, log, ledger, state, out);
  } else {
    scrub_all(now, log, ledger, state, out);
  }
  // 3. Views against a fresh fold of the log; 4. money in balances views. Incrementally, the kept
  // folds are first continued together (each record read once for all), then compared in order:
  // a rebuild changes neither the log nor another deriver's fold, so the order does not matter.
  const auto checked = [&](const Deriver& d, std::size_t i) {
    return deployed[i] && !d.down() && kind_of(d.view()) != ViewKind::cache;
  };
  const bool keep_folds = incremental && log.replica_up(log.leader());
  if (keep_folds) {
    std::vector<FoldJob> jobs;
    for (std::size_t i = 0; i < derivers.size(); ++i) {
      if (!checked(derivers[i], i)) continue;
      const sim::Offset target = applied_through(derivers[i].view());
      std::optional<FoldMemo>& memo = state.folds[i];
      prepare_memo(memo, derivers[i].view(), log, accounts, target, keys, state);
      jobs.push_back(FoldJob{&memo->view, memo->through, target, &memo->unreadable});
      memo->through = target;
    }
    fold_more_together(jobs, log, keys);
  }
  for (std::size_t i = 0; i < derivers.size(); ++i) {
    Deriver& d = derivers[i];
    if (!checked(d, i)) continue;
    std::optional<View> scratch;
    if (!keep_folds) {
      scratch = fold_like(d.view(), log, accounts, applied_through(d.view()), nullptr, keys);
      state.folds[i].reset();
    }
    const View* fresh = keep_folds ? &state.folds[i]->view : &*scratch;
    if (const auto difference = first_difference_forgetting(d.view(), *fresh, accounts, forgotten)) {
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
