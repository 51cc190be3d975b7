#pragma once
// A simulated block device: the medium under the event log. The book's point that "disks corrupt
// data silently" needs a disk that can; this one stores bytes in fixed-size blocks and exposes
// fault injection (a flipped bit today; lost, torn and misdirected writes later) so that the
// layers above must verify what they read instead of trusting it.
//
// Copying a Disk is cheap: blocks live in shared, copy-on-write chunks, so a World snapshot
// shares every chunk it did not change since the copy.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace io::model {

struct DiskOptions {
  // Bytes per block: the unit of faults (a bit flip lands in one block).
  std::uint32_t block_size_bytes = 512;
  // Capacity; writing past it is a programmer error (the log checks its own bound first).
  std::uint64_t capacity_bytes = 512ull << 20;
};

enum class DiskStatus : std::uint8_t {
  ok,
  out_of_range,  // the read asked for bytes never written
};

class Disk {
 public:
  explicit Disk(DiskOptions options = {});

  // Writes `bytes` at byte position `position`. The range may span blocks.
  void write(std::uint64_t position, std::span<const std::uint8_t> bytes);

  // Reads `out.size()` bytes at `position` into `out`.
  DiskStatus read(std::uint64_t position, std::span<std::uint8_t> out) const;

  // Fault injection, bit rot: flips bit `bit` (0..7) of the byte at `position`, silently.
  void flip_bit(std::uint64_t position, std::uint8_t bit);

  // Bytes written so far (the highest written position + 1).
  std::uint64_t size_bytes() const { return size_bytes_; }
  std::uint64_t block_count() const;
  const DiskOptions& options() const { return options_; }
  // Chunks this disk shares with a copy of itself (for snapshot-cost figures and tests).
  std::size_t chunks_shared_with(const Disk& other) const;

  // Chunk size: large enough that per-chunk bookkeeping is small, small enough that a write
  // after a snapshot copies little.
  static constexpr std::uint32_t chunk_bytes = 64u << 10;

 private:
  struct Chunk {
    std::uint8_t bytes[chunk_bytes];
  };
  Chunk& writable_chunk(std::uint64_t index);

  DiskOptions options_;
  std::vector<std::shared_ptr<Chunk>> chunks_;
  std::uint64_t size_bytes_ = 0;
};

}  // namespace io::model
