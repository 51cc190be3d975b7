// What the teacher wrote: the scenario's title, summary and learning goals. All of it is the
// author's text, so it only ever goes through TextUnformatted, never as a format string.

#include <cinttypes>
#include <cstdio>

#include "imgui.h"
#include "panels.h"
#include "style.h"

namespace io::web {

namespace {

void wrapped(const std::string& text, const ImVec4* color = nullptr) {
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
  ImGui::PopTextWrapPos();
  if (color) ImGui::PopStyleColor();
}

void scenario_picker(App& app) {
  const std::vector<ScenarioFile>& files = app.scenario_files();
  const int loaded = app.loaded_index();
  const char* preview = loaded >= 0 ? files[std::size_t(loaded)].name.c_str() : "(none)";
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##scenario", preview)) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      const bool selected = int(i) == loaded;
      if (ImGui::Selectable(files[i].name.c_str(), selected)) app.load(int(i));
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
}

void load_errors(const App& app) {
  if (app.load_errors().empty()) return;
  const std::string heading = "Could not load " + app.load_errors_file() + ":";
  wrapped(heading, &style::error_text);
  for (const std::string& error : app.load_errors()) wrapped(error, &style::error_text);
}

}  // namespace

void draw_scenario_panel(App& app) {
  scenario_picker(app);
  load_errors(app);

  const scenario::Session* session = app.session();
  if (session == nullptr) return;
  const scenario::Scenario& scenario = session->scenario();

  wrapped(scenario.title, &style::accent_text);
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
