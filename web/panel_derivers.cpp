// The derivers: stream processors that fold the log into views. Each row shows where a deriver
// stands in the log (its position, the checkpoint a restart resumes from, the log's end), how far
// behind it is, and whether it is the one serving reads. Below the rows, the selected deriver's
// view, set beside the truth only the simulator knows, so lag and double effects show up as
// differences a learner can point at.

#include <algorithm>
#include <cfloat>
#include <cinttypes>
#include <cstdio>
#include <iterator>
#include <string>

#include "imgui.h"
#include "model/domain_event.h"
#include "model/views/view.h"
#include "panels.h"
#include "style.h"
#include "widgets.h"

namespace io::web {

namespace {

// Offsets listed per word of the search index; the rest are counted, so a row's text is bounded.
constexpr std::size_t postings_shown_max = 12;
// Rows of views shown before the view's own table starts scrolling, however tall the window.
constexpr float view_rows_min = 4.0f;

enum class Status { not_started, down, stuck, running };

Status status_of(const model::World& world, std::size_t i) {
  const model::Deriver& d = world.derivers()[i];
  if (!world.deployed(i) || world.now().value < d.options().start_tick) return Status::not_started;
  if (d.down()) return Status::down;
  if (d.stuck()) return Status::stuck;
  return Status::running;
}

void status_cell(const model::World& world, std::size_t i, Status status) {
  const model::Deriver& d = world.derivers()[i];
  char text[64];
  ImGui::AlignTextToFramePadding();
  switch (status) {
    case Status::not_started:
      dim_text("not started");
      if (!world.deployed(i)) item_tooltip("Declared to start on command: press Start to deploy it beside the others.");
      break;
    case Status::down:
      colored_text(style::error_text, "down");
      std::snprintf(text, sizeof text, "Crashed; it restarts %" PRIu64 " ticks after the crash, from its checkpoint.",
                    d.options().restart_ticks);
      item_tooltip(text);
      break;
    case Status::stuck:
      std::snprintf(text, sizeof text, "stuck at %" PRIu64, d.position().value);
      colored_text(style::error_text, text);
      item_tooltip("The log cannot return its next record (a checksum mismatch, say): it retries and makes no progress.");
      break;
    case Status::running:
      colored_text(style::ok_text, "running");
      break;
  }
  if (world.serving(d.options().view) == int(i)) {
    ImGui::PushStyleColor(ImGuiCol_Text, style::accent_text);
    ImGui::TextUnformatted("★ serves reads");
    ImGui::PopStyleColor();
  }
}

// A bar for the deriver's place in the log, drawn in three parts: solid up to the checkpoint
// (read, and durable), light from the checkpoint to the position (read, but delivered again
// after a crash), empty from the position to the log's end (the lag). "position / end" on top.
void position_bar(const model::Deriver& d, std::uint64_t end) {
  const std::uint64_t position = std::min(d.position().value, end);
  const std::uint64_t checkpoint = std::min(d.checkpoint().value, position);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetFrameHeight());
  const ImVec2 max(min.x + size.x, min.y + size.y);
  const auto x_at = [&](std::uint64_t offset) {
    return end == 0 ? max.x : min.x + size.x * float(double(offset) / double(end));
  };
  const float rounding = ImGui::GetStyle().FrameRounding;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, ImGui::GetColorU32(ImGuiCol_FrameBg), rounding);
  if (x_at(position) > min.x) {
    draw->AddRectFilled(min, ImVec2(x_at(position), max.y), ImGui::GetColorU32(style::read_uncheckpointed), rounding);
  }
  if (x_at(checkpoint) > min.x) {
    draw->AddRectFilled(min, ImVec2(x_at(checkpoint), max.y), ImGui::GetColorU32(ImGuiCol_PlotHistogram), rounding);
  }
  char text[64];
  std::snprintf(text, sizeof text, "%" PRIu64 " / %" PRIu64, d.position().value, end);
  const ImVec2 text_size = ImGui::CalcTextSize(text);
  draw->AddText(ImVec2(min.x + (size.x - text_size.x) * 0.5f, min.y + (size.y - text_size.y) * 0.5f),
                ImGui::GetColorU32(ImGuiCol_Text), text);
  ImGui::Dummy(size);
  item_tooltip(
      "Where this deriver is in the log: position / log end. Solid: records read and checkpointed. Light: read "
      "since the last checkpoint, so delivered again if it crashes now. Empty: not read yet (its lag).");
}

