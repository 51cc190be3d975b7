#pragma once
// A Deriver is a stream processor: it consumes the event log from an offset, in order, and keeps
// one materialized view up to date. Its position in the log is volatile; it periodically writes a
// checkpoint (the offset to resume from) and, after a crash, resumes there. Records between the
// checkpoint and the lost position are therefore delivered again: at-least-once delivery. Whether
// that doubles their effect depends on the view's apply mode (see model/views/view.h).
//
// A Deriver is a plain value, with no pointer to the log or the world: the caller passes the log
// to run_batch(), and copying a Deriver copies its view, so a World copy is a snapshot.

#include <cstdint>
#include <string>

#include "model/decoded_records.h"
#include "model/domain_event.h"
#include "model/event_log.h"
#include "model/views/view.h"
#include "sim/types.h"

namespace io::model {

struct DeriverOptions {
  std::string name;  // shown in the UI and the trace; at most name_bytes_max bytes
  ViewKind view = ViewKind::balances;
  DeriverLogic logic = DeriverLogic::v1;
  ApplyMode apply = ApplyMode::idempotent;
  // Records read per batch, at most (1..batch_records_max): with the interval, the deriver's rate.
  std::uint32_t batch_records = 10;
  // Ticks from the start of one batch to the earliest start of the next (>= 1).
  std::uint64_t batch_interval_ticks = 1;
  // Records processed since the last checkpoint that trigger the next one (>= 1). Fewer means
  // less redelivery after a crash, at the cost of more checkpoint writes.
  std::uint64_t checkpoint_every_records = 10;
  // Ticks a crashed deriver stays down before restart_due() says it may come back.
  std::uint64_t restart_ticks = 20;
  // Tick of the first batch: a deriver deployed later (a v2 rebuild, say) starts here.
  std::uint64_t start_tick = 0;
  // Deployment, read by the World, not by the Deriver: true means the World runs this deriver
  // only once a start_deriver command arrives (a v2 built beside v1 for reprocessing).
  bool start_on_command = false;
  // How its code treats personal data (view_kind.h). honor_consent is the deriver's own; the
  // World sets honor_erasure and minimise from its PrivacyOptions.
  PrivacyRules rules;
  // The model a credit_scores view computes (other kinds ignore it). The World fills it in from
  // WorldOptions::credit, so every credit_scores deriver scores the same applicants.
  CreditModel credit;

  // Bounds a batch's work per tick, so the UI's per-frame budget holds.
  static constexpr std::uint32_t batch_records_max = 100'000;
  static constexpr std::size_t name_bytes_max = 64;
};

// What one call of run_batch() did.
struct BatchResult {
  bool ran = false;  // false: down, before start_tick, or the next batch is not due yet
  std::uint64_t records_processed = 0;  // records the position moved past
  std::uint64_t applied = 0;            // first applications
  std::uint64_t skipped = 0;            // redeliveries recognised (idempotent mode)
  std::uint64_t applied_again = 0;      // redeliveries applied once more (naive mode)
  std::uint64_t rejected = 0;           // events the view refused (unknown account, bad amount)
  std::uint64_t undecodable = 0;        // records that read fine but are not DomainEvents: passed over
  bool checkpointed = false;            // at least one checkpoint was written
  // The batch stopped at a record the log could not return; the position stays there, and each
  // later batch tries it again (a corrupt record never repairs itself, so it stays stuck).
  bool stuck = false;
  sim::Offset stuck_at{};
  LogReadError error = LogReadError::beyond_end;  // meaningful only if stuck
};

// Running totals since construction (a rebuild does not reset them: the work was done).
struct DeriverStats {
  std::uint64_t records_applied_total = 0;  // applied + applied_again: the write path's cost
  std::uint64_t records_skipped_total = 0;
  std::uint64_t records_applied_again_total = 0;
  std::uint64_t records_rejected_total = 0;
  std::uint64_t records_undecodable_total = 0;
  std::uint64_t batches_total = 0;
  std::uint64_t stuck_batches_total = 0;
  std::uint64_t checkpoints_total = 0;
  std::uint64_t crashes_total = 0;
  std::uint64_t restarts_total = 0;
  std::uint64_t rebuilds_total = 0;
};

class Deriver {
 public:
  // A deriver at offset 0 with an empty view of options.view for `accounts`. Options must be valid.
  Deriver(DeriverOptions options, const AccountTable& accounts);

  // Whether run_batch(now, ...) would run: up, at or after start_tick, and the interval elapsed.
  bool due(sim::Tick now) const;
  // If due, reads up to batch_records records from position(), applies each to the view per the
  // apply mode, advances the position and checkpoints every checkpoint_every_records records.
  // Stops early at the log's end or at a record that cannot be read (reported, not passed).
  // Sealed personal data is read through `keys` (none: it reads as shredded).
  // With `shared`, records another deriver decoded lately are taken from it (and the ones this
  // one decodes are left there for the others): the same records, decoded the same way.
  BatchResult run_batch(sim::Tick now, const EventLog& log, const KeyStore* keys = nullptr,
                        DecodedRecords* shared = nullptr);

  // The process dies at `now`: the position is lost (it falls back to the checkpoint), the view
  // and the checkpoint survive (they are durable). Must be up.
  void crash(sim::Tick now);
  // Whether a down deriver has been down restart_ticks and may restart.
  bool restart_due(sim::Tick now) const;
  // Comes back up, resuming from checkpoint(). Must be down.
  void restart();
  // Deploys `logic` by discarding the view and reprocessing the log from offset 0 (position and
  // checkpoint reset). Up or down state is unchanged.
  void rebuild(DeriverLogic logic, const AccountTable& accounts);

  bool down() const { return down_; }
  // The next offset to read.
  sim::Offset position() const { return position_; }
  // The offset a restart resumes from.
  sim::Offset checkpoint() const { return checkpoint_; }
  // Whether the last batch stopped at an unreadable record (cleared once a batch gets past it).
  bool stuck() const { return stuck_; }
  // Records appended but not yet processed: log_end - position().
  std::uint64_t lag_records(sim::Offset log_end) const;
  // How long the oldest unprocessed record has waited: now minus its appended_at, 0 if caught up.
  // If that record is unreadable its time is unknown; the first readable one among the next
  // lag_scan_records_max is used instead (an underestimate), or 0 if none is.
  std::uint64_t lag_ticks(sim::Tick now, const EventLog& log) const;

  const View& view() const { return view_; }
  // Reads `account` through this deriver's cache (its view must be a cache), filling it from
  // `source` on a miss (stamped `now`): reading a cache changes it.
  CacheRead read_cache(AccountId account, const BalancesView& source, sim::Tick now = {});

  const DeriverOptions& options() const { return options_; }
  const DeriverStats& stats() const { return stats_; }

  static constexpr std::uint64_t lag_scan_records_max = 64;

 private:
  void maybe_checkpoint(BatchResult& result);

  DeriverOptions options_;
  View view_;
  sim::Offset position_{0};
  sim::Offset checkpoint_{0};
  sim::Tick next_batch_at_{0};
  sim::Tick down_since_{0};
  bool down_ = false;
  bool stuck_ = false;
  DeriverStats stats_;
  // The record being applied, kept from batch to batch so that its text keeps the capacity it
  // grew to: decoding then allocates nothing. Meaningless between batches.
  DomainEvent event_;
};

}  // namespace io::model
