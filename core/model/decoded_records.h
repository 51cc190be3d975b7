#pragma once
// The records the derivers read lately, decoded once for all of them. Each deriver reads every
// record of the log, in order, a few ticks after the others: without this, each would read the
// leader's copy and decode it again (about a third of a deriver's cost per record).
//
// A cache of what EventLog::read_view() and read_event_into() would give, nothing more: an entry
// answers only while everything that decides that answer is as it was when it was filled (the
// leader, its disk's changes, the keys that open sealed text), so a deriver reads exactly what it
// would read without it. Failed reads are never kept: a deriver that meets one reads for itself.
// A copy of the World starts without entries (a snapshot need not carry a cache).

#include <array>
#include <cstdint>

#include "model/domain_event.h"
#include "model/event_log.h"
#include "model/key_store.h"
#include "sim/types.h"

namespace io::model {

class DecodedRecords {
 public:
  DecodedRecords() = default;
  DecodedRecords(const DecodedRecords&) {}
  DecodedRecords& operator=(const DecodedRecords&) {
    clear();
    return *this;
  }

  // The record at `offset` as read from the log's leader and decoded with every text, opened
  // through `keys`: `event` is null if it did not decode. nullopt if the read failed (the caller
  // reads it itself, to see why).
  struct Decoded {
    const DomainEvent* event = nullptr;
  };
  std::optional<Decoded> read(const EventLog& log, const KeyStore* keys, sim::Offset offset);

  void clear();
  // Reads answered from an entry, and reads that filled one (for tests and figures).
  std::uint64_t hits() const { return hits_; }
  std::uint64_t fills() const { return fills_; }

  // Entries kept: derivers run within a few batches of each other, far less than this apart.
  static constexpr std::size_t slots = 128;

 private:
  // What an entry's answer depends on, besides the offset.
  struct Basis {
    std::uint64_t offset = UINT64_MAX;  // UINT64_MAX: empty
    std::uint32_t leader = 0;
    std::uint64_t disk_changes = 0;  // the leader's disk's change_count()
    const KeyStore* keys = nullptr;
    std::uint64_t keys_generation = 0;
    bool operator==(const Basis&) const = default;
  };
  struct Entry {
    Basis basis;
    bool decoded = false;
    DomainEvent event;
  };
  std::array<Entry, slots> entries_{};
  EventLog::ReadBuffer buffer_{};
  std::uint64_t hits_ = 0;
  std::uint64_t fills_ = 0;
};

}  // namespace io::model
