#include "app.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "course.h"
#include "scenario/load.h"
#include "scenario/share_link.h"

namespace io::web {

namespace {

std::vector<ScenarioFile> list_scenarios(const std::string& dir) {
  std::vector<ScenarioFile> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (files.size() >= App::scenario_files_max) break;
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file(ec) || !is_scenario_file_name(name)) continue;
    ScenarioFile file;
    file.path = entry.path().string();
    file.name = name;
    files.push_back(std::move(file));
  }
  // Directory order is the file system's; the learner sees them by name.
  std::sort(files.begin(), files.end(), [](const ScenarioFile& a, const ScenarioFile& b) { return a.name < b.name; });
  return files;
}

// Moves the course's scenarios to the front, numbered in course order; the rest stay by name.
// An entry naming no scenario file is reported and skipped, so one typo does not hide the course.
void apply_course(std::vector<ScenarioFile>& files, const Course& course, std::vector<std::string>& errors) {
  std::vector<ScenarioFile> ordered;
  for (std::size_t i = 0; i < course.entries.size(); ++i) {
    const CourseEntry& entry = course.entries[i];
    const auto found = std::find_if(files.begin(), files.end(), [&](const ScenarioFile& f) { return f.name == entry.file; });
    const std::string where = std::string(course_file_name) + ": at /course/" + std::to_string(i) + "/file: ";
    if (found == files.end()) {
      const bool twice = std::any_of(ordered.begin(), ordered.end(), [&](const ScenarioFile& f) { return f.name == entry.file; });
      errors.push_back(where + (twice ? "\"" + entry.file + "\" is already in the course"
                                      : "no scenario file named \"" + entry.file + "\""));
      continue;
    }
    ScenarioFile file = std::move(*found);
    files.erase(found);
    file.course_number = int(ordered.size()) + 1;
    file.chapter = entry.chapter;
    ordered.push_back(std::move(file));
  }
  for (ScenarioFile& file : files) ordered.push_back(std::move(file));
  files = std::move(ordered);
  for (ScenarioFile& file : files) {
    file.label = file.name;
    if (file.course_number == 0) continue;
    file.label = std::to_string(file.course_number) + ". " + (file.chapter.empty() ? file.name : file.chapter);
  }
}

}  // namespace

App::App(const std::string& scenario_dir, const std::string& default_name)
    : scenario_files_(list_scenarios(scenario_dir)) {
  const Course course = load_course(scenario_dir + "/" + std::string(course_file_name));
  course_errors_ = course.errors;
  apply_course(scenario_files_, course, course_errors_);
  if (scenario_files_.empty()) {
    load_errors_file_ = scenario_dir;
    load_errors_.push_back("no scenario files found in " + scenario_dir);
    return;
  }
  // A course starts at its first lesson; without one, at the named default.
  int index = 0;
  if (scenario_files_[0].course_number == 0) {
    for (std::size_t i = 0; i < scenario_files_.size(); ++i) {
      if (scenario_files_[i].name == default_name) index = int(i);
    }
  }
  load(index);
}

void App::advance(double seconds) {
  if (!playing_ || !timeline_) return;
  tick_budget_ += std::max(0.0, seconds) * ticks_per_second_;
  std::uint64_t ticks = std::uint64_t(std::floor(tick_budget_));
  if (ticks > max_ticks_per_frame) {
    // Falling behind: drop the debt rather than carry it into every later frame.
    ticks = max_ticks_per_frame;
    tick_budget_ = 0;
  } else {
    tick_budget_ -= double(ticks);
  }
  const scenario::Session& session = timeline_->session();
  const sim::Tick now = session.world().now();
  ticks = std::min(ticks, session.end_tick().value - now.value);
  if (ticks > 0) timeline_->advance_to(now + ticks);
  after_session_change();
  if (timeline_->session().finished()) playing_ = false;
}

void App::set_playing(bool playing) {
  const scenario::Session* s = session();
  playing_ = playing && s != nullptr && !s->finished() && !s->held();
  tick_budget_ = 0;
}

void App::step() {
  set_playing(false);
  const scenario::Session* s = session();
  if (s != nullptr && !s->finished() && !s->held()) timeline_->advance_to(s->world().now() + 1);
  after_session_change();
}

std::uint64_t App::run_to_records(std::uint64_t records) {
  set_playing(false);
  // A bounded chunk at a time, so a held step or the run's end is noticed between chunks.
  constexpr std::uint64_t chunk_ticks = 100;
  const scenario::Session* s = session();
  while (s != nullptr && !s->finished() && !s->held() && s->world().log().end_offset().value < records) {
    const sim::Tick now = s->world().now();
    timeline_->advance_to(now + std::min(chunk_ticks, s->end_tick().value - now.value));
    after_session_change();
  }
  return s != nullptr ? s->world().log().end_offset().value : 0;
}

void App::record_frame(FrameTimes times) {
  frame_times_[frame_count_ % frame_window] = times;
  ++frame_count_;
}

