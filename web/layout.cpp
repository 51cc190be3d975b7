// The page layout: a sidebar (player, scenario, interventions) on the left; on the right the event
// log on top and, below it, tabs for what flows into and out of the log (derivers and their views,
// clients and the network, metrics, the log's replicas and the auditor). Everything is sized to the canvas every frame, so the app
// follows the browser window.

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
// One tab of the dataflow window; its header is published as `rect_name` for browser tests.
void tab(App& app, const char* label, const char* rect_name, void (*draw)(App&)) {
  const bool open = ImGui::BeginTabItem(label);
  publish_last_item(app, rect_name);
  if (!open) return;
  // A child per tab so each keeps its own scroll position and tables can fill its height.
  if (ImGui::BeginChild("##tab")) draw(app);
  ImGui::EndChild();
  ImGui::EndTabItem();
}

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

  // The tape gets a bit over a third of the height: enough rows to see the log grow, and the
  // tabs below enough for a table of derivers and a view.
  const float main_x = origin.x + sidebar_width;
  const float main_width = size.x - sidebar_width;
  const float tape_height = std::clamp(size.y * 0.36f, std::min(200.0f, size.y * 0.5f), 420.0f);
  ImGui::SetNextWindowPos(ImVec2(main_x, origin.y));
  ImGui::SetNextWindowSize(ImVec2(main_width, tape_height));
  if (ImGui::Begin("Event log — the system of record###log", nullptr, fixed_window)) draw_log_panel(app);
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(main_x, origin.y + tape_height));
  ImGui::SetNextWindowSize(ImVec2(main_width, size.y - tape_height));
  if (ImGui::Begin("dataflow", nullptr, fixed_window | ImGuiWindowFlags_NoTitleBar)) {
    if (ImGui::BeginTabBar("dataflow_tabs")) {
      tab(app, "Derivers and views", "tab_derivers", draw_derivers_panel);
      tab(app, "Clients and network", "tab_network", draw_network_panel);
      tab(app, "Metrics and audit", "tab_metrics", draw_metrics_panel);
      tab(app, "Storage and audit", "tab_storage", draw_storage_panel);
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
}

}  // namespace io::web
