#include "model/event_log.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>

#include "model/checksum.h"
#include "sim/assert.h"
#include "sim/prng.h"

namespace io::model {

namespace {

// Little-endian encoding, so the layout is the same on every host. On a little-endian host (x86,
// WebAssembly) that is the memory layout itself, and a copy is one load or store; elsewhere the
// bytes are put in order one by one.
template <int bytes>
void put_le(std::uint8_t* p, std::uint64_t v) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(p, &v, bytes);
  } else {
    for (int i = 0; i < bytes; ++i) p[i] = std::uint8_t(v >> (8 * i));
  }
}
template <int bytes>
std::uint64_t get_le(const std::uint8_t* p) {
  std::uint64_t v = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&v, p, bytes);
  } else {
    for (int i = 0; i < bytes; ++i) v |= std::uint64_t(p[i]) << (8 * i);
  }
  return v;
}

// The checksum covers everything after its own four bytes: lengths, offset, tick, key, payload.
std::uint32_t content_checksum(std::span<const std::uint8_t> stored) { return crc32c(stored.subspan(4)); }

using Buffer = EventLog::ReadBuffer;

}  // namespace

const char* to_string(LogReadError error) {
  switch (error) {
    case LogReadError::beyond_end: return "beyond_end";
    case LogReadError::unreadable: return "unreadable";
    case LogReadError::checksum_mismatch: return "checksum_mismatch";
    case LogReadError::misplaced: return "misplaced";
    case LogReadError::replica_down: return "replica_down";
    case LogReadError::missing: return "missing";
  }
  return "unknown";
}

EventLog::EventLog(EventLogOptions options, std::uint64_t seed) : options_(std::move(options)) {
  SIM_ASSERT(options_.replicas >= 1);
  SIM_ASSERT(options_.replicas <= EventLogOptions::replicas_max);
  SIM_ASSERT(options_.ack_replicas >= 1);
  SIM_ASSERT(options_.ack_replicas <= options_.replicas);
  SIM_ASSERT(options_.replica_faults.empty() || options_.replica_faults.size() == options_.replicas);
  for (std::uint32_t r = 0; r < options_.replicas; ++r) {
    DiskOptions disk = options_.disk;
    if (!options_.replica_faults.empty()) disk.faults = options_.replica_faults[r];
    replicas_.push_back(Replica{Disk(disk, sim::derive_seed(seed, "disk/replica-" + std::to_string(r))), true, Offset{0}});
  }
  verified_.resize(replicas_.size());
}

std::uint32_t EventLog::running_replicas() const {
  std::uint32_t n = 0;
  for (const Replica& r : replicas_) n += r.up ? 1 : 0;
  return n;
}

bool EventLog::holds_copy(std::uint32_t replica, Offset offset) const {
  SIM_ASSERT(replica < replicas_.size());
  if (offset >= replicas_[replica].end) return false;
  SIM_ASSERT(offset < end_offset());
  return disk_position(offset) + stored_size(offset) <= replicas_[replica].disk.size_bytes();
}

AppendResult EventLog::append(Tick now, std::string_view key, std::string_view payload) {
  SIM_ASSERT(key.size() <= key_bytes_max);
  SIM_ASSERT(payload.size() <= payload_bytes_max);
  SIM_ASSERT(index_.size() < records_max);
  AppendResult result;
  result.offset = end_offset();
  // A quorum decision made before any write: with too few replicas up, refuse cleanly rather
  // than leave a record that some replicas hold and the log never acknowledged.
  if (running_replicas() < options_.ack_replicas) return result;

  Buffer buffer;
  std::uint8_t* p = buffer.data();
  put_le<2>(p + 4, key.size());
  put_le<4>(p + 6, payload.size());
  put_le<8>(p + 10, result.offset.value);
  put_le<8>(p + 18, now.value);
  std::memcpy(p + header_bytes, key.data(), key.size());
  std::memcpy(p + header_bytes + key.size(), payload.data(), payload.size());
  const auto size = std::uint32_t(header_bytes + key.size() + payload.size());
  const std::span<const std::uint8_t> stored(p, size);
  const std::uint32_t checksum = content_checksum(stored);
  put_le<4>(p, checksum);

  const std::uint64_t position = index_.empty() ? 0 : index_.back().position + index_.back().size;
  index_.push_back(IndexEntry{position, size, checksum});
  for (std::uint32_t r = 0; r < replicas_.size(); ++r) {
    if (!replicas_[r].up) continue;
    SIM_ASSERT(replicas_[r].end == result.offset);  // a running replica is always caught up
    write_copy(r, result.offset, stored);
  }
  result.acknowledged = true;
  SIM_ASSERT(end_offset().value == result.offset.value + 1);
  return result;
}

