#pragma once
// Time travel over a Session. A run is a pure function of (scenario, seed, commands), so any past
// tick can be reached by replaying from tick 0; a Timeline makes that fast by keeping snapshots
// (copies of the Session, whose World shares unchanged chunks copy-on-write) and replaying
// only from the nearest one. It also keeps the learner's commands, so replay applies each at its
// tick and a seek lands on exactly the state a straight run with those commands would reach.
//
// History is a tape: seeking back keeps the recorded future, and moving forward again replays it.
// A new command rewrites the tape from the present on (the recorded future after it is dropped),
// as a learner who changes the past expects.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/command.h"
#include "scenario/session.h"
#include "sim/types.h"

namespace io::scenario {

struct TimelineOptions {
  // A snapshot is taken at the first tick boundary at which this many ticks (0: never by ticks)
  // or this much work (World::work_done(): events, and log records read by passes over the whole
  // log; 0: never by work) have passed since the newest snapshot. Work bounds the replay of a seek
  // better than ticks, since busy ticks cost more, and better than events, since one audit may
  // read the whole log: a snapshot falls due right after it, so no seek replays it again.
  // A snapshot shares all but its newest chunks with the present, so they can be frequent: the
  // default keeps a seek's replay to about 10,000 events (about 20 ms natively).
  std::uint64_t snapshot_interval_ticks = 0;
  std::uint64_t snapshot_interval_work = 10'000;
  // Snapshots kept, at most (the starting state is kept besides them). When full, every other
  // one is dropped and both intervals double, so a long run keeps evenly spaced snapshots.
  std::size_t snapshots_max = 256;

  // Each snapshot holds what a World changed since the one before (a few hundred KiB in a busy
  // run): a few thousand is already more memory than a browser tab.
  static constexpr std::size_t snapshots_limit = 4096;
};

class Timeline {
 public:
  // Starts from `start`, which must have no learner commands yet (they are recorded here).
  explicit Timeline(Session start, TimelineOptions options = {});

  // Moves the present forward to `tick` (>= now), replaying recorded commands at their ticks and
  // taking snapshots as they fall due. The present then includes the commands stamped `tick`.
  // A session that holds at script steps stops early at a step the learner has not continued.
  void advance_to(sim::Tick tick);
  // Applies a learner's command at the present tick, as Session::command does, and records it.
  // Recorded commands after the present, and snapshots at or after it, are dropped first.
  // Returns nullptr, or why the command was refused (nothing changes then).
  const char* command(model::Command command);
  // Moves the present to `tick`, backward or forward: restores the nearest snapshot at or before
  // it (or keeps the present, if that is nearer) and replays to it. Same result as advance_to
  // from tick 0 (so it, too, stops early at a step the learner has not continued).
  void seek(sim::Tick tick);

  // The present.
  const Session& session() const { return session_; }
  sim::Tick now() const { return session_.world().now(); }
  // Every recorded learner command, including those after the present (after a seek back).
  const std::vector<model::Command>& history() const { return history_; }
  std::size_t snapshot_count() const { return snapshots_.size(); }
  sim::Tick snapshot_tick(std::size_t index) const { return snapshots_.at(index).world().now(); }
  // The options in force: the intervals have doubled once per thinning.
  const TimelineOptions& options() const { return options_; }

  // Commands recorded, at most: a session is a lesson, not a load test.
  static constexpr std::size_t history_max = 100'000;

 private:
  // Moves the present forward to `target`, replaying and snapshotting as advance_to says.
  void run_to(sim::Tick target);
  // Applies the recorded commands stamped with the present tick that are not applied yet.
  void replay_due_commands();
  // Takes a snapshot of the present if one is due; thins the snapshots when full.
  void snapshot_if_due();
  const Session& newest_snapshot() const { return snapshots_.empty() ? origin_ : snapshots_.back(); }

  TimelineOptions options_;
  Session origin_;  // tick 0, before any command: where a seek starts when no snapshot is nearer
  Session session_;
  std::vector<Session> snapshots_;  // by tick, strictly increasing, all after tick 0
  std::vector<model::Command> history_;
};

}  // namespace io::scenario
