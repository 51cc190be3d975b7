#include "model/views/personal_data.h"

#include <algorithm>

#include "sim/assert.h"

namespace io::model {

const char* to_string(PersonalField field) {
  switch (field) {
    case PersonalField::display_name: return "display name";
    case PersonalField::memo: return "memo";
    case PersonalField::contact: return "contact address";
  }
  return "unknown";
}

const char* to_string(DataPlace place) {
  switch (place) {
    case DataPlace::log: return "log";
    case DataPlace::view: return "view";
    case DataPlace::cache: return "cache";
    case DataPlace::backup: return "backup";
  }
  return "unknown";
}

std::vector<PersonalItem> personal_data(const View& view, std::optional<AccountId> subject) {
  std::vector<PersonalItem> items;
  auto wanted = [&](AccountId a) { return !subject || *subject == a; };
  if (const auto* v = std::get_if<BalancesView>(&view)) {
    for (std::size_t i = 0; i < v->account_count(); ++i) {
      const auto a = AccountId(i);
      if (wanted(a) && v->personal_name(a)) {
        items.push_back(PersonalItem{a, PersonalField::display_name, v->display_name(a), v->name_offset(a), profile_epoch, {}});
      }
    }
  } else if (const auto* index = std::get_if<SearchIndexView>(&view)) {
    for (const SearchIndexView::MemoOwner& o : index->owners()) {
      if (!wanted(o.subject)) continue;
      std::string text;
      for (const std::string& w : index->words_of(o.offset)) text += (text.empty() ? "" : " ") + w;
      items.push_back(PersonalItem{o.subject, PersonalField::memo, std::move(text), o.offset, o.key_epoch, {}});
    }
  } else if (const auto* cache = std::get_if<CacheView>(&view)) {
    for (const auto& [a, e] : cache->entries()) {
      if (wanted(a) && e.personal_name) {
        items.push_back(PersonalItem{a, PersonalField::display_name, e.display_name, e.name_offset, profile_epoch, e.filled_at});
      }
    }
  } else if (const auto* marketing = std::get_if<MarketingView>(&view)) {
    for (const auto& [a, e] : marketing->entries()) {
      if (wanted(a) && !e.contact.empty()) {
        items.push_back(PersonalItem{a, PersonalField::contact, e.contact, e.offset, e.key_epoch, {}});
      }
    }
  }
  // Counters hold counts, not personal text; a view kind added later holds none until it says so.
  std::stable_sort(items.begin(), items.end(), [](const auto& x, const auto& y) { return x.subject < y.subject; });
  return items;
}

void forget(View& view, const Forgotten& forgotten) {
  for (const AccountId s : forgotten.subjects) {
    if (auto* v = std::get_if<BalancesView>(&view); v && s < v->account_count()) v->erase_subject(s);
    if (auto* v = std::get_if<SearchIndexView>(&view)) v->erase_subject(s);
    if (auto* v = std::get_if<MarketingView>(&view)) v->erase_subject(s);
  }
  if (auto* v = std::get_if<SearchIndexView>(&view); v && forgotten.epochs_before > 0) {
    v->expire_before(forgotten.epochs_before);
  }
  // A cache is not compared with a fold (see first_difference), so it needs no forgetting here.
}

std::optional<std::string> first_difference_forgetting(const View& a, const View& b, const AccountTable& accounts,
                                                       const Forgotten& forgotten) {
  auto difference = first_difference(a, b, accounts);
  if (!difference || forgotten.empty()) return difference;
  View x = a, y = b;
  forget(x, forgotten);
  forget(y, forgotten);
  return first_difference(x, y, accounts);
}

}  // namespace io::model