void EventLog::write_copy(std::uint32_t replica, Offset offset, std::span<const std::uint8_t> bytes) {
  Replica& r = replicas_[replica];
  SIM_ASSERT(offset.value < index_.size());
  SIM_ASSERT(bytes.size() == index_[offset.value].size);
  const std::uint64_t position = index_[offset.value].position;
  forget_changed_copies(replica);  // up to date with the disk before this write
  const std::uint64_t changes_before = r.disk.change_count();
  r.disk.write_synced(position, bytes);  // every append is made durable before it is acknowledged
  if (r.end.value == offset.value) r.end = Offset{offset.value + 1};
  // A write that changed nothing else on the disk (no fault struck it: each would count as a
  // change), into blocks that read as stored, reads back as written: bytes that verify, since
  // they were checksummed on the way out. Reading them back to verify would find just that.
  if (r.disk.change_count() == changes_before && r.disk.reads_as_stored(position, bytes.size())) {
    note_verified(replica, offset);
  }
}

std::uint64_t EventLog::disk_position(Offset offset) const {
  SIM_ASSERT(offset < end_offset());
  return index_[offset.value].position;
}

std::uint32_t EventLog::stored_size(Offset offset) const {
  SIM_ASSERT(offset < end_offset());
  return index_[offset.value].size;
}

std::pair<Offset, Offset> EventLog::offsets_touching(std::uint64_t position, std::uint64_t bytes) const {
  // The first record ending after `position`, through the last starting before its end.
  const auto first = std::partition_point(index_.begin(), index_.end(),
                                          [&](const IndexEntry& e) { return e.position + e.size <= position; });
  const auto last = std::partition_point(first, index_.end(),
                                         [&](const IndexEntry& e) { return e.position < position + bytes; });
  return {Offset{std::uint64_t(first - index_.begin())}, Offset{std::uint64_t(last - index_.begin())}};
}

void EventLog::forget_copies_changed_since(std::uint32_t replica) const {
  VerifiedCopies& v = verified_[replica];
  const Disk& disk = replicas_[replica].disk;
  SIM_ASSERT(disk.change_count() != v.disk_changes_seen);
  const std::uint64_t changed = disk.lowest_change_since(v.disk_changes_seen);
  v.disk_changes_seen = disk.change_count();
  if (changed == Disk::no_change) return;
  // Copies ending at or before `changed` read as they did; from the first ending after it, forget.
  const std::uint64_t first = offsets_touching(changed, 1).first.value;
  const std::size_t words = std::size_t((first + 63) / 64);
  if (words < v.bits.size()) v.bits.truncate(words);
  if (first % 64 != 0 && first / 64 < v.bits.size()) {
    v.bits.mutable_at(first / 64) &= (std::uint64_t{1} << (first % 64)) - 1;
  }
  SIM_ASSERT(v.bits.size() <= words);
}

void EventLog::forget_verified() const {
  for (VerifiedCopies& v : verified_) v = VerifiedCopies{};
}

