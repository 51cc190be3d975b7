#pragma once
// A backup: a copy of a view's contents, taken at a moment and kept apart from the running system.
// Backups are how data outlives the decision to delete it: an erasure that reaches every view
// and cache still misses the copy made last week, unless the copy was sealed with the subjects'
// keys, in which case crypto-shredding reaches it too. That is the lesson this type carries.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/key_store.h"
#include "model/views/personal_data.h"
#include "model/views/view.h"
#include "sim/types.h"

namespace io::model {

struct Backup {
  std::uint32_t deriver = 0;  // whose view was copied
  std::string name;           // for people: "balances @ tick 300"
  sim::Tick taken_at;
  sim::Offset through;        // the copied view's applied_through
  bool sealed = false;        // each personal item sealed with its subject's key (crypto-shredding)
  View view;
};

// The personal items of `backup` that a holder of `keys` can read: every one of a plaintext
// backup; in a sealed one, those whose key is still alive (none without keys). Only `subject`'s if
// given.
std::vector<PersonalItem> readable_items(const Backup& backup, const KeyStore* keys,
                                         std::optional<AccountId> subject = std::nullopt);

// Backups kept at most: each copies a whole view, and a teaching run needs only a few.
inline constexpr std::size_t backups_max = 16;

}  // namespace io::model
