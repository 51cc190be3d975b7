// The player: the run is a pure function of (scenario, seed, commands), so "playing" is nothing
// more than asking the Session for later ticks; pausing, stepping and resetting lose nothing.

#include <cinttypes>
#include <cstdio>

#include "imgui.h"
#include "panels.h"
#include "share.h"
#include "widgets.h"
#include "style.h"

namespace io::web {

namespace {

// One "label   value" row of the stats table, labels dimmed so the numbers stand out.
void stat_row(const char* label, const char* value) {
  ImGui::TableNextColumn();
  ImGui::PushStyleColor(ImGuiCol_Text, style::dim_text);
  ImGui::TextUnformatted(label);
  ImGui::PopStyleColor();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(value);
}

// Time travel: a slider over every tick the run has reached, and a button back to the furthest.
// The timeline restores the nearest snapshot and replays to the tick, so the world shown is
// exactly the one a straight run reaches there; the recorded commands after it replay on Play.
void draw_time_travel(App& app, std::uint64_t now) {
  const std::uint64_t furthest = app.furthest_tick().value;
  const std::uint64_t zero = 0;
  std::uint64_t at = now;
  const float button_width = ImGui::CalcTextSize("Latest").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::BeginDisabled(furthest == 0);
  ImGui::SetNextItemWidth(-(button_width + ImGui::GetStyle().ItemSpacing.x));
  // The slider's format takes the value once; the furthest tick goes in as text (a '%' in it is
  // impossible: it is a number).
  char format[64];
  std::snprintf(format, sizeof format, "travel: tick %%llu of %" PRIu64 " reached", furthest);
  if (ImGui::SliderScalar("##time_travel", ImGuiDataType_U64, &at, &zero, &furthest, format,
                          ImGuiSliderFlags_AlwaysClamp)) {
    app.seek(sim::Tick{at});
  }
  publish_last_item(app, "time_travel");
  item_tooltip("Drag to any tick the run has reached: the world goes back to exactly what it was then "
               "(snapshots, then a replay). Play carries on from there with the commands you gave later; "
               "a new command there changes the future instead.");
  ImGui::SameLine();
  ImGui::BeginDisabled(now == furthest);
  if (ImGui::Button("Latest")) app.seek(sim::Tick{furthest});
  publish_last_item(app, "time_travel_latest");
  item_tooltip("Back to the furthest tick reached.");
  ImGui::EndDisabled();
  ImGui::EndDisabled();
}

// Share: the address bar and the clipboard get a link to this very world (scenario, seed, every
// command, this tick), and a popup shows it to select by hand where the clipboard is refused.
void draw_share(App& app) {
  static std::string shown;  // the URL the popup shows: the page's, so it stays as shared
  const char* refusal = app.share_refusal();
  ImGui::BeginDisabled(refusal != nullptr);
  if (ImGui::Button("Share")) {
    if (const auto fragment = app.share_link()) {
      shown = share::publish(*fragment);
      share::copy_to_clipboard(shown);
      ImGui::OpenPopup("share_link");
    }
  }
  ImGui::EndDisabled();
  publish_last_item(app, "share");
  item_tooltip(refusal != nullptr ? refusal
                                  : "A link to this moment: whoever opens it replays your commands and sees exactly "
                                    "this world at this tick (and the commands you gave later, on Play).");
  if (ImGui::BeginPopup("share_link")) {
    ImGui::TextUnformatted("Link copied: anyone who opens it sees this world at this tick.");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
    ImGui::InputText("##share_url", shown.data(), shown.size() + 1, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
    publish_last_item(app, "share_url");
    if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace

void draw_controls_panel(App& app) {
  const scenario::Session* session = loaded_session(app);
  if (session == nullptr) return;
  const model::World& world = session->world();
  const bool finished = session->finished();

  // "###play" keeps one widget identity while the label flips, so a click is never lost. While the
  // lesson waits at a step, only Continue (under the lesson) runs the world on.
  const bool held = session->held();
  const char* why_not = held ? "The lesson is waiting at a step: read it, answer it, then press Continue below."
                             : "The run is over: Reset to start again.";
  ImGui::BeginDisabled(finished || held);
  if (ImGui::Button(app.playing() ? "Pause###play" : "Play###play", ImVec2(ImGui::GetFontSize() * 5, 0))) {
    app.set_playing(!app.playing());
  }
  publish_last_item(app, "play");
  if (finished || held) item_tooltip(why_not);
  ImGui::SameLine();
  if (ImGui::Button("Step")) app.step();
  publish_last_item(app, "step");
  if (finished || held) item_tooltip(why_not);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Reset")) app.reset();
  publish_last_item(app, "reset");
  ImGui::SameLine();
  draw_share(app);

  // The speed on the same line: the lesson below needs the sidebar's height more than the slider
  // needs width.
  const float label_width = ImGui::CalcTextSize("ticks/s").x + ImGui::GetStyle().ItemInnerSpacing.x;
  same_line_if_room(ImGui::GetFontSize() * 6 + label_width);  // a narrow window gives it a line of its own
  int speed = app.ticks_per_second();
  ImGui::SetNextItemWidth(-label_width);
  if (ImGui::SliderInt("ticks/s", &speed, App::ticks_per_second_min, App::ticks_per_second_max, "%d",
                       ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp)) {
    app.set_ticks_per_second(speed);
  }

  const std::uint64_t now = world.now().value;
  const std::uint64_t end = session->end_tick().value;
  char text[64];
  std::snprintf(text, sizeof text, "tick %" PRIu64 " of %" PRIu64 "%s", now, end, finished ? " (end)" : "");
  ImGui::ProgressBar(end == 0 ? 1.0f : float(double(now) / double(end)), ImVec2(-1, 0), text);
  draw_time_travel(app, now);

  // The run's fingerprint and counts, folded away by default.
  const bool details = ImGui::TreeNode("Run details");
  publish_last_item(app, "run_details");
  if (!details) return;
  if (ImGui::BeginTable("stats", 2, ImGuiTableFlags_SizingFixedFit)) {
    std::snprintf(text, sizeof text, "%" PRIu64, world.log().end_offset().value);
    stat_row("log end offset", text);
    std::snprintf(text, sizeof text, "%016" PRIx64, world.trace().hash());
    stat_row("trace hash", text);
    std::snprintf(text, sizeof text, "%" PRIu64, world.events_processed());
    stat_row("events", text);
    std::snprintf(text, sizeof text, "%zu", session->learner_commands().size());
    stat_row("your commands", text);
    ImGui::EndTable();
  }

  ImGui::TextDisabled("Space: play/pause (or continue)   →: step   ←: back a tick");
  bool presenter = app.presenter();
  if (ImGui::Checkbox("Presenter view", &presenter)) app.set_presenter(presenter);
  publish_last_item(app, "presenter");
  item_tooltip("Text and controls 1.4 times larger, for a class reading a projected screen. "
               "Open the page with ?presenter in its address to start this way.");
  ImGui::TreePop();
}

}  // namespace io::web