void lag_line(const model::World& world, const model::Deriver& d) {
  const std::uint64_t lag_records = d.lag_records(world.log().end_offset());
  // lag_ticks reads at most lag_scan_records_max records: bounded per frame.
  const std::uint64_t lag_ticks = d.lag_ticks(world.now(), world.log());
  char text[128];
  // Lag first: if the column is narrow, the checkpoint (also drawn in the bar) is what gets cut.
  std::snprintf(text, sizeof text, "lag %" PRIu64 " record%s, %" PRIu64 " tick%s · checkpoint %" PRIu64, lag_records,
                lag_records == 1 ? "" : "s", lag_ticks, lag_ticks == 1 ? "" : "s", d.checkpoint().value);
  colored_text(lag_records > 0 ? style::warn_text : style::dim_text, text);
}

// Compact buttons, one above the other, so two fit in a row's two lines.
void action_buttons(App& app, const model::World& world, std::size_t i) {
  char rect[32];
  const model::Deriver& d = world.derivers()[i];
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(style.FramePadding.x, 2.0f));
  const ImVec2 full_width(-FLT_MIN, 0);
  // Each button centred on its line of the row: the first on the bar's, the second on the text's.
  const float top = ImGui::GetCursorPosY();
  const float button_height = ImGui::GetTextLineHeight() + 4.0f;
  ImGui::SetCursorPosY(top + (ImGui::GetFrameHeight() - button_height) * 0.5f);
  if (!world.deployed(i)) {
    std::snprintf(rect, sizeof rect, "start_deriver_%zu", i);
    command_button(app, "Start", model::Command::of(model::CommandKind::start_deriver, i), rect,
                   "Deploy this deriver now: it reads the whole log from offset 0 beside the others.", full_width);
  } else {
    std::snprintf(rect, sizeof rect, "crash_deriver_%zu", i);
    command_button(app, "Crash", model::Command::of(model::CommandKind::crash_deriver, i), rect,
                   "Kill the process: its position falls back to the last checkpoint, and it restarts later.",
                   full_width);
    if (world.serving(d.options().view) != int(i)) {
      ImGui::SetCursorPosY(top + ImGui::GetFrameHeight() + style.ItemSpacing.y +
                           (ImGui::GetTextLineHeight() - button_height) * 0.5f);
      std::snprintf(rect, sizeof rect, "serve_reads_%zu", i);
      command_button(app, "Serve reads", model::Command::of(model::CommandKind::switch_reads, i), rect,
                     "Send every read of this kind of view to this deriver's view from now on.", full_width);
    }
  }
  ImGui::PopStyleVar();
}

void deriver_row(App& app, const model::World& world, std::size_t i, int* selected, float row_height) {
  const model::Deriver& d = world.derivers()[i];
  const model::DeriverOptions& o = d.options();
  const Status status = status_of(world, i);
  ImGui::PushID(int(i));
  ImGui::TableNextRow(ImGuiTableRowFlags_None, row_height);

  ImGui::TableNextColumn();
  // The whole row selects the view shown below; the buttons on it still take their own clicks.
  const ImVec2 start = ImGui::GetCursorPos();
  if (ImGui::Selectable("##select", *selected == int(i),
                        ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                        ImVec2(0, row_height))) {
    *selected = int(i);
  }
  char rect[32];
  std::snprintf(rect, sizeof rect, "deriver_row_%zu", i);
  publish_last_item(app, rect);
  ImGui::SetCursorPos(start);
  ImGui::AlignTextToFramePadding();
  const bool serving = world.serving(o.view) == int(i);
  const std::string name = (serving ? "★ " : "") + o.name;
  colored_text(style::accent_text, name.c_str());
  const std::string kind = std::string(model::to_string(o.view)) + " " + model::to_string(o.logic) + " · " +
                           model::to_string(o.apply);
  dim_text(kind.c_str());
  item_tooltip(o.apply == model::ApplyMode::idempotent
                   ? "idempotent: the view stores how far it has applied the log, with its data, so a record "
                     "delivered again after a crash is recognised and skipped."
                   : "naive: a record delivered again after a crash is applied again: at-least-once delivery "
                     "becomes a double effect.");

  ImGui::TableNextColumn();
  position_bar(d, world.log().end_offset().value);
  lag_line(world, d);

  ImGui::TableNextColumn();
  status_cell(world, i, status);

  ImGui::TableNextColumn();
  action_buttons(app, world, i);
  ImGui::PopID();
}

