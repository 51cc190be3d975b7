#pragma once
// The app's state between frames: which scenario is loaded, the Timeline running it (a Session
// with snapshots, so the learner can travel back to any tick reached), and the player (playing or
// paused, at what speed). Panels read the World through session() and act only through these
// methods, which in turn act only through the Timeline: the UI never changes the model itself, so
// a run stays (scenario, seed, commands).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/load.h"
#include "scenario/session.h"
#include "scenario/timeline.h"

namespace io::web {

// A scenario file shipped inside the app (embedded at /scenarios by the build).
struct ScenarioFile {
  std::string path;  // "/scenarios/first_log.json", what the loader opens
  std::string name;  // "first_log.json", what the learner picks
  int course_number = 0;  // 1, 2, ... in course order (course.json); 0 if not in the course
  std::string chapter;    // the course's chapter ("The log"), or ""
  std::string label;      // what the picker shows: "1. The log" (the file name if no chapter), or the name
};

// A widget's rectangle in canvas (CSS) pixels, published so browser tests can click real widgets.
struct ScreenRect {
  float x = 0, y = 0, w = 0, h = 0;
};

class App {
 public:
  // Lists the scenarios in `scenario_dir`, in course order (course.json) then by name, and loads
  // the course's first scenario, else `default_name`, else the first one found.
  App(const std::string& scenario_dir, const std::string& default_name);

  // Simulates the ticks that `seconds` of wall time are worth at the current speed, at most
  // max_ticks_per_frame, and pauses at the scenario's end and at each script step reached (the
  // lesson waits there for the learner). Does nothing while paused.
  void advance(double seconds);

  bool playing() const { return playing_; }
  // Playing a finished run, or a run the lesson holds at a step, does nothing.
  void set_playing(bool playing);
  // Pauses and advances one tick (nothing while the lesson holds the run).
  void step();
  // Pauses and simulates, without drawing, until the log holds `records` records, the run ends
  // or the lesson holds it: how a benchmark brings the world to a given size. Returns the log's
  // end offset.
  std::uint64_t run_to_records(std::uint64_t records);
  // Starts the loaded scenario again from tick 0 with its seed; the learner's commands are dropped.
  void reset();

  // Time travel. Pauses and moves the run to `tick` (at most furthest_tick()), backward or forward,
  // replaying from the nearest snapshot: the world is then exactly what a straight run with the
  // learner's commands reaches at that tick. The commands after it stay recorded, so playing on
  // replays them; a new command there rewrites the future from that tick. A seek forward stops
  // at a lesson step not yet continued. The last audit and privacy check are forgotten (they
  // described another tick).
  void seek(sim::Tick tick);
  // The latest tick the run has reached since it was loaded or reset: how far the learner can
  // travel without playing on. A new command made in the past makes the present the furthest.
  sim::Tick furthest_tick() const { return furthest_; }

  // Share links (scenario/share_link.h): the fragment of a URL that brings anyone to this very
  // world: the picker's scenario, the seed, every recorded command, the present tick. nullopt
  // when the run cannot be shared; share_refusal() then says why.
  std::optional<std::string> share_link() const;
  const char* share_refusal() const;
  // Opens a share link's fragment: loads its scenario, replays its commands and moves to its
  // tick, paused. On failure the running session stays and load_errors() says why (file: "the
  // share link"). Returns whether it opened.
  bool open_link(std::string_view fragment);

  int ticks_per_second() const { return ticks_per_second_; }
  void set_ticks_per_second(int ticks_per_second);

  const std::vector<ScenarioFile>& scenario_files() const { return scenario_files_; }
  // Why course.json could not be used (then scenarios are in name order), one line per problem.
  const std::vector<std::string>& course_errors() const { return course_errors_; }
  // Index into scenario_files() of the file called `name` ("first_log.json"), or -1 if none is.
  int scenario_index(std::string_view name) const;
  // Index into scenario_files() of the running scenario, or -1 if none is loaded.
  int loaded_index() const { return loaded_index_; }
  // Loads scenario_files()[index] and starts it paused. On failure the running session stays
  // and load_errors() says why (one line per problem, as the runner prints them).
  void load(int index);
  // Loads scenario JSON held in memory (not one of scenario_files(); `name` names it in errors),
  // the same way: started paused, or the running session stays and load_errors() says why.
  // Returns whether it loaded. Benchmarks and tests use it for scenarios the app does not ship.
  bool load_text(std::string_view text, const std::string& name);
  // How many scenarios have been loaded (resets not counted): panels compare it with the value
  // they saw last to notice a newly loaded scenario, whether or not it came from scenario_files().
  std::uint64_t loads() const { return loads_; }
  const std::vector<std::string>& load_errors() const { return load_errors_; }
  // The JSON text the running scenario was loaded from (a picker file's, a share link's or one
  // held in memory, such as the editor's), for the in-app editor to start from.
  const std::string& scenario_source() const { return source_; }
  // The name errors of the running scenario's text go under: the picker file's name, or the name
  // load_text() was given.
  const std::string& scenario_name() const { return source_name_; }
  const std::string& load_errors_file() const { return load_errors_file_; }