Offset EventLog::first_unverified(std::uint32_t replica, Offset from, Offset end) const {
  SIM_ASSERT(replica < replicas_.size());
  SIM_ASSERT(end <= end_offset());
  const Replica& holder = replicas_[replica];
  // check_copy() vouches without reading only for a running replica's copies below its end.
  if (!holder.up || from >= end) return std::min(from, end);
  const Offset stop = std::min(end, holder.end);
  forget_changed_copies(replica);
  const sim::ChunkedVector<std::uint64_t>& bits = verified_[replica].bits;
  std::uint64_t o = from.value;
  // A word at a time: the first clear bit from `o` on (bits past the vector's end are clear).
  while (o < stop.value) {
    const std::uint64_t word = o / 64;
    if (word >= bits.size()) break;
    const std::uint64_t unverified = ~bits[word] & (~std::uint64_t{0} << (o % 64));
    if (unverified != 0) {
      o = word * 64 + std::uint64_t(std::countr_zero(unverified));
      break;
    }
    o = (word + 1) * 64;
  }
  // Below `stop` a clear bit; at it, the end asked for, or the replica's own end (missing copies).
  const Offset first{std::min(o, stop.value)};
  SIM_ASSERT(first == stop || !known_verified(replica, first));
  return first;
}

void EventLog::note_verified(std::uint32_t replica, Offset offset) const {
  SIM_ASSERT(offset < end_offset());
  // Called right after the verifying read, with no change to the disk in between.
  SIM_ASSERT(verified_[replica].disk_changes_seen == replicas_[replica].disk.change_count());
  sim::ChunkedVector<std::uint64_t>& bits = verified_[replica].bits;
  const std::uint64_t word = offset.value / 64;
  while (bits.size() <= word) bits.push_back(0);
  bits.mutable_at(word) |= std::uint64_t{1} << (offset.value % 64);
}

sim::Result<RecordView, LogReadError> EventLog::view_copy(std::uint32_t replica, Offset offset, bool verify,
                                                          ReadBuffer& buffer) const {
  if (offset >= end_offset()) return sim::Failure{LogReadError::beyond_end};
  const Replica& r = replicas_[replica];
  if (!r.up) return sim::Failure{LogReadError::replica_down};
  if (offset >= r.end) return sim::Failure{LogReadError::missing};
  const IndexEntry& entry = index_[offset.value];
  SIM_ASSERT(entry.size >= header_bytes);
  SIM_ASSERT(entry.size <= buffer.size());
  const bool known_good = verify && known_verified(replica, offset);
  // A copy known good reads exactly as stored (its blocks permitting): read it where it lies, in
  // the disk's own memory, rather than copying it out. Otherwise into the buffer.
  std::span<const std::uint8_t> stored =
      known_good ? r.disk.stored_bytes(entry.position, entry.size) : std::span<const std::uint8_t>{};
  if (stored.empty()) {
    const std::span<std::uint8_t> into(buffer.data(), entry.size);
    if (r.disk.read(entry.position, into) != DiskStatus::ok) {
      SIM_ASSERT(!known_good);  // a copy that verified reads the same until its disk changes near it
      return sim::Failure{LogReadError::unreadable};
    }
    stored = into;
  }
  SIM_ASSERT(stored.size() == entry.size);

  const std::uint8_t* p = stored.data();
  if (verify && !known_good) {
    const std::uint32_t content = content_checksum(stored);
    const auto stored_checksum = std::uint32_t(get_le<4>(p));
    if (content != entry.checksum) {
      // A record that vouches for itself but is not the one the index expects here came from the
      // wrong place (a misdirected write or read): only the checksum kept apart can tell.
      return sim::Failure{stored_checksum == content ? LogReadError::misplaced : LogReadError::checksum_mismatch};
    }
    // Intact content under a damaged stored checksum is still damage on the disk: report it, so
    // that every flipped bit is found and repaired rather than left to rot further.
    if (stored_checksum != entry.checksum) return sim::Failure{LogReadError::checksum_mismatch};
    note_verified(replica, offset);
  }
  // Past verification the header is trustworthy. Unverified, lengths are clamped to the stored
  // size so that garbage can mislead the reader but never make it read out of bounds.
  std::size_t key_size = std::size_t(get_le<2>(p + 4));
  key_size = std::min(key_size, std::size_t(entry.size - header_bytes));
  const std::size_t payload_size = entry.size - header_bytes - key_size;
  if (verify) {
    SIM_ASSERT(get_le<4>(p + 6) == payload_size);
    SIM_ASSERT(get_le<8>(p + 10) == offset.value);
  }
  const auto* chars = reinterpret_cast<const char*>(p + header_bytes);
  return RecordView{offset, Tick{get_le<8>(p + 18)}, std::string_view(chars, key_size),
                    std::string_view(chars + key_size, payload_size)};
}

