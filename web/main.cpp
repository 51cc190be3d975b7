// The page's entry point: SDL2 opens a WebGL2 context on <canvas id="canvas">, Dear ImGui draws
// the panels into it, and the browser calls frame() once per animation frame. All simulation
// happens through App; this file only owns the window, the GL context and the frame loop.

#include <SDL.h>
#include <GLES3/gl3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cstdio>

#include "app.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "panels.h"
#include "share.h"
#include "style.h"

namespace {

constexpr const char* canvas_selector = "#canvas";

// "?presenter" in the page's address starts in presenter view: a teacher's bookmark.
EM_JS(int, io_js_presenter_requested, (), { return new URLSearchParams(location.search).has("presenter") ? 1 : 0; });

SDL_Window* g_window = nullptr;
SDL_GLContext g_gl = nullptr;

// The page sizes the canvas with CSS (the whole window); the drawing surface follows it here,
// so a resized or rotated browser window never leaves a stretched or cropped UI.
void follow_canvas_size() {
  double css_w = 0, css_h = 0;
  if (emscripten_get_element_css_size(canvas_selector, &css_w, &css_h) != EMSCRIPTEN_RESULT_SUCCESS) return;
  const int w = css_w >= 1 ? int(css_w) : 1;
  const int h = css_h >= 1 ? int(css_h) : 1;
  int current_w = 0, current_h = 0;
  SDL_GetWindowSize(g_window, &current_w, &current_h);
  if (w != current_w || h != current_h) SDL_SetWindowSize(g_window, w, h);
}

// Presenter view on or off: the font and spacing are made anew at the other scale, between frames
// (the font atlas cannot change inside one), and the renderer gets the new font texture.
void follow_presenter_view(const io::web::App& app) {
  static bool applied = false;
  if (app.presenter() == applied) return;
  applied = app.presenter();
  io::web::style::apply(float(emscripten_get_device_pixel_ratio()), applied ? io::web::style::presenter_scale : 1.0f);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void frame() {
  // The app's own work is timed (see App::FrameTimes): input, the simulation and the UI build
  // up to ImGui::Render(); the WebGL calls after it are timed apart, as context.
  const double started_ms = emscripten_get_now();
  follow_canvas_size();
  follow_presenter_view(io::web::app());
  SDL_Event event;
  while (SDL_PollEvent(&event)) ImGui_ImplSDL2_ProcessEvent(&event);

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();

  io::web::App& app = io::web::app();
  // A share link pasted into the address bar of the open page (which does not reload for it).
  if (const auto fragment = io::web::share::changed_fragment(); fragment && !fragment->empty()) app.open_link(*fragment);
  // Simulate first, then draw: the frame shows the world as it is after this frame's ticks.
  const double sim_started_ms = emscripten_get_now();
  app.advance(ImGui::GetIO().DeltaTime);
  const double sim_ended_ms = emscripten_get_now();
  app.clear_rects();
  io::web::draw_ui(app);

  ImGui::Render();
  const double built_ms = emscripten_get_now();
  const ImGuiIO& io = ImGui::GetIO();
  glViewport(0, 0, int(io.DisplaySize.x * io.DisplayFramebufferScale.x),
             int(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(g_window);
  app.record_frame({built_ms - started_ms, sim_ended_ms - sim_started_ms, emscripten_get_now() - built_ms});
  app.frame_rendered();
}

}  // namespace

int main(int, char**) {
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::fprintf(stderr, "Inside Out: SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
  // WebGL2 is OpenGL ES 3.0.
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

  double css_w = 1280, css_h = 720;
  emscripten_get_element_css_size(canvas_selector, &css_w, &css_h);
  const Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
  g_window = SDL_CreateWindow("Inside Out", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, int(css_w),
                              int(css_h), flags);
  if (g_window == nullptr) {
    std::fprintf(stderr, "Inside Out: SDL_CreateWindow failed: %s\n", SDL_GetError());
    return 1;
  }
  g_gl = SDL_GL_CreateContext(g_window);
  if (g_gl == nullptr) {
    std::fprintf(stderr, "Inside Out: this browser could not create a WebGL2 context: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(g_window, g_gl);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing to persist, and no file system worth writing to
  io.LogFilename = nullptr;
  io::web::style::apply(float(emscripten_get_device_pixel_ratio()));
  ImGui_ImplSDL2_InitForOpenGL(g_window, g_gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  io::web::App& app = io::web::app();  // list and load the scenarios now rather than inside the first frame
  app.set_presenter(io_js_presenter_requested() != 0);
  // Opened from a share link: that world, or the first scenario and the link's error beside it.
  if (const std::string fragment = io::web::share::page_fragment(); !fragment.empty()) app.open_link(fragment);
  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
