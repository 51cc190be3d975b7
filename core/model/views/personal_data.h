#pragma once
// The personal data a view holds, listed item by item: what the auditor looks for when a subject
// has asked to be forgotten, and what a breach of the view's store would leak. A view is derived
// data, but it is not anonymous: whatever personal text the log held, a view may hold too, in the
// clear, until its deriver processes the erasure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/consent_registry.h"
#include "model/domain_event.h"
#include "model/views/view.h"

namespace io::model {

enum class PersonalField : std::uint8_t {
  display_name,  // a name set by a rename
  memo,          // a transfer's memo (in an index: the words indexed from it)
  contact,       // the contact address given with consent
};
const char* to_string(PersonalField field);

struct PersonalItem {
  AccountId subject = 0;
  PersonalField field = PersonalField::display_name;
  std::string text;
  std::uint64_t offset = 0;     // the log record it came from
  std::uint32_t key_epoch = 0;  // the key that record was sealed with (profile_epoch for names)
  sim::Tick filled_at;          // caches only: when the entry was filled
  bool operator==(const PersonalItem&) const = default;
};

// Where personal data can be held, for the privacy audit and breach reports.
enum class DataPlace : std::uint8_t {
  log,     // the event log's records (on every replica's disk)
  view,    // a deriver's materialized view (its store)
  cache,   // a cache deriver's entries
  backup,  // a copy of a view taken by a backup command
};
const char* to_string(DataPlace place);

// Every personal item in `view`, by subject then offset (the subject's only, if given).
std::vector<PersonalItem> personal_data(const View& view, std::optional<AccountId> subject = std::nullopt);

// Forgets in `view` what `forgotten` says is gone, as the erasure and retention events would.
void forget(View& view, const Forgotten& forgotten);

// first_difference(), except that personal data already forgotten does not count: a view that
// read a name before its subject's key was destroyed is compared with a fold that cannot read it.
// Where such data lingers is the privacy audit's finding, not a corrupt view's.
std::optional<std::string> first_difference_forgetting(const View& a, const View& b, const AccountTable& accounts,
                                                       const Forgotten& forgotten);

}  // namespace io::model