App::FrameTimes App::frame_mean() const {
  FrameTimes mean;
  const std::size_t n = frames_in_window();
  if (n == 0) return mean;
  for (std::size_t i = 0; i < n; ++i) {
    mean.cpu_ms += frame_times_[i].cpu_ms;
    mean.sim_ms += frame_times_[i].sim_ms;
    mean.gl_ms += frame_times_[i].gl_ms;
  }
  mean.cpu_ms /= double(n);
  mean.sim_ms /= double(n);
  mean.gl_ms /= double(n);
  return mean;
}

double App::frame_cpu_max_ms() const {
  double worst = 0;
  for (std::size_t i = 0; i < frames_in_window(); ++i) worst = std::max(worst, frame_times_[i].cpu_ms);
  return worst;
}

void App::reset() {
  set_playing(false);
  if (!timeline_) return;
  // A Session is built from a Scenario value; copy it out before replacing the timeline.
  scenario::Scenario scenario = timeline_->session().scenario();
  const std::uint64_t seed = timeline_->session().seed();
  start(std::move(scenario), seed);
}

void App::seek(sim::Tick tick) {
  set_playing(false);
  if (!timeline_) return;
  timeline_->seek(std::min(tick, furthest_));
  last_audit_.reset();
  last_privacy_check_.reset();
  after_session_change();
}

scenario::Timeline App::make_timeline(scenario::Scenario scenario, std::uint64_t seed) {
  scenario::SessionOptions options;
  options.hold_at_steps = true;  // continued at once by after_session_change() when !stop_at_steps_
  // The timeline's default snapshot policy, the one the benchmarks measure seeks with.
  return scenario::Timeline(scenario::Session(std::move(scenario), seed, std::move(options)));
}

void App::start(scenario::Scenario scenario, std::uint64_t seed) {
  adopt_timeline(make_timeline(std::move(scenario), seed), sim::Tick{0});
}

void App::adopt_timeline(scenario::Timeline timeline, sim::Tick furthest) {
  timeline_.emplace(std::move(timeline));
  furthest_ = furthest;
  last_refusal_.clear();
  last_audit_.reset();
  last_privacy_check_.reset();
  prediction_answers_.clear();
  ethics_pending_.clear();
  steps_seen_ = 0;
  viewed_step_.reset();
  after_session_change();
}

