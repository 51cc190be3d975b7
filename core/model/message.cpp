#include "model/message.h"

#include "sim/assert.h"

namespace io::model {

const char* to_string(ResponseStatus status) {
  switch (status) {
    case ResponseStatus::accepted: return "accepted";
    case ResponseStatus::duplicate: return "duplicate";
    case ResponseStatus::rejected: return "rejected";
  }
  return "unknown";
}

const char* to_string(RejectReason reason) {
  switch (reason) {
    case RejectReason::none: return "none";
    case RejectReason::invalid_request: return "invalid_request";
    case RejectReason::key_reused_differently: return "key_reused_differently";
    case RejectReason::front_door_down: return "front_door_down";
    case RejectReason::log_unavailable: return "log_unavailable";
  }
  return "unknown";
}

void reset_keeping_capacity(Message& m) {
  // Assigning an empty string copies nothing into the target's buffer and keeps it, so copying a
  // default Message over `m` resets every field and keeps both strings' capacity.
  static const Message blank;
  m = blank;
  SIM_ASSERT(m.operation.request_id.empty());
  SIM_ASSERT(m.operation.text.empty());
}

InFlight::InFlight(const InFlight& other) : slot_count_(other.slot_count_), free_(other.free_) {
  chunks_.reserve(other.chunks_.size());
  for (const auto& chunk : other.chunks_) chunks_.push_back(std::make_unique<Chunk>(*chunk));
  SIM_ASSERT(chunks_.size() == other.chunks_.size());
}

InFlight& InFlight::operator=(const InFlight& other) {
  if (this != &other) *this = InFlight(other);
  return *this;
}

std::uint32_t InFlight::claim() {
  if (free_.empty()) {
    SIM_ASSERT(slot_count_ < slots_max);
    if (slot_count_ % chunk_slots == 0) chunks_.push_back(std::make_unique<Chunk>());
    free_.push_back(slot_count_++);
    SIM_ASSERT(chunks_.size() * chunk_slots >= slot_count_);
  }
  const std::uint32_t slot = free_.back();
  free_.pop_back();
  Slot& s = slot_at(slot);
  SIM_ASSERT(!s.claimed);
  s.claimed = true;
  reset_keeping_capacity(s.message);
  return slot;
}

void InFlight::release(std::uint32_t slot) {
  Slot& s = slot_at(slot);
  SIM_ASSERT(s.claimed);  // a message arrives or is lost once
  s.claimed = false;
  free_.push_back(slot);
}

}  // namespace io::model
