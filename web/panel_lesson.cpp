// The lesson: a scenario's script as the learner walks through it. The run stops at each step
// it reaches (App holds the Session there); the learner reads the narration, commits to a
// prediction before seeing what happens, answers the ethics prompt (a command: it changes the
// world), and continues. At the next step the world has answered the prediction: each choice is
// marked right or wrong, with the explanation, and the ethics choice's consequence is shown with
// the checks that prove it. An earlier step can be read again, read-only.
// The panel reads the Session and the App's answers; every change goes through App.

#include <cinttypes>
#include <cstdio>
#include <string>
#include <string_view>

#include "imgui.h"
#include "panels.h"
#include "rich_text.h"
#include "style.h"
#include "widgets.h"

namespace io::web {

namespace {

using scenario::Condition;
using scenario::ExpectResult;
using scenario::ScriptStep;
using scenario::StepProgress;

// No-break spaces (U+00A0) keep a tag on one line when the text before it wraps.
constexpr const char* your_answer_tag = "   ←\u00A0your\u00A0answer";
constexpr const char* your_choice_tag = "   ←\u00A0your\u00A0choice";
constexpr const char* default_choice_tag = "   ←\u00A0taken\u00A0by\u00A0default";

// Whether the learner chose at `step` (a script_choose of theirs), rather than moving on and
// leaving the prompt its default choice.
bool learner_chose(const scenario::Session& session, std::size_t step) {
  for (const model::Command& c : session.learner_commands()) {
    if (c.kind == model::CommandKind::script_choose && c.target == step) return true;
  }
  return false;
}

const char* mark(bool ok) { return ok ? "✓" : "✗"; }
const ImVec4& mark_color(bool ok) { return ok ? style::ok_text : style::error_text; }

void wrapped(std::string_view text, const ImVec4* color = nullptr) { wrapped_text(text, color); }

// `text` wrapped to the right of an item already on this line (a mark, a radio button), its
// later lines aligned with its first.
void wrapped_beside(std::string_view text, const ImVec4* color = nullptr) {
  ImGui::SameLine();
  ImGui::BeginGroup();
  wrapped(text, color);
  ImGui::EndGroup();
}

// A section of the step ("Predict", "Your call", "Checks"), set apart from what comes before.
void section(const char* label, const ImVec4& color) {
  ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.3f));
  ImGui::Separator();
  colored_text(color, label);
}

std::string step_name(const scenario::Script& script, std::size_t step) {
  const ScriptStep& s = script.steps[step];
  if (!s.title.empty()) return s.title;
  if (!s.id.empty()) return s.id;
  return "Step " + std::to_string(step + 1);
}

// A per-mille metric's value with its percentage beside it (600 and " = ": "600 = 60.0 %"), in
// the unit the Credit tab shows; any other value as it is. Whole-number arithmetic.
std::string value_text(const Condition& condition, std::int64_t value, bool in_brackets) {
  constexpr std::string_view per_mille = "_permille";
  const std::string& name = condition.metric.name;
  std::string text = std::to_string(value);
  if (name.size() < per_mille.size() || !name.ends_with(per_mille)) return text;
  const std::int64_t magnitude = value < 0 ? -value : value;
  const std::string percent = (value < 0 ? "-" : "") + std::to_string(magnitude / 10) + "." + std::to_string(magnitude % 10) + " %";
  return in_brackets ? text + " (" + percent + ")" : text + " = " + percent;
}

// One ✓/✗ line per condition: what was required and the value found.
void check_lines(const std::vector<Condition>& conditions, const std::vector<ExpectResult>& results) {
  for (std::size_t i = 0; i < conditions.size() && i < results.size(); ++i) {
    colored_text(mark_color(results[i].held), mark(results[i].held));
    const Condition& c = conditions[i];
    const std::string line = c.metric.name + " " + scenario::to_string(c.op) + " " + value_text(c, c.value, true) +
                             "   (found " + value_text(c, results[i].found, false) + ")";
    wrapped_beside(line, results[i].held ? nullptr : &style::error_text);
  }
}

