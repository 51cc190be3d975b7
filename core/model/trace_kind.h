#pragma once
// What each kind of trace entry means. The trace itself (sim/trace.h) stores only integers; this
// table gives them names for the --trace JSON lines and the UI's trace panel.

#include <cstdint>

namespace io::model {

enum class TraceKind : std::uint16_t {
  record_appended = 1,  // subject: client, a: offset, b: amount in cents
  command_applied = 2,  // subject: command kind, a: target, b: argument
};

// Names for a kind and its fields, as written to --trace output.
struct TraceKindInfo {
  const char* name;
  const char* subject;
  const char* a;
  const char* b;
};
TraceKindInfo trace_kind_info(std::uint16_t kind);

}  // namespace io::model
