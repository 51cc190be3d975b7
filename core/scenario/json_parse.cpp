#include "scenario/json_parse.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "scenario/load.h"
#include "sim/assert.h"

namespace io::scenario {

using nlohmann::json;

namespace {

// An input iterator over the text that publishes how far the parser has read, so that a key can
// be given its line and column. (nlohmann's SAX events say what was parsed, never where.)
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

struct Position {
  std::size_t line = 1;
  std::size_t column = 0;  // in bytes, as nlohmann counts them in its own messages
};

std::string to_string(Position p) { return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column); }

// A SAX handler that builds the document (as nlohmann's own DOM parser does, and like it keeping
// the last of duplicate keys) while checking the limits. It knows, at each key and value, its
// JSON pointer; pointers are built only when something is reported. (nlohmann's callback parser
// would be simpler, but it rescans a container at the end of each element it holds: quadratic.)
class CheckingParser {
 public:
  CheckingParser(std::string_view text, JsonReader& reader)
      : text_(text), read_(text.data()), counted_(text.data()), line_start_(text.data()), r_(reader) {}

  const char** read_position() { return &read_; }
  json& document() { return root_; }

  // SAX events (nlohmann's interface; each returns false to stop the parse).
  bool null() { return add(nullptr); }
  bool boolean(bool v) { return add(v); }
  bool number_integer(json::number_integer_t v) {
    if (v > integer_abs_max || v < -integer_abs_max) reject_integer(json(v));
    return add(v);
  }
  bool number_unsigned(json::number_unsigned_t v) {
    if (v > json::number_unsigned_t(integer_abs_max)) reject_integer(json(v));
    return add(v);
  }
  bool number_float(json::number_float_t v, const json::string_t&) { return add(v); }
  bool string(json::string_t& v) {
    if (v.size() > string_bytes_max) r_.reject(pointer_here(), JsonReader::too_long(v, string_bytes_max));
    return add(std::move(v));
  }
  bool binary(json::binary_t& v) { return add(std::move(v)); }  // never in JSON text