sim::Result<Record, LogReadError> EventLog::decode_copy(std::uint32_t replica, Offset offset, bool verify) const {
  Buffer buffer;
  const auto view = view_copy(replica, offset, verify, buffer);
  if (!view.ok()) return sim::Failure{view.error()};
  const RecordView& v = view.value();
  return Record{v.offset, v.appended_at, std::string(v.key), std::string(v.payload)};
}

sim::Result<RecordView, LogReadError> EventLog::read_view(Offset offset, ReadBuffer& buffer) const {
  return view_copy(leader(), offset, options_.verify_on_read, buffer);
}

sim::Result<Record, LogReadError> EventLog::read(Offset offset) const {
  return decode_copy(leader(), offset, options_.verify_on_read);
}

sim::Result<Record, LogReadError> EventLog::read_copy(std::uint32_t replica, Offset offset) const {
  SIM_ASSERT(replica < replicas_.size());
  return decode_copy(replica, offset, true);
}

CopyCheck EventLog::check_copy(std::uint32_t replica, Offset offset) const {
  SIM_ASSERT(replica < replicas_.size());
  const Replica& holder = replicas_[replica];
  // A copy known to verify would read back fine: no need to fetch its bytes to say so.
  if (holder.up && offset < holder.end && known_verified(replica, offset)) return CopyCheck{true, LogReadError::beyond_end};
  Buffer buffer;
  const auto r = view_copy(replica, offset, true, buffer);
  return r.ok() ? CopyCheck{true, LogReadError::beyond_end} : CopyCheck{false, r.error()};
}

RepairOutcome EventLog::repair(std::uint32_t replica, Offset offset, std::vector<Offset>* also_repaired) {
  SIM_ASSERT(replica < replicas_.size());
  SIM_ASSERT(offset < end_offset());
  Replica& target = replicas_[replica];
  if (!target.up) return RepairOutcome::no_healthy_copy;
  const IndexEntry& entry = index_[offset.value];
  // The healthy copy the repair needs: without one, nothing is written.
  std::uint32_t source = 0;
  while (source < replicas_.size() && (source == replica || !check_copy(source, offset).ok)) ++source;
  if (source == replicas_.size()) return RepairOutcome::no_healthy_copy;

  // Repair whole blocks, as a drive remaps whole sectors: every record sharing a block with this
  // one is rebuilt from a healthy copy too (from this replica itself where its copy is fine).
  const std::uint32_t block = target.disk.options().block_size_bytes;
  const std::uint64_t data_end = index_.back().position + index_.back().size;
  const std::uint64_t first = entry.position / block * block;
  const std::uint64_t last = std::min(data_end, (entry.position + entry.size + block - 1) / block * block);
  std::vector<std::uint8_t> bytes(last - first, 0);
  const auto [from, to] = offsets_touching(first, last - first);
  std::vector<Offset> bad_neighbours;
  for (std::uint64_t o = from.value; o < to.value; ++o) {
    const IndexEntry& e = index_[o];
    if (o != offset.value && o < target.end.value && !check_copy(replica, Offset{o}).ok) bad_neighbours.push_back(Offset{o});
    std::uint32_t healthy = replica;
    while (healthy < replicas_.size() + replica && !check_copy(healthy % replica_count(), Offset{o}).ok) ++healthy;
    if (healthy == replicas_.size() + replica) continue;  // lost everywhere: its bytes stay zero
    Buffer record;
    const DiskStatus status = replicas_[healthy % replica_count()].disk.read(e.position, std::span(record.data(), e.size));
    SIM_ASSERT(status == DiskStatus::ok);  // check_copy just read the same bytes
    // Copy the part of the record inside [first, last).
    const std::uint64_t lo = std::max(e.position, first), hi = std::min(e.position + e.size, last);
    std::memcpy(bytes.data() + (lo - first), record.data() + (lo - e.position), hi - lo);
  }
  target.disk.write_synced(first, bytes);
  last_rewrite_ = {first, bytes.size()};
  if (target.end.value == offset.value) target.end = Offset{offset.value + 1};
  if (also_repaired != nullptr) {
    for (const Offset o : bad_neighbours) {
      if (check_copy(replica, o).ok) also_repaired->push_back(o);
    }
  }
  // The repair write can itself be struck by a fault: check again, as a real system re-reads
  // what it repaired.
  return check_copy(replica, offset).ok ? RepairOutcome::repaired : RepairOutcome::write_failed;
}

