#include "model/disk.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "sim/assert.h"

namespace io::model {

const char* to_string(DiskFault fault) {
  switch (fault) {
    case DiskFault::bit_rot: return "bit_rot";
    case DiskFault::latent_sector_error: return "latent_sector_error";
    case DiskFault::lost_write: return "lost_write";
    case DiskFault::torn_write: return "torn_write";
    case DiskFault::misdirected_write: return "misdirected_write";
    case DiskFault::misdirected_read: return "misdirected_read";
  }
  return "unknown";
}

Disk::Disk(DiskOptions options, std::uint64_t seed) : options_(options), prng_(seed) {
  SIM_ASSERT(options_.block_size_bytes > 0);
  SIM_ASSERT(chunk_bytes % options_.block_size_bytes == 0);  // a block never straddles chunks
}

Disk::Chunk& Disk::writable_chunk(std::uint64_t index) {
  if (index >= chunks_.size()) chunks_.resize(index + 1);
  auto& chunk = chunks_[index];
  if (!chunk) {
    // A fresh chunk reads as zeros without being cleared (see Chunk): `new Chunk` leaves the
    // bytes as they are, where make_shared would zero all 64 KiB.
    chunk = std::shared_ptr<Chunk>(new Chunk);
  } else if (chunk.use_count() > 1) {
    // Copy on write: a snapshot keeps the old chunk. Only its filled bytes mean anything.
    auto copy = std::shared_ptr<Chunk>(new Chunk);
    copy->filled = chunk->filled;
    std::memcpy(copy->bytes, chunk->bytes, chunk->filled);
    chunk = std::move(copy);
  }
  SIM_ASSERT(chunk.use_count() == 1);
  return *chunk;
}

void Disk::put(std::uint64_t position, std::span<const std::uint8_t> bytes) {
  SIM_ASSERT(position + bytes.size() <= options_.capacity_bytes);
  std::uint64_t done = 0;
  while (done < bytes.size()) {
    const std::uint64_t at = position + done;
    const std::uint64_t in_chunk = at % chunk_bytes;
    const std::uint64_t n = std::min<std::uint64_t>(chunk_bytes - in_chunk, bytes.size() - done);
    Chunk& chunk = writable_chunk(at / chunk_bytes);
    chunk.fill_to(in_chunk);  // a gap before the write reads as zeros (mostly there is none)
    std::memcpy(chunk.bytes + in_chunk, bytes.data() + done, n);
    chunk.filled = std::max(chunk.filled, std::uint32_t(in_chunk + n));
    done += n;
  }
}

void Disk::get(std::uint64_t position, std::span<std::uint8_t> out) const {
  std::uint64_t done = 0;
  while (done < out.size()) {
    const std::uint64_t at = position + done;
    const std::uint64_t in_chunk = at % chunk_bytes;
    const std::uint64_t n = std::min<std::uint64_t>(chunk_bytes - in_chunk, out.size() - done);
    const std::uint64_t chunk = at / chunk_bytes;
    // What was never written reads as zeros: a missing chunk, or a chunk's bytes past `filled`.
    const std::uint64_t stored = chunk < chunks_.size() && chunks_[chunk] && chunks_[chunk]->filled > in_chunk
                                     ? std::min<std::uint64_t>(n, chunks_[chunk]->filled - in_chunk)
                                     : 0;
    if (stored > 0) std::memcpy(out.data() + done, chunks_[chunk]->bytes + in_chunk, stored);
    if (stored < n) std::memset(out.data() + done + stored, 0, n - stored);
    done += n;
  }
}

void Disk::note(DiskFault kind, std::uint64_t position, std::uint64_t bytes) {
  if (fault_history_.size() >= fault_history_max) fault_history_.erase(fault_history_.begin());
  fault_history_.push_back(FaultEvent{kind, position, bytes});
  ++faults_total_;
}

void Disk::changed(std::uint64_t position) {
  const std::uint64_t block = options_.block_size_bytes;
  const std::uint64_t from = position / block * block;
  const std::uint64_t widened = from >= block ? from - block : 0;
  changed_from_ = std::min(changed_from_, widened);
  if (change_history_.size() == change_history_max) {
    change_history_.erase(change_history_.begin(), change_history_.begin() + change_history_max / 2);
  }
  change_history_.push_back(widened);
  ++change_count_;
  SIM_ASSERT(changed_from_ <= position);
  SIM_ASSERT(change_history_.size() <= change_count_);
}

std::uint64_t Disk::lowest_change_since(std::uint64_t count) const {
  SIM_ASSERT(count <= change_count_);
  const std::uint64_t since = change_count_ - count;
  if (since > change_history_.size()) return 0;  // forgotten: assume the worst
  std::uint64_t lowest = no_change;
  for (std::size_t i = change_history_.size() - since; i < change_history_.size(); ++i) {
    lowest = std::min(lowest, change_history_[i]);
  }
  return lowest;
}

void Disk::write(std::uint64_t position, std::span<const std::uint8_t> bytes) { write(position, bytes, false); }

void Disk::write_synced(std::uint64_t position, std::span<const std::uint8_t> bytes) {
  write(position, bytes, true);
  SIM_ASSERT(undo_.empty());
}

void Disk::write(std::uint64_t position, std::span<const std::uint8_t> bytes, bool synced) {
  SIM_ASSERT(position + bytes.size() <= options_.capacity_bytes);
  const std::uint32_t block = options_.block_size_bytes;
  const DiskFaultOptions& f = options_.faults;
  // Draws happen only for classes with a non-zero probability, so a fault-free disk consumes no
  // randomness and its runs equal those of a disk without this code.
  const bool lost = armed_lost_write_ || prng_.chance_ppm(f.lost_write_ppm);
  const bool misdirected = !lost && (armed_misdirected_write_ || prng_.chance_ppm(f.misdirected_write_ppm));
  armed_lost_write_ = armed_misdirected_write_ = false;
  const std::uint64_t target = misdirected ? position + block : position;
  // A clean append past the end changes no read of what was written before: it cannot clear a
  // sector error or a read misdirection there, and only a misdirected block 0 reads ahead (from
  // block 1). Every other write counts, a lost one too (the size grows all the same). Faults the
  // write draws below count by themselves.
  const bool clean_append = !lost && !misdirected && position >= size_bytes_ && position >= 2ull * block;
  if (!clean_append) changed(position);

  if (undo_.size() >= unsynced_writes_max || synced) sync();
  const std::uint64_t end = position + bytes.size();
  const std::uint64_t size_before = size_bytes_;
  if (!lost && target + bytes.size() <= options_.capacity_bytes) {
    if (!synced) {
      const std::size_t before_at = undo_bytes_.size();
      undo_bytes_.resize(before_at + bytes.size());
      get(target, std::span(undo_bytes_).subspan(before_at));
      undo_.push_back(Undo{target, before_at, bytes.size(), size_bytes_});
    }
    put(target, bytes);
    // Rewriting all of a block's data clears its sector error and read misdirection: the drive
    // remaps the sector. A partial write does not: the rest of the block is still behind the fault.
    const std::uint64_t data_end = std::max(size_bytes_, target + bytes.size());
    for (std::uint64_t b = target / block; b * block < target + bytes.size(); ++b) {
      const bool whole = target <= b * block && target + bytes.size() >= std::min((b + 1) * block, data_end);
      if (!whole) continue;
      bad_blocks_.erase(b);
      misdirected_blocks_.erase(b);
    }
  } else if (!synced) {
    undo_.push_back(Undo{position, undo_bytes_.size(), 0, size_bytes_});
  }
  // The writer believes its bytes are there: the size grows whatever happened to them.
  size_bytes_ = std::max({size_bytes_, end, misdirected ? target + bytes.size() : 0});

  if (lost || misdirected) {
    // The ledger records damage, not events: a lost or misplaced rewrite of identical bytes left
    // the intended place correct, and bytes landing beyond all data overwrote nothing.
    std::vector<std::uint8_t> now_there(bytes.size());
    get(position, now_there);
    const bool stale = !std::equal(now_there.begin(), now_there.end(), bytes.begin());
    const bool clobbered = misdirected && target < size_before;
    if (stale || clobbered) {
      const std::uint64_t from = stale ? position : target;
      const std::uint64_t to = clobbered ? target + bytes.size() : position + bytes.size();
      note(lost ? DiskFault::lost_write : DiskFault::misdirected_write, from, to - from);
    }
  } else if (!bytes.empty()) {
    if (prng_.chance_ppm(f.bit_rot_ppm)) {
      const std::uint64_t bit = prng_.below(bytes.size() * 8);
      flip_bit(position + bit / 8, std::uint8_t(bit % 8));
    } else if (prng_.chance_ppm(f.latent_sector_error_ppm)) {
      make_sector_error(position + prng_.below(bytes.size()));
    } else if (prng_.chance_ppm(f.misdirected_read_ppm)) {
      misdirect_reads(position + prng_.below(bytes.size()));
    }
  }
  SIM_ASSERT(size_bytes_ >= end);
}

void Disk::truncate(std::uint64_t size) {
  SIM_ASSERT(size <= size_bytes_);
  changed(size);
  const std::vector<std::uint8_t> zeros(size_bytes_ - size, 0);
  put(size, zeros);
  size_bytes_ = size;
  SIM_ASSERT(size_bytes_ == size);
}

void Disk::sync() {
  undo_.clear();
  undo_bytes_.clear();  // keeps its capacity
}

void Disk::crash(bool torn) {
  std::uint64_t torn_end = 0;  // end of the part of the newest write that survived, if torn
  for (std::size_t i = undo_.size(); i-- > 0;) {
    const Undo& u = undo_[i];
    std::size_t keep = 0;
    const auto before = std::span(undo_bytes_).subspan(u.before_at, u.before_size);
    if (torn && i + 1 == undo_.size() && before.size() >= 2) {
      // The newest write was in flight: its first half reached the platter, the rest did not.
      keep = before.size() / 2;
      torn_end = u.position + keep;
      note(DiskFault::torn_write, u.position, before.size());
    }
    changed(std::min(u.position, u.size_before));  // bytes put back, and the size it shrinks to
    if (!before.empty()) put(u.position + keep, before.subspan(keep));
    size_bytes_ = u.size_before;
  }
  size_bytes_ = std::max(size_bytes_, torn_end);
  undo_.clear();
  undo_bytes_.clear();
}

DiskStatus Disk::read(std::uint64_t position, std::span<std::uint8_t> out) const {
  if (position + out.size() > size_bytes_) return DiskStatus::out_of_range;
  const std::uint32_t block = options_.block_size_bytes;
  const std::uint64_t first = position / block;
  const std::uint64_t last = out.empty() ? first : (position + out.size() - 1) / block;
  for (std::uint64_t b = first; b <= last; ++b) {
    if (bad_blocks_.contains(b)) return DiskStatus::sector_error;
  }
  get(position, out);
  // A misdirected block hands back its neighbour's bytes in its place: the previous block's (the
  // next one's for block 0). Misdirected writes go the other way, one block on, so that the two
  // faults can never cancel out and hide each other.
  for (std::uint64_t b = first; b <= last; ++b) {
    if (!misdirected_blocks_.contains(b)) continue;
    const std::uint64_t from = std::max(position, b * block);
    const std::uint64_t to = std::min(position + out.size(), (b + 1) * block);
    get(b == 0 ? from + block : from - block, out.subspan(from - position, to - from));
  }
  return DiskStatus::ok;
}

bool Disk::no_block_fault_in(std::uint64_t position, std::uint64_t bytes) const {
  const std::uint64_t block = options_.block_size_bytes;
  const std::uint64_t first = position / block;
  const std::uint64_t last = bytes == 0 ? first : (position + bytes - 1) / block;
  // Faults are few: look for one in range rather than at every block of it.
  const auto in_range = [&](const std::set<std::uint64_t>& blocks) {
    const auto it = blocks.lower_bound(first);
    return it != blocks.end() && *it <= last;
  };
  return !in_range(bad_blocks_) && !in_range(misdirected_blocks_);
}

void Disk::flip_bit(std::uint64_t position, std::uint8_t bit) {
  SIM_ASSERT(position < size_bytes_);
  SIM_ASSERT(bit < 8);
  changed(position);
  Chunk& chunk = writable_chunk(position / chunk_bytes);
  chunk.fill_to(position % chunk_bytes + 1);
  chunk.bytes[position % chunk_bytes] ^= std::uint8_t(1u << bit);
  note(DiskFault::bit_rot, position, 1);
}

void Disk::make_sector_error(std::uint64_t position) {
  SIM_ASSERT(position < size_bytes_);
  const std::uint64_t block = position / options_.block_size_bytes;
  changed(position);
  bad_blocks_.insert(block);
  note(DiskFault::latent_sector_error, block * options_.block_size_bytes, options_.block_size_bytes);
}

void Disk::misdirect_reads(std::uint64_t position) {
  SIM_ASSERT(position < size_bytes_);
  const std::uint64_t block = position / options_.block_size_bytes;
  changed(position);
  misdirected_blocks_.insert(block);
  note(DiskFault::misdirected_read, block * options_.block_size_bytes, options_.block_size_bytes);
}

void Disk::arm(DiskFault fault) {
  SIM_ASSERT(fault == DiskFault::lost_write || fault == DiskFault::misdirected_write);
  if (fault == DiskFault::lost_write) armed_lost_write_ = true;
  if (fault == DiskFault::misdirected_write) armed_misdirected_write_ = true;
}

std::uint64_t Disk::block_count() const {
  return (size_bytes_ + options_.block_size_bytes - 1) / options_.block_size_bytes;
}

std::size_t Disk::chunks_shared_with(const Disk& other) const {
  std::size_t shared = 0;
  const std::size_t n = std::min(chunks_.size(), other.chunks_.size());
  for (std::size_t i = 0; i < n; ++i) shared += (chunks_[i] && chunks_[i] == other.chunks_[i]) ? 1 : 0;
  return shared;
}

}  // namespace io::model
