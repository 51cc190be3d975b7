#pragma once
// The search index: a second, differently shaped view of the same log. The chapter's point is
// that one system of record can feed many derived representations, each optimised for its reads;
// and that when a derivation is wrong (v1 keeps "Lunch," and "lunch" apart), the fix is new code
// that reprocesses the log from the start, not a migration of the old index.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/domain_event.h"
#include "model/views/view_kind.h"
#include "model/views/word_lookup.h"
#include "sim/chunked_vector.h"
#include "sim/types.h"

namespace io::model {

// The index key `word` becomes under `logic`. v1: unchanged (case-sensitive, punctuation kept).
// v2: ASCII letters lowercased, leading and trailing ASCII punctuation stripped; may be empty.
std::string normalize_word(std::string_view word, DeriverLogic logic);

class SearchIndexView {
 public:
  // Log offsets, ascending. Postings grow with the log, and a snapshot copies every view:
  // copy-on-write chunks let the copy share all but the newest chunk of each list.
  using Postings = sim::ChunkedVector<std::uint64_t>;

  explicit SearchIndexView(DeriverLogic logic = DeriverLogic::v1);

  // Indexes a transfer's memo: each distinct normalised word (empty ones dropped) gains
  // `offset`, and the offset remembers whose memo it was (the payer, its data subject) and the
  // key epoch it was sealed with. erasure_requested removes a subject's memos, or for
  // every_subject (retention) the memos of key epochs below amount_cents. Other events change
  // nothing. Always returns true (the index names no accounts it must know).
  // applied_through() becomes at least offset + 1. Applying the same record twice (naive
  // redelivery) lists its offset twice: a search then shows the transfer twice.
  bool apply(sim::Offset offset, const DomainEvent& event);
  // The kinds whose text apply() reads: a reader may leave the others' empty.
  static constexpr KindSet text_kinds = kind_set(DomainEventKind::transfer);
  // Removes every memo of `subject`, as its erasure would.
  void erase_subject(AccountId subject);
  // Removes every memo sealed in a key epoch below `epoch`, as a retention sweep would.
  void expire_before(std::uint32_t epoch);

  sim::Offset applied_through() const { return applied_through_; }
  DeriverLogic logic() const { return logic_; }

  // Offsets of the transfers whose memo contains `word`, normalised as this view's logic
  // normalises memo words; an empty list if none.
  const Postings& query(std::string_view word) const;
  // The whole index, word by word in byte order.
  // Word -> postings; std::less<> lets a memo's words be looked up as string_views, without
  // making a string of each.
  using Index = std::map<std::string, Postings, std::less<>>;
  const Index& postings() const { return index_; }
  std::size_t word_count() const { return index_.size(); }
  // Total entries across all postings lists.
  std::uint64_t posting_count() const { return posting_count_; }
  // New words not indexed because the index already held words_max of them.
  std::uint64_t words_dropped() const { return words_dropped_; }

  // Whose memo an indexed offset holds: the index's personal data, by the person it is about.
  struct MemoOwner {
    std::uint64_t offset = 0;
    AccountId subject = 0;
    std::uint32_t key_epoch = 0;  // of the memo's key in the log (0 if it was not sealed)
    bool operator==(const MemoOwner&) const = default;
  };
  // One per indexed offset, ascending by offset.
  using Owners = sim::ChunkedVector<MemoOwner>;
  const Owners& owners() const { return owners_; }
  // The indexed words of the memo at `offset`, in byte order (empty if none).
  std::vector<std::string> words_of(std::uint64_t offset) const;

  // Distinct words indexed, at most: a memo holds at most DomainEvent::text_bytes_max bytes, but
  // a long log of random memos could otherwise grow the index without bound in a browser tab.
  static constexpr std::size_t words_max = 1u << 16;

 private:
  // Removes `offsets` (ascending) from every postings list, and words left with none.
  void remove_postings(const std::vector<std::uint64_t>& offsets);

  DeriverLogic logic_;
  sim::Offset applied_through_{0};
  Index index_;
  // Where some of index_'s words are, to look a memo's words up without walking the map; emptied
  // by a copy and by remove_postings().
  WordLookup<Index> lookup_;
  std::uint64_t posting_count_ = 0;
  std::uint64_t words_dropped_ = 0;
  Owners owners_;
};

}  // namespace io::model
