#pragma once
// Parsing scenario text into a JSON document while enforcing what a JSON parser lets through but
// the format forbids: duplicate keys (nlohmann keeps the last one silently, so an author's first
// value would vanish), nesting beyond nesting_max, keys and strings beyond string_bytes_max, and
// integers beyond ±integer_abs_max. These are checked on every key and value of the document,
// including those the loader never reads, so that no section can forget them.

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scenario/json_reader.h"

namespace io::scenario {

// Parses `text`, reporting every problem through `reader`. Returns the document, or nullopt if
// the text is not a JSON document at all or nests too deeply (then one error says why). Values
// that break a limit are reported with reader.reject(); a duplicate key with reader.error(), and
// the document then holds the key's last value.
std::optional<nlohmann::json> parse_json(std::string_view text, JsonReader& reader);

}  // namespace io::scenario
