#pragma once
// A learner's intervention, stamped with the tick at which it happened. The UI never changes the
// world directly: it sends Commands, which the World applies at a tick boundary and records in
// its trace, so a run stays a pure function of (scenario, seed, commands) and can be replayed,
// shared as a link, or rewound.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/types.h"

namespace io::model {

enum class CommandKind : std::uint8_t {
  client_send_now = 1,   // target: client — it starts a new request from its workload at once
  corrupt_record = 2,    // target: log offset, argument: bit index in the stored record — bit rot
  double_submit = 3,     // target: client — a new request, sent twice at once (the user clicked twice)
  submit = 4,            // target: client, argument: payee account, amount: cents, text: request ID
                         // ("" = generated), count: clicks (1 or 2) — a scripted payment
  crash_front_door = 5,  // the front door process dies; it restarts after its restart_ticks
  crash_deriver = 6,     // target: deriver — it dies and later restarts from its checkpoint
  start_deriver = 7,     // target: deriver — starts one declared to start on command (reprocessing)
  switch_reads = 8,      // target: deriver — reads of its view kind are served from it from now on
  inject_fault = 9,      // target: replica, argument: log offset, count: the DiskFault — a disk fault
                         // on that record's copy (lost and misdirected writes strike the next append)
  crash_replica = 10,    // target: replica, count: 1 if torn (it died mid-write) — it restarts later
  audit = 11,            // the auditor runs now
  // The scenario script's own commands. The Session handles them and the World never sees them;
  // they are Commands so that a learner's path through a script is recorded, replayed by time
  // travel and carried by share links like every other intervention.
  script_choose = 12,    // target: step index, argument: choice — answer the step's ethics prompt
  script_continue = 13,  // target: step index — the learner has read the step: run on to the next
  // Privacy (consent_registry.h). Subjects are accounts; their events are appended by the front
  // door (refused while it is down or the log cannot acknowledge).
  give_consent = 20,      // target: account, argument: Purpose, text: contact address ("" = made up)
  withdraw_consent = 21,  // target: account, argument: Purpose
  request_erasure = 22,   // target: account — "forget me": the erasure event, keys destroyed
  backup = 23,            // target: deriver — copy its view into a backup (sealed or plaintext)
  breach = 24,            // argument: BreachScope (0: disks, 1: disks and keys) — report what leaks
  set_retention = 25,     // argument: retention of memos in ticks (0: forever; needs crypto-shredding)
  set_minimise = 26,      // argument: 1 on, 0 off — data minimisation from now on
  // Credit (lender.h), numbered apart from the rest.
  set_credit_policy = 40,  // target: PolicyKnob (0 threshold_permille, 1 exploration_ppm, 2 use_group),
                           // argument: its new value — the lender decides by it from now on
};
const char* to_string(CommandKind kind);
std::optional<CommandKind> command_kind_from_string(std::string_view name);

struct Command {
  sim::Tick at;  // applied before any event scheduled at this tick
  CommandKind kind = CommandKind::client_send_now;
  std::uint64_t target = 0;
  std::uint64_t argument = 0;
  std::int64_t amount = 0;
  std::uint32_t count = 1;
  std::string text;
  bool operator==(const Command&) const = default;

  // A command of `kind` on `target` (its tick is stamped when it is applied).
  static Command of(CommandKind kind, std::uint64_t target = 0, std::uint64_t argument = 0) {
    Command c;
    c.kind = kind;
    c.target = target;
    c.argument = argument;
    return c;
  }
};

}  // namespace io::model
