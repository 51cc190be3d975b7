#include "scenario/session.h"

#include <algorithm>

#include "sim/assert.h"

namespace io::scenario {

namespace {
model::WorldOptions seeded(model::WorldOptions options, std::uint64_t seed, std::size_t trace_entries_max) {
  options.seed = seed;
  options.trace_entries_max = trace_entries_max;
  return options;
}

bool needs_audit(const std::vector<Condition>& conditions) {
  return std::any_of(conditions.begin(), conditions.end(), [](const Condition& c) { return c.metric.audited; });
}
}  // namespace

Session::Session(Scenario scenario, std::uint64_t seed, std::size_t trace_entries_max)
    : Session(std::move(scenario), seed, SessionOptions{trace_entries_max, false, {}}) {}

Session::Session(Scenario scenario, std::uint64_t seed, SessionOptions options)
    : scenario_(std::move(scenario)),
      seed_(seed),
      options_(std::move(options)),
      world_(seeded(scenario_.world, seed, options_.trace_entries_max)) {
  SIM_ASSERT(scenario_.ticks <= Scenario::ticks_max);
  SIM_ASSERT(scenario_.schedule.size() <= Scenario::schedule_max);
  SIM_ASSERT(scenario_.script.steps.size() <= Script::steps_max);
  progress_.reserve(scenario_.script.steps.size());
  at_boundary();
}

void Session::advance_to(sim::Tick tick) {
  SIM_ASSERT(tick >= world_.now());
  at_boundary();
  while (world_.now() < tick && !held()) {
    // Stop at every tick where something may happen: the next scheduled command, and the next
    // moment the pending step's trigger can change (its tick, or the next busy tick for a
    // condition, since only events and commands change the world).
    sim::Tick next = tick;
    if (next_scheduled_ < scenario_.schedule.size()) next = std::min(next, scenario_.schedule[next_scheduled_].at);
    if (progress_.size() < scenario_.script.steps.size()) {
      const Trigger& trigger = scenario_.script.steps[progress_.size()].trigger;
      switch (trigger.kind) {
        case Trigger::Kind::immediately: break;
        case Trigger::Kind::at_tick:
        case Trigger::Kind::after_ticks: next = std::min(next, trigger_tick(trigger)); break;
        case Trigger::Kind::when: {
          sim::Tick busy;
          if (world_.next_event_tick(busy)) next = std::min(next, busy + 1);
          break;
        }
      }
    }
    next = std::max(next, world_.now() + 1);
    world_.advance_to(next);
    at_boundary();
  }
  SIM_ASSERT(world_.now() == tick || held());
}

void Session::at_boundary() {
  apply_scheduled_due();
  advance_script();
  if (finished()) settle_previous();
}

void Session::apply_scheduled_due() {
  while (next_scheduled_ < scenario_.schedule.size() && scenario_.schedule[next_scheduled_].at <= world_.now()) {
    const model::Command& c = scenario_.schedule[next_scheduled_++];
    SIM_ASSERT(c.at == world_.now());  // the schedule is sorted and never runs behind the world
    if (world_.reject_reason(c) == nullptr) {
      world_.apply(c);
    } else {
      ++refused_commands_;
    }
  }
}

void Session::advance_script() {
  while (progress_.size() < scenario_.script.steps.size() && !held()) {
    const std::size_t index = progress_.size();
    if (!trigger_holds(scenario_.script.steps[index])) return;
    reach_step(index);
    if (!options_.hold_at_steps) {
      const ScriptStep& step = scenario_.script.steps[index];
      if (step.ethics) {
        std::uint32_t choice = step.ethics->default_choice;
        for (const auto& [s, c] : options_.choices) {
          if (s == index && c < step.ethics->choices.size()) choice = c;
        }
        choose(index, choice);
      }
      continue_step(index);
    }
  }
}

sim::Tick Session::trigger_tick(const Trigger& trigger) const {
  SIM_ASSERT(trigger.kind == Trigger::Kind::at_tick || trigger.kind == Trigger::Kind::after_ticks);
  if (trigger.kind == Trigger::Kind::at_tick) return sim::Tick{trigger.ticks};
  const sim::Tick previous = progress_.empty() ? sim::Tick{0} : progress_.back().reached;
  return previous + trigger.ticks;
}

bool Session::trigger_holds(const ScriptStep& step) const {
  const Trigger& trigger = step.trigger;
  switch (trigger.kind) {
    case Trigger::Kind::immediately: return true;
    case Trigger::Kind::at_tick:
    case Trigger::Kind::after_ticks: return world_.now() >= trigger_tick(trigger);
    case Trigger::Kind::when: {
      SIM_ASSERT(trigger.condition.has_value());
      const model::MetricsSample sample = world_.sample(trigger.condition->metric.audited);
      return trigger.condition->holds(condition_value(*trigger.condition, sample, world_));
    }
  }
  SIM_ASSERT(false && "unknown trigger");
  return false;
}

void Session::reach_step(std::size_t index) {
  SIM_ASSERT(index == progress_.size());
  SIM_ASSERT(index < scenario_.script.steps.size());
  settle_previous();
  const ScriptStep& step = scenario_.script.steps[index];
  StepProgress p;
  p.reached = world_.now();
  p.expect = check(step.expect);
  progress_.push_back(std::move(p));
  progress_.back().commands_refused = apply_all(step.commands);
}

void Session::settle_previous() {
  if (progress_.empty()) return;
  StepProgress& p = progress_.back();
  const ScriptStep& step = scenario_.script.steps[progress_.size() - 1];
  if (step.prediction && !p.prediction_resolved) {
    std::vector<Condition> answers;
    for (const PredictionChoice& c : step.prediction->choices) answers.push_back(c.correct_if);
    const std::vector<ExpectResult> results = check(answers);
    p.prediction_right.clear();
    for (const ExpectResult& r : results) p.prediction_right.push_back(r.held);
    p.prediction_resolved = true;
    p.prediction_resolved_at = world_.now();
  }
  if (step.ethics && p.ethics_choice >= 0 && !p.choice_checked) {
    p.choice_expect = check(step.ethics->choices[std::size_t(p.ethics_choice)].expect);
    p.choice_checked = true;
  }
}

std::vector<ExpectResult> Session::check(const std::vector<Condition>& conditions) const {
  std::vector<ExpectResult> results;
  if (conditions.empty()) return results;
  const model::MetricsSample sample = world_.sample(needs_audit(conditions));
  for (const Condition& c : conditions) {
    const std::int64_t found = condition_value(c, sample, world_);
    results.push_back({found, c.holds(found)});
  }
  return results;
}

std::uint64_t Session::apply_all(const std::vector<model::Command>& commands) {
  std::uint64_t refused = 0;
  for (model::Command c : commands) {
    c.at = world_.now();
    if (world_.reject_reason(c) == nullptr) {
      world_.apply(c);
    } else {
      ++refused;
    }
  }
  return refused;
}

void Session::choose(std::size_t step, std::uint32_t choice) {
  SIM_ASSERT(step + 1 == progress_.size());
  const ScriptStep& s = scenario_.script.steps[step];
  SIM_ASSERT(s.ethics.has_value());
  SIM_ASSERT(choice < s.ethics->choices.size());
  SIM_ASSERT(progress_[step].ethics_choice < 0);
  progress_[step].ethics_choice = int(choice);
  progress_[step].choice_commands_refused = apply_all(s.ethics->choices[choice].commands);
}

void Session::continue_step(std::size_t step) {
  SIM_ASSERT(step + 1 == progress_.size());
  StepProgress& p = progress_[step];
  SIM_ASSERT(!p.continued);
  const ScriptStep& s = scenario_.script.steps[step];
  // Moving on without answering takes the default, so a run is the same with or without a
  // learner who only reads.
  if (s.ethics && p.ethics_choice < 0) choose(step, s.ethics->default_choice);
  progress_[step].continued = true;
}

const char* Session::script_reject_reason(const model::Command& command) const {
  if (progress_.empty() || command.target + 1 != progress_.size()) return "that is not the current script step";
  const StepProgress& p = progress_.back();
  if (p.continued) return "that step is already done";
  if (command.kind == model::CommandKind::script_choose) {
    const ScriptStep& s = scenario_.script.steps[progress_.size() - 1];
    if (!s.ethics) return "that step asks no ethics question";
    if (command.argument >= s.ethics->choices.size()) return "no such choice";
    if (p.ethics_choice >= 0) return "a choice was already made at that step";
  }
  return nullptr;
}

const char* Session::command(model::Command command) {
  command.at = world_.now();
  const bool script = command.kind == model::CommandKind::script_choose ||
                      command.kind == model::CommandKind::script_continue;
  if (script) {
    if (const char* why = script_reject_reason(command)) return why;
    if (command.kind == model::CommandKind::script_choose) {
      choose(std::size_t(command.target), std::uint32_t(command.argument));
    } else {
      continue_step(std::size_t(command.target));
    }
    learner_commands_.push_back(command);
    // The next steps may be due at once (no trigger, or a condition already true).
    at_boundary();
    return nullptr;
  }
  if (const char* why = world_.reject_reason(command)) return why;
  world_.apply(command);
  learner_commands_.push_back(command);
  return nullptr;
}

bool Session::expectations_met() const {
  for (const StepProgress& p : progress_) {
    for (const ExpectResult& r : p.expect) {
      if (!r.held) return false;
    }
    for (const ExpectResult& r : p.choice_expect) {
      if (!r.held) return false;
    }
  }
  return true;
}

}  // namespace io::scenario
