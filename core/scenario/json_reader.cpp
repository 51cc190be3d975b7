#include "scenario/json_reader.h"

#include <algorithm>
#include <cmath>

#include "sim/assert.h"

namespace io::scenario {

using nlohmann::json;

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

namespace {
// A file with thousands of mistakes is reported by its first hundred; the rest add nothing.
constexpr std::size_t errors_max = 100;
}  // namespace

void JsonReader::error(const std::string& pointer, std::string message) {
  if (errors_.size() >= errors_max) return;
  if (std::find(rejected_.begin(), rejected_.end(), pointer) != rejected_.end()) return;
  errors_.push_back(LoadError{file_, pointer, std::move(message)});
}

void JsonReader::reject(const std::string& pointer, std::string message) {
  if (errors_.size() >= errors_max) return;
  error(pointer, std::move(message));
  rejected_.push_back(pointer);
  SIM_ASSERT(rejected_.size() <= errors_max);
}

bool JsonReader::full() const { return errors_.size() >= errors_max; }

std::string_view JsonReader::nearest(std::string_view word, const std::vector<std::string_view>& candidates) {
  // Suggest only near misses: a suggestion for an unrelated word would mislead.
  const std::size_t distance_max = std::max<std::size_t>(2, word.size() / 3);
  std::string_view best;
  std::size_t best_distance = SIZE_MAX;
  for (std::string_view c : candidates) {
    // The distance is at least the difference in length: no need to compute it then.
    if (std::max(word.size(), c.size()) - std::min(word.size(), c.size()) > distance_max) continue;
    const std::size_t cells = (word.size() + 1) * (c.size() + 1);
    if (cells > suggestion_cells_max - suggestion_cells_) return {};
    suggestion_cells_ += cells;
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) best_distance = d, best = c;
  }
  SIM_ASSERT(suggestion_cells_ <= suggestion_cells_max);
  // Nor one that would change every character of a short word ("c" is no typo of "to").
  if (best.empty() || best_distance > distance_max || best_distance >= word.size()) return {};
  return best;
}

std::string JsonReader::child(const std::string& pointer, std::string_view key) {
  std::string out = pointer + "/";
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string JsonReader::child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::string JsonReader::describe(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case json::value_t::string: {
      std::string s = value.get<std::string>();
      if (s.size() > 40) s = s.substr(0, 40) + "...";
      return "the string \"" + s + "\"";
    }
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "the integer " + value.dump();
    case json::value_t::number_float:
      // dump() writes infinities as null; say what the file held instead.
      return std::isfinite(value.get<double>()) ? "the number " + value.dump() : "a number out of range";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    default: return "an unsupported value";
  }
}

std::string JsonReader::describe_not_integer(const json& value) {
  std::string out = describe(value);
  if (!value.is_number_float()) return out;
  const double v = value.get<double>();
  // Only where the author plainly meant an integer: 1.0 or 1e2, not 2.5 or 1e300.
  if (std::isfinite(v) && std::trunc(v) == v && std::fabs(v) <= double(integer_abs_max)) {
    out += " (write integers without a fraction or exponent: " + json(std::int64_t(v)).dump() + ")";
  }
  return out;
}

bool JsonReader::object(const json& value, const std::string& pointer, std::initializer_list<std::string_view> known) {
  if (!value.is_object()) {
    error(pointer, "expected an object, found " + describe(value));
    return false;
  }
  for (const auto& [key, unused] : value.items()) {
    if (full()) break;
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    // An overlong key was reported while parsing (json_parse.h); it is no typo of a known one.
    if (key.size() > string_bytes_max) continue;
    std::string message = "unknown key \"" + key + "\"";
    if (const std::string_view best = nearest(key, std::vector<std::string_view>(known)); !best.empty()) {
      message += "; did you mean \"" + std::string(best) + "\"?";
    }
    error(child(pointer, key), message);
  }
  return true;
}

std::optional<std::int64_t> JsonReader::integer(const json& object, const std::string& pointer, std::string_view key,
                                                bool required, std::int64_t min, std::int64_t max) {
  SIM_ASSERT(object.is_object());
  SIM_ASSERT(min <= max);
  // No field may accept what JavaScript tools (and the JSON Schema's users) cannot represent.
  SIM_ASSERT(min >= -integer_abs_max);
  SIM_ASSERT(max <= integer_abs_max);
  const std::string where = child(pointer, key);
  const auto it = object.find(key);
  const std::string expected = "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (it == object.end()) {
    if (required) error(where, "missing required key; " + expected);
    return std::nullopt;
  }
  // (Above INT64_MAX an unsigned would wrap; it is beyond every bound the format allows.)
  if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(INT64_MAX))) {
    error(where, expected + ", found " + describe_not_integer(*it));
    return std::nullopt;
  }
  const std::int64_t v = it->get<std::int64_t>();
  if (v < min || v > max) {
    error(where, expected + ", found " + describe(*it));
    return std::nullopt;
  }
  return v;
}

