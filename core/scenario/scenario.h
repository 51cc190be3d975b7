#pragma once
// A scenario: what a teacher hands a class. It names the world to build (clients, the log), a
// default seed, how long the run lasts, and a schedule of commands (faults and client actions)
// stamped with ticks. This header is the whole format as the model sees it; load.h turns JSON
// into it, with errors an author can act on.

#include <cstdint>
#include <string>
#include <vector>

#include "model/command.h"
#include "model/world.h"
#include "scenario/script.h"

namespace io::scenario {

struct Scenario {
  std::string file;  // where it came from, for messages
  std::string title;
  std::string summary;
  std::vector<std::string> learning_goals;
  std::uint64_t seed = 1;       // default seed; a run may override it
  std::uint64_t ticks = 1000;   // length of a run: ticks [0, ticks) are simulated
  model::WorldOptions world;    // world.seed is set from the run's seed when a session starts
  std::vector<model::Command> schedule;  // sorted by tick, stable
  Script script;                         // the narrated lesson; may be empty

  // A run longer than this is a mistake in the file, not a lesson.
  static constexpr std::uint64_t ticks_max = 100'000'000;
  static constexpr std::size_t schedule_max = 100'000;
};

// The format version this build reads.
inline constexpr int format_version = 1;

}  // namespace io::scenario
