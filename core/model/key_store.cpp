#include "model/key_store.h"

#include "sim/assert.h"
#include "sim/prng.h"

namespace io::model {

const char* to_string(KeyFate fate) {
  switch (fate) {
    case KeyFate::alive: return "alive";
    case KeyFate::erased: return "erased";
    case KeyFate::expired: return "expired";
  }
  return "unknown";
}

std::string toy_cipher(std::string_view text, std::uint64_t secret) {
  std::string out(text);
  std::uint64_t block = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i % 8 == 0) {
      std::uint64_t state = secret + 0x9E3779B97F4A7C15ull * (i / 8 + 1);
      block = sim::splitmix64(state);
    }
    out[i] = char(std::uint8_t(out[i]) ^ std::uint8_t(block >> (8 * (i % 8))));
  }
  SIM_ASSERT(out.size() == text.size());
  return out;
}

void KeyStore::seal(DomainEvent& event, std::uint32_t epoch, sim::Tick now) {
  SIM_ASSERT(!event.sealed);
  SIM_ASSERT(!event.shredded);
  const KeyId id{event.account, epoch};
  auto it = keys_.find(id);
  if (it == keys_.end()) {
    // Derived from the run's seed and the key's name, so a key does not depend on which others
    // exist: the same record seals to the same bytes whatever else happened.
    std::uint64_t state = seed_ ^ (std::uint64_t{id.subject} << 32) ^ id.epoch;
    KeyEntry entry;
    entry.secret = sim::splitmix64(state) | 1;  // never 0: 0 marks a destroyed key
    entry.created_at = now;
    it = keys_.emplace(id, entry).first;
    ++generation_;
  }
  SIM_ASSERT(it->second.fate == KeyFate::alive);
  ++it->second.fields_sealed;
  event.text = toy_cipher(event.text, it->second.secret);
  event.sealed = true;
  event.key_epoch = epoch;
}

DomainEvent KeyStore::open(DomainEvent event) const {
  open_in_place(event);
  return event;
}

void KeyStore::open_in_place(DomainEvent& event) const {
  if (!event.sealed) return;
  const auto it = keys_.find(KeyId{event.account, event.key_epoch});
  event.sealed = false;
  if (it == keys_.end() || it->second.fate != KeyFate::alive) {
    // The ciphertext is still on disk; without its key it is noise.
    event.text.clear();
    event.shredded = true;
    return;
  }
  event.text = toy_cipher(event.text, it->second.secret);
}

bool KeyStore::alive(AccountId subject, std::uint32_t epoch) const {
  const auto it = keys_.find(KeyId{subject, epoch});
  return it != keys_.end() && it->second.fate == KeyFate::alive;
}

void KeyStore::destroy(KeyEntry& entry, KeyFate fate, sim::Tick now) {
  SIM_ASSERT(entry.fate == KeyFate::alive);
  SIM_ASSERT(fate != KeyFate::alive);
  entry.secret = 0;
  entry.fate = fate;
  entry.destroyed_at = now;
  ++destroyed_;
  ++generation_;
}

std::uint64_t KeyStore::destroy_subject(AccountId subject, sim::Tick now) {
  std::uint64_t n = 0;
  for (auto it = keys_.lower_bound(KeyId{subject, 0}); it != keys_.end() && it->first.subject == subject; ++it) {
    if (it->second.fate != KeyFate::alive) continue;
    destroy(it->second, KeyFate::erased, now);
    ++n;
  }
  return n;
}

std::uint64_t KeyStore::destroy_epochs_before(std::uint32_t epoch, sim::Tick now) {
  std::uint64_t n = 0;
  for (auto& [id, entry] : keys_) {
    if (id.epoch == profile_epoch || id.epoch >= epoch || entry.fate != KeyFate::alive) continue;
    destroy(entry, KeyFate::expired, now);
    ++n;
  }
  return n;
}

}  // namespace io::model
