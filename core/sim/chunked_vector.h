#pragma once
// A vector whose copies share storage: elements live in fixed-size chunks held by shared_ptr, so
// copying the vector copies one pointer per chunk, and a write to a chunk that a copy still holds
// clones that chunk first (copy on write). This is what makes a World cheap to snapshot: what
// grows with history (the log's index, postings lists, tables of request IDs) is appended at the
// end and rarely rewritten, so a snapshot and the present share all but the newest chunk.
//
// Single-threaded by design, like the rest of the simulator: use_count() decides whether a chunk
// is shared, which is exact when no other thread copies or drops a ChunkedVector meanwhile.

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "sim/assert.h"

namespace io::sim {

// Elements per chunk for T: about 4 KiB of them (a power of two, so an index splits with a shift).
// Small enough that the chunk a write clones after a snapshot costs little, large enough that a
// copy of a million elements is a few thousand pointers.
template <typename T>
constexpr std::size_t chunk_elements_for() {
  return std::bit_floor(std::max<std::size_t>(1, 4096 / sizeof(T)));
}

template <typename T, std::size_t ChunkElements = chunk_elements_for<T>()>
class ChunkedVector {
  static_assert(std::has_single_bit(ChunkElements), "chunk size must be a power of two");

 public:
  using value_type = T;
  static constexpr std::size_t chunk_elements = ChunkElements;

  // Random-access iteration in index order. Valid until the vector is next changed.
  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    const_iterator() = default;
    const_iterator(const ChunkedVector* v, std::size_t i) : v_(v), i_(i) {}
    const T& operator*() const { return (*v_)[i_]; }
    const T* operator->() const { return &(*v_)[i_]; }
    const T& operator[](difference_type n) const { return (*v_)[std::size_t(difference_type(i_) + n)]; }
    const_iterator& operator++() { ++i_; return *this; }
    const_iterator operator++(int) { auto old = *this; ++i_; return old; }
    const_iterator& operator--() { --i_; return *this; }
    const_iterator operator--(int) { auto old = *this; --i_; return old; }
    const_iterator& operator+=(difference_type n) { i_ = std::size_t(difference_type(i_) + n); return *this; }
    const_iterator& operator-=(difference_type n) { i_ = std::size_t(difference_type(i_) - n); return *this; }
    friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
    friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
    friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
      return difference_type(a.i_) - difference_type(b.i_);
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.i_ == b.i_; }
    friend auto operator<=>(const const_iterator& a, const const_iterator& b) { return a.i_ <=> b.i_; }
    // The element's index in the vector.
    std::size_t index() const { return i_; }

