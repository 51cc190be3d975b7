// A small C API for browser tests (tests/web/): they read the app's state and drive it the way
// a learner would, through App, and find widgets to click with real mouse events.
// Numbers that may exceed 2^31 are returned as double, exact up to 2^53.

#include <emscripten/emscripten.h>

#include <cinttypes>
#include <cstdio>

#include "app.h"

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

// Loads /scenarios/NAME through the same path as the scenario picker, paused at tick 0.
// Returns 0 on success, 1 if no shipped scenario has that name, 2 if it failed to load (the app
// shows why and keeps the running scenario).
EMSCRIPTEN_KEEPALIVE int io_load_scenario(const char* name) {
  const int index = name ? app().scenario_index(name) : -1;
  if (index < 0) return 1;
  app().load(index);
  return app().loaded_index() == index && app().load_errors().empty() ? 0 : 2;
}

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

// The rectangle of a named widget ("play", "step", "reset", "tab_derivers", "crash_deriver_0",
// "double_click_0", "audit", "tab_storage", "inject_fault",
// "audit_now", "crash_replica_0", ...: see publish_last_item's callers) in canvas CSS pixels, as JSON
// {"x":..,"y":..,"w":..,"h":..}, or "" if it has not been drawn. Valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* io_widget_rect(const char* name) {
  static char json[128];
  const io::web::ScreenRect* r = name ? app().rect(name) : nullptr;
  if (r == nullptr) return "";
  std::snprintf(json, sizeof json, "{\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", r->x, r->y, r->w, r->h);
  return json;
}

}  // extern "C"
