#pragma once
// The narration of a script step is written in a small Markdown subset: paragraphs (separated by
// a blank line), bullet lists ("- " or "* " at the start of a line), **bold**, *italics* and
// `code`; no underscore italics, which would mangle snake_case names like request_id. This is
// all a teacher needs to stress a word or name a field, and small enough that the UI renders it
// with plain text widgets. A marker that is never closed is text.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace io::scenario {

struct TextSpan {
  enum class Style : std::uint8_t { plain, bold, italic, code };
  Style style = Style::plain;
  std::string text;
  bool operator==(const TextSpan&) const = default;
};

struct TextBlock {
  enum class Kind : std::uint8_t { paragraph, bullet };
  Kind kind = Kind::paragraph;
  std::vector<TextSpan> spans;  // adjacent spans never share a style; none is empty
  bool operator==(const TextBlock&) const = default;
};

// Splits `text` into blocks and styled spans. Lines of one paragraph are joined with a space.
std::vector<TextBlock> parse_markdown_lite(std::string_view text);

// The text without markup, blocks separated by blank lines and bullets as "- " (for the runner).
std::string plain_text(const std::vector<TextBlock>& blocks);

}  // namespace io::scenario
