#include "model/trace_kind.h"

namespace io::model {

TraceKindInfo trace_kind_info(std::uint16_t kind) {
  switch (TraceKind(kind)) {
    case TraceKind::record_appended: return {"record_appended", "client", "offset", "amount_cents"};
    case TraceKind::command_applied: return {"command_applied", "command", "target", "argument"};
  }
  return {"unknown", "subject", "a", "b"};
}

}  // namespace io::model
