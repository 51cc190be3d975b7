#pragma once
// The course: scenarios/course.json puts the shipped scenarios in the order a class takes them,
// each under the chapter of the book it belongs to:
//   {"course": [{"file": "first_log.json", "chapter": "The log"}, ...]}
// It sits beside the scenarios but is not one (nor is schema.json). The scenario picker lists the
// course's scenarios first, numbered in course order, then every other scenario by name. A broken
// course file never stops the app: it falls back to name order and says what is wrong.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace io::web {

struct CourseEntry {
  std::string file;     // "first_log.json": a file name in the scenario folder
  std::string chapter;  // "The log"; may be empty
};

struct Course {
  std::vector<CourseEntry> entries;  // in course order
  // "course.json: at /course/2/file: expected a string", one line per problem. When the file
  // could not be read as a course at all, entries is empty.
  std::vector<std::string> errors;
};

// The name of the course file inside the scenario folder.
inline constexpr std::string_view course_file_name = "course.json";

// Reads the course at `path`. A missing file is an empty course without errors (name order).
Course load_course(const std::string& path);

// Whether a file of the scenario folder called `name` is a scenario: a .json file that is neither
// the JSON Schema (schema.json, *.schema.json) nor the course.
bool is_scenario_file_name(std::string_view name);

// A course longer than this is a generated file gone wrong (the picker lists every entry).
inline constexpr std::size_t course_entries_max = 256;
// course.json is a short list; a bigger file is refused before parsing.
inline constexpr std::size_t course_file_bytes_max = 64u << 10;

}  // namespace io::web
