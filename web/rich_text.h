#pragma once
// A script's Markdown-lite (scenario/markdown.h) drawn with Dear ImGui: paragraphs and bullets
// wrapped word by word at the right edge of the window, with bold, italics and code told apart
// without extra fonts (each would cost bundle size): bold is brighter and drawn twice a pixel
// apart, italics are slanted by shearing the glyphs' vertices, code has a tinted background.
// All of it is an author's text, so it only ever goes through TextUnformatted.

#include <string_view>
#include <vector>

#include "imgui.h"
#include "scenario/markdown.h"

namespace io::web {

// Plain text (an author's question, a choice) wrapped at the same right edge as rich text.
void wrapped_text(std::string_view text, const ImVec4* color = nullptr);

// While one lives, rich_text() and wrapped_text() wrap `inset` pixels short of the window's
// right edge: for text on a tinted box that must not touch its border. Nests (insets add up).
class RightInset {
 public:
  explicit RightInset(float inset);
  ~RightInset();
  RightInset(const RightInset&) = delete;
  RightInset& operator=(const RightInset&) = delete;

 private:
  float inset_;
};

// Draws `blocks` from the cursor down: paragraphs separated by a little space, bullets indented.
void rich_text(const std::vector<scenario::TextBlock>& blocks);
// Parses `markdown` (Markdown-lite) and draws it as rich_text does.
void rich_text(std::string_view markdown);
// Draws one paragraph's spans from the cursor, which may follow another item on its line (a
// radio button, a bullet): wrapped lines start where the first one did.
void rich_spans(const std::vector<scenario::TextSpan>& spans);

}  // namespace io::web
