#include <doctest/doctest.h>

#include <vector>

#include "model/disk.h"

using io::model::Disk;
using io::model::DiskStatus;

TEST_SUITE("model") {

TEST_CASE("bytes written across chunk boundaries read back exactly") {
  Disk d;
  std::vector<std::uint8_t> data(Disk::chunk_bytes + 100);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = std::uint8_t(i * 7);
  d.write(Disk::chunk_bytes - 50, data);
  std::vector<std::uint8_t> back(data.size());
  REQUIRE(d.read(Disk::chunk_bytes - 50, back) == DiskStatus::ok);
  CHECK(back == data);
  CHECK(d.size_bytes() == 2 * Disk::chunk_bytes + 50);
  CHECK(d.block_count() == (d.size_bytes() + 511) / 512);
}

TEST_CASE("reading past what was written is a value, not a crash") {
  Disk d;
  std::uint8_t b[4] = {1, 2, 3, 4};
  d.write(0, b);
  std::uint8_t out[8];
  CHECK(d.read(0, out) == DiskStatus::out_of_range);
}

TEST_CASE("a copy is a snapshot: later writes do not reach it, unchanged chunks are shared") {
  Disk d;
  std::vector<std::uint8_t> data(3 * Disk::chunk_bytes, 0xAB);
  d.write(0, data);
  const Disk snapshot = d;
  CHECK(d.chunks_shared_with(snapshot) == 3);
  std::uint8_t changed[1] = {0x00};
  d.write(Disk::chunk_bytes + 5, changed);
  CHECK(d.chunks_shared_with(snapshot) == 2);  // only the written chunk was copied
  std::uint8_t out[1];
  REQUIRE(snapshot.read(Disk::chunk_bytes + 5, out) == DiskStatus::ok);
  CHECK(out[0] == 0xAB);
  REQUIRE(d.read(Disk::chunk_bytes + 5, out) == DiskStatus::ok);
  CHECK(out[0] == 0x00);
}

TEST_CASE("what was never written reads as zeros, gaps and copies too, whatever the memory held") {
  // Chunks are not cleared when made: only what was written, and the gaps before it, may be read.
  // Dirty the allocator's memory first, so that a read of uncleared bytes would show.
  for (int round = 0; round < 3; ++round) {
    Disk dirty;
    std::vector<std::uint8_t> junk(2 * Disk::chunk_bytes, 0xEE);
    dirty.write(0, junk);
  }
  Disk d;
  std::uint8_t head[3] = {1, 2, 3};
  d.write(100, head);  // [0, 100) was never written
  std::uint8_t tail[2] = {7, 8};
  d.write(Disk::chunk_bytes + 4000, tail);  // a gap to the next chunk, then into it
  std::vector<std::uint8_t> all(d.size_bytes());
  REQUIRE(d.read(0, all) == DiskStatus::ok);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::uint8_t expected = i >= 100 && i < 103                           ? std::uint8_t(i - 99)
                                  : i == Disk::chunk_bytes + 4000             ? 7
                                  : i == Disk::chunk_bytes + 4001             ? 8
                                                                              : 0;
    if (all[i] != expected) {
      CHECK_MESSAGE(false, "byte " << i << " reads " << int(all[i]) << ", expected " << int(expected));
      break;
    }
  }
  // A copy of a chunk (copy on write after a snapshot) keeps what was written and the zeros.
  const Disk snapshot = d;
  d.write(50, head);
  std::vector<std::uint8_t> before(d.size_bytes()), after(d.size_bytes());
  REQUIRE(snapshot.read(0, before) == DiskStatus::ok);
  CHECK(before == all);
  REQUIRE(d.read(0, after) == DiskStatus::ok);
  CHECK(after[49] == 0);
  CHECK(after[50] == 1);
  CHECK(after[53] == 0);
  CHECK(after[100] == 1);
  // A bit flipped in never-written space flips a zero.
  d.flip_bit(Disk::chunk_bytes + 3000, 0);
  std::uint8_t flipped[1];
  REQUIRE(d.read(Disk::chunk_bytes + 3000, flipped) == DiskStatus::ok);
  CHECK(flipped[0] == 1);
}

TEST_CASE("flip_bit flips exactly one bit, silently") {
  Disk d;
  std::uint8_t b[2] = {0x0F, 0xF0};
  d.write(0, b);
  d.flip_bit(1, 3);
  std::uint8_t out[2];
  REQUIRE(d.read(0, out) == DiskStatus::ok);
  CHECK(out[0] == 0x0F);
  CHECK(out[1] == 0xF8);
}

}  // TEST_SUITE
