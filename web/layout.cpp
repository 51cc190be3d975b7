// The page layout: a sidebar (player, scenario, interventions) on the left and the event log in
// the main area, both sized to the canvas every frame so the app follows the browser window.

#include <algorithm>

#include "imgui.h"
#include "panels.h"

namespace io::web {

namespace {

// Windows are laid out by code, not by the learner: no moving, resizing or saved positions.
constexpr ImGuiWindowFlags fixed_window = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                          ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                          ImGuiWindowFlags_NoBringToFrontOnFocus;

// Space plays and pauses, the right arrow steps: unless a text field has the keyboard.
void handle_shortcuts(App& app) {
  if (ImGui::GetIO().WantTextInput) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) app.set_playing(!app.playing());
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), true)) app.step();
}

}  // namespace

void publish_last_item(App& app, const char* name) {
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  app.publish_rect(name, ScreenRect{min.x, min.y, max.x - min.x, max.y - min.y});
}

void draw_ui(App& app) {
  handle_shortcuts(app);

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const ImVec2 origin = viewport->WorkPos;
  const ImVec2 size = viewport->WorkSize;
  // The sidebar takes about a third of the width, within bounds that keep both sides readable.
  const float sidebar_width = std::clamp(size.x * 0.32f, std::min(330.0f, size.x * 0.5f), 460.0f);

  ImGui::SetNextWindowPos(origin);
  ImGui::SetNextWindowSize(ImVec2(sidebar_width, size.y));
  if (ImGui::Begin("Inside Out — the database turned inside out###sidebar", nullptr, fixed_window)) {
    if (ImGui::CollapsingHeader("Player", ImGuiTreeNodeFlags_DefaultOpen)) draw_controls_panel(app);
    if (ImGui::CollapsingHeader("Scenario", ImGuiTreeNodeFlags_DefaultOpen)) draw_scenario_panel(app);
    if (ImGui::CollapsingHeader("Intervene", ImGuiTreeNodeFlags_DefaultOpen)) draw_interventions_panel(app);
  }
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(origin.x + sidebar_width, origin.y));
  ImGui::SetNextWindowSize(ImVec2(size.x - sidebar_width, size.y));
  if (ImGui::Begin("Event log — the system of record###log", nullptr, fixed_window)) draw_log_panel(app);
  ImGui::End();
}

}  // namespace io::web
