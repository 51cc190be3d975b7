#include "model/privacy_audit.h"

#include <map>

#include "sim/assert.h"

namespace io::model {

namespace {

std::string quoted(AccountId a, const AccountTable& accounts) {
  return "\"" + (a < accounts.size() ? accounts[a].name : "#" + std::to_string(a)) + "\"";
}

// "2 memos and 1 display name": what a place holds, for the sentence.
std::string describe_items(const std::map<PersonalField, std::uint64_t>& counts) {
  std::string out;
  std::size_t i = 0;
  for (const auto& [field, n] : counts) {
    out += (i == 0 ? "" : i + 1 == counts.size() ? " and " : ", ") + std::to_string(n) + " " + to_string(field) +
           (n == 1 ? "" : field == PersonalField::contact ? "es" : "s");
    ++i;
  }
  return out;
}

// The first few offsets, for people: "offsets 12, 40, 51, ...".
std::string list_offsets(const std::vector<std::uint64_t>& offsets) {
  constexpr std::size_t shown_max = 5;
  std::string out = offsets.size() == 1 ? "offset " : "offsets ";
  for (std::size_t i = 0; i < offsets.size() && i < shown_max; ++i) out += (i ? ", " : "") + std::to_string(offsets[i]);
  if (offsets.size() > shown_max) out += ", ...";
  return out;
}

struct Holding {
  std::map<PersonalField, std::uint64_t> counts;
  std::vector<std::uint64_t> offsets;
  std::uint64_t items = 0;
  sim::Tick filled_at;  // caches: the oldest fill
  std::string example;  // one item's text, to show what lingers
};

Holding hold(const std::vector<PersonalItem>& items) {
  Holding h;
  for (const PersonalItem& i : items) {
    ++h.counts[i.field];
    h.offsets.push_back(i.offset);
    if (h.items++ == 0 || i.filled_at < h.filled_at) h.filled_at = i.filled_at;
    if (h.example.empty()) h.example = i.text;
  }
  return h;
}

void lingering_in_log(const EventLog& log, const ConsentRegistry& registry, const AccountTable& accounts,
                      std::vector<PrivacyFinding>& out) {
  // One pass over the log for every erased subject at once.
  std::map<AccountId, std::vector<PersonalItem>> found;
  for (std::uint64_t o = 0; o < log.end_offset().value; ++o) {
    const auto record = log.read(sim::Offset{o});
    if (!record.ok()) continue;
    const auto event = decode(record.value().payload);
    if (!event || event->text.empty() || event->account >= registry.subject_count()) continue;
    if (!registry.subject(event->account).erased) continue;
    const DomainEvent clear = registry.keys().open(*event);
    if (clear.shredded) continue;  // crypto-shredded: the bytes are there, the data is not
    const PersonalField field = event->kind == DomainEventKind::rename          ? PersonalField::display_name
                                : event->kind == DomainEventKind::consent_given ? PersonalField::contact
                                                                                : PersonalField::memo;
    found[event->account].push_back(PersonalItem{event->account, field, clear.text, o, event->key_epoch, {}});
  }
  for (const auto& [subject, items] : found) {
    const Holding h = hold(items);
    const SubjectPrivacy& s = registry.subject(subject);
    PrivacyFinding f{ViolationKind::erased_data_lingers, DataPlace::log, 0, subject, h.items, s.erasure_offset, {}};
    f.detail = "erased subject " + quoted(subject, accounts) + ": " + describe_items(h.counts) +
               " still readable in the log (" + list_offsets(h.offsets) + "): " +
               (registry.options().crypto_shredding ? "sealed with keys that are still alive"
                                                    : "written in the clear, and the log is immutable (crypto-shredding is off)");
    out.push_back(std::move(f));
  }
}

}  // namespace

std::vector<PrivacyFinding> find_privacy_violations(const EventLog& log, const ConsentRegistry& registry,
                                                    const std::vector<Deriver>& derivers,
                                                    const std::vector<bool>& deployed,
                                                    const std::vector<Backup>& backups, const AccountTable& accounts) {
  SIM_ASSERT(deployed.size() == derivers.size());
  std::vector<PrivacyFinding> out;
  if (registry.subjects_erased() > 0) lingering_in_log(log, registry, accounts, out);
  for (AccountId a = 0; a < registry.subject_count(); ++a) {
    const SubjectPrivacy& s = registry.subject(a);
    if (!s.erased) continue;
    const std::string who = "erased subject " + quoted(a, accounts) + ": ";
    const std::string erasure = "the erasure at offset " + std::to_string(s.erasure_offset.value);
    for (std::size_t i = 0; i < derivers.size(); ++i) {
      if (!deployed[i]) continue;
      const Deriver& d = derivers[i];
      const auto items = personal_data(d.view(), a);
      if (items.empty()) continue;
      const Holding h = hold(items);
      const bool cache = kind_of(d.view()) == ViewKind::cache;
      const bool reached = applied_through(d.view()) > s.erasure_offset;
      PrivacyFinding f{ViolationKind::erased_data_lingers, cache ? DataPlace::cache : DataPlace::view, std::uint32_t(i), a,
                       h.items, s.erasure_offset, {}};
      const std::string what = describe_items(h.counts) + (h.items == 1 ? " \"" + h.example + "\"" : "");
      if (cache) {
        f.detail = who + what + " still in cache \"" + d.options().name + "\" (filled at tick " +
                   std::to_string(h.filled_at.value) + ", " +
                   (h.filled_at < s.erased_at ? "before " + erasure : "after " + erasure + ", from a view that had not processed it") +
                   (reached ? "; the cache processed the erasure and kept it" : "") + ")";
      } else if (!reached) {
        f.detail = who + what + " still in view \"" + d.options().name + "\" (its deriver " + (d.down() ? "is down at" : "has read to") +
                   " offset " + std::to_string(d.position().value) + " and has not reached " + erasure + ")";
      } else {
        f.detail = who + what + " still in view \"" + d.options().name + "\" although its deriver processed " + erasure;
      }
      out.push_back(std::move(f));
    }
    for (std::size_t b = 0; b < backups.size(); ++b) {
      const auto items = readable_items(backups[b], &registry.keys(), a);
      if (items.empty()) continue;
      const Holding h = hold(items);
      PrivacyFinding f{ViolationKind::erased_data_lingers, DataPlace::backup, std::uint32_t(b), a, h.items, s.erasure_offset, {}};
      f.detail = who + describe_items(h.counts) + " still in backup \"" + backups[b].name + "\" (" +
                 (backups[b].sealed ? "sealed, but with keys still alive" : "a plaintext copy") + " taken at tick " +
                 std::to_string(backups[b].taken_at.value) + ", " +
                 (backups[b].taken_at < s.erased_at ? "before " : "after ") + erasure + ")";
      out.push_back(std::move(f));
    }
  }
  // Consent: a marketing view that has processed a withdrawal and still lists the subject.
  for (std::size_t i = 0; i < derivers.size(); ++i) {
    const auto* v = std::get_if<MarketingView>(&derivers[i].view());
    if (v == nullptr || !deployed[i]) continue;
    for (const auto& [a, entry] : v->entries()) {
      if (a >= registry.subject_count() || registry.subject(a).erased) continue;  // erasure: reported above
      const Consent& c = registry.subject(a).of(Purpose::marketing);
      if (c.given || !c.changed || v->applied_through() <= c.offset) continue;  // consenting, or not yet read
      PrivacyFinding f{ViolationKind::consent_ignored, DataPlace::view, std::uint32_t(i), a, 1, c.offset, {}};
      f.detail = "marketing view \"" + derivers[i].options().name + "\" still lists " + quoted(a, accounts) +
                 " although it processed the withdrawal of consent at offset " + std::to_string(c.offset.value) +
                 (v->rules().honor_consent ? "" : " (its deriver does not honour withdrawals)");
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace io::model
