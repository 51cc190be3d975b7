#include "sim/trace.h"

namespace io::sim {

void Trace::keep(const TraceEntry& entry) {
  SIM_ASSERT(entries_.size() < keep_entries_max_);
  SIM_ASSERT(entry.index == entries_.size());  // kept entries are the first ones, without gaps
  entries_.push_back(entry);
}

}  // namespace io::sim
