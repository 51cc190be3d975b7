#pragma once
// The consent registry: the chapter's "doing the right thing" made into state the system must
// honour. The data subjects are the accounts; their personal data are display names, transfer
// memos and the contact addresses they give with consent. For each subject the registry knows
// which purposes they consent to and whether they asked to be forgotten, as told by the privacy
// events appended to the log, and it owns the KeyStore that seals their personal data
// (crypto-shredding: erasure destroys the subject's keys; retention destroys old epochs' keys).
// What is not personal here: account IDs, amounts and who paid whom (balances need them), which
// stay readable in the log whatever happens: minimisation, not encryption, is the answer to those.

#include <array>
#include <cstdint>
#include <vector>

#include "model/domain_event.h"
#include "model/key_store.h"
#include "sim/types.h"

namespace io::model {

struct PrivacyOptions {
  // Seal personal fields with per-subject keys before they reach the log's disks; erasure then
  // destroys the keys. Off: personal data is written in the clear, and erasure cannot reach the
  // log (the auditor says so).
  bool crypto_shredding = false;
  // Length of a key epoch: a memo appended at tick t is sealed with the key of epoch
  // t / key_epoch_ticks (>= 1), so that retention can destroy old memos' keys by the epoch.
  std::uint64_t key_epoch_ticks = 100;
  // Retention of transfer memos (0: forever; needs crypto_shredding). The key of epoch e is
  // destroyed once every memo sealed with it is at least this old: at tick
  // (e + 1) * key_epoch_ticks + retention_ticks. Display names and contacts do not expire.
  std::uint64_t retention_ticks = 0;
  // Data minimisation: the front door drops transfer memos before they are logged (a payment
  // does not need one), and marketing views keep only who consented, not the contact address.
  bool minimise = false;
  // Backups are sealed with the subjects' keys (needs crypto_shredding), so erasure and
  // retention reach them; otherwise a backup is a plaintext copy that nothing ever erases.
  bool backups_sealed = false;
  // A cache deriver invalidates an erased subject's entries; false models the cache that only
  // listens for balance changes and keeps serving (and holding) an erased display name.
  bool cache_honours_erasure = true;

  static constexpr std::uint64_t key_epoch_ticks_max = 1'000'000;
  static constexpr std::uint64_t retention_ticks_max = 100'000'000;
};

// A subject's consent to one purpose.
struct Consent {
  bool given = false;
  // The offset of the event that last changed it (consent_given, consent_withdrawn, or the
  // erasure that withdrew everything), if any did.
  bool changed = false;
  sim::Offset offset;
  sim::Tick tick;
};

struct SubjectPrivacy {
  std::array<Consent, 3> consent;  // by Purpose (index 0, none, unused)
  bool erased = false;
  sim::Offset erasure_offset;  // of the erasure_requested event
  sim::Tick erased_at;
  std::uint64_t keys_destroyed = 0;
  const Consent& of(Purpose purpose) const { return consent[std::size_t(purpose)]; }
};

// What has been forgotten so far, for comparing views that read the log before and after.
struct Forgotten {
  std::vector<AccountId> subjects;      // erased, ascending
  std::uint32_t epochs_before = 0;      // memos of key epochs below this have expired
  bool empty() const { return subjects.empty() && epochs_before == 0; }
};

class ConsentRegistry {
 public:
  // A registry for `subjects` accounts, none consenting, none erased; keys derive from `seed`.
  ConsentRegistry(PrivacyOptions options, std::size_t subjects, std::uint64_t seed);

  // Prepares a client's operation for logging, before anything else looks at it: drops what the
  // system should not collect (memos under minimisation; any personal text of an erased
  // subject). Returns whether a memo was dropped.
  bool collect(DomainEvent& op) const;
  // Whether collect(op) would keep op whole (as it does most requests): then it need not be copied.
  bool keeps_all(const DomainEvent& op) const;
  // Seals op's personal text for the disk if crypto-shredding is on (a no-op otherwise, and for
  // events without text). A memo takes the key of now's epoch; names and contacts the profile key.
  void seal(DomainEvent& op, sim::Tick now);
  // Whether seal(op) would change op: crypto-shredding is on and op has personal text.
  bool seals(const DomainEvent& op) const { return options_.crypto_shredding && !op.text.empty(); }
  // Takes note of a privacy event appended at `offset`: consent changes, and erasure (marks the
  // subject, withdraws every consent, destroys the subject's keys). Returns keys destroyed.
  std::uint64_t note(const DomainEvent& event, sim::Offset offset, sim::Tick now);

  // Retention: the first key epoch that has not expired at `now` (0 if retention is off).
  std::uint32_t expired_before(sim::Tick now) const;
  // Destroys the keys of every epoch below `epoch`; returns how many. Epochs only move forward.
  std::uint64_t expire(std::uint32_t epoch, sim::Tick now);
  // The epoch below which keys have been destroyed so far.
  std::uint32_t expired_epochs() const { return expired_before_; }
  // The tick at which the next epoch expires under the current retention (retention must be on).
  sim::Tick next_expiry() const;
  // The key epoch of tick `now`.
  std::uint32_t epoch_of(sim::Tick now) const;

  // Learner choices: change the retention window (needs crypto_shredding) or minimisation.
  void set_retention_ticks(std::uint64_t ticks);
  void set_minimise(bool on) { options_.minimise = on; }

  bool consents(AccountId subject, Purpose purpose) const;
  const SubjectPrivacy& subject(AccountId subject) const;
  std::size_t subject_count() const { return subjects_.size(); }
  std::uint64_t subjects_erased() const { return erased_count_; }
  Forgotten forgotten() const;

  const PrivacyOptions& options() const { return options_; }
  const KeyStore& keys() const { return keys_; }

 private:
  PrivacyOptions options_;
  std::vector<SubjectPrivacy> subjects_;  // by AccountId
  KeyStore keys_;
  std::uint32_t expired_before_ = 0;
  std::uint64_t erased_count_ = 0;
};

}  // namespace io::model
