// The numbers behind the chapter's two words, timeliness and integrity. Timeliness (lag, stale
// reads) is watched every frame and over the run, from the World's bounded series of samples.
// Integrity (views equal the log, money conserved) needs the auditor, which refolds the whole
// log: it runs only when the learner presses "Audit now", never per frame.
// Plots use floats; they only draw, they never decide an outcome.

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

// What one plot draws from each sample.
enum class Series { log_end_offset, duplicate_effects, stale_reads, lag_records };

struct PlotSource {
  const model::World::Samples* samples = nullptr;
  Series series = Series::log_end_offset;
  std::size_t deriver = 0;  // for lag_records
};

std::uint64_t value_of(const model::MetricsSample& s, const PlotSource& source) {
  switch (source.series) {
    case Series::log_end_offset: return s.log_end_offset;
    case Series::duplicate_effects: return s.duplicate_effects;
    case Series::stale_reads: return s.stale_reads;
    case Series::lag_records:
      return source.deriver < s.derivers.size() ? s.derivers[source.deriver].lag_records : 0;
  }
  return 0;
}

float plot_value(void* data, int index) {
  const auto* source = static_cast<const PlotSource*>(data);
  return float(value_of((*source->samples)[std::size_t(index)], *source));
}

// One plot over the run, titled, with the latest value as its overlay. The series holds at most
// samples_max samples, so this is bounded work whatever the log's length.
void plot(const char* id, const std::string& title, const PlotSource& source, std::uint64_t now_value,
          const ImVec4* alarm) {
  ImGui::PushID(id);
  const float width = ImGui::GetContentRegionAvail().x;
  std::uint64_t max = 0;
  for (const model::MetricsSample& s : *source.samples) max = std::max(max, value_of(s, source));
  char text[64];
  std::snprintf(text, sizeof text, "now %" PRIu64 ", max %" PRIu64, now_value, std::max(max, now_value));
  // Titles share a baseline across a row of plots however the table aligns its cells.
  ImGui::AlignTextToFramePadding();
  colored_text(alarm && now_value > 0 ? *alarm : style::dim_text, title.c_str());
  // Right-aligned within the plot's own width, not the window's: plots sit side by side.
  ImGui::SameLine();
  right_aligned_text(text, &style::dim_text);
  PlotSource copy = source;
  ImGui::PlotLines("##plot", plot_value, &copy, int(source.samples->size()), 0, nullptr, 0.0f,
                   float(std::max<std::uint64_t>(max, 1)), ImVec2(width, ImGui::GetFontSize() * 3.2f));
  ImGui::PopID();
}

void figures_table(const model::MetricsSample& now) {
  const Figure figures[] = {
      {"log end offset", now.log_end_offset, "Records in the log: the system of record.", nullptr},
      {"requests made", now.requests_sent, "New payments clients decided to make.", nullptr},
      {"retries sent", now.retries_sent, "Further attempts after timeouts, and second clicks.", nullptr},
      {"accepted", now.requests_accepted, "Requests that took effect at the front door.", nullptr},
      {"duplicates absorbed", now.duplicates_absorbed,
       "Copies the front door recognised and answered without a second effect.", nullptr},
      {"duplicate effects", now.duplicate_effects,
       "Payments that took effect more than once: someone was charged twice.", &style::error_text},
      {"rejected", now.requests_rejected, "Requests the front door refused.", nullptr},
      {"given up", now.requests_given_up, "Requests clients abandoned after their last retry.", &style::warn_text},
      {"messages lost", now.messages_lost, "Dropped in transit or cut by a partition, on every link.", nullptr},
      {"reads", now.reads, "Balance reads by the readers.", nullptr},
      {"stale reads", now.stale_reads, "Reads that returned something other than the true balance at that moment.",
       &style::warn_text},
      {"read path cost", now.read_path_cost,
       "Records touched to answer reads: 1 per lookup in a view, the whole log per log scan.", nullptr},
      {"write path cost", now.write_path_cost,
       "Records applied by derivers to keep their views current: work done ahead of the reads.", nullptr},
  };
  figures_grid("figures", figures, std::size(figures), 3, 1.6f, 1.0f);
}

