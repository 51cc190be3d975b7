#pragma once
// What travels over the network: a client's request to the front door, the front door's answer,
// and (in the dual-writes mode) the application's direct writes to each store.

#include <cstddef>
#include <cstdint>
#include <array>
#include <memory>
#include <vector>

#include "model/domain_event.h"
#include "sim/assert.h"
#include "sim/types.h"

namespace io::model {

enum class MessageKind : std::uint8_t {
  request,      // client -> front door
  response,     // front door -> client
  store_write,  // front door -> a store, in the dual-writes mode only
};

enum class ResponseStatus : std::uint8_t {
  accepted,   // appended now, at `offset`
  duplicate,  // already appended earlier (at `offset`); this copy had no second effect
  rejected,   // invalid, or an idempotency key reused with different parameters
};
const char* to_string(ResponseStatus status);

enum class RejectReason : std::uint8_t {
  none,
  invalid_request,       // unknown account, same account on both sides, or a bad amount
  key_reused_differently,  // the request ID was seen before with other parameters
  front_door_down,
  log_unavailable,  // fewer log replicas up than an append needs to be acknowledged
};
const char* to_string(RejectReason reason);

struct Message {
  MessageKind kind = MessageKind::request;
  std::uint32_t link = 0;        // index of the link it travels on
  std::uint32_t client = 0;      // the client the request came from or the answer goes to
  std::uint64_t local = 0;       // the client's own number for the request (not seen by servers)
  std::uint32_t connection = 0;  // request: the connection it was sent on (for per-connection dedup)
  std::uint64_t sequence = 0;    // request: position within that connection
  DomainEvent operation;         // request, store_write: what is asked (with request_id and intent)
  ResponseStatus status = ResponseStatus::accepted;  // response
  RejectReason reason = RejectReason::none;          // response
  sim::Offset offset;                                 // response: where the effect was logged
  std::uint32_t store = 0;       // store_write: 0 = the database, 1 = the search index
};

// Makes `m` a default Message again, except that its strings keep their capacity: a Message
// reused for message after message then copies request IDs and memos without allocating.
void reset_keeping_capacity(Message& m);

// The messages on the wire, each in a numbered slot that the agenda's message_arrives names.
// A delivered or lost message's slot serves the next message sent (its strings' capacity too),
// so once a run has warmed up a message in flight costs no allocation. Slots are handed out
// last-freed first, the same way in every run. They live in fixed-size chunks that never move
// (a copy of InFlight copies them into chunks of its own), so a message being handled stays
// where it is while its handler sends others, and a slot is found with a shift and a mask.
class InFlight {
 public:
  InFlight() = default;
  InFlight(const InFlight& other);
  InFlight& operator=(const InFlight& other);
  InFlight(InFlight&&) noexcept = default;
  InFlight& operator=(InFlight&&) noexcept = default;
  ~InFlight() = default;

  // A free slot, holding a message reset by reset_keeping_capacity(), to fill and send.
  std::uint32_t claim();
  // Frees a claimed slot: its message was delivered or lost.
  void release(std::uint32_t slot);
  // The message in a claimed slot (inline: every send and arrival goes through it).
  Message& at(std::uint32_t slot) {
    Slot& s = slot_at(slot);
    SIM_ASSERT(s.claimed);
    return s.message;
  }
  const Message& at(std::uint32_t slot) const { return const_cast<InFlight&>(*this).at(slot); }
  // Messages in flight now (claimed slots).
  std::size_t size() const { return slot_count_ - free_.size(); }

  // A message in flight is an event on the agenda (or about to be): no more than it can hold.
  static constexpr std::size_t slots_max = std::size_t{1} << 22;

 private:
  struct Slot {
    Message message;
    bool claimed = false;
  };
  // Slots per chunk: a power of two, so a slot's number splits with a shift and a mask.
  static constexpr std::uint32_t chunk_bits = 6;
  static constexpr std::uint32_t chunk_slots = 1u << chunk_bits;
  using Chunk = std::array<Slot, chunk_slots>;

  Slot& slot_at(std::uint32_t slot) {
    SIM_ASSERT(slot < slot_count_);
    return (*chunks_[slot >> chunk_bits])[slot & (chunk_slots - 1)];
  }

  std::vector<std::unique_ptr<Chunk>> chunks_;  // each full of slots, the last one's used in part
  std::uint32_t slot_count_ = 0;                // slots handed out so far, claimed or free
  std::vector<std::uint32_t> free_;  // a stack: the last freed is claimed first
};

}  // namespace io::model
