#include "model/fault_ledger.h"

#include <algorithm>

#include "sim/assert.h"

namespace io::model {

void FaultLedger::take_new_faults(const EventLog& log, sim::Tick now) {
  if (seen_.size() < log.replica_count()) seen_.resize(log.replica_count(), 0);
  for (std::uint32_t r = 0; r < log.replica_count(); ++r) {
    const Disk& disk = log.disk(r);
    if (disk.faults_total() == seen_[r]) continue;  // the common case: nothing new
    const auto& history = disk.fault_history();
    const std::uint64_t fresh = disk.faults_total() - seen_[r];
    const std::size_t from = history.size() > fresh ? history.size() - std::size_t(fresh) : 0;
    for (std::size_t i = from; i < history.size(); ++i) {
      ++counters_.injected;
      if (entries_.size() < entries_max) {
        entries_.push_back(LedgerEntry{history[i].kind, r, history[i].position, history[i].bytes, now, {}, {}, false});
      }
    }
    seen_[r] = disk.faults_total();
  }
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

void FaultLedger::tail_truncated(std::uint32_t replica, sim::Tick now) {
  for (LedgerEntry& e : entries_) {
    if (e.replica != replica || e.kind != DiskFault::torn_write || e.detected_at) continue;
    e.detected_at = e.repaired_at = now;
    ++counters_.detected;
    ++counters_.repaired;
  }
}

}  // namespace io::model
