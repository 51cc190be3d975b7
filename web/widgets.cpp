#include "widgets.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

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

void dim_text(const char* text) { colored_text(style::dim_text, text); }

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

void line_chart(const char* id, const std::vector<ChartSeries>& series, float min, float max, float height) {
  ImGui::PushID(id);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 40.0f);
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 end(origin.x + width, origin.y + height);
  draw->AddRectFilled(origin, end, ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
  const ImU32 grid = ImGui::GetColorU32(ImVec4(1, 1, 1, 0.07f));
  for (int quarter = 1; quarter < 4; ++quarter) {
    const float y = origin.y + height * float(quarter) / 4.0f;
    draw->AddLine(ImVec2(origin.x, y), ImVec2(end.x, y), grid);
  }
  const float range = max > min ? max - min : 1.0f;
  const float pad = 3.0f;
  std::vector<ImVec2> points;
  for (const ChartSeries& line : series) {
    const std::size_t n = line.values.size();
    if (n == 0) continue;
    points.clear();
    for (std::size_t i = 0; i < n; ++i) {
      const float x = n == 1 ? origin.x + width / 2 : origin.x + pad + (width - 2 * pad) * float(i) / float(n - 1);
      const float t = std::clamp((line.values[i] - min) / range, 0.0f, 1.0f);
      points.emplace_back(x, end.y - pad - (height - 2 * pad) * t);
    }
    draw->AddPolyline(points.data(), int(points.size()), ImGui::GetColorU32(line.color), ImDrawFlags_None, 2.0f);
  }
  // The scale, in the corners, and the legend on one line below.
  char text[32];
  std::snprintf(text, sizeof text, "%g", double(max));
  draw->AddText(ImVec2(origin.x + 4, origin.y + 2), ImGui::GetColorU32(style::dim_text), text);
  std::snprintf(text, sizeof text, "%g", double(min));
  draw->AddText(ImVec2(origin.x + 4, end.y - ImGui::GetFontSize() - 2), ImGui::GetColorU32(style::dim_text), text);
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (i > 0) ImGui::SameLine(0, ImGui::GetFontSize());
    colored_text(series[i].color, "■");
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(series[i].name.c_str());
  }
  ImGui::PopID();
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

}  // namespace io::web