// Where the script stands, ◀ ▶ to read earlier steps again, and every step's title and tick.
void navigation(App& app, const scenario::Session& session, std::size_t viewed) {
  const scenario::Script& script = session.script();
  const std::size_t reached = session.steps_reached();
  ImGui::BeginDisabled(viewed == 0);
  if (ImGui::ArrowButton("##previous_step", ImGuiDir_Left)) app.view_step(viewed - 1);
  ImGui::EndDisabled();
  publish_last_item(app, "lesson_previous");
  item_tooltip("Read the step before again");
  ImGui::SameLine();
  ImGui::BeginDisabled(viewed + 1 >= reached);
  if (ImGui::ArrowButton("##next_step", ImGuiDir_Right)) app.view_step(viewed + 1);
  ImGui::EndDisabled();
  publish_last_item(app, "lesson_next");
  item_tooltip("The next step you have reached");
  ImGui::SameLine();
  char text[96];
  std::snprintf(text, sizeof text, "Step %zu of %zu", viewed + 1, script.steps.size());
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine();
  std::snprintf(text, sizeof text, "· tick %" PRIu64, session.progress()[viewed].reached.value);
  dim_text(text);

  // Every step, so a teacher sees the plan; steps not reached yet cannot be opened.
  if (ImGui::TreeNode("All steps")) {
    for (std::size_t i = 0; i < script.steps.size(); ++i) {
      const std::string name = step_name(script, i);
      std::string label = std::to_string(i + 1) + ".  " + name;
      if (i < reached) {
        std::snprintf(text, sizeof text, "   tick %" PRIu64, session.progress()[i].reached.value);
        label += text;
      }
      ImGui::PushID(int(i));
      const ImGuiSelectableFlags flags = i < reached ? 0 : ImGuiSelectableFlags_Disabled;
      if (selectable_text(label, i == viewed, flags)) app.view_step(i);
      ImGui::PopID();
      if (i < 32) {
        char rect_name[32];
        std::snprintf(rect_name, sizeof rect_name, "lesson_step_%zu", i);
        publish_last_item(app, rect_name);
      }
    }
    ImGui::TreePop();
  }
}

// The step's prediction: choices to pick from while the lesson waits at it, then (once the world
// has answered) each choice marked right or wrong, the learner's pick, and the explanation.
// `heading` opens it as a section; nullptr when it is drawn inside another (the reveal box).
void prediction(App& app, const scenario::Session& session, std::size_t index, bool answerable, const char* heading) {
  const ScriptStep& step = session.script().steps[index];
  const scenario::Prediction& p = *step.prediction;
  const StepProgress& progress = session.progress()[index];
  const int answer = app.prediction_answer(index);

  if (heading) section(heading, style::warn_text);
  wrapped(p.question);
  for (std::size_t i = 0; i < p.choices.size(); ++i) {
    const std::string& text = p.choices[i].text;
    const bool picked = answer == int(i);
    ImGui::PushID(int(i));
    if (progress.prediction_resolved) {
      const bool right = i < progress.prediction_right.size() && progress.prediction_right[i];
      colored_text(mark_color(right), mark(right));
      if (picked) {
        wrapped_beside(text + your_answer_tag, &style::your_answer);
      } else {
        wrapped_beside(text, &style::dim_text);
      }
    } else {
      ImGui::BeginDisabled(!answerable);
      if (ImGui::RadioButton("##answer", picked) && answerable) app.answer_prediction(index, int(i));
      ImGui::EndDisabled();
      if (i < 8) {
        char rect_name[32];
        std::snprintf(rect_name, sizeof rect_name, "prediction_choice_%zu", i);
        publish_last_item(app, rect_name);
      }
      wrapped_beside(text, picked ? &style::your_answer : nullptr);
      // The text answers too, not only the little circle.
      if (answerable && ImGui::IsItemClicked()) app.answer_prediction(index, int(i));
    }
    ImGui::PopID();
  }

  if (progress.prediction_resolved) {
    ImGui::Spacing();
    if (answer < 0) {
      dim_text("You did not answer this one.");
    } else {
      const bool right = std::size_t(answer) < progress.prediction_right.size() && progress.prediction_right[std::size_t(answer)];
      colored_text(mark_color(right), right ? "✓ You predicted it." : "✗ Not what happened.");
    }
    char text[96];
    std::snprintf(text, sizeof text, "Answered by the world at tick %" PRIu64 ".", progress.prediction_resolved_at.value);
    dim_text(text);
    if (!p.explanation.empty()) {
      ImGui::Spacing();
      rich_text(p.explanation);
    }
  } else if (answerable) {
    dim_text(answer < 0 ? "Pick one before you continue." : "Continue to find out.");
  } else if (answer >= 0) {
    dim_text("The world answers at the next step.");
  }
}