std::string JsonReader::too_long(std::string_view value, std::size_t bytes_max, std::string_view why) {
  // Characters are counted as JSON Schema counts them: code points, each one byte that does not
  // continue a UTF-8 sequence (the parser has checked that the text is UTF-8).
  const auto characters = std::size_t(std::count_if(value.begin(), value.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  std::string out = "expected a string of at most " + std::to_string(bytes_max) + " bytes of UTF-8";
  if (!why.empty()) out += " (" + std::string(why) + ")";
  out += ", found " + std::to_string(value.size()) + " bytes";
  if (characters != value.size()) out += " in " + std::to_string(characters) + " characters";
  return out;
}

bool JsonReader::fits(const std::string& value, const std::string& pointer, std::size_t bytes_max, std::string_view why) {
  if (value.size() <= bytes_max) return true;
  error(pointer, too_long(value, bytes_max, why));
  return false;
}

std::optional<std::string> JsonReader::string_value(const json& value, const std::string& pointer,
                                                    std::size_t bytes_min) {
  if (!value.is_string()) {
    error(pointer, "expected a string, found " + describe(value));
    return std::nullopt;
  }
  std::string s = value.get<std::string>();
  if (!fits(s, pointer, string_bytes_max)) return std::nullopt;
  if (s.size() < bytes_min) {
    error(pointer, bytes_min == 1 ? "expected a non-empty string" : "expected a longer string");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> JsonReader::string(const json& object, const std::string& pointer, std::string_view key,
                                              bool required, std::size_t bytes_min) {
  SIM_ASSERT(object.is_object());
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) error(child(pointer, key), "missing required key; expected a string");
    return std::nullopt;
  }
  return string_value(*it, child(pointer, key), bytes_min);
}

std::optional<bool> JsonReader::boolean(const json& object, const std::string& pointer, std::string_view key,
                                       bool required) {
  SIM_ASSERT(object.is_object());
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) error(child(pointer, key), "missing required key; expected true or false");
    return std::nullopt;
  }
  if (!it->is_boolean()) {
    error(child(pointer, key), "expected true or false, found " + describe(*it));
    return std::nullopt;
  }
  return it->get<bool>();
}

std::optional<std::string> JsonReader::one_of(const json& object, const std::string& pointer, std::string_view key,
                                              bool required, std::initializer_list<std::string_view> choices) {
  SIM_ASSERT(choices.size() > 0);
  std::string list;
  for (std::string_view c : choices) list += (list.empty() ? "\"" : ", \"") + std::string(c) + "\"";
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) error(child(pointer, key), "missing required key; expected one of " + list);
    return std::nullopt;
  }
  if (it->is_string() && std::find(choices.begin(), choices.end(), it->get<std::string>()) != choices.end()) {
    return it->get<std::string>();
  }
  std::string message = "expected one of " + list + ", found " + describe(*it);
  if (it->is_string()) {
    if (const std::string_view best = nearest(it->get_ref<const std::string&>(), std::vector<std::string_view>(choices));
        !best.empty()) {
      message += "; did you mean \"" + std::string(best) + "\"?";
    }
  }
  error(child(pointer, key), std::move(message));
  return std::nullopt;
}

const json* JsonReader::array(const json& object, const std::string& pointer, std::string_view key, bool required,
                              std::size_t size_max) {
  SIM_ASSERT(object.is_object());
  const auto it = object.find(key);
  const std::string where = child(pointer, key);
  if (it == object.end()) {
    if (required) error(where, "missing required key; expected an array");
    return nullptr;
  }
  if (!it->is_array()) {
    error(where, "expected an array, found " + describe(*it));
    return nullptr;
  }
  if (it->size() > size_max) {
    error(where, "expected an array of at most " + std::to_string(size_max) + " elements, found " +
                     std::to_string(it->size()));
    return nullptr;
  }
  return &*it;
}

std::optional<std::pair<std::int64_t, std::int64_t>> JsonReader::range(const json& object, const std::string& pointer,
                                                                       std::string_view key, bool required,
                                                                       std::int64_t lo, std::int64_t hi) {
  SIM_ASSERT(object.is_object());
  SIM_ASSERT(lo >= -integer_abs_max);
  SIM_ASSERT(hi <= integer_abs_max);
  const auto it = object.find(key);
  const std::string where = child(pointer, key);
  const std::string expected = "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                               ", or a pair [min, max] of such integers";
  if (it == object.end()) {
    if (required) error(where, "missing required key; " + expected);
    return std::nullopt;
  }
  auto in_bounds = [&](const json& v) { return v.is_number_integer() && v.get<std::int64_t>() >= lo && v.get<std::int64_t>() <= hi; };
  if (in_bounds(*it)) return std::pair{it->get<std::int64_t>(), it->get<std::int64_t>()};
  if (it->is_array() && it->size() == 2) {
    // A pair: a bad element is named at its own pointer, as JSON Schema names it.
    for (std::size_t i = 0; i < 2; ++i) {
      if (in_bounds((*it)[i])) continue;
      error(child(where, i), "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) + ", found " +
                                 describe_not_integer((*it)[i]));
      return std::nullopt;
    }
    const auto a = (*it)[0].get<std::int64_t>();
    const auto b = (*it)[1].get<std::int64_t>();
    if (a <= b) return std::pair{a, b};
    error(where, "expected min <= max, found [" + std::to_string(a) + ", " + std::to_string(b) + "]");
    return std::nullopt;
  }
  error(where, expected + ", found " + describe_not_integer(*it));
  return std::nullopt;
}

}  // namespace io::scenario
