#include "model/command.h"

namespace io::model {

const char* to_string(CommandKind kind) {
  switch (kind) {
    case CommandKind::client_send_now: return "client_send_now";
    case CommandKind::corrupt_record: return "corrupt_record";
  }
  return "unknown";
}

}  // namespace io::model
