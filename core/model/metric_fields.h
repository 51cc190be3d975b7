#pragma once
// The metrics by name: one table that the runner's --json output, the scenario script's
// conditions ("duplicates_absorbed >= 1", "derivers/search/lag_records > 5") and the UI all read,
// so a name an author writes is exactly the name the runner prints.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/metrics.h"

namespace io::model {

class World;

// A whole-world figure: a field of MetricsSample.
struct MetricField {
  const char* name;
  std::int64_t (*get)(const MetricsSample&);
  bool audited;  // only an audited sample (World::sample(true)) computes it
  bool boolean;  // printed as true/false; compares as 1/0
};
// Every whole-world metric, in the order --json prints them.
std::span<const MetricField> metric_fields();

// A per-deriver figure: a field of DeriverSample, named "derivers/<deriver name>/<field>".
struct DeriverMetricField {
  const char* name;
  std::int64_t (*get)(const DeriverSample&);
  bool audited;
  bool boolean;
};
std::span<const DeriverMetricField> deriver_metric_fields();

// A per-group credit figure: a field of CreditGroupSample, named "credit/<group name>/<field>".
struct CreditGroupMetricField {
  const char* name;
  std::int64_t (*get)(const CreditGroupSample&);
};
std::span<const CreditGroupMetricField> credit_group_metric_fields();

// A reference to one metric, resolved from its name once (when a scenario loads) so that
// evaluating it is a lookup, not a parse.
struct MetricRef {
  enum class Source : std::uint8_t {
    world,           // metric_fields()[field]
    deriver,         // deriver_metric_fields()[field] of deriver `index`
    account_balance,  // the true balance of account `index`, in cents ("accounts/<name>/balance_cents")
    credit_group,     // credit_group_metric_fields()[field] of credit group `index` ("credit/<group>/<field>")
  };
  Source source = Source::world;
  std::uint16_t field = 0;
  std::uint16_t index = 0;
  std::string name;  // as written, for messages
  bool audited = false;
};

// Resolves `name` against a world's options (deriver and account names); nullopt if it names no
// metric. `why` then says what was wrong ("no deriver named \"serch\"; ...").
struct WorldOptions;
std::optional<MetricRef> resolve_metric(std::string_view name, const WorldOptions& options, std::string& why);
// The metric's value in `sample` (taken from `world`, which must be built from the same options).
std::int64_t metric_value(const MetricRef& ref, const MetricsSample& sample, const World& world);
// Every metric name valid for `options`, for "did you mean" and for the UI.
std::vector<std::string> metric_names(const WorldOptions& options);

}  // namespace io::model
