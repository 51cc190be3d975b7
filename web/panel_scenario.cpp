// What the teacher wrote: the scenario's title, summary and learning goals, and the choice of
// scenario, course first. All of it is the author's text, so it only ever goes through
// TextUnformatted, never as a format string.

#include <algorithm>
#include <cfloat>
#include <cinttypes>
#include <cstdio>

#include "imgui.h"
#include "panels.h"
#include "style.h"
#include "widgets.h"

namespace io::web {

namespace {

void wrapped(const std::string& text, const ImVec4* color = nullptr) {
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
  ImGui::PopTextWrapPos();
  if (color) ImGui::PopStyleColor();
}

// The course's scenarios first, numbered, then the others by name under a divider.
void scenario_picker(App& app) {
  const std::vector<ScenarioFile>& files = app.scenario_files();
  const int loaded = app.loaded_index();
  // A scenario loaded from memory (a benchmark's) is not in the list: its title stands in.
  const scenario::Session* session = app.session();
  const char* preview = loaded >= 0 ? files[std::size_t(loaded)].label.c_str()
                        : session   ? session->scenario().title.c_str()
                                    : "(none)";
  ImGui::SetNextItemWidth(-1);
  // The list may be wider than the sidebar (chapter and file side by side), never narrower.
  const float rows_max = 24;
  ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetContentRegionAvail().x, 0),
                                      ImVec2(FLT_MAX, ImGui::GetTextLineHeightWithSpacing() * rows_max));
  if (ImGui::BeginCombo("##scenario", preview)) {
    // Escape closes the list and picks nothing, as any drop-down does. ImGui's keyboard navigation
    // would do it, but it is off (arrows and Space are the player's shortcuts), so it is done here.
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) ImGui::CloseCurrentPopup();
    // File names in a column of their own, right of the longest chapter.
    float label_width = 0;
    for (const ScenarioFile& file : files) {
      if (file.course_number > 0) label_width = std::max(label_width, ImGui::CalcTextSize(file.label.c_str()).x);
    }
    const float name_x = ImGui::GetCursorPosX() + label_width + ImGui::GetFontSize() * 1.5f;
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (i > 0 && files[i - 1].course_number > 0 && files[i].course_number == 0) {
        ImGui::Separator();
        ImGui::TextDisabled("Not in the course");
      }
      const bool selected = int(i) == loaded;
      ImGui::PushID(int(i));
      if (selectable_text(files[i].label, selected)) app.load(int(i));
      if (files[i].course_number > 0) {
        ImGui::SameLine(name_x);
        ImGui::TextDisabled("%s", files[i].name.c_str());
      }
      ImGui::PopID();
      if (selected) ImGui::SetItemDefaultFocus();
    }
    // The open list's rectangle, for browser tests: published only on the frames it is open.
    const ImVec2 pos = ImGui::GetWindowPos();
    const ImVec2 size = ImGui::GetWindowSize();
    app.publish_rect("scenario_picker_list", ScreenRect{pos.x, pos.y, size.x, size.y});
    ImGui::EndCombo();
  }
  publish_last_item(app, "scenario_picker");
}

void load_errors(const App& app) {
  if (!app.course_errors().empty()) {
    const bool any_in_course = !app.scenario_files().empty() && app.scenario_files()[0].course_number > 0;
    wrapped(any_in_course ? "Some entries of the course were skipped:"
                          : "The course could not be read; every scenario is listed by name:",
            &style::warn_text);
    for (const std::string& error : app.course_errors()) wrapped(error, &style::warn_text);
  }
  if (app.load_errors().empty()) return;
  const std::string heading = "Could not load " + app.load_errors_file() + ":";
  wrapped(heading, &style::error_text);
  for (const std::string& error : app.load_errors()) wrapped(error, &style::error_text);
}

}  // namespace

void draw_scenario_panel(App& app) {
  scenario_picker(app);
  load_errors(app);
}

void draw_scenario_about(const App& app, bool with_title) {
  const scenario::Session* session = app.session();
  if (session == nullptr) return;
  const scenario::Scenario& scenario = session->scenario();

  if (with_title) wrapped(scenario.title, &style::accent_text);
  wrapped(scenario.summary);
  if (!scenario.learning_goals.empty()) {
    ImGui::Spacing();
    ImGui::TextColored(style::dim_text, "You will see that");
    for (const std::string& goal : scenario.learning_goals) {
      ImGui::Bullet();
      // A group keeps a wrapped goal's later lines aligned with its first, right of the bullet.
      ImGui::BeginGroup();
      wrapped(goal);
      ImGui::EndGroup();
    }
  }
  char text[96];
  const std::size_t clients = scenario.world.clients.size();
  std::snprintf(text, sizeof text, "seed %" PRIu64 ", %" PRIu64 " ticks, %zu client%s", session->seed(),
                scenario.ticks, clients, clients == 1 ? "" : "s");
  ImGui::Spacing();
  ImGui::TextDisabled("%s", text);
}

}  // namespace io::web
