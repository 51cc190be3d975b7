#include "model/fault_ledger.h"

#include <algorithm>

#include "sim/assert.h"

namespace io::model {

void FaultLedger::take_faults_since(const EventLog& log, sim::Tick now) {
  if (seen_.size() < log.replica_count()) seen_.resize(log.replica_count(), 0);
  for (std::uint32_t r = 0; r < log.replica_count(); ++r) {
    const Disk& disk = log.disk(r);
    if (disk.faults_total() == seen_[r]) continue;  // the common case: nothing new
    const auto& history = disk.fault_history();
    const std::uint64_t fresh = disk.faults_total() - seen_[r];
    const std::size_t from = history.size() > fresh ? history.size() - std::size_t(fresh) : 0;
    // A write's damage counts only where records live: bytes past the last record (a misplaced
    // write that landed beyond the data) hold nothing a reader could be harmed by, and the next
    // appends overwrite them. Block faults (sector errors, misdirected reads) stay with the whole
    // block, including records appended into it later; torn tails are found by recovery.
    const std::uint64_t data_end =
        log.end_offset().value == 0 ? 0 : log.disk_position(sim::Offset{log.end_offset().value - 1}) +
                                               log.stored_size(sim::Offset{log.end_offset().value - 1});
    for (std::size_t i = from; i < history.size(); ++i) {
      FaultEvent f = history[i];
      if (f.kind == DiskFault::lost_write || f.kind == DiskFault::misdirected_write) {
        if (f.position >= data_end) continue;
        f.bytes = std::min(f.bytes, data_end - f.position);
      }
      ++counters_.injected;
      if (entries_.size() < entries_max) {
        entries_.push_back(LedgerEntry{f.kind, r, f.position, f.bytes, now, {}, {}, false});
      }
    }
    seen_[r] = disk.faults_total();
  }
  seen_total_ = faults_total(log);
  SIM_ASSERT(seen_total_ == [&] {
    std::uint64_t sum = 0;
    for (const std::uint64_t seen : seen_) sum += seen;
    return sum;
  }());
}

bool FaultLedger::explains(const LedgerEntry& e, const EventLog& log, std::uint32_t replica, sim::Offset offset) const {
  if (e.replica != replica || offset >= log.end_offset()) return false;
  const std::uint64_t start = log.disk_position(offset);
  const std::uint64_t end = start + log.stored_size(offset);
  return e.position < end && start < e.position + e.bytes;
}

bool FaultLedger::detected(const EventLog& log, std::uint32_t replica, sim::Offset offset, sim::Tick now) {
  bool any = false;
  for (LedgerEntry& e : entries_) {
    if (!explains(e, log, replica, offset)) continue;
    any = true;
    if (e.detected_at) continue;
    e.detected_at = now;
    ++counters_.detected;
    SIM_ASSERT(now >= e.injected_at);
    counters_.detect_ticks_max = std::max(counters_.detect_ticks_max, now.value - e.injected_at.value);
  }
  if (!any) ++counters_.false_alarms;
  return any;
}

void FaultLedger::resolved(const EventLog& log, std::uint32_t replica, sim::Offset offset, sim::Tick now, bool repaired) {
  for (LedgerEntry& e : entries_) {
    if (!explains(e, log, replica, offset) || e.repaired_at || e.lost) continue;
    if (repaired) {
      e.repaired_at = now;
      ++counters_.repaired;
    } else {
      e.lost = true;
    }
  }
}

void FaultLedger::region_rewritten(std::uint32_t replica, std::uint64_t position, std::uint64_t bytes, sim::Tick now) {
  for (LedgerEntry& e : entries_) {
    if (e.replica != replica || e.detected_at || e.position + e.bytes <= position || position + bytes <= e.position) continue;
    e.detected_at = now;
    e.repaired_at = now;
    ++counters_.detected;
    ++counters_.repaired;
    counters_.detect_ticks_max = std::max(counters_.detect_ticks_max, now.value - e.injected_at.value);
  }
}

void FaultLedger::tail_truncated(std::uint32_t replica, sim::Tick now) {
  for (LedgerEntry& e : entries_) {
    if (e.replica != replica || e.kind != DiskFault::torn_write || e.detected_at) continue;
    e.detected_at = e.repaired_at = now;
    ++counters_.detected;
    ++counters_.repaired;
  }
}

}  // namespace io::model
