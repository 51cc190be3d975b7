#include "model/breach.h"

#include <set>

#include "sim/assert.h"

namespace io::model {

const char* to_string(BreachScope scope) {
  switch (scope) {
    case BreachScope::disks: return "disks";
    case BreachScope::disks_and_keys: return "disks_and_keys";
  }
  return "unknown";
}

namespace {

PersonalField field_of(DomainEventKind kind) {
  switch (kind) {
    case DomainEventKind::rename: return PersonalField::display_name;
    case DomainEventKind::consent_given: return PersonalField::contact;
    default: return PersonalField::memo;
  }
}

class Tally {
 public:
  explicit Tally(BreachReport& r) : r_(r) {}
  void leak(DataPlace place, std::uint32_t where, const std::string& name, PersonalItem item) {
    ++r_.items_leaked;
    ++r_.items_by_place[std::size_t(place)];
    subjects_.insert(item.subject);
    if (r_.items.size() < BreachReport::items_max) r_.items.push_back(LeakedItem{place, where, name, std::move(item)});
  }
  // A sealed field the attacker cannot open: say why.
  void locked(const KeyStore& keys, AccountId subject, std::uint32_t epoch) {
    const auto it = keys.keys().find(KeyId{subject, epoch});
    const KeyFate fate = it == keys.keys().end() ? KeyFate::erased : it->second.fate;
    if (fate == KeyFate::erased) ++r_.shredded_by_erasure;
    if (fate == KeyFate::expired) ++r_.expired_by_retention;
    if (fate == KeyFate::alive) ++r_.locked_without_keys;
  }
  void finish() { r_.subjects_leaked = subjects_.size(); }

 private:
  BreachReport& r_;
  std::set<AccountId> subjects_;
};

}  // namespace

BreachReport assess_breach(sim::Tick now, BreachScope scope, const EventLog& log, const KeyStore& keys,
                           const std::vector<Deriver>& derivers, const std::vector<Backup>& backups,
                           std::uint64_t memos_not_collected) {
  BreachReport r;
  r.tick = now;
  r.scope = scope;
  r.memos_not_collected = memos_not_collected;
  const bool has_keys = scope == BreachScope::disks_and_keys;
  Tally tally(r);
  // The log: one copy counted, though every replica's disk holds one.
  for (std::uint64_t o = 0; o < log.end_offset().value; ++o) {
    const auto record = log.read(sim::Offset{o});
    if (!record.ok()) continue;
    const auto event = decode(record.value().payload);
    if (!event) continue;
    if (event->kind == DomainEventKind::transfer) ++r.metadata_records;
    if (event->text.empty() || event->account == every_subject) continue;
    const std::uint32_t epoch = event->sealed ? event->key_epoch : profile_epoch;
    if (event->sealed && !(has_keys && keys.alive(event->account, epoch))) {
      tally.locked(keys, event->account, epoch);
      continue;
    }
    const DomainEvent clear = keys.open(*event);
    tally.leak(DataPlace::log, 0, "log",
               PersonalItem{event->account, field_of(event->kind), clear.text, o, event->sealed ? epoch : 0, {}});
  }
  // Views and caches: derived data, stored in the clear for their readers.
  for (std::size_t i = 0; i < derivers.size(); ++i) {
    const View& view = derivers[i].view();
    const DataPlace place = kind_of(view) == ViewKind::cache ? DataPlace::cache : DataPlace::view;
    for (PersonalItem& item : personal_data(view)) tally.leak(place, std::uint32_t(i), derivers[i].options().name, std::move(item));
  }
  // Backups: in the clear, or sealed with the subjects' keys.
  for (std::size_t b = 0; b < backups.size(); ++b) {
    for (PersonalItem& item : personal_data(backups[b].view)) {
      if (backups[b].sealed && !(has_keys && keys.alive(item.subject, item.key_epoch))) {
        tally.locked(keys, item.subject, item.key_epoch);
        continue;
      }
      tally.leak(DataPlace::backup, std::uint32_t(b), backups[b].name, std::move(item));
    }
  }
  tally.finish();
  SIM_ASSERT(r.items.size() <= BreachReport::items_max);
  SIM_ASSERT(r.items.size() <= r.items_leaked);
  return r;
}

}  // namespace io::model
