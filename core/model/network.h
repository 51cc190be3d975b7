#pragma once
// The network between clients, the front door and the stores: the reason a request can arrive
// twice, late, out of order or not at all. The chapter's end-to-end argument starts here: TCP
// may hide duplicates within one connection, but a retry on a new connection looks like a new
// request to every layer below the application.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/prng.h"
#include "sim/types.h"

namespace io::model {

// A window of simulated time in which a link delivers nothing: [start_tick, end_tick).
struct Partition {
  std::uint64_t start_tick = 0;
  std::uint64_t end_tick = 0;
  bool operator==(const Partition&) const = default;
};

struct LinkOptions {
  // One-way delay of a message in ticks, drawn uniformly from [min, max] (the jitter is max - min).
  std::uint64_t delay_ticks_min = 1;
  std::uint64_t delay_ticks_max = 1;
  // Probabilities in parts per million, per message.
  std::uint32_t drop_ppm = 0;       // lost in transit
  std::uint32_t duplicate_ppm = 0;  // delivered twice (the copy has its own delay)
  std::uint32_t reorder_ppm = 0;    // held back by up to reorder_ticks_max extra ticks
  std::uint64_t reorder_ticks_max = 20;
  // Windows when the link is cut: messages sent or due for delivery inside them are lost.
  std::vector<Partition> partitions;
  bool operator==(const LinkOptions&) const = default;

  static constexpr std::uint64_t delay_ticks_limit = 1'000'000;
  static constexpr std::size_t partitions_max = 64;
};

// What happened to one message handed to a link: zero, one or two deliveries.
struct Fate {
  std::uint8_t copies = 0;           // 0 (dropped or partitioned), 1, or 2 (duplicated)
  sim::Tick deliver_at[2] = {};      // delivery ticks of the copies
  bool dropped = false;
  bool partitioned = false;
  bool duplicated = false;
  bool reordered = false;
};

struct LinkCounters {
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped = 0;       // lost to drop_ppm
  std::uint64_t partitioned = 0;   // lost to a partition, at send or at delivery
  std::uint64_t duplicated = 0;
  std::uint64_t reordered = 0;
};

// One direction-agnostic link (e.g. alice <-> front door) with its own random stream.
class Link {
 public:
  Link(std::string name, LinkOptions options, std::uint64_t seed);

  // Decides the fate of a message sent now. Draws from this link's stream only. `now` never goes
  // back from one call of send() or deliver() to the next.
  Fate send(sim::Tick now);
  // Whether a copy due now still arrives (not cut by a partition); counts the outcome.
  bool deliver(sim::Tick now);
  // Whether `tick` falls inside one of the link's partitions. O(log partitions).
  bool partitioned_at(sim::Tick tick) const;

  const std::string& name() const { return name_; }
  const LinkOptions& options() const { return options_; }
  const LinkCounters& counters() const { return counters_; }

 private:
  // partitioned_at(now) for the link's own clock, which only moves forward: O(1), by a cursor.
  bool cut_now(sim::Tick now);

  std::string name_;
  LinkOptions options_;
  // The partitions sorted by start and merged where they overlap or touch: disjoint windows in
  // time order, so the one window that can hold a tick is found by binary search instead of a
  // scan of every window for every message sent and delivered.
  std::vector<Partition> cuts_;
  // send() and deliver() happen at the World's time, which never goes back: the first cut that
  // has not ended at the latest such time, so each call checks one cut instead of searching.
  std::size_t next_cut_ = 0;
  sim::Tick clock_;  // the latest time send() or deliver() was called with
  sim::Prng prng_;
  LinkCounters counters_;
};

}  // namespace io::model
