#include "widgets.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "imgui_internal.h"  // LogToBuffer(), and the log's buffer: ImGui's capture of rendered text
#include "panels.h"
#include "style.h"

namespace io::web {

void figures_grid(const char* id, const Figure* figures, std::size_t count, int per_row, float label_weight,
                  float value_weight) {
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_RowBg;
  if (!ImGui::BeginTable(id, per_row * 2, flags)) return;
  for (int k = 0; k < per_row; ++k) {
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthStretch, label_weight);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, value_weight);
  }
  for (std::size_t k = 0; k < count; ++k) {
    const Figure& f = figures[k];
    ImGui::TableNextColumn();
    dim_text(f.label);
    item_tooltip(f.tip);
    ImGui::TableNextColumn();
    number_cell(f.value, f.alarm && f.value > 0 ? f.alarm : nullptr);
  }
  ImGui::EndTable();
}

const scenario::Session* loaded_session(const App& app) {
  const scenario::Session* session = app.session();
  if (session == nullptr) ImGui::TextDisabled("No scenario is loaded.");
  return session;
}

void colored_text(const ImVec4& color, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

void dim_text(const char* text) {
  // Wrapped at the window's edge: a hint cut off mid-sentence says nothing.
  ImGui::PushTextWrapPos(0.0f);
  colored_text(style::dim_text, text);
  ImGui::PopTextWrapPos();
}

void right_aligned_text(const char* text, const ImVec4* color) {
  const float width = ImGui::CalcTextSize(text).x;
  const float room = ImGui::GetContentRegionAvail().x;
  if (room > width) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + room - width);
  if (color) {
    colored_text(*color, text);
  } else {
    ImGui::TextUnformatted(text);
  }
}

void number_cell(std::uint64_t value, const ImVec4* color) {
  char text[24];
  std::snprintf(text, sizeof text, "%" PRIu64, value);
  right_aligned_text(text, color);
}

ChartRects line_chart(const char* id, const std::vector<ChartSeries>& series, float min, float max, float height,
                      const char* unit) {
  ImGui::PushID(id);
  const float range = max > min ? max - min : 1.0f;
  // The scale's labels, top to bottom, and the margin they need: the widest, and a gap.
  const float levels[] = {max, min + range / 2, min};
  char labels[3][32];
  float label_width = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    std::snprintf(labels[i], sizeof labels[i], "%g%s", double(levels[i]), unit);
    label_width = std::max(label_width, ImGui::CalcTextSize(labels[i]).x);
  }
  const float gap = ImGui::GetFontSize() * 0.4f;
  const float gutter = label_width + gap;

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, gutter + 40.0f);
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 plot(origin.x + gutter, origin.y);  // the box's top left
  const ImVec2 end(origin.x + width, origin.y + height);
  draw->AddRectFilled(plot, end, ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
  // A value's height: inset by `pad`, so a line at min or max is not hidden by the frame's edge.
  const float pad = 3.0f;
  const auto y_of = [&](float value) {
    const float t = std::clamp((value - min) / range, 0.0f, 1.0f);
    return end.y - pad - (height - 2 * pad) * t;
  };
  const ImU32 grid = ImGui::GetColorU32(ImVec4(1, 1, 1, 0.07f));
  for (int quarter = 1; quarter < 4; ++quarter) {
    const float y = y_of(min + range * float(quarter) / 4.0f);
    draw->AddLine(ImVec2(plot.x, y), ImVec2(end.x, y), grid);
  }
  std::vector<ImVec2> points;
  const float plot_width = end.x - plot.x;
  for (const ChartSeries& line : series) {
    const std::size_t n = line.values.size();
    if (n == 0) continue;
    points.clear();
    for (std::size_t i = 0; i < n; ++i) {
      const float x =
          n == 1 ? plot.x + plot_width / 2 : plot.x + pad + (plot_width - 2 * pad) * float(i) / float(n - 1);
      points.emplace_back(x, y_of(line.values[i]));
    }
    draw->AddPolyline(points.data(), int(points.size()), ImGui::GetColorU32(line.color), ImDrawFlags_None, 2.0f);
  }
  // The labels right-aligned against the box, each centred on its level, kept within the box's height.
  const float font = ImGui::GetFontSize();
  float scale_top = end.y;
  float scale_bottom = origin.y;
  for (std::size_t i = 0; i < 3; ++i) {
    const float y = std::clamp(y_of(levels[i]) - font / 2, origin.y, end.y - font);
    const float x = plot.x - gap - ImGui::CalcTextSize(labels[i]).x;
    draw->AddText(ImVec2(x, y), ImGui::GetColorU32(style::dim_text), labels[i]);
    scale_top = std::min(scale_top, y);
    scale_bottom = std::max(scale_bottom, y + font);
  }
  // The legend on one line below, starting under the box.
  ImGui::SetCursorScreenPos(ImVec2(plot.x, ImGui::GetCursorScreenPos().y));
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (i > 0) ImGui::SameLine(0, font);
    colored_text(series[i].color, "■");
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(series[i].name.c_str());
  }
  ImGui::PopID();
  return ChartRects{ScreenRect{plot.x, plot.y, end.x - plot.x, end.y - plot.y},
                    ScreenRect{plot.x - gap - label_width, scale_top, label_width, scale_bottom - scale_top}};
}

