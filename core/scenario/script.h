#pragma once
// A scenario's script: the lesson a teacher walks a class through. It is an ordered list of
// steps; each is reached when its trigger holds (a tick, some ticks after the previous step, or
// a condition on the world such as "a duplicate was absorbed"), shows its narration, may ask a
// prediction before the world runs on (answered by what then happens), may ask an ethics
// question whose choices apply commands to the world, and may state expectations that must hold
// when it is reached. Everything that decides anything here is a condition on the same named
// metrics the runner prints (model/metric_fields.h), so a lesson is checked by the same numbers
// a learner sees.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/command.h"
#include "model/metric_fields.h"
#include "scenario/markdown.h"
#include "sim/types.h"

namespace io::model {
class World;
struct MetricsSample;
}  // namespace io::model

namespace io::scenario {

enum class CompareOp : std::uint8_t { lt, le, eq, ne, ge, gt };
// "<", "<=", "==", "!=", ">=", ">".
const char* to_string(CompareOp op);
std::optional<CompareOp> compare_op_from_string(std::string_view text);

// "metric op value", e.g. duplicates_absorbed >= 1. Booleans compare as 1 and 0.
struct Condition {
  model::MetricRef metric;
  CompareOp op = CompareOp::ge;
  std::int64_t value = 0;

  bool holds(std::int64_t actual) const;
  // "duplicates_absorbed >= 1", for the UI and messages.
  std::string text() const;
};

// When a step is reached. Steps are reached in order: a step's trigger is looked at only once
// the step before it has been reached (and, when a learner is watching, read).
struct Trigger {
  enum class Kind : std::uint8_t {
    immediately,  // as soon as the previous step is done (or at tick 0 for the first)
    at_tick,      // when the world reaches `ticks` (at once if it already has)
    after_ticks,  // `ticks` after the previous step was reached (after tick 0 for the first)
    when,         // at the first tick boundary at which `condition` holds
  };
  Kind kind = Kind::immediately;
  std::uint64_t ticks = 0;
  std::optional<Condition> condition;
};

// A multiple-choice question asked when its step is reached, before the world runs on. It is
// answered by what happens next: when the following step is reached (or the run ends), every
// choice whose condition then holds is a right answer.
struct PredictionChoice {
  std::string text;
  Condition correct_if;
};
struct Prediction {
  std::string question;
  std::vector<PredictionChoice> choices;
  std::string explanation;  // shown once the answer is known (Markdown-lite)
};

// An ethics question whose answer changes the world: each choice applies its commands at once,
// and its consequence text is shown when the next step is reached. A choice's `expect` checks
// are looked at then too, so a test can prove that the choice really changed the outcome. A run
// without a learner (the runner, golden tests) takes `default_choice`.
struct EthicsChoice {
  std::string text;
  std::vector<model::Command> commands;  // their ticks are stamped when applied
  std::string consequence;               // Markdown-lite
  std::vector<Condition> expect;
};
struct EthicsPrompt {
  std::string question;
  std::vector<EthicsChoice> choices;
  std::uint32_t default_choice = 0;
};

struct ScriptStep {
  std::string id;         // optional; names the step in messages, links and --choose
  std::string title;      // optional short heading
  std::string narration;  // Markdown-lite, as written
  std::vector<TextBlock> narration_blocks;  // parsed once at load time
  Trigger trigger;
  std::vector<model::Command> commands;  // applied when the step is reached, after its expect checks
  std::optional<Prediction> prediction;
  std::optional<EthicsPrompt> ethics;
  std::vector<Condition> expect;  // must hold when the step is reached, before its commands
};

struct Script {
  std::vector<ScriptStep> steps;

  // A lesson of ten thousand steps is already a book; more is a generated file gone wrong.
  static constexpr std::size_t steps_max = 10'000;
  // More choices than this do not fit a question on screen.
  static constexpr std::size_t choices_max = 8;
  static constexpr std::size_t expect_max = 32;
  static constexpr std::size_t step_commands_max = 64;
};

// The value of `condition`'s metric in `sample`, which must be audited if the metric needs it.
std::int64_t condition_value(const Condition& condition, const model::MetricsSample& sample, const model::World& world);

}  // namespace io::scenario
