// The scenario's JSON, editable in the page: an author changes a scenario and runs it at once,
// without a build. Run loads the text through the same loader as the picker (App::load_text), so
// a mistake is reported with the JSON path and what was expected, and the running scenario stays.
// Nothing is saved: the text lives in this tab until the page closes (Copy takes it out).

#include <string>
#include <string_view>

#include "imgui.h"
#include "panels.h"
#include "share.h"
#include "style.h"
#include "widgets.h"

namespace io::web {

namespace {

// The text being edited, and where it came from. Widget state, not the model's: the app keeps
// only what it loaded.
struct Editor {
  std::string text;
  std::string base;       // the text as loaded or last run (what Revert returns to)
  std::string base_name;  // the scenario it came from ("first_log.json")
  std::uint64_t base_loads = UINT64_MAX;  // App::loads() when `base` was the running scenario's text
  bool edited() const { return text != base; }
};

Editor& editor() {
  static Editor instance;
  return instance;
}

// ImGui edits a char buffer; this lets it grow the string as the author types.
int resize_string(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* text = static_cast<std::string*>(data->UserData);
    text->resize(std::size_t(data->BufTextLen));
    data->Buf = text->data();
  }
  return 0;
}

// The name an edited text's errors go under: "first_log.json (edited)", however often it is run.
std::string edited_name(const std::string& base_name) {
  constexpr std::string_view suffix = " (edited)";
  const bool already = base_name.size() >= suffix.size() && base_name.ends_with(suffix);
  return already ? base_name : base_name + std::string(suffix);
}

}  // namespace

const std::string& scenario_editor_text() { return editor().text; }

void draw_editor_panel(App& app) {
  const TextCapture capture("source");
  Editor& e = editor();
  // A newly loaded scenario brings its text, unless the author has edits of another one: those
  // are kept (and said so) until they take the new text themselves.
  const auto take_running = [&] {
    e.text = e.base = app.scenario_source();
    e.base_name = app.scenario_name();
    e.base_loads = app.loads();
  };
  if (app.loads() != e.base_loads && !e.edited()) take_running();

  dim_text("The scenario as JSON (scenarios/README.md has every field). Run starts the edited text "
           "from tick 0 through the same loader as the picker; nothing is saved, so Copy it out to keep it.");
  const bool stale = e.edited() && app.loads() != e.base_loads;
  if (ImGui::Button("Run")) {
    // On success the edited text is the running scenario's: the base of further edits.
    if (app.load_text(e.text, edited_name(e.base_name))) take_running();
  }
  publish_last_item(app, "editor_run");
  item_tooltip("Load this text as the running scenario, from tick 0. If it has mistakes, they are listed "
               "and the running scenario stays.");
  ImGui::SameLine();
  ImGui::BeginDisabled(!e.edited() && !stale);
  if (ImGui::Button(stale ? "Take the running scenario's text" : "Revert")) {
    if (stale) {
      take_running();
    } else {
      e.text = e.base;
    }
  }
  publish_last_item(app, "editor_revert");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Copy")) share::copy_to_clipboard(e.text);
  publish_last_item(app, "editor_copy");
  ImGui::SameLine();
  ImGui::TextDisabled("%s%s", e.base_name.c_str(), e.edited() ? " · changed, not run yet" : "");
  if (stale) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(style::warn_text, "These are your edits of %s; the running scenario is %s.", e.base_name.c_str(),
                       app.scenario_name().c_str());
    ImGui::PopTextWrapPos();
  }
  // This text's mistakes, where the author is looking (the sidebar lists them too).
  if (app.load_errors_file() == edited_name(e.base_name)) {
    ImGui::PushTextWrapPos(0.0f);
    for (const std::string& error : app.load_errors()) ImGui::TextColored(style::error_text, "%s", error.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::InputTextMultiline("##scenario_json", e.text.data(), e.text.capacity() + 1, ImVec2(-1, -1),
                            ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackResize, resize_string,
                            &e.text);
  publish_last_item(app, "editor_text");
}

}  // namespace io::web
