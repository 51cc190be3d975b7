#pragma once
// The event log: the system of record of "the database turned inside out". Every write becomes
// an immutable record appended at the end, with a total order given by its offset; everything
// else (views, indexes, caches) is derived by reading it from some offset onward.
//
// Integrity over timeliness, and "trust, but verify": each record is stored on 1 to 3 replicas,
// each on its own simulated Disk, and carries a CRC32C. The expected checksum of every record is
// also kept apart from the data, in the log's index (as ZFS keeps a block's checksum in its
// parent), so a record that is intact but in the wrong place, or the right place holding another
// record's bytes, is caught too: a checksum stored with the data cannot vouch for itself. A copy
// that fails verification is never served as if it were fine: it is repaired from a healthy
// replica, or reported lost.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/disk.h"
#include "sim/chunked_vector.h"
#include "sim/result.h"
#include "sim/types.h"

namespace io::model {

using sim::Offset;
using sim::Tick;

// One immutable entry of the log.
struct Record {
  Offset offset;
  Tick appended_at;  // simulated time of the append: derivers measure their lag in ticks by it
  std::string key;
  std::string payload;
  bool operator==(const Record&) const = default;
};

// A record read without strings of its own: the key and payload point into the caller's buffer
// (EventLog::ReadBuffer) or, for a copy known good, straight into the disk's memory, valid until
// the buffer is read into again or the log changes. What hot readers (derivers, folds, the front
// door's rebuild) use, so that reading a record allocates nothing and mostly copies nothing.
struct RecordView {
  Offset offset;
  Tick appended_at;
  std::string_view key;
  std::string_view payload;
};

enum class LogReadError : std::uint8_t {
  beyond_end,         // no record at that offset (yet)
  unreadable,         // the disk could not return the bytes (a latent sector error)
  checksum_mismatch,  // the bytes came back, but not the bytes that were written
  misplaced,          // a well-formed record, but not the one the index expects here
  replica_down,       // that replica is not running
  missing,            // that replica never received the record (it was down) and has not caught up
};
const char* to_string(LogReadError error);

struct EventLogOptions {
  DiskOptions disk;                         // every replica's disk (faults per replica below)
  std::vector<DiskFaultOptions> replica_faults;  // per replica; empty: disk.faults for all
  std::uint32_t replicas = 1;               // copies of the log, each on its own disk (1..3)
  std::uint32_t ack_replicas = 1;           // copies an append needs before it is acknowledged
  // Trust, but verify: with this off, a read returns whatever bytes the leader's disk gives back,
  // and corruption flows silently into everything derived from the log.
  bool verify_on_read = true;
  // Ticks a crashed replica stays down before it restarts and recovers.
  std::uint64_t restart_ticks = 50;
  // For seed sweeps: if > 0, the first random_fault_replicas replicas get fault rates drawn per
  // run from the seed, each class uniform in [0, random_fault_ppm_max] (replacing their faults).
  std::uint32_t random_fault_ppm_max = 0;
  std::uint32_t random_fault_replicas = 1;