void derivers_table(App& app, const model::World& world, int* selected) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row_height = ImGui::GetFrameHeight() + style.ItemSpacing.y + ImGui::GetTextLineHeight();
  const std::size_t count = world.derivers().size();
  // The rows take what they need, up to half the panel; more derivers than that scroll.
  const float wanted = ImGui::GetFrameHeightWithSpacing() + float(count) * (row_height + style.CellPadding.y * 2) + 4;
  const float height = std::min(wanted, std::max(ImGui::GetContentRegionAvail().y * 0.5f, row_height * 2));
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                    ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("derivers", 4, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("deriver");
  ImGui::TableSetupColumn("position in the log", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("status");
  // As wide as the widest button, which fills it: the stacked buttons line up.
  ImGui::TableSetupColumn("actions", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("Serve reads").x + style.FramePadding.x * 2);
  static const char* const tips[] = {
      "Name, and the view it maintains: kind, version of its code, and what it does with a record delivered twice.",
      ("Records read out of the log's end: solid up to the checkpoint, light since it. Lag: records not yet "
       "read, and how long the oldest of them has waited."),
      "★ marks the deriver whose view answers reads of its kind.",
      "Your interventions on this deriver.",
  };
  headers_with_tips(tips);
  ImGuiListClipper clipper;
  clipper.Begin(int(count));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      deriver_row(app, world, std::size_t(row), selected, row_height);
    }
  }
  ImGui::EndTable();
}

// Where `view` differs from the truth: orange while the view has not read the whole log (lag,
// which heals), red once it has (a double effect or a lost update, which does not).
const ImVec4& difference_color(const model::View& view, const model::World& world) {
  return model::applied_through(view) < world.log().end_offset() ? style::warn_text : style::error_text;
}

constexpr ImGuiTableFlags view_table_flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                             ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV;

bool begin_view_table(const char* id, int columns) {
  const float rows = std::max(ImGui::GetContentRegionAvail().y, ImGui::GetFrameHeightWithSpacing() * view_rows_min);
  if (!ImGui::BeginTable(id, columns, view_table_flags, ImVec2(0, rows))) return false;
  ImGui::TableSetupScrollFreeze(0, 1);
  return true;
}

void text_cell(const char* text, const ImVec4* color = nullptr) {
  ImGui::TableNextColumn();
  if (color) {
    colored_text(*color, text);
  } else {
    ImGui::TextUnformatted(text);
  }
}

void cents_cell(std::int64_t cents, const ImVec4* color = nullptr) {
  ImGui::TableNextColumn();
  right_aligned_text(model::format_cents(cents).c_str(), color);
}

const char* account_name(const model::AccountTable& accounts, std::size_t a) {
  return a < accounts.size() ? accounts[a].name.c_str() : "?";
}

