#include "model/decoded_records.h"

#include "model/views/view.h"
#include "sim/assert.h"

namespace io::model {

std::optional<DecodedRecords::Decoded> DecodedRecords::read(const EventLog& log, const KeyStore* keys,
                                                            sim::Offset offset) {
  SIM_ASSERT(offset.value != UINT64_MAX);
  const std::uint32_t leader = log.leader();
  const Basis basis{offset.value, leader, log.disk(leader).change_count(), keys,
                    keys == nullptr ? 0 : keys->generation()};
  Entry& entry = entries_[offset.value % slots];
  if (entry.basis == basis) {
    ++hits_;
    return Decoded{entry.decoded ? &entry.event : nullptr};
  }
  const auto record = log.read_view(offset, buffer_);
  if (!record.ok()) return std::nullopt;
  SIM_ASSERT(record.value().offset == offset);
  entry.decoded = read_event_into(record.value().payload, keys, entry.event);
  // Reading changes nothing a read depends on (it may only note that the copy verified).
  SIM_ASSERT(log.disk(leader).change_count() == basis.disk_changes && log.leader() == leader);
  entry.basis = basis;
  ++fills_;
  return Decoded{entry.decoded ? &entry.event : nullptr};
}

void DecodedRecords::clear() {
  for (Entry& entry : entries_) entry.basis = Basis{};
}

}  // namespace io::model
