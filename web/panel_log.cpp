// The event log drawn as a tape: one row per record in offset order, the newest at the bottom,
// and after it the place where the next append will land. Every visible row is read back through
// EventLog::read(), so a record whose checksum fails shows the failure instead of its bytes —
// the log reports corruption below it rather than serving it. A last column marks where each
// deriver stands: the record it will read next.

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "faults.h"
#include "imgui.h"
#include "imgui_internal.h"  // BeginPopupEx: the record menu opens from inside the tape's table
#include "model/domain_event.h"
#include "panels.h"
#include "widgets.h"
#include "style.h"

namespace io::web {

namespace {

void cell(const char* text, const ImVec4* color = nullptr) {
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  ImGui::TextUnformatted(text);
  if (color) ImGui::PopStyleColor();
}

// Bytes of a payload shown as hex when it is not a domain event: enough to tell records apart.
constexpr std::size_t payload_hex_bytes_max = 24;

// A payload as the tape shows it: the domain event it encodes, in words ("transfer alice-3:
// alice -> bob 12.00"); anything that does not decode as an event, as hex bytes.
std::string payload_text(std::string_view payload, const model::AccountTable& accounts) {
  if (const auto event = model::decode(payload)) return model::describe(*event, accounts);
  std::string text = std::to_string(payload.size()) + " bytes:";
  char hex[4];
  for (std::size_t i = 0; i < payload.size() && i < payload_hex_bytes_max; ++i) {
    std::snprintf(hex, sizeof hex, " %02x", unsigned(static_cast<unsigned char>(payload[i])));
    text += hex;
  }
  if (payload.size() > payload_hex_bytes_max) text += " ...";
  return text;
}

// The record menu: its popup's ID and, in the tape window's state storage (the app keeps no widget
// state), which record it acts on. Both are named outside the table, whose rows have ID scopes and
// a window of their own.
struct RecordMenu {
  ImGuiID popup = 0;
  ImGuiStorage* storage = nullptr;
  ImGuiID record_key = 0;
};

void record_row(App& app, const model::EventLog& log, const model::AccountTable& accounts, std::uint64_t offset,
                const RecordMenu& menu) {
  char number[32];
  ImGui::TableNextColumn();
  std::snprintf(number, sizeof number, "%" PRIu64, offset);
  // The whole row is clickable: a click opens the record menu (faults to inject into this record).
  ImGui::PushStyleColor(ImGuiCol_Text, style::accent_text);
  ImGui::PushID(int(offset % 65536));
  if (ImGui::Selectable(number, false, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
    menu.storage->SetInt(menu.record_key, int(std::min<std::uint64_t>(offset, INT32_MAX)));
    ImGui::OpenPopup(menu.popup);
  }
  ImGui::PopID();
  ImGui::PopStyleColor();
  const std::string rect = "tape_record_" + std::to_string(offset);
  publish_last_item(app, rect.c_str());
  item_tooltip("Click to inject a disk fault into this record's copy on a replica.");

  const sim::Result<model::Record, model::LogReadError> read = log.read(model::Offset{offset});
  if (!read) {
    ImGui::TableNextColumn();
    cell("?", &style::error_text);
    ImGui::TableNextColumn();
    cell(model::to_string(read.error()), &style::error_text);
    ImGui::TableNextColumn();
    cell("this record cannot be trusted: the log will not serve it", &style::error_text);
    return;
  }
  const model::Record& record = read.value();
  ImGui::TableNextColumn();
  std::snprintf(number, sizeof number, "%" PRIu64, record.appended_at.value);
  cell(number);
  ImGui::TableNextColumn();
  cell(record.key.c_str());
  ImGui::TableNextColumn();
  cell(payload_text(record.payload, accounts).c_str());
}

// The derivers whose next record to read is `offset`: where each consumer stands on the tape.
// At most derivers_max names per visible row.
void deriver_cell(const model::World& world, std::uint64_t offset) {
  ImGui::TableNextColumn();
  std::string names;
  bool any_down = false;
  for (const model::Deriver& d : world.derivers()) {
    if (d.position().value != offset) continue;
    names += names.empty() ? "◀ " : ", ";
    names += d.options().name;
    any_down = any_down || d.down();
  }
  if (!names.empty()) cell(names.c_str(), any_down ? &style::error_text : &style::accent_text);
}

// What a click on a record offers: each fault that strikes a written record, on each replica that
// holds it, as a Command (the disk stays silent; only verification can notice).
void record_menu(App& app, const model::EventLog& log, const RecordMenu& menu) {
  if (!ImGui::BeginPopupEx(menu.popup, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar |
                                           ImGuiWindowFlags_NoSavedSettings)) {
    return;
  }
  const std::uint64_t offset = std::uint64_t(std::max(0, menu.storage->GetInt(menu.record_key, 0)));
  ImGui::TextColored(style::accent_text, "Record %" PRIu64, offset);
  ImGui::SameLine();
  dim_text("inject a fault into its copy on a replica");
  for (std::uint32_t r = 0; r < log.replica_count(); ++r) {
    ImGui::PushID(int(r));
    ImGui::AlignTextToFramePadding();
    ImGui::Text("replica %u", r);
    const bool holds = log.replica_up(r) && offset < log.replica_end(r).value;
    ImGui::BeginDisabled(!holds);
    for (const model::DiskFault fault : injectable_faults) {
      if (strikes_next_append(fault)) continue;  // those strike the next append: the Storage tab has them
      model::Command command = model::Command::of(model::CommandKind::inject_fault, r, offset);
      command.count = std::uint32_t(fault);
      const std::string rect =
          "record_fault_" + std::to_string(offset) + "_" + std::to_string(r) + "_" + model::to_string(fault);
      ImGui::SameLine();
      if (command_button(app, model::to_string(fault), command, rect.c_str(), fault_tip(fault))) {
        ImGui::CloseCurrentPopup();
      }
    }
    ImGui::EndDisabled();
    if (!holds) {
      ImGui::SameLine();
      dim_text(log.replica_up(r) ? "(does not hold it)" : "(down)");
    }
    ImGui::PopID();
  }
  ImGui::EndPopup();
}

// The row after the last record: the log's end, where the next write will go.
void end_row(std::uint64_t end) {
  char number[32];
  std::snprintf(number, sizeof number, "%" PRIu64, end);
  ImGui::TableNextColumn();
  cell(number, &style::dim_text);
  ImGui::TableNextColumn();
  ImGui::TableNextColumn();
  cell("(end)", &style::dim_text);
  ImGui::TableNextColumn();
  cell("the next append lands here", &style::dim_text);
}

}  // namespace

void draw_log_panel(App& app) {
  const scenario::Session* session = loaded_session(app);
  if (session == nullptr) return;
  const model::EventLog& log = session->world().log();
  const std::uint64_t end = log.end_offset().value;

  char summary[128];
  std::snprintf(summary, sizeof summary, "%" PRIu64 " records, append-only: offsets 0 to %" PRIu64 ".", end,
                end == 0 ? 0 : end - 1);
  const bool dual_writes = session->world().front_door().options().writes == model::WriteMode::dual_writes;
  if (end == 0 && dual_writes) {
    ImGui::TextUnformatted("Dual writes: the application writes each store directly, and nothing goes through the log.");
  } else {
    ImGui::TextUnformatted(end == 0 ? "The log is empty: press Play." : summary);
  }

  constexpr ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                    ImGuiTableFlags_BordersInnerV;
  // What the last frame did, in ImGui's state storage (the app keeps no widget state).
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID followed_id = ImGui::GetID("tape_followed");
  const ImGuiID last_end_id = ImGui::GetID("tape_last_end");
  const bool followed = storage->GetBool(followed_id, false);
  const int end_shown = int(std::min<std::uint64_t>(end, INT32_MAX));
  const bool end_moved = storage->GetInt(last_end_id, -1) != end_shown;
  const model::World& world = session->world();
  const bool has_derivers = !world.derivers().empty();
  // The record menu's popup, named here, outside the table's ID scope, so that a row can open it
  // and the code after the table can draw it.
  const RecordMenu menu{ImGui::GetID("tape_record_menu"), storage, ImGui::GetID("tape_menu_record")};
  record_menu(app, log, menu);
  // What the tape says, for browser tests: from here, after the menu (a popup is a window of its
  // own, whose end would stop ImGui's log).
  const TextCapture capture("tape");
  if (!ImGui::BeginTable("tape", has_derivers ? 5 : 4, flags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("offset", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
  ImGui::TableSetupColumn("tick", ImGuiTableColumnFlags_WidthFixed, em * 4.0f);
  ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
  ImGui::TableSetupColumn("payload", ImGuiTableColumnFlags_WidthStretch);
  if (has_derivers) ImGui::TableSetupColumn("next read by", ImGuiTableColumnFlags_WidthFixed, em * 8.0f);
  ImGui::TableHeadersRow();

  // Only the visible rows are read: the log may hold millions of records (records_max).
  const std::uint64_t rows = end + 1;
  ImGuiListClipper clipper;
  clipper.Begin(int(rows));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      ImGui::TableNextRow();
      if (std::uint64_t(row) < end) {
        if (std::uint64_t(row) + 1 == end) {
          ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(style::newest_row_bg));
        }
        record_row(app, log, world.accounts(), std::uint64_t(row), menu);
      } else {
        end_row(end);
      }
      if (has_derivers) deriver_cell(world, std::uint64_t(row));
    }
  }
  // While playing, follow the end of the tape as records arrive; paused, the learner scrolls. A
  // scroll lands on the next frame, so the frame after a pause or a step still follows: the tape
  // then shows the record that arrived last, not the one before it.
  if (app.playing() || followed || end_moved) ImGui::SetScrollHereY(1.0f);
  storage->SetBool(followed_id, app.playing());
  storage->SetInt(last_end_id, end_shown);
  ImGui::EndTable();
}

}  // namespace io::web
