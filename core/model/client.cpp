#include "model/client.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <iterator>
#include <utility>

#include "sim/assert.h"

namespace io::model {

Client::Client(ClientOptions options, std::uint64_t seed) : options_(std::move(options)), prng_(seed) {
  SIM_ASSERT(!options_.name.empty());
  SIM_ASSERT(!options_.from_accounts.empty());
  SIM_ASSERT(!options_.to_accounts.empty());
  SIM_ASSERT(options_.interval_ticks_min >= 1);
  SIM_ASSERT(options_.interval_ticks_min <= options_.interval_ticks_max);
  SIM_ASSERT(options_.amount_cents_min >= 1);
  SIM_ASSERT(options_.amount_cents_min <= options_.amount_cents_max);
  SIM_ASSERT(options_.amount_cents_max <= ClientOptions::amount_cents_limit);
  SIM_ASSERT(options_.retries_max <= ClientOptions::retries_limit);
  SIM_ASSERT(options_.rename_ppm == 0 || !options_.names.empty());
}

void Client::fresh_request_id(std::string& id) {
  // "<name>-<n>", written whole into a buffer and copied into `id` at once (in its capacity).
  char text[64];
  const std::string& name = options_.name;
  if (name.size() + 1 + 20 > sizeof text) {  // 20 digits: the most a std::uint64_t needs
    id.assign(name).append(1, '-').append(std::to_string(next_id_number_++));
    return;
  }
  std::memcpy(text, name.data(), name.size());
  text[name.size()] = '-';
  char* const digits = text + name.size() + 1;
  const auto [end, error] = std::to_chars(digits, digits + 20, next_id_number_++);
  SIM_ASSERT(error == std::errc{});
  id.assign(text, std::size_t(end - text));
}

const PendingRequest* Client::find(std::uint64_t local) const {
  const auto it = std::lower_bound(pending_.begin(), pending_.end(), local,
                                   [](const PendingRequest& p, std::uint64_t l) { return p.local < l; });
  return it != pending_.end() && it->local == local ? &*it : nullptr;
}

PendingRequest* Client::find(std::uint64_t local) {
  return const_cast<PendingRequest*>(std::as_const(*this).find(local));
}

std::uint32_t Client::attempts(std::uint64_t local) const {
  const PendingRequest* p = find(local);
  SIM_ASSERT(p != nullptr);
  return p->attempts;
}

PendingRequest& Client::open_request(sim::Tick now) {
  SIM_ASSERT(!busy());
  const std::uint64_t local = next_local_++;
  SIM_ASSERT(pending_.empty() || pending_.back().local < local);  // appending keeps the order
  ++counters_.requests_made;
  PendingRequest& p = pending_.emplace_back();
  p.local = local;
  p.first_sent_at = now;
  p.last_sent_at = now;
  return p;
}

std::uint64_t Client::new_request(sim::Tick now, std::uint64_t intent) {
  // No done() check: requests_max bounds the workload, not a learner who clicks "pay" again.
  SIM_ASSERT(intent > 0);
  // Drawn straight into the pending request, which keeps it.
  PendingRequest& p = open_request(now);
  DomainEvent& op = p.operation;
  op.intent = intent;
  op.account = options_.from_accounts[prng_.below(options_.from_accounts.size())];
  if (prng_.chance_ppm(options_.rename_ppm)) {
    op.kind = DomainEventKind::rename;
    op.text = options_.names[prng_.below(options_.names.size())];
  } else {
    op.kind = DomainEventKind::transfer;
    const std::size_t payees = options_.to_accounts.size();
    const std::size_t k = prng_.below(payees);
    // Never pay yourself: take the next payee in the list (the loader ensures another exists).
    op.to = options_.to_accounts[k] != op.account ? options_.to_accounts[k] : options_.to_accounts[(k + 1) % payees];
    SIM_ASSERT(op.to != op.account);
    op.amount_cents = std::int64_t(prng_.range(std::uint64_t(options_.amount_cents_min), std::uint64_t(options_.amount_cents_max)));
    if (!options_.memo_words.empty()) {
      // The words first (the draws in the same order as ever), then the memo at its final size.
      const std::uint64_t words = prng_.range(1, 3);
      const std::string* picked[3] = {};
      std::size_t size = std::size_t(words) - 1;  // the spaces between them
      for (std::uint64_t w = 0; w < words; ++w) {
        picked[w] = &options_.memo_words[prng_.below(options_.memo_words.size())];
        size += picked[w]->size();
      }
      op.text.reserve(size);
      for (std::uint64_t w = 0; w < words; ++w) {
        if (w > 0) op.text += ' ';
        op.text += *picked[w];
      }
      SIM_ASSERT(op.text.size() == size);
    }
  }
  fresh_request_id(op.request_id);
  SIM_ASSERT(op.request_id.size() <= DomainEvent::request_id_bytes_max);
  return p.local;
}

std::uint64_t Client::new_request(sim::Tick now, DomainEvent operation) {
  PendingRequest& p = open_request(now);
  p.operation = std::move(operation);
  if (p.operation.request_id.empty()) fresh_request_id(p.operation.request_id);
  SIM_ASSERT(p.operation.request_id.size() <= DomainEvent::request_id_bytes_max);
  return p.local;
}

std::uint32_t Client::attempt(sim::Tick now, std::uint64_t local, Message& m) {
  PendingRequest* pending = find(local);
  SIM_ASSERT(pending != nullptr);
  PendingRequest& p = *pending;
  if (p.attempts > 0) {
    ++counters_.retries_sent;
    // Without an idempotency key, nothing ties this attempt to the first one.
    if (!options_.idempotency_keys) fresh_request_id(p.operation.request_id);
  }
  ++p.attempts;
  ++counters_.attempts_sent;
  p.last_sent_at = now;
  SIM_ASSERT(m.operation.request_id.empty());  // reset, not a message still in use
  m.kind = MessageKind::request;
  m.local = local;
  m.connection = next_connection_++;  // each attempt opens a new connection, as a browser retry does
  m.sequence = 0;
  m.operation = p.operation;  // into the reset strings' capacity
  return p.attempts;
}

bool Client::may_retry(std::uint64_t local) const {
  const PendingRequest* p = find(local);
  return p != nullptr && p->attempts <= options_.retries_max;
}

std::uint64_t Client::backoff_ticks(std::uint64_t local) {
  const PendingRequest* p = find(local);
  SIM_ASSERT(p != nullptr);
  SIM_ASSERT(p->attempts >= 1);
  // Exponential, capped: the shift is bounded because attempts <= retries_limit + 1.
  const std::uint32_t exponent = p->attempts - 1;
  std::uint64_t backoff = options_.backoff_ticks_base;
  for (std::uint32_t i = 0; i < exponent && backoff < options_.backoff_ticks_max; ++i) backoff *= 2;
  if (backoff > options_.backoff_ticks_max) backoff = options_.backoff_ticks_max;
  return backoff + (options_.backoff_jitter_ticks == 0 ? 0 : prng_.range(0, options_.backoff_jitter_ticks));
}

void Client::give_up(std::uint64_t local) {
  const PendingRequest* p = find(local);
  SIM_ASSERT(p != nullptr);
  pending_.erase(pending_.begin() + (p - pending_.data()));
  ++counters_.given_up;
}

bool Client::answered(const Message& response) {
  SIM_ASSERT(response.kind == MessageKind::response);
  const PendingRequest* p = find(response.local);
  if (p == nullptr) {
    ++counters_.late_answers;
    return false;
  }
  pending_.erase(pending_.begin() + (p - pending_.data()));
  ++counters_.answers;
  switch (response.status) {
    case ResponseStatus::accepted: ++counters_.accepted; break;
    case ResponseStatus::duplicate: ++counters_.duplicates; break;
    case ResponseStatus::rejected: ++counters_.rejected; break;
  }
  return true;
}

std::uint64_t Client::next_interval() { return prng_.range(options_.interval_ticks_min, options_.interval_ticks_max); }

}  // namespace io::model
