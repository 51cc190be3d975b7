#pragma once
// The app's state between frames: which scenario is loaded, the Session running it, and the
// player (playing or paused, at what speed). Panels read the World through session() and act
// only through these methods, which in turn act only through the Session: the UI never changes
// the model itself, so a run stays (scenario, seed, commands).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/session.h"

namespace io::web {

// A scenario file shipped inside the app (embedded at /scenarios by the build).
struct ScenarioFile {
  std::string path;  // "/scenarios/first_log.json", what the loader opens
  std::string name;  // "first_log.json", what the learner picks
};

// A widget's rectangle in canvas (CSS) pixels, published so browser tests can click real widgets.
struct ScreenRect {
  float x = 0, y = 0, w = 0, h = 0;
};

class App {
 public:
  // Lists the scenarios in `scenario_dir` and loads `default_name` (or the first one found).
  App(const std::string& scenario_dir, const std::string& default_name);

  // Simulates the ticks that `seconds` of wall time are worth at the current speed, at most
  // max_ticks_per_frame, and pauses at the scenario's end. Does nothing while paused.
  void advance(double seconds);

  bool playing() const { return playing_; }
  // Playing a finished run does nothing: reset() first.
  void set_playing(bool playing);
  // Pauses and advances one tick.
  void step();
  // Starts the loaded scenario again from tick 0 with its seed; the learner's commands are dropped.
  void reset();

  int ticks_per_second() const { return ticks_per_second_; }
  void set_ticks_per_second(int ticks_per_second);

  const std::vector<ScenarioFile>& scenario_files() const { return scenario_files_; }
  // Index into scenario_files() of the file called `name` ("first_log.json"), or -1 if none is.
  int scenario_index(std::string_view name) const;
  // Index into scenario_files() of the running scenario, or -1 if none is loaded.
  int loaded_index() const { return loaded_index_; }
  // Loads scenario_files()[index] and starts it paused. On failure the running session stays
  // and load_errors() says why (one line per problem, as the runner prints them).
  void load(int index);
  const std::vector<std::string>& load_errors() const { return load_errors_; }
  const std::string& load_errors_file() const { return load_errors_file_; }

  // The running session, or nullptr when no scenario could be loaded.
  const scenario::Session* session() const { return session_ ? &*session_ : nullptr; }
  // Sends a learner's command at the current tick; returns why it was refused, or nullptr.
  const char* command(model::Command command);
  // The last refusal, for the UI to show until the next command succeeds ("" if none).
  const std::string& last_refusal() const { return last_refusal_; }

  // Audits the world as it stands: every view against a fresh fold of the log, money, dual-write
  // stores. That is O(log length), so it runs only when the learner asks, never per frame. The
  // result (with its tick) is kept until the next audit, reset or load.
  void audit();
  // The last audit's sample, or nullptr if there has been none since the run started.
  const model::MetricsSample* last_audit() const { return last_audit_ ? &*last_audit_ : nullptr; }

  std::uint64_t frames() const { return frames_; }
  void frame_rendered() { ++frames_; }

  void publish_rect(const std::string& name, ScreenRect rect) { rects_[name] = rect; }
  // The rectangle last published under `name`, or nullptr.
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
  std::vector<ScenarioFile> scenario_files_;
  int loaded_index_ = -1;
  std::vector<std::string> load_errors_;
  std::string load_errors_file_;
  std::optional<scenario::Session> session_;
  bool playing_ = false;
  int ticks_per_second_ = ticks_per_second_default;
  double tick_budget_ = 0;  // fractional ticks owed to the learner at the current speed
  std::string last_refusal_;
  std::optional<model::MetricsSample> last_audit_;
  std::uint64_t frames_ = 0;
  std::map<std::string, ScreenRect, std::less<>> rects_;
};

// The one App of the page, created on first use (after main() has set up the file system).
App& app();

}  // namespace io::web
