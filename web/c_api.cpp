// A small C API for browser tests (tests/web/): they read the app's state and drive it the way
// a learner would, through App, and find widgets to click with real mouse events.
// Numbers that may exceed 2^31 are returned as double, exact up to 2^53.

#include <emscripten/emscripten.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <string>

#include "app.h"
#include "model/metric_fields.h"
#include "panels.h"
#include "widgets.h"

using io::web::app;

namespace {

const io::model::World* world() {
  const io::scenario::Session* s = app().session();
  return s ? &s->world() : nullptr;
}

// The deriver at `i`, or nullptr if there is none.
const io::model::Deriver* deriver(int i) {
  const io::model::World* w = world();
  if (w == nullptr || i < 0 || std::size_t(i) >= w->derivers().size()) return nullptr;
  return &w->derivers()[std::size_t(i)];
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE double io_log_end_offset() {
  const io::scenario::Session* s = app().session();
  return s ? double(s->world().log().end_offset().value) : 0.0;
}

EMSCRIPTEN_KEEPALIVE double io_tick() {
  const io::scenario::Session* s = app().session();
  return s ? double(s->world().now().value) : 0.0;
}

// The trace hash as 16 lowercase hex digits, as the runner prints it. The string stays valid
// until the next call.
EMSCRIPTEN_KEEPALIVE const char* io_trace_hash() {
  static char hex[17];
  const io::scenario::Session* s = app().session();
  std::snprintf(hex, sizeof hex, "%016" PRIx64, s ? s->world().trace().hash() : std::uint64_t{0});
  return hex;
}

EMSCRIPTEN_KEEPALIVE int io_frames() { return int(app().frames()); }

EMSCRIPTEN_KEEPALIVE int io_playing() { return app().playing() ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE void io_set_playing(int playing) { app().set_playing(playing != 0); }

EMSCRIPTEN_KEEPALIVE void io_step() { app().step(); }

// Time travel, as the player's slider does it: pauses and moves the run to `tick` (at most the
// furthest tick reached). Tests compare what a seek shows with a straight run to the same tick.
EMSCRIPTEN_KEEPALIVE void io_seek(double tick) { app().seek(io::sim::Tick{std::uint64_t(tick < 0 ? 0 : tick)}); }

EMSCRIPTEN_KEEPALIVE double io_furthest_tick() { return double(app().furthest_tick().value); }

// Share links: the fragment for the present (valid until the next call; "" if it cannot be
// shared), and opening one as the page does (0 opened; 2 refused, the running session kept).
EMSCRIPTEN_KEEPALIVE const char* io_share_link() {
  static std::string fragment;
  fragment = app().share_link().value_or("");
  return fragment.c_str();
}

EMSCRIPTEN_KEEPALIVE int io_open_link(const char* fragment) { return app().open_link(fragment) ? 0 : 2; }

// Lines of the last load's errors (a scenario file or a share link), 0 if it loaded, and line `i`
// as the page shows it (valid until the next call).
EMSCRIPTEN_KEEPALIVE int io_load_error_count() { return int(app().load_errors().size()); }

EMSCRIPTEN_KEEPALIVE const char* io_load_error(int i) {
  static std::string line;
  const auto& errors = app().load_errors();
  line = i >= 0 && std::size_t(i) < errors.size() ? app().load_errors_file() + ": " + errors[std::size_t(i)] : "";
  return line.c_str();
}

// The text in the Scenario source tab's editor.
EMSCRIPTEN_KEEPALIVE const char* io_editor_text() { return io::web::scenario_editor_text().c_str(); }

EMSCRIPTEN_KEEPALIVE int io_snapshot_count() {
  const io::scenario::Timeline* t = app().timeline();
  return t ? int(t->snapshot_count()) : 0;
}

// Loads /scenarios/NAME through the same path as the scenario picker, paused at tick 0.
// Returns 0 on success, 1 if no shipped scenario has that name, 2 if it failed to load (the app
// shows why and keeps the running scenario).
EMSCRIPTEN_KEEPALIVE int io_load_scenario(const char* name) {
  const int index = name ? app().scenario_index(name) : -1;
  if (index < 0) return 1;
  app().load(index);
  return app().loaded_index() == index && app().load_errors().empty() ? 0 : 2;
}

// Loads scenario JSON held in memory (a benchmark's, or a test's), paused at tick 0, through the
// same loader as the picker's files; `name` names it in errors. Returns 0 on success, 2 if it
// failed to load (the app shows why and keeps the running scenario).
EMSCRIPTEN_KEEPALIVE int io_load_scenario_text(const char* text, const char* name) {
  if (text == nullptr) return 2;
  return app().load_text(text, name ? name : "scenario.json") ? 0 : 2;
}

// Pauses and simulates (without drawing) until the log holds `records` records, the run ends or
// the lesson holds it; returns the log's end offset.
EMSCRIPTEN_KEEPALIVE double io_run_to_records(double records) {
  return records > 0 ? double(app().run_to_records(std::uint64_t(records))) : io_log_end_offset();
}

// What a frame costs the app, in milliseconds: the mean over the last App::frame_window frames
// (or those since io_frame_times_clear()) of the simulation and UI build (io_frame_cpu_ms), of
// the simulation alone (io_frame_sim_ms), and of the WebGL calls after the build (io_frame_gl_ms,
// context only); the slowest frame's build (io_frame_cpu_max_ms); how many frames that covers.
EMSCRIPTEN_KEEPALIVE double io_frame_cpu_ms() { return app().frame_mean().cpu_ms; }
EMSCRIPTEN_KEEPALIVE double io_frame_sim_ms() { return app().frame_mean().sim_ms; }
EMSCRIPTEN_KEEPALIVE double io_frame_gl_ms() { return app().frame_mean().gl_ms; }
EMSCRIPTEN_KEEPALIVE double io_frame_cpu_max_ms() { return app().frame_cpu_max_ms(); }
EMSCRIPTEN_KEEPALIVE int io_frame_times_count() { return int(app().frames_in_window()); }
EMSCRIPTEN_KEEPALIVE void io_frame_times_clear() { app().clear_frame_times(); }
EMSCRIPTEN_KEEPALIVE int io_frame_window() { return int(io::web::App::frame_window); }

// Sets the player's speed in simulated ticks per second (clamped to what the speed slider allows).
EMSCRIPTEN_KEEPALIVE void io_set_ticks_per_second(int ticks_per_second) { app().set_ticks_per_second(ticks_per_second); }

EMSCRIPTEN_KEEPALIVE int io_deriver_count() {
  const io::model::World* w = world();
  return w ? int(w->derivers().size()) : 0;
}

// The next offset deriver `i` will read, or -1 if there is no such deriver.
EMSCRIPTEN_KEEPALIVE double io_deriver_position(int i) {
  const io::model::Deriver* d = deriver(i);
  return d ? double(d->position().value) : -1.0;
}

// The offset deriver `i` resumes from after a crash, or -1 if there is no such deriver.
EMSCRIPTEN_KEEPALIVE double io_deriver_checkpoint(int i) {
  const io::model::Deriver* d = deriver(i);
  return d ? double(d->checkpoint().value) : -1.0;
}

// 1 if deriver `i` is down (crashed, not yet restarted), 0 if not, -1 if there is no such deriver.
EMSCRIPTEN_KEEPALIVE int io_deriver_down(int i) {
  const io::model::Deriver* d = deriver(i);
  return d ? (d->down() ? 1 : 0) : -1;
}

EMSCRIPTEN_KEEPALIVE double io_duplicate_effects() {
  const io::model::World* w = world();
  return w ? double(w->counters().duplicate_effects) : 0.0;
}

EMSCRIPTEN_KEEPALIVE double io_requests_accepted() {
  const io::model::World* w = world();
  return w ? double(w->front_door().counters().accepted) : 0.0;
}

// The last "Audit now": -1 if none since the run started, 1 if views match the log, money is
// conserved and no caught-up view serves a wrong balance, 0 if not.
EMSCRIPTEN_KEEPALIVE int io_last_audit_ok() {
  const io::model::MetricsSample* a = app().last_audit();
  if (a == nullptr) return -1;
  return a->views_match_log && a->money_conserved && a->wrong_balances == 0 ? 1 : 0;
}

// Storage faults so far, per the fault ledger: injected (on command, scheduled or random), and
// detected by some verification (a read, a replica's restart or an audit).
EMSCRIPTEN_KEEPALIVE double io_faults_injected() {
  const io::model::World* w = world();
  return w ? double(w->fault_ledger().counters().injected) : 0.0;
}

EMSCRIPTEN_KEEPALIVE double io_faults_detected() {
  const io::model::World* w = world();
  return w ? double(w->fault_ledger().counters().detected) : 0.0;
}

// Violations the auditor and read verification have reported so far.
EMSCRIPTEN_KEEPALIVE double io_violations() {
  const io::model::World* w = world();
  return w ? double(w->sample(false).violations) : 0.0;
}

// 1 if log replica `r` is up, 0 if it is down, -1 if there is no such replica.
EMSCRIPTEN_KEEPALIVE int io_replica_up(int r) {
  const io::model::World* w = world();
  if (w == nullptr || r < 0 || std::uint32_t(r) >= w->log().replica_count()) return -1;
  return w->log().replica_up(std::uint32_t(r)) ? 1 : 0;
}

// Any metric by the name the runner prints and scripts use ("duplicates_absorbed",
// "credit/south/approval_rate_permille", "derivers/balances/lag_records"); audited metrics are
// computed on the spot. NaN if no scenario is loaded or the name names no metric.
EMSCRIPTEN_KEEPALIVE double io_metric(const char* name) {
  const io::scenario::Session* s = app().session();
  if (s == nullptr || name == nullptr) return NAN;
  std::string why;
  const auto ref = io::model::resolve_metric(name, s->scenario().world, why);
  if (!ref) return NAN;
  return double(io::model::metric_value(*ref, s->world().sample(ref->audited), s->world()));
}

// The scenario picker, in its order (the course first): how many entries, and entry `i`'s label
// ("1. The log as the system of record"; outside the course, the file name) or "" if there is
// none. The string stays valid until the next call.
EMSCRIPTEN_KEEPALIVE int io_scenario_count() { return int(app().scenario_files().size()); }

EMSCRIPTEN_KEEPALIVE const char* io_scenario_label(int i) {
  static std::string label;
  const auto& files = app().scenario_files();
  label = i >= 0 && std::size_t(i) < files.size() ? files[std::size_t(i)].label : "";
  return label.c_str();
}

// Entry `i`'s file name ("first_log.json"), or "". The string stays valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* io_scenario_name(int i) {
  static std::string name;
  const auto& files = app().scenario_files();
  name = i >= 0 && std::size_t(i) < files.size() ? files[std::size_t(i)].name : "";
  return name.c_str();
}

// The picker's entry of the running scenario, or -1 if none (or one loaded from memory); and how
// many scenarios have been loaded so far (resets not counted): a test sees that nothing was loaded.
EMSCRIPTEN_KEEPALIVE int io_loaded_scenario() { return app().loaded_index(); }
EMSCRIPTEN_KEEPALIVE double io_scenario_loads() { return double(app().loads()); }

// Problems with course.json (0: none, or no course file).
EMSCRIPTEN_KEEPALIVE int io_course_error_count() { return int(app().course_errors().size()); }

// Places found by the last "Look now" of the privacy tab (erased data lingering, consent
// ignored), or -1 if there has been no look since the run started.
EMSCRIPTEN_KEEPALIVE int io_privacy_findings() {
  const io::web::App::PrivacyCheck* check = app().last_privacy_check();
  return check ? int(check->findings.size()) : -1;
}

// The lender's policy knob `knob` (0 threshold per mille, 1 exploration ppm, 2 use_group), or -1
// if there is no lender or no such knob.
EMSCRIPTEN_KEEPALIVE double io_credit_policy(int knob) {
  const io::model::World* w = world();
  if (w == nullptr || !w->options().credit.enabled()) return -1;
  const io::model::CreditPolicy& p = w->lender().policy();
  switch (knob) {
    case 0: return p.threshold_permille;
    case 1: return p.exploration_ppm;
    case 2: return p.use_group ? 1 : 0;
    default: return -1;
  }
}

// The lesson (the running scenario's script).
EMSCRIPTEN_KEEPALIVE int io_script_step_count() {
  const io::scenario::Session* s = app().session();
  return s ? int(s->script().steps.size()) : 0;
}

EMSCRIPTEN_KEEPALIVE int io_script_steps_reached() {
  const io::scenario::Session* s = app().session();
  return s ? int(s->steps_reached()) : 0;
}

// What step `step` (0-based) asks: 1 if a prediction, 2 if an ethics prompt, 3 if both, 0 if
// neither or there is no such step.
EMSCRIPTEN_KEEPALIVE int io_script_step_asks(int step) {
  const io::scenario::Session* s = app().session();
  if (s == nullptr || step < 0 || std::size_t(step) >= s->script().steps.size()) return 0;
  const io::scenario::ScriptStep& st = s->script().steps[std::size_t(step)];
  return (st.prediction ? 1 : 0) | (st.ethics ? 2 : 0);
}

// 1 while the run waits at a step for the learner to continue.
EMSCRIPTEN_KEEPALIVE int io_script_held() {
  const io::scenario::Session* s = app().session();
  return s && s->held() ? 1 : 0;
}

// The step the lesson panel shows (0-based).
EMSCRIPTEN_KEEPALIVE int io_script_viewed_step() { return int(app().viewed_step()); }

// The learner's prediction answer at `step` (0-based), or -1.
EMSCRIPTEN_KEEPALIVE int io_script_prediction_answer(int step) {
  return step < 0 ? -1 : app().prediction_answer(std::size_t(step));
}

// Whether choice `choice` of `step`'s prediction turned out right: 1 or 0, or -1 if not yet known.
EMSCRIPTEN_KEEPALIVE int io_script_prediction_right(int step, int choice) {
  const io::scenario::Session* s = app().session();
  if (s == nullptr || step < 0 || std::size_t(step) >= s->steps_reached() || choice < 0) return -1;
  const io::scenario::StepProgress& p = s->progress()[std::size_t(step)];
  if (!p.prediction_resolved || std::size_t(choice) >= p.prediction_right.size()) return -1;
  return p.prediction_right[std::size_t(choice)] ? 1 : 0;
}

// The ethics choice taken at `step`, or -1 (none yet, or no such step).
EMSCRIPTEN_KEEPALIVE int io_script_ethics_choice(int step) {
  const io::scenario::Session* s = app().session();
  if (s == nullptr || step < 0 || std::size_t(step) >= s->steps_reached()) return -1;
  return s->progress()[std::size_t(step)].ethics_choice;
}

// 1 if every check so far held (steps' expects and the chosen ethics choices' expects).
EMSCRIPTEN_KEEPALIVE int io_script_expectations_met() {
  const io::scenario::Session* s = app().session();
  return s && s->expectations_met() ? 1 : 0;
}

// Whether the run stops at each script step (the lesson's "Stop at each step"). Tests that are
// not about the lesson turn it off, so a scripted scenario plays through as the runner plays it.
EMSCRIPTEN_KEEPALIVE void io_set_stop_at_steps(int stop) { app().set_stop_at_steps(stop != 0); }

// Asks the next frame that draws `panel` ("credit") to keep the text it draws; io_captured_text()
// then returns it, a line per row as laid out ("" until that frame has been drawn). For tests that
// check what a panel says, such as the unit of its figures. Valid until the next call.
EMSCRIPTEN_KEEPALIVE void io_capture_text(const char* panel) { io::web::request_text_capture(panel); }

EMSCRIPTEN_KEEPALIVE const char* io_captured_text() {
  const std::string* text = io::web::captured_text();
  return text ? text->c_str() : "";
}

// The rectangle of a named widget ("play", "step", "reset", "tab_derivers", "crash_deriver_0",
// "double_click_0", "audit", "tab_storage", "inject_fault",
// "audit_now", "crash_replica_0", "lesson_continue", "prediction_choice_0", "ethics_choice_1",
// "ethics_decide", "lesson_step_2", "lesson_previous", "scenario_picker", "scenario_picker_list"
// (the picker's open list), ...: see publish_last_item's callers) in canvas CSS pixels, as JSON
// {"x":..,"y":..,"w":..,"h":..}, or "" if the last frame did not draw it. Valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* io_widget_rect(const char* name) {
  static char json[128];
  const io::web::ScreenRect* r = name ? app().rect(name) : nullptr;
  if (r == nullptr) return "";
  std::snprintf(json, sizeof json, "{\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", r->x, r->y, r->w, r->h);
  return json;
}

}  // extern "C"
