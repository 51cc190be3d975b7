#include "model/world.h"

#include "sim/assert.h"

namespace io::model {

World::World(WorldOptions options)
    : options_(std::move(options)), log_(options_.log), trace_(options_.trace_entries_max) {
  SIM_ASSERT(options_.clients.size() <= WorldOptions::clients_max);
  clients_.reserve(options_.clients.size());
  for (std::size_t i = 0; i < options_.clients.size(); ++i) {
    const ClientOptions& c = options_.clients[i];
    clients_.emplace_back(c, sim::derive_seed(options_.seed, "client/" + c.name));
    if (!clients_.back().done()) agenda_.push(sim::Tick{c.start_tick}, Event{EventKind::client_wake, std::uint32_t(i)});
  }
  SIM_ASSERT(clients_.size() == options_.clients.size());
}

bool World::next_event_tick(sim::Tick& out) const {
  if (agenda_.empty()) return false;
  out = agenda_.top().tick;
  return true;
}

bool World::step_event(sim::Tick limit) {
  if (agenda_.empty() || agenda_.top().tick >= limit) return false;
  auto entry = agenda_.pop();
  SIM_ASSERT(entry.tick >= now_);  // the agenda never schedules into the past
  now_ = entry.tick;
  handle(entry.payload);
  ++events_processed_;
  return true;
}

void World::advance_to(sim::Tick tick) {
  SIM_ASSERT(tick >= now_);
  while (step_event(tick)) {
  }
  now_ = tick;
  SIM_ASSERT(agenda_.empty() || agenda_.top().tick >= now_);
}

void World::handle(const Event& event) {
  switch (event.kind) {
    case EventKind::client_wake: {
      SIM_ASSERT(event.target < clients_.size());
      Client& client = clients_[event.target];
      if (client.done()) return;
      client_sends(event.target);
      if (!client.done()) agenda_.push(now_ + client.next_interval(), event);
      return;
    }
  }
  SIM_ASSERT(false && "unhandled event kind");
}

void World::client_sends(std::uint32_t client_index) {
  Client& client = clients_[client_index];
  const PaymentRequest request = client.next_request();
  const std::string& account = client.options().accounts[request.account_index];
  const Offset offset = log_.append(now_, account, payment_payload(client.options().name, request.amount_cents));
  record(TraceKind::record_appended, client_index, offset.value, request.amount_cents);
}

const char* World::reject_reason(const Command& command) const {
  switch (command.kind) {
    case CommandKind::client_send_now:
      return command.target < clients_.size() ? nullptr : "no client with that index";
    case CommandKind::corrupt_record:
      return Offset{command.target} < log_.end_offset() ? nullptr : "no record at that offset yet";
  }
  return "unknown command kind";
}

void World::apply(const Command& command) {
  SIM_ASSERT(command.at == now_);
  SIM_ASSERT(reject_reason(command) == nullptr);
  record(TraceKind::command_applied, std::uint32_t(command.kind), command.target, command.argument);
  switch (command.kind) {
    case CommandKind::client_send_now: {
      SIM_ASSERT(command.target < clients_.size());
      if (!clients_[command.target].done()) client_sends(std::uint32_t(command.target));
      return;
    }
    case CommandKind::corrupt_record: {
      SIM_ASSERT(Offset{command.target} < log_.end_offset());
      const std::uint64_t bits = std::uint64_t(log_.stored_size(Offset{command.target})) * 8;
      const std::uint64_t bit = command.argument % bits;
      log_.disk_for_fault_injection().flip_bit(log_.disk_position(Offset{command.target}) + bit / 8,
                                               std::uint8_t(bit % 8));
      return;
    }
  }
  SIM_ASSERT(false && "unhandled command kind");
}

void World::record(TraceKind kind, std::uint32_t subject, std::uint64_t a, std::uint64_t b) {
  trace_.record(now_, std::uint16_t(kind), subject, a, b);
}

std::string World::payment_payload(const std::string& client, std::uint64_t amount_cents) {
  return "pay " + std::to_string(amount_cents) + " cents from " + client;
}

}  // namespace io::model
