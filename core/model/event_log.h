#pragma once
// The event log: the system of record of "the database turned inside out". Every write becomes
// an immutable record appended at the end, with a total order given by its offset; everything
// else (views, indexes, caches) is derived by reading it from some offset onward. Each record is
// stored on a simulated Disk with a CRC32C checksum, verified on every read, so corruption below
// the log is reported instead of being served.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/disk.h"
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

enum class LogReadError : std::uint8_t {
  beyond_end,         // no record at that offset (yet)
  unreadable,         // the disk could not return the bytes
  checksum_mismatch,  // the bytes came back, but not the bytes that were written
};
const char* to_string(LogReadError error);

struct EventLogOptions {
  DiskOptions disk;
};

class EventLog {
 public:
  explicit EventLog(EventLogOptions options = {});

  // Appends a record at the end; returns its offset. Key and payload must respect the limits.
  Offset append(Tick now, std::string_view key, std::string_view payload);

  // Reads and verifies the record at `offset`.
  sim::Result<Record, LogReadError> read(Offset offset) const;

  // The offset the next append will get: the number of records in the log.
  Offset end_offset() const { return Offset{positions_.size()}; }

  // Where the record at `offset` lives on disk (for fault injection and the UI's disk view).
  std::uint64_t disk_position(Offset offset) const;
  std::uint32_t stored_size(Offset offset) const;

  const Disk& disk() const { return disk_; }
  // Fault injection reaches the disk only through here, so the log stays the owner of its medium.
  Disk& disk_for_fault_injection() { return disk_; }

  // Limits. A key names an entity (an account, a subject): short. A payload is one event.
  static constexpr std::size_t key_bytes_max = 256;
  static constexpr std::size_t payload_bytes_max = 4096;
  // Enough for the million-event runs the benchmarks scrub, with room to spare, and small
  // enough that a browser tab never runs out of memory because of a scenario's loop.
  static constexpr std::uint64_t records_max = 8'000'000;
  // On-disk header: checksum u32, key length u16, payload length u32, offset u64, tick u64.
  static constexpr std::uint32_t header_bytes = 4 + 2 + 4 + 8 + 8;

 private:
  Disk disk_;
  std::vector<std::uint64_t> positions_;  // disk position of each record, by offset
};

}  // namespace io::model
