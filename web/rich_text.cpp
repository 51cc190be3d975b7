#include "rich_text.h"

#include <algorithm>

#include "imgui.h"
#include "style.h"

namespace io::web {

namespace {

using Style = scenario::TextSpan::Style;

// The sum of the live RightInsets: the UI is drawn on one thread, one frame at a time.
float right_inset = 0;

// How far italics lean: x moves by this fraction of the height above the baseline.
constexpr float italic_shear = 0.2f;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// Length of the longest prefix of `word` (cut at a UTF-8 character boundary, at least one
// character) that is at most `width` wide.
std::size_t prefix_that_fits(std::string_view word, float width) {
  std::size_t best = 0;
  for (std::size_t i = 1; i <= word.size(); ++i) {
    if (i < word.size() && (static_cast<unsigned char>(word[i]) & 0xC0) == 0x80) continue;  // inside a character
    if (best > 0 && ImGui::CalcTextSize(word.data(), word.data() + i).x > width) break;
    best = i;
  }
  return best;
}

// Lays words out left to right, starting a new line (at the first line's x) when the next word
// would cross the right edge. A word wider than a whole line is cut where it must.
class Flow {
 public:
  Flow()
      : left_(ImGui::GetCursorPosX()),
        right_(ImGui::GetCursorScreenPos().x +
               std::max(ImGui::GetContentRegionAvail().x - right_inset, ImGui::GetFontSize() * 4)),
        line_width_(right_ - ImGui::GetCursorScreenPos().x) {}

  void text(std::string_view text, Style style) {
    std::size_t i = 0;
    while (i < text.size()) {
      std::size_t spaces = 0;
      while (i < text.size() && is_space(text[i])) ++i, ++spaces;
      if (spaces > 0) gap_ += ImGui::CalcTextSize(" ").x * float(spaces);
      const std::size_t start = i;
      while (i < text.size() && !is_space(text[i])) ++i;
      if (i > start) word(text.substr(start, i - start), style);
    }
  }

 private:
  void word(std::string_view w, Style style) {
    while (!w.empty()) {
      const float width = ImGui::CalcTextSize(w.data(), w.data() + w.size()).x;
      if (!first_ && pen_ + gap_ + width <= right_) {
        ImGui::SameLine(0, gap_);
      } else if (!first_) {
        ImGui::SetCursorPosX(left_);  // the previous item ended its line: start the next here
      }
      const float room = first_ ? right_ - ImGui::GetCursorScreenPos().x : line_width_;
      std::string_view piece = w;
      if (width > room) piece = w.substr(0, prefix_that_fits(w, room));
      emit(piece, style);
      w.remove_prefix(piece.size());
      first_ = false;
      gap_ = 0;
      pen_ = ImGui::GetItemRectMax().x;
      if (!w.empty()) pen_ = right_;  // the rest of a cut word goes on the next line
    }
  }

  static void emit(std::string_view w, Style style) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec4& color = style == Style::bold     ? style::narration_bold
                          : style == Style::italic ? style::narration_italic
                          : style == Style::code   ? style::narration_code
                                                   : style::narration_text;
    const ImU32 color32 = ImGui::GetColorU32(color);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    const int first_vertex = draw->VtxBuffer.Size;
    ImGui::TextUnformatted(w.data(), w.data() + w.size());
    ImGui::PopStyleColor();
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    switch (style) {
      case Style::plain: break;
      case Style::bold:
        // A second copy a pixel to the right thickens every stem: a bold face without a font.
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + 1.0f, min.y), color32, w.data(),
                      w.data() + w.size());
        break;
      case Style::italic: {
        const float baseline = min.y + ImGui::GetFontSize() * 0.8f;
        for (int v = first_vertex; v < draw->VtxBuffer.Size; ++v) {
          ImVec2& p = draw->VtxBuffer[v].pos;
          p.x += (baseline - p.y) * italic_shear;
        }
        break;
      }
      case Style::code:
        // The tint goes over the glyphs just drawn, so they are drawn again on top of it.
        draw->AddRectFilled(ImVec2(min.x - 2, min.y), ImVec2(max.x + 2, max.y), ImGui::GetColorU32(style::code_background),
                            3.0f);
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), min, color32, w.data(), w.data() + w.size());
        break;
    }
  }

  float left_;        // window-local x where every line starts
  float right_;       // screen x no word may cross
  float line_width_;  // right_ minus the screen x of a line's start
  float pen_ = 0;     // screen x where the last word ended
  float gap_ = 0;     // width of the spaces before the next word
  bool first_ = true;
};

}  // namespace

RightInset::RightInset(float inset) : inset_(inset) { right_inset += inset_; }
RightInset::~RightInset() { right_inset -= inset_; }

void wrapped_text(std::string_view text, const ImVec4* color) {
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  // Window-local x of the wrap, as PushTextWrapPos takes it.
  ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - right_inset);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  if (color) ImGui::PopStyleColor();
}

void rich_spans(const std::vector<scenario::TextSpan>& spans) {
  // Lines of a paragraph sit closer than separate items do.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 3.0f));
  Flow flow;
  for (const scenario::TextSpan& span : spans) flow.text(span.text, span.style);
  ImGui::PopStyleVar();
}

void rich_text(const std::vector<scenario::TextBlock>& blocks) {
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const scenario::TextBlock& block = blocks[i];
    // A paragraph after a paragraph, or around a list, is set apart; items of one list are not.
    if (i > 0 && !(block.kind == scenario::TextBlock::Kind::bullet && blocks[i - 1].kind == block.kind)) {
      ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.35f));
    }
    if (block.kind == scenario::TextBlock::Kind::bullet) {
      ImGui::PushStyleColor(ImGuiCol_Text, style::narration_text);
      ImGui::Bullet();
      ImGui::PopStyleColor();
    }
    rich_spans(block.spans);
  }
}

void rich_text(std::string_view markdown) { rich_text(scenario::parse_markdown_lite(markdown)); }

}  // namespace io::web
