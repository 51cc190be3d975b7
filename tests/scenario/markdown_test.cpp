#include <doctest/doctest.h>

#include "scenario/markdown.h"

using io::scenario::parse_markdown_lite;
using io::scenario::plain_text;
using io::scenario::TextBlock;
using io::scenario::TextSpan;
using Style = TextSpan::Style;

TEST_CASE("markdown-lite: paragraphs join their lines and split at blank lines") {
  const auto blocks = parse_markdown_lite("The log is\nthe truth.\n\nViews derive from it.");
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0] == TextBlock{TextBlock::Kind::paragraph, {{Style::plain, "The log is the truth."}}});
  CHECK(blocks[1].spans[0].text == "Views derive from it.");
}

TEST_CASE("markdown-lite: bold, italics and code spans") {
  const auto blocks = parse_markdown_lite("A **retry** is *not* the same as `request_id` reuse.");
  REQUIRE(blocks.size() == 1);
  const std::vector<TextSpan> want = {{Style::plain, "A "},   {Style::bold, "retry"},
                                      {Style::plain, " is "}, {Style::italic, "not"},
                                      {Style::plain, " the same as "}, {Style::code, "request_id"},
                                      {Style::plain, " reuse."}};
  CHECK(blocks[0].spans == want);
}

TEST_CASE("markdown-lite: bullets are blocks of their own") {
  const auto blocks = parse_markdown_lite("Watch:\n- the **log**\n* the view\n\nThen press play.");
  REQUIRE(blocks.size() == 4);
  CHECK(blocks[0].kind == TextBlock::Kind::paragraph);
  CHECK(blocks[1].kind == TextBlock::Kind::bullet);
  CHECK(blocks[1].spans[1] == TextSpan{Style::bold, "log"});
  CHECK(blocks[2].kind == TextBlock::Kind::bullet);
  CHECK(blocks[2].spans[0].text == "the view");
  CHECK(plain_text(blocks) == "Watch:\n\n- the log\n- the view\n\nThen press play.");
}

TEST_CASE("markdown-lite: unclosed and empty markers stay text, snake_case survives") {
  CHECK(plain_text(parse_markdown_lite("2 * 3 and **bold")) == "2 * 3 and **bold");
  CHECK(parse_markdown_lite("a **** b")[0].spans.size() == 1);
  const auto blocks = parse_markdown_lite("duplicates_absorbed and request_id");
  REQUIRE(blocks[0].spans.size() == 1);
  CHECK(blocks[0].spans[0].style == Style::plain);
  CHECK(parse_markdown_lite("").empty());
  CHECK(parse_markdown_lite("\n\n  \n").empty());
}
