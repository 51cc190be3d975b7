// The event log drawn as a tape: one row per record in offset order, the newest at the bottom,
// and after it the place where the next append will land. Every visible row is read back through
// EventLog::read(), so a record whose checksum fails shows the failure instead of its bytes —
// the log reports corruption below it rather than serving it.

#include <cinttypes>
#include <cstdio>
#include <string>
#include <string_view>

#include "imgui.h"
#include "model/domain_event.h"
#include "panels.h"
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

void record_row(const model::EventLog& log, const model::AccountTable& accounts, std::uint64_t offset) {
  char number[32];
  ImGui::TableNextColumn();
  std::snprintf(number, sizeof number, "%" PRIu64, offset);
  cell(number, &style::accent_text);

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
  const scenario::Session* session = app.session();
  if (session == nullptr) {
    ImGui::TextDisabled("No scenario is loaded.");
    return;
  }
  const model::EventLog& log = session->world().log();
  const std::uint64_t end = log.end_offset().value;

  char summary[128];
  std::snprintf(summary, sizeof summary, "%" PRIu64 " records, append-only: offsets 0 to %" PRIu64 ".", end,
                end == 0 ? 0 : end - 1);
  ImGui::TextUnformatted(end == 0 ? "The log is empty: press Play." : summary);

  constexpr ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                    ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable("tape", 4, flags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("offset", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
  ImGui::TableSetupColumn("tick", ImGuiTableColumnFlags_WidthFixed, em * 4.0f);
  ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, em * 9.0f);
  ImGui::TableSetupColumn("payload", ImGuiTableColumnFlags_WidthStretch);
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
        record_row(log, session->world().accounts(), std::uint64_t(row));
      } else {
        end_row(end);
      }
    }
  }
  // While playing, follow the end of the tape as records arrive; paused, the learner scrolls.
  if (app.playing()) ImGui::SetScrollHereY(1.0f);
  ImGui::EndTable();
}

}  // namespace io::web
