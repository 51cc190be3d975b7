#include "scenario/session.h"

#include "sim/assert.h"

namespace io::scenario {

namespace {
model::WorldOptions seeded(model::WorldOptions options, std::uint64_t seed, std::size_t trace_entries_max) {
  options.seed = seed;
  options.trace_entries_max = trace_entries_max;
  return options;
}
}  // namespace

Session::Session(Scenario scenario, std::uint64_t seed, std::size_t trace_entries_max)
    : scenario_(std::move(scenario)), seed_(seed), world_(seeded(scenario_.world, seed, trace_entries_max)) {
  SIM_ASSERT(scenario_.ticks <= Scenario::ticks_max);
  SIM_ASSERT(scenario_.schedule.size() <= Scenario::schedule_max);
}

void Session::advance_to(sim::Tick tick) {
  SIM_ASSERT(tick >= world_.now());
  while (next_scheduled_ < scenario_.schedule.size() && scenario_.schedule[next_scheduled_].at < tick) {
    const model::Command& c = scenario_.schedule[next_scheduled_++];
    SIM_ASSERT(c.at >= world_.now());  // the schedule is sorted and never runs behind the world
    world_.advance_to(c.at);
    if (world_.reject_reason(c) == nullptr) {
      world_.apply(c);
    } else {
      ++refused_commands_;
    }
  }
  world_.advance_to(tick);
  SIM_ASSERT(world_.now() == tick);
}

const char* Session::command(model::Command command) {
  command.at = world_.now();
  if (const char* why = world_.reject_reason(command)) return why;
  world_.apply(command);
  learner_commands_.push_back(command);
  return nullptr;
}

}  // namespace io::scenario
