#pragma once
// A client of the system: a person or service that issues writes (here, payments into
// accounts). In the dataflow architecture a client's write does not update tables directly; it
// becomes an event appended to the log, and everything else is derived from that event.
// (Retries, timeouts and idempotency keys arrive with the dataflow model; this is the base.)

#include <cstdint>
#include <string>
#include <vector>

#include "sim/prng.h"
#include "sim/types.h"

namespace io::model {

struct ClientOptions {
  std::string name;  // shown in the UI and the trace; unique within a scenario
  // Ticks between two requests, drawn uniformly from [min, max].
  std::uint64_t interval_ticks_min = 10;
  std::uint64_t interval_ticks_max = 10;
  // Tick of the first request.
  std::uint64_t start_tick = 0;
  // Requests this client sends in the whole run; 0 means no bound other than the run's end.
  std::uint64_t requests_max = 0;
  // Accounts the client pays into, one drawn uniformly per request; the record's key.
  std::vector<std::string> accounts;
  // Amount of each payment in integer cents, drawn uniformly from [min, max].
  std::uint64_t amount_cents_min = 100;
  std::uint64_t amount_cents_max = 100;

  // Bounds that keep a scenario from asking for the impossible.
  static constexpr std::size_t accounts_max = 64;
  static constexpr std::uint64_t amount_cents_limit = 1'000'000'000'00ull;  // one billion in cents
};

// A request the client wants appended: which account, how much.
struct PaymentRequest {
  std::uint32_t account_index = 0;
  std::uint64_t amount_cents = 0;
};

class Client {
 public:
  Client(ClientOptions options, std::uint64_t seed);

  // Draws the next request; the caller appends it. Must not be called once done().
  PaymentRequest next_request();
  // Ticks until the next request, drawn from the interval.
  std::uint64_t next_interval();
  bool done() const { return options_.requests_max != 0 && requests_sent_ >= options_.requests_max; }

  const ClientOptions& options() const { return options_; }
  std::uint64_t requests_sent() const { return requests_sent_; }

 private:
  ClientOptions options_;
  sim::Prng prng_;
  std::uint64_t requests_sent_ = 0;
};

}  // namespace io::model
