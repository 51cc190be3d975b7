#include "model/client.h"

#include "sim/assert.h"

namespace io::model {

Client::Client(ClientOptions options, std::uint64_t seed) : options_(std::move(options)), prng_(seed) {
  SIM_ASSERT(!options_.accounts.empty());
  SIM_ASSERT(options_.accounts.size() <= ClientOptions::accounts_max);
  SIM_ASSERT(options_.interval_ticks_min >= 1);
  SIM_ASSERT(options_.interval_ticks_min <= options_.interval_ticks_max);
  SIM_ASSERT(options_.amount_cents_min <= options_.amount_cents_max);
  SIM_ASSERT(options_.amount_cents_max <= ClientOptions::amount_cents_limit);
}

PaymentRequest Client::next_request() {
  SIM_ASSERT(!done());
  PaymentRequest request;
  request.account_index = std::uint32_t(prng_.below(options_.accounts.size()));
  request.amount_cents = prng_.range(options_.amount_cents_min, options_.amount_cents_max);
  ++requests_sent_;
  SIM_ASSERT(request.account_index < options_.accounts.size());
  return request;
}

std::uint64_t Client::next_interval() {
  return prng_.range(options_.interval_ticks_min, options_.interval_ticks_max);
}

}  // namespace io::model
