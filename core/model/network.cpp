#include "model/network.h"

#include <algorithm>

#include "sim/assert.h"

namespace io::model {

Link::Link(std::string name, LinkOptions options, std::uint64_t seed)
    : name_(std::move(name)), options_(std::move(options)), prng_(seed) {
  SIM_ASSERT(options_.delay_ticks_min >= 1);  // nothing arrives in the tick it was sent
  SIM_ASSERT(options_.delay_ticks_min <= options_.delay_ticks_max);
  SIM_ASSERT(options_.partitions.size() <= LinkOptions::partitions_max);
  std::vector<Partition> windows;
  for (const Partition& p : options_.partitions) {
    if (p.end_tick > p.start_tick) windows.push_back(p);  // an empty window cuts nothing
  }
  std::sort(windows.begin(), windows.end(),
            [](const Partition& a, const Partition& b) { return a.start_tick < b.start_tick; });
  for (const Partition& p : windows) {
    if (!cuts_.empty() && p.start_tick <= cuts_.back().end_tick) {
      cuts_.back().end_tick = std::max(cuts_.back().end_tick, p.end_tick);
    } else {
      cuts_.push_back(p);
    }
  }
  SIM_ASSERT(cuts_.size() <= options_.partitions.size());
}

bool Link::partitioned_at(sim::Tick tick) const {
  // The cuts are disjoint and in time order, so their ends are ascending too: the first cut that
  // ends after `tick` is the only one that can contain it.
  const auto cut = std::upper_bound(cuts_.begin(), cuts_.end(), tick.value,
                                    [](std::uint64_t t, const Partition& p) { return t < p.end_tick; });
  const bool inside = cut != cuts_.end() && cut->start_tick <= tick.value;
  SIM_ASSERT(!inside || tick.value < cut->end_tick);
  return inside;
}

bool Link::cut_now(sim::Tick now) {
  SIM_ASSERT(now >= clock_);  // the cursor only moves forward
  clock_ = now;
  while (next_cut_ < cuts_.size() && cuts_[next_cut_].end_tick <= now.value) ++next_cut_;
  const bool inside = next_cut_ < cuts_.size() && cuts_[next_cut_].start_tick <= now.value;
  SIM_ASSERT(!inside || now.value < cuts_[next_cut_].end_tick);
  return inside;
}

Fate Link::send(sim::Tick now) {
  ++counters_.sent;
  Fate fate;
  if (cut_now(now)) {
    fate.partitioned = true;
    ++counters_.partitioned;
    return fate;
  }
  // Every draw happens whatever the outcome, so one message's fate never shifts the draws of
  // the next message on this link.
  const bool drop = prng_.chance_ppm(options_.drop_ppm);
  const bool duplicate = prng_.chance_ppm(options_.duplicate_ppm);
  const bool reorder = prng_.chance_ppm(options_.reorder_ppm);
  const std::uint64_t delay = prng_.range(options_.delay_ticks_min, options_.delay_ticks_max);
  const std::uint64_t copy_delay = prng_.range(options_.delay_ticks_min, options_.delay_ticks_max);
  const std::uint64_t hold = options_.reorder_ticks_max == 0 ? 0 : prng_.range(1, options_.reorder_ticks_max);
  if (drop) {
    fate.dropped = true;
    ++counters_.dropped;
    return fate;
  }
  fate.copies = 1;
  fate.deliver_at[0] = now + delay + (reorder ? hold : 0);
  fate.reordered = reorder;
  counters_.reordered += reorder ? 1 : 0;
  if (duplicate) {
    fate.copies = 2;
    fate.deliver_at[1] = now + copy_delay;
    fate.duplicated = true;
    ++counters_.duplicated;
  }
  SIM_ASSERT(fate.deliver_at[0] > now);
  return fate;
}

bool Link::deliver(sim::Tick now) {
  if (cut_now(now)) {
    ++counters_.partitioned;
    return false;
  }
  ++counters_.delivered;
  return true;
}

}  // namespace io::model
