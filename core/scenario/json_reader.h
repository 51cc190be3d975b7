#pragma once
// Typed, checked access to a parsed JSON document, collecting every problem with its JSON pointer
// instead of stopping at the first. The loader reads a scenario through this class only, so each
// field's expectation ("an integer from 1 to 100") is stated once, where the field is read.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/load.h"

namespace io::scenario {

class JsonReader {
 public:
  JsonReader(std::string file, std::vector<LoadError>& errors) : file_(std::move(file)), errors_(errors) {}

  void error(const std::string& pointer, std::string message);
  // Reports a value that breaks one of the format's limits (json_parse.h). Later errors at the
  // same pointer are dropped: "expected an integer from 0 to 100" adds nothing to "beyond ±(2^53 - 1)".
  void reject(const std::string& pointer, std::string message);

  // Checks that `value` at `pointer` is an object whose keys are all in `known`; reports unknown
  // keys with the closest known one ("did you mean ..."). Returns false if it is not an object.
  bool object(const nlohmann::json& value, const std::string& pointer, std::initializer_list<std::string_view> known);

  // Field accessors on an object already checked by object(). A missing optional field returns
  // nullopt silently; a missing required one, or a value of the wrong type or range, is reported.
  std::optional<std::int64_t> integer(const nlohmann::json& object, const std::string& pointer, std::string_view key,
                                      bool required, std::int64_t min, std::int64_t max);
  std::optional<std::string> string(const nlohmann::json& object, const std::string& pointer, std::string_view key,
                                    bool required, std::size_t bytes_min = 0);
  // An array field; returns nullptr if missing (reported when required) or not an array.
  const nlohmann::json* array(const nlohmann::json& object, const std::string& pointer, std::string_view key,
                              bool required, std::size_t size_max);
  std::optional<bool> boolean(const nlohmann::json& object, const std::string& pointer, std::string_view key,
                              bool required);
  // A string that must be one of `choices`; the message lists them and suggests a near miss.
  std::optional<std::string> one_of(const nlohmann::json& object, const std::string& pointer, std::string_view key,
                                    bool required, std::initializer_list<std::string_view> choices);
  // A pair [min, max] of integers in [lo, hi] with min <= max; a single integer means [n, n].
  std::optional<std::pair<std::int64_t, std::int64_t>> range(const nlohmann::json& object, const std::string& pointer,
                                                             std::string_view key, bool required, std::int64_t lo,
                                                             std::int64_t hi);

  // Reports at `pointer` a string of more than `bytes_max` bytes; `why`, if given, says where the
  // limit comes from. Returns whether it fits. Limits are in bytes of UTF-8 (what the model
  // stores), JSON Schema's maxLength in characters: the message gives both counts, so that an
  // author whose editor accepted the text sees why the loader does not.
  bool fits(const std::string& value, const std::string& pointer, std::size_t bytes_max, std::string_view why = {});
  // The message fits() reports, also used while parsing (json_parse.h).
  static std::string too_long(std::string_view value, std::size_t bytes_max, std::string_view why = {});

  // Checks a JSON string value directly (for array elements).
  std::optional<std::string> string_value(const nlohmann::json& value, const std::string& pointer,
                                          std::size_t bytes_min = 0);

  // True once the error list is full: later problems are dropped, so not worth describing.
  bool full() const;

  // The candidate closest to `word` if it is a near miss (a likely typo), else "". Shared by
  // unknown keys, choices and names so that all suggest alike. Suggestions cost time in the
  // product of the lengths compared, so a file gets suggestion_cells_max of it; then no more.
  std::string_view nearest(std::string_view word, const std::vector<std::string_view>& candidates);
  // About 20 ms of edit distance: a thousand typos in names of a hundred bytes.
  static constexpr std::size_t suggestion_cells_max = 20'000'000;

  // "/a/b" + "c" -> "/a/b/c", escaping ~ and / as RFC 6901 requires.
  static std::string child(const std::string& pointer, std::string_view key);
  static std::string child(const std::string& pointer, std::size_t index);
  // A short description of a JSON value's type, for "found ..." in messages.
  static std::string describe(const nlohmann::json& value);
  // describe() for where an integer was expected: a number written with a fraction or exponent
  // (1.0, 1e2) is no integer to the loader, though JSON Schema counts it as one, so the message
  // says how to write it.
  static std::string describe_not_integer(const nlohmann::json& value);

 private:
  std::string file_;
  std::vector<LoadError>& errors_;
  std::vector<std::string> rejected_;  // pointers reported by reject(); few, so a vector
  std::size_t suggestion_cells_ = 0;   // edit-distance work spent on suggestions so far
};

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace io::scenario
