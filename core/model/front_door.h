#pragma once
// The front door: the service that receives client requests, validates them and turns each into
// an event appended to the log (the only writer of the log). Its deduplication mode is the
// chapter's end-to-end argument made concrete:
//   none            every copy that arrives is appended: retries and duplicates double-charge;
//   per_connection  like TCP sequence numbers: a copy re-delivered on the same connection is
//                   caught, but a client's retry arrives on a new connection and is not;
//   end_to_end      the client's request ID is the key: any copy, from any layer, is absorbed.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "model/consent_registry.h"
#include "model/domain_event.h"
#include "model/event_log.h"
#include "model/idempotency_table.h"
#include "model/message.h"

namespace io::model {

enum class DedupMode : std::uint8_t { none, per_connection, end_to_end };
const char* to_string(DedupMode mode);
std::optional<DedupMode> dedup_mode_from_string(std::string_view name);

// Where accepted requests go: appended to the log (from which every store is derived), or
// written by the application straight to each store (dual writes, no log between them).
enum class WriteMode : std::uint8_t { log, dual_writes };
const char* to_string(WriteMode mode);
std::optional<WriteMode> write_mode_from_string(std::string_view name);

struct FrontDoorOptions {
  DedupMode dedup = DedupMode::end_to_end;
  WriteMode writes = WriteMode::log;
  // Ticks a crashed front door stays down before it restarts (and rebuilds its table).
  std::uint64_t restart_ticks = 20;
};

struct FrontDoorCounters {
  std::uint64_t requests = 0;             // copies that arrived (while up)
  std::uint64_t accepted = 0;             // requests that took effect
  std::uint64_t duplicates_absorbed = 0;  // copies recognised and answered without a second effect
  std::uint64_t rejected_invalid = 0;
  std::uint64_t rejected_key_reused = 0;  // same request ID, different parameters
  std::uint64_t rejected_log_unavailable = 0;  // the log could not acknowledge the append
  std::uint64_t refused_down = 0;         // arrived while the front door was down (no answer)
  std::uint64_t restarts = 0;
  std::uint64_t rebuild_records_read = 0;  // log records replayed to rebuild the idempotency table
  std::uint64_t memos_not_collected = 0;   // memos dropped before logging (minimisation, erased payers)
};

// The front door's decision about one arriving request.
struct Decision {
  Message response;                  // to send back to the client (unless answered == false)
  bool answered = true;              // false when the front door is down: the request vanishes
  bool took_effect = false;          // true when the operation was accepted now (logged or written)
  // The accepted operation, as collected and in the clear (for dual writes and the World's
  // ground truth): the request's own, or the front door's copy of it if collecting dropped a
  // field. Valid until the next handle(); nullptr unless took_effect.
  const DomainEvent* operation = nullptr;
  std::uint64_t effect_number = 0;   // dual writes: the n-th accepted operation (no offsets there)
};

class FrontDoor {
 public:
  explicit FrontDoor(FrontDoorOptions options) : options_(options) {}

  // Handles one arriving request. In log mode an accepted request is appended to `log` (its key is
  // the payer's name from `accounts`); in dual-writes mode the caller writes to the stores. With
  // `privacy`, what should not be collected is dropped first and personal text is sealed for the
  // disk (the Decision's operation stays in the clear: it is what the application knows).
  Decision handle(sim::Tick now, const Message& request, EventLog& log, const AccountTable& accounts,
                  ConsentRegistry* privacy = nullptr);

  // Crashes: in-memory state (the per-connection table) is lost; requests arriving while down
  // get no answer.
  void crash();
  // Restarts: the end-to-end table is rebuilt from the log (reading sealed text through `keys`),
  // so no logged request is forgotten.
  void restart(const EventLog& log, const KeyStore* keys = nullptr);

  bool down() const { return down_; }
  const FrontDoorOptions& options() const { return options_; }
  const FrontDoorCounters& counters() const { return counters_; }
  const IdempotencyTable& idempotency_table() const { return by_request_id_; }

  // The TCP-like table is bounded like a real connection table; past this, oldest entries go.
  static constexpr std::size_t connection_entries_max = 1u << 20;

 private:
  bool valid(const DomainEvent& op, const AccountTable& accounts) const;

  FrontDoorOptions options_;
  bool down_ = false;
  IdempotencyTable by_request_id_;
  // (client, connection, sequence) -> offset of the effect: the per-connection mode's memory.
  std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint64_t>, sim::Offset> by_connection_;
  std::uint64_t effects_ = 0;
  FrontDoorCounters counters_;
  // Scratch kept between requests so that their strings' capacity is reused: a request stripped
  // by collection, its sealed form for the disk, and its encoding. Meaningless between calls
  // (a snapshot copies whatever they last held).
  DomainEvent collected_;
  DomainEvent sealed_;
  std::string payload_;
};

}  // namespace io::model
