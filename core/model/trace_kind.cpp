#include "model/trace_kind.h"

namespace io::model {

TraceKindInfo trace_kind_info(std::uint16_t kind) {
  switch (TraceKind(kind)) {
    case TraceKind::record_appended: return {"record_appended", "client", "offset", "intent"};
    case TraceKind::command_applied: return {"command_applied", "command", "target", "argument"};
    case TraceKind::request_sent: return {"request_sent", "client", "request", "attempt"};
    case TraceKind::message_lost: return {"message_lost", "link", "message_kind", "partitioned"};
    case TraceKind::request_decided: return {"request_decided", "client", "request", "status"};
    case TraceKind::answer_received: return {"answer_received", "client", "request", "status"};
    case TraceKind::request_given_up: return {"request_given_up", "client", "request", "attempts"};
    case TraceKind::deriver_batch: return {"deriver_batch", "deriver", "position", "applied"};
    case TraceKind::deriver_crashed: return {"deriver_crashed", "deriver", "position_lost", "checkpoint"};
    case TraceKind::deriver_restarted: return {"deriver_restarted", "deriver", "checkpoint", "unused"};
    case TraceKind::deriver_stuck: return {"deriver_stuck", "deriver", "offset", "error"};
    case TraceKind::front_door_crashed: return {"front_door_crashed", "unused", "entries_lost", "unused2"};
    case TraceKind::front_door_restarted: return {"front_door_restarted", "unused", "records_replayed", "unused2"};
    case TraceKind::read_answered: return {"read_answered", "reader", "account", "stale"};
    case TraceKind::store_written: return {"store_written", "store", "effect", "unused"};
    case TraceKind::violation_found: return {"violation_found", "violation", "where", "offset"};
    case TraceKind::replica_crashed: return {"replica_crashed", "replica", "torn", "unused"};
    case TraceKind::replica_restarted: return {"replica_restarted", "replica", "caught_up", "torn_bytes"};
    case TraceKind::audit_ran: return {"audit_ran", "unused", "violations", "unused2"};
    case TraceKind::privacy_appended: return {"privacy_appended", "account", "offset", "event_kind"};
    case TraceKind::keys_destroyed: return {"keys_destroyed", "account", "keys", "epoch_cutoff"};
    case TraceKind::backup_taken: return {"backup_taken", "deriver", "backup", "sealed"};
    case TraceKind::breach_assessed: return {"breach_assessed", "scope", "items_leaked", "subjects_leaked"};
    case TraceKind::loan_decided: return {"loan_decided", "account", "offset", "verdict"};
    case TraceKind::loan_ended: return {"loan_ended", "account", "offset", "verdict"};
  }
  return {"unknown", "subject", "a", "b"};
}

}  // namespace io::model
