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

std::uint32_t InFlight::claim() {
  if (free_.empty()) {
    SIM_ASSERT(slots_.size() < slots_max);
    free_.push_back(std::uint32_t(slots_.size()));
    slots_.emplace_back();
  }
  const std::uint32_t slot = free_.back();
  free_.pop_back();
  Slot& s = slots_[slot];
  SIM_ASSERT(!s.claimed);
  s.claimed = true;
  reset_keeping_capacity(s.message);
  return slot;
}

void InFlight::release(std::uint32_t slot) {
  SIM_ASSERT(slot < slots_.size());
  SIM_ASSERT(slots_[slot].claimed);  // a message arrives or is lost once
  slots_[slot].claimed = false;
  free_.push_back(slot);
}

}  // namespace io::model
