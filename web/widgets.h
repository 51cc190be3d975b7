#pragma once
// Small widgets the panels share, so every table reads alike: numbers right-aligned in their
// cells, column headers that explain themselves on hover, and command buttons that are greyed
// out, with the World's own reason as their tooltip, when the command would be refused.
// Text from a scenario or a learner only ever goes through TextUnformatted here.

#include <cstdint>
#include <string>
#include <vector>

#include "app.h"
#include "imgui.h"

namespace io::web {

// `text` in `color`.
// A labelled figure for a grid of numbers: tooltip on the label, alarm colour when above 0.
struct Figure {
  const char* label;
  std::uint64_t value;
  const char* tip;
  const ImVec4* alarm;  // colour when the value is above 0, or nullptr
};
// Draws `count` figures as a table, `per_row` label/value pairs per row, columns weighted
// label_weight : value_weight.
void figures_grid(const char* id, const Figure* figures, std::size_t count, int per_row, float label_weight,
                  float value_weight);

// The running session; when there is none, says so in the panel and returns nullptr.
const scenario::Session* loaded_session(const App& app);

void colored_text(const ImVec4& color, const char* text);
// `text` in the dimmed colour of labels and hints, wrapped at the window's edge.
void dim_text(const char* text);
// `text` right-aligned in the current table cell (or the remaining line), in `color` if given.
void right_aligned_text(const char* text, const ImVec4* color = nullptr);
// `value` right-aligned in the current table cell, in `color` if given.
void number_cell(std::uint64_t value, const ImVec4* color = nullptr);

// One line of a line_chart(): values oldest first, drawn in `color`, named in the legend.
struct ChartSeries {
  std::string name;
  ImVec4 color;
  std::vector<float> values;
};
// Where a line_chart() drew, in screen pixels: the framed plot, which every line stays inside,
// and the labels of its scale, which stay outside it.
struct ChartRects {
  ScreenRect plot;
  ScreenRect scale;
};
// Lines over time in a framed box `height` tall and as wide as the window, between `min` (the
// bottom) and `max` (the top), with a grid at the quarters and a legend of the names below. The
// scale (min, middle, max, each followed by `unit`) sits in a margin left of the box, level with
// its grid lines, so no line ever runs through a label. The values only draw; nothing is decided
// from them.
ChartRects line_chart(const char* id, const std::vector<ChartSeries>& series, float min, float max, float height,
                      const char* unit = "");

// A table's header row, like TableHeadersRow(), where hovering column i's name shows tips[i]
// (nullptr: no tip). `tips` has one entry per column of the current table.
void headers_with_tips(const char* const* tips);

// Continues the line if an item `width` wide still fits before the window's right edge; otherwise
// the next item starts a new line. For runs of text and buttons that must not be cut off.
void same_line_if_room(float width);

// A Selectable row showing `text`, an author's or a learner's text: drawn with TextUnformatted,
// never read as a label ("##" in a title stays visible). Push an ID first when rows repeat.
// Returns whether the row was clicked.
bool selectable_text(const std::string& text, bool selected, ImGuiSelectableFlags flags = 0);

// Shows `tip` while the last item is hovered, even when the item is disabled.
void item_tooltip(const char* tip);

// A button that sends `command` at the current tick. When the World would refuse the command it is
// disabled and its tooltip says why; otherwise its tooltip is `tip` (if any). Publishes its rect
// under `rect_name` (if any) for browser tests. `size` as for ImGui::Button. Returns whether the
// command was sent.
bool command_button(App& app, const char* label, const model::Command& command, const char* rect_name = nullptr,
                    const char* tip = nullptr, ImVec2 size = ImVec2(0, 0));

// Browser tests read what a panel says as well as where its widgets are. request_text_capture()
// asks for it; the next frame that draws the panel keeps the text it drew (ImGui's log of rendered
// text, a line per row as laid out), and captured_text() returns it until the next request. A
// TextCapture spans the panel's drawing; it does nothing unless a capture of it was asked for.
class TextCapture {
 public:
  explicit TextCapture(const char* panel);
  ~TextCapture();
  TextCapture(const TextCapture&) = delete;
  TextCapture& operator=(const TextCapture&) = delete;

 private:
  bool active_ = false;
};
void request_text_capture(const char* panel);
// The text captured since the last request, or nullptr while the panel has not been drawn since.
const std::string* captured_text();

}  // namespace io::web
