#pragma once
// Reading a scenario file. Every problem is reported with the file, a JSON pointer to the place
// (RFC 6901, e.g. /clients/2/interval_ticks) and what was expected there; all problems are
// collected, not just the first, and the caller's current scenario is never touched on failure.

#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario.h"
#include "sim/result.h"

namespace io::scenario {

struct LoadError {
  std::string file;
  std::string pointer;  // "" means the whole document
  std::string message;  // "expected ..., found ..." or a parse error with line and column
  // "FILE: at POINTER: MESSAGE" — the one line the runner and the UI print.
  std::string to_string() const;
};

using LoadResult = sim::Result<Scenario, std::vector<LoadError>>;

// Parses scenario JSON held in memory; `file` names it in errors.
LoadResult parse_scenario(std::string_view text, const std::string& file);
// Reads and parses a scenario file.
LoadResult load_scenario_file(const std::string& path);
// Reads a scenario file's text (at most file_bytes_max + 1 bytes: enough for parse_scenario to
// say it is too large), for a caller that keeps the text, as the in-app editor does.
sim::Result<std::string, std::vector<LoadError>> read_scenario_text(const std::string& path);

// A scenario file larger than this is refused before parsing.
inline constexpr std::size_t file_bytes_max = 1u << 20;
// Deeper nesting than this is never a scenario, only a mistake or an attack on the parser; it
// counts objects and arrays, the document itself being level 1.
inline constexpr std::size_t nesting_max = 64;
// Longest string accepted anywhere in a scenario (keys included).
inline constexpr std::size_t string_bytes_max = 8u << 10;
// JSON integers JavaScript tools cannot hold exactly are forbidden: beyond ±(2^53 - 1)
// (Number.MAX_SAFE_INTEGER), 2^53 + 1 already reads as 2^53, so an editor's schema check could
// not tell the two apart, and the limit must be one both sides see.
inline constexpr std::int64_t integer_abs_max = (std::int64_t{1} << 53) - 1;

}  // namespace io::scenario
