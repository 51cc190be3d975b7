// Disk::changed_from() is the contract the incremental scrub rests on: a range that ends at or
// before it reads exactly as it did at the last mark_unchanged(), status and bytes. Checked here
// against every operation, with tiny blocks so that block 0 and 1 (the misdirected-read special
// case) and block boundaries are hit all the time.

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "model/disk.h"
#include "sim/prng.h"

using io::model::Disk;
using io::model::DiskFault;
using io::model::DiskOptions;
using io::model::DiskStatus;

namespace {

struct Reading {
  std::uint64_t position = 0;
  std::vector<std::uint8_t> bytes;
  DiskStatus status = DiskStatus::ok;
};

Reading read(const Disk& d, std::uint64_t position, std::uint64_t size) {
  Reading r{position, std::vector<std::uint8_t>(size), DiskStatus::ok};
  r.status = d.read(position, r.bytes);
  return r;
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("disk changes: what ends before changed_from() reads as it did at the mark") {
  constexpr std::uint32_t block = 16;
  std::uint64_t compared = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    DiskOptions options;
    options.block_size_bytes = block;
    options.faults.bit_rot_ppm = seed % 4 == 0 ? 100'000 : 0;
    options.faults.latent_sector_error_ppm = seed % 4 == 1 ? 100'000 : 0;
    options.faults.misdirected_read_ppm = seed % 4 == 2 ? 100'000 : 0;
    options.faults.lost_write_ppm = seed % 4 == 3 ? 50'000 : 0;
    options.faults.misdirected_write_ppm = seed % 4 == 3 ? 50'000 : 0;
    Disk d(options, seed);
    io::sim::Prng prng(seed);
    std::vector<std::uint8_t> data(40);
    // lowest_change_since() must agree with changed_from() over any stretch of rounds: here the
    // last few, whose marks' lowest changes are folded into `lowest_since_old`.
    std::uint64_t count_old = d.change_count();
    std::uint64_t lowest_since_old = 0;  // the disk starts out all changed
    for (int round = 0; round < 300; ++round) {
      if (round % 5 == 0) {
        count_old = d.change_count();
        lowest_since_old = Disk::no_change;
      }
      const std::uint64_t count_at_mark = d.change_count();
      d.mark_unchanged();
      CHECK(d.changed_from() == Disk::no_change);
      // Every range of up to 40 bytes on the written part, read now.
      std::vector<Reading> before;
      for (std::uint64_t p = 0; p < d.size_bytes(); p += 3) {
        for (std::uint64_t n = 1; n <= 40 && p + n <= d.size_bytes(); n += 7) before.push_back(read(d, p, n));
      }
      // One operation of any kind.
      for (auto& b : data) b = std::uint8_t(prng.below(256));
      const std::uint64_t size = d.size_bytes();
      const std::uint64_t n = 1 + prng.below(data.size());
      switch (prng.below(9)) {
        case 0:
        case 1: d.write(size, std::span(data.data(), n)); break;  // an append
        case 2: d.write(prng.below(size + 40), std::span(data.data(), n)); break;  // over, at or past the end
        case 3: d.sync(); break;
        case 4:
          if (size > 0) d.flip_bit(prng.below(size), std::uint8_t(prng.below(8)));
          break;
        case 5:
          if (size > 0) d.make_sector_error(prng.below(size));
          break;
        case 6:
          if (size > 0) d.misdirect_reads(prng.below(size));
          break;
        case 7:
          if (prng.below(4) == 0) {
            d.crash(prng.below(2) == 0);
          } else if (prng.below(4) == 0) {
            d.truncate(prng.below(size + 1));
          } else {
            d.arm(prng.below(2) == 0 ? DiskFault::lost_write : DiskFault::misdirected_write);
          }
          break;
        default: d.write(size, std::span(data.data(), n)); break;
      }
      // The numbered history says what changed_from() says, unless it forgot (then: everything).
      lowest_since_old = std::min(lowest_since_old, d.changed_from());
      const bool remembered = d.change_count() - count_old <= Disk::change_history_max / 2;
      CHECK(d.lowest_change_since(count_at_mark) <= d.changed_from());
      CHECK(d.lowest_change_since(count_old) <= lowest_since_old);
      if (remembered) {
        CHECK(d.lowest_change_since(count_at_mark) == d.changed_from());
        CHECK(d.lowest_change_since(count_old) == lowest_since_old);
      }
      for (const Reading& r : before) {
        if (r.position + r.bytes.size() > d.changed_from()) continue;
        const Reading now = read(d, r.position, r.bytes.size());
        ++compared;
        if (now.status == r.status && now.bytes == r.bytes) continue;
        FAIL("seed " << seed << " round " << round << ": [" << r.position << ", +" << r.bytes.size()
                     << ") changed below changed_from " << d.changed_from());
      }
      if (d.size_bytes() > 4000) {
        d.truncate(0);  // keep the disk small: blocks 0 and 1 matter most
        lowest_since_old = 0;
      }
    }
  }
  CHECK(compared > 100'000);  // the property was put to the test, not skipped
}

TEST_CASE("disk changes: a clean append past the end leaves changed_from() alone; other writes lower it") {
  DiskOptions options;
  options.block_size_bytes = 16;
  Disk d(options, 1);
  std::vector<std::uint8_t> bytes(40, 7);
  d.write(0, bytes);
  d.mark_unchanged();
  d.write(40, bytes);  // past the end, beyond block 1
  CHECK(d.changed_from() == Disk::no_change);
  d.write(70, bytes);  // over the end: a rewrite of bytes 70..79
  CHECK(d.changed_from() == 48);  // the block before 70's block
  d.mark_unchanged();
  d.flip_bit(5, 1);
  CHECK(d.changed_from() == 0);
}

}  // TEST_SUITE
