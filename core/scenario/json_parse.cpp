#include "scenario/json_parse.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "scenario/load.h"
#include "sim/assert.h"

namespace io::scenario {

using nlohmann::json;

namespace {

// An input iterator over the text that publishes how far the parser has read, so that a key can
// be given its line number. (nlohmann's callbacks say what was parsed, never where.)
class Cursor {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  Cursor(const char* at, const char** read) : at_(at), read_(read) {}
  const char& operator*() const { return *at_; }
  Cursor& operator++() {
    *read_ = ++at_;
    return *this;
  }
  Cursor operator++(int) {
    Cursor before = *this;
    ++*this;
    return before;
  }
  bool operator==(const Cursor& other) const { return at_ == other.at_; }
  bool operator!=(const Cursor& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  const char** read_;
};

// Thrown from the parser callback to stop at the first level too deep: the rest of a file that
// nests a million brackets is not worth reading.
struct TooDeep {
  std::string pointer;
};

// Follows the parser's events to know, at each key and value, its JSON pointer and the keys
// already seen in each open object. Pointers are built only when something is reported.
class Checker {
 public:
  Checker(std::string_view text, JsonReader& reader) : text_(text), read_(text.data()), counted_(text.data()), line_start_(text.data()), r_(reader) {}

  const char** read_position() { return &read_; }

  bool on_event(json::parse_event_t event, json& parsed) {
    using E = json::parse_event_t;
    switch (event) {
      case E::object_start:
      case E::array_start: open(event == E::object_start); break;
      case E::key: key(parsed.get_ref<const std::string&>()); break;
      case E::value:
        value(parsed);
        element_done();
        break;
      case E::object_end:
      case E::array_end:
        SIM_ASSERT(depth_ > 0);
        --depth_;
        element_done();
        break;
    }
    return true;
  }

 private:
  struct Position {
    std::size_t line = 1;
    std::size_t column = 0;  // in bytes, as nlohmann counts them in its own messages
  };

  struct Frame {
    bool object = false;
    std::size_t elements = 0;                    // arrays: elements completed so far
    std::string key;                             // objects: the key whose value is being read
    std::map<std::string, Position> positions;  // objects: each key seen -> where it first was
  };

  void open(bool object) {
    if (depth_ == nesting_max) throw TooDeep{pointer_here()};
    // Frames are reused as the parser goes up and down, so a long file allocates few.
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame& f = frames_[depth_++];
    f.object = object;
    f.elements = 0;
    f.key.clear();
    f.positions.clear();
    SIM_ASSERT(depth_ <= std::size_t(nesting_max));
  }

  void key(const std::string& k) {
    SIM_ASSERT(depth_ > 0);
    Frame& f = frames_[depth_ - 1];
    SIM_ASSERT(f.object);
    f.key = k;
    const Position where = position_now();
    if (k.size() > string_bytes_max) {
      r_.error(pointer_of(depth_), "expected keys of at most " + std::to_string(string_bytes_max) +
                                       " bytes, found a key of " + std::to_string(k.size()) + " bytes ending at " +
                                       to_string(where));
    }
    const auto [it, fresh] = f.positions.try_emplace(k, where);
    if (!fresh) {
      r_.error(pointer_here(), "duplicate key \"" + k + "\" at " + to_string(where) + " (first at " +
                                   to_string(it->second) + "); each key may appear once in an object");
    }
  }

  void value(const json& v) {
    if (v.is_string()) {
      const std::size_t size = v.get_ref<const std::string&>().size();
      if (size > string_bytes_max) {
        r_.reject(pointer_here(), "expected a string of at most " + std::to_string(string_bytes_max) + " bytes, found " +
                                      std::to_string(size) + " bytes");
      }
    } else if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(integer_abs_max)) {
      reject_integer(v);
    } else if (v.is_number_integer() && !v.is_number_unsigned()) {
      const std::int64_t n = v.get<std::int64_t>();
      if (n > integer_abs_max || n < -integer_abs_max) reject_integer(v);
    }
  }

  void reject_integer(const json& v) {
    r_.reject(pointer_here(), "expected an integer from " + std::to_string(-integer_abs_max) + " to " +
                                  std::to_string(integer_abs_max) + " (±2^53), found " + JsonReader::describe(v));
  }

  // A value or container just ended: in an array, the next one has the next index.
  void element_done() {
    if (depth_ > 0 && !frames_[depth_ - 1].object) ++frames_[depth_ - 1].elements;
  }

  // Line and column of the last character read (a key's closing quote). Lines are counted once,
  // as the parser moves forward, so this costs nothing per key beyond the key itself.
  Position position_now() {
    SIM_ASSERT(read_ >= counted_);
    SIM_ASSERT(read_ > text_.data());
    for (; counted_ < read_; ++counted_) {
      if (*counted_ == '\n') ++lines_, line_start_ = counted_ + 1;
    }
    return Position{lines_, std::size_t(read_ - line_start_)};
  }

  static std::string to_string(Position p) {
    return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
  }

  // The pointer of the container frames_[levels - 1] (levels == 0: the document).
  std::string pointer_of(std::size_t levels) const {
    SIM_ASSERT(levels <= depth_);
    std::string out;
    for (std::size_t i = 0; i + 1 < levels; ++i) out = step(out, frames_[i]);
    return out;
  }

  // The pointer of the key or value being parsed now.
  std::string pointer_here() const { return depth_ == 0 ? std::string() : step(pointer_of(depth_), frames_[depth_ - 1]); }

  static std::string step(const std::string& pointer, const Frame& f) {
    return f.object ? JsonReader::child(pointer, f.key) : JsonReader::child(pointer, f.elements);
  }

  std::string_view text_;
  const char* read_;     // how far the parser has read (Cursor writes it)
  const char* counted_;  // newlines before this are counted in lines_
  std::size_t lines_ = 1;
  const char* line_start_;  // the first character of line lines_
  JsonReader& r_;
  std::vector<Frame> frames_;
  std::size_t depth_ = 0;  // frames_[0, depth_) are the open containers, outermost first
};

}  // namespace

std::optional<json> parse_json(std::string_view text, JsonReader& reader) {
  if (text.size() > file_bytes_max) {
    reader.error("", "file is " + std::to_string(text.size()) + " bytes; the limit is " + std::to_string(file_bytes_max));
    return std::nullopt;
  }
  Checker checker(text, reader);
  const Cursor begin(text.data(), checker.read_position());
  const Cursor end(text.data() + text.size(), checker.read_position());
  try {
    return json::parse(begin, end, [&](int, json::parse_event_t event, json& parsed) { return checker.on_event(event, parsed); });
  } catch (const TooDeep& e) {
    reader.error(e.pointer, "nesting deeper than " + std::to_string(nesting_max) + " levels of objects and arrays");
  } catch (const json::exception& e) {
    // Parse errors (and out_of_range for numbers like 1e999). nlohmann's message already says
    // "at line L, column C"; drop its "[json.exception...]" prefix.
    std::string what = e.what();
    if (const auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    reader.error("", "not valid JSON: " + what);
  }
  return std::nullopt;
}

}  // namespace io::scenario
