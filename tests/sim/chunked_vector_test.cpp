#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/chunked_vector.h"
#include "sim/prng.h"

using io::sim::ChunkedVector;

namespace {

// Small chunks, so that a few dozen elements span several of them.
using Small = ChunkedVector<std::uint64_t, 4>;

Small iota(std::uint64_t n) {
  Small v;
  for (std::uint64_t i = 0; i < n; ++i) v.push_back(i);
  return v;
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("a chunked vector keeps its elements in order across chunks") {
  Small v = iota(10);
  CHECK(v.size() == 10);
  CHECK(v.chunk_count() == 3);
  CHECK(v.front() == 0);
  CHECK(v.back() == 9);
  std::vector<std::uint64_t> seen;
  for (const std::uint64_t x : v) seen.push_back(x);
  CHECK(seen == std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(v.to_vector() == seen);
  // Random access iterators: the standard algorithms work on it as on a vector.
  CHECK(*std::lower_bound(v.begin(), v.end(), 6) == 6);
  CHECK(std::upper_bound(v.begin(), v.end(), 6) - v.begin() == 7);
  CHECK(std::binary_search(v.begin(), v.end(), 9));
  CHECK_FALSE(std::binary_search(v.begin(), v.end(), 10));
}

TEST_CASE("append is push_back of each element, across chunks, and leaves a copy's chunks alone") {
  for (std::uint64_t start = 0; start < 9; ++start) {
    for (std::uint64_t n = 0; n < 11; ++n) {
      Small appended = iota(start);
      const Small before = appended;
      std::vector<std::uint64_t> values;
      for (std::uint64_t i = 0; i < n; ++i) values.push_back(100 + i);
      appended.append(values);
      Small pushed = iota(start);
      for (const std::uint64_t x : values) pushed.push_back(x);
      CHECK(appended == pushed);
      CHECK(appended.chunk_count() == pushed.chunk_count());
      CHECK(before == iota(start));  // the copy kept its values, its last chunk too
    }
  }
}

TEST_CASE("a copy shares every chunk until one side writes, and then only that chunk is cloned") {
  Small original = iota(10);
  Small copy = original;
  CHECK(copy.chunks_shared_with(original) == 3);

  original.set(5, 50);  // chunk 1
  CHECK(original[5] == 50);
  CHECK(copy[5] == 5);  // the copy is unaffected
  CHECK(copy.chunks_shared_with(original) == 2);

  copy.mutable_at(0) = 100;  // chunk 0, written through the copy
  CHECK(copy[0] == 100);
  CHECK(original[0] == 0);  // the original is unaffected
  CHECK(copy.chunks_shared_with(original) == 1);  // only chunk 2 is still shared

  // Appending after a snapshot clones the partly filled last chunk, not the full ones.
  Small snapshot = original;
  original.push_back(10);
  original.push_back(11);
  original.push_back(12);  // starts chunk 3
  CHECK(snapshot.size() == 10);
  CHECK(snapshot.back() == 9);
  CHECK(original.size() == 13);
  CHECK(original.chunks_shared_with(snapshot) == 2);
  CHECK(snapshot.to_vector() == std::vector<std::uint64_t>{0, 1, 2, 3, 4, 50, 6, 7, 8, 9});
}

TEST_CASE("writes to an unshared chunk happen in place") {
  Small v = iota(8);
  Small other = v;
  other.clear();  // the copy lets go: every chunk has one owner again
  v.set(1, 11);
  v.set(6, 66);
  CHECK(v.to_vector() == std::vector<std::uint64_t>{0, 11, 2, 3, 4, 5, 66, 7});
}

TEST_CASE("insert shifts the tail and leaves the chunks before it shared") {
  Small v = iota(12);
  const Small before = v;
  v.insert(9, 99);
  CHECK(v.size() == 13);
  CHECK(v.to_vector() == std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 99, 9, 10, 11});
  CHECK(v.chunks_shared_with(before) == 2);
  CHECK(before.to_vector() == iota(12).to_vector());
  v.insert(v.size(), 12);  // at the end: an append
  v.insert(0, 7);
  CHECK(v.front() == 7);
  CHECK(v.back() == 12);
  Small empty;
  empty.insert(0, 3);
  CHECK(empty.to_vector() == std::vector<std::uint64_t>{3});
}

TEST_CASE("erase_if keeps the order of the rest and the chunks before the first removal") {
  Small v = iota(16);
  const Small before = v;
  CHECK(v.erase_if([](std::uint64_t x) { return x >= 9 && x % 2 == 1; }) == 4);
  CHECK(v.to_vector() == std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14});
  CHECK(v.chunks_shared_with(before) == 2);
  CHECK(before.size() == 16);
  CHECK(v.erase_if([](std::uint64_t) { return false; }) == 0);
  CHECK(v.erase_if([](std::uint64_t) { return true; }) == 12);
  CHECK(v.empty());
  CHECK(v.chunk_count() == 0);
}

TEST_CASE("truncate and pop_back drop the tail, and equality looks at values, not chunks") {
  Small v = iota(10);
  Small w = v;
  v.truncate(5);
  CHECK(v.size() == 5);
  CHECK(v.chunk_count() == 2);
  CHECK(w.size() == 10);
  v.pop_back();
  CHECK(v.back() == 3);
  // Built separately, the same values compare equal; a dropped tail left nothing behind.
  v.push_back(4);
  v.push_back(5);
  CHECK(v == iota(6));
  CHECK_FALSE(v == w);
  CHECK(w == iota(10));
}

TEST_CASE("span gives a run of elements within one chunk") {
  ChunkedVector<char, 8> text;
  for (char c : std::string("abcdefghij")) text.push_back(c);
  const auto s = text.span(2, 5);
  CHECK(std::string(s.begin(), s.end()) == "cdefg");
  const auto t = text.span(8, 2);
  CHECK(std::string(t.begin(), t.end()) == "ij");
  CHECK(text.span(3, 0).empty());
}

TEST_CASE("copies made at random moments each keep the values they were copied with") {
  // A model check: a ChunkedVector and its snapshots against std::vector copies of the same.
  io::sim::Prng prng(7);
  Small v;
  std::vector<std::uint64_t> model;
  std::vector<std::pair<Small, std::vector<std::uint64_t>>> snapshots;
  for (int step = 0; step < 2000; ++step) {
    const auto action = prng.below(10);
    if (action < 5 || model.empty()) {
      v.push_back(std::uint64_t(step));
      model.push_back(std::uint64_t(step));
    } else if (action < 8) {
      const auto i = prng.below(model.size());
      v.set(i, std::uint64_t(step) * 3);
      model[i] = std::uint64_t(step) * 3;
    } else if (action < 9) {
      const auto i = prng.below(model.size() + 1);
      v.insert(i, 7);
      model.insert(model.begin() + std::ptrdiff_t(i), 7);
    } else {
      v.pop_back();
      model.pop_back();
    }
    if (step % 97 == 0) snapshots.emplace_back(v, model);
  }
  CHECK(v.to_vector() == model);
  for (const auto& [copy, values] : snapshots) CHECK(copy.to_vector() == values);
  // The last snapshot still shares some chunks with the present: copies are not deep.
  CHECK(snapshots.back().first.chunks_shared_with(v) > 0);
}

TEST_CASE("the default chunk holds about 4 KiB, a power of two of elements") {
  CHECK(ChunkedVector<std::uint64_t>::chunk_elements == 512);
  CHECK(ChunkedVector<char>::chunk_elements == 4096);
  struct Odd {
    char bytes[24];
  };
  CHECK(ChunkedVector<Odd>::chunk_elements == 128);
}

}  // TEST_SUITE
