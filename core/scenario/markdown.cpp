#include "scenario/markdown.h"

#include "sim/assert.h"

namespace io::scenario {

namespace {

using Style = TextSpan::Style;

void append(std::vector<TextSpan>& spans, Style style, std::string_view text) {
  if (text.empty()) return;
  if (!spans.empty() && spans.back().style == style) {
    spans.back().text += text;
  } else {
    spans.push_back({style, std::string(text)});
  }
}

// Styles one block's text. A marker opens a span only if its closing marker follows; the span's
// content is taken literally (no nesting), which keeps the grammar small and unambiguous.
std::vector<TextSpan> parse_spans(std::string_view text) {
  std::vector<TextSpan> spans;
  std::size_t plain_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::string_view marker;
    Style style = Style::plain;
    if (text.compare(i, 2, "**") == 0) {
      marker = "**";
      style = Style::bold;
    } else if (text[i] == '*') {
      marker = text.substr(i, 1);
      style = Style::italic;
    } else if (text[i] == '`') {
      marker = "`";
      style = Style::code;
    }
    if (marker.empty()) {
      ++i;
      continue;
    }
    const std::size_t content = i + marker.size();
    // As in CommonMark, emphasis hugs its text: "**bold**" but not "2 * 3 * 4". Code may hold
    // anything.
    const bool hugs = style == Style::code || (content < text.size() && text[content] != ' ');
    std::size_t close = hugs ? text.find(marker, content) : std::string_view::npos;
    while (style != Style::code && close != std::string_view::npos && close > content && text[close - 1] == ' ') {
      close = text.find(marker, close + marker.size());
    }
    // An empty span ("****") or an unclosed marker is plain text.
    if (close == std::string_view::npos || close == content) {
      i += marker.size();
      continue;
    }
    append(spans, Style::plain, text.substr(plain_start, i - plain_start));
    append(spans, style, text.substr(content, close - content));
    i = close + marker.size();
    plain_start = i;
  }
  append(spans, Style::plain, text.substr(plain_start));
  return spans;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<TextBlock> parse_markdown_lite(std::string_view text) {
  std::vector<TextBlock> blocks;
  std::string paragraph;  // lines of the paragraph being gathered, joined with spaces
  auto flush = [&] {
    if (!paragraph.empty()) blocks.push_back({TextBlock::Kind::paragraph, parse_spans(paragraph)});
    paragraph.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty()) {
      flush();
    } else if (line.size() >= 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ') {
      flush();
      blocks.push_back({TextBlock::Kind::bullet, parse_spans(trim(line.substr(2)))});
    } else {
      if (!paragraph.empty()) paragraph += ' ';
      paragraph += line;
    }
    if (end == text.size()) break;
  }
  flush();
  for (const TextBlock& b : blocks) {
    for (const TextSpan& s : b.spans) SIM_ASSERT(!s.text.empty());
  }
  return blocks;
}

std::string plain_text(const std::vector<TextBlock>& blocks) {
  std::string out;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (i > 0) out += blocks[i - 1].kind == TextBlock::Kind::bullet && blocks[i].kind == TextBlock::Kind::bullet ? "\n" : "\n\n";
    if (blocks[i].kind == TextBlock::Kind::bullet) out += "- ";
    for (const TextSpan& s : blocks[i].spans) out += s.text;
  }
  return out;
}

}  // namespace io::scenario
