#pragma once
// A simulated block device: the medium under the event log. The chapter's warning that "disks
// corrupt data silently" needs a disk that can, so this one models the storage faults the most
// careful databases design against (TigerBeetle's safety notes, ZFS): bit rot, latent sector
// errors, lost writes, torn writes, misdirected writes and reads, and a crash that drops what was
// not yet synced. Each fault can be injected on command or drawn at random per operation with a
// probability in parts per million. None of them is reported by the disk: the layers above must
// verify what they read.
//
// Copying a Disk is cheap: blocks live in shared, copy-on-write chunks, so a World snapshot
// shares every chunk it did not change since the copy.

#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <span>
#include <vector>

#include "sim/prng.h"

namespace io::model {

// Random faults, each per operation, in parts per million.
struct DiskFaultOptions {
  std::uint32_t bit_rot_ppm = 0;            // per write: a random bit of the written range flips later
  std::uint32_t latent_sector_error_ppm = 0;  // per write: a written block becomes unreadable
  std::uint32_t lost_write_ppm = 0;         // per write: acknowledged, never persisted
  std::uint32_t misdirected_write_ppm = 0;  // per write: the bytes land one block off
  // Per write: reads of the written block come from the previous block until it is rewritten (a
  // controller mapping fault). Drawn at write time so that reading stays a pure function: the UI
  // reads the log every frame and must never change the simulation by looking at it.
  std::uint32_t misdirected_read_ppm = 0;
  bool operator==(const DiskFaultOptions&) const = default;
  bool any() const {
    return bit_rot_ppm | latent_sector_error_ppm | lost_write_ppm | misdirected_write_ppm | misdirected_read_ppm;
  }
};

struct DiskOptions {
  // Bytes per block: the unit of sector errors and misdirection.
  std::uint32_t block_size_bytes = 512;
  // Capacity; writing past it is a programmer error (the log checks its own bound first).
  std::uint64_t capacity_bytes = 512ull << 20;
  DiskFaultOptions faults;
};

enum class DiskStatus : std::uint8_t {
  ok,
  out_of_range,  // the read asked for bytes beyond what was ever written
  sector_error,  // a block in the range cannot be read (a latent sector error)
};

// The classes of fault, as the fault ledger and the UI name them.
enum class DiskFault : std::uint8_t {
  bit_rot,
  latent_sector_error,
  lost_write,
  torn_write,
  misdirected_write,
  misdirected_read,
};
const char* to_string(DiskFault fault);

// One fault that happened to this disk, for the simulator's omniscient fault ledger. The disk's
// users are never told; only the ledger (and so the metrics) reads this.
struct FaultEvent {
  DiskFault kind = DiskFault::bit_rot;
  std::uint64_t position = 0;  // first damaged byte
  std::uint64_t bytes = 0;     // damaged range length
  bool operator==(const FaultEvent&) const = default;
};

class Disk {
 public:
  explicit Disk(DiskOptions options = {}, std::uint64_t seed = 0);

  // Writes `bytes` at byte position `position`, possibly suffering a random fault (recorded in
  // fault_history() only). The write is volatile until sync().
  void write(std::uint64_t position, std::span<const std::uint8_t> bytes);
  // write() and sync() at once: the same write with the same faults, already durable, so it keeps
  // no copy of the bytes it replaced for a crash to put back.
  void write_synced(std::uint64_t position, std::span<const std::uint8_t> bytes);
  // Forgets everything at and after `size`: a recovering log cuts off a torn tail this way.
  void truncate(std::uint64_t size);
  // Makes every write so far durable: a crash no longer drops it.
  void sync();
  // Power loss: every write since the last sync() is undone, newest first. If `torn`, the newest
  // one persists in part: its first half survives, the rest is lost.
  void crash(bool torn);

  // Reads `out.size()` bytes at `position` into `out` (possibly from the wrong block).
  DiskStatus read(std::uint64_t position, std::span<std::uint8_t> out) const;
  // Whether reading [position, position + bytes) now returns exactly the bytes stored there: no
  // block it covers has a sector error or misdirected reads. (After a write that changed nothing
  // else, those are the bytes written.)
  bool reads_as_stored(std::uint64_t position, std::uint64_t bytes) const {
    if (position + bytes > size_bytes_) return false;
    return (bad_blocks_.empty() && misdirected_blocks_.empty()) || no_block_fault_in(position, bytes);
  }
  // What read() of [position, position + bytes) would return, where it lies in the disk's memory,
  // if it reads as stored (reads_as_stored()) and lies in one chunk; empty otherwise. Valid until
  // the disk changes.
  // Inline: every read of a copy known to verify asks, and most need nothing else.
  std::span<const std::uint8_t> stored_bytes(std::uint64_t position, std::uint64_t bytes) const {
    if (!reads_as_stored(position, bytes)) return {};
    const std::uint64_t chunk = position / chunk_bytes;
    const std::uint64_t in_chunk = position % chunk_bytes;
    if (bytes == 0 || in_chunk + bytes > chunk_bytes) return {};  // straddles two chunks
    if (chunk >= chunks_.size() || !chunks_[chunk] || in_chunk + bytes > chunks_[chunk]->filled) return {};
    return std::span<const std::uint8_t>(chunks_[chunk]->bytes + in_chunk, bytes);
  }

