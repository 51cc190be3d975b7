// Credit: a predictive model as derived data, and the feedback loop it closes. Per group of
// applicants, side by side: how often the lender approves, the scores it decides by, what its
// model believes of the group beside the truth no component may read, and what its decisions
// produced (repayments, defaults, payments missed elsewhere after a refusal). Over the run, the
// same figures as lines, so a gap that grows is seen growing. The lender's policy can be changed
// mid-run; each change is a Command. Figures only draw here: floats never decide anything.
// One convention on the whole tab, so two figures compare without converting: a score is points
// out of 1000 (that is what a score is), every rate (approval, repayment, the model's estimate,
// exploration) is in %. The model keeps rates in per mille and ppm; commands are sent in those.

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "imgui.h"
#include "panels.h"
#include "style.h"
#include "widgets.h"

namespace io::web {

namespace {

using model::PolicyKnob;

const std::string& group_name(const model::World& world, std::size_t group) {
  return world.options().credit.model.groups[group].name;
}

// A rate in per mille as "85.0 %": tenths of a percent, in integers (per mille is that precision).
struct RateText {
  char text[32];
};
RateText tenths(std::uint64_t permille) {
  RateText p;
  std::snprintf(p.text, sizeof p.text, "%" PRIu64 ".%" PRIu64, permille / 10, permille % 10);
  return p;
}
RateText percent(std::uint64_t permille) {
  RateText p;
  std::snprintf(p.text, sizeof p.text, "%s %%", tenths(permille).text);
  return p;
}
// ppm rounded to the per mille the tab shows.
std::uint64_t permille_of_ppm(std::uint64_t ppm) { return (ppm + 500) / 1000; }

model::Command policy_command(PolicyKnob knob, std::uint64_t value) {
  return model::Command::of(model::CommandKind::set_credit_policy, std::uint64_t(knob), value);
}

void headline(const model::MetricsSample& s) {
  char text[160];
  std::snprintf(text, sizeof text, "Gap between groups: %" PRIu64 " points of mean score (out of 1000), %s percentage "
                "points of approval rate", s.credit_score_gap, tenths(s.credit_approval_rate_gap_permille).text);
  const ImVec4& color = s.credit_score_gap >= 100 ? style::warn_text : style::dim_text;
  ImGui::PushTextWrapPos(0.0f);
  colored_text(color, text);
  ImGui::PopTextWrapPos();
}

// The lender's policy as it stands, and the three knobs a learner may turn (each Apply a Command).
void policy(App& app, const model::World& world) {
  const model::CreditPolicy& p = world.lender().policy();
  char text[160];
  std::snprintf(text, sizeof text, "Policy now: approve a score of %u or more · explore %s of refusals · %s",
                p.threshold_permille, percent(permille_of_ppm(p.exploration_ppm)).text,
                p.use_group ? "scores use the neighbourhood's record" : "scores use everyone's pooled record");
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();

  // The values being chosen live in ImGui's state storage: the app keeps no widget state. Each
  // slider starts from the policy in force and follows it whenever it changes by other means (a
  // lesson's choice, time travel, another scenario): a value being chosen lasts only while the
  // policy it would replace stays the same.
  ImGuiStorage* storage = ImGui::GetStateStorage();
  int* threshold = storage->GetIntRef(ImGui::GetID("threshold"), int(p.threshold_permille));
  float* explore_percent =
      storage->GetFloatRef(ImGui::GetID("explore_percent"), float(permille_of_ppm(p.exploration_ppm)) / 10.0f);
  int* threshold_seen = storage->GetIntRef(ImGui::GetID("threshold_seen"), int(p.threshold_permille));
  int* explore_seen = storage->GetIntRef(ImGui::GetID("explore_seen_ppm"), int(p.exploration_ppm));
  if (*threshold_seen != int(p.threshold_permille)) {
    *threshold_seen = int(p.threshold_permille);
    *threshold = int(p.threshold_permille);
  }
  if (*explore_seen != int(p.exploration_ppm)) {
    *explore_seen = int(p.exploration_ppm);
    *explore_percent = float(permille_of_ppm(p.exploration_ppm)) / 10.0f;
  }
  const float em = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(em * 9);
  ImGui::SliderInt("##threshold", threshold, 0, 1000, "threshold %d", ImGuiSliderFlags_AlwaysClamp);
  publish_last_item(app, "credit_threshold_slider");
  item_tooltip("A score, out of 1000. Ctrl+click to type one.");
  ImGui::SameLine();
  command_button(app, "Apply##threshold", policy_command(PolicyKnob::threshold, std::uint64_t(*threshold)),
                 "credit_threshold", "The lender approves a score (out of 1000) at or above this from now on.");
  ImGui::SameLine(0, em * 1.5f);
  ImGui::SetNextItemWidth(em * 9);
  ImGui::SliderFloat("##explore", explore_percent, 0.0f, 100.0f, "explore %.1f %%", ImGuiSliderFlags_AlwaysClamp);
  publish_last_item(app, "credit_explore_slider");
  item_tooltip("A share of the refused applications, in %. Ctrl+click to type one.");
  ImGui::SameLine();
  // The slider's % to the model's ppm, to the tenth of a percent the tab shows.
  const std::uint64_t explore_permille = std::uint64_t(std::lround(std::clamp(*explore_percent, 0.0f, 100.0f) * 10.0f));
  command_button(app, "Apply##explore", policy_command(PolicyKnob::exploration, explore_permille * 1000),
                 "credit_explore",
                 "Approve this share of the applications the threshold refuses, to learn about people the model "
                 "never sees (it costs some defaults).");
  ImGui::SameLine(0, em * 1.5f);
  command_button(app, p.use_group ? "Drop the neighbourhood###use_group" : "Use the neighbourhood###use_group",
                 policy_command(PolicyKnob::use_group, p.use_group ? 0 : 1), "credit_use_group",
                 "Whether a score blends in the applicant's group record (the neighbourhood) or everyone's pooled one.");
}

void groups_table(const model::World& world, const model::MetricsSample& s) {
  const float em = ImGui::GetFontSize();
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg;
  if (!ImGui::BeginTable("groups", 6, flags)) return;
  ImGui::TableSetupColumn("group", ImGuiTableColumnFlags_WidthFixed, em * 5);
  ImGui::TableSetupColumn("approved lately", ImGuiTableColumnFlags_WidthFixed, em * 7.5f);
  ImGui::TableSetupColumn("mean score", ImGuiTableColumnFlags_WidthFixed, em * 5);
  ImGui::TableSetupColumn("model vs truth", ImGuiTableColumnFlags_WidthFixed, em * 7.5f);
  ImGui::TableSetupColumn("decisions", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("outcomes", ImGuiTableColumnFlags_WidthStretch);
  const char* tips[] = {
      "A neighbourhood: applicants the model scores with the group's record.",
      "Share of the group's recent applications the lender approved.",
      "The mean score of the group's applicants in the serving view, under the current policy (points out of 1000).",
      "The share of loans the model estimates the group repays, beside the true rate of its members, which no "
      "component may read.",
      "Applications approved (of which explored: approved below the threshold, to learn) and denied.",
      "What the decisions produced in the log: loans repaid or defaulted, and payments missed at another lender "
      "after a refusal (the harm a refusal does, which the model reads as proof).",
  };
  headers_with_tips(tips);
  char text[128];
  for (std::size_t g = 0; g < s.credit_groups.size(); ++g) {
    const model::CreditGroupSample& c = s.credit_groups[g];
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    colored_text(style::group_color(g), group_name(world, g).c_str());
    ImGui::TableNextColumn();
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, style::group_color(g));
    const RateText approved = percent(c.approval_rate_permille);
    ImGui::ProgressBar(float(c.approval_rate_permille) / 1000.0f, ImVec2(-1, 0), approved.text);
    ImGui::PopStyleColor();
    ImGui::TableNextColumn();
    number_cell(c.mean_score);
    ImGui::TableNextColumn();
    // The model's belief in the group's colour of alarm when it is far below the truth.
    const bool far_below = c.group_rate_permille + 50 < c.true_repay_permille;
    colored_text(far_below ? style::warn_text : style::narration_text, percent(c.group_rate_permille).text);
    ImGui::SameLine(0, 4);
    std::snprintf(text, sizeof text, "vs %s", percent(c.true_repay_permille).text);
    dim_text(text);
    ImGui::TableNextColumn();
    std::snprintf(text, sizeof text, "approved %" PRIu64 " (explored %" PRIu64 ") · denied %" PRIu64, c.approvals,
                  c.explored, c.denials);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text);
    ImGui::TableNextColumn();
    std::snprintf(text, sizeof text, "repaid %" PRIu64 " · defaulted %" PRIu64 " · missed elsewhere %" PRIu64, c.repaid,
                  c.defaulted, c.missed);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
  }
  ImGui::EndTable();
}

// A chart's plot as `name` and its scale's labels as `name`_scale, for browser tests.
void publish_chart(App& app, const std::string& name, const ChartRects& rects) {
  app.publish_rect(name, rects.plot);
  app.publish_rect(name + "_scale", rects.scale);
}

// Per group over the run, from the World's bounded series of samples (at most samples_max).
void charts(App& app, const model::World& world, std::size_t groups) {
  const model::World::Samples& samples = world.samples();
  if (samples.size() < 2) {
    dim_text("The charts fill in as the run goes on.");
    return;
  }
  std::vector<ChartSeries> approval(groups), scores(groups);
  for (std::size_t g = 0; g < groups; ++g) {
    approval[g] = {group_name(world, g), style::group_color(g), {}};
    scores[g] = {group_name(world, g), style::group_color(g), {}};
    for (const model::MetricsSample& s : samples) {
      const bool has = g < s.credit_groups.size();
      approval[g].values.push_back(has ? float(s.credit_groups[g].approval_rate_permille) / 10.0f : 0.0f);
      scores[g].values.push_back(has ? float(s.credit_groups[g].mean_score) : 0.0f);
    }
  }
  const float height = ImGui::GetFontSize() * 6;
  if (!ImGui::BeginTable("charts", 2)) return;
  ImGui::TableNextColumn();
  dim_text("Approved lately (over the run)");
  publish_chart(app, "credit_chart_approval", line_chart("approval", approval, 0.0f, 100.0f, height, " %"));
  ImGui::TableNextColumn();
  dim_text("Mean score, out of 1000 (over the run)");
  publish_chart(app, "credit_chart_scores", line_chart("scores", scores, 0.0f, 1000.0f, height));
  ImGui::EndTable();
}

void applicants(App& app, const model::World& world) {
  const std::vector<model::World::ApplicantFigures> list = world.credit_applicants();
  char label[64];
  std::snprintf(label, sizeof label, "Applicants (%zu)", list.size());
  const bool open = ImGui::TreeNode("applicants", "%s", label);
  publish_last_item(app, "credit_applicants");
  if (!open) return;
  const float em = ImGui::GetFontSize();
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY;
  const float rows = std::min(float(list.size()) + 1.5f, 10.0f);
  if (ImGui::BeginTable("applicants", 4, flags, ImVec2(0, rows * ImGui::GetTextLineHeightWithSpacing()))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("applicant", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("group", ImGuiTableColumnFlags_WidthFixed, em * 6);
    ImGui::TableSetupColumn("score", ImGuiTableColumnFlags_WidthFixed, em * 5);
    ImGui::TableSetupColumn("true repay rate", ImGuiTableColumnFlags_WidthFixed, em * 8);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(int(list.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const model::World::ApplicantFigures& a = list[std::size_t(row)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(a.account < world.accounts().size() ? world.accounts()[a.account].name.c_str() : "?");
        ImGui::TableNextColumn();
        colored_text(style::group_color(a.group), group_name(world, a.group).c_str());
        ImGui::TableNextColumn();
        if (a.score < 0) {
          right_aligned_text("—", &style::dim_text);
        } else {
          const bool approved = std::uint32_t(a.score) >= world.lender().policy().threshold_permille;
          number_cell(std::uint64_t(a.score), approved ? &style::ok_text : &style::warn_text);
        }
        ImGui::TableNextColumn();
        right_aligned_text(percent(permille_of_ppm(a.true_repay_ppm)).text, &style::dim_text);
      }
    }
    ImGui::EndTable();
    publish_last_item(app, "credit_applicants_table");
  }
  ImGui::TreePop();
}

void decisions(const model::World& world) {
  const auto& list = world.lender().decisions();
  char label[64];
  std::snprintf(label, sizeof label, "Latest decisions (%zu kept)", list.size());
  if (!ImGui::TreeNode("decisions", "%s", label)) return;
  const float em = ImGui::GetFontSize();
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY;
  const float rows = std::min(float(list.size()) + 1.5f, 10.0f);
  if (ImGui::BeginTable("decisions", 5, flags, ImVec2(0, rows * ImGui::GetTextLineHeightWithSpacing()))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("tick", ImGuiTableColumnFlags_WidthFixed, em * 4);
    ImGui::TableSetupColumn("applicant", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("verdict", ImGuiTableColumnFlags_WidthFixed, em * 6);
    ImGui::TableSetupColumn("score", ImGuiTableColumnFlags_WidthFixed, em * 4);
    ImGui::TableSetupColumn("offset", ImGuiTableColumnFlags_WidthFixed, em * 4);
    ImGui::TableHeadersRow();
    const auto& applicants_model = world.options().credit.model.applicants;
    ImGuiListClipper clipper;
    clipper.Begin(int(list.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const model::LoanDecisionRecord& d = list[list.size() - 1 - std::size_t(row)];  // newest first
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        number_cell(d.tick.value);
        ImGui::TableNextColumn();
        const std::size_t account = d.applicant < applicants_model.size() ? applicants_model[d.applicant].account : 0;
        ImGui::TextUnformatted(account < world.accounts().size() ? world.accounts()[account].name.c_str() : "?");
        ImGui::TableNextColumn();
        const bool denied = d.verdict == model::LoanVerdict::denied;
        colored_text(denied ? style::warn_text : style::ok_text, model::to_string(d.verdict));
        ImGui::TableNextColumn();
        number_cell(d.score);
        ImGui::TableNextColumn();
        number_cell(d.offset.value, &style::accent_text);
      }
    }
    ImGui::EndTable();
  }
  ImGui::TreePop();
}

}  // namespace

void draw_credit_panel(App& app) {
  const TextCapture capture("credit");
  const scenario::Session* session = loaded_session(app);
  if (session == nullptr) return;
  const model::World& world = session->world();
  if (!world.options().credit.enabled()) {
    ImGui::TextDisabled("This scenario has no lender (no credit applicants).");
    return;
  }
  const model::MetricsSample s = world.sample(false);
  headline(s);
  policy(app, world);
  ImGui::Spacing();
  groups_table(world, s);
  ImGui::Spacing();
  charts(app, world, world.options().credit.model.groups.size());
  applicants(app, world);
  decisions(world);
}

}  // namespace io::web
