#include "model/consent_registry.h"

#include <algorithm>

#include "sim/assert.h"

namespace io::model {

ConsentRegistry::ConsentRegistry(PrivacyOptions options, std::size_t subjects, std::uint64_t seed)
    : options_(options), subjects_(subjects), keys_(seed) {
  SIM_ASSERT(subjects <= accounts_max);
  SIM_ASSERT(options_.key_epoch_ticks >= 1);
  SIM_ASSERT(options_.key_epoch_ticks <= PrivacyOptions::key_epoch_ticks_max);
  // Retention and sealed backups work by destroying keys: without keys they cannot.
  SIM_ASSERT(options_.retention_ticks == 0 || options_.crypto_shredding);
  SIM_ASSERT(!options_.backups_sealed || options_.crypto_shredding);
}

bool ConsentRegistry::keeps_all(const DomainEvent& op) const {
  if (op.text.empty() || op.account >= subjects_.size()) return true;
  const bool memo = op.kind == DomainEventKind::transfer;
  return !subjects_[op.account].erased && !(memo && options_.minimise);
}

bool ConsentRegistry::collect(DomainEvent& op) const {
  if (keeps_all(op)) return false;
  SIM_ASSERT(!op.text.empty());
  op.text.clear();
  return op.kind == DomainEventKind::transfer;  // a memo dropped (not a name or contact)
}

std::uint32_t ConsentRegistry::epoch_of(sim::Tick now) const {
  const std::uint64_t epoch = now.value / options_.key_epoch_ticks;
  return epoch >= profile_epoch ? profile_epoch - 1 : std::uint32_t(epoch);
}

void ConsentRegistry::seal(DomainEvent& op, sim::Tick now) {
  if (!seals(op)) return;
  SIM_ASSERT(op.account < subjects_.size());
  SIM_ASSERT(!subjects_[op.account].erased);  // collect() stripped it
  const std::uint32_t epoch = op.kind == DomainEventKind::transfer ? epoch_of(now) : profile_epoch;
  SIM_ASSERT(epoch == profile_epoch || epoch >= expired_before_);  // now's epoch never expired
  keys_.seal(op, epoch, now);
  SIM_ASSERT(op.sealed);
}

std::uint64_t ConsentRegistry::note(const DomainEvent& e, sim::Offset offset, sim::Tick now) {
  SIM_ASSERT(is_privacy_event(e.kind));
  if (e.kind == DomainEventKind::erasure_requested && e.account == every_subject) {
    return expire(std::uint32_t(std::clamp<std::int64_t>(e.amount_cents, 0, profile_epoch - 1)), now);
  }
  SIM_ASSERT(e.account < subjects_.size());
  SubjectPrivacy& s = subjects_[e.account];
  if (e.kind == DomainEventKind::erasure_requested) {
    SIM_ASSERT(!s.erased);
    s.erased = true;
    s.erasure_offset = offset;
    s.erased_at = now;
    ++erased_count_;
    // To be forgotten is to withdraw every consent too.
    for (Consent& c : s.consent) {
      if (c.given) c = Consent{false, true, offset, now};
    }
    const std::uint64_t destroyed = keys_.destroy_subject(e.account, now);
    s.keys_destroyed += destroyed;
    return destroyed;
  }
  SIM_ASSERT(e.purpose == Purpose::marketing || e.purpose == Purpose::analytics);
  s.consent[std::size_t(e.purpose)] = Consent{e.kind == DomainEventKind::consent_given, true, offset, now};
  return 0;
}

std::uint32_t ConsentRegistry::expired_before(sim::Tick now) const {
  if (options_.retention_ticks == 0 || now.value < options_.retention_ticks) return expired_before_;
  // Epoch e expires at (e + 1) * L + R: the epochs below (now - R) / L have all expired.
  const std::uint64_t epochs = (now.value - options_.retention_ticks) / options_.key_epoch_ticks;
  const std::uint32_t capped = epochs >= profile_epoch ? profile_epoch - 1 : std::uint32_t(epochs);
  return std::max(capped, expired_before_);
}

std::uint64_t ConsentRegistry::expire(std::uint32_t epoch, sim::Tick now) {
  SIM_ASSERT(epoch < profile_epoch);
  if (epoch <= expired_before_) return 0;
  expired_before_ = epoch;
  return keys_.destroy_epochs_before(epoch, now);
}

sim::Tick ConsentRegistry::next_expiry() const {
  SIM_ASSERT(options_.retention_ticks > 0);
  return sim::Tick{(std::uint64_t{expired_before_} + 1) * options_.key_epoch_ticks + options_.retention_ticks};
}

void ConsentRegistry::set_retention_ticks(std::uint64_t ticks) {
  SIM_ASSERT(ticks == 0 || options_.crypto_shredding);
  SIM_ASSERT(ticks <= PrivacyOptions::retention_ticks_max);
  options_.retention_ticks = ticks;
}

bool ConsentRegistry::consents(AccountId subject, Purpose purpose) const {
  return subject < subjects_.size() && subjects_[subject].of(purpose).given;
}

const SubjectPrivacy& ConsentRegistry::subject(AccountId subject) const {
  SIM_ASSERT(subject < subjects_.size());
  return subjects_[subject];
}

Forgotten ConsentRegistry::forgotten() const {
  Forgotten f;
  for (std::size_t a = 0; a < subjects_.size(); ++a) {
    if (subjects_[a].erased) f.subjects.push_back(AccountId(a));
  }
  f.epochs_before = expired_before_;
  return f;
}

}  // namespace io::model