  // The running session (the timeline's present), or nullptr when no scenario could be loaded.
  const scenario::Session* session() const { return timeline_ ? &timeline_->session() : nullptr; }
  // The timeline behind it (snapshots, recorded commands), or nullptr.
  const scenario::Timeline* timeline() const { return timeline_ ? &*timeline_ : nullptr; }
  // Sends a learner's command at the current tick; returns why it was refused, or nullptr.
  const char* command(model::Command command);
  // The last refusal, for the UI to show until the next command succeeds ("" if none).
  const std::string& last_refusal() const { return last_refusal_; }

  // The lesson. The session holds the world at each script step reached; the learner reads it,
  // answers its prediction (kept here, by step: an answer is the learner's guess, not an event of
  // the world), makes its ethics choice (a script_choose command: it changes the world) and
  // continues (script_continue), which plays on to the next step. Reset and load forget answers.
  //
  // Whether the run stops at each step (the default). Off, every step is continued as soon as it
  // is reached, with the ethics prompt's default choice: the scenario runs as the runner runs it.
  bool stop_at_steps() const { return stop_at_steps_; }
  void set_stop_at_steps(bool stop);
  // The prediction answer given at `step`, or -1.
  int prediction_answer(std::size_t step) const;
  // Answers (or changes the answer to) the prediction of the step the lesson holds at; returns
  // why not, or nullptr. Once the step is continued the answer is final.
  const char* answer_prediction(std::size_t step, int choice);
  // The ethics choice the learner is considering at `step` (-1: none), before deciding it.
  int ethics_pending(std::size_t step) const;
  void set_ethics_pending(std::size_t step, int choice);
  // Sends the pending ethics choice of the held step as a script_choose command.
  const char* decide_ethics(std::size_t step);
  // Why Continue cannot be pressed now (not held, prediction unanswered, no ethics choice yet),
  // or nullptr.
  const char* continue_refusal() const;
  // Continues the held step (script_continue) and plays on; returns why not, or nullptr.
  const char* continue_lesson();
  // The step the lesson panel shows: the newest reached, unless the learner looks back at an
  // earlier one (read-only). Reaching a new step shows it.
  std::size_t viewed_step() const;
  void view_step(std::size_t step);

  // Audits the world as it stands: every view against a fresh fold of the log, money, dual-write
  // stores. That is O(log length), so it runs only when the learner asks, never per frame. The
  // result (with its tick) is kept until the next audit, reset or load.
  void audit();
  // The last audit's sample, or nullptr if there has been none since the run started.
  const model::MetricsSample* last_audit() const { return last_audit_ ? &*last_audit_ : nullptr; }

  // Looks everywhere an erased subject's personal data can hide, and for ignored withdrawals of
  // consent (World::privacy_findings(), O(log length)): only when the learner asks. The result is
  // kept with its tick until the next check, reset or load.
  struct PrivacyCheck {
    sim::Tick tick;
    std::vector<model::PrivacyFinding> findings;
  };
  void check_privacy();
  // The last privacy check, or nullptr if there has been none since the run started.
  const PrivacyCheck* last_privacy_check() const { return last_privacy_check_ ? &*last_privacy_check_ : nullptr; }

  // Presenter view: the whole UI larger, for a class reading a projector (a view setting, not the
  // model's: nothing recorded, nothing replayed). main.cpp applies it between frames.
  bool presenter() const { return presenter_; }
  void set_presenter(bool on) { presenter_ = on; }

  std::uint64_t frames() const { return frames_; }
  void frame_rendered() { ++frames_; }

