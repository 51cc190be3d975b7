#include "model/idempotency_table.h"

#include "sim/assert.h"
#include "sim/trace.h"

namespace io::model {

std::optional<IdempotencyTable::Entry> IdempotencyTable::find(const std::string& request_id) const {
  const auto it = entries_.find(request_id);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void IdempotencyTable::remember(const DomainEvent& event, sim::Offset offset) {
  SIM_ASSERT(!event.request_id.empty());
  const auto [it, fresh] = entries_.emplace(event.request_id, Entry{fingerprint(event), offset});
  SIM_ASSERT(fresh || it->second.offset <= offset);  // the first effect of an ID is the one kept
}

std::uint64_t IdempotencyTable::rebuild(const EventLog& log, const KeyStore* keys) {
  entries_.clear();
  std::uint64_t read = 0;
  for (std::uint64_t o = 0; o < log.end_offset().value; ++o) {
    const auto record = log.read(sim::Offset{o});
    if (!record.ok()) continue;
    ++read;
    const auto event = decode(record.value().payload);
    const auto opened = event && keys != nullptr ? std::optional(keys->open(*event)) : event;
    if (opened && !opened->request_id.empty()) entries_.emplace(opened->request_id, Entry{fingerprint(*opened), sim::Offset{o}});
  }
  return read;
}

std::uint64_t IdempotencyTable::fingerprint(const DomainEvent& e) {
  std::uint64_t h = sim::hash_mix(0, std::uint64_t(e.kind));
  h = sim::hash_mix(h, (std::uint64_t{e.account} << 16) | e.to);
  h = sim::hash_mix(h, std::uint64_t(e.amount_cents));
  for (unsigned char c : e.text) h = sim::hash_mix(h, c);
  return h;
}

}  // namespace io::model
