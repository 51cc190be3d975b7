#include "scenario/timeline.h"

#include <algorithm>

#include "sim/assert.h"

namespace io::scenario {

Timeline::Timeline(Session start, TimelineOptions options)
    : options_(options), origin_(std::move(start)), session_(origin_) {
  SIM_ASSERT(options_.snapshots_max >= 1);
  SIM_ASSERT(options_.snapshots_max <= TimelineOptions::snapshots_limit);
  SIM_ASSERT(origin_.world().now() == sim::Tick{0});
  SIM_ASSERT(origin_.learner_commands().empty());
  snapshots_.reserve(options_.snapshots_max);
}

void Timeline::advance_to(sim::Tick tick) {
  SIM_ASSERT(tick >= now());
  run_to(tick);
  SIM_ASSERT(now() == tick || session_.held());
}

const char* Timeline::command(model::Command command) {
  if (session_.learner_commands().size() >= history_max) return "too many commands in this session";
  if (const char* why = session_.command(std::move(command))) return why;
  // The command changed the present, so the recorded future and any snapshot of this tick taken
  // before the command no longer describe this run.
  const std::size_t applied = session_.learner_commands().size();
  history_.resize(applied - 1);
  history_.push_back(session_.learner_commands().back());
  while (!snapshots_.empty() && snapshots_.back().world().now() >= now()) snapshots_.pop_back();
  SIM_ASSERT(history_.size() == applied);
  SIM_ASSERT(history_.back().at == now());
  return nullptr;
}

void Timeline::seek(sim::Tick tick) {
  // The newest snapshot at or before `tick`; origin_ if there is none.
  const auto after = std::upper_bound(snapshots_.begin(), snapshots_.end(), tick,
                                      [](sim::Tick t, const Session& s) { return t < s.world().now(); });
  const Session& nearest = after == snapshots_.begin() ? origin_ : *std::prev(after);
  // Going forward with no snapshot between here and there: the present is the nearest start.
  const bool keep_present = tick >= now() && nearest.world().now() <= now();
  if (!keep_present) session_ = nearest;
  SIM_ASSERT(now() <= tick);
  run_to(tick);
  SIM_ASSERT(now() == tick || session_.held());
}

void Timeline::run_to(sim::Tick target) {
  for (;;) {
    replay_due_commands();
    snapshot_if_due();
    // A script step waits for the learner: time stops here until a recorded (or new) continue.
    if (now() >= target || session_.held()) break;
    sim::Tick next = target;
    const std::size_t applied = session_.learner_commands().size();
    if (applied < history_.size()) next = std::min(next, history_[applied].at);
    // Beyond the newest snapshot, stop where the next one may fall due: at the next busy tick
    // when counting work (one tick's events all run, or none), at the interval when counting
    // ticks. Behind it, no snapshot is due and replay runs in one stride.
    const Session& newest = newest_snapshot();
    if (now() >= newest.world().now()) {
      if (options_.snapshot_interval_ticks > 0) next = std::min(next, newest.world().now() + options_.snapshot_interval_ticks);
      sim::Tick busy;
      if (options_.snapshot_interval_work > 0 && session_.world().next_event_tick(busy)) {
        next = std::min(next, busy + 1);
      }
    }
    next = std::max(next, now() + 1);
    session_.advance_to(next);
  }
}

void Timeline::replay_due_commands() {
  while (session_.learner_commands().size() < history_.size()) {
    const model::Command& c = history_[session_.learner_commands().size()];
    SIM_ASSERT(c.at >= now());  // replay never runs past a recorded command
    if (c.at != now()) return;
    // The same command in the same state: accepted again, since a run is deterministic.
    const char* why = session_.command(c);
    SIM_ASSERT(why == nullptr);
  }
}

void Timeline::snapshot_if_due() {
  const model::World& newest = newest_snapshot().world();
  const model::World& present = session_.world();
  if (present.now() <= newest.now()) return;
  const bool by_ticks = options_.snapshot_interval_ticks > 0 &&
                        present.now().value - newest.now().value >= options_.snapshot_interval_ticks;
  const bool by_work = options_.snapshot_interval_work > 0 &&
                       present.work_done() - newest.work_done() >= options_.snapshot_interval_work;
  if (!by_ticks && !by_work) return;
  if (snapshots_.size() >= options_.snapshots_max) {
    // Keep the 2nd, 4th, ... snapshot: the spacing doubles evenly, and so do the intervals.
    std::size_t kept = 0;
    for (std::size_t i = 1; i < snapshots_.size(); i += 2) snapshots_[kept++] = std::move(snapshots_[i]);
    snapshots_.erase(snapshots_.begin() + std::ptrdiff_t(kept), snapshots_.end());
    options_.snapshot_interval_ticks *= 2;
    options_.snapshot_interval_work *= 2;
    // The newest snapshot may have moved back (an odd count drops the last): check again.
    return snapshot_if_due();
  }
  snapshots_.push_back(session_);
  SIM_ASSERT(snapshots_.size() <= options_.snapshots_max);
}

}  // namespace io::scenario
