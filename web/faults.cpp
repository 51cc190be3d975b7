#include "faults.h"

namespace io::web {

bool strikes_next_append(model::DiskFault fault) {
  return fault == model::DiskFault::lost_write || fault == model::DiskFault::misdirected_write;
}

const char* fault_tip(model::DiskFault fault) {
  switch (fault) {
    case model::DiskFault::bit_rot: return "A bit of the stored record flips. The disk reports nothing.";
    case model::DiskFault::latent_sector_error: return "The block holding the record can no longer be read.";
    case model::DiskFault::lost_write:
      return "The next append to this replica is acknowledged by the disk but never persisted.";
    case model::DiskFault::torn_write: return "Half a record left behind by a crash mid-write.";
    case model::DiskFault::misdirected_write: return "The next append to this replica lands one block off.";
    case model::DiskFault::misdirected_read:
      return "Reads of the block holding the record return the neighbouring block until it is rewritten.";
  }
  return "";
}

}  // namespace io::web
