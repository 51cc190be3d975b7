#pragma once
// A learner's intervention, stamped with the tick at which it happened. The UI never changes the
// world directly: it sends Commands, which the World applies at a tick boundary and records in
// its trace, so a run stays a pure function of (scenario, seed, commands) and can be replayed,
// shared as a link, or rewound.

#include <cstdint>

#include "sim/types.h"

namespace io::model {

enum class CommandKind : std::uint8_t {
  client_send_now = 1,  // target: client index — the client sends a request at once ("pay" clicked)
  corrupt_record = 2,   // target: log offset, argument: bit index in the stored record — bit rot
};
const char* to_string(CommandKind kind);

struct Command {
  sim::Tick at;  // applied before any event scheduled at this tick
  CommandKind kind = CommandKind::client_send_now;
  std::uint64_t target = 0;
  std::uint64_t argument = 0;
  bool operator==(const Command&) const = default;
};

}  // namespace io::model
