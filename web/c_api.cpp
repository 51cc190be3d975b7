// A small C API for browser tests (tests/web/): they read the app's state and drive it the way
// a learner would, through App, and find widgets to click with real mouse events.
// Numbers that may exceed 2^31 are returned as double, exact up to 2^53.

#include <emscripten/emscripten.h>

#include <cinttypes>
#include <cstdio>

#include "app.h"

using io::web::app;

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

// The rectangle of a named widget ("play", "step", "reset") in canvas CSS pixels, as JSON
// {"x":..,"y":..,"w":..,"h":..}, or "" if it has not been drawn. Valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* io_widget_rect(const char* name) {
  static char json[128];
  const io::web::ScreenRect* r = name ? app().rect(name) : nullptr;
  if (r == nullptr) return "";
  std::snprintf(json, sizeof json, "{\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", r->x, r->y, r->w, r->h);
  return json;
}

}  // extern "C"