  // Fault injection on command; each is silent.
  void flip_bit(std::uint64_t position, std::uint8_t bit);      // bit rot at a byte
  void make_sector_error(std::uint64_t position);              // the block holding it becomes unreadable
  // The next write is lost, or lands one block later (lost_write, misdirected_write only).
  void arm(DiskFault fault);
  // Reads of the block holding `position` come from the previous block (the next for block 0)
  // until the whole block is rewritten.
  void misdirect_reads(std::uint64_t position);

  // Bytes written so far (the highest written position + 1).
  std::uint64_t size_bytes() const { return size_bytes_; }
  std::uint64_t block_count() const;
  std::uint64_t unsynced_writes() const { return undo_.size(); }
  const std::set<std::uint64_t>& bad_blocks() const { return bad_blocks_; }
  const std::set<std::uint64_t>& misdirected_blocks() const { return misdirected_blocks_; }
  const DiskOptions& options() const { return options_; }
  // Every fault so far, in order (bounded: the oldest are dropped past fault_history_max).
  const std::vector<FaultEvent>& fault_history() const { return fault_history_; }
  std::uint64_t faults_total() const { return faults_total_; }
  // Chunks this disk shares with a copy of itself (for snapshot-cost figures and tests).
  std::size_t chunks_shared_with(const Disk& other) const;

  // Change tracking for a scrubber that re-verifies only what may have changed. read() is a pure
  // function of the disk's state, so a range that read correctly keeps reading correctly until a
  // byte, sector error or read misdirection near it changes. changed_from() is the lowest byte
  // position whose reads may differ from before the last mark_unchanged() (no_change: none).
  // It covers every change but a clean append past the end, widened to start one whole block
  // early: a misdirected block 0 reads block 1, and a sector error covers a whole block, so a
  // change can reach the read of a range ending one block before it.
  std::uint64_t changed_from() const { return changed_from_; }
  void mark_unchanged() { changed_from_ = no_change; }
  static constexpr std::uint64_t no_change = UINT64_MAX;
  // The same changes, numbered, for readers that cannot mark the disk (it is const to them): one
  // that remembers change_count() when something read correctly learns from
  // lowest_change_since(that count) the lowest position whose reads may differ now (no_change:
  // none). Older changes than the history holds count as a change at position 0.
  std::uint64_t change_count() const { return change_count_; }
  std::uint64_t lowest_change_since(std::uint64_t count) const;

  // Chunk size: large enough that per-chunk bookkeeping is small, small enough that a write
  // after a snapshot copies little.
  static constexpr std::uint32_t chunk_bytes = 64u << 10;
  // Unsynced writes remembered for a crash; past this the disk syncs by itself, as a real
  // write-back cache flushes when full.
  static constexpr std::size_t unsynced_writes_max = 4096;
  static constexpr std::size_t fault_history_max = 100'000;
  // Changes remembered for lowest_change_since(). Changes are rare (faults, repairs, crashes:
  // appends do not count), and a reader asking about an older one only re-reads more than it
  // needs to; a snapshot copies this history, so it stays small.
  static constexpr std::size_t change_history_max = 256;

 private:
  // A chunk holds meaningful bytes below `filled` only; the rest reads as zeros and is never
  // looked at, so a fresh chunk needs no clearing (writes arrive mostly in order, at the end)
  // and a copy copies only what was filled.
  struct Chunk {
    std::uint32_t filled = 0;
    std::uint8_t bytes[chunk_bytes];  // left uninitialised: [filled, chunk_bytes) is garbage
    // Makes [0, end) meaningful: bytes between the old `filled` and `end` become zeros.
    void fill_to(std::uint64_t end) {
      SIM_ASSERT(end <= chunk_bytes);
      if (end <= filled) return;
      std::memset(bytes + filled, 0, end - filled);
      filled = std::uint32_t(end);
    }
  };
  struct Undo {
    std::uint64_t position;
    std::size_t before_at;     // the bytes the write replaced: undo_bytes_[before_at, +before_size)
    std::size_t before_size;
    std::uint64_t size_before;
  };
  Chunk& writable_chunk(std::uint64_t index);
  // No block of [position, position + bytes) has a sector error or misdirected reads.
  bool no_block_fault_in(std::uint64_t position, std::uint64_t bytes) const;
  void write(std::uint64_t position, std::span<const std::uint8_t> bytes, bool synced);
  void put(std::uint64_t position, std::span<const std::uint8_t> bytes);
  void get(std::uint64_t position, std::span<std::uint8_t> out) const;
  void note(DiskFault kind, std::uint64_t position, std::uint64_t bytes);
  // Reads of ranges ending after the block before `position`'s may have changed.
  void changed(std::uint64_t position);

  DiskOptions options_;
  sim::Prng prng_;
  std::vector<std::shared_ptr<Chunk>> chunks_;
  std::uint64_t size_bytes_ = 0;
  std::vector<Undo> undo_;
  // One buffer for every unsynced write's old bytes: each append is synced at once, so the same
  // capacity serves them all without an allocation per write.
  std::vector<std::uint8_t> undo_bytes_;
  std::set<std::uint64_t> bad_blocks_;          // latent sector errors, by block number
  std::set<std::uint64_t> misdirected_blocks_;  // reads of these blocks come from the next one
  bool armed_lost_write_ = false;
  bool armed_misdirected_write_ = false;
  std::vector<FaultEvent> fault_history_;
  std::uint64_t faults_total_ = 0;
  std::uint64_t changed_from_ = 0;  // everything, until a scrubber first marks the disk
  std::uint64_t change_count_ = 0;
  std::vector<std::uint64_t> change_history_;  // the newest changes' positions (widened), oldest first
};

}  // namespace io::model