void readers_table(const model::World& world) {
  const std::vector<model::Reader>& readers = world.readers();
  if (readers.empty()) return;
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                    ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  const float row = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  const float height = ImGui::GetFrameHeightWithSpacing() + row * std::min(float(readers.size()), 3.0f) + 4;
  if (!ImGui::BeginTable("readers", 6, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn("reader", ImGuiTableColumnFlags_WidthStretch);
  for (const char* name : {"reads from", "reads", "stale", "unanswered", "records touched"}) {
    ImGui::TableSetupColumn(name);
  }
  static const char* const tips[] = {
      nullptr,
      ("view: the balances view serving reads (★ in Derivers); cache: a cache in front of it; log_scan: fold "
       "the whole log at every read."),
      "Reads made so far.",
      "Reads whose answer differed from the true balance at that moment.",
      "Reads nothing could answer (no view serving yet).",
      "Records touched to answer: the read path's cost.",
  };
  headers_with_tips(tips);
  ImGuiListClipper clipper;
  clipper.Begin(int(readers.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const model::Reader& r = readers[std::size_t(i)];
      const model::ReaderCounters& c = r.counters();
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.options().name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(model::to_string(r.options().path));
      ImGui::TableNextColumn();
      number_cell(c.reads);
      ImGui::TableNextColumn();
      number_cell(c.stale_reads, c.stale_reads > 0 ? &style::warn_text : &style::dim_text);
      ImGui::TableNextColumn();
      number_cell(c.unavailable, c.unavailable > 0 ? &style::warn_text : &style::dim_text);
      ImGui::TableNextColumn();
      number_cell(c.cost);
    }
  }
  ImGui::EndTable();
}

void check(bool ok, const char* what) {
  const std::string text = std::string(ok ? "✓ " : "✗ ") + what;
  colored_text(ok ? style::ok_text : style::error_text, text.c_str());
}

void audit(App& app, const model::World& world) {
  if (ImGui::Button("Audit now")) app.audit();
  publish_last_item(app, "audit");
  item_tooltip(
      "Refold the whole log and compare every view with the result, check that money is conserved and that "
      "dual-write stores agree. It reads every record, so it runs only when you ask.");
  ImGui::SameLine();
  const model::MetricsSample* a = app.last_audit();
  if (a == nullptr) {
    ImGui::AlignTextToFramePadding();
    dim_text("Integrity is checked on demand: the audit reads the whole log.");
    return;
  }
  char text[96];
  std::snprintf(text, sizeof text, "at tick %" PRIu64 "%s:", a->tick.value,
                a->tick == world.now() ? "" : " (the run has moved on since)");
  ImGui::AlignTextToFramePadding();
  dim_text(text);
  ImGui::SameLine();
  check(a->views_match_log, "views match the log");
  ImGui::SameLine();
  check(a->money_conserved, "money conserved");
  ImGui::SameLine();
  std::snprintf(text, sizeof text, "%" PRIu64 " wrong balance%s served", a->wrong_balances,
                a->wrong_balances == 1 ? "" : "s");
  check(a->wrong_balances == 0, text);
  item_tooltip("Accounts whose balance in a caught-up balances view differs from the truth: a view can equal "
               "a fold of a corrupt log and still be wrong.");
  if (world.front_door().options().writes == model::WriteMode::dual_writes) {
    ImGui::SameLine();
    std::snprintf(text, sizeof text, "%" PRIu64 " account%s where the stores disagree",
                  a->dual_write_divergent_accounts, a->dual_write_divergent_accounts == 1 ? "" : "s");
    check(a->dual_write_divergent_accounts == 0, text);
  }
  // Which views failed, by name: at most derivers_max of them.
  const std::vector<model::Deriver>& derivers = world.derivers();
  bool first = true;
  for (std::size_t i = 0; i < a->derivers.size() && i < derivers.size(); ++i) {
    if (a->derivers[i].matches_log) continue;
    if (first) dim_text("Views that differ from a fresh fold of the log:");
    first = false;
    ImGui::SameLine();
    colored_text(style::error_text, derivers[i].options().name.c_str());
  }
}

void plots(const model::World& world, const model::MetricsSample& now) {
  const model::World::Samples& samples = world.samples();
  if (samples.empty()) {
    dim_text(world.options().metrics_interval_ticks == 0 ? "This scenario samples no metrics over time."
                                                          : "No samples yet: press Play.");
    return;
  }
  char caption[128];
  const std::uint64_t interval = samples.size() >= 2 ? samples[1].tick.value - samples[0].tick.value : 0;
  std::snprintf(caption, sizeof caption, "Over the run: ticks %" PRIu64 " to %" PRIu64 ", a sample every %" PRIu64
                " ticks", samples.front().tick.value, samples.back().tick.value, interval);
  dim_text(caption);

  // Two plots per row; a table keeps their titles and frames aligned whatever their text.
  if (!ImGui::BeginTable("plots", 2, ImGuiTableFlags_SizingStretchSame)) return;
  ImGui::TableNextColumn();
  plot("log_end", "log end offset", PlotSource{&samples, Series::log_end_offset}, now.log_end_offset, nullptr);
  ImGui::TableNextColumn();
  plot("duplicate_effects", "duplicate effects", PlotSource{&samples, Series::duplicate_effects},
       now.duplicate_effects, &style::error_text);
  ImGui::TableNextColumn();
  plot("stale_reads", "stale reads", PlotSource{&samples, Series::stale_reads}, now.stale_reads, &style::warn_text);
  const std::vector<model::Deriver>& derivers = world.derivers();
  for (std::size_t i = 0; i < derivers.size() && i < now.derivers.size(); ++i) {
    ImGui::TableNextColumn();
    ImGui::PushID(int(i));
    plot("lag", "lag of " + derivers[i].options().name + " (records)", PlotSource{&samples, Series::lag_records, i},
         now.derivers[i].lag_records, nullptr);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

void draw_metrics_panel(App& app) {
  const scenario::Session* session = loaded_session(app);
  if (session == nullptr) return;
  const model::World& world = session->world();
  // Not audited: O(derivers), plus lag_ticks' bounded scan per deriver.
  const model::MetricsSample now = world.sample(false);
  figures_table(now);
  readers_table(world);
  audit(app, world);
  ImGui::Spacing();
  plots(world, now);
}

}  // namespace io::web
