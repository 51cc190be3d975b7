#include "model/message.h"

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

}  // namespace io::model