  static constexpr std::uint32_t replicas_max = 3;
};

// What an append did. Not acknowledged: too few replicas were up; nothing was appended.
struct AppendResult {
  bool acknowledged = false;
  Offset offset;
};

// Where one record's copy on one replica stands.
struct CopyCheck {
  bool ok = false;
  LogReadError error = LogReadError::beyond_end;
};

enum class RepairOutcome : std::uint8_t {
  repaired,
  no_healthy_copy,  // nothing was written: the record is lost on that replica
  write_failed,     // rewritten from a healthy copy, but the rewrite was itself struck by a fault
};

// What restarting a replica found and did.
struct RecoveryReport {
  std::uint64_t torn_bytes_truncated = 0;  // an unacknowledged, half-written tail, cut off
  std::uint64_t records_caught_up = 0;     // appended while it was down, copied from a healthy replica
  std::vector<Offset> records_repaired;    // corrupt copies rewritten from a healthy replica
  std::vector<Offset> records_lost;        // corrupt here and nowhere healthy: reported, not served
};

class EventLog {
 public:
  // Limits. A key names an entity (an account, a subject): short. A payload is one event.
  static constexpr std::size_t key_bytes_max = 256;
  static constexpr std::size_t payload_bytes_max = 4096;
  // Enough for the million-event runs the benchmarks scrub, with room to spare, and small
  // enough that a browser tab never runs out of memory because of a scenario's loop.
  static constexpr std::uint64_t records_max = 8'000'000;
  // On-disk header: checksum u32, key length u16, payload length u32, offset u64, tick u64.
  static constexpr std::uint32_t header_bytes = 4 + 2 + 4 + 8 + 8;
  static constexpr std::size_t record_bytes_max = header_bytes + key_bytes_max + payload_bytes_max;
  // Room for the largest record: a reader keeps one and reads record after record into it.
  using ReadBuffer = std::array<std::uint8_t, record_bytes_max>;

  explicit EventLog(EventLogOptions options = {}, std::uint64_t seed = 0);

  // Appends a record at the end on every running replica. It is acknowledged (and counts as
  // appended) only if at least ack_replicas replicas took it; otherwise nothing changes.
  AppendResult append(Tick now, std::string_view key, std::string_view payload);

  // Reads the record at `offset` from the leader (replica 0, or the first running replica),
  // verifying it against the index unless verify_on_read is off. Never falls back silently:
  // a bad copy is an error the caller must see (and may repair()).
  sim::Result<Record, LogReadError> read(Offset offset) const;
  // Reads and verifies one replica's copy.
  sim::Result<Record, LogReadError> read_copy(std::uint32_t replica, Offset offset) const;
  // read() without allocating: the same outcome, as a view into `buffer` or into the disk's
  // memory (see RecordView), valid until the buffer is read into again or the log changes.
  sim::Result<RecordView, LogReadError> read_view(Offset offset, ReadBuffer& buffer) const;
  CopyCheck check_copy(std::uint32_t replica, Offset offset) const;
  // The first offset in [from, end) whose copy on `replica` check_copy() would have to read,
  // or `end` if none: every copy before it is known to verify (the replica is up and holds it,
  // it read back verified, and its disk has not changed near it since). A scrub skips to it.
  Offset first_unverified(std::uint32_t replica, Offset from, Offset end) const;
  // Forgets which copies have read back verified (see VerifiedCopies below), so that every read
  // verifies afresh: for tests that compare reads with and without that memory.
  void forget_verified() const;
  // The replica reads are served from: the first one up. Inline: every read asks.
  std::uint32_t leader() const {
    for (std::uint32_t r = 0; r < replicas_.size(); ++r) {
      if (replicas_[r].up) return r;
    }
    return 0;  // none is up: reads from replica 0 report replica_down
  }

  // Rewrites `replica`'s copy of `offset` from a healthy copy on another replica, block by block
  // (a drive remaps whole sectors), so other records sharing those blocks are rewritten too. Returns
  // no_healthy_copy if none exists (the record is then lost on `replica`). `also_repaired`, if
  // given, receives the other records whose copies here were bad and are now fixed.
  RepairOutcome repair(std::uint32_t replica, Offset offset, std::vector<Offset>* also_repaired = nullptr);

  // A replica's process dies. Its disk drops unsynced writes; with `torn`, it died in the middle
  // of writing: half of an unacknowledged record is left past the end of its log.
  void crash_replica(std::uint32_t replica, bool torn);
  // The byte range the last repair() rewrote (whole blocks), for the fault ledger.
  std::pair<std::uint64_t, std::uint64_t> last_rewrite() const { return last_rewrite_; }
  // It comes back: truncates a torn tail, catches up on records it missed, verifies every copy
  // and repairs what it can from healthy replicas.
  RecoveryReport restart_replica(std::uint32_t replica);
  bool replica_up(std::uint32_t replica) const { return replicas_[replica].up; }
  std::uint32_t replica_count() const { return std::uint32_t(replicas_.size()); }
  std::uint32_t running_replicas() const;
  // Records the replica holds (it may lag while down).
  Offset replica_end(std::uint32_t replica) const { return replicas_[replica].end; }
  // Whether the replica's disk holds bytes where the record at `offset` belongs (good or bad):
  // what a fault injected into that copy needs. A lagging replica, or a slot its recovery left
  // unwritten, holds none.
  bool holds_copy(std::uint32_t replica, Offset offset) const;

