#include "model/views/search_index_view.h"

#include <algorithm>

#include "sim/assert.h"

namespace io::model {

namespace {

// Written out rather than std::ispunct/std::tolower, whose answers depend on the C locale.
bool ascii_punctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

}  // namespace

std::string normalize_word(std::string_view word, DeriverLogic logic) {
  if (logic == DeriverLogic::v1) return std::string(word);
  SIM_ASSERT(logic == DeriverLogic::v2);
  std::size_t begin = 0;
  std::size_t end = word.size();
  while (begin < end && ascii_punctuation(word[begin])) ++begin;
  while (end > begin && ascii_punctuation(word[end - 1])) --end;
  std::string out;
  out.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) out.push_back(ascii_lower(word[i]));
  SIM_ASSERT(out.size() <= word.size());
  return out;
}

SearchIndexView::SearchIndexView(DeriverLogic logic) : logic_(logic) {
  SIM_ASSERT(logic == DeriverLogic::v1 || logic == DeriverLogic::v2);
}

bool SearchIndexView::apply(sim::Offset offset, const DomainEvent& event) {
  SIM_ASSERT(offset.value < UINT64_MAX);
  const sim::Offset after{offset.value + 1};
  if (after > applied_through_) applied_through_ = after;
  if (event.kind == DomainEventKind::erasure_requested) {
    if (event.account == every_subject) {
      expire_before(std::uint32_t(std::clamp<std::int64_t>(event.amount_cents, 0, UINT32_MAX)));
    } else {
      erase_subject(event.account);
    }
    return true;
  }
  if (event.kind != DomainEventKind::transfer) return true;

  // A memo that says "lunch lunch" is one hit for "lunch", not two.
  std::vector<std::string> words;
  for (std::string_view raw : memo_words(event.text)) {
    std::string word = normalize_word(raw, logic_);
    if (!word.empty()) words.push_back(std::move(word));
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());

  // Offsets usually arrive in order, so both the owners and each postings list grow at the end;
  // a redelivered offset goes next to its twin, which is near the end too.
  if (!words.empty() && (owners_.empty() || owners_.back().offset < offset.value)) {
    owners_.push_back(MemoOwner{offset.value, event.account, event.key_epoch});
  } else if (!words.empty()) {
    const auto at = std::lower_bound(owners_.begin(), owners_.end(), offset.value,
                                     [](const MemoOwner& o, std::uint64_t v) { return o.offset < v; });
    if (at == owners_.end() || at->offset != offset.value) {
      owners_.insert(at.index(), MemoOwner{offset.value, event.account, event.key_epoch});
    }
  }
  for (std::string& word : words) {
    auto it = index_.find(word);
    if (it == index_.end()) {
      if (index_.size() >= words_max) {
        ++words_dropped_;
        continue;
      }
      it = index_.emplace(std::move(word), Postings{}).first;
    }
    Postings& list = it->second;
    // upper_bound keeps a redelivered offset after its twin, so the list stays sorted.
    const std::size_t at = list.empty() || list.back() <= offset.value
                               ? list.size()
                               : std::size_t(std::upper_bound(list.begin(), list.end(), offset.value) - list.begin());
    list.insert(at, offset.value);
    ++posting_count_;
    SIM_ASSERT(at == 0 || list[at - 1] <= offset.value);
    SIM_ASSERT(at + 1 == list.size() || list[at + 1] > offset.value);
  }
  SIM_ASSERT(index_.size() <= words_max);
  return true;
}

void SearchIndexView::erase_subject(AccountId subject) {
  std::vector<std::uint64_t> gone;
  for (const MemoOwner& o : owners_) {
    if (o.subject == subject) gone.push_back(o.offset);
  }
  owners_.erase_if([&](const MemoOwner& o) { return o.subject == subject; });
  remove_postings(gone);
}

void SearchIndexView::expire_before(std::uint32_t epoch) {
  std::vector<std::uint64_t> gone;
  for (const MemoOwner& o : owners_) {
    if (o.key_epoch < epoch) gone.push_back(o.offset);
  }
  owners_.erase_if([&](const MemoOwner& o) { return o.key_epoch < epoch; });
  remove_postings(gone);
}

void SearchIndexView::remove_postings(const std::vector<std::uint64_t>& offsets) {
  if (offsets.empty()) return;
  SIM_ASSERT(std::is_sorted(offsets.begin(), offsets.end()));
  for (auto it = index_.begin(); it != index_.end();) {
    Postings& list = it->second;
    const std::size_t before = list.size();
    list.erase_if([&](std::uint64_t o) { return std::binary_search(offsets.begin(), offsets.end(), o); });
    posting_count_ -= before - list.size();
    // A word nobody's memo holds any more is itself gone: it was part of those memos.
    it = list.empty() ? index_.erase(it) : std::next(it);
  }
}

std::vector<std::string> SearchIndexView::words_of(std::uint64_t offset) const {
  std::vector<std::string> words;
  for (const auto& [word, list] : index_) {
    if (std::binary_search(list.begin(), list.end(), offset)) words.push_back(word);
  }
  return words;
}

const SearchIndexView::Postings& SearchIndexView::query(std::string_view word) const {
  static const Postings none;
  const auto it = index_.find(normalize_word(word, logic_));
  return it == index_.end() ? none : it->second;
}

}  // namespace io::model
