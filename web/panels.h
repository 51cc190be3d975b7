#pragma once
// One function per panel, each in its own panel_*.cpp (Tracy's View, the ImGui demo's layout):
// a panel draws from app.session()->world(), a const World, and acts only through App.

#include <string>

#include "app.h"

namespace io::web {

// Lays out every panel in the current canvas size; call once per frame between NewFrame and Render.
void draw_ui(App& app);

// Play / pause / step / reset, speed, and where the run is (tick, log end, trace hash).
void draw_controls_panel(App& app);
// The choice of scenario (the course first, in order), and why a scenario or the course could
// not be loaded.
void draw_scenario_panel(App& app);
// The running scenario's title (if `with_title`), summary and learning goals.
void draw_scenario_about(const App& app, bool with_title);
// The lesson: where the script stands (step N of M, every step's title and tick), the step's
// narration, its prediction, its ethics prompt and its checks; an earlier step read-only.
void draw_lesson_panel(App& app);
// Continue, pinned under the lesson, with what the lesson waits for; lesson_footer_height() is
// the room the layout keeps for it.
void draw_lesson_footer(App& app);
float lesson_footer_height(const App& app);
// The learner's interventions that belong to no tab: bit rot in a record. Each is a Command.
void draw_interventions_panel(App& app);
// The event log as a tape of records, newest at the bottom.
void draw_log_panel(App& app);
// Derivers: where each stands in the log, its lag and status, Crash / Start / Serve reads; and
// the selected deriver's view beside the true balances.
void draw_derivers_panel(App& app);
// Clients (Pay now, Double click), the front door (Crash front door) and the network's links.
void draw_network_panel(App& app);
// Current metrics, their series over the run, the readers, and the auditor on demand.
void draw_metrics_panel(App& app);
// The log's replicas and disks, storage faults to inject, the auditor on demand, integrity beside
// timeliness, the violations found and the fault ledger.
void draw_storage_panel(App& app);

// Consent and erasure per subject, where erased data lingers (on request), backups, breaches.
void draw_privacy_panel(App& app);
// The lender's feedback loop per group: approvals, scores, the model's belief beside the truth,
// their course over the run, the applicants and the latest decisions; the policy's knobs.
void draw_credit_panel(App& app);

// The running scenario's JSON, to edit and run in the page (errors with their JSON paths).
void draw_editor_panel(App& app);
// The text in that editor now, for browser tests.
const std::string& scenario_editor_text();

// Publishes the last submitted widget's rectangle under `name` for browser tests.
void publish_last_item(App& app, const char* name);

}  // namespace io::web
