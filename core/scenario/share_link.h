#pragma once
// A share link: what makes a run the run it is (a shipped scenario, the seed, the learner's
// commands with their ticks) and the tick being looked at, written as the fragment of a URL:
//
//   v=1&s=first_log.json&seed=1&t=160&c=150.crash_deriver.0.0.0.1.,200.script_continue.2.0.0.1.
//
// A run is a pure function of (scenario, seed, commands), so whoever opens the link replays the
// commands and sees exactly the world the sharer saw. Each command is seven fields separated by
// '.': tick, kind (its name), target, argument, amount, count, text. Values are percent-encoded:
// only letters, digits, '-', '_' and '~' stand for themselves, so '&', '=', ',' and '.' only
// ever separate.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/command.h"
#include "scenario/timeline.h"
#include "sim/result.h"
#include "sim/types.h"

namespace io::scenario {

struct ShareLink {
  std::string scenario;  // a shipped scenario's file name: "first_log.json"
  std::uint64_t seed = 0;
  sim::Tick tick;                        // the present the sharer was looking at
  std::vector<model::Command> commands;  // every recorded command, ticks never decreasing
  bool operator==(const ShareLink&) const = default;

  static constexpr std::uint32_t format_version = 1;
  // Far below what browsers accept in a URL; a lesson's commands number in the tens.
  static constexpr std::size_t commands_max = 4096;
  static constexpr std::size_t fragment_bytes_max = 512 * 1024;
  static constexpr std::size_t scenario_name_bytes_max = 128;
};

// The fragment (without '#') for `link`, which must satisfy what decode_share_link checks.
std::string encode_share_link(const ShareLink& link);

// Reads a fragment written by encode_share_link (a leading '#' is skipped). On failure, one line
// saying where ("c[3]", "seed") and what was expected there.
sim::Result<ShareLink, std::string> decode_share_link(std::string_view fragment);

// Replays `link`'s commands into `timeline`, which must be fresh (tick 0, no commands) and run
// `link`'s scenario and seed, then moves it to link.tick (seeking back if the commands went
// further). Returns why the link does not fit the run (a command refused, a tick the run cannot
// reach), or nullopt. On failure the timeline is left part-way and should be discarded.
std::optional<std::string> replay_share_link(Timeline& timeline, const ShareLink& link);

}  // namespace io::scenario