void ethics_outcome(const scenario::Session& session, std::size_t index);

// The step's ethics prompt: choices to consider, then "Decide", which applies the choice to the
// world at once; afterwards the choice taken and what it did.
void ethics(App& app, const scenario::Session& session, std::size_t index, bool answerable) {
  const ScriptStep& step = session.script().steps[index];
  const scenario::EthicsPrompt& prompt = *step.ethics;
  const StepProgress& progress = session.progress()[index];
  const int taken = progress.ethics_choice;

  section("Your call", style::warn_text);
  wrapped(prompt.question);
  if (taken < 0) {
    // Considering: a radio button per choice, then "Decide", which sends it to the world.
    const int pending = app.ethics_pending(index);
    for (std::size_t i = 0; i < prompt.choices.size(); ++i) {
      ImGui::PushID(int(i));
      ImGui::BeginDisabled(!answerable);
      if (ImGui::RadioButton("##choice", pending == int(i)) && answerable) app.set_ethics_pending(index, int(i));
      ImGui::EndDisabled();
      if (i < 8) {
        char rect_name[32];
        std::snprintf(rect_name, sizeof rect_name, "ethics_choice_%zu", i);
        publish_last_item(app, rect_name);
      }
      wrapped_beside(prompt.choices[i].text, pending == int(i) ? &style::your_answer : nullptr);
      if (answerable && ImGui::IsItemClicked()) app.set_ethics_pending(index, int(i));
      ImGui::PopID();
    }
    if (answerable) {
      ImGui::BeginDisabled(pending < 0);
      if (ImGui::Button("Decide###ethics_decide")) app.decide_ethics(index);
      ImGui::EndDisabled();
      publish_last_item(app, "ethics_decide");
      item_tooltip(pending < 0 ? "Pick one of the choices first."
                               : "Your choice changes the world at once and cannot be taken back (Reset starts over).");
    }
    return;
  }

  for (std::size_t i = 0; i < prompt.choices.size(); ++i) {
    const bool chosen = taken == int(i);
    colored_text(chosen ? style::your_answer : style::dim_text, chosen ? "▶" : "·");
    if (chosen) {
      const char* tag = learner_chose(session, index) ? your_choice_tag : default_choice_tag;
      wrapped_beside(prompt.choices[i].text + tag, &style::your_answer);
    } else {
      wrapped_beside(prompt.choices[i].text, &style::dim_text);
    }
  }
  ethics_outcome(session, index);
}

// What the choice taken at `index` did: its consequence and its checks, once the next step (or
// the end) has come; until then, a line saying so.
void ethics_outcome(const scenario::Session& session, std::size_t index) {
  const scenario::EthicsPrompt& prompt = *session.script().steps[index].ethics;
  const StepProgress& progress = session.progress()[index];
  if (progress.ethics_choice < 0) return;
  const scenario::EthicsChoice& choice = prompt.choices[std::size_t(progress.ethics_choice)];
  if (progress.choice_commands_refused > 0) {
    char text[96];
    std::snprintf(text, sizeof text, "%" PRIu64 " of this choice's commands were refused by the world.",
                  progress.choice_commands_refused);
    colored_text(style::warn_text, text);
  }
  if (!progress.choice_checked) {
    dim_text("What it changed shows at the next step.");
    return;
  }
  ImGui::Spacing();
  rich_text(choice.consequence);
  if (!choice.expect.empty()) {
    ImGui::Spacing();
    dim_text("What your choice did, checked:");
    check_lines(choice.expect, progress.choice_expect);
  }
}