void balances_contents(const model::View& view, const model::World& world) {
  const auto& balances = std::get<model::BalancesView>(view);
  const model::AccountTable& accounts = world.accounts();
  const std::vector<std::int64_t>& truth = world.true_balances();
  if (!begin_view_table("balances", 5)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("account", ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn("balance", ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn("true balance", ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn("difference", ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn("display name", ImGuiTableColumnFlags_WidthStretch);
  static const char* const tips[] = {
      nullptr,
      "What this view says: the fold of the log records it has applied.",
      "What the balance really is after every effect so far: the simulator knows it, no component may read it.",
      ("balance - true balance. Orange: the view has not read the whole log yet (lag, heals by itself). "
       "Red: it has, and still differs (a double effect)."),
      "The name the view shows: renames overwrite it, so their order matters.",
  };
  headers_with_tips(tips);
  const ImVec4& differs = difference_color(view, world);
  ImGuiListClipper clipper;
  clipper.Begin(int(balances.account_count()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const auto a = model::AccountId(row);
      ImGui::TableNextRow();
      text_cell(account_name(accounts, a));
      const std::int64_t value = balances.balance_cents(a);
      const bool known = std::size_t(a) < truth.size();
      const bool same = known && truth[a] == value;
      cents_cell(value, same ? nullptr : &differs);
      if (known) {
        cents_cell(truth[a]);
      } else {
        text_cell("?");
      }
      if (same) {
        ImGui::TableNextColumn();
        right_aligned_text("0", &style::dim_text);
      } else if (known) {
        cents_cell(value - truth[a], &differs);
      } else {
        text_cell("");
      }
      text_cell(balances.display_name(a).c_str());
    }
  }
  ImGui::EndTable();
}

void search_index_contents(const model::View& view) {
  const auto& index = std::get<model::SearchIndexView>(view);
  const model::SearchIndexView::Index& postings = index.postings();
  if (postings.empty()) {
    dim_text("No words indexed yet: the index holds the words of transfer memos.");
    return;
  }
  if (!begin_view_table("search_index", 3)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("word", ImGuiTableColumnFlags_WidthFixed, em * 9);
  ImGui::TableSetupColumn("transfers", ImGuiTableColumnFlags_WidthFixed, em * 5);
  ImGui::TableSetupColumn("log offsets of the transfers whose memo has the word", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(int(std::min<std::size_t>(postings.size(), model::SearchIndexView::words_max)));
  while (clipper.Step()) {
    // A map has no random access: walking to the first visible word is bounded by words_max.
    auto it = std::next(postings.begin(), clipper.DisplayStart);
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd && it != postings.end(); ++row, ++it) {
      ImGui::TableNextRow();
      text_cell(it->first.c_str(), &style::accent_text);
      ImGui::TableNextColumn();
      number_cell(it->second.size());
      std::string offsets;
      for (std::size_t k = 0; k < it->second.size() && k < postings_shown_max; ++k) {
        if (k > 0) offsets += ", ";
        offsets += std::to_string(it->second[k]);
      }
      if (it->second.size() > postings_shown_max) {
        offsets += " … and " + std::to_string(it->second.size() - postings_shown_max) + " more";
      }
      text_cell(offsets.c_str());
    }
  }
  ImGui::EndTable();
}

void counters_contents(const model::View& view, const model::World& world) {
  const auto& counters = std::get<model::CountersView>(view);
  if (!begin_view_table("counters", 2)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("account", ImGuiTableColumnFlags_WidthFixed, em * 9);
  ImGui::TableSetupColumn(counters.logic() == model::DeriverLogic::v1 ? "transfers sent (v1)"
                                                                       : "transfers sent or received (v2)",
                          ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(int(counters.account_count()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      ImGui::TableNextRow();
      text_cell(account_name(world.accounts(), std::size_t(row)));
      ImGui::TableNextColumn();
      char text[24];
      std::snprintf(text, sizeof text, "%" PRIu64, counters.count(model::AccountId(row)));
      ImGui::TextUnformatted(text);
    }
  }
  ImGui::EndTable();
}

void cache_contents(const model::View& view, const model::World& world) {
  const auto& cache = std::get<model::CacheView>(view);
  const int source = world.serving(model::ViewKind::balances);
  const model::BalancesView* balances =
      source >= 0 ? std::get_if<model::BalancesView>(&world.derivers()[std::size_t(source)].view()) : nullptr;
  char text[160];
  std::snprintf(text, sizeof text, "%" PRIu64 " eviction%s, %" PRIu64 " fill%s not kept (the view was behind the cache)",
                cache.evictions(), cache.evictions() == 1 ? "" : "s", cache.uncached_fills(),
                cache.uncached_fills() == 1 ? "" : "s");
  dim_text(text);
  if (cache.entries().empty()) {
    dim_text("The cache is empty: readers fill it on a miss, events from the log invalidate it.");
    return;
  }
  if (!begin_view_table("cache", 5)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("account", ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn("cached", ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn("balances view", ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn("true balance", ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn("fill #", ImGuiTableColumnFlags_WidthStretch);
  static const char* const tips[] = {
      nullptr,
      "The value this cache serves. Red when it differs from the balances view it fronts: a stale entry.",
      "The balances view serving reads, which the cache fills from on a miss.",
      "What the balance really is after every effect so far.",
      "Order of filling: when the cache is full, the oldest fill is evicted first.",
  };
  headers_with_tips(tips);
  // Entries are at most CacheView::entries_max, a small map: walking it is bounded.
  ImGuiListClipper clipper;
  clipper.Begin(int(cache.entries().size()));
  while (clipper.Step()) {
    auto it = std::next(cache.entries().begin(), clipper.DisplayStart);
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd && it != cache.entries().end(); ++row, ++it) {
      const model::AccountId a = it->first;
      ImGui::TableNextRow();
      text_cell(account_name(world.accounts(), a));
      const bool stale = balances != nullptr && a < balances->account_count() &&
                         balances->balance_cents(a) != it->second.balance_cents;
      cents_cell(it->second.balance_cents, stale ? &style::error_text : nullptr);
      if (balances != nullptr && a < balances->account_count()) {
        cents_cell(balances->balance_cents(a));
      } else {
        text_cell("-", &style::dim_text);
      }
      if (std::size_t(a) < world.true_balances().size()) {
        cents_cell(world.true_balances()[a]);
      } else {
        text_cell("?");
      }
      ImGui::TableNextColumn();
      std::snprintf(text, sizeof text, "%" PRIu64, it->second.fill_sequence);
      dim_text(text);
    }
  }
  ImGui::EndTable();
}

void view_contents(const model::World& world, std::size_t i) {
  const model::Deriver& d = world.derivers()[i];
  const model::View& view = d.view();
  const std::string heading = "View of " + d.options().name + ":";
  colored_text(style::accent_text, heading.c_str());
  ImGui::SameLine();
  // summary() is O(accounts) at most (counters find the busiest): bounded by accounts_max.
  ImGui::TextUnformatted(model::summary(view, world.accounts()).c_str());
  switch (model::kind_of(view)) {
    case model::ViewKind::balances: balances_contents(view, world); break;
    case model::ViewKind::search_index: search_index_contents(view); break;
    case model::ViewKind::counters: counters_contents(view, world); break;
    case model::ViewKind::cache: cache_contents(view, world); break;
    // These have tabs of their own, with the lender's and the registry's side of the story.
    case model::ViewKind::marketing: ImGui::TextDisabled("Who may be contacted, and how: see the Privacy tab."); break;
    case model::ViewKind::credit_scores: ImGui::TextDisabled("Scores per applicant and group: see the Credit tab."); break;
  }
}

// In the dual-writes mode there is no log between the application and its stores: the two
// copies are written separately and may disagree, which is what this table is for.
void dual_write_stores(const model::World& world) {
  const model::DualWriteStores& stores = world.dual_write_stores();
  colored_text(style::accent_text, "Dual writes: the application writes the database and the search index directly");
  if (!begin_view_table("dual_writes", 6)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("account", ImGuiTableColumnFlags_WidthFixed, em * 6);
  ImGui::TableSetupColumn("database", ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
  ImGui::TableSetupColumn("search index", ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
  ImGui::TableSetupColumn("true balance", ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
  ImGui::TableSetupColumn("name in database", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("name in index", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  const std::vector<std::int64_t>& truth = world.true_balances();
  ImGuiListClipper clipper;
  clipper.Begin(int(std::min(stores.database.account_count(), stores.search_index.account_count())));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const auto a = model::AccountId(row);
      ImGui::TableNextRow();
      text_cell(account_name(world.accounts(), a));
      const std::int64_t db = stores.database.balance_cents(a);
      const std::int64_t ix = stores.search_index.balance_cents(a);
      cents_cell(db, db == ix ? nullptr : &style::error_text);
      cents_cell(ix, db == ix ? nullptr : &style::error_text);
      if (std::size_t(a) < truth.size()) {
        cents_cell(truth[a]);
      } else {
        text_cell("?");
      }
      const std::string& db_name = stores.database.display_name(a);
      const std::string& ix_name = stores.search_index.display_name(a);
      text_cell(db_name.c_str(), db_name == ix_name ? nullptr : &style::error_text);
      text_cell(ix_name.c_str(), db_name == ix_name ? nullptr : &style::error_text);
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_derivers_panel(App& app) {
  const scenario::Session* session = loaded_session(app);
  if (session == nullptr) return;
  const model::World& world = session->world();
  const bool dual_writes = world.front_door().options().writes == model::WriteMode::dual_writes;
  if (world.derivers().empty()) {
    if (dual_writes) {
      dual_write_stores(world);
    } else {
      ImGui::TextDisabled("This scenario has no derivers: nothing is derived from the log.");
    }
    return;
  }
  // Which deriver's view is shown lives in ImGui's state storage: the app keeps no widget state.
  // (Read and written by value: a pointer into the storage would not survive other insertions.)
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID selected_id = ImGui::GetID("selected_deriver");
  int selected = std::clamp(storage->GetInt(selected_id, 0), 0, int(world.derivers().size()) - 1);
  derivers_table(app, world, &selected);
  storage->SetInt(selected_id, selected);
  ImGui::Spacing();
  view_contents(world, std::size_t(selected));
  if (dual_writes) dual_write_stores(world);
}

}  // namespace io::web
