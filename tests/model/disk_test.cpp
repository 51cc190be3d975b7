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
