#pragma once
// The fault ledger: the simulator's omniscient record of every fault the disks suffered, with
// when it was injected, detected and repaired. No component of the simulated system reads it to
// decide anything; it exists so that the metrics can say "every injected fault was detected"
// and "this alarm matched no fault" (a false alarm), which is how the auditor itself is audited.

#include <cstdint>
#include <optional>
#include <vector>

#include "model/disk.h"
#include "model/event_log.h"
#include "sim/types.h"

namespace io::model {

struct LedgerEntry {
  DiskFault kind = DiskFault::bit_rot;
  std::uint32_t replica = 0;
  std::uint64_t position = 0;  // damaged byte range on that replica's disk
  std::uint64_t bytes = 0;
  sim::Tick injected_at;
  std::optional<sim::Tick> detected_at;
  std::optional<sim::Tick> repaired_at;
  bool lost = false;  // detected, and no healthy copy existed to repair from
};

struct LedgerCounters {
  std::uint64_t injected = 0;
  std::uint64_t detected = 0;
  std::uint64_t repaired = 0;
  std::uint64_t false_alarms = 0;     // a bad copy found where no injected fault explains it
  std::uint64_t detect_ticks_max = 0;  // longest time from injection to detection
};

class FaultLedger {
 public:
  // Takes in the faults the log's disks suffered since the last call, stamped `now`. Called after
  // every event, so its common case, no new fault, is inline: each disk's count only grows, so
  // an unchanged sum means an unchanged count on every disk.
  void take_new_faults(const EventLog& log, sim::Tick now) {
    if (faults_total(log) != seen_total_) take_faults_since(log, now);
  }
  // A copy of `offset` on `replica` was found bad at `now`. Marks the faults that explain it as
  // detected; returns false (and counts a false alarm) if none does.
  bool detected(const EventLog& log, std::uint32_t replica, sim::Offset offset, sim::Tick now);
  // That copy was repaired (or found lost) at `now`.
  void resolved(const EventLog& log, std::uint32_t replica, sim::Offset offset, sim::Tick now, bool repaired);
  // A repair rewrote [position, position + bytes) on `replica` from verified copies: faults there
  // that no read had found yet were found and repaired by it (it re-verified every record in it).
  void region_rewritten(std::uint32_t replica, std::uint64_t position, std::uint64_t bytes, sim::Tick now);
  // A torn tail was truncated on `replica` at `now`: the torn-write faults there are handled.
  void tail_truncated(std::uint32_t replica, sim::Tick now);

  const std::vector<LedgerEntry>& entries() const { return entries_; }
  const LedgerCounters& counters() const { return counters_; }
  // Entries injected but never detected: what a final audit must leave empty.
  std::uint64_t undetected() const { return counters_.injected - counters_.detected; }

  // Entries kept; beyond this only the counters grow (a runaway fault rate in a long run).
  static constexpr std::size_t entries_max = 100'000;

 private:
  bool explains(const LedgerEntry& e, const EventLog& log, std::uint32_t replica, sim::Offset offset) const;
  static std::uint64_t faults_total(const EventLog& log) {
    std::uint64_t total = 0;
    for (std::uint32_t r = 0; r < log.replica_count(); ++r) total += log.disk(r).faults_total();
    return total;
  }
  void take_faults_since(const EventLog& log, sim::Tick now);

  std::vector<LedgerEntry> entries_;
  std::vector<std::uint64_t> seen_;  // per replica: faults taken from its disk's history so far
  std::uint64_t seen_total_ = 0;     // their sum
  LedgerCounters counters_;
};

}  // namespace io::model
