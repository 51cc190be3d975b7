// Storage and audit: the log's replicas and their disks, the faults the learner can inject into
// them, and the auditor that finds and heals what reads did not catch. Beside the integrity
// figures sit the derivers' lags, the chapter's contrast: a lagging view is wrong for now and
// heals by itself (timeliness); a corrupt record stays wrong until something checks (integrity).
// Everything here reads the const World; faults, crashes and audits are Commands.

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "faults.h"
#include "imgui.h"
#include "panels.h"
#include "style.h"
#include "widgets.h"

namespace io::web {

namespace {

constexpr const char* dash = "\xe2\x80\x94";  // "—": no such tick (yet)

// "123" into `out`, or "—" when there is no tick.
void tick_text(char (&out)[24], const std::optional<sim::Tick>& tick) {
  if (tick) {
    std::snprintf(out, sizeof out, "%" PRIu64, tick->value);
  } else {
    std::snprintf(out, sizeof out, "%s", dash);
  }
}

void tick_cell(const std::optional<sim::Tick>& tick, const ImVec4* color = nullptr) {
  char text[24];
  tick_text(text, tick);
  right_aligned_text(text, tick ? color : &style::dim_text);
}

void settings_line(const model::EventLog& log) {
  const model::EventLogOptions& o = log.options();
  char text[128];
  std::snprintf(text, sizeof text, "Log: %" PRIu32 " replica%s, an append needs %" PRIu32 " ack%s ·", o.replicas,
                o.replicas == 1 ? "" : "s", o.ack_replicas, o.ack_replicas == 1 ? "" : "s");
  ImGui::AlignTextToFramePadding();
  dim_text(text);
  ImGui::SameLine();
  if (o.verify_on_read) {
    colored_text(style::ok_text, "verify on read: on");
    item_tooltip("Every read checks the record against the checksum kept in the log's index: a bad copy is an "
                 "error, never silently served.");
  } else {
    colored_text(style::warn_text, "verify on read: OFF (trusting the disk)");
    item_tooltip("Reads return whatever bytes the leader's disk gives back: corruption flows silently into every "
                 "view derived from the log until an audit finds it.");
  }
}

void replicas_table(App& app, const model::World& world) {
  const model::EventLog& log = world.log();
  const std::uint32_t count = log.replica_count();
  const std::uint64_t end = log.end_offset().value;
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                    ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("replicas", 7, flags)) return;
  ImGui::TableSetupColumn("replica");
  ImGui::TableSetupColumn("state");
  ImGui::TableSetupColumn("records held");
  ImGui::TableSetupColumn("bad blocks");
  ImGui::TableSetupColumn("misdirected");
  ImGui::TableSetupColumn("faults");
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
  static const char* const tips[] = {
      "Each replica keeps a full copy of the log on its own disk. ★ marks the leader, which serves reads.",
      "A crashed replica restarts after a while, truncates a torn tail, catches up and repairs what it can.",
      "Records this replica holds, of the log's end. A replica that was down lags until it catches up.",
      "Blocks of its disk that can no longer be read (latent sector errors).",
      "Blocks whose reads come from a neighbouring block.",
      "Faults this replica's disk has suffered so far, injected or random. The disk reported none of them.",
      nullptr,
  };
  headers_with_tips(tips);
  for (std::uint32_t r = 0; r < count; ++r) {
    const model::Disk& disk = log.disk(r);
    const bool up = log.replica_up(r);
    ImGui::PushID(int(r));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    char text[64];
    std::snprintf(text, sizeof text, "replica %" PRIu32 "%s", r, r == log.leader() ? " ★" : "");
    ImGui::AlignTextToFramePadding();
    colored_text(style::accent_text, text);
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    colored_text(up ? style::ok_text : style::error_text, up ? "up" : "down");
    ImGui::TableNextColumn();
    const std::uint64_t held = log.replica_end(r).value;
    std::snprintf(text, sizeof text, "%" PRIu64 " / %" PRIu64, held, end);
    ImGui::AlignTextToFramePadding();
    right_aligned_text(text, held < end ? &style::warn_text : nullptr);
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    number_cell(disk.bad_blocks().size(), disk.bad_blocks().empty() ? &style::dim_text : &style::error_text);
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    number_cell(disk.misdirected_blocks().size(),
                disk.misdirected_blocks().empty() ? &style::dim_text : &style::error_text);
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    number_cell(disk.faults_total(), disk.faults_total() == 0 ? &style::dim_text : &style::warn_text);
    ImGui::TableNextColumn();
    model::Command crash = model::Command::of(model::CommandKind::crash_replica, r);
    crash.count = 0;
    char rect[32];
    std::snprintf(rect, sizeof rect, "crash_replica_%" PRIu32, r);
    command_button(app, "Crash", crash, rect, "Its process dies; unsynced writes are dropped. It restarts later.");
    ImGui::SameLine();
    crash.count = 1;
    std::snprintf(rect, sizeof rect, "crash_replica_torn_%" PRIu32, r);
    command_button(app, "Crash mid-write (torn)", crash, rect,
                   "It dies in the middle of writing: half a record is left past the end of its log.");
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void inject_controls(App& app, const model::World& world) {
  const model::EventLog& log = world.log();
  colored_text(style::accent_text, "Inject a fault");
  ImGui::SameLine();
  dim_text("the disk stays silent: only verification can notice");

  // Selections live in ImGui's own state storage: the app keeps no widget state.
  ImGuiStorage* storage = ImGui::GetStateStorage();
  int* kind = storage->GetIntRef(ImGui::GetID("fault_kind"), 0);
  int* replica = storage->GetIntRef(ImGui::GetID("fault_replica"), 0);
  int* offset = storage->GetIntRef(ImGui::GetID("fault_offset"), 0);
  *kind = std::clamp(*kind, 0, int(injectable_faults.size()) - 1);
  *replica = std::clamp(*replica, 0, int(log.replica_count()) - 1);
  const std::uint64_t held = log.replica_end(std::uint32_t(*replica)).value;
  *offset = std::clamp(*offset, 0, int(std::min<std::uint64_t>(held == 0 ? 0 : held - 1, INT32_MAX)));
  const model::DiskFault fault = injectable_faults[*kind];

  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11);
  if (ImGui::BeginCombo("##fault_kind", model::to_string(fault))) {
    for (int k = 0; k < int(injectable_faults.size()); ++k) {
      if (ImGui::Selectable(model::to_string(injectable_faults[k]), k == *kind)) *kind = k;
      item_tooltip(fault_tip(injectable_faults[k]));
    }
    ImGui::EndCombo();
  }
  publish_last_item(app, "fault_kind");
  item_tooltip(fault_tip(fault));
  ImGui::SameLine();
  char label[32];
  std::snprintf(label, sizeof label, "replica %d", *replica);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  if (ImGui::BeginCombo("##fault_replica", label)) {
    for (int r = 0; r < int(log.replica_count()); ++r) {
      std::snprintf(label, sizeof label, "replica %d", r);
      if (ImGui::Selectable(label, r == *replica)) *replica = r;
    }
    ImGui::EndCombo();
  }
  publish_last_item(app, "fault_replica");
  ImGui::SameLine();
  const bool next_append = strikes_next_append(fault);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("record");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::BeginDisabled(next_append);
  ImGui::InputInt("##fault_offset", offset);
  ImGui::EndDisabled();
  publish_last_item(app, "fault_offset");
  if (next_append) item_tooltip("This fault strikes the replica's next append: the offset is ignored.");
  ImGui::SameLine();
  model::Command command = model::Command::of(model::CommandKind::inject_fault, std::uint64_t(*replica),
                                              next_append ? 0 : std::uint64_t(std::max(*offset, 0)));
  command.count = std::uint32_t(fault);
  command_button(app, "Inject", command, "inject_fault", fault_tip(fault));
}

void audit_controls(App& app) {
  command_button(app, "Run the auditor now", model::Command::of(model::CommandKind::audit), "audit_now",
                 "Scrubs every copy of every record, checks that every acknowledged write is still readable, "
                 "compares each view with a fresh fold of the log and checks money.");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  dim_text("The real auditor: it repairs bad copies from a healthy replica and rebuilds wrong views.");
}

void integrity_table(const model::MetricsSample& now) {
  const Figure figures[] = {
      {"faults injected", now.faults_injected, "Faults the disks suffered: on command, scheduled or random.", nullptr},
      {"faults detected", now.faults_detected, "Faults some verification found: a read, a restart or an audit.",
       nullptr},
      {"faults repaired", now.faults_repaired, "Bad copies rewritten from a healthy replica.", nullptr},
      {"records lost", now.records_lost, "Copies found bad with no healthy copy anywhere to repair from.",
       &style::error_text},
      {"acked writes lost", now.acknowledged_writes_lost,
       "Records the log acknowledged that no replica can return any more: a broken promise.", &style::error_text},
      {"false alarms", now.false_alarms, "Bad copies reported where no fault explains them: the auditor audited.",
       &style::error_text},
      {"slowest detection", now.detect_ticks_max, "Most ticks from a fault's injection to its detection.",
       nullptr},
      {"audits run", now.audits, "Full audits so far, scheduled or on demand.", nullptr},
  };
  // Two figures per row: the violations below stay in view.
  figures_grid("integrity", figures, std::size(figures), 2, 2.6f, 0.6f);
}

void timeliness_table(const model::World& world, const model::MetricsSample& now) {
  const std::vector<model::Deriver>& derivers = world.derivers();
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_RowBg;
  if (!ImGui::BeginTable("timeliness", 2, flags)) return;
  ImGui::TableSetupColumn("timeliness", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  if (derivers.empty()) {
    ImGui::TableNextColumn();
    dim_text("no derivers in this scenario");
  }
  for (std::size_t i = 0; i < derivers.size() && i < now.derivers.size(); ++i) {
    ImGui::TableNextColumn();
    const std::string label = "lag of " + derivers[i].options().name;
    dim_text(label.c_str());
    item_tooltip("Records in the log this deriver has not applied yet: its view is behind, and catches up by itself. "
                 "(A deriver that has not started yet lags by the whole log.)");
    ImGui::TableNextColumn();
    const std::uint64_t lag = now.derivers[i].lag_records;
    number_cell(lag, lag > 0 ? &style::warn_text : nullptr);
  }
  ImGui::EndTable();
}

void figures(const model::World& world) {
  const model::MetricsSample now = world.sample(false);
  ImGui::PushTextWrapPos(0.0f);
  dim_text("Integrity (left) vs timeliness (right, lag in records): lag heals by itself as derivers catch up; "
           "corruption stays until something verifies, and a lost acknowledged write never heals.");
  ImGui::PopTextWrapPos();
  if (!ImGui::BeginTable("figures_side_by_side", 2, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("integrity", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("timeliness", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableNextColumn();
  integrity_table(now);
  ImGui::TableNextColumn();
  timeliness_table(world, now);
  ImGui::EndTable();
}

// The height of a scrolling table showing `rows` rows at most (at least one).
float list_height(std::size_t rows, float rows_max) {
  const float row = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  return ImGui::GetFrameHeightWithSpacing() + row * std::clamp(float(rows), 1.0f, rows_max) + 4;
}

void violation_where(const model::World& world, const model::Violation& v, char (&out)[64]) {
  const bool view = v.kind == model::ViolationKind::view_mismatch || v.kind == model::ViolationKind::money_not_conserved;
  if (!view) {
    std::snprintf(out, sizeof out, "replica %" PRIu32, v.where);
  } else if (v.where < world.derivers().size()) {
    std::snprintf(out, sizeof out, "%s", world.derivers()[v.where].options().name.c_str());
  } else {
    std::snprintf(out, sizeof out, "deriver %" PRIu32, v.where);
  }
}

void violations_list(const model::World& world) {
  const std::vector<model::Violation>& violations = world.violations();
  colored_text(style::accent_text, "Violations");
  ImGui::SameLine();
  dim_text(violations.empty() ? "none found so far" : "what verification found, newest first");
  if (violations.empty()) return;
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                    ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("violations", 7, flags, ImVec2(0, list_height(violations.size(), 6.0f)))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* name : {"kind", "where", "record", "injected", "detected", "repaired"}) {
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableSetupColumn("detail", ImGuiTableColumnFlags_WidthStretch);
  static const char* const tips[] = {
      nullptr,
      "The replica whose copy was bad, or the deriver whose view was wrong.",
      "The record's offset in the log.",
      "Tick the fault behind it was injected (— for a false alarm or a view).",
      "Tick it was found.",
      "Tick it was repaired: — if it was not (lost, or not repairable).",
      nullptr,
  };
  headers_with_tips(tips);
  ImGuiListClipper clipper;
  clipper.Begin(int(violations.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const model::Violation& v = violations[violations.size() - 1 - std::size_t(i)];
      const bool lost = v.kind == model::ViolationKind::record_lost ||
                        v.kind == model::ViolationKind::acknowledged_write_lost;
      const ImVec4* color = lost ? &style::error_text : nullptr;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (color) {
        colored_text(*color, model::to_string(v.kind));
      } else {
        ImGui::TextUnformatted(model::to_string(v.kind));
      }
      ImGui::TableNextColumn();
      char where[64];
      violation_where(world, v, where);
      ImGui::TextUnformatted(where);
      ImGui::TableNextColumn();
      number_cell(v.offset.value, color);
      ImGui::TableNextColumn();
      tick_cell(v.injected_at, color);
      ImGui::TableNextColumn();
      tick_cell(v.detected_at, color);
      ImGui::TableNextColumn();
      tick_cell(v.repaired_at, color);
      ImGui::TableNextColumn();
      // Detail text names keys and values: never a format string.
      if (color) {
        colored_text(*color, v.detail.c_str());
      } else {
        ImGui::TextUnformatted(v.detail.c_str());
      }
    }
  }
  ImGui::EndTable();
}

void ledger_list(const model::World& world) {
  const std::vector<model::LedgerEntry>& entries = world.fault_ledger().entries();
  colored_text(style::accent_text, "Fault ledger");
  ImGui::SameLine();
  dim_text(entries.empty() ? "no faults yet"
                           : "the simulator's omniscient record of every fault (nothing in the system reads it)");
  if (entries.empty()) return;
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                    ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("ledger", 6, flags, ImVec2(0, list_height(entries.size(), 5.0f)))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* name : {"kind", "replica", "bytes on disk", "injected", "detected", "repaired"}) {
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(int(entries.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const model::LedgerEntry& e = entries[entries.size() - 1 - std::size_t(i)];
      const ImVec4* color = e.lost ? &style::error_text : !e.detected_at ? &style::warn_text : nullptr;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string kind = std::string(model::to_string(e.kind)) + (e.lost ? " (lost)" : "");
      if (color) {
        colored_text(*color, kind.c_str());
      } else {
        ImGui::TextUnformatted(kind.c_str());
      }
      ImGui::TableNextColumn();
      number_cell(e.replica);
      ImGui::TableNextColumn();
      char range[64];
      std::snprintf(range, sizeof range, "%" PRIu64 "..%" PRIu64, e.position, e.position + e.bytes);
      right_aligned_text(range);
      ImGui::TableNextColumn();
      tick_cell(e.injected_at);
      ImGui::TableNextColumn();
      tick_cell(e.detected_at, color);
      ImGui::TableNextColumn();
      tick_cell(e.repaired_at, color);
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_storage_panel(App& app) {
  const scenario::Session* session = loaded_session(app);
  if (session == nullptr) return;
  const model::World& world = session->world();
  settings_line(world.log());
  replicas_table(app, world);
  ImGui::Spacing();
  inject_controls(app, world);
  audit_controls(app);
  ImGui::Spacing();
  figures(world);
  ImGui::Spacing();
  violations_list(world);
  ImGui::Spacing();
  ledger_list(world);
}

}  // namespace io::web
