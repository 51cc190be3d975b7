#include "model/command.h"

namespace io::model {

namespace {
constexpr CommandKind all_kinds[] = {
    CommandKind::client_send_now, CommandKind::corrupt_record,   CommandKind::double_submit,
    CommandKind::submit,          CommandKind::crash_front_door, CommandKind::crash_deriver,
    CommandKind::start_deriver,   CommandKind::switch_reads,     CommandKind::inject_fault,
    CommandKind::crash_replica,   CommandKind::audit,            CommandKind::script_choose,
    CommandKind::script_continue, CommandKind::give_consent,     CommandKind::withdraw_consent,
    CommandKind::request_erasure, CommandKind::backup,           CommandKind::breach,
    CommandKind::set_retention,   CommandKind::set_minimise,     CommandKind::set_credit_policy,
};
}  // namespace

const char* to_string(CommandKind kind) {
  switch (kind) {
    case CommandKind::client_send_now: return "client_send_now";
    case CommandKind::corrupt_record: return "corrupt_record";
    case CommandKind::double_submit: return "double_submit";
    case CommandKind::submit: return "submit";
    case CommandKind::crash_front_door: return "crash_front_door";
    case CommandKind::crash_deriver: return "crash_deriver";
    case CommandKind::start_deriver: return "start_deriver";
    case CommandKind::switch_reads: return "switch_reads";
    case CommandKind::inject_fault: return "inject_fault";
    case CommandKind::crash_replica: return "crash_replica";
    case CommandKind::audit: return "audit";
    case CommandKind::script_choose: return "script_choose";
    case CommandKind::script_continue: return "script_continue";
    case CommandKind::give_consent: return "give_consent";
    case CommandKind::withdraw_consent: return "withdraw_consent";
    case CommandKind::request_erasure: return "request_erasure";
    case CommandKind::backup: return "backup";
    case CommandKind::breach: return "breach";
    case CommandKind::set_retention: return "set_retention";
    case CommandKind::set_minimise: return "set_minimise";
    case CommandKind::set_credit_policy: return "set_credit_policy";
  }
  return "unknown";
}

std::optional<CommandKind> command_kind_from_string(std::string_view name) {
  for (CommandKind k : all_kinds) {
    if (name == to_string(k)) return k;
  }
  return std::nullopt;
}

}  // namespace io::model
