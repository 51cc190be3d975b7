#pragma once
// Crypto-shredding: the log is immutable, yet a person may ask to be forgotten. The way out the
// chapter's world uses is never to write personal data in the clear: each subject's personal
// fields are sealed with a key of the subject's own (one per key epoch, so that old data can
// expire too), and the keys live apart from the log, in this store. Destroying a key makes every
// copy sealed with it unreadable (on every replica, in every sealed backup) without rewriting a
// byte of the log.
//
// THE CIPHER HERE IS A TOY AND PROTECTS NOTHING: bytes are XORed with a keystream made by
// splitmix64 from (key, position). It exists only so that the model's disks hold bytes that look
// like ciphertext and a key's loss is visible. Never use it to protect real data.

#include <compare>
#include <cstdint>
#include <map>
#include <string>

#include "model/domain_event.h"
#include "sim/types.h"

namespace io::model {

// Display names and contact addresses are sealed under this epoch: they describe the subject as
// they are now, so retention (which expires old epochs) never touches them; only erasure does.
inline constexpr std::uint32_t profile_epoch = UINT32_MAX;

struct KeyId {
  AccountId subject = 0;
  std::uint32_t epoch = 0;  // a key epoch number, or profile_epoch
  auto operator<=>(const KeyId&) const = default;
};

enum class KeyFate : std::uint8_t {
  alive,
  erased,   // destroyed because its subject asked to be forgotten
  expired,  // destroyed by the retention policy: its epoch is older than the retention window
};
const char* to_string(KeyFate fate);

struct KeyEntry {
  std::uint64_t secret = 0;  // the toy key itself; zeroed when destroyed
  sim::Tick created_at;
  KeyFate fate = KeyFate::alive;
  sim::Tick destroyed_at;
  std::uint64_t fields_sealed = 0;  // personal fields sealed with it
};

class KeyStore {
 public:
  explicit KeyStore(std::uint64_t seed = 0) : seed_(seed) {}

  // Replaces event.text with its ciphertext under (event.account, epoch), creating that key on
  // first use, and marks the event sealed. The key must not have been destroyed (personal data is
  // never sealed for an erased subject or an expired epoch: the caller strips it first).
  void seal(DomainEvent& event, std::uint32_t epoch, sim::Tick now);
  // What a reader holding this store sees: a sealed event with its text deciphered if its key is
  // alive, or with text "" and `shredded` set if the key is gone. An unsealed event is unchanged.
  DomainEvent open(DomainEvent event) const;
  // open() in place: a reader that decodes into one event keeps its buffers.
  void open_in_place(DomainEvent& event) const;
  // Whether (subject, epoch) has a live key: whether data sealed with it can still be read.
  bool alive(AccountId subject, std::uint32_t epoch) const;

  // Destroys every key of `subject` (erasure); returns how many were alive.
  std::uint64_t destroy_subject(AccountId subject, sim::Tick now);
  // Destroys every key of an epoch below `epoch`, profile keys excepted (retention); returns how
  // many were alive.
  std::uint64_t destroy_epochs_before(std::uint32_t epoch, sim::Tick now);

  // Every key ever made, alive or destroyed, by (subject, epoch). One per (subject, epoch) that
  // sealed something, so it never outgrows the log (EventLog::records_max).
  const std::map<KeyId, KeyEntry>& keys() const { return keys_; }
  std::uint64_t destroyed_count() const { return destroyed_; }
  // Changes whenever a key is created or destroyed, i.e. whenever open() may start to answer
  // differently for some event: a reader that cached what it opened knows when to read again.
  std::uint64_t generation() const { return generation_; }

 private:
  void destroy(KeyEntry& entry, KeyFate fate, sim::Tick now);

  std::uint64_t seed_;
  std::map<KeyId, KeyEntry> keys_;
  std::uint64_t destroyed_ = 0;
  std::uint64_t generation_ = 0;
};

// The toy cipher, exposed for tests: XOR with the keystream of `secret`. Its own inverse.
std::string toy_cipher(std::string_view text, std::uint64_t secret);

}  // namespace io::model
