#include "course.h"

#include <fstream>
#include <iterator>

#include "scenario/json_parse.h"
#include "scenario/json_reader.h"

namespace io::web {

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool is_scenario_file_name(std::string_view name) {
  return ends_with(name, ".json") && !ends_with(name, ".schema.json") && name != "schema.json" &&
         name != course_file_name;
}

Course load_course(const std::string& path) {
  Course course;
  std::ifstream in(path, std::ios::binary);
  if (!in) return course;  // no course: every scenario by name
  std::string text;
  text.resize(course_file_bytes_max + 1);
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(std::size_t(in.gcount()));
  const std::string file(course_file_name);
  if (text.size() > course_file_bytes_max) {
    course.errors.push_back(file + ": larger than " + std::to_string(course_file_bytes_max / 1024) + " KB");
    return course;
  }

  // The same parser and checked reader as scenarios, so errors read alike (file, pointer, what).
  std::vector<scenario::LoadError> errors;
  scenario::JsonReader reader(file, errors);
  const std::optional<nlohmann::json> document = scenario::parse_json(text, reader);
  if (document && reader.object(*document, "", {"course"})) {
    if (const nlohmann::json* list = reader.array(*document, "", "course", true, course_entries_max)) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string pointer = scenario::JsonReader::child("/course", i);
        const nlohmann::json& entry = (*list)[i];
        if (!reader.object(entry, pointer, {"file", "chapter"})) continue;
        const std::optional<std::string> name = reader.string(entry, pointer, "file", true, 1);
        const std::optional<std::string> chapter = reader.string(entry, pointer, "chapter", false);
        if (name && (!is_scenario_file_name(*name) || name->find('/') != std::string::npos)) {
          reader.error(scenario::JsonReader::child(pointer, "file"),
                       "expected the name of a scenario file (\"first_log.json\"), found \"" + *name + "\"");
          continue;
        }
        if (name) course.entries.push_back({*name, chapter.value_or("")});
      }
    }
  }
  if (!errors.empty()) {
    course.entries.clear();
    for (const scenario::LoadError& error : errors) course.errors.push_back(error.to_string());
  }
  return course;
}

}  // namespace io::web
