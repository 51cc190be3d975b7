#pragma once
// The vocabulary shared by every materialized view: which view it is, which version of the
// deriver's code maintains it, and how a redelivered record is treated. The chapter's point that
// derived data can be rebuilt with new code ("reprocess the log with v2") needs the version to
// be a value, and its point about exactly-once effects needs the apply mode to be one too.

#include <cstdint>
#include <optional>
#include <string_view>

namespace io::model {

enum class ViewKind : std::uint8_t {
  balances,      // key-value table: balance and display name per account
  search_index,  // inverted index: memo word -> offsets of the transfers that mention it
  counters,      // per-account count of transfers
  cache,         // a read-through cache in front of a balances view
  marketing,     // subjects who consent to marketing, with their contact addresses
  credit_scores,  // a predictive model: each loan applicant's score, from the loan records
};
// How many ViewKinds there are: the size of per-kind tables (World's serving deriver per kind).
inline constexpr std::size_t view_kind_count = 6;

// The version of a deriver's code. v2 is the "bug fix" a team deploys by rebuilding the view
// from offset 0; v1 and v2 differ only where a view's header says so.
enum class DeriverLogic : std::uint8_t { v1, v2 };

// What a view does with a record it has already applied (redelivered after a deriver crash).
enum class ApplyMode : std::uint8_t {
  idempotent,  // skip it: the view stores how far it has applied, atomically with its data
  naive,       // apply it again: at-least-once delivery becomes a double effect
};

// Scenario names: "balances", "search_index", "counters", "cache", "marketing", "credit_scores".
constexpr const char* to_string(ViewKind kind) {
  switch (kind) {
    case ViewKind::balances: return "balances";
    case ViewKind::search_index: return "search_index";
    case ViewKind::counters: return "counters";
    case ViewKind::cache: return "cache";
    case ViewKind::marketing: return "marketing";
    case ViewKind::credit_scores: return "credit_scores";
  }
  return "unknown";
}
// The ViewKind a scenario name stands for, or nullopt for an unknown name.
constexpr std::optional<ViewKind> view_kind_from_string(std::string_view name) {
  if (name == "balances") return ViewKind::balances;
  if (name == "search_index") return ViewKind::search_index;
  if (name == "counters") return ViewKind::counters;
  if (name == "cache") return ViewKind::cache;
  if (name == "marketing") return ViewKind::marketing;
  if (name == "credit_scores") return ViewKind::credit_scores;
  return std::nullopt;
}

// How a deriver's code treats personal data: part of its logic, so the auditor's fresh fold of the
// log uses the same rules as the view it checks (a deriver that ignores consent is caught by the
// consent check, not mistaken for a corrupt view).
struct PrivacyRules {
  bool honor_consent = true;  // marketing: a withdrawal removes the subject
  bool honor_erasure = true;  // cache: an erasure invalidates the subject's entries
  bool minimise = false;      // marketing: keep who consented, not their contact address
  bool operator==(const PrivacyRules&) const = default;
};

// Scenario names: "v1", "v2".
constexpr const char* to_string(DeriverLogic logic) {
  switch (logic) {
    case DeriverLogic::v1: return "v1";
    case DeriverLogic::v2: return "v2";
  }
  return "unknown";
}
// The DeriverLogic a scenario name stands for, or nullopt for an unknown name.
constexpr std::optional<DeriverLogic> deriver_logic_from_string(std::string_view name) {
  if (name == "v1") return DeriverLogic::v1;
  if (name == "v2") return DeriverLogic::v2;
  return std::nullopt;
}

// Scenario names: "idempotent", "naive".
constexpr const char* to_string(ApplyMode mode) {
  switch (mode) {
    case ApplyMode::idempotent: return "idempotent";
    case ApplyMode::naive: return "naive";
  }
  return "unknown";
}
// The ApplyMode a scenario name stands for, or nullopt for an unknown name.
constexpr std::optional<ApplyMode> apply_mode_from_string(std::string_view name) {
  if (name == "idempotent") return ApplyMode::idempotent;
  if (name == "naive") return ApplyMode::naive;
  return std::nullopt;
}

// Generic spelling for templates and loaders: from_string<ViewKind>("cache").
template <typename E>
constexpr std::optional<E> from_string(std::string_view name);
template <>
constexpr std::optional<ViewKind> from_string<ViewKind>(std::string_view name) { return view_kind_from_string(name); }
template <>
constexpr std::optional<DeriverLogic> from_string<DeriverLogic>(std::string_view name) {
  return deriver_logic_from_string(name);
}
template <>
constexpr std::optional<ApplyMode> from_string<ApplyMode>(std::string_view name) { return apply_mode_from_string(name); }

}  // namespace io::model