   private:
    const ChunkedVector* v_ = nullptr;
    std::size_t i_ = 0;
  };

  ChunkedVector() = default;
  ChunkedVector(std::initializer_list<T> values) {
    for (const T& v : values) push_back(v);
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The element at `i` (< size()).
  const T& operator[](std::size_t i) const {
    SIM_ASSERT(i < size_);
    return chunks_[i / ChunkElements]->items[i % ChunkElements];
  }
  const T& front() const { return (*this)[0]; }
  const T& back() const { return (*this)[size_ - 1]; }

  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(this, size_); }

  // Appends `value`. Clones the last chunk first if a copy shares it.
  void push_back(T value) {
    // The usual case, inline: room in a last chunk that no copy shares. The rest (a new chunk, a
    // clone) is out of line, so that this stays a few instructions at every call site.
    const std::size_t in_chunk = size_ % ChunkElements;
    if (in_chunk != 0) {
      std::shared_ptr<Chunk>& last = chunks_.back();
      if (last.use_count() == 1) [[likely]] {
        last->items[in_chunk] = std::move(value);
        ++size_;
        return;
      }
    }
    push_back_slow(std::move(value));
  }
  // Appends `values` in order: push_back of each, a chunk at a time.
  void append(std::span<const T> values) {
    const std::size_t before = size_;
    std::size_t done = 0;
    while (done < values.size()) {
      const std::size_t in_chunk = size_ % ChunkElements;
      if (in_chunk == 0) chunks_.push_back(std::make_shared<Chunk>());
      const std::size_t n = std::min(ChunkElements - in_chunk, values.size() - done);
      Chunk& chunk = writable_chunk(chunks_.size() - 1);
      std::copy_n(values.begin() + std::ptrdiff_t(done), n, chunk.items.begin() + std::ptrdiff_t(in_chunk));
      size_ += n;
      done += n;
    }
    SIM_ASSERT(size_ == before + values.size());
    SIM_ASSERT(chunks_.size() == chunk_count_for(size_));
  }
  // Removes the last element.
  void pop_back() {
    SIM_ASSERT(size_ > 0);
    truncate(size_ - 1);
  }
  // Keeps the first `n` (<= size()) elements; the chunks that hold them stay shared.
  void truncate(std::size_t n) {
    SIM_ASSERT(n <= size_);
    if (n == size_) return;
    chunks_.resize(chunk_count_for(n));
    // Reset the dropped tail of the last kept chunk, so that it holds nothing it should not (and
    // the chunk stays comparable as a value). Clones the chunk if a copy shares it.
    if (n % ChunkElements != 0) {
      Chunk& last = writable_chunk(chunks_.size() - 1);
      const std::size_t kept = n % ChunkElements;
      const std::size_t used = std::min(ChunkElements, size_ - (chunks_.size() - 1) * ChunkElements);
      std::fill(last.items.begin() + std::ptrdiff_t(kept), last.items.begin() + std::ptrdiff_t(used), T{});
    }
    size_ = n;
    SIM_ASSERT(chunks_.size() == chunk_count_for(size_));
  }
  void clear() {
    chunks_.clear();
    size_ = 0;
  }

  // Replaces the element at `i` (< size()).
  void set(std::size_t i, T value) { mutable_at(i) = std::move(value); }
  // The element at `i` (< size()) for writing: its chunk is cloned first if a copy shares it.
  // The reference is valid until the vector is next changed or copied.
  T& mutable_at(std::size_t i) {
    SIM_ASSERT(i < size_);
    return writable_chunk(i / ChunkElements).items[i % ChunkElements];
  }

  // Inserts `value` before index `at` (<= size()), shifting the later elements by one: O(size() - at),
  // cheap for the usual insertion near the end. Chunks before `at`'s stay shared.
  void insert(std::size_t at, T value) {
    SIM_ASSERT(at <= size_);
    if (at == size_) {
      push_back(std::move(value));
      return;
    }
    const std::size_t before = size_;
    push_back(back());
    for (std::size_t i = size_ - 2; i > at; --i) set(i, (*this)[i - 1]);
    set(at, std::move(value));
    SIM_ASSERT(size_ == before + 1);
  }

  // Removes every element for which `remove(element)` holds, keeping the order of the rest.
  // The chunks before the first removed element stay shared. Returns how many were removed.
  template <typename Predicate>
  std::size_t erase_if(Predicate remove) {
    std::size_t first = 0;
    while (first < size_ && !remove((*this)[first])) ++first;
    if (first == size_) return 0;
    std::size_t kept = first;
    for (std::size_t i = first + 1; i < size_; ++i) {
      if (remove((*this)[i])) continue;
      if (kept != i) set(kept, (*this)[i]);
      ++kept;
    }
    const std::size_t removed = size_ - kept;
    truncate(kept);
    SIM_ASSERT(removed > 0);
    SIM_ASSERT(size_ == kept);
    return removed;
  }

  // The elements [first, first + count) as one contiguous span: they must lie within one chunk.
  std::span<const T> span(std::size_t first, std::size_t count) const {
    SIM_ASSERT(first + count <= size_);
    SIM_ASSERT(count == 0 || first / ChunkElements == (first + count - 1) / ChunkElements);
    if (count == 0) return {};
    return std::span<const T>(chunks_[first / ChunkElements]->items.data() + first % ChunkElements, count);
  }

  std::vector<T> to_vector() const {
    std::vector<T> out;
    out.reserve(size_);
    for (std::size_t c = 0; c < chunks_.size(); ++c) {
      const std::size_t n = std::min(ChunkElements, size_ - c * ChunkElements);
      out.insert(out.end(), chunks_[c]->items.begin(), chunks_[c]->items.begin() + std::ptrdiff_t(n));
    }
    return out;
  }

  // Element-wise equality; chunks both sides share are equal without looking.
  friend bool operator==(const ChunkedVector& a, const ChunkedVector& b) {
    if (a.size_ != b.size_) return false;
    for (std::size_t c = 0; c < a.chunks_.size(); ++c) {
      if (a.chunks_[c] == b.chunks_[c]) continue;
      const std::size_t n = std::min(ChunkElements, a.size_ - c * ChunkElements);
      if (!std::equal(a.chunks_[c]->items.begin(), a.chunks_[c]->items.begin() + std::ptrdiff_t(n),
                      b.chunks_[c]->items.begin())) {
        return false;
      }
    }
    return true;
  }

  // Chunks, and how many of them `other` holds too (the same chunk at the same place): for
  // snapshot-cost figures and tests.
  std::size_t chunk_count() const { return chunks_.size(); }
  std::size_t chunks_shared_with(const ChunkedVector& other) const {
    std::size_t shared = 0;
    const std::size_t n = std::min(chunks_.size(), other.chunks_.size());
    for (std::size_t c = 0; c < n; ++c) shared += chunks_[c] == other.chunks_[c] ? 1 : 0;
    return shared;
  }

 private:
  struct Chunk {
    std::array<T, ChunkElements> items{};
  };
  static std::size_t chunk_count_for(std::size_t n) { return (n + ChunkElements - 1) / ChunkElements; }
  // push_back() into a new chunk, or into a last chunk a copy shares (cloned first).
  [[gnu::noinline]] void push_back_slow(T value) {
    const std::size_t in_chunk = size_ % ChunkElements;
    if (in_chunk == 0) chunks_.push_back(std::make_shared<Chunk>());
    writable_chunk(chunks_.size() - 1).items[in_chunk] = std::move(value);
    ++size_;
    SIM_ASSERT(chunks_.size() == chunk_count_for(size_));
    SIM_ASSERT(chunks_.back().use_count() == 1);
  }
  Chunk& writable_chunk(std::size_t c) {
    SIM_ASSERT(c < chunks_.size());
    std::shared_ptr<Chunk>& chunk = chunks_[c];
    if (chunk.use_count() > 1) chunk = std::make_shared<Chunk>(*chunk);  // a copy keeps the old one
    SIM_ASSERT(chunk.use_count() == 1);
    return *chunk;
  }

  std::vector<std::shared_ptr<Chunk>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace io::sim
