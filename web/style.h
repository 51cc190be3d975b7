#pragma once
// The app's look: font, spacing and the few colours that carry meaning (an error is red wherever
// it appears). Kept apart from the panels so they say what to show, not how it looks.

#include <cstddef>

#include "imgui.h"

namespace io::web::style {

// Loads the UI font (crisp at the display's pixel ratio) and sets spacing and colours, all
// `scale` times their usual size (presenter_scale in presenter view). Call after
// ImGui::CreateContext(), and again between frames to change the scale (then the renderer's font
// texture must be made anew).
void apply(float device_pixel_ratio, float scale = 1.0f);
// Presenter view: text and spacing this much larger, for a room reading a projected screen.
inline constexpr float presenter_scale = 1.4f;

inline const ImVec4 error_text{1.00f, 0.38f, 0.35f, 1.0f};   // a record that failed its checksum
inline const ImVec4 dim_text{0.62f, 0.65f, 0.70f, 1.0f};     // labels, hints
inline const ImVec4 accent_text{0.55f, 0.80f, 1.00f, 1.0f};  // titles and offsets
inline const ImVec4 ok_text{0.45f, 0.85f, 0.50f, 1.0f};      // running, checks that hold
inline const ImVec4 warn_text{1.00f, 0.75f, 0.30f, 1.0f};    // lag: wrong for now, heals by itself
// A deriver's position bar: records read since its last checkpoint (read again after a crash).
// Those up to the checkpoint use ImGuiCol_PlotHistogram, like the run's progress bar.
inline const ImVec4 read_uncheckpointed{0.42f, 0.64f, 0.92f, 0.55f};
// Row background of the newest record: where the log just grew.
inline const ImVec4 newest_row_bg{0.26f, 0.50f, 0.80f, 0.22f};

// A script's narration (web/rich_text.h): plain text a touch softer than white so that bold,
// drawn in white and thickened, stands out; italics lean and are tinted; code is tinted and set
// on a faint background, like a name in a book.
inline const ImVec4 narration_text{0.86f, 0.88f, 0.91f, 1.0f};
inline const ImVec4 narration_bold{1.00f, 1.00f, 1.00f, 1.0f};
inline const ImVec4 narration_italic{0.80f, 0.84f, 1.00f, 1.0f};
inline const ImVec4 narration_code{1.00f, 0.80f, 0.55f, 1.0f};
inline const ImVec4 code_background{1.00f, 1.00f, 1.00f, 0.08f};
// One colour per group of loan applicants (credit), in group order; cycles past the eighth.
inline const ImVec4 group_colors[] = {
    {0.40f, 0.70f, 1.00f, 1.0f}, {1.00f, 0.60f, 0.30f, 1.0f}, {0.50f, 0.85f, 0.45f, 1.0f}, {0.90f, 0.45f, 0.80f, 1.0f},
    {0.95f, 0.85f, 0.35f, 1.0f}, {0.45f, 0.90f, 0.90f, 1.0f}, {0.85f, 0.50f, 0.45f, 1.0f}, {0.70f, 0.70f, 0.75f, 1.0f},
};
inline const ImVec4& group_color(std::size_t group) { return group_colors[group % (sizeof group_colors / sizeof group_colors[0])]; }

// The learner's own answer in a prediction or ethics prompt.
inline const ImVec4 your_answer{0.55f, 0.80f, 1.00f, 1.0f};
// The box, at the top of a newly reached step, where the world's answer to the step before shows.
inline const ImVec4 answer_box_bg{0.26f, 0.50f, 0.80f, 0.14f};

}  // namespace io::web::style
