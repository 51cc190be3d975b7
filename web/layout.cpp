// The page layout: a sidebar on the left with the player, the scenario picker and, filling the
// rest of its height, the lesson (the script's steps, with Continue pinned at the bottom where a
// class always sees it) and the interventions; on the right the event log on top and, below it,
// tabs for what flows into and out of the log (derivers and their views, clients and the network,
// metrics, the log's replicas and the auditor). Everything is sized to the canvas every frame, so
// the app follows the browser window.

#include <algorithm>

#include "imgui.h"
#include "panels.h"

namespace io::web {

namespace {

// Windows are laid out by code, not by the learner: no moving, resizing or saved positions.
constexpr ImGuiWindowFlags fixed_window = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                          ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                          ImGuiWindowFlags_NoBringToFrontOnFocus;

// Space plays and pauses, the right arrow steps, the left arrow goes back a tick: unless a text
// field has the keyboard.
// One tab of the dataflow window; its header is published as `rect_name` for browser tests.
void tab(App& app, const char* label, const char* rect_name, void (*draw)(App&), bool select = false) {
  const bool open = ImGui::BeginTabItem(label, nullptr, select ? ImGuiTabItemFlags_SetSelected : 0);
  publish_last_item(app, rect_name);
  if (!open) return;
  // A child per tab so each keeps its own scroll position and tables can fill its height.
  if (ImGui::BeginChild("##tab")) draw(app);
  ImGui::EndChild();
  publish_last_item(app, "tab_area");  // the open tab's visible part, for tests that scroll to a widget
  ImGui::EndTabItem();
}

// A step shown for the first time (reached, picked from the list, or another scenario) is read
// from its top. Which one was shown last lives in ImGui's state storage, beside the scroll itself.
void scroll_to_top_on_new_step(const App& app) {
  int* shown = ImGui::GetStateStorage()->GetIntRef(ImGui::GetID("shown_step"), -1);
  const int now = int(app.viewed_step()) + 65536 * int(app.loads() % 32768);
  if (*shown != now) ImGui::SetScrollY(0);
  *shown = now;
}

// Whether a scenario is about privacy: it sets privacy options or its schedule or script sends
// privacy commands.
bool is_privacy_command(const model::Command& c) {
  return c.kind >= model::CommandKind::give_consent && c.kind <= model::CommandKind::set_minimise;
}

bool about_privacy(const scenario::Scenario& s) {
  const model::PrivacyOptions& p = s.world.privacy;
  if (p.crypto_shredding || p.minimise || p.retention_ticks > 0 || p.backups_sealed) return true;
  for (const model::Command& c : s.schedule) {
    if (is_privacy_command(c)) return true;
  }
  for (const scenario::ScriptStep& step : s.script.steps) {
    for (const model::Command& c : step.commands) {
      if (is_privacy_command(c)) return true;
    }
    if (!step.ethics) continue;
    for (const scenario::EthicsChoice& choice : step.ethics->choices) {
      for (const model::Command& c : choice.commands) {
        if (is_privacy_command(c)) return true;
      }
    }
  }
  return false;
}

enum class Focus { none, privacy, credit };

// The tab to bring forward on the first frame of a newly loaded scenario (none on later frames).
// Which scenario was last seen lives in ImGui's state storage.
Focus focus_on_load(const App& app) {
  int* seen = ImGui::GetStateStorage()->GetIntRef(ImGui::GetID("focus_seen"), -1);
  const int loads = int(app.loads() % 65536);
  if (*seen == loads) return Focus::none;
  *seen = loads;
  const scenario::Session* session = app.session();
  if (session == nullptr) return Focus::none;
  if (session->world().options().credit.enabled()) return Focus::credit;
  if (about_privacy(session->scenario())) return Focus::privacy;
  return Focus::none;
}

void handle_shortcuts(App& app) {
  if (ImGui::GetIO().WantTextInput) return;
  // An open popup (the scenario picker's list, the share link) has the keyboard: Space there
  // must not start the run behind it.
  if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
    // While the lesson waits at a step, Space is Continue (which refuses until the step is answered).
    const scenario::Session* session = app.session();
    if (session && session->held()) {
      app.continue_lesson();
    } else {
      app.set_playing(!app.playing());
    }
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), true)) app.step();
  // The left arrow travels back a tick (the timeline restores a snapshot and replays to it).
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow), true)) {
    const scenario::Session* session = app.session();
    if (session && session->world().now().value > 0) app.seek(sim::Tick{session->world().now().value - 1});
  }
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
  // The sidebar takes about a third of the width, within bounds that keep both sides readable; a
  // lesson's paragraphs want the upper end of that (about 50 characters a line).
  const float sidebar_width = std::clamp(size.x * 0.35f, std::min(330.0f, size.x * 0.5f), 540.0f);

  ImGui::SetNextWindowPos(origin);
  ImGui::SetNextWindowSize(ImVec2(sidebar_width, size.y));
  constexpr ImGuiWindowFlags sidebar_flags = fixed_window | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
  if (ImGui::Begin("Inside Out — the database turned inside out###sidebar", nullptr, sidebar_flags)) {
    if (ImGui::CollapsingHeader("Player", ImGuiTreeNodeFlags_DefaultOpen)) draw_controls_panel(app);
    draw_scenario_panel(app);
    // The lesson scrolls on its own; Continue stays below it, always in view.
    if (ImGui::BeginChild("lesson", ImVec2(0, -lesson_footer_height(app)))) {
      scroll_to_top_on_new_step(app);
      draw_lesson_panel(app);
      if (ImGui::CollapsingHeader("Intervene", ImGuiTreeNodeFlags_DefaultOpen)) draw_interventions_panel(app);
    }
    ImGui::EndChild();
    publish_last_item(app, "lesson_area");  // the visible part, for tests that scroll to a widget
    draw_lesson_footer(app);
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
      // A scenario about privacy or credit opens on its tab; the credit tab exists only with a lender.
      const Focus focus = focus_on_load(app);
      tab(app, "Privacy", "tab_privacy", draw_privacy_panel, focus == Focus::privacy);
      const scenario::Session* session = app.session();
      if (session && session->world().options().credit.enabled()) {
        tab(app, "Credit", "tab_credit", draw_credit_panel, focus == Focus::credit);
      }
      tab(app, "Source", "tab_source", draw_editor_panel);  // the scenario's JSON, to edit and run
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
}

}  // namespace io::web
