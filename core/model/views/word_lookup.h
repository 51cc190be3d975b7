#pragma once
// A small cache in front of the search index's ordered map: indexing a memo looks each of its
// words up, and a map lookup compares the word with several keys on its way down, where a memo's
// words come from a small vocabulary. The map stays the index (its order is what a search lists
// and what a comparison walks); this only remembers where some of its entries are.

#include <bit>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/assert.h"

namespace io::model {

// FNV-1a over the word's bytes: the hash WordLookup files a word under. The basis and the step
// are apart so that a scanner can hash a word as it finds it.
inline constexpr std::uint64_t word_hash_basis = 0xcbf29ce484222325ull;
inline std::uint64_t word_hash_step(std::uint64_t hash, char c) { return (hash ^ std::uint8_t(c)) * 0x100000001b3ull; }
inline std::uint64_t word_hash(std::string_view word) {
  std::uint64_t hash = word_hash_basis;
  for (const char c : word) hash = word_hash_step(hash, c);
  return hash;
}

// A hash index over some of `Map`'s entries (those looked up or inserted through it): open
// addressing with linear probing, grown to stay at most half full. It holds pointers into one
// map, so a copy or a move starts empty (the copy's map has other nodes), and clear() must follow
// any erase from the map. Every hit is checked against the key itself, so a hash collision costs
// a probe more, never a wrong answer.
template <typename Map>
class WordLookup {
 public:
  using Entry = typename Map::value_type;

  WordLookup() = default;
  WordLookup(const WordLookup&) {}
  WordLookup(WordLookup&& other) noexcept { other.clear(); }
  WordLookup& operator=(const WordLookup& other) {
    if (this != &other) clear();
    return *this;
  }
  WordLookup& operator=(WordLookup&& other) noexcept {
    if (this != &other) {
      clear();
      other.clear();
    }
    return *this;
  }

  // The entry of `map` whose key is `word` (nullptr if none), `hash` being word_hash(word).
  // Inline where it finds the word; a word it does not hold yet is asked of the map.
  Entry* find(Map& map, std::string_view word, std::uint64_t hash) {
    if (!slots_.empty()) {
      for (std::size_t i = home(hash);; i = (i + 1) & mask()) {
        const Slot& slot = slots_[i];
        if (slot.entry == nullptr) break;
        if (slot.hash == hash && slot.entry->first == word) [[likely]] return slot.entry;
      }
    }
    return find_in_map(map, word, hash);
  }
  // Remembers `entry`, just inserted into the map under a key whose word_hash is `hash`.
  void remember(std::uint64_t hash, Entry& entry) {
    SIM_ASSERT(hash == word_hash(entry.first));
    insert(hash, entry);
  }
  // Forgets every entry: the map erased some (or is another map now).
  void clear() {
    slots_ = {};
    count_ = 0;
  }

  // Entries held: for tests.
  std::size_t size() const { return count_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    Entry* entry = nullptr;  // nullptr: empty
  };
  std::size_t mask() const { return slots_.size() - 1; }
  // The slot a hash probes first: its top bits after a multiply by a large odd constant, as
  // FNV's low bits alone would send a small vocabulary to fewer slots than chance.
  std::size_t home(std::uint64_t hash) const { return std::size_t((hash * 0x9e3779b97f4a7c15ull) >> shift_); }

  [[gnu::noinline]] Entry* find_in_map(Map& map, std::string_view word, std::uint64_t hash) {
    SIM_ASSERT(hash == word_hash(word));
    const auto it = map.find(word);
    if (it == map.end()) return nullptr;
    insert(hash, *it);
    SIM_ASSERT(it->first == word);
    return &*it;
  }
  void insert(std::uint64_t hash, Entry& entry) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    std::size_t i = home(hash);
    while (slots_[i].entry != nullptr) {
      SIM_ASSERT(slots_[i].entry != &entry);  // never held twice
      i = (i + 1) & mask();
    }
    slots_[i] = Slot{hash, &entry};
    ++count_;
    SIM_ASSERT(count_ * 2 <= slots_.size());
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    const std::size_t capacity = old.empty() ? 16 : old.size() * 2;
    slots_.assign(capacity, Slot{});
    shift_ = 64 - std::countr_zero(capacity);
    count_ = 0;
    for (const Slot& slot : old) {
      if (slot.entry != nullptr) insert(slot.hash, *slot.entry);
    }
    SIM_ASSERT(std::has_single_bit(slots_.size()));
  }

  std::vector<Slot> slots_;  // a power of two of them, or none
  std::size_t count_ = 0;
  int shift_ = 64;
};

}  // namespace io::model
