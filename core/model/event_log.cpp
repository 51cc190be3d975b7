#include "model/event_log.h"

#include <array>
#include <cstring>

#include "model/checksum.h"
#include "sim/assert.h"

namespace io::model {

namespace {

// Little-endian encoding, written out byte by byte so the layout is the same on every host.
void put_u16(std::uint8_t* p, std::uint16_t v) {
  for (int i = 0; i < 2; ++i) p[i] = std::uint8_t(v >> (8 * i));
}
void put_u32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = std::uint8_t(v >> (8 * i));
}
void put_u64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = std::uint8_t(v >> (8 * i));
}
std::uint64_t get_le(const std::uint8_t* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// The checksum covers everything after its own four bytes: lengths, offset, tick, key, payload.
std::uint32_t record_checksum(std::span<const std::uint8_t> stored) {
  return crc32c(stored.subspan(4));
}

}  // namespace

const char* to_string(LogReadError error) {
  switch (error) {
    case LogReadError::beyond_end: return "beyond_end";
    case LogReadError::unreadable: return "unreadable";
    case LogReadError::checksum_mismatch: return "checksum_mismatch";
  }
  return "unknown";
}

EventLog::EventLog(EventLogOptions options) : disk_(options.disk) {}

Offset EventLog::append(Tick now, std::string_view key, std::string_view payload) {
  SIM_ASSERT(key.size() <= key_bytes_max);
  SIM_ASSERT(payload.size() <= payload_bytes_max);
  SIM_ASSERT(positions_.size() < records_max);
  const Offset offset = end_offset();

  std::array<std::uint8_t, header_bytes + key_bytes_max + payload_bytes_max> buffer;
  std::uint8_t* p = buffer.data();
  put_u16(p + 4, std::uint16_t(key.size()));
  put_u32(p + 6, std::uint32_t(payload.size()));
  put_u64(p + 10, offset.value);
  put_u64(p + 18, now.value);
  std::memcpy(p + header_bytes, key.data(), key.size());
  std::memcpy(p + header_bytes + key.size(), payload.data(), payload.size());
  const std::size_t size = header_bytes + key.size() + payload.size();
  const std::span<const std::uint8_t> stored(p, size);
  put_u32(p, record_checksum(stored));

  const std::uint64_t position = disk_.size_bytes();
  disk_.write(position, stored);
  positions_.push_back(position);
  SIM_ASSERT(end_offset().value == offset.value + 1);
  SIM_ASSERT(disk_.size_bytes() == position + size);
  return offset;
}

std::uint64_t EventLog::disk_position(Offset offset) const {
  SIM_ASSERT(offset < end_offset());
  return positions_[offset.value];
}

std::uint32_t EventLog::stored_size(Offset offset) const {
  SIM_ASSERT(offset < end_offset());
  const std::uint64_t next =
      offset.value + 1 < positions_.size() ? positions_[offset.value + 1] : disk_.size_bytes();
  return std::uint32_t(next - positions_[offset.value]);
}

sim::Result<Record, LogReadError> EventLog::read(Offset offset) const {
  if (offset >= end_offset()) return sim::Failure{LogReadError::beyond_end};
  const std::uint32_t size = stored_size(offset);
  SIM_ASSERT(size >= header_bytes);
  std::array<std::uint8_t, header_bytes + key_bytes_max + payload_bytes_max> buffer;
  SIM_ASSERT(size <= buffer.size());
  const std::span<std::uint8_t> stored(buffer.data(), size);
  if (disk_.read(disk_position(offset), stored) != DiskStatus::ok) return sim::Failure{LogReadError::unreadable};

  const std::uint8_t* p = buffer.data();
  if (std::uint32_t(get_le(p, 4)) != record_checksum(stored)) return sim::Failure{LogReadError::checksum_mismatch};
  // Past the checksum the header is trustworthy, but the lengths must still agree with the index:
  // a record whose checksum matches yet sits at the wrong place is a bug in this file.
  const auto key_size = std::size_t(get_le(p + 4, 2));
  const auto payload_size = std::size_t(get_le(p + 6, 4));
  SIM_ASSERT(header_bytes + key_size + payload_size == size);
  SIM_ASSERT(get_le(p + 10, 8) == offset.value);

  Record record;
  record.offset = offset;
  record.appended_at = Tick{get_le(p + 18, 8)};
  record.key.assign(reinterpret_cast<const char*>(p + header_bytes), key_size);
  record.payload.assign(reinterpret_cast<const char*>(p + header_bytes + key_size), payload_size);
  return record;
}

}  // namespace io::model
