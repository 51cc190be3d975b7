#include "app.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "scenario/load.h"

namespace io::web {

namespace {

// The JSON Schema ships next to the scenarios but is not one.
bool is_scenario_name(const std::string& name) {
  const auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".json") && !ends_with(".schema.json") && name != "schema.json";
}

std::vector<ScenarioFile> list_scenarios(const std::string& dir) {
  std::vector<ScenarioFile> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (files.size() >= App::scenario_files_max) break;
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && is_scenario_name(name)) files.push_back({entry.path().string(), name});
  }
  // Directory order is the file system's; the learner sees them by name.
  std::sort(files.begin(), files.end(), [](const ScenarioFile& a, const ScenarioFile& b) { return a.name < b.name; });
  return files;
}

}  // namespace

App::App(const std::string& scenario_dir, const std::string& default_name)
    : scenario_files_(list_scenarios(scenario_dir)) {
  if (scenario_files_.empty()) {
    load_errors_file_ = scenario_dir;
    load_errors_.push_back("no scenario files found in " + scenario_dir);
    return;
  }
  int index = 0;
  for (std::size_t i = 0; i < scenario_files_.size(); ++i) {
    if (scenario_files_[i].name == default_name) index = int(i);
  }
  load(index);
}

void App::advance(double seconds) {
  if (!playing_ || !session_) return;
  tick_budget_ += std::max(0.0, seconds) * ticks_per_second_;
  std::uint64_t ticks = std::uint64_t(std::floor(tick_budget_));
  if (ticks > max_ticks_per_frame) {
    // Falling behind: drop the debt rather than carry it into every later frame.
    ticks = max_ticks_per_frame;
    tick_budget_ = 0;
  } else {
    tick_budget_ -= double(ticks);
  }
  const sim::Tick now = session_->world().now();
  const sim::Tick end = session_->end_tick();
  ticks = std::min(ticks, end.value - now.value);
  if (ticks > 0) session_->advance_to(now + ticks);
  if (session_->finished()) playing_ = false;
}

void App::set_playing(bool playing) {
  playing_ = playing && session_ && !session_->finished();
  tick_budget_ = 0;
}

void App::step() {
  set_playing(false);
  if (session_ && !session_->finished()) session_->step();
}

void App::reset() {
  set_playing(false);
  if (!session_) return;
  // A Session is built from a Scenario value; copy it out before replacing the session.
  scenario::Scenario scenario = session_->scenario();
  const std::uint64_t seed = session_->seed();
  session_.emplace(std::move(scenario), seed);
  last_refusal_.clear();
  last_audit_.reset();
}

void App::set_ticks_per_second(int ticks_per_second) {
  ticks_per_second_ = std::clamp(ticks_per_second, ticks_per_second_min, ticks_per_second_max);
}

int App::scenario_index(std::string_view name) const {
  for (std::size_t i = 0; i < scenario_files_.size(); ++i) {
    if (scenario_files_[i].name == name) return int(i);
  }
  return -1;
}

void App::load(int index) {
  if (index < 0 || std::size_t(index) >= scenario_files_.size()) return;
  const ScenarioFile& file = scenario_files_[std::size_t(index)];
  scenario::LoadResult result = scenario::load_scenario_file(file.path);
  load_errors_.clear();
  load_errors_file_.clear();
  if (!result) {
    load_errors_file_ = file.name;
    for (const scenario::LoadError& error : result.error()) load_errors_.push_back(error.to_string());
    return;
  }
  set_playing(false);
  scenario::Scenario scenario = std::move(result).value();
  const std::uint64_t seed = scenario.seed;
  session_.emplace(std::move(scenario), seed);
  loaded_index_ = index;
  last_refusal_.clear();
  last_audit_.reset();
}

const char* App::command(model::Command command) {
  if (!session_) return "no scenario is loaded";
  const char* why = session_->command(command);
  last_refusal_ = why ? why : "";
  return why;
}

void App::audit() {
  if (session_) last_audit_ = session_->world().sample(true);
}

const ScreenRect* App::rect(std::string_view name) const {
  const auto it = rects_.find(name);
  return it == rects_.end() ? nullptr : &it->second;
}

App& app() {
  static App instance("/scenarios", "first_log.json");
  return instance;
}

}  // namespace io::web
