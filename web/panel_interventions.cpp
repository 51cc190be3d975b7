// The learner's hands on the system. Each button becomes a Command stamped with the current tick,
// recorded by the Session: a run with interventions is still (scenario, seed, commands). Most
// buttons sit next to what they act on, in the tabs below the log; the sidebar keeps the one
// that acts on the log's disk, and says why the last command was refused.

#include <algorithm>
#include <cstdint>

#include "imgui.h"
#include "panels.h"
#include "style.h"

namespace io::web {

namespace {

void bit_rot(App& app, const model::World& world) {
  const std::uint64_t end = world.log().end_offset().value;
  ImGui::TextColored(style::dim_text, "Bit rot on the log's disk");
  if (end == 0) {
    ImGui::TextDisabled("(no records yet)");
    return;
  }
  // The chosen offset lives in ImGui's own state storage: the app keeps no widget state.
  int* offset = ImGui::GetStateStorage()->GetIntRef(ImGui::GetID("corrupt_offset"), 0);
  *offset = std::clamp(*offset, 0, int(std::min<std::uint64_t>(end - 1, INT32_MAX)));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("record");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputInt("##offset", offset);
  ImGui::SameLine();
  if (ImGui::Button("Flip a bit")) {
    // A bit of the record's key, just past the header: the checksum must catch it.
    const std::uint64_t bit = std::uint64_t(model::EventLog::header_bytes) * 8 + 1;
    app.command(model::Command::of(model::CommandKind::corrupt_record, std::uint64_t(*offset), bit));
  }
  publish_last_item(app, "flip");
}

}  // namespace

void draw_interventions_panel(App& app) {
  const scenario::Session* session = app.session();
  if (session == nullptr) return;
  const model::World& world = session->world();

  bit_rot(app, world);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", "Crash a deriver or the front door, pay now or double-click: in the tabs below the log.");
  ImGui::PopTextWrapPos();
  if (!app.last_refusal().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, style::error_text);
    ImGui::TextWrapped("%s", app.last_refusal().c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace io::web
