#pragma once
// The simulator's agenda: events ordered by (tick, sequence). The sequence number is an insertion
// counter, so two events at the same tick always run in the order they were scheduled, never in
// an order that depends on pointers, hashing or the standard library's heap implementation.
//
// Most events are due within a few ticks of now (a message's delay, a client's next request, a
// deriver's next batch), so the agenda is a calendar: one first-in-first-out bucket per tick of a
// window of window_ticks ticks from the earliest pending event, and a binary heap for the rest.
// Within a bucket every entry has the same tick and entries arrive in sequence order, so a bucket
// is already sorted; an entry moves from the heap into its bucket when the window reaches its
// tick, before anything else can be put there. Pushing and popping cost O(1) in the common case,
// and the order is exactly (tick, sequence), as a plain heap would give.

#include <algorithm>
#include <array>
#include <bit>
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

  EventQueue() : buckets_(window_ticks) {}

  // Schedules `payload` at `tick`; returns the sequence number it was given.
  std::uint64_t push(Tick tick, Payload payload) {
    SIM_ASSERT(size_ < size_max);
    const std::uint64_t seq = next_seq_++;
    if (in_window(tick.value)) {
      Bucket& bucket = buckets_[tick.value % window_ticks];
      SIM_ASSERT(bucket.empty() || bucket.front().tick == tick);  // one tick per bucket in the window
      bucket.entries.push_back(Entry{tick, seq, std::move(payload)});
      mark(tick.value % window_ticks, true);
      // A new earliest tick becomes the remembered earliest bucket; a later one changes nothing.
      if (earliest_.bucket != nullptr && tick < earliest_.bucket->front().tick) earliest_.bucket = &bucket;
    } else {
      // Beyond the window, or (allowed, though the World never does it) before the earliest tick.
      overflow_.push_back(Entry{tick, seq, std::move(payload)});
      std::push_heap(overflow_.begin(), overflow_.end(), Later{});
    }
    ++size_;
    return seq;
  }

  // Removes and returns the earliest entry. The queue must not be empty.
  Entry pop() {
    SIM_ASSERT(size_ > 0);
    Entry entry;
    const Bucket* first = earliest_bucket();
    if (first != nullptr && (overflow_.empty() || !Later{}(first->front(), overflow_.front()))) {
      Bucket& bucket = buckets_[first->front().tick.value % window_ticks];
      entry = std::move(bucket.entries[bucket.head++]);
      if (bucket.head == bucket.entries.size()) {
        bucket.entries.clear();  // keeps its capacity for the ticks to come
        bucket.head = 0;
        mark(entry.tick.value % window_ticks, false);
        earliest_.bucket = nullptr;
      }
    } else {
      std::pop_heap(overflow_.begin(), overflow_.end(), Later{});
      entry = std::move(overflow_.back());
      overflow_.pop_back();
    }
    --size_;
    if (entry.tick.value > base_) advance_window(entry.tick.value);
    return entry;
  }

  // The earliest entry, without removing it. The queue must not be empty.
  const Entry& top() const {
    SIM_ASSERT(size_ > 0);
    const Bucket* first = earliest_bucket();
    if (first != nullptr && (overflow_.empty() || !Later{}(first->front(), overflow_.front()))) return first->front();
    return overflow_.front();
  }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::uint64_t scheduled_total() const { return next_seq_; }

  // Pending entries in the order they will run (for inspection, not the hot path).
  std::vector<Entry> sorted() const {
    std::vector<Entry> all = overflow_;
    for (const Bucket& bucket : buckets_) all.insert(all.end(), bucket.entries.begin() + std::ptrdiff_t(bucket.head), bucket.entries.end());
    std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) { return Later{}(b, a); });
    SIM_ASSERT(all.size() == size_);
    return all;
  }

  // A bound on pending events: a runaway scenario stops with a clear assertion, not by
  // exhausting the browser tab's memory.
  static constexpr std::size_t size_max = 1u << 22;
  // Ticks the calendar covers: most events are due well within it (a power of two, so a tick
  // finds its bucket with a mask). Later ones wait in the heap.
  static constexpr std::uint64_t window_ticks = 256;

 private:
  // Orders the heap: std heap functions build a max-heap, so "later" puts the earliest on top. A
  // function object rather than a function, so that the heap functions inline it.
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      if (a.tick != b.tick) return a.tick > b.tick;
      return a.seq > b.seq;
    }
  };
  // The entries of one tick, oldest first: [head, size) are pending.
  struct Bucket {
    std::vector<Entry> entries;
    std::size_t head = 0;
    bool empty() const { return head == entries.size(); }
    const Entry& front() const { return entries[head]; }
  };
  static constexpr std::size_t occupied_words = window_ticks / 64;
  static_assert(std::has_single_bit(window_ticks) && window_ticks % 64 == 0);

  bool in_window(std::uint64_t tick) const { return tick >= base_ && tick - base_ < window_ticks; }

  void mark(std::uint64_t bucket, bool occupied) {
    const std::uint64_t bit = std::uint64_t{1} << (bucket % 64);
    occupied_[bucket / 64] = occupied ? occupied_[bucket / 64] | bit : occupied_[bucket / 64] & ~bit;
  }

  // The bucket of the earliest tick in the window holding an entry, or nullptr. Remembered, since
  // the World asks for the top and then pops it, and most ticks hold many events.
  const Bucket* earliest_bucket() const {
    if (earliest_.bucket == nullptr) earliest_.bucket = find_earliest_bucket();
    return earliest_.bucket;
  }

  // earliest_bucket() found afresh: the occupied buckets are found by bit, in tick order from
  // base_ round the ring.
  const Bucket* find_earliest_bucket() const {
    const std::uint64_t start = base_ % window_ticks;
    for (std::size_t i = 0; i <= occupied_words; ++i) {
      const std::size_t word = (start / 64 + i) % occupied_words;
      std::uint64_t bits = occupied_[word];
      if (i == 0) bits &= ~std::uint64_t{0} << (start % 64);                         // from base_ on
      if (i == occupied_words) bits &= (std::uint64_t{1} << (start % 64)) - 1;        // wrapped round
      if (bits == 0) continue;
      const Bucket& bucket = buckets_[word * 64 + std::size_t(std::countr_zero(bits))];
      SIM_ASSERT(!bucket.empty());
      SIM_ASSERT(in_window(bucket.front().tick.value));
      return &bucket;
    }
    return nullptr;
  }

  // The earliest pending tick is now `tick`: the window moves up to start there, and the heap's
  // entries it now covers move into their buckets (in (tick, sequence) order, and before any
  // push can reach those buckets, so each stays in sequence order).
  void advance_window(std::uint64_t tick) {
    SIM_ASSERT(tick > base_);
    base_ = tick;
    while (!overflow_.empty() && in_window(overflow_.front().tick.value)) {
      std::pop_heap(overflow_.begin(), overflow_.end(), Later{});
      Entry entry = std::move(overflow_.back());
      overflow_.pop_back();
      Bucket& bucket = buckets_[entry.tick.value % window_ticks];
      SIM_ASSERT(bucket.empty() || (bucket.front().tick == entry.tick && bucket.entries.back().seq < entry.seq));
      mark(entry.tick.value % window_ticks, true);
      bucket.entries.push_back(std::move(entry));
      earliest_.bucket = nullptr;
    }
    // Nothing pending is earlier than the entry just popped, so the heap holds only later ticks.
    SIM_ASSERT(overflow_.empty() || overflow_.front().tick.value >= base_ + window_ticks);
  }

  std::vector<Bucket> buckets_;                    // by tick % window_ticks
  std::array<std::uint64_t, occupied_words> occupied_{};  // bit per bucket: it holds entries
  std::vector<Entry> overflow_;                    // a heap: entries outside the window
  std::uint64_t base_ = 0;  // the window is [base_, base_ + window_ticks): no bucket entry is earlier
  std::size_t size_ = 0;
  std::uint64_t next_seq_ = 0;
  // earliest_bucket()'s answer, or nullptr when it must be found afresh (then it may also be
  // that no bucket holds an entry). It points into buckets_, so a copy starts without one.
  struct Remembered {
    const Bucket* bucket = nullptr;
    Remembered() = default;
    Remembered(const Remembered&) {}
    Remembered& operator=(const Remembered&) {
      bucket = nullptr;
      return *this;
    }
  };
  mutable Remembered earliest_;
};

}  // namespace io::sim
