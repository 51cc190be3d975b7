#pragma once
// Strong integer types shared by the whole simulator. Time is an integer count of ticks: no
// floating point and no wall clock can decide anything, so a run is the same everywhere.

#include <compare>
#include <cstdint>

namespace io::sim {

// An integer with a tag, so that a Tick cannot be passed where an Offset is expected.
template <typename Tag, typename Rep = std::uint64_t>
struct Strong {
  Rep value{};
  constexpr auto operator<=>(const Strong&) const = default;
};

// Simulated time. One tick is the smallest step the simulation can take.
struct TickTag;
using Tick = Strong<TickTag>;
constexpr Tick operator+(Tick t, std::uint64_t ticks) { return Tick{t.value + ticks}; }

// Position of a record in the event log: 0 is the first record ever appended.
struct OffsetTag;
using Offset = Strong<OffsetTag>;

struct ClientTag;
using ClientId = Strong<ClientTag, std::uint32_t>;

}  // namespace io::sim