void App::after_session_change() {
  if (!timeline_) return;
  const scenario::Session& session = timeline_->session();
  // With stops off, every step is continued as it is reached (each continue may reach the next
  // step at once; the script is finite, so this ends).
  while (!stop_at_steps_ && session.held()) {
    const std::size_t current = session.steps_reached() - 1;
    if (timeline_->command(model::Command::of(model::CommandKind::script_continue, current)) != nullptr) break;
  }
  if (session.held()) {
    playing_ = false;
    tick_budget_ = 0;
  }
  if (session.steps_reached() != steps_seen_) {
    steps_seen_ = session.steps_reached();
    viewed_step_.reset();  // a new step: show it
  }
  furthest_ = std::max(furthest_, session.world().now());
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

namespace {

// Reads and parses a picker file, keeping its text in `text` (the editor starts from it).
scenario::LoadResult read_file(const ScenarioFile& file, std::string& text) {
  auto read = scenario::read_scenario_text(file.path);
  if (!read) return sim::Failure{read.error()};
  text = std::move(read).value();
  return scenario::parse_scenario(text, file.path);
}

}  // namespace

void App::load(int index) {
  if (index < 0 || std::size_t(index) >= scenario_files_.size()) return;
  const ScenarioFile& file = scenario_files_[std::size_t(index)];
  std::string text;
  auto result = read_file(file, text);
  adopt(std::move(result), file.name, index, std::move(text));
}

bool App::load_text(std::string_view text, const std::string& name) {
  return adopt(scenario::parse_scenario(text, name), name, -1, std::string(text));  // -1: not a picker file
}

bool App::adopt(scenario::LoadResult result, const std::string& name, int index, std::string source) {
  load_errors_.clear();
  load_errors_file_.clear();
  if (!result) {
    load_errors_file_ = name;
    for (const scenario::LoadError& error : result.error()) load_errors_.push_back(error.to_string());
    return false;
  }
  scenario::Scenario scenario = std::move(result).value();
  const std::uint64_t seed = scenario.seed;
  install(make_timeline(std::move(scenario), seed), sim::Tick{0}, index, std::move(source), name);
  return true;
}

void App::install(scenario::Timeline timeline, sim::Tick furthest, int index, std::string source, const std::string& name) {
  set_playing(false);
  load_errors_.clear();
  load_errors_file_.clear();
  loaded_index_ = index;
  source_ = std::move(source);
  source_name_ = name;
  ++loads_;
  adopt_timeline(std::move(timeline), furthest);
}

const char* App::share_refusal() const {
  if (!timeline_) return "no scenario is loaded";
  if (loaded_index_ < 0) return "this scenario was loaded from memory, not from the picker: a link can only name a shipped scenario";
  if (timeline_->history().size() > scenario::ShareLink::commands_max) return "too many commands to fit in a link";
  return nullptr;
}

std::optional<std::string> App::share_link() const {
  if (share_refusal() != nullptr) return std::nullopt;
  const scenario::ShareLink link{scenario_files_[std::size_t(loaded_index_)].name, timeline_->session().seed(),
                                 timeline_->now(), timeline_->history()};
  return scenario::encode_share_link(link);
}

bool App::open_link(std::string_view fragment) {
  const auto fail = [&](std::string why) {
    load_errors_.assign(1, std::move(why));
    load_errors_file_ = "the share link";
    return false;
  };
  auto decoded = scenario::decode_share_link(fragment);
  if (!decoded) return fail(decoded.error());
  const scenario::ShareLink& link = decoded.value();
  const int index = scenario_index(link.scenario);
  if (index < 0) return fail("s: this app ships no scenario named \"" + link.scenario + "\"");
  const ScenarioFile& file = scenario_files_[std::size_t(index)];
  std::string text;
  auto loaded = read_file(file, text);
  if (!loaded) return fail(loaded.error().front().to_string());
  // Replayed aside, so that a link that does not fit leaves the running session as it was.
  scenario::Timeline timeline = make_timeline(std::move(loaded).value(), link.seed);
  if (const auto why = scenario::replay_share_link(timeline, link)) return fail(*why);
  const sim::Tick last_command = link.commands.empty() ? sim::Tick{0} : link.commands.back().at;
  install(std::move(timeline), std::max(link.tick, last_command), index, std::move(text), file.name);
  return true;
}

const char* App::command(model::Command command) {
  if (!timeline_) return "no scenario is loaded";
  const char* why = timeline_->command(command);
  last_refusal_ = why ? why : "";
  // A command rewrites the recorded future: the present is now the furthest tick reached.
  if (why == nullptr) furthest_ = timeline_->now();
  after_session_change();
  return why;
}

void App::set_stop_at_steps(bool stop) {
  stop_at_steps_ = stop;
  after_session_change();
}

int App::prediction_answer(std::size_t step) const {
  const auto it = prediction_answers_.find(step);
  return it == prediction_answers_.end() ? -1 : it->second;
}

namespace {

// The step a held session waits at, or nullptr if it is not held at `step`.
const scenario::ScriptStep* held_step(const scenario::Session* session, std::size_t step) {
  if (session == nullptr || !session->held() || step + 1 != session->steps_reached()) return nullptr;
  return &session->script().steps[step];
}

}  // namespace

const char* App::answer_prediction(std::size_t step, int choice) {
  const scenario::ScriptStep* s = held_step(session(), step);
  if (s == nullptr) return "the lesson is not waiting at that step";
  if (!s->prediction) return "that step asks no prediction";
  if (choice < 0 || std::size_t(choice) >= s->prediction->choices.size()) return "no such answer";
  prediction_answers_[step] = choice;
  return nullptr;
}

int App::ethics_pending(std::size_t step) const {
  const auto it = ethics_pending_.find(step);
  return it == ethics_pending_.end() ? -1 : it->second;
}

void App::set_ethics_pending(std::size_t step, int choice) {
  const scenario::ScriptStep* s = held_step(session(), step);
  if (s == nullptr || !s->ethics || choice < 0 || std::size_t(choice) >= s->ethics->choices.size()) return;
  ethics_pending_[step] = choice;
}

const char* App::decide_ethics(std::size_t step) {
  const int choice = ethics_pending(step);
  if (choice < 0) return "pick one of the choices first";
  return command(model::Command::of(model::CommandKind::script_choose, step, std::uint64_t(choice)));
}

const char* App::continue_refusal() const {
  const scenario::Session* s = session();
  if (s == nullptr) return "no scenario is loaded";
  if (!s->held()) return "The lesson is not waiting at a step.";
  const std::size_t current = s->steps_reached() - 1;
  const scenario::ScriptStep& step = s->script().steps[current];
  if (step.prediction && prediction_answer(current) < 0) return "Answer the prediction first: what do you expect?";
  if (step.ethics && s->progress()[current].ethics_choice < 0) return "Make your choice first, then press Decide.";
  return nullptr;
}

const char* App::continue_lesson() {
  if (const char* why = continue_refusal()) return why;
  const std::size_t current = session()->steps_reached() - 1;
  if (const char* why = command(model::Command::of(model::CommandKind::script_continue, current))) return why;
  set_playing(true);
  return nullptr;
}

std::size_t App::viewed_step() const {
  const std::size_t reached = session() != nullptr ? session()->steps_reached() : 0;
  if (reached == 0) return 0;
  return viewed_step_ && *viewed_step_ < reached ? *viewed_step_ : reached - 1;
}

void App::view_step(std::size_t step) {
  const std::size_t reached = session() != nullptr ? session()->steps_reached() : 0;
  if (step + 1 >= reached) {
    viewed_step_.reset();
  } else {
    viewed_step_ = step;
  }
}

void App::audit() {
  if (const scenario::Session* s = session()) last_audit_ = s->world().sample(true);
}

void App::check_privacy() {
  if (const scenario::Session* s = session()) last_privacy_check_ = PrivacyCheck{s->world().now(), s->world().privacy_findings()};
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