void headers_with_tips(const char* const* tips) {
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  const int columns = ImGui::TableGetColumnCount();
  for (int column = 0; column < columns; ++column) {
    if (!ImGui::TableSetColumnIndex(column)) continue;
    ImGui::TableHeader(ImGui::TableGetColumnName(column));
    if (tips[column] != nullptr) item_tooltip(tips[column]);
  }
}

void same_line_if_room(float width) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + spacing + width <= right) ImGui::SameLine();
}

bool selectable_text(const std::string& text, bool selected, ImGuiSelectableFlags flags) {
  const float x = ImGui::GetCursorPosX();
  const bool clicked = ImGui::Selectable("##row", selected, flags | ImGuiSelectableFlags_AllowItemOverlap);
  ImGui::SameLine(x, 0);
  const bool disabled = (flags & ImGuiSelectableFlags_Disabled) != 0;
  if (disabled) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
  if (disabled) ImGui::PopStyleColor();
  return clicked;
}

void item_tooltip(const char* tip) {
  if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
  ImGui::TextUnformatted(tip);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

bool command_button(App& app, const char* label, const model::Command& command, const char* rect_name,
                    const char* tip, ImVec2 size) {
  const scenario::Session* session = app.session();
  const char* refused = session ? session->world().reject_reason(command) : "no scenario is loaded";
  ImGui::BeginDisabled(refused != nullptr);
  const bool clicked = ImGui::Button(label, size);
  ImGui::EndDisabled();
  if (rect_name) publish_last_item(app, rect_name);
  if (refused) {
    item_tooltip(refused);
  } else if (tip) {
    item_tooltip(tip);
  }
  return clicked && refused == nullptr && app.command(command) == nullptr;
}

namespace {

// What a browser test asked to capture. Test-only state, like App's published rectangles: no
// panel reads it, and it stays empty unless a test asks.
struct Capture {
  std::string panel;  // the panel to capture on its next frame, or "" if none is pending
  std::string text;
  bool done = false;
};
Capture& capture() {
  static Capture c;
  return c;
}

}  // namespace

TextCapture::TextCapture(const char* panel) {
  if (capture().panel.empty() || capture().panel != panel || ImGui::GetCurrentContext()->LogEnabled) return;
  active_ = true;
  ImGui::LogToBuffer(0);  // depth 0: no tree node opens for the capture, it reads what the learner sees
}

TextCapture::~TextCapture() {
  if (!active_) return;
  const ImGuiTextBuffer& buffer = ImGui::GetCurrentContext()->LogBuffer;
  capture().text.assign(buffer.begin(), buffer.end());
  capture().panel.clear();
  capture().done = true;
  ImGui::LogFinish();
}

void request_text_capture(const char* panel) {
  capture() = Capture{panel ? panel : "", "", false};
}

const std::string* captured_text() { return capture().done ? &capture().text : nullptr; }

}  // namespace io::web
