#pragma once
// The simulator's agenda: events ordered by (tick, sequence). The sequence number is an insertion
// counter, so two events at the same tick always run in the order they were scheduled, never in
// an order that depends on pointers, hashing or the standard library's heap implementation.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/assert.h"
#include "sim/types.h"

namespace io::sim {

template <typename Payload>
class EventQueue {
 public:
  struct Entry {
    Tick tick;
    std::uint64_t seq;
    Payload payload;
  };

  // Schedules `payload` at `tick`; returns the sequence number it was given.
  std::uint64_t push(Tick tick, Payload payload) {
    SIM_ASSERT(heap_.size() < size_max);
    const std::uint64_t seq = next_seq_++;
    heap_.push_back(Entry{tick, seq, std::move(payload)});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
    return seq;
  }

  // Removes and returns the earliest entry. The queue must not be empty.
  Entry pop() {
    SIM_ASSERT(!heap_.empty());
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    Entry entry = std::move(heap_.back());
    heap_.pop_back();
    return entry;
  }

  // The earliest entry, without removing it. The queue must not be empty.
  const Entry& top() const {
    SIM_ASSERT(!heap_.empty());
    return heap_.front();
  }

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  std::uint64_t scheduled_total() const { return next_seq_; }

  // Pending entries in the order they will run (for inspection, not the hot path).
  std::vector<Entry> sorted() const {
    std::vector<Entry> copy = heap_;
    std::sort(copy.begin(), copy.end(), [](const Entry& a, const Entry& b) { return Later{}(b, a); });
    return copy;
  }

  // A bound on pending events: a runaway scenario stops with a clear assertion, not by
  // exhausting the browser tab's memory.
  static constexpr std::size_t size_max = 1u << 22;

 private:
  // std heap functions build a max-heap; "later" as the comparison puts the earliest on top. A
  // function object rather than a function: the heap functions then inline the comparison
  // instead of calling it through a pointer at every step.
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      if (a.tick != b.tick) return a.tick > b.tick;
      return a.seq > b.seq;
    }
  };

  std::vector<Entry> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace io::sim
