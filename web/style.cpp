#include "style.h"

#include <algorithm>
#include <cstdio>

namespace io::web::style {

namespace {

// Where the build embeds the UI font (web/CMakeLists.txt, INSIDEOUT_UI_FONT).
constexpr const char* font_path = "/fonts/ui.ttf";
// Font size in CSS pixels: a notch above ImGui's 13 so screenshots and projectors stay legible.
constexpr float font_size_css_px = 17.0f;

// Latin-1, plus the punctuation, arrows and check marks scenario authors write (— … → ✓ ✗), and
// the star that marks the deriver serving reads (★).
// Everything else renders as '?': more ranges cost atlas memory at every pixel ratio. The build
// embeds only these glyphs of the font (web/CMakeLists.txt, pyftsubset): keep the lists equal.
constexpr ImWchar glyph_ranges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 Supplement
    0x2010, 0x205E,  // General Punctuation
    0x2190, 0x21FF,  // Arrows
    0x25A0, 0x25FF,  // Geometric Shapes (▶ ■ ●)
    0x2605, 0x2606,  // ★ ☆
    0x2713, 0x2718,  // ✓ ✔ ✕ ✖ ✗ ✘
    0,
};

bool file_exists(const char* path) {
  std::FILE* f = std::fopen(path, "rb");
  if (f) std::fclose(f);
  return f != nullptr;
}

void load_font(float device_pixel_ratio, float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();  // a second call (presenter view) replaces the font
  // Rasterise at device pixels and scale back, so text is sharp on high-DPI screens.
  const float ratio = std::clamp(device_pixel_ratio, 1.0f, 3.0f);
  if (file_exists(font_path)) {
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    if (io.Fonts->AddFontFromFileTTF(font_path, font_size_css_px * scale * ratio, &config, glyph_ranges)) {
      io.FontGlobalScale = 1.0f / ratio;
      return;
    }
  }
  // The built-in bitmap font only looks right at its own size: scale it up instead.
  io.Fonts->AddFontDefault();
  io.FontGlobalScale = 1.3f * scale;
}

}  // namespace

void apply(float device_pixel_ratio, float scale) {
  load_font(device_pixel_ratio, scale);

  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 0.0f;
  s.WindowBorderSize = 1.0f;
  s.WindowPadding = ImVec2(12, 10);
  s.FramePadding = ImVec2(10, 5);
  s.FrameRounding = 4.0f;
  s.ItemSpacing = ImVec2(8, 7);
  s.CellPadding = ImVec2(8, 3);
  s.ScrollbarSize = 14.0f;
  s.GrabMinSize = 12.0f;
  s.GrabRounding = 3.0f;

  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.0f);
  // Opaque popups: the picker's list and the share popup lie over the lesson's text, and the dark
  // theme's translucent default let it read through them.
  c[ImGuiCol_PopupBg] = ImVec4(0.12f, 0.13f, 0.16f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.14f, 0.17f, 0.22f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.22f, 0.31f, 1.0f);
  c[ImGuiCol_TableRowBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1.0f, 1.0f, 1.0f, 0.04f);
  c[ImGuiCol_PlotHistogram] = ImVec4(0.26f, 0.50f, 0.80f, 1.0f);  // the run's progress bar
  s.ScaleAllSizes(scale);
}

}  // namespace io::web::style
