#include "model/front_door.h"

#include "sim/assert.h"

namespace io::model {

const char* to_string(DedupMode mode) {
  switch (mode) {
    case DedupMode::none: return "none";
    case DedupMode::per_connection: return "per_connection";
    case DedupMode::end_to_end: return "end_to_end";
  }
  return "unknown";
}

std::optional<DedupMode> dedup_mode_from_string(std::string_view name) {
  for (DedupMode m : {DedupMode::none, DedupMode::per_connection, DedupMode::end_to_end}) {
    if (name == to_string(m)) return m;
  }
  return std::nullopt;
}

const char* to_string(WriteMode mode) { return mode == WriteMode::log ? "log" : "dual_writes"; }

std::optional<WriteMode> write_mode_from_string(std::string_view name) {
  if (name == "log") return WriteMode::log;
  if (name == "dual_writes") return WriteMode::dual_writes;
  return std::nullopt;
}

bool FrontDoor::valid(const DomainEvent& op, const AccountTable& accounts) const {
  if (op.account >= accounts.size()) return false;
  switch (op.kind) {
    case DomainEventKind::transfer:
      return op.to < accounts.size() && op.to != op.account && op.amount_cents >= 1 &&
             op.amount_cents <= 100'000'000'000;
    case DomainEventKind::rename:
      return !op.text.empty() && op.text.size() <= DomainEvent::text_bytes_max;
    case DomainEventKind::account_opened:
      return false;  // accounts are opened by the scenario, never by a client
    case DomainEventKind::consent_given:
    case DomainEventKind::consent_withdrawn:
    case DomainEventKind::erasure_requested:
      return false;  // the World appends privacy events for the learner's commands
    case DomainEventKind::loan_decided:
    case DomainEventKind::loan_outcome:
      return false;  // the lender and the borrowers' fate, not clients, write loan records
  }
  return false;
}

Decision FrontDoor::handle(sim::Tick now, const Message& request, EventLog& log, const AccountTable& accounts,
                           ConsentRegistry* privacy) {
  SIM_ASSERT(request.kind == MessageKind::request);
  Decision d;
  if (down_) {
    ++counters_.refused_down;
    d.answered = false;
    return d;
  }
  ++counters_.requests;
  d.response.kind = MessageKind::response;
  d.response.link = request.link;
  d.response.client = request.client;
  d.response.local = request.local;
  // Collect no more than may be kept, before anything (the dedup fingerprint too) sees it. Most
  // requests are kept whole and used where they are; only one that loses a field is copied.
  const DomainEvent* collected = &request.operation;
  bool memo_dropped = false;
  if (privacy != nullptr && !privacy->keeps_all(request.operation)) {
    collected_ = request.operation;
    memo_dropped = privacy->collect(collected_);
    collected = &collected_;
  }
  const DomainEvent& op = *collected;

  if (!valid(op, accounts)) {
    ++counters_.rejected_invalid;
    d.response.status = ResponseStatus::rejected;
    d.response.reason = RejectReason::invalid_request;
    return d;
  }
  const auto connection_key = std::tuple{request.client, request.connection, request.sequence};
  if (options_.dedup == DedupMode::per_connection) {
    if (const auto it = by_connection_.find(connection_key); it != by_connection_.end()) {
      ++counters_.duplicates_absorbed;
      d.response.status = ResponseStatus::duplicate;
      d.response.offset = it->second;
      return d;
    }
  }
  // The ID's hash, computed once for the lookup here and the remembering below.
  std::uint64_t id_hash = 0;
  if (options_.dedup == DedupMode::end_to_end && !op.request_id.empty()) {
    id_hash = IdempotencyTable::id_hash(op.request_id);
    if (const auto entry = by_request_id_.find(op.request_id, id_hash)) {
      d.response.offset = entry->offset;
      if (entry->fingerprint != IdempotencyTable::fingerprint(op)) {
        // Real idempotency-key APIs refuse this: it is a bug in the client, not a retry.
        ++counters_.rejected_key_reused;
        d.response.status = ResponseStatus::rejected;
        d.response.reason = RejectReason::key_reused_differently;
      } else {
        ++counters_.duplicates_absorbed;
        d.response.status = ResponseStatus::duplicate;
      }
      return d;
    }
  }

  sim::Offset effect{effects_};
  if (options_.writes == WriteMode::log) {
    // The disk gets personal text sealed; everything else keeps the operation in the clear.
    const DomainEvent* stored = &op;
    if (privacy != nullptr && privacy->seals(op)) {
      sealed_ = op;
      privacy->seal(sealed_, now);
      stored = &sealed_;
    }
    encode_into(*stored, payload_);
    const AppendResult appended = log.append(now, accounts[op.account].name, payload_);
    if (!appended.acknowledged) {
      // Too few log replicas are up to acknowledge: refuse, so the client may retry later.
      ++counters_.rejected_log_unavailable;
      d.response.status = ResponseStatus::rejected;
      d.response.reason = RejectReason::log_unavailable;
      return d;
    }
    effect = appended.offset;
  }
  ++effects_;
  ++counters_.accepted;
  counters_.memos_not_collected += memo_dropped ? 1 : 0;
  d.took_effect = true;
  d.operation = &op;
  d.effect_number = effects_;
  if (options_.dedup == DedupMode::per_connection) {
    if (by_connection_.size() >= connection_entries_max) by_connection_.erase(by_connection_.begin());
    by_connection_.emplace(connection_key, effect);
  }
  if (!op.request_id.empty()) {
    // In end-to-end mode the ID was just looked up and found absent.
    if (options_.dedup == DedupMode::end_to_end) {
      by_request_id_.remember_absent(op, id_hash, effect);
    } else {
      by_request_id_.remember(op, effect);
    }
  }
  d.response.status = ResponseStatus::accepted;
  d.response.offset = effect;
  return d;
}

void FrontDoor::crash() {
  SIM_ASSERT(!down_);
  down_ = true;
  by_connection_.clear();  // connection state lives in memory and dies with the process
  by_request_id_.clear();
}

void FrontDoor::restart(const EventLog& log, const KeyStore* keys) {
  SIM_ASSERT(down_);
  down_ = false;
  ++counters_.restarts;
  // The end-to-end table is derived data: replaying the log restores it exactly. In dual-writes
  // mode there is no log to replay, so that memory is simply gone.
  if (options_.writes == WriteMode::log) counters_.rebuild_records_read += by_request_id_.rebuild(log, keys);
}

}  // namespace io::model