// Draws `body` on a tinted panel as wide as the window: the channels put the tint behind
// content whose height is known only once it is drawn.
template <typename Body>
void tinted_box(const ImVec4& tint, Body body) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float pad = ImGui::GetStyle().ItemSpacing.x;
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);
  ImGui::BeginGroup();
  ImGui::Dummy(ImVec2(0, pad * 0.25f));
  ImGui::Indent(pad);
  {
    const RightInset inset(pad);
    body();
  }
  ImGui::Unindent(pad);
  ImGui::Dummy(ImVec2(0, pad * 0.25f));
  ImGui::EndGroup();
  draw->ChannelsSetCurrent(0);
  const ImVec2 min = ImGui::GetItemRectMin();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  draw->AddRectFilled(min, ImVec2(right, ImGui::GetItemRectMax().y), ImGui::GetColorU32(tint), 4.0f);
  draw->ChannelsMerge();
}

// On reaching a step, what the world answered to the step before: the prediction marked, the
// ethics choice's consequence. It comes first: it is what the learner waited to see.
void previous_answers(App& app, const scenario::Session& session, std::size_t step) {
  if (step == 0) return;
  const std::size_t previous = step - 1;
  const ScriptStep& s = session.script().steps[previous];
  const StepProgress& p = session.progress()[previous];
  const bool predicted = s.prediction && p.prediction_resolved;
  const bool chose = s.ethics && p.choice_checked;
  if (!predicted && !chose) return;
  tinted_box(style::answer_box_bg, [&] {
    const std::string heading = "Step " + std::to_string(step) + ", answered by the world";
    colored_text(style::accent_text, heading.c_str());
    if (predicted) prediction(app, session, previous, false, nullptr);
    if (chose) {
      if (predicted) ImGui::Separator();
      const std::string chosen = (learner_chose(session, previous) ? "You chose: " : "Taken by default: ") +
                                 s.ethics->choices[std::size_t(p.ethics_choice)].text;
      wrapped(chosen, &style::your_answer);
      ethics_outcome(session, previous);
    }
  });
  ImGui::Spacing();
}

}  // namespace

