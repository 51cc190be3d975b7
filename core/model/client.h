#pragma once
// A client: a person or service that asks for payments. It cannot see whether its request
// arrived; it only sees an answer or a timeout. So it retries, with bounded exponential backoff,
// and the question the chapter asks is whether a retry carries the same request ID (an
// end-to-end idempotency key) or looks like a brand-new request to everyone downstream.

#include <cstdint>
#include <string>
#include <vector>

#include "model/domain_event.h"
#include "model/message.h"
#include "sim/prng.h"
#include "sim/types.h"

namespace io::model {

struct ClientOptions {
  std::string name;  // unique within a scenario; prefixes the request IDs it generates
  // Workload: ticks between two new requests, uniform in [min, max]; first request at start_tick.
  std::uint64_t interval_ticks_min = 10;
  std::uint64_t interval_ticks_max = 10;
  std::uint64_t start_tick = 0;
  // New requests in the whole run; 0 means no bound but the run's end. (Retries are not counted.)
  std::uint64_t requests_max = 0;
  // Transfers go from one of from_accounts to one of to_accounts (never to itself), each drawn
  // uniformly, for an amount in integer cents uniform in [min, max].
  std::vector<AccountId> from_accounts;
  std::vector<AccountId> to_accounts;
  std::int64_t amount_cents_min = 100;
  std::int64_t amount_cents_max = 100;
  // Memo words; a transfer's memo is one to three of them. Empty: no memo.
  std::vector<std::string> memo_words;
  // Share of new requests that rename the payer instead, to one of `names` (ppm).
  std::uint32_t rename_ppm = 0;
  std::vector<std::string> names;
  // Retry policy: after timeout_ticks without an answer, retry after a backoff of
  // min(backoff_ticks_base * 2^(attempt-1), backoff_ticks_max) plus up to backoff_jitter_ticks.
  std::uint64_t timeout_ticks = 50;
  std::uint32_t retries_max = 3;
  std::uint64_t backoff_ticks_base = 10;
  std::uint64_t backoff_ticks_max = 200;
  std::uint64_t backoff_jitter_ticks = 5;
  // Whether a retry (or a second click) reuses the request ID: the end-to-end idempotency key.
  bool idempotency_keys = true;

  static constexpr std::size_t accounts_max = 64;
  static constexpr std::size_t words_max = 256;
  static constexpr std::int64_t amount_cents_limit = 100'000'000'000;  // one billion, in cents
  static constexpr std::uint32_t retries_limit = 32;
  // Requests awaiting an answer; a client with this many outstanding waits before starting more.
  static constexpr std::size_t pending_max = 1024;
};

// A request the client has not yet seen answered (or given up on).
struct PendingRequest {
  std::uint64_t local = 0;    // the client's own number for it
  DomainEvent operation;      // with the request ID of the latest attempt, and the intent
  std::uint32_t attempts = 0;
  sim::Tick first_sent_at;
  sim::Tick last_sent_at;
};

struct ClientCounters {
  std::uint64_t requests_made = 0;    // new requests (intents)
  std::uint64_t attempts_sent = 0;    // first attempts + retries + extra clicks
  std::uint64_t retries_sent = 0;
  std::uint64_t answers = 0;          // first answer per request
  std::uint64_t late_answers = 0;     // answers for requests already answered or given up
  std::uint64_t given_up = 0;         // retries exhausted without an answer
  std::uint64_t accepted = 0, duplicates = 0, rejected = 0;
};

class Client {
 public:
  Client(ClientOptions options, std::uint64_t seed);

  // Draws a new request from the workload, labelled with `intent` (> 0); returns its local number.
  // The caller checks done() for the workload; a learner's command may go beyond it.
  std::uint64_t new_request(sim::Tick now, std::uint64_t intent);
  // Starts a request with exactly this operation (a scripted "pay 50 to bob with ID a1b2-c3d4");
  // an empty request_id gets a generated one.
  std::uint64_t new_request(sim::Tick now, DomainEvent operation);
  // Fills `out`, a message reset by reset_keeping_capacity(), with the next attempt at `local`, on
  // a new connection; returns the attempt's number (1 for the first). Without idempotency keys,
  // every attempt after the first carries a fresh request ID.
  std::uint32_t attempt(sim::Tick now, std::uint64_t local, Message& out);
  // Whether `local` still awaits an answer and has retries left.
  bool may_retry(std::uint64_t local) const;
  // Ticks to wait before the next retry of `local` (draws jitter from this client's stream).
  std::uint64_t backoff_ticks(std::uint64_t local);
  // Gives up on `local` (retries exhausted).
  void give_up(std::uint64_t local);
  // Records an answer; returns false if the request was no longer pending (a late answer).
  bool answered(const Message& response);

  // Ticks until the next new request, drawn from the interval.
  std::uint64_t next_interval();
  bool done() const { return options_.requests_max != 0 && counters_.requests_made >= options_.requests_max; }
  bool busy() const { return pending_.size() >= ClientOptions::pending_max; }
  bool awaiting(std::uint64_t local) const { return find(local) != nullptr; }
  // Attempts sent so far at `local`, which must be pending.
  std::uint32_t attempts(std::uint64_t local) const;

  const ClientOptions& options() const { return options_; }
  const ClientCounters& counters() const { return counters_; }
  // The requests awaiting an answer, oldest (lowest local number) first.
  const std::vector<PendingRequest>& pending() const { return pending_; }
  // Kept for the issue-2 API: new requests made so far.
  std::uint64_t requests_sent() const { return counters_.requests_made; }

 private:
  // Sets `id` to "<name>-<n>" with the next n, in the string's own capacity.
  void fresh_request_id(std::string& id);
  // Starts the pending request with the next local number, its operation default: the caller
  // fills it in place.
  PendingRequest& open_request(sim::Tick now);
  // The pending request numbered `local`, or nullptr.
  const PendingRequest* find(std::uint64_t local) const;
  PendingRequest* find(std::uint64_t local);

  ClientOptions options_;
  sim::Prng prng_;
  // Sorted by local number: new requests take the next number, so they are appended, and a
  // client has a handful pending at a time, so a vector beats a tree's node per request.
  std::vector<PendingRequest> pending_;
  std::uint64_t next_local_ = 0;
  std::uint64_t next_id_number_ = 1;
  std::uint32_t next_connection_ = 0;
  ClientCounters counters_;
};

}  // namespace io::model