  // What the app's own work costs per frame, in milliseconds of the main thread (the browser's
  // performance.now()), over the last frame_window frames: `cpu` is the simulation and the UI
  // build (input, NewFrame, advance, every panel, Render), `sim` the simulation alone, `gl` the
  // draw calls handed to WebGL afterwards (context only: that is the browser's and the GPU's).
  struct FrameTimes {
    double cpu_ms = 0, sim_ms = 0, gl_ms = 0;
  };
  void record_frame(FrameTimes times);
  // Mean over the frames recorded since the window was last cleared (at most frame_window).
  FrameTimes frame_mean() const;
  // The slowest frame in the window (cpu_ms), or 0 if none was recorded.
  double frame_cpu_max_ms() const;
  std::size_t frames_in_window() const { return frame_count_ < frame_window ? frame_count_ : frame_window; }
  // Starts a fresh window, so a figure covers only what follows (another tab, another size).
  void clear_frame_times() { frame_count_ = 0; }
  static constexpr std::size_t frame_window = 60;

  void publish_rect(const std::string& name, ScreenRect rect) { rects_[name] = rect; }
  // Forgets every published rectangle: called as a frame starts, so that afterwards only the
  // widgets that frame drew have one (a widget of a closed tab or a past step has none).
  void clear_rects() { rects_.clear(); }
  // The rectangle published under `name` by the last frame, or nullptr.
  const ScreenRect* rect(std::string_view name) const;

  // A frame never simulates more than this many ticks, so a high speed or a long stall (a hidden
  // tab) costs at most one bounded burst of work instead of freezing the page.
  static constexpr std::uint64_t max_ticks_per_frame = 2000;
  static constexpr int ticks_per_second_min = 1;
  static constexpr int ticks_per_second_max = 100'000;
  static constexpr int ticks_per_second_default = 100;
  // More files than this in /scenarios is a packaging mistake, not a curriculum.
  static constexpr std::size_t scenario_files_max = 256;

 private:
  // Starts a freshly loaded scenario (a picker file at `index`, or -1), or keeps the running one
  // and records why `name` failed to load. Returns whether it loaded.
  bool adopt(scenario::LoadResult result, const std::string& name, int index, std::string source);
  // Builds a session of `scenario` with the lesson's options and forgets the lesson's answers.
  void start(scenario::Scenario scenario, std::uint64_t seed);
  // A fresh timeline of `scenario` with the lesson's options, at tick 0.
  static scenario::Timeline make_timeline(scenario::Scenario scenario, std::uint64_t seed);
  // Makes `timeline` the running one (reached as far as `furthest`) and forgets the lesson's answers.
  void adopt_timeline(scenario::Timeline timeline, sim::Tick furthest);
  // A newly loaded scenario's timeline (a picker file's at `index`, or -1), from `source` under
  // `name`: paused, the load's errors cleared, counted as a load.
  void install(scenario::Timeline timeline, sim::Tick furthest, int index, std::string source, const std::string& name);
  // After anything that may have moved the session: pause at a newly held step (or continue it
  // when stop_at_steps is off), show a newly reached step, and move the furthest tick on.
  void after_session_change();

  std::vector<ScenarioFile> scenario_files_;
  std::vector<std::string> course_errors_;
  int loaded_index_ = -1;
  std::vector<std::string> load_errors_;
  std::string load_errors_file_;
  std::string source_;       // see scenario_source()
  std::string source_name_;  // see scenario_name()
  std::optional<scenario::Timeline> timeline_;
  sim::Tick furthest_;  // see furthest_tick()
  bool playing_ = false;
  int ticks_per_second_ = ticks_per_second_default;
  double tick_budget_ = 0;  // fractional ticks owed to the learner at the current speed
  std::string last_refusal_;
  std::optional<model::MetricsSample> last_audit_;
  std::optional<PrivacyCheck> last_privacy_check_;
  std::uint64_t frames_ = 0;
  std::uint64_t loads_ = 0;
  FrameTimes frame_times_[frame_window];
  std::size_t frame_count_ = 0;  // frames recorded since the window was cleared
  std::map<std::string, ScreenRect, std::less<>> rects_;
  bool stop_at_steps_ = true;
  bool presenter_ = false;
  std::map<std::size_t, int> prediction_answers_;  // step -> choice
  std::map<std::size_t, int> ethics_pending_;      // step -> choice being considered
  std::size_t steps_seen_ = 0;                     // steps reached when last looked
  std::optional<std::size_t> viewed_step_;         // nullopt: follow the newest step
};

// The one App of the page, created on first use (after main() has set up the file system).
App& app();

}  // namespace io::web
