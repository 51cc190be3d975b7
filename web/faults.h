#pragma once
// The disk faults a learner may inject by command (torn writes come from a crash), shared by the
// Storage tab's form and the tape's record menu: what each does, in a sentence, and which strike
// the replica's next append rather than a record already written.

#include <array>

#include "model/disk.h"

namespace io::web {

inline constexpr std::array<model::DiskFault, 5> injectable_faults = {
    model::DiskFault::bit_rot,           model::DiskFault::latent_sector_error, model::DiskFault::lost_write,
    model::DiskFault::misdirected_write, model::DiskFault::misdirected_read,
};

// Lost and misdirected writes strike the replica's next append: no record offset applies.
bool strikes_next_append(model::DiskFault fault);
// What the fault does, for a tooltip.
const char* fault_tip(model::DiskFault fault);

}  // namespace io::web