  // The offset the next append will get: the number of records in the log.
  Offset end_offset() const { return Offset{index_.size()}; }
  // Where the record at `offset` lives on every replica's disk, and its size.
  std::uint64_t disk_position(Offset offset) const;
  std::uint32_t stored_size(Offset offset) const;
  // The offsets whose stored bytes overlap [position, position + bytes).
  std::pair<Offset, Offset> offsets_touching(std::uint64_t position, std::uint64_t bytes) const;

  const EventLogOptions& options() const { return options_; }
  const Disk& disk(std::uint32_t replica = 0) const { return replicas_[replica].disk; }
  // Fault injection reaches a disk only through here, so the log stays the owner of its media.
  Disk& disk_for_fault_injection(std::uint32_t replica = 0) { return replicas_[replica].disk; }


 private:
  // What the log knows about each record apart from its data: the parent pointer.
  struct IndexEntry {
    std::uint64_t position;
    std::uint32_t size;
    std::uint32_t checksum;
  };
  struct Replica {
    Disk disk;
    bool up = true;
    Offset end{0};  // records this replica holds, durably
  };
  // Which copies have read back verified, per replica. Reads are a pure function of the disk, so
  // a copy that verified reads the same bytes until its disk changes near it (Disk's numbered
  // changes say where), and verifying it again would only repeat its checksum. A cache of the
  // checksum's verdict, nothing more: it never changes what a read returns. Kept up to date by
  // const reads (the UI's too), hence mutable; a snapshot copies it with the log.
  struct VerifiedCopies {
    std::uint64_t disk_changes_seen = 0;  // the disk's change_count() the bits are up to date with
    sim::ChunkedVector<std::uint64_t> bits;  // bit o: copy o verified, its disk unchanged near it since
  };
  // Forgets the verified copies on `replica` that the disk's changes since may have touched.
  // Inline for its common case, on every read: the disk has not changed since.
  void forget_changed_copies(std::uint32_t replica) const {
    if (replicas_[replica].disk.change_count() != verified_[replica].disk_changes_seen) forget_copies_changed_since(replica);
  }
  void forget_copies_changed_since(std::uint32_t replica) const;
  bool known_verified(std::uint32_t replica, Offset offset) const {
    forget_changed_copies(replica);
    const sim::ChunkedVector<std::uint64_t>& bits = verified_[replica].bits;
    const std::uint64_t word = offset.value / 64;
    return word < bits.size() && (bits[word] >> (offset.value % 64) & 1) != 0;
  }
  void note_verified(std::uint32_t replica, Offset offset) const;

  sim::Result<RecordView, LogReadError> view_copy(std::uint32_t replica, Offset offset, bool verify,
                                                  ReadBuffer& buffer) const;
  sim::Result<Record, LogReadError> decode_copy(std::uint32_t replica, Offset offset, bool verify) const;
  void write_copy(std::uint32_t replica, Offset offset, std::span<const std::uint8_t> bytes);

  EventLogOptions options_;
  std::vector<Replica> replicas_;
  // Grows with every append: copy-on-write chunks, so a snapshot shares all but the newest.
  sim::ChunkedVector<IndexEntry> index_;
  std::pair<std::uint64_t, std::uint64_t> last_rewrite_{0, 0};  // (position, bytes)
  mutable std::vector<VerifiedCopies> verified_;  // per replica
};

}  // namespace io::model
