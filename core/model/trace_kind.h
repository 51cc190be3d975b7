#pragma once
// What each kind of trace entry means. The trace itself (sim/trace.h) stores only integers; this
// table gives them names for the --trace JSON lines and the UI's trace panel.

#include <cstdint>

namespace io::model {

enum class TraceKind : std::uint16_t {
  record_appended = 1,     // subject: client, a: offset, b: intent
  command_applied = 2,     // subject: command kind, a: target, b: argument
  request_sent = 3,        // subject: client, a: local request number, b: attempt (1 = first)
  message_lost = 4,        // subject: link, a: message kind, b: 1 if cut by a partition
  request_decided = 5,     // subject: client, a: local request number, b: response status
  answer_received = 6,     // subject: client, a: local request number, b: response status
  request_given_up = 7,    // subject: client, a: local request number, b: attempts
  deriver_batch = 8,       // subject: deriver, a: position after the batch, b: records applied
  deriver_crashed = 9,     // subject: deriver, a: position lost, b: checkpoint it restarts from
  deriver_restarted = 10,  // subject: deriver, a: checkpoint
  deriver_stuck = 11,      // subject: deriver, a: offset it cannot read, b: error code
  front_door_crashed = 12, // a: idempotency entries lost
  front_door_restarted = 13,  // a: log records replayed to rebuild its table
  read_answered = 14,      // subject: reader, a: account, b: 1 if stale
  store_written = 15,      // subject: store (0 database, 1 search index), a: effect number
  violation_found = 16,    // subject: violation kind, a: replica or deriver, b: offset
  replica_crashed = 17,    // subject: replica, a: 1 if torn
  replica_restarted = 18,  // subject: replica, a: records caught up, b: torn bytes truncated
  audit_ran = 19,          // a: violations found by it
  // Privacy (numbered apart from the rest, which others extend):
  privacy_appended = 30,   // subject: account (or every_subject), a: offset, b: DomainEventKind
  keys_destroyed = 31,     // subject: account (or every_subject for retention), a: keys, b: epoch cutoff
  backup_taken = 32,       // subject: deriver, a: backup index, b: 1 if sealed
  breach_assessed = 33,    // subject: BreachScope, a: items leaked, b: subjects leaked
  // Credit (numbered apart from the rest):
  loan_decided = 40,       // subject: applicant account, a: offset, b: LoanVerdict
  loan_ended = 41,         // subject: applicant account, a: offset, b: LoanVerdict (repaid, defaulted, missed_elsewhere)
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
