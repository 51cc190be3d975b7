#include "model/metric_fields.h"

#include <array>

#include "model/world.h"
#include "sim/assert.h"

namespace io::model {

namespace {

#define IO_WORLD_METRIC(field) \
  MetricField { #field, [](const MetricsSample& m) { return std::int64_t(m.field); }, false, false }
#define IO_AUDITED_METRIC(field, is_bool) \
  MetricField { #field, [](const MetricsSample& m) { return std::int64_t(m.field); }, true, is_bool }

const MetricField world_fields[] = {
    IO_WORLD_METRIC(requests_sent),
    IO_WORLD_METRIC(retries_sent),
    IO_WORLD_METRIC(requests_accepted),
    IO_WORLD_METRIC(duplicates_absorbed),
    IO_WORLD_METRIC(duplicate_effects),
    IO_WORLD_METRIC(requests_rejected),
    IO_WORLD_METRIC(requests_given_up),
    IO_WORLD_METRIC(messages_lost),
    IO_WORLD_METRIC(reads),
    IO_WORLD_METRIC(stale_reads),
    IO_WORLD_METRIC(read_path_cost),
    IO_WORLD_METRIC(write_path_cost),
    IO_WORLD_METRIC(faults_injected),
    IO_WORLD_METRIC(faults_detected),
    IO_WORLD_METRIC(faults_repaired),
    IO_WORLD_METRIC(records_lost),
    IO_WORLD_METRIC(acknowledged_writes_lost),
    IO_WORLD_METRIC(false_alarms),
    IO_WORLD_METRIC(detect_ticks_max),
    IO_WORLD_METRIC(violations),
    IO_WORLD_METRIC(audits),
    IO_WORLD_METRIC(log_end_offset),
    IO_WORLD_METRIC(subjects_erased),
    IO_WORLD_METRIC(keys_destroyed),
    IO_WORLD_METRIC(marketing_consents),
    IO_WORLD_METRIC(memos_not_collected),
    IO_WORLD_METRIC(backups),
    IO_WORLD_METRIC(breaches),
    IO_WORLD_METRIC(breach_items_leaked),
    IO_WORLD_METRIC(breach_subjects_leaked),
    IO_WORLD_METRIC(credit_score_gap),
    IO_WORLD_METRIC(credit_approval_rate_gap_permille),
    IO_AUDITED_METRIC(views_match_log, true),
    IO_AUDITED_METRIC(money_conserved, true),
    IO_AUDITED_METRIC(dual_write_divergent_accounts, false),
    IO_AUDITED_METRIC(wrong_balances, false),
    IO_AUDITED_METRIC(erasure_violations, false),
    IO_AUDITED_METRIC(consent_violations, false),
};

#define IO_DERIVER_METRIC(field, is_bool) \
  DeriverMetricField { #field, [](const DeriverSample& d) { return std::int64_t(d.field); }, false, is_bool }

const DeriverMetricField deriver_fields[] = {
    IO_DERIVER_METRIC(offset, false),
    IO_DERIVER_METRIC(checkpoint, false),
    IO_DERIVER_METRIC(lag_records, false),
    IO_DERIVER_METRIC(lag_ticks, false),
    IO_DERIVER_METRIC(down, true),
    IO_DERIVER_METRIC(stuck, true),
    DeriverMetricField{"matches_log", [](const DeriverSample& d) { return std::int64_t(d.matches_log); }, true, true},
};

#define IO_CREDIT_METRIC(field) \
  CreditGroupMetricField { #field, [](const CreditGroupSample& c) { return std::int64_t(c.field); } }

const CreditGroupMetricField credit_fields[] = {
    IO_CREDIT_METRIC(approvals),
    IO_CREDIT_METRIC(explored),
    IO_CREDIT_METRIC(denials),
    IO_CREDIT_METRIC(unscored),
    IO_CREDIT_METRIC(repaid),
    IO_CREDIT_METRIC(defaulted),
    IO_CREDIT_METRIC(missed),
    IO_CREDIT_METRIC(approval_rate_permille),
    IO_CREDIT_METRIC(mean_score),
    IO_CREDIT_METRIC(group_rate_permille),
    IO_CREDIT_METRIC(true_repay_permille),
};

#undef IO_CREDIT_METRIC
#undef IO_WORLD_METRIC
#undef IO_AUDITED_METRIC
#undef IO_DERIVER_METRIC

// "a/b/c" -> {"a", "b", "c"}; names never contain '/' (the loader limits them).
std::vector<std::string_view> split(std::string_view name) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = name.find('/', start);
    parts.push_back(name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

}  // namespace

std::span<const MetricField> metric_fields() { return world_fields; }
std::span<const DeriverMetricField> deriver_metric_fields() { return deriver_fields; }
std::span<const CreditGroupMetricField> credit_group_metric_fields() { return credit_fields; }

std::optional<MetricRef> resolve_metric(std::string_view name, const WorldOptions& options, std::string& why) {
  MetricRef ref;
  ref.name = std::string(name);
  const auto parts = split(name);
  if (parts.size() == 1) {
    for (std::size_t i = 0; i < std::size(world_fields); ++i) {
      if (parts[0] == world_fields[i].name) {
        ref.source = MetricRef::Source::world;
        ref.field = std::uint16_t(i);
        ref.audited = world_fields[i].audited;
        return ref;
      }
    }
    why = "no metric named \"" + std::string(name) + "\"";
    return std::nullopt;
  }
  if (parts.size() == 3 && parts[0] == "derivers") {
    std::optional<std::size_t> deriver;
    for (std::size_t i = 0; i < options.derivers.size(); ++i) {
      if (options.derivers[i].name == parts[1]) deriver = i;
    }
    if (!deriver) {
      why = "no deriver named \"" + std::string(parts[1]) + "\"";
      return std::nullopt;
    }
    for (std::size_t i = 0; i < std::size(deriver_fields); ++i) {
      if (parts[2] == deriver_fields[i].name) {
        ref.source = MetricRef::Source::deriver;
        ref.field = std::uint16_t(i);
        ref.index = std::uint16_t(*deriver);
        ref.audited = deriver_fields[i].audited;
        return ref;
      }
    }
    why = "a deriver has no metric named \"" + std::string(parts[2]) + "\"";
    return std::nullopt;
  }
  if (parts.size() == 3 && parts[0] == "accounts" && parts[2] == "balance_cents") {
    for (std::size_t i = 0; i < options.accounts.size(); ++i) {
      if (options.accounts[i].name == parts[1]) {
        ref.source = MetricRef::Source::account_balance;
        ref.index = std::uint16_t(i);
        return ref;
      }
    }
    why = "no account named \"" + std::string(parts[1]) + "\" in /accounts";
    return std::nullopt;
  }
  if (parts.size() == 3 && parts[0] == "credit") {
    const auto& groups = options.credit.model.groups;
    std::optional<std::size_t> group;
    for (std::size_t i = 0; i < groups.size(); ++i) {
      if (groups[i].name == parts[1]) group = i;
    }
    if (!group) {
      why = "no credit group named \"" + std::string(parts[1]) + "\"";
      return std::nullopt;
    }
    for (std::size_t i = 0; i < std::size(credit_fields); ++i) {
      if (parts[2] == credit_fields[i].name) {
        ref.source = MetricRef::Source::credit_group;
        ref.field = std::uint16_t(i);
        ref.index = std::uint16_t(*group);
        return ref;
      }
    }
    why = "a credit group has no metric named \"" + std::string(parts[2]) + "\"";
    return std::nullopt;
  }
  why = "no metric named \"" + std::string(name) + "\"";
  return std::nullopt;
}

std::int64_t metric_value(const MetricRef& ref, const MetricsSample& sample, const World& world) {
  SIM_ASSERT(!ref.audited || sample.audited);
  switch (ref.source) {
    case MetricRef::Source::world:
      SIM_ASSERT(ref.field < std::size(world_fields));
      return world_fields[ref.field].get(sample);
    case MetricRef::Source::deriver:
      SIM_ASSERT(ref.field < std::size(deriver_fields));
      SIM_ASSERT(ref.index < sample.derivers.size());
      return deriver_fields[ref.field].get(sample.derivers[ref.index]);
    case MetricRef::Source::account_balance:
      SIM_ASSERT(ref.index < world.true_balances().size());
      return world.true_balances()[ref.index];
    case MetricRef::Source::credit_group:
      SIM_ASSERT(ref.field < std::size(credit_fields));
      SIM_ASSERT(ref.index < sample.credit_groups.size());
      return credit_fields[ref.field].get(sample.credit_groups[ref.index]);
  }
  SIM_ASSERT(false);
  return 0;
}

std::vector<std::string> metric_names(const WorldOptions& options) {
  std::vector<std::string> names;
  for (const MetricField& f : world_fields) names.emplace_back(f.name);
  for (const DeriverOptions& d : options.derivers) {
    for (const DeriverMetricField& f : deriver_fields) names.push_back("derivers/" + d.name + "/" + f.name);
  }
  for (const Account& a : options.accounts) names.push_back("accounts/" + a.name + "/balance_cents");
  for (const CreditGroup& g : options.credit.model.groups) {
    for (const CreditGroupMetricField& f : credit_fields) names.push_back("credit/" + g.name + "/" + f.name);
  }
  return names;
}

}  // namespace io::model
