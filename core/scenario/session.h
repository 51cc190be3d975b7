#pragma once
// A session is one run of a scenario as the learner experiences it: the World, the scenario's
// schedule applied at the right ticks, and the learner's own commands recorded as they are made.
// The runner, the tests and the web UI all drive the simulation through this class, so a run is
// always (scenario, seed, commands) and nothing else.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/world.h"
#include "scenario/scenario.h"

namespace io::scenario {

// One expectation as it was checked: the metric's value then, and whether the condition held.
struct ExpectResult {
  std::int64_t found = 0;
  bool held = false;
};

// What happened at one reached step of the script.
struct StepProgress {
  sim::Tick reached;
  std::vector<ExpectResult> expect;  // the step's expect checks, in order, when it was reached
  std::uint64_t commands_refused = 0;  // of the step's own commands
  // The prediction is answered when the next step is reached or the run ends; then each choice
  // whose condition holds is marked right.
  bool prediction_resolved = false;
  sim::Tick prediction_resolved_at;
  std::vector<bool> prediction_right;  // per choice
  // The ethics prompt: the choice taken (-1: none yet), and its expect checks, looked at when the
  // prediction is (the next step, or the end).
  int ethics_choice = -1;
  bool choice_checked = false;
  std::vector<ExpectResult> choice_expect;
  std::uint64_t choice_commands_refused = 0;
  // The learner has read the step and moved on (always, when nobody is watching).
  bool continued = false;
};

struct SessionOptions {
  std::size_t trace_entries_max = 0;  // trace entries kept in memory (the hash covers all)
  // A learner is watching: the world stops at each step reached until a script_continue command,
  // so the narration can be read and the prediction answered before it runs on. Without it (the
  // runner, tests) each step is continued at once, with the ethics prompt's default choice.
  bool hold_at_steps = false;
  // Ethics choices to take instead of the defaults when nobody is watching: (step, choice).
  std::vector<std::pair<std::size_t, std::uint32_t>> choices;
};

class Session {
 public:
  // Builds the world of `scenario` with `seed`. `trace_entries_max` trace entries are kept in
  // memory (the trace hash always covers all).
  Session(Scenario scenario, std::uint64_t seed, std::size_t trace_entries_max = 0);
  Session(Scenario scenario, std::uint64_t seed, SessionOptions options);

  // Advances simulated time to `tick`, applying scheduled and learner commands whose tick comes
  // before it, each before the events of its own tick, and reaching script steps on the way.
  // While held() it stops early, at the tick where the step was reached.
  void advance_to(sim::Tick tick);
  // Advances by one tick (the UI's "step").
  void step() { advance_to(world_.now() + 1); }
  // Runs to the scenario's end (or until held).
  void run_to_end() { advance_to(end_tick()); }

  // Applies a learner's command at the current tick and records it. Returns nullptr, or why the
  // command was refused (nothing changes then). Script commands (script_choose,
  // script_continue) are handled here; all others go to the world.
  const char* command(model::Command command);

  const model::World& world() const { return world_; }
  const Scenario& scenario() const { return scenario_; }
  const Script& script() const { return scenario_.script; }
  std::uint64_t seed() const { return seed_; }
  sim::Tick end_tick() const { return sim::Tick{scenario_.ticks}; }
  bool finished() const { return world_.now() >= end_tick(); }
  // The learner's commands so far, in order (with the scenario and seed, they reproduce the run).
  const std::vector<model::Command>& learner_commands() const { return learner_commands_; }
  // Scheduled commands that were refused when their tick came (e.g. an offset not yet written).
  std::uint64_t refused_commands() const { return refused_commands_; }

  // The script's progress: one entry per step reached so far, in order.
  const std::vector<StepProgress>& progress() const { return progress_; }
  std::size_t steps_reached() const { return progress_.size(); }
  // The world is stopped at the newest step until the learner continues.
  bool held() const { return options_.hold_at_steps && !progress_.empty() && !progress_.back().continued; }
  // Every expectation checked so far held (step expects and the chosen ethics choices' expects).
  bool expectations_met() const;

 private:
  // The work of a tick boundary: scheduled commands stamped now, then the script.
  void at_boundary();
  void apply_scheduled_due();
  void advance_script();
  bool trigger_holds(const ScriptStep& step) const;
  // The tick at which a tick trigger (at_tick, after_ticks) of the pending step falls due.
  sim::Tick trigger_tick(const Trigger& trigger) const;
  void reach_step(std::size_t index);
  // Answers the newest step's prediction and checks its ethics choice's expectations.
  void settle_previous();
  void choose(std::size_t step, std::uint32_t choice);
  void continue_step(std::size_t step);
  std::vector<ExpectResult> check(const std::vector<Condition>& conditions) const;
  std::uint64_t apply_all(const std::vector<model::Command>& commands);
  const char* script_reject_reason(const model::Command& command) const;

  Scenario scenario_;
  std::uint64_t seed_;
  SessionOptions options_;
  model::World world_;
  std::size_t next_scheduled_ = 0;
  std::vector<model::Command> learner_commands_;
  std::uint64_t refused_commands_ = 0;
  std::vector<StepProgress> progress_;
};

}  // namespace io::scenario
