#pragma once
// The World owns every actor of the simulation and the agenda that drives them. It is a value:
// copying it is a snapshot (the disk underneath shares unchanged chunks), which is how the UI
// travels in time and how tests compare runs. The only ways to change it are advancing time and
// applying Commands; everything else is read-only.

#include <cstdint>
#include <string>
#include <vector>

#include "model/client.h"
#include "model/command.h"
#include "model/event_log.h"
#include "model/trace_kind.h"
#include "sim/event_queue.h"
#include "sim/prng.h"
#include "sim/trace.h"
#include "sim/types.h"

namespace io::model {

struct WorldOptions {
  std::uint64_t seed = 1;  // the root seed; every component derives its own stream from it
  std::vector<ClientOptions> clients;
  EventLogOptions log;
  // Trace entries kept in memory for inspection (the hash covers all of them regardless).
  std::size_t trace_entries_max = 0;

  static constexpr std::size_t clients_max = 256;
};

// What the agenda holds. Small and trivially copyable: a snapshot copies the agenda whole.
enum class EventKind : std::uint8_t {
  client_wake,  // target: client index — the client sends its next request
};
struct Event {
  EventKind kind = EventKind::client_wake;
  std::uint32_t target = 0;
};

class World {
 public:
  explicit World(WorldOptions options);

  // Processes every event scheduled before `tick`, in (tick, sequence) order; now() becomes
  // `tick`. Time never goes back: `tick` must be >= now().
  void advance_to(sim::Tick tick);
  // Processes the single next event, if any is scheduled before `limit`; returns whether one ran.
  bool step_event(sim::Tick limit);
  // Why `command` cannot be applied to this world (a bad target, say), or nullptr if it can.
  // Commands come from users and share links, so they are checked as values, not asserted.
  const char* reject_reason(const Command& command) const;
  // Applies a command now. Its tick must equal now() (the caller advances first) and
  // reject_reason() must be nullptr.
  void apply(const Command& command);

  sim::Tick now() const { return now_; }
  // Tick of the next scheduled event, or nothing scheduled: returns false.
  bool next_event_tick(sim::Tick& out) const;
  std::uint64_t events_processed() const { return events_processed_; }

  const WorldOptions& options() const { return options_; }
  const EventLog& log() const { return log_; }
  const std::vector<Client>& clients() const { return clients_; }
  const sim::Trace& trace() const { return trace_; }

  // Payload text of a payment record; the format derivers will parse.
  static std::string payment_payload(const std::string& client, std::uint64_t amount_cents);

 private:
  void handle(const Event& event);
  void client_sends(std::uint32_t client_index);
  void record(TraceKind kind, std::uint32_t subject, std::uint64_t a, std::uint64_t b);

  WorldOptions options_;
  sim::Tick now_{0};
  sim::EventQueue<Event> agenda_;
  EventLog log_;
  std::vector<Client> clients_;
  sim::Trace trace_;
  std::uint64_t events_processed_ = 0;
};

}  // namespace io::model
