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

// A word of a memo being indexed: trivially constructible, so an array of them costs nothing.
struct Word {
  const char* data;
  std::size_t size;
  std::uint64_t hash;  // word_hash(view())
  std::string_view view() const { return std::string_view(data, size); }
  bool same(const Word& other) const { return hash == other.hash && view() == other.view(); }
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

// Adds `offset` to `list`. Offsets usually arrive in order, so the list grows at the end, inline;
// a redelivered one goes after its twin (upper_bound), so the list stays sorted.
[[gnu::noinline]] void insert_posting(SearchIndexView::Postings& list, std::uint64_t offset) {
  const auto at = std::size_t(std::upper_bound(list.begin(), list.end(), offset) - list.begin());
  list.insert(at, offset);
  SIM_ASSERT(at == 0 || list[at - 1] <= offset);
  SIM_ASSERT(list[at + 1] > offset);
}
inline void add_posting(SearchIndexView::Postings& list, std::uint64_t offset) {
  if (list.empty() || list.back() <= offset) [[likely]] {
    list.push_back(offset);
  } else {
    insert_posting(list, offset);
  }
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
  std::size_t distinct = 0, used = 0;
  // for_each_memo_word()'s split on spaces, written out so that a v1 word is hashed as it is
  // scanned, in one pass over the memo.
  const char* next = event.text.data();
  const char* const text_end = next + event.text.size();
  while (next < text_end) {
    while (next < text_end && *next == ' ') ++next;
    const char* const start = next;
    std::uint64_t hash = word_hash_basis;
    while (next < text_end && *next != ' ') hash = word_hash_step(hash, *next++);
    if (next == start) break;
    Word word{start, std::size_t(next - start), hash};
    if (logic_ == DeriverLogic::v2) {
      const std::size_t length = normalize_word_into(word.view(), normalized + used);
      word = Word{normalized + used, length, word_hash(std::string_view(normalized + used, length))};
      used += length;
    }
    if (word.size == 0) continue;
    // Duplicates are dropped as they come, by hash first: a memo holds few words, and a long
    // one at most text_bytes_max / 2, so this stays cheap where sorting would call memcmp often.
    bool seen = false;
    for (std::size_t i = 0; i < distinct && !seen; ++i) seen = found[i].same(word);
    if (seen) continue;
    SIM_ASSERT(distinct < std::size(found));
    found[distinct++] = word;
  }

  // As with postings, the owners usually grow at the end.
  if (distinct > 0 && (owners_.empty() || owners_.back().offset < offset.value)) {
    owners_.push_back(MemoOwner{offset.value, event.account, event.key_epoch});
  } else if (distinct > 0) {
    const auto at = std::lower_bound(owners_.begin(), owners_.end(), offset.value,
                                     [](const MemoOwner& o, std::uint64_t v) { return o.offset < v; });
    if (at == owners_.end() || at->offset != offset.value) {
      owners_.insert(at.index(), MemoOwner{offset.value, event.account, event.key_epoch});
    }
  }
  // Words already indexed gain the offset in any order (each list is its own); new words are
  // added in byte order, as the order decides which of them words_max leaves out.
  std::size_t fresh = 0;
  for (std::size_t i = 0; i < distinct; ++i) {
    const auto entry = lookup_.find(index_, found[i].view(), found[i].hash);
    if (entry == nullptr) {
      found[fresh++] = found[i];  // fresh <= i: a word already looked at
    } else {
      add_posting(entry->second, offset.value);
      ++posting_count_;
    }
  }
  if (fresh > 1) {
    std::sort(found, found + fresh, [](const Word& a, const Word& b) { return a.view() < b.view(); });
  }
  for (std::size_t i = 0; i < fresh; ++i) {
    if (index_.size() >= words_max) {
      ++words_dropped_;
      continue;
    }
    const auto it = index_.emplace(std::string(found[i].view()), Postings{}).first;
    SIM_ASSERT(it->second.empty());
    lookup_.remember(found[i].hash, *it);
    add_posting(it->second, offset.value);
    ++posting_count_;
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
    if (list.empty()) lookup_.clear();  // it may point at the entry about to go
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