  bool start_object(std::size_t) { return open(json::value_t::object); }
  bool start_array(std::size_t) { return open(json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& k) {
    SIM_ASSERT(depth_ > 0);
    Frame& f = frames_[depth_ - 1];
    SIM_ASSERT(f.container->is_object());
    const Position where = position_now();
    auto& members = f.container->get_ref<json::object_t&>();
    // The document keeps the last value of a duplicate key, as nlohmann's own parser does.
    const auto [it, fresh] = members.try_emplace(k);
    f.slot = &it->second;
    f.key = &it->first;
    if (k.size() > string_bytes_max) {
      r_.error(pointer_of(depth_), "expected keys of at most " + std::to_string(string_bytes_max) +
                                       " bytes, found a key of " + std::to_string(k.size()) + " bytes ending at " +
                                       to_string(where));
    }
    if (fresh) {
      f.keys.push_back({f.key, where});
    } else {
      // Rare: a linear search for where the key was first is cheaper than a map on every key.
      const auto first = std::find_if(f.keys.begin(), f.keys.end(), [&](const auto& e) { return e.first == f.key; });
      SIM_ASSERT(first != f.keys.end());
      r_.error(pointer_here(), "duplicate key \"" + k + "\" at " + to_string(where) + " (first at " +
                                   to_string(first->second) + "); each key may appear once in an object");
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    // nlohmann's message says "[json.exception.parse_error.101] parse error at line L, column C:
    // ..."; drop the bracket. Other errors (out_of_range for 1e999) do not say where: add it.
    std::string what = e.what();
    if (const auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    if (what.find(" at line ") == std::string::npos) what += " at " + to_string(position_at(position));
    r_.error("", "not valid JSON: " + what);
    return false;
  }

  bool too_deep() const { return too_deep_; }

 private:
  struct Frame {
    json* container = nullptr;  // the object or array being filled (stable while it is open)
    json* slot = nullptr;       // objects: where the current key's value goes
    const std::string* key = nullptr;  // objects: the current key (in the document)
    std::size_t elements = 0;   // arrays: elements so far; the next one's index
    std::vector<std::pair<const std::string*, Position>> keys;  // objects: each key and where it first was
  };

  // Places a value where the parser is: the document, the next element of an array, or the
  // current key's value in an object. Returns where it went.
  template <class Value>
  json* place(Value&& v) {
    if (depth_ == 0) {
      root_ = json(std::forward<Value>(v));
      return &root_;
    }
    Frame& f = frames_[depth_ - 1];
    if (f.container->is_array()) {
      auto& elements = f.container->get_ref<json::array_t&>();
      elements.emplace_back(std::forward<Value>(v));
      ++f.elements;
      return &elements.back();
    }
    SIM_ASSERT(f.slot != nullptr);
    *f.slot = json(std::forward<Value>(v));
    json* at = f.slot;
    f.slot = nullptr;
    return at;
  }

  template <class Value>
  bool add(Value&& v) {
    place(std::forward<Value>(v));
    return true;
  }

  bool open(json::value_t type) {
    if (depth_ == nesting_max) {
      too_deep_ = true;
      r_.error(pointer_here(), "nesting deeper than " + std::to_string(nesting_max) + " levels of objects and arrays");
      return false;  // the rest of a file that nests a million brackets is not worth reading
    }
    // Placing the container counts it in its parent array at once, so the pointers of what is
    // inside it name it by the parent's elements - 1 (pointer_of).
    json* container = place(type);
    // Frames are reused as the parser goes up and down, so a long file allocates few. A
    // container is the last element of its parent until it closes, so `container` stays valid.
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame& f = frames_[depth_++];
    f.container = container;
    f.slot = nullptr;
    f.key = nullptr;
    f.elements = 0;
    f.keys.clear();
    SIM_ASSERT(depth_ <= nesting_max);
    return true;
  }

  bool close() {
    SIM_ASSERT(depth_ > 0);
    --depth_;
    return true;
  }

  void reject_integer(const json& v) {
    r_.reject(pointer_here(), "expected an integer from " + std::to_string(-integer_abs_max) + " to " +
                                  std::to_string(integer_abs_max) + " (±(2^53 - 1), what JavaScript holds exactly), found " + JsonReader::describe(v));
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

  // Line and column of a byte offset, for the rare parse error; counted from the start.
  Position position_at(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const std::string_view before = text_.substr(0, offset);
    const std::size_t newline = before.rfind('\n');
    return Position{std::size_t(1 + std::count(before.begin(), before.end(), '\n')),
                    newline == std::string_view::npos ? offset : offset - newline - 1};
  }

  // The pointer of the container frames_[levels - 1] (levels == 0: the document). In its parent,
  // an array's last element is the container (its index is elements - 1).
  std::string pointer_of(std::size_t levels) const {
    SIM_ASSERT(levels <= depth_);
    std::string out;
    for (std::size_t i = 0; i + 1 < levels; ++i) out = step(out, frames_[i], 1);
    return out;
  }

  // The pointer of the key or value being parsed now (not yet placed: an array's next index).
  std::string pointer_here() const {
    return depth_ == 0 ? std::string() : step(pointer_of(depth_), frames_[depth_ - 1], 0);
  }

  // One more step down from `pointer` through frame `f`: its current key, or the index of its
  // element `back` places before the next.
  static std::string step(const std::string& pointer, const Frame& f, std::size_t back) {
    if (f.container->is_object()) return JsonReader::child(pointer, f.key == nullptr ? std::string_view() : *f.key);
    SIM_ASSERT(f.elements >= back);
    return JsonReader::child(pointer, f.elements - back);
  }

  std::string_view text_;
  const char* read_;        // how far the parser has read (Cursor writes it)
  const char* counted_;     // newlines before this are counted in lines_
  std::size_t lines_ = 1;
  const char* line_start_;  // the first character of line lines_
  JsonReader& r_;
  json root_;
  std::vector<Frame> frames_;
  std::size_t depth_ = 0;  // frames_[0, depth_) are the open containers, outermost first
  bool too_deep_ = false;
};

}  // namespace

std::optional<json> parse_json(std::string_view text, JsonReader& reader) {
  if (text.size() > file_bytes_max) {
    reader.error("", "file is " + std::to_string(text.size()) + " bytes; the limit is " + std::to_string(file_bytes_max));
    return std::nullopt;
  }
  CheckingParser parser(text, reader);
  const Cursor begin(text.data(), parser.read_position());
  const Cursor end(text.data() + text.size(), parser.read_position());
  if (!json::sax_parse(begin, end, &parser)) return std::nullopt;
  SIM_ASSERT(!parser.too_deep());
  return std::move(parser.document());
}

}  // namespace io::scenario
