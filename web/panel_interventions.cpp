// The learner's hands on the system. Each button becomes a Command stamped with the current tick,
// recorded by the Session: a run with interventions is still (scenario, seed, commands).

#include <algorithm>
#include <cstdint>
#include <string>

#include "imgui.h"
#include "panels.h"
#include "style.h"

namespace io::web {

namespace {

void client_buttons(App& app, const model::World& world) {
  const std::vector<model::Client>& clients = world.clients();
  const ImGuiStyle& spacing = ImGui::GetStyle();
  const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  for (std::size_t i = 0; i < clients.size(); ++i) {
    // The name is the author's text: used as a label, never as a format string; the ID is `i`.
    const std::string label = clients[i].options().name + " pays now";
    // Buttons flow left to right and wrap at the panel's edge, however many clients there are.
    const float width = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + spacing.FramePadding.x * 2;
    if (i > 0 && ImGui::GetItemRectMax().x + spacing.ItemSpacing.x + width <= right_edge) ImGui::SameLine();
    ImGui::PushID(int(i));
    if (ImGui::Button(label.c_str())) {
      app.command(model::Command::of(model::CommandKind::client_send_now, i));
    }
    ImGui::PopID();
  }
}

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

  client_buttons(app, world);
  bit_rot(app, world);
  if (!app.last_refusal().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, style::error_text);
    ImGui::TextWrapped("%s", app.last_refusal().c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace io::web