void draw_lesson_panel(App& app) {
  const TextCapture capture("lesson");
  const scenario::Session* session = app.session();
  if (session == nullptr) return;
  const scenario::Script& script = session->script();
  const scenario::Scenario& scenario = session->scenario();
  if (script.steps.empty()) {
    draw_scenario_about(app, true);
    ImGui::Spacing();
    dim_text("This scenario has no lesson script: play it and explore the panels.");
    return;
  }
  if (session->steps_reached() == 0) {
    // The first step waits for a tick or a condition: the run has not reached it yet.
    draw_scenario_about(app, true);
    ImGui::Spacing();
    dim_text("Press Play: the lesson begins when the run reaches its first step.");
    return;
  }

  const std::size_t viewed = app.viewed_step();
  const std::size_t current = session->steps_reached() - 1;
  const ScriptStep& step = script.steps[viewed];
  const StepProgress& progress = session->progress()[viewed];
  const bool answerable = viewed == current && session->held();

  // The scenario's title always; its summary and goals open at the first step, folded after.
  wrapped(scenario.title, &style::accent_text);
  if (viewed == 0) {
    draw_scenario_about(app, false);
  } else if (ImGui::TreeNode("About this scenario")) {
    draw_scenario_about(app, false);
    ImGui::TreePop();
  }
  ImGui::Separator();
  navigation(app, *session, viewed);

  if (viewed != current) {
    colored_text(style::dim_text, "An earlier step, as it was (read-only).");
    same_line_if_room(ImGui::CalcTextSize("Back to the current step").x + ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::SmallButton("Back to the current step")) app.view_step(current);
    publish_last_item(app, "lesson_current");
  }

  ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.2f));
  if (viewed == current) previous_answers(app, *session, viewed);

  // The step's title as a bold line, then its narration.
  rich_spans({scenario::TextSpan{scenario::TextSpan::Style::bold, step_name(script, viewed)}});
  ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.2f));
  rich_text(step.narration_blocks);

  if (step.prediction) {
    prediction(app, *session, viewed, answerable,
               progress.prediction_resolved ? "Your prediction, answered" : "Predict: what will happen?");
  }
  if (step.ethics) ethics(app, *session, viewed, answerable);
  if (!step.expect.empty()) {
    section("Checked when this step was reached", style::dim_text);
    check_lines(step.expect, progress.expect);
  }
  if (progress.commands_refused > 0) {
    char text[96];
    std::snprintf(text, sizeof text, "%" PRIu64 " of this step's own commands were refused by the world.",
                  progress.commands_refused);
    colored_text(style::warn_text, text);
  }

  ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.5f));
  bool stop = app.stop_at_steps();
  if (ImGui::Checkbox("Stop at each step", &stop)) app.set_stop_at_steps(stop);
  publish_last_item(app, "lesson_stop_at_steps");
  item_tooltip("Off: the run no longer waits at the steps. Predictions go unanswered and ethics prompts take "
               "their default choice, as when the scenario runs without a learner.");
}

namespace {

// What the lesson is waiting for, in a line under Continue.
struct FooterStatus {
  std::string text;
  const ImVec4* color = &style::dim_text;
};

FooterStatus footer_status(const App& app, const scenario::Session& session) {
  const std::size_t steps = session.script().steps.size();
  const std::size_t reached = session.steps_reached();
  if (session.held()) {
    if (const char* refusal = app.continue_refusal()) return {refusal, &style::warn_text};
    return {"Step " + std::to_string(reached) + " of " + std::to_string(steps) + ": read it, then continue."};
  }
  if (session.finished()) {
    if (session.expectations_met()) return {"The end of the lesson: every check held.", &style::ok_text};
    return {"The end of the lesson: some checks failed (✗).", &style::error_text};
  }
  if (!app.stop_at_steps()) return {"Not stopping at steps: the run plays straight through."};
  if (reached == steps) return {app.playing() ? "Running to the end…" : "Paused: press Play to run to the end."};
  return {app.playing() ? "Running to the next step…" : "Paused: press Play to run to the next step."};
}

bool has_lesson(const App& app) { return app.session() != nullptr && !app.session()->script().steps.empty(); }

}  // namespace

float lesson_footer_height(const App& app) {
  if (!has_lesson(app)) return 0;
  const FooterStatus status = footer_status(app, *app.session());
  const float text = ImGui::CalcTextSize(status.text.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y;
  const ImGuiStyle& s = ImGui::GetStyle();
  return ImGui::GetFrameHeight() + text + s.ItemSpacing.y * 3 + 1;
}

void draw_lesson_footer(App& app) {
  if (!has_lesson(app)) return;
  const scenario::Session& session = *app.session();
  const std::size_t steps = session.script().steps.size();
  ImGui::Separator();

  const char* refusal = app.continue_refusal();
  const char* label = session.finished()                ? "The end###lesson_continue"
                      : session.steps_reached() == steps ? "Continue to the end ▶###lesson_continue"
                                                         : "Continue ▶###lesson_continue";
  ImGui::BeginDisabled(refusal != nullptr);
  if (ImGui::Button(label, ImVec2(-1, 0))) app.continue_lesson();
  ImGui::EndDisabled();
  publish_last_item(app, "lesson_continue");
  if (refusal && session.held()) item_tooltip(refusal);

  const FooterStatus status = footer_status(app, session);
  ImGui::PushTextWrapPos(0.0f);
  colored_text(*status.color, status.text.c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace io::web
