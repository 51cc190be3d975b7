// The write path before the log: clients that time out and retry, the lossy links they send on,
// and the front door that decides which copies take effect. The chapter's end-to-end argument is
// read off these numbers: retries and duplicated messages arrive as extra copies, and only an
// idempotency key that travels from the client to the front door tells them apart.

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "panels.h"
#include "style.h"
#include "widgets.h"

namespace io::web {

namespace {

// Rows of clients shown before their table scrolls: the front door and links stay in view.
constexpr float client_rows_visible_max = 3.5f;

void client_row(App& app, const model::Client& client, std::size_t i, float row_height) {
  const model::ClientCounters& c = client.counters();
  ImGui::PushID(int(i));
  ImGui::TableNextRow(ImGuiTableRowFlags_None, row_height);

  ImGui::TableNextColumn();
  // The name is the author's text: never a format string.
  colored_text(style::accent_text, client.options().name.c_str());
  ImGui::SameLine();
  if (client.options().idempotency_keys) {
    dim_text("· keys on");
    item_tooltip("A retry carries the same request ID as the first attempt: an end-to-end idempotency key.");
  } else {
    colored_text(style::warn_text, "· keys off");
    item_tooltip("Every retry gets a fresh request ID: downstream it looks like a brand-new payment.");
  }
  char rect[32];
  std::snprintf(rect, sizeof rect, "pay_now_%zu", i);
  command_button(app, "Pay now", model::Command::of(model::CommandKind::client_send_now, i), rect,
                 "This client makes a new payment at once.");
  ImGui::SameLine();
  std::snprintf(rect, sizeof rect, "double_click_%zu", i);
  command_button(app, "Double click", model::Command::of(model::CommandKind::double_submit, i), rect,
                 "An impatient user clicks Pay twice: one payment, sent twice at once.");

  const std::uint64_t numbers[] = {c.requests_made, c.attempts_sent, c.retries_sent, c.answers, c.accepted,
                                   c.duplicates,    c.rejected,      c.given_up,     client.pending().size()};
  for (std::size_t k = 0; k < std::size(numbers); ++k) {
    ImGui::TableNextColumn();
    const bool bad = (k == 6 || k == 7) && numbers[k] > 0;  // rejected, given up
    number_cell(numbers[k], bad ? &style::warn_text : numbers[k] == 0 ? &style::dim_text : nullptr);
  }
  ImGui::PopID();
}

void clients_table(App& app, const model::World& world) {
  const std::vector<model::Client>& clients = world.clients();
  colored_text(style::accent_text, "Clients");
  if (clients.empty()) {
    ImGui::SameLine();
    dim_text("none in this scenario");
    return;
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row_height = ImGui::GetTextLineHeight() + style.ItemSpacing.y + ImGui::GetFrameHeight();
  const float row_total = row_height + style.CellPadding.y * 2;
  const float height = ImGui::GetFrameHeightWithSpacing() +
                       row_total * std::min(float(clients.size()), client_rows_visible_max) + 4;
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                    ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("clients", 10, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  // Wide enough for the two buttons under the name; the numbers share the rest.
  const float buttons = ImGui::CalcTextSize("Pay now").x + ImGui::CalcTextSize("Double click").x +
                        style.FramePadding.x * 4 + style.ItemSpacing.x;
  ImGui::TableSetupColumn("client", ImGuiTableColumnFlags_WidthFixed, buttons);
  for (const char* name : {"made", "sent", "retries", "answered", "accepted", "duplicate", "rejected", "gave up",
                           "waiting"}) {
    ImGui::TableSetupColumn(name, ImGuiTableColumnFlags_WidthStretch, ImGui::CalcTextSize(name).x);
  }
  static const char* const tips[] = {
      "Idempotency keys on: retries reuse the request ID. Off: each retry is a new request ID.",
      "New payments this client decided to make (each is one intent).",
      "Attempts sent over the network: first attempts, retries and second clicks.",
      "Attempts sent again after a timeout: the client could not tell whether the first one arrived.",
      "Requests that got an answer back.",
      "Answers saying the payment took effect.",
      "Answers saying the front door had already seen this request ID: absorbed, no second effect.",
      "Answers refusing the request (invalid, or a request ID reused for a different payment).",
      "Requests abandoned after the last retry, with no answer: the client does not know if they took effect.",
      "Requests still waiting for an answer now.",
  };
  headers_with_tips(tips);
  ImGuiListClipper clipper;
  clipper.Begin(int(clients.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      client_row(app, clients[std::size_t(row)], std::size_t(row), row_height);
    }
  }
  ImGui::EndTable();
}

const char* dedup_explanation(model::DedupMode mode) {
  switch (mode) {
    case model::DedupMode::none: return "none: every copy that arrives is appended; retries and duplicates double-charge.";
    case model::DedupMode::per_connection:
      return "per_connection: like TCP, a copy re-delivered on the same connection is caught; a client's retry "
             "arrives on a new connection and is not.";
    case model::DedupMode::end_to_end:
      return "end_to_end: the client's request ID is the key; any copy, from any layer, is absorbed.";
  }
  return "";
}

void front_door(App& app, const model::World& world) {
  const model::FrontDoor& door = world.front_door();
  const model::FrontDoorOptions& o = door.options();
  ImGui::AlignTextToFramePadding();
  colored_text(style::accent_text, "Front door");
  ImGui::SameLine();
  if (door.down()) {
    colored_text(style::error_text, "DOWN");
    item_tooltip("Crashed: requests arriving now get no answer. It restarts and rebuilds its table from the log.");
  } else {
    colored_text(style::ok_text, "up");
  }
  // Each part wraps to the next line rather than run past a narrow window's edge.
  char text[160];
  std::snprintf(text, sizeof text, "· dedup %s", model::to_string(o.dedup));
  same_line_if_room(ImGui::CalcTextSize(text).x);
  ImGui::TextUnformatted(text);
  item_tooltip(dedup_explanation(o.dedup));
  std::snprintf(text, sizeof text, "· writes %s",
                o.writes == model::WriteMode::log ? "to the log" : "to each store (dual writes)");
  same_line_if_room(ImGui::CalcTextSize(text).x);
  ImGui::TextUnformatted(text);
  if (o.dedup == model::DedupMode::end_to_end) {
    // Only this mode consults the table, so only this mode shows it.
    std::snprintf(text, sizeof text, "· idempotency table %zu keys", door.idempotency_table().size());
    same_line_if_room(ImGui::CalcTextSize(text).x);
    ImGui::TextUnformatted(text);
    item_tooltip("Request IDs the front door remembers: a copy carrying a known ID is absorbed, not applied again.");
  }
  constexpr const char* crash_label = "Crash front door";
  same_line_if_room(ImGui::CalcTextSize(crash_label).x + ImGui::GetStyle().FramePadding.x * 2);
  command_button(app, crash_label, model::Command::of(model::CommandKind::crash_front_door), "crash_front_door",
                 "Kill the front door process: it forgets what it kept in memory and restarts later.");

  const model::FrontDoorCounters& c = door.counters();
  constexpr ImGuiTableFlags flags =
      ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("front_door", 8, flags)) return;
  for (const char* name : {"arrived", "accepted", "absorbed", "invalid", "key reused", "lost (down)", "restarts",
                           "replayed"}) {
    ImGui::TableSetupColumn(name);
  }
  static const char* const tips[] = {
      "Request copies that reached the front door while it was up.",
      "Requests that took effect: appended to the log (or written to the stores).",
      "Copies recognised as duplicates and answered without a second effect.",
      "Requests refused as invalid (unknown account, bad amount).",
      "Requests refused because their request ID was already used for a different payment.",
      "Copies that arrived while it was down: no answer, the client will time out.",
      "Times it came back after a crash.",
      "Log records read to rebuild its idempotency table after restarts.",
  };
  headers_with_tips(tips);
  ImGui::TableNextRow();
  const std::uint64_t numbers[] = {c.requests,         c.accepted,          c.duplicates_absorbed,
                                   c.rejected_invalid, c.rejected_key_reused, c.refused_down,
                                   c.restarts,         c.rebuild_records_read};
  for (std::uint64_t n : numbers) {
    ImGui::TableNextColumn();
    number_cell(n, n == 0 ? &style::dim_text : nullptr);
  }
  ImGui::EndTable();
}

std::string link_options_text(const model::LinkOptions& o) {
  char text[192];
  std::snprintf(text, sizeof text,
                "delay %" PRIu64 "-%" PRIu64 " ticks; drop %.1f%%, duplicate %.1f%%, reorder %.1f%% (up to %" PRIu64
                " ticks late)",
                o.delay_ticks_min, o.delay_ticks_max, o.drop_ppm / 1e4, o.duplicate_ppm / 1e4, o.reorder_ppm / 1e4,
                o.reorder_ticks_max);
  std::string s = text;
  for (const model::Partition& p : o.partitions) {
    std::snprintf(text, sizeof text, "\ncut by a partition from tick %" PRIu64 " to %" PRIu64, p.start_tick, p.end_tick);
    s += text;
  }
  return s;
}

void links_table(const model::World& world) {
  const std::vector<model::Link>& links = world.links();
  // The last two links carry dual writes to the stores; in log mode nothing uses them.
  const bool dual_writes = world.front_door().options().writes == model::WriteMode::dual_writes;
  const std::size_t shown = dual_writes || links.size() < 2 ? links.size() : links.size() - 2;
  colored_text(style::accent_text, "Network links");
  ImGui::SameLine();
  char text[64];
  std::snprintf(text, sizeof text, "· %zu message%s in flight now", world.in_flight().size(),
                world.in_flight().size() == 1 ? "" : "s");
  ImGui::TextUnformatted(text);
  if (shown == 0) return;
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                    ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  // As tall as its rows, or the room left (at least a few rows: the panel scrolls beyond that).
  const float row_height = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  const float wanted = ImGui::GetFrameHeightWithSpacing() + row_height * float(shown) + 4;
  const float height = std::min(wanted, std::max(ImGui::GetContentRegionAvail().y, row_height * 4));
  if (!ImGui::BeginTable("links", 8, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn("link", ImGuiTableColumnFlags_WidthStretch);
  for (const char* name : {"sent", "delivered", "dropped", "duplicated", "reordered", "cut", "now"}) {
    ImGui::TableSetupColumn(name);
  }
  static const char* const tips[] = {
      "Hover a link's name for its delay, loss and partitions.",
      "Messages handed to the link.",
      "Copies that arrived.",
      "Messages lost in transit.",
      "Messages delivered twice: the copy is a duplicate no sender intended.",
      "Messages held back so that they overtake or are overtaken.",
      "Messages lost to a partition.",
      "PARTITIONED while the link is cut at the current tick.",
  };
  headers_with_tips(tips);
  const sim::Tick now = world.now();
  ImGuiListClipper clipper;
  clipper.Begin(int(shown));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const model::Link& link = links[std::size_t(row)];
      const model::LinkCounters& c = link.counters();
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(link.name().c_str());
      item_tooltip(link_options_text(link.options()).c_str());
      const std::uint64_t numbers[] = {c.sent, c.delivered, c.dropped, c.duplicated, c.reordered, c.partitioned};
      for (std::size_t k = 0; k < std::size(numbers); ++k) {
        ImGui::TableNextColumn();
        const bool loss = k != 0 && k != 1 && numbers[k] > 0;
        number_cell(numbers[k], numbers[k] == 0 ? &style::dim_text : loss ? &style::warn_text : nullptr);
      }
      ImGui::TableNextColumn();
      if (link.partitioned_at(now)) {
        colored_text(style::error_text, "PARTITIONED");
      } else {
        dim_text("connected");
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_network_panel(App& app) {
  const scenario::Session* session = loaded_session(app);
  if (session == nullptr) return;
  const model::World& world = session->world();
  clients_table(app, world);
  ImGui::Spacing();
  front_door(app, world);
  ImGui::Spacing();
  links_table(world);
}

}  // namespace io::web
