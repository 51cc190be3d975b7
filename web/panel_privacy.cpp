// Privacy: the chapter's "doing the right thing" as state the system must honour. Who consents
// to what and who asked to be forgotten (the consent registry, told by events in the log); where
// an erased subject's personal data still lingers (a lagging view, a cache that never heard, a
// backup nobody remembered, a log written in the clear); the backups taken; and what a breach
// would expose, item by item, beside what crypto-shredding, retention and minimisation kept out
// of reach. Everything is read from the const World; every button is a Command.
// The search for lingering data refolds the log (O(log length)): it runs only when asked.

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "panels.h"
#include "style.h"
#include "widgets.h"

namespace io::web {

namespace {

using model::Purpose;

std::string account_name(const model::World& world, std::uint64_t account) {
  if (account < world.accounts().size()) return world.accounts()[account].name;
  if (account == model::every_subject) return "everyone";
  return "#" + std::to_string(account);
}

// Where a finding or a leaked item sits, in words: "the log", the deriver's name, the backup's.
std::string place_name(const model::World& world, model::DataPlace place, std::uint32_t where) {
  switch (place) {
    case model::DataPlace::log: return "the log";
    case model::DataPlace::view:
    case model::DataPlace::cache:
      return where < world.derivers().size() ? world.derivers()[where].options().name : "deriver #" + std::to_string(where);
    case model::DataPlace::backup:
      return where < world.backups().size() ? world.backups()[where].name : "backup #" + std::to_string(where);
  }
  return "?";
}

// The settings that decide what erasure, retention and a breach can reach, and the two the
// learner may change mid-run (minimisation, retention), as commands.
void settings(App& app, const model::World& world) {
  const model::PrivacyOptions& o = world.privacy().options();
  std::string line = std::string("crypto-shredding ") + (o.crypto_shredding ? "on" : "off");
  line += o.retention_ticks == 0 ? " · memos kept forever" : " · memos kept " + std::to_string(o.retention_ticks) + " ticks";
  line += std::string(" · minimisation ") + (o.minimise ? "on" : "off");
  line += std::string(" · backups ") + (o.backups_sealed ? "sealed" : "in the clear");
  line += std::string(" · caches ") + (o.cache_honours_erasure ? "honour erasure" : "ignore erasure");
  ImGui::PushTextWrapPos(0.0f);
  dim_text(line.c_str());
  ImGui::PopTextWrapPos();

  const char* minimise_label = o.minimise ? "Stop minimising###minimise" : "Minimise from now on###minimise";
  command_button(app, minimise_label, model::Command::of(model::CommandKind::set_minimise, 0, o.minimise ? 0 : 1),
                 "privacy_minimise",
                 "Minimisation: the front door drops transfer memos before they are logged (a payment does not need "
                 "one), and marketing views keep only who consented, not the address.");
  ImGui::SameLine();
  // The window being typed lives in ImGui's state storage: the app keeps no widget state.
  int* retention = ImGui::GetStateStorage()->GetIntRef(ImGui::GetID("retention"), int(o.retention_ticks));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputInt("##retention", retention, 50, 500);
  if (*retention < 0) *retention = 0;
  ImGui::SameLine();
  command_button(app, "Set retention",
                 model::Command::of(model::CommandKind::set_retention, 0, std::uint64_t(*retention)), "privacy_retention",
                 "Memos older than this many ticks become unreadable: their epoch's key is destroyed (0: kept forever).");
}

void figures(const model::World& world) {
  const model::MetricsSample s = world.sample(false);
  const Figure list[] = {
      {"subjects erased", s.subjects_erased, "Subjects who asked to be forgotten: their erasure is in the log.", nullptr},
      {"keys destroyed", s.keys_destroyed, "Keys destroyed by erasure and by retention (crypto-shredding).", nullptr},
      {"marketing consents", s.marketing_consents, "Subjects who consent to marketing now.", nullptr},
      {"memos not collected", s.memos_not_collected,
       "Transfer memos dropped before they reached the log: minimisation, or a payer who was erased.", nullptr},
      {"backups", s.backups, "Copies of views taken and kept.", nullptr},
      {"breaches", s.breaches, "Breaches reported so far (the newest are listed below).", &style::error_text},
  };
  figures_grid("privacy_figures", list, sizeof list / sizeof list[0], 3, 1.6f, 1.0f);
}

// One consent cell: "✓ tick 120" while given, "—" otherwise, and the button that changes it.
void consent_cell(App& app, const model::World& world, std::size_t subject, Purpose purpose) {
  const model::Consent& c = world.privacy().subject(model::AccountId(subject)).of(purpose);
  char text[48];
  if (c.given) {
    std::snprintf(text, sizeof text, "✓ tick %" PRIu64, c.tick.value);
    colored_text(style::ok_text, text);
  } else {
    dim_text("—");
  }
  ImGui::SameLine();
  model::Command command = model::Command::of(c.given ? model::CommandKind::withdraw_consent : model::CommandKind::give_consent,
                                              subject, std::uint64_t(purpose));
  char rect[40];
  std::snprintf(rect, sizeof rect, "%s_%s_%zu", c.given ? "withdraw" : "consent", model::to_string(purpose), subject);
  command_button(app, c.given ? "Withdraw" : "Consent", command, subject < 64 ? rect : nullptr);
}

void subjects(App& app, const model::World& world) {
  const std::size_t count = world.privacy().subject_count();
  const float em = ImGui::GetFontSize();
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                    ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY;
  const float height = (std::min(float(count), 8.0f) + 1.2f) * ImGui::GetFrameHeightWithSpacing();
  if (!ImGui::BeginTable("subjects", 5, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("subject", ImGuiTableColumnFlags_WidthFixed, em * 6);
  ImGui::TableSetupColumn("marketing", ImGuiTableColumnFlags_WidthFixed, em * 10);
  ImGui::TableSetupColumn("analytics", ImGuiTableColumnFlags_WidthFixed, em * 10);
  ImGui::TableSetupColumn("forgotten", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, em * 6);
  const char* tips[] = {
      "A data subject: an account holder. Their personal data: display names, memos, contact addresses.",
      "Consent to marketing, as the log's consent events say.",
      "Consent to analytics, as the log's consent events say.",
      "The erasure request, appended to the log; with crypto-shredding, the subject's keys are destroyed.",
      nullptr,
  };
  headers_with_tips(tips);
  ImGuiListClipper clipper;
  clipper.Begin(int(count));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const std::size_t i = std::size_t(row);
      const model::SubjectPrivacy& p = world.privacy().subject(model::AccountId(i));
      ImGui::PushID(row);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(account_name(world, i).c_str());
      ImGui::TableNextColumn();
      consent_cell(app, world, i, Purpose::marketing);
      ImGui::TableNextColumn();
      consent_cell(app, world, i, Purpose::analytics);
      ImGui::TableNextColumn();
      if (p.erased) {
        char text[96];
        std::snprintf(text, sizeof text, "erased at tick %" PRIu64 " (offset %" PRIu64 "), %" PRIu64 " keys destroyed",
                      p.erased_at.value, p.erasure_offset.value, p.keys_destroyed);
        colored_text(style::accent_text, text);
      }
      ImGui::TableNextColumn();
      char rect[32];
      std::snprintf(rect, sizeof rect, "erase_%zu", i);
      command_button(app, "Forget me", model::Command::of(model::CommandKind::request_erasure, i),
                     i < 64 ? rect : nullptr, "Append an erasure request: the subject asks to be forgotten.");
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

void lingering(App& app, const model::World& world) {
  colored_text(style::accent_text, "Where erased data lingers");
  ImGui::SameLine();
  if (ImGui::SmallButton("Look now")) app.check_privacy();
  publish_last_item(app, "privacy_check");
  item_tooltip("Search the log, every view and cache and every backup for personal data of erased subjects, and "
               "marketing views for withdrawn consent (it reads the whole log: only on request).");
  const App::PrivacyCheck* check = app.last_privacy_check();
  if (check == nullptr) {
    dim_text("Not looked yet.");
    return;
  }
  char text[96];
  if (check->findings.empty()) {
    std::snprintf(text, sizeof text, "✓ Nothing found at tick %" PRIu64 ".", check->tick.value);
    colored_text(style::ok_text, text);
    if (world.privacy().subjects_erased() == 0) dim_text("Nobody has asked to be forgotten yet.");
    return;
  }
  std::snprintf(text, sizeof text, "✗ %zu place%s at tick %" PRIu64 ":", check->findings.size(),
                check->findings.size() == 1 ? "" : "s", check->tick.value);
  colored_text(style::error_text, text);
  const float em = ImGui::GetFontSize();
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_RowBg;
  if (!ImGui::BeginTable("findings", 4, flags)) return;
  ImGui::TableSetupColumn("where", ImGuiTableColumnFlags_WidthFixed, em * 9);
  ImGui::TableSetupColumn("subject", ImGuiTableColumnFlags_WidthFixed, em * 6);
  ImGui::TableSetupColumn("items", ImGuiTableColumnFlags_WidthFixed, em * 3.5f);
  ImGui::TableSetupColumn("why", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const model::PrivacyFinding& f : check->findings) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const std::string where = std::string(model::to_string(f.place)) + ": " + place_name(world, f.place, f.where);
    ImGui::TextUnformatted(where.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(account_name(world, f.subject).c_str());
    ImGui::TableNextColumn();
    number_cell(f.items, &style::error_text);
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(f.detail.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndTable();
}

void backups(App& app, const model::World& world) {
  colored_text(style::accent_text, "Backups");
  const std::size_t derivers = world.derivers().size();
  if (derivers > 0) {
    // Which view to copy lives in ImGui's state storage: the app keeps no widget state.
    int* chosen = ImGui::GetStateStorage()->GetIntRef(ImGui::GetID("backup_deriver"), 0);
    if (*chosen < 0 || std::size_t(*chosen) >= derivers) *chosen = 0;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::BeginCombo("##backup_deriver", world.derivers()[std::size_t(*chosen)].options().name.c_str())) {
      for (std::size_t i = 0; i < derivers; ++i) {
        ImGui::PushID(int(i));
        if (selectable_text(world.derivers()[i].options().name, int(i) == *chosen)) *chosen = int(i);
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    command_button(app, "Back up", model::Command::of(model::CommandKind::backup, std::uint64_t(*chosen)), "backup",
                   "Copy this view into a backup kept apart from the running system.");
  }
  if (world.backups().empty()) {
    dim_text("No backups taken.");
    return;
  }
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_RowBg;
  if (!ImGui::BeginTable("backups", 4, flags)) return;
  ImGui::TableSetupColumn("backup", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("taken at", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5);
  ImGui::TableSetupColumn("through offset", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7);
  ImGui::TableSetupColumn("personal data", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const model::Backup& b : world.backups()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(b.name.c_str());
    ImGui::TableNextColumn();
    number_cell(b.taken_at.value);
    ImGui::TableNextColumn();
    number_cell(b.through.value);
    ImGui::TableNextColumn();
    if (b.sealed) {
      colored_text(style::ok_text, "sealed: erasure reaches it");
    } else {
      colored_text(style::warn_text, "in the clear: erasure cannot reach it");
    }
  }
  ImGui::EndTable();
}

void breach_report(const model::World& world, const model::BreachReport& r, std::size_t index) {
  char text[160];
  std::snprintf(text, sizeof text, "tick %" PRIu64 " · %s: %" PRIu64 " personal items about %" PRIu64 " subjects readable",
                r.tick.value, model::to_string(r.scope), r.items_leaked, r.subjects_leaked);
  ImGui::PushID(int(index));
  const bool open = ImGui::TreeNodeEx("report", index == 0 ? ImGuiTreeNodeFlags_DefaultOpen : 0, "%s", text);
  if (open) {
    std::snprintf(text, sizeof text, "in the log %" PRIu64 " · views %" PRIu64 " · caches %" PRIu64 " · backups %" PRIu64,
                  r.items_by_place[0], r.items_by_place[1], r.items_by_place[2], r.items_by_place[3]);
    ImGui::TextUnformatted(text);
    std::snprintf(text, sizeof text,
                  "out of reach: %" PRIu64 " shredded by erasure, %" PRIu64 " expired by retention, %" PRIu64
                  " locked (keys not stolen), %" PRIu64 " never collected",
                  r.shredded_by_erasure, r.expired_by_retention, r.locked_without_keys, r.memos_not_collected);
    ImGui::PushTextWrapPos(0.0f);
    colored_text(style::ok_text, text);
    std::snprintf(text, sizeof text,
                  "%" PRIu64 " transfers leak who paid whom and how much whatever the settings (metadata).",
                  r.metadata_records);
    dim_text(text);
    ImGui::PopTextWrapPos();
    if (!r.items.empty()) {
      constexpr ImGuiTableFlags flags =
          ImGuiTableFlags_BordersOuter | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY;
      const float rows = std::min(float(r.items.size()) + 1.5f, 10.0f);
      if (ImGui::BeginTable("items", 4, flags, ImVec2(0, rows * ImGui::GetTextLineHeightWithSpacing()))) {
        const float em = ImGui::GetFontSize();
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("where", ImGuiTableColumnFlags_WidthFixed, em * 8);
        ImGui::TableSetupColumn("subject", ImGuiTableColumnFlags_WidthFixed, em * 6);
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, em * 6);
        ImGui::TableSetupColumn("what the attacker reads", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(int(r.items.size()));
        while (clipper.Step()) {
          for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const model::LeakedItem& item = r.items[std::size_t(row)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(item.place_name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(account_name(world, item.item.subject).c_str());
            ImGui::TableNextColumn();
            dim_text(model::to_string(item.item.field));
            ImGui::TableNextColumn();
            colored_text(style::error_text, item.item.text.c_str());
          }
        }
        ImGui::EndTable();
      }
    }
    ImGui::TreePop();
  }
  ImGui::PopID();
}

void breaches(App& app, const model::World& world) {
  colored_text(style::accent_text, "Breach");
  ImGui::SameLine();
  command_button(app, "Steal the disks", model::Command::of(model::CommandKind::breach, 0, 0), "breach_disks",
                 "An attacker copies the log's disks, the views, the caches and the backups, but not the key store.");
  ImGui::SameLine();
  command_button(app, "Steal disks and keys", model::Command::of(model::CommandKind::breach, 0, 1), "breach_keys",
                 "An attacker copies everything, the key store too: only destroyed keys protect anyone now.");
  if (world.breaches().empty()) {
    dim_text("No breach reported.");
    return;
  }
  // Newest first: the report the learner just caused is on top.
  const auto& reports = world.breaches();
  for (std::size_t k = 0; k < reports.size(); ++k) breach_report(world, reports[reports.size() - 1 - k], k);
}

}  // namespace

void draw_privacy_panel(App& app) {
  const scenario::Session* session = loaded_session(app);
  if (session == nullptr) return;
  const model::World& world = session->world();
  settings(app, world);
  figures(world);
  ImGui::Spacing();
  subjects(app, world);
  ImGui::Spacing();
  lingering(app, world);
  ImGui::Spacing();
  backups(app, world);
  ImGui::Spacing();
  breaches(app, world);
}

}  // namespace io::web