void EventLog::crash_replica(std::uint32_t replica, bool torn) {
  Replica& r = replicas_[replica];
  SIM_ASSERT(r.up);
  if (torn) {
    // It died while writing the next record, which nobody acknowledged: a plausible header and
    // the start of a body, left after the end of its log.
    Buffer buffer{};
    put_le<8>(buffer.data() + 10, end_offset().value);
    const std::uint64_t position = index_.empty() ? 0 : index_.back().position + index_.back().size;
    r.disk.write(position, std::span<const std::uint8_t>(buffer.data(), header_bytes + 32));
  }
  r.disk.crash(torn);
  r.up = false;
  SIM_ASSERT(r.disk.unsynced_writes() == 0);
}

RecoveryReport EventLog::restart_replica(std::uint32_t replica) {
  Replica& r = replicas_[replica];
  SIM_ASSERT(!r.up);
  r.up = true;
  RecoveryReport report;
  // 1. Anything past the end of the records it holds was never acknowledged: cut it off.
  const std::uint64_t held_end = r.end.value == 0 ? 0 : index_[r.end.value - 1].position + index_[r.end.value - 1].size;
  if (r.disk.size_bytes() > held_end) {
    report.torn_bytes_truncated = r.disk.size_bytes() - held_end;
    r.disk.truncate(held_end);
  }
  // 2. Catch up on what was appended while it was down, from a healthy copy elsewhere.
  while (r.end < end_offset()) {
    const Offset o = r.end;
    if (repair(replica, o, &report.records_repaired) == RepairOutcome::no_healthy_copy) {
      // No healthy copy anywhere: keep the slot (so offsets stay aligned) and report it lost.
      r.end = Offset{o.value + 1};
      report.records_lost.push_back(o);
      continue;
    }
    ++report.records_caught_up;
  }
  // 3. Scan and verify every copy it holds; repair from healthy replicas or report as lost.
  for (std::uint64_t o = 0; o < r.end.value; ++o) {
    if (check_copy(replica, Offset{o}).ok) continue;
    if (std::find(report.records_lost.begin(), report.records_lost.end(), Offset{o}) != report.records_lost.end()) continue;
    const RepairOutcome outcome = repair(replica, Offset{o}, &report.records_repaired);
    if (outcome == RepairOutcome::repaired) {
      report.records_repaired.push_back(Offset{o});
    } else if (outcome == RepairOutcome::write_failed) {
      continue;  // a healthy copy exists: the auditor's next scrub retries
    } else {
      report.records_lost.push_back(Offset{o});
    }
  }
  SIM_ASSERT(r.end == end_offset());
  return report;
}

}  // namespace io::model
