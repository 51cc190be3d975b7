#include "model/views/search_index_view.h"

#include <algorithm>
#include <span>

#include "sim/assert.h"

namespace io::model {

namespace {

// Written out rather than std::ispunct/std::tolower, whose answers depend on the C locale.
bool ascii_punctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

// A word of a memo being indexed: trivially constructible, so an array of them costs nothing.
struct Word {
  const char* data;
  std::size_t size;
  std::string_view view() const { return std::string_view(data, size); }
};

// v2's normalisation of `word` written to `out` (room for word.size() chars); returns its length.
std::size_t normalize_word_into(std::string_view word, char* out) {
  std::size_t begin = 0;
  std::size_t end = word.size();
  while (begin < end && ascii_punctuation(word[begin])) ++begin;
  while (end > begin && ascii_punctuation(word[end - 1])) --end;
  for (std::size_t i = begin; i < end; ++i) out[i - begin] = ascii_lower(word[i]);
  SIM_ASSERT(end - begin <= word.size());
  return end - begin;
}

}  // namespace

std::string normalize_word(std::string_view word, DeriverLogic logic) {
  if (logic == DeriverLogic::v1) return std::string(word);
  SIM_ASSERT(logic == DeriverLogic::v2);
  std::string out(word.size(), '\0');
  out.resize(normalize_word_into(word, out.data()));
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

  // A memo that says "lunch lunch" is one hit for "lunch", not two. The words are views, into the
  // memo itself (v1) or into `normalized` (v2), so indexing a memo makes no string but new words.
  SIM_ASSERT(event.text.size() <= DomainEvent::text_bytes_max);
  // Both arrays are left uninitialised on purpose (trivial types): zeroing them would cost more
  // than indexing the memo.
  char normalized[DomainEvent::text_bytes_max];
  Word found[DomainEvent::text_bytes_max / 2 + 1];  // words need a space between them
  std::size_t count = 0, used = 0;
  for_each_memo_word(event.text, [&](std::string_view raw) {
    std::string_view word = raw;
    if (logic_ == DeriverLogic::v2) {
      const std::size_t length = normalize_word_into(raw, normalized + used);
      word = std::string_view(normalized + used, length);
      used += length;
    }
    SIM_ASSERT(count < std::size(found));
    if (!word.empty()) found[count++] = Word{word.data(), word.size()};
  });
  const std::span<Word> words(found, count);
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) { return a.view() < b.view(); });
  const std::size_t distinct = std::size_t(
      std::unique(words.begin(), words.end(), [](const Word& a, const Word& b) { return a.view() == b.view(); }) -
      words.begin());

  // Offsets usually arrive in order, so both the owners and each postings list grow at the end;
  // a redelivered offset goes next to its twin, which is near the end too.
  if (distinct > 0 && (owners_.empty() || owners_.back().offset < offset.value)) {
    owners_.push_back(MemoOwner{offset.value, event.account, event.key_epoch});
  } else if (distinct > 0) {
    const auto at = std::lower_bound(owners_.begin(), owners_.end(), offset.value,
                                     [](const MemoOwner& o, std::uint64_t v) { return o.offset < v; });
    if (at == owners_.end() || at->offset != offset.value) {
      owners_.insert(at.index(), MemoOwner{offset.value, event.account, event.key_epoch});
    }
  }
  for (const Word& found_word : words.first(distinct)) {
    const std::string_view word = found_word.view();
    auto it = index_.find(word);
    if (it == index_.end()) {
      if (index_.size() >= words_max) {
        ++words_dropped_;
        continue;
      }
      it = index_.emplace(std::string(word), Postings{}).first;
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
