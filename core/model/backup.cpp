#include "model/backup.h"

namespace io::model {

std::vector<PersonalItem> readable_items(const Backup& backup, const KeyStore* keys, std::optional<AccountId> subject) {
  std::vector<PersonalItem> items = personal_data(backup.view, subject);
  if (!backup.sealed) return items;
  std::erase_if(items, [&](const PersonalItem& i) { return keys == nullptr || !keys->alive(i.subject, i.key_epoch); });
  return items;
}

}  // namespace io::model
