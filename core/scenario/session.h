#pragma once
// A session is one run of a scenario as the learner experiences it: the World, the scenario's
// schedule applied at the right ticks, and the learner's own commands recorded as they are made.
// The runner, the tests and the web UI all drive the simulation through this class, so a run is
// always (scenario, seed, commands) and nothing else.

#include <cstdint>
#include <string>
#include <vector>

#include "model/world.h"
#include "scenario/scenario.h"

namespace io::scenario {

class Session {
 public:
  // Builds the world of `scenario` with `seed`. `trace_entries_max` trace entries are kept in
  // memory (the trace hash always covers all).
  Session(Scenario scenario, std::uint64_t seed, std::size_t trace_entries_max = 0);

  // Advances simulated time to `tick`, applying scheduled and learner commands whose tick comes
  // before it, each before the events of its own tick.
  void advance_to(sim::Tick tick);
  // Advances by one tick (the UI's "step").
  void step() { advance_to(world_.now() + 1); }
  // Runs to the scenario's end.
  void run_to_end() { advance_to(end_tick()); }

  // Applies a learner's command at the current tick and records it. Returns nullptr, or why the
  // command was refused (nothing changes then).
  const char* command(model::Command command);

  const model::World& world() const { return world_; }
  const Scenario& scenario() const { return scenario_; }
  std::uint64_t seed() const { return seed_; }
  sim::Tick end_tick() const { return sim::Tick{scenario_.ticks}; }
  bool finished() const { return world_.now() >= end_tick(); }
  // The learner's commands so far, in order (with the scenario and seed, they reproduce the run).
  const std::vector<model::Command>& learner_commands() const { return learner_commands_; }
  // Scheduled commands that were refused when their tick came (e.g. an offset not yet written).
  std::uint64_t refused_commands() const { return refused_commands_; }

 private:
  Scenario scenario_;
  std::uint64_t seed_;
  model::World world_;
  std::size_t next_scheduled_ = 0;
  std::vector<model::Command> learner_commands_;
  std::uint64_t refused_commands_ = 0;
};

}  // namespace io::scenario
