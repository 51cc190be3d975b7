// The scenario loader: the only code in core/ that knows JSON. It turns a file into a Scenario or
// into a list of LoadErrors, and never into anything in between.

#include "scenario/load.h"

#include <algorithm>
#include <fstream>
#include <map>

#include "model/event_log.h"
#include "model/metric_fields.h"
#include "scenario/json_parse.h"
#include "scenario/json_reader.h"
#include "scenario/markdown.h"
#include "sim/assert.h"

namespace io::scenario {

using nlohmann::json;

std::string LoadError::to_string() const {
  std::string out = file + ": ";
  if (!pointer.empty()) out += "at " + pointer + ": ";
  return out + message;
}

namespace {

constexpr std::int64_t interval_ticks_limit = 1'000'000;
constexpr std::int64_t requests_limit = 1'000'000'000;
constexpr std::int64_t ppm_limit = 1'000'000;
constexpr std::int64_t tick_limit = std::int64_t(Scenario::ticks_max);
// A client's request IDs are "<name>-<n>", and a request ID is at most 64 bytes.
constexpr std::size_t client_name_bytes_max = 32;

#define IO_COMMAND_KEYS \
  "action", "client", "offset", "bit", "deriver", "to", "amount_cents", "request_id", "clicks", "replica", "fault", "torn", \
      "account", "purpose", "contact", "scope", "retention_ticks", "minimise", "threshold_permille", "exploration_ppm", \
      "use_group"
const std::initializer_list<std::string_view> command_keys = {IO_COMMAND_KEYS};
const std::initializer_list<std::string_view> command_keys_with_tick = {"tick", IO_COMMAND_KEYS};
#undef IO_COMMAND_KEYS

// The keys each action reads besides "tick" and "action". Another command key would do nothing
// (an "offset" on an audit, a "to" on a double_submit), so it is reported as a mistake.
std::vector<std::string_view> keys_of(model::CommandKind kind) {
  using K = model::CommandKind;
  switch (kind) {
    case K::client_send_now:
    case K::double_submit: return {"client"};
    case K::submit: return {"client", "to", "amount_cents", "request_id", "clicks"};
    case K::corrupt_record: return {"offset", "bit"};
    case K::crash_front_door:
    case K::audit: return {};
    case K::inject_fault: return {"replica", "fault", "offset"};
    case K::crash_replica: return {"replica", "torn"};
    case K::crash_deriver:
    case K::start_deriver:
    case K::switch_reads:
    case K::backup: return {"deriver"};
    case K::give_consent: return {"account", "purpose", "contact"};
    case K::withdraw_consent: return {"account", "purpose"};
    case K::request_erasure: return {"account"};
    case K::breach: return {"scope"};
    case K::set_retention: return {"retention_ticks"};
    case K::set_minimise: return {"minimise"};
    case K::set_credit_policy: return {"threshold_permille", "exploration_ppm", "use_group"};
    case K::script_choose:
    case K::script_continue: return {};  // not actions a file can name
  }
  return {};
}

// Reads one scenario document; keeps the name tables that later sections refer to.
class Loader {
 public:
  Loader(JsonReader& r, Scenario& s) : r_(r), s_(s) {}

  void read(const json& doc) {
    if (auto v = r_.integer(doc, "", "format_version", true, 1, 1000); v && *v != format_version) {
      r_.error("/format_version", "this build reads format_version " + std::to_string(format_version) + ", found " +
                                      std::to_string(*v));
    }
    if (auto v = r_.string(doc, "", "title", true, 1)) s_.title = *v;
    if (auto v = r_.string(doc, "", "summary", false)) s_.summary = *v;
    s_.learning_goals = strings(doc, "", "learning_goals", false, 32);
    if (auto v = r_.integer(doc, "", "seed", false, 0, integer_abs_max)) s_.seed = std::uint64_t(*v);
    if (auto v = r_.integer(doc, "", "ticks", true, 1, tick_limit)) s_.ticks = std::uint64_t(*v);
    if (auto v = r_.integer(doc, "", "metrics_interval_ticks", false, 0, interval_ticks_limit)) {
      s_.world.metrics_interval_ticks = std::uint64_t(*v);
    }
    read_log(doc);
    read_auditor(doc);
    read_privacy(doc);
    read_accounts(doc);
    read_network(doc);
    read_front_door(doc);
    read_clients(doc);
    read_derivers(doc);
    read_readers(doc);
    read_credit(doc);
    read_schedule(doc);
    read_script(doc);
  }

 private:
  std::vector<std::string> strings(const json& o, const std::string& at, std::string_view key, bool required,
                                   std::size_t max, std::size_t bytes_max = string_bytes_max) {
    std::vector<std::string> out;
    const json* a = r_.array(o, at, key, required, max);
    if (a == nullptr) return out;
    const std::string where = JsonReader::child(at, key);
    for (std::size_t i = 0; i < a->size(); ++i) {
      auto v = r_.string_value((*a)[i], JsonReader::child(where, i), 1);
      if (v && r_.fits(*v, JsonReader::child(where, i), bytes_max)) out.push_back(*v);
    }
    return out;
  }

  // Names of accounts -> AccountIds, each name checked against /accounts.
  std::vector<model::AccountId> account_refs(const json& o, const std::string& at, std::string_view key, bool required) {
    std::vector<model::AccountId> ids;
    const json* a = r_.array(o, at, key, required, model::ClientOptions::accounts_max);
    if (a == nullptr) return ids;
    const std::string where = JsonReader::child(at, key);
    if (a->empty()) r_.error(where, "expected at least one account name");
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string item = JsonReader::child(where, i);
      if (auto name = r_.string_value((*a)[i], item, 1)) {
        if (auto id = account_id(*name, item)) ids.push_back(*id);
      }
    }
    return ids;
  }

  std::optional<model::AccountId> account_id(const std::string& name, const std::string& at) {
    const auto it = accounts_.find(name);
    if (it != accounts_.end()) return it->second;
    unknown_name(at, name, accounts_, "account", "/accounts");
    return std::nullopt;
  }

  // Every reference to a node that does not exist is reported alike: it names the missing node,
  // and the nearest existing name if it looks like a typo, else the names there are.
  template <class Id>
  void unknown_name(const std::string& at, const std::string& name, const std::map<std::string, Id>& names,
                    std::string_view what, std::string_view section) {
    if (r_.full()) return;  // it would be dropped: spare the suggestion
    std::string message = "no " + std::string(what) + " named \"" + name + "\" in " + std::string(section);
    std::vector<std::string_view> known;
    for (const auto& [n, unused] : names) known.push_back(n);
    // A long list helps nobody find the name they meant; the first few show the pattern.
    constexpr std::size_t names_listed_max = 10;
    if (known.empty()) {
      message += ", which names none";
    } else if (const std::string_view best = r_.nearest(name, known); !best.empty()) {
      message += "; did you mean \"" + std::string(best) + "\"?";
    } else {
      message += "; the names there are ";
      for (std::size_t i = 0; i < known.size() && i < names_listed_max; ++i) {
        message += (i == 0 ? "\"" : ", \"") + std::string(known[i]) + "\"";
      }
      if (known.size() > names_listed_max) message += " and " + std::to_string(known.size() - names_listed_max) + " more";
    }
    r_.error(at, std::move(message));
  }

  model::LinkOptions link(const json& o, const std::string& at, const model::LinkOptions& defaults) {
    model::LinkOptions l = defaults;
    if (!r_.object(o, at, {"delay_ticks", "drop_ppm", "duplicate_ppm", "reorder_ppm", "reorder_ticks_max", "partitions"})) return l;
    if (auto v = r_.range(o, at, "delay_ticks", false, 1, std::int64_t(model::LinkOptions::delay_ticks_limit))) {
      l.delay_ticks_min = std::uint64_t(v->first);
      l.delay_ticks_max = std::uint64_t(v->second);
    }
    if (auto v = r_.integer(o, at, "drop_ppm", false, 0, ppm_limit)) l.drop_ppm = std::uint32_t(*v);
    if (auto v = r_.integer(o, at, "duplicate_ppm", false, 0, ppm_limit)) l.duplicate_ppm = std::uint32_t(*v);
    if (auto v = r_.integer(o, at, "reorder_ppm", false, 0, ppm_limit)) l.reorder_ppm = std::uint32_t(*v);
    if (auto v = r_.integer(o, at, "reorder_ticks_max", false, 0, std::int64_t(model::LinkOptions::delay_ticks_limit))) {
      l.reorder_ticks_max = std::uint64_t(*v);
    }
    if (const json* parts = r_.array(o, at, "partitions", false, model::LinkOptions::partitions_max)) {
      l.partitions.clear();
      for (std::size_t i = 0; i < parts->size(); ++i) {
        const std::string p_at = JsonReader::child(at + "/partitions", i);
        const json& p = (*parts)[i];
        if (!r_.object(p, p_at, {"start_tick", "end_tick"})) continue;
        const auto start = r_.integer(p, p_at, "start_tick", true, 0, tick_limit);
        const auto end = r_.integer(p, p_at, "end_tick", true, 0, tick_limit);
        if (start && end && *end <= *start) {
          r_.error(p_at + "/end_tick", "expected end_tick > start_tick (" + std::to_string(*start) + "), found " +
                                           std::to_string(*end));
        }
        if (start && end && *end > *start) l.partitions.push_back({std::uint64_t(*start), std::uint64_t(*end)});
      }
    }
    return l;
  }

  model::DiskFaultOptions faults(const json& o, const std::string& at) {
    model::DiskFaultOptions f;
    if (!r_.object(o, at, {"bit_rot_ppm", "latent_sector_error_ppm", "lost_write_ppm", "misdirected_write_ppm",
                           "misdirected_read_ppm"})) {
      return f;
    }
    if (auto v = r_.integer(o, at, "bit_rot_ppm", false, 0, ppm_limit)) f.bit_rot_ppm = std::uint32_t(*v);
    if (auto v = r_.integer(o, at, "latent_sector_error_ppm", false, 0, ppm_limit)) f.latent_sector_error_ppm = std::uint32_t(*v);
    if (auto v = r_.integer(o, at, "lost_write_ppm", false, 0, ppm_limit)) f.lost_write_ppm = std::uint32_t(*v);
    if (auto v = r_.integer(o, at, "misdirected_write_ppm", false, 0, ppm_limit)) f.misdirected_write_ppm = std::uint32_t(*v);
    if (auto v = r_.integer(o, at, "misdirected_read_ppm", false, 0, ppm_limit)) f.misdirected_read_ppm = std::uint32_t(*v);
    return f;
  }

  void read_auditor(const json& doc) {
    const auto it = doc.find("auditor");
    if (it == doc.end() || !r_.object(*it, "/auditor", {"enabled", "interval_ticks"})) return;
    if (auto v = r_.boolean(*it, "/auditor", "enabled", false)) s_.world.auditor.enabled = *v;
    if (auto v = r_.integer(*it, "/auditor", "interval_ticks", false, 1, interval_ticks_limit)) {
      s_.world.auditor.interval_ticks = std::uint64_t(*v);
    }
  }

  void read_privacy(const json& doc) {
    const auto it = doc.find("privacy");
    if (it == doc.end() || !r_.object(*it, "/privacy", {"crypto_shredding", "key_epoch_ticks", "retention_ticks", "minimise",
                                                         "backups_sealed", "cache_honours_erasure"})) {
      return;
    }
    auto& p = s_.world.privacy;
    if (auto v = r_.boolean(*it, "/privacy", "crypto_shredding", false)) p.crypto_shredding = *v;
    if (auto v = r_.integer(*it, "/privacy", "key_epoch_ticks", false, 1, std::int64_t(model::PrivacyOptions::key_epoch_ticks_max))) {
      p.key_epoch_ticks = std::uint64_t(*v);
    }
    if (auto v = r_.integer(*it, "/privacy", "retention_ticks", false, 0, std::int64_t(model::PrivacyOptions::retention_ticks_max))) {
      // Retention and sealed backups both work by destroying keys.
      if (*v > 0 && !p.crypto_shredding) {
        r_.error("/privacy/retention_ticks", "retention works by destroying keys: it needs \"crypto_shredding\": true");
      } else {
        p.retention_ticks = std::uint64_t(*v);
      }
    }
    if (auto v = r_.boolean(*it, "/privacy", "minimise", false)) p.minimise = *v;
    if (auto v = r_.boolean(*it, "/privacy", "backups_sealed", false)) {
      if (*v && !p.crypto_shredding) {
        r_.error("/privacy/backups_sealed", "a sealed backup is sealed with the subjects' keys: it needs \"crypto_shredding\": true");
      } else {
        p.backups_sealed = *v;
      }
    }
    if (auto v = r_.boolean(*it, "/privacy", "cache_honours_erasure", false)) p.cache_honours_erasure = *v;
  }

  void read_log(const json& doc) {
    const auto it = doc.find("log");
    if (it == doc.end() || !r_.object(*it, "/log", {"block_size_bytes", "replicas", "ack_replicas", "verify_on_read",
                                                     "restart_ticks", "faults", "replica_faults", "random_fault_ppm_max",
                                                     "random_fault_replicas"})) {
      return;
    }
    auto& log = s_.world.log;
    if (auto v = r_.integer(*it, "/log", "replicas", false, 1, model::EventLogOptions::replicas_max)) log.replicas = std::uint32_t(*v);
    if (auto v = r_.integer(*it, "/log", "ack_replicas", false, 1, model::EventLogOptions::replicas_max)) {
      if (std::uint32_t(*v) > log.replicas) {
        r_.error("/log/ack_replicas", "expected at most /log/replicas (" + std::to_string(log.replicas) + "), found " + std::to_string(*v));
      } else {
        log.ack_replicas = std::uint32_t(*v);
      }
    }
    if (auto v = r_.boolean(*it, "/log", "verify_on_read", false)) log.verify_on_read = *v;
    if (auto v = r_.integer(*it, "/log", "restart_ticks", false, 1, interval_ticks_limit)) log.restart_ticks = std::uint64_t(*v);
    if (const auto f = it->find("faults"); f != it->end()) log.disk.faults = faults(*f, "/log/faults");
    if (auto v = r_.integer(*it, "/log", "random_fault_ppm_max", false, 0, ppm_limit)) log.random_fault_ppm_max = std::uint32_t(*v);
    if (auto v = r_.integer(*it, "/log", "random_fault_replicas", false, 0, model::EventLogOptions::replicas_max)) {
      if (std::uint32_t(*v) > log.replicas) {
        r_.error("/log/random_fault_replicas", "expected at most /log/replicas (" + std::to_string(log.replicas) + "), found " +
                                                   std::to_string(*v));
      } else {
        log.random_fault_replicas = std::uint32_t(*v);
      }
    }
    if (const json* list = r_.array(*it, "/log", "replica_faults", false, model::EventLogOptions::replicas_max)) {
      if (list->size() != log.replicas) {
        r_.error("/log/replica_faults", "expected one entry per replica (" + std::to_string(log.replicas) + "), found " +
                                            std::to_string(list->size()));
      } else {
        for (std::size_t i = 0; i < list->size(); ++i) log.replica_faults.push_back(faults((*list)[i], JsonReader::child("/log/replica_faults", i)));
      }
    }
    if (auto v = r_.integer(*it, "/log", "block_size_bytes", false, 64, model::Disk::chunk_bytes)) {
      // Blocks tile the disk's chunks exactly, so the size must be a power of two.
      if ((*v & (*v - 1)) != 0) {
        r_.error("/log/block_size_bytes", "expected a power of two from 64 to " + std::to_string(model::Disk::chunk_bytes) +
                                              ", found the integer " + std::to_string(*v));
      } else {
        s_.world.log.disk.block_size_bytes = std::uint32_t(*v);
      }
    }
  }

  void read_accounts(const json& doc) {
    const json* list = r_.array(doc, "", "accounts", true, model::accounts_max);
    if (list == nullptr) return;
    if (list->size() < 2) r_.error("/accounts", "expected at least two accounts (money moves between accounts)");
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string at = JsonReader::child("/accounts", i);
      const json& a = (*list)[i];
      if (!r_.object(a, at, {"name", "balance_cents"})) continue;
      model::Account account;
      if (auto name = r_.string(a, at, "name", true, 1)) {
        if (r_.fits(*name, at + "/name", model::EventLog::key_bytes_max, "the log's limit on a key")) {
          if (auto [it, fresh] = accounts_.emplace(*name, model::AccountId(i)); !fresh) {
            r_.error(at + "/name", "account name \"" + *name + "\" is already used by /accounts/" + std::to_string(it->second));
          }
        }
        account.name = *name;
      }
      if (auto v = r_.integer(a, at, "balance_cents", false, 0, std::int64_t(model::ClientOptions::amount_cents_limit))) {
        account.opening_balance_cents = *v;
      }
      s_.world.accounts.push_back(std::move(account));
    }
  }

  void read_network(const json& doc) {
    if (const auto it = doc.find("network"); it != doc.end()) s_.world.client_link = link(*it, "/network", {});
    if (const auto it = doc.find("dual_writes"); it != doc.end()) {
      if (!r_.object(*it, "/dual_writes", {"database_link", "index_link"})) return;
      if (const auto l = it->find("database_link"); l != it->end()) s_.world.dual_writes.database_link = link(*l, "/dual_writes/database_link", {});
      if (const auto l = it->find("index_link"); l != it->end()) s_.world.dual_writes.index_link = link(*l, "/dual_writes/index_link", {});
    }
  }

  void read_front_door(const json& doc) {
    const auto it = doc.find("front_door");
    if (it == doc.end() || !r_.object(*it, "/front_door", {"dedup", "writes", "restart_ticks"})) return;
    auto& f = s_.world.front_door;
    if (auto v = r_.one_of(*it, "/front_door", "dedup", false, {"none", "per_connection", "end_to_end"})) {
      f.dedup = *model::dedup_mode_from_string(*v);
    }
    if (auto v = r_.one_of(*it, "/front_door", "writes", false, {"log", "dual_writes"})) f.writes = *model::write_mode_from_string(*v);
    if (auto v = r_.integer(*it, "/front_door", "restart_ticks", false, 1, interval_ticks_limit)) f.restart_ticks = std::uint64_t(*v);
  }

  void read_clients(const json& doc) {
    // A credit lesson's actors are the lender and its applicants: payment clients are optional there.
    const bool required = !doc.contains("credit");
    const json* clients = r_.array(doc, "", "clients", required, model::WorldOptions::clients_max);
    if (clients == nullptr) return;
    if (clients->empty() && required) r_.error("/clients", "expected at least one client");
    bool per_client_links = false;
    std::vector<model::LinkOptions> links;
    for (std::size_t i = 0; i < clients->size(); ++i) {
      const json& c = (*clients)[i];
      const std::string at = JsonReader::child("/clients", i);
      if (!r_.object(c, at, {"name", "from", "to", "interval_ticks", "start_tick", "requests_max", "amount_cents",
                             "memo_words", "rename_ppm", "names", "timeout_ticks", "retries_max", "backoff_ticks",
                             "backoff_jitter_ticks", "idempotency_keys", "network"})) {
        continue;
      }
      model::ClientOptions o;
      if (auto name = r_.string(c, at, "name", true, 1)) {
        r_.fits(*name, at + "/name", client_name_bytes_max, "it prefixes request IDs");
        if (auto [it, fresh] = clients_.emplace(*name, i); !fresh) {
          r_.error(at + "/name", "client name \"" + *name + "\" is already used by /clients/" + std::to_string(it->second));
        }
        o.name = *name;
      }
      o.from_accounts = account_refs(c, at, "from", true);
      o.to_accounts = account_refs(c, at, "to", true);
      for (model::AccountId from : o.from_accounts) {
        const bool other = std::any_of(o.to_accounts.begin(), o.to_accounts.end(), [&](auto to) { return to != from; });
        if (!other && !o.to_accounts.empty()) {
          r_.error(at + "/to", "expected an account other than \"" + s_.world.accounts[from].name + "\" (it is in /from)");
          break;
        }
      }
      if (auto v = r_.range(c, at, "interval_ticks", false, 1, interval_ticks_limit)) {
        o.interval_ticks_min = std::uint64_t(v->first);
        o.interval_ticks_max = std::uint64_t(v->second);
      }
      if (auto v = r_.integer(c, at, "start_tick", false, 0, tick_limit)) o.start_tick = std::uint64_t(*v);
      if (auto v = r_.integer(c, at, "requests_max", false, 0, requests_limit)) o.requests_max = std::uint64_t(*v);
      if (auto v = r_.range(c, at, "amount_cents", false, 1, model::ClientOptions::amount_cents_limit)) {
        o.amount_cents_min = v->first;
        o.amount_cents_max = v->second;
      }
      o.memo_words = strings(c, at, "memo_words", false, model::ClientOptions::words_max, 40);
      if (auto v = r_.integer(c, at, "rename_ppm", false, 0, ppm_limit)) o.rename_ppm = std::uint32_t(*v);
      o.names = strings(c, at, "names", false, model::ClientOptions::words_max, 64);
      if (o.rename_ppm > 0 && o.names.empty()) r_.error(at + "/names", "expected names to rename to, since rename_ppm > 0");
      if (auto v = r_.integer(c, at, "timeout_ticks", false, 1, interval_ticks_limit)) o.timeout_ticks = std::uint64_t(*v);
      if (auto v = r_.integer(c, at, "retries_max", false, 0, model::ClientOptions::retries_limit)) o.retries_max = std::uint32_t(*v);
      if (auto v = r_.range(c, at, "backoff_ticks", false, 1, interval_ticks_limit)) {
        o.backoff_ticks_base = std::uint64_t(v->first);
        o.backoff_ticks_max = std::uint64_t(v->second);
      }
      if (auto v = r_.integer(c, at, "backoff_jitter_ticks", false, 0, interval_ticks_limit)) o.backoff_jitter_ticks = std::uint64_t(*v);
      if (auto v = r_.boolean(c, at, "idempotency_keys", false)) o.idempotency_keys = *v;
      if (const auto l = c.find("network"); l != c.end()) {
        per_client_links = true;
        links.push_back(link(*l, at + "/network", s_.world.client_link));
      } else {
        links.push_back(s_.world.client_link);
      }
      s_.world.clients.push_back(std::move(o));
    }
    if (per_client_links) s_.world.client_links = std::move(links);
  }

  void read_derivers(const json& doc) {
    const json* list = r_.array(doc, "", "derivers", false, model::WorldOptions::derivers_max);
    if (list == nullptr) return;
    std::vector<std::string> caches;  // pointers of the cache derivers' "view"
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& d = (*list)[i];
      const std::string at = JsonReader::child("/derivers", i);
      if (!r_.object(d, at, {"name", "view", "logic", "apply", "batch_records", "batch_interval_ticks",
                             "checkpoint_every_records", "restart_ticks", "start", "honor_consent"})) {
        continue;
      }
      model::DeriverOptions o;
      if (auto name = r_.string(d, at, "name", true, 1)) {
        r_.fits(*name, at + "/name", model::DeriverOptions::name_bytes_max);
        if (auto [it, fresh] = derivers_.emplace(*name, i); !fresh) {
          r_.error(at + "/name", "deriver name \"" + *name + "\" is already used by /derivers/" + std::to_string(it->second));
        }
        o.name = *name;
      }
      if (auto v = r_.one_of(d, at, "view", true, {"balances", "search_index", "counters", "cache", "marketing", "credit_scores"})) {
        o.view = *model::view_kind_from_string(*v);
      }
      if (o.view == model::ViewKind::credit_scores && !doc.contains("credit")) {
        r_.error(at + "/view", "a credit_scores view scores the applicants of /credit, but there is no /credit");
      }
      if (auto v = r_.boolean(d, at, "honor_consent", false)) o.rules.honor_consent = *v;
      if (auto v = r_.one_of(d, at, "logic", false, {"v1", "v2"})) o.logic = *model::deriver_logic_from_string(*v);
      if (auto v = r_.one_of(d, at, "apply", false, {"idempotent", "naive"})) o.apply = *model::apply_mode_from_string(*v);
      if (auto v = r_.integer(d, at, "batch_records", false, 1, model::DeriverOptions::batch_records_max)) o.batch_records = std::uint32_t(*v);
      if (auto v = r_.integer(d, at, "batch_interval_ticks", false, 1, interval_ticks_limit)) o.batch_interval_ticks = std::uint64_t(*v);
      if (auto v = r_.integer(d, at, "checkpoint_every_records", false, 1, requests_limit)) o.checkpoint_every_records = std::uint64_t(*v);
      if (auto v = r_.integer(d, at, "restart_ticks", false, 1, interval_ticks_limit)) o.restart_ticks = std::uint64_t(*v);
      if (const auto start = d.find("start"); start != d.end()) {
        if (start->is_string() && start->get<std::string>() == "on_command") {
          o.start_on_command = true;
        } else if (!start->is_number_integer()) {
          r_.error(at + "/start", "expected \"on_command\" or an integer from 0 to " + std::to_string(tick_limit) +
                                      ", found " + JsonReader::describe_not_integer(*start));
        } else if (auto v = r_.integer(d, at, "start", false, 0, tick_limit)) {
          o.start_tick = std::uint64_t(*v);
        }
      }
      if (o.view == model::ViewKind::cache) caches.push_back(at + "/view");
      s_.world.derivers.push_back(std::move(o));
    }
    // A cache fronts the balances view (it is filled from it on a miss), wherever that is listed.
    for (const std::string& at : caches) needs_view(at, model::ViewKind::balances, "a cache fronts the balances view");
  }

  // Reports at `at` (`why`) if no deriver maintains a view of `kind`.
  void needs_view(const std::string& at, model::ViewKind kind, const std::string& why) {
    const auto& ds = s_.world.derivers;
    if (std::any_of(ds.begin(), ds.end(), [&](const model::DeriverOptions& d) { return d.view == kind; })) return;
    r_.error(at, why + ", but no deriver in /derivers has \"view\": \"" + model::to_string(kind) + "\"");
  }

  void read_readers(const json& doc) {
    const json* list = r_.array(doc, "", "readers", false, model::ReaderOptions::readers_max);
    if (list == nullptr) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& d = (*list)[i];
      const std::string at = JsonReader::child("/readers", i);
      if (!r_.object(d, at, {"name", "path", "interval_ticks", "start_tick", "accounts"})) continue;
      model::ReaderOptions o;
      if (auto name = r_.string(d, at, "name", true, 1)) o.name = *name;
      if (auto v = r_.one_of(d, at, "path", true, {"view", "cache", "log_scan"})) {
        o.path = *model::read_path_from_string(*v);
        // A read path names no deriver, but it needs one: without it every read is "unavailable".
        if (o.path == model::ReadPath::view) needs_view(at + "/path", model::ViewKind::balances, "path \"view\" reads the balances view");
        if (o.path == model::ReadPath::cache) needs_view(at + "/path", model::ViewKind::cache, "path \"cache\" reads through a cache");
      }
      if (auto v = r_.range(d, at, "interval_ticks", false, 1, interval_ticks_limit)) {
        o.interval_ticks_min = std::uint64_t(v->first);
        o.interval_ticks_max = std::uint64_t(v->second);
      }
      if (auto v = r_.integer(d, at, "start_tick", false, 0, tick_limit)) o.start_tick = std::uint64_t(*v);
      o.accounts = account_refs(d, at, "accounts", true);
      s_.world.readers.push_back(std::move(o));
    }
  }

  // The credit lesson (lender.h): groups with their historical data, applicants (accounts) with
  // their group and true repayment rate, the model's weights, the harm of a denial, the lender.
  void read_credit(const json& doc) {
    const auto it = doc.find("credit");
    if (it == doc.end()) return;
    const std::string at = "/credit";
    if (!r_.object(*it, at, {"groups", "applicants", "prior_weight_loans", "record_window", "history_loans",
                             "denial_harm_ppm", "lender"})) {
      return;
    }
    model::CreditOptions& credit = s_.world.credit;
    std::map<std::string, std::size_t> groups;
    if (const json* list = r_.array(*it, at, "groups", true, model::CreditModel::groups_max)) {
      if (list->empty()) r_.error(at + "/groups", "expected at least one group");
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string g_at = JsonReader::child(at + "/groups", i);
        const json& g = (*list)[i];
        if (!r_.object(g, g_at, {"name", "history_repaid", "history_defaulted"})) continue;
        model::CreditGroup group;
        if (auto name = r_.string(g, g_at, "name", true, 1)) {
          const bool plain = name->find('/') == std::string::npos;
          if (!plain) r_.error(g_at + "/name", "expected a name without '/' (it names metrics: credit/<group>/...)");
          if (r_.fits(*name, g_at + "/name", model::CreditGroup::name_bytes_max) && plain) {
            if (auto [old, fresh] = groups.emplace(*name, i); !fresh) {
              r_.error(g_at + "/name", "group name \"" + *name + "\" is already used by /credit/groups/" +
                                           std::to_string(old->second));
            }
          }
          group.name = *name;
        }
        const auto limit = std::int64_t(model::CreditGroup::history_loans_max);
        if (auto v = r_.integer(g, g_at, "history_repaid", false, 0, limit)) group.history_repaid = std::uint64_t(*v);
        if (auto v = r_.integer(g, g_at, "history_defaulted", false, 0, limit)) group.history_defaulted = std::uint64_t(*v);
        credit.model.groups.push_back(std::move(group));
      }
    }
    if (const json* list = r_.array(*it, at, "applicants", true, model::CreditModel::applicants_max)) {
      if (list->empty()) r_.error(at + "/applicants", "expected at least one applicant");
      std::map<model::AccountId, std::size_t> seen;
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string a_at = JsonReader::child(at + "/applicants", i);
        const json& a = (*list)[i];
        if (!r_.object(a, a_at, {"account", "group", "repay_ppm"})) continue;
        model::CreditApplicant applicant;
        bool ok = true;
        if (auto name = r_.string(a, a_at, "account", true, 1)) {
          if (auto id = account_id(*name, a_at + "/account")) {
            applicant.account = *id;
            if (auto [old, fresh] = seen.emplace(*id, i); !fresh) {
              r_.error(a_at + "/account", "account \"" + *name + "\" already applies as /credit/applicants/" +
                                              std::to_string(old->second));
            }
          } else {
            ok = false;
          }
        } else {
          ok = false;
        }
        if (auto name = r_.string(a, a_at, "group", true, 1)) {
          if (const auto g = groups.find(*name); g != groups.end()) {
            applicant.group = std::uint8_t(g->second);
          } else {
            unknown_name(a_at + "/group", *name, groups, "group", "/credit/groups");
            ok = false;
          }
        } else {
          ok = false;
        }
        const auto ppm = r_.integer(a, a_at, "repay_ppm", true, 0, ppm_limit);
        if (!ok || !ppm) continue;
        credit.model.applicants.push_back(applicant);
        credit.borrowers.repay_ppm.push_back(std::uint32_t(*ppm));
      }
    }
    if (auto v = r_.integer(*it, at, "prior_weight_loans", false, 0, model::CreditModel::prior_weight_loans_max)) {
      credit.model.prior_weight_loans = std::uint32_t(*v);
    }
    if (auto v = r_.integer(*it, at, "record_window", false, 1, model::CreditModel::record_window_max)) {
      credit.model.record_window = std::uint32_t(*v);
    }
    if (auto v = r_.integer(*it, at, "history_loans", false, 0, model::BorrowersOptions::history_loans_max)) {
      credit.borrowers.history_loans = std::uint32_t(*v);
    }
    if (auto v = r_.integer(*it, at, "denial_harm_ppm", false, 0, ppm_limit)) credit.borrowers.denial_harm_ppm = std::uint32_t(*v);
    if (const auto l = it->find("lender"); l != it->end()) read_lender(*l, at + "/lender", credit.lender);
    needs_view(at, model::ViewKind::credit_scores, "the lender reads applicants' scores from a credit_scores view");
  }

  void read_lender(const json& l, const std::string& at, model::LenderOptions& o) {
    if (!r_.object(l, at, {"threshold_permille", "exploration_ppm", "use_group", "start_tick", "round_interval_ticks",
                           "loan_ticks", "loan_amount_cents", "rounds_max", "recent_decisions"})) {
      return;
    }
    if (auto v = r_.integer(l, at, "threshold_permille", false, 0, 1000)) o.policy.threshold_permille = std::uint32_t(*v);
    if (auto v = r_.integer(l, at, "exploration_ppm", false, 0, ppm_limit)) o.policy.exploration_ppm = std::uint32_t(*v);
    if (auto v = r_.boolean(l, at, "use_group", false)) o.policy.use_group = *v;
    if (auto v = r_.integer(l, at, "start_tick", false, 0, tick_limit)) o.start_tick = std::uint64_t(*v);
    const auto ticks = std::int64_t(model::LenderOptions::ticks_limit);
    if (auto v = r_.integer(l, at, "round_interval_ticks", false, 1, ticks)) o.round_interval_ticks = std::uint64_t(*v);
    if (auto v = r_.integer(l, at, "loan_ticks", false, 1, ticks)) o.loan_ticks = std::uint64_t(*v);
    if (auto v = r_.integer(l, at, "loan_amount_cents", false, 1, model::LenderOptions::amount_cents_limit)) {
      o.loan_amount_cents = *v;
    }
    if (auto v = r_.integer(l, at, "rounds_max", false, 0, requests_limit)) o.rounds_max = std::uint32_t(*v);
    if (auto v = r_.integer(l, at, "recent_decisions", false, 1, model::LenderOptions::recent_decisions_max)) {
      o.recent_decisions = std::uint32_t(*v);
    }
  }

  std::optional<std::uint64_t> named(const json& e, const std::string& at, std::string_view key,
                                     const std::map<std::string, std::size_t>& names, const char* section) {
    auto name = r_.string(e, at, key, true);
    if (!name) return std::nullopt;
    const auto it = names.find(*name);
    if (it != names.end()) return it->second;
    const std::string_view plural = std::string_view(section).substr(1);  // "/clients" -> "clients"
    unknown_name(JsonReader::child(at, key), *name, names, plural.substr(0, plural.size() - 1), section);
    return std::nullopt;
  }

  std::optional<std::uint64_t> replica(const json& e, const std::string& at) {
    const auto v = r_.integer(e, at, "replica", false, 0, model::EventLogOptions::replicas_max - 1);
    if (!v) return e.contains("replica") ? std::nullopt : std::optional<std::uint64_t>(0);
    if (std::uint64_t(*v) >= s_.world.log.replicas) {
      r_.error(at + "/replica", "expected a replica below /log/replicas (" + std::to_string(s_.world.log.replicas) + "), found " +
                                    std::to_string(*v));
      return std::nullopt;
    }
    return std::uint64_t(*v);
  }

  void read_schedule(const json& doc) {
    const json* schedule = r_.array(doc, "", "schedule", false, Scenario::schedule_max);
    if (schedule == nullptr) return;
    for (std::size_t i = 0; i < schedule->size(); ++i) {
      if (auto command = read_command((*schedule)[i], JsonReader::child("/schedule", i), true)) {
        s_.schedule.push_back(std::move(*command));
      }
    }
    // Commands run in tick order; authors may list them in any order, ties keep the file's order.
    std::stable_sort(s_.schedule.begin(), s_.schedule.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  }

  // One command: a schedule entry (with its "tick") or a command of a script step or ethics
  // choice (without: it is stamped when the step is reached or the choice made).
  std::optional<model::Command> read_command(const json& e, const std::string& at, bool with_tick) {
    if (!r_.object(e, at, with_tick ? command_keys_with_tick : command_keys)) return std::nullopt;
    model::Command command;
    std::optional<std::int64_t> tick = 0;
    if (with_tick) tick = r_.integer(e, at, "tick", true, 0, tick_limit);
    const auto action = r_.one_of(e, at, "action", true,
                                  {"client_send_now", "double_submit", "submit", "corrupt_record", "crash_front_door",
                                   "crash_deriver", "start_deriver", "switch_reads", "inject_fault", "crash_replica",
                                   "audit", "give_consent", "withdraw_consent", "request_erasure", "backup", "breach",
                                   "set_retention", "set_minimise", "set_credit_policy"});
    if (!tick || !action) return std::nullopt;
    command.at = sim::Tick{std::uint64_t(*tick)};
    command.kind = *model::command_kind_from_string(*action);
    bool ok = true;
    const std::vector<std::string_view> keys = keys_of(command.kind);
    for (const auto& [key, unused] : e.items()) {
      if (key == "tick" || key == "action" || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      // Keys that are no command's were reported by object() as unknown.
      if (std::find(command_keys.begin(), command_keys.end(), key) == command_keys.end()) continue;
      std::string takes;
      for (std::string_view k : keys) takes += (takes.empty() ? "\"" : ", \"") + std::string(k) + "\"";
      r_.error(JsonReader::child(at, key), "action \"" + *action + "\" does not use \"" + key + "\"; " +
                                               (keys.empty() ? "it takes no other keys" : "it takes " + takes));
      ok = false;
    }
    auto need = [&](std::optional<std::uint64_t> v, std::uint64_t& into) {
      if (v) into = *v;
      ok = ok && v.has_value();
    };
    using K = model::CommandKind;
    switch (command.kind) {
      case K::client_send_now:
      case K::double_submit: need(named(e, at, "client", clients_, "/clients"), command.target); break;
      case K::submit: {
        need(named(e, at, "client", clients_, "/clients"), command.target);
        if (auto to = r_.string(e, at, "to", true)) {
          auto id = account_id(*to, at + "/to");
          ok = ok && id.has_value();
          if (id) command.argument = *id;
        } else {
          ok = false;
        }
        if (auto v = r_.integer(e, at, "amount_cents", true, 1, model::ClientOptions::amount_cents_limit)) command.amount = *v;
        else ok = false;
        if (auto v = r_.string(e, at, "request_id", false)) {
          if (!r_.fits(*v, at + "/request_id", model::DomainEvent::request_id_bytes_max)) ok = false;
          command.text = *v;
        }
        if (auto v = r_.integer(e, at, "clicks", false, 1, 2)) command.count = std::uint32_t(*v);
        break;
      }
      case K::corrupt_record: {
        if (auto v = r_.integer(e, at, "offset", true, 0, std::int64_t(model::EventLog::records_max) - 1)) command.target = std::uint64_t(*v);
        else ok = false;
        if (auto v = r_.integer(e, at, "bit", false, 0, std::int64_t(1) << 20)) command.argument = std::uint64_t(*v);
        break;
      }
      case K::crash_front_door:
      case K::audit: break;
      case K::inject_fault: {
        if (auto v = replica(e, at)) command.target = *v;
        else ok = false;
        const auto fault = r_.one_of(e, at, "fault", true, {"bit_rot", "latent_sector_error", "lost_write",
                                                            "misdirected_write", "misdirected_read"});
        if (!fault) {
          ok = false;
          break;
        }
        for (auto k : {model::DiskFault::bit_rot, model::DiskFault::latent_sector_error, model::DiskFault::lost_write,
                       model::DiskFault::misdirected_write, model::DiskFault::misdirected_read}) {
          if (*fault == model::to_string(k)) command.count = std::uint32_t(k);
        }
        const bool needs_offset = *fault != "lost_write" && *fault != "misdirected_write";
        if (auto v = r_.integer(e, at, "offset", needs_offset, 0, std::int64_t(model::EventLog::records_max) - 1)) {
          command.argument = std::uint64_t(*v);
        } else if (needs_offset) {
          ok = false;
        }
        break;
      }
      case K::crash_replica: {
        if (auto v = replica(e, at)) command.target = *v;
        else ok = false;
        if (auto v = r_.boolean(e, at, "torn", false)) command.count = *v ? 1 : 0;
        break;
      }
      case K::crash_deriver:
      case K::start_deriver:
      case K::switch_reads: need(named(e, at, "deriver", derivers_, "/derivers"), command.target); break;
      case K::script_choose:
      case K::script_continue: ok = false; break;  // not an action name: one_of refused it
      case K::give_consent:
      case K::withdraw_consent:
      case K::request_erasure: {
        if (auto name = r_.string(e, at, "account", true)) {
          auto id = account_id(*name, at + "/account");
          ok = ok && id.has_value();
          if (id) command.target = *id;
        } else {
          ok = false;
        }
        if (command.kind == K::request_erasure) break;
        command.argument = std::uint64_t(model::Purpose::marketing);
        if (auto v = r_.one_of(e, at, "purpose", false, {"marketing", "analytics"})) {
          command.argument = std::uint64_t(*model::purpose_from_string(*v));
        }
        if (command.kind == K::withdraw_consent) break;
        if (auto v = r_.string(e, at, "contact", false)) {
          if (!r_.fits(*v, at + "/contact", model::DomainEvent::text_bytes_max)) ok = false;
          command.text = *v;
        }
        break;
      }
      case K::backup: need(named(e, at, "deriver", derivers_, "/derivers"), command.target); break;
      case K::breach:
        if (auto v = r_.one_of(e, at, "scope", false, {"disks", "disks_and_keys"})) command.argument = *v == "disks" ? 0 : 1;
        break;
      case K::set_retention:
        if (auto v = r_.integer(e, at, "retention_ticks", true, 0, std::int64_t(model::PrivacyOptions::retention_ticks_max))) {
          command.argument = std::uint64_t(*v);
        } else {
          ok = false;
        }
        if (!s_.world.privacy.crypto_shredding) {
          r_.error(at + "/action", "set_retention works by destroying keys: it needs \"crypto_shredding\": true in /privacy");
          ok = false;
        }
        break;
      case K::set_minimise:
        if (auto v = r_.boolean(e, at, "minimise", true)) command.argument = *v ? 1 : 0;
        else ok = false;
        break;
      case K::set_credit_policy: {
        // Exactly one knob per command, so a choice reads as one decision.
        const bool threshold = e.contains("threshold_permille"), exploration = e.contains("exploration_ppm"),
                   use_group = e.contains("use_group");
        if (int(threshold) + int(exploration) + int(use_group) != 1) {
          r_.error(at, "set_credit_policy expects exactly one of \"threshold_permille\", \"exploration_ppm\" and \"use_group\"");
          ok = false;
        } else if (threshold) {
          command.target = std::uint64_t(model::PolicyKnob::threshold);
          if (auto v = r_.integer(e, at, "threshold_permille", true, 0, 1000)) command.argument = std::uint64_t(*v);
          else ok = false;
        } else if (exploration) {
          command.target = std::uint64_t(model::PolicyKnob::exploration);
          if (auto v = r_.integer(e, at, "exploration_ppm", true, 0, ppm_limit)) command.argument = std::uint64_t(*v);
          else ok = false;
        } else {
          command.target = std::uint64_t(model::PolicyKnob::use_group);
          if (auto v = r_.boolean(e, at, "use_group", true)) command.argument = *v ? 1 : 0;
          else ok = false;
        }
        if (!s_.world.credit.enabled()) {
          r_.error(at + "/action", "set_credit_policy changes the lender's policy: it needs a /credit section with applicants");
          ok = false;
        }
        break;
      }
    }
    if (!ok) return std::nullopt;
    return command;
  }

  // The narrated script (script.h). Read last: its conditions name derivers and accounts, and its
  // commands use the same form as the schedule's.
  void read_script(const json& doc) {
    const json* steps = r_.array(doc, "", "script", false, Script::steps_max);
    if (steps == nullptr) return;
    std::map<std::string, std::size_t> ids;
    for (std::size_t i = 0; i < steps->size(); ++i) {
      const std::string at = JsonReader::child("/script", i);
      const json& e = (*steps)[i];
      if (!r_.object(e, at, {"id", "title", "narration", "trigger", "commands", "prediction", "ethics", "expect"})) continue;
      ScriptStep step;
      if (auto v = r_.string(e, at, "id", false, 1)) {
        step.id = *v;
        if (!ids.emplace(*v, i).second) {
          r_.error(at + "/id", "step id \"" + *v + "\" is already used by /script/" + std::to_string(ids[*v]));
        }
      }
      if (auto v = r_.string(e, at, "title", false, 1)) step.title = *v;
      if (auto v = r_.string(e, at, "narration", true, 1)) {
        step.narration = *v;
        step.narration_blocks = parse_markdown_lite(*v);
      }
      if (e.contains("trigger")) step.trigger = read_trigger(e["trigger"], at + "/trigger");
      step.commands = commands(e, at, "commands", Script::step_commands_max);
      if (e.contains("prediction")) step.prediction = read_prediction(e["prediction"], at + "/prediction");
      if (e.contains("ethics")) step.ethics = read_ethics(e["ethics"], at + "/ethics");
      step.expect = conditions(e, at, "expect");
      s_.script.steps.push_back(std::move(step));
    }
  }

  Trigger read_trigger(const json& t, const std::string& at) {
    Trigger trigger;
    if (!r_.object(t, at, {"tick", "after_ticks", "when"})) return trigger;
    const int given = int(t.contains("tick")) + int(t.contains("after_ticks")) + int(t.contains("when"));
    if (given != 1) {
      r_.error(at, "expected exactly one of \"tick\", \"after_ticks\" or \"when\", found " + std::to_string(given));
      return trigger;
    }
    if (t.contains("tick")) {
      if (auto v = r_.integer(t, at, "tick", true, 0, tick_limit)) {
        trigger.kind = Trigger::Kind::at_tick;
        trigger.ticks = std::uint64_t(*v);
      }
    } else if (t.contains("after_ticks")) {
      if (auto v = r_.integer(t, at, "after_ticks", true, 1, tick_limit)) {
        trigger.kind = Trigger::Kind::after_ticks;
        trigger.ticks = std::uint64_t(*v);
      }
    } else if (auto c = condition(t["when"], at + "/when")) {
      trigger.kind = Trigger::Kind::when;
      trigger.condition = std::move(c);
    }
    return trigger;
  }

  std::optional<Prediction> read_prediction(const json& p, const std::string& at) {
    if (!r_.object(p, at, {"question", "choices", "explanation"})) return std::nullopt;
    Prediction prediction;
    if (auto v = r_.string(p, at, "question", true, 1)) prediction.question = *v;
    if (auto v = r_.string(p, at, "explanation", false, 1)) prediction.explanation = *v;
    const json* choices = choices_of(p, at);
    if (choices == nullptr) return std::nullopt;
    for (std::size_t i = 0; i < choices->size(); ++i) {
      const std::string c_at = JsonReader::child(at + "/choices", i);
      const json& c = (*choices)[i];
      if (!r_.object(c, c_at, {"text", "correct_if"})) continue;
      const auto text = r_.string(c, c_at, "text", true, 1);
      std::optional<Condition> correct_if;
      if (c.contains("correct_if")) correct_if = condition(c["correct_if"], c_at + "/correct_if");
      else r_.error(c_at + "/correct_if", "missing required key; expected a condition (under which this answer is right)");
      if (!text || !correct_if) continue;
      prediction.choices.push_back({*text, std::move(*correct_if)});
    }
    return prediction;
  }

  std::optional<EthicsPrompt> read_ethics(const json& p, const std::string& at) {
    if (!r_.object(p, at, {"question", "choices", "default_choice"})) return std::nullopt;
    EthicsPrompt prompt;
    if (auto v = r_.string(p, at, "question", true, 1)) prompt.question = *v;
    const json* choices = choices_of(p, at);
    if (choices == nullptr) return std::nullopt;
    for (std::size_t i = 0; i < choices->size(); ++i) {
      const std::string c_at = JsonReader::child(at + "/choices", i);
      const json& c = (*choices)[i];
      if (!r_.object(c, c_at, {"text", "commands", "consequence", "expect"})) continue;
      EthicsChoice choice;
      if (auto v = r_.string(c, c_at, "text", true, 1)) choice.text = *v;
      if (auto v = r_.string(c, c_at, "consequence", true, 1)) choice.consequence = *v;
      choice.commands = commands(c, c_at, "commands", Script::step_commands_max);
      choice.expect = conditions(c, c_at, "expect");
      prompt.choices.push_back(std::move(choice));
    }
    if (!choices->empty()) {
      if (auto v = r_.integer(p, at, "default_choice", false, 0, std::int64_t(choices->size()) - 1)) {
        prompt.default_choice = std::uint32_t(*v);
      }
    }
    return prompt;
  }

  // The "choices" of a prediction or an ethics prompt: an array of 2 to choices_max entries (a
  // question with one answer asks nothing). Fewer than 2 is reported, and the entries still read.
  const json* choices_of(const json& p, const std::string& at) {
    const json* choices = r_.array(p, at, "choices", true, Script::choices_max);
    if (choices != nullptr && choices->size() < 2) {
      r_.error(at + "/choices", "expected at least 2 choices, found " + std::to_string(choices->size()));
    }
    return choices;
  }

  std::vector<model::Command> commands(const json& o, const std::string& at, std::string_view key, std::size_t max) {
    std::vector<model::Command> out;
    const json* a = r_.array(o, at, key, false, max);
    if (a == nullptr) return out;
    const std::string where = JsonReader::child(at, key);
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (auto c = read_command((*a)[i], JsonReader::child(where, i), false)) out.push_back(std::move(*c));
    }
    return out;
  }

  std::vector<Condition> conditions(const json& o, const std::string& at, std::string_view key) {
    std::vector<Condition> out;
    const json* a = r_.array(o, at, key, false, Script::expect_max);
    if (a == nullptr) return out;
    const std::string where = JsonReader::child(at, key);
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (auto c = condition((*a)[i], JsonReader::child(where, i))) out.push_back(std::move(*c));
    }
    return out;
  }

  // {"metric": "duplicates_absorbed", "op": ">=", "value": 1}; value may be true or false.
  std::optional<Condition> condition(const json& c, const std::string& at) {
    if (!r_.object(c, at, {"metric", "op", "value"})) return std::nullopt;
    Condition condition;
    bool ok = true;
    if (auto name = r_.string(c, at, "metric", true, 1)) {
      std::string why;
      if (auto ref = model::resolve_metric(*name, s_.world, why)) {
        condition.metric = std::move(*ref);
      } else {
        std::string best;
        // Within the reader's budget for suggestions, and none for an error that would be dropped:
        // a file of many misspelt metrics among a thousand accounts' names took seconds.
        if (!r_.full()) {
          const std::vector<std::string> names = model::metric_names(s_.world);
          best = r_.nearest(*name, std::vector<std::string_view>(names.begin(), names.end()));
        }
        r_.error(at + "/metric", why + (best.empty() ? "; see scenarios/README.md for the metric names"
                                                     : "; did you mean \"" + best + "\"?"));
        ok = false;
      }
    } else {
      ok = false;
    }
    if (auto op = r_.one_of(c, at, "op", true, {"<", "<=", "==", "!=", ">=", ">"})) condition.op = *compare_op_from_string(*op);
    else ok = false;
    if (c.is_object() && c.contains("value") && c["value"].is_boolean()) {
      condition.value = c["value"].get<bool>() ? 1 : 0;
    } else if (auto v = r_.integer(c, at, "value", true, -integer_abs_max, integer_abs_max)) {
      condition.value = *v;
    } else {
      ok = false;
    }
    if (!ok) return std::nullopt;
    return condition;
  }

  JsonReader& r_;
  Scenario& s_;
  std::map<std::string, model::AccountId> accounts_;
  std::map<std::string, std::size_t> clients_;
  std::map<std::string, std::size_t> derivers_;
};

}  // namespace

LoadResult parse_scenario(std::string_view text, const std::string& file) {
  std::vector<LoadError> errors;
  JsonReader r(file, errors);
  // Size, nesting, duplicate keys, long strings and large integers are checked while parsing.
  // After a duplicate key the loader still reads the document (with the key's last value), so
  // that the author sees every other problem too.
  const std::optional<json> parsed = parse_json(text, r);
  if (!parsed) return sim::Failure{std::move(errors)};
  const json& doc = *parsed;

  Scenario s;
  s.file = file;
  if (!r.object(doc, "", {"format_version", "title", "summary", "learning_goals", "seed", "ticks", "metrics_interval_ticks",
                          "log", "auditor", "privacy", "accounts", "network", "front_door", "dual_writes", "clients", "derivers",
                          "readers", "credit", "schedule", "script"})) {
    return sim::Failure{std::move(errors)};
  }
  Loader(r, s).read(doc);
  if (!errors.empty()) return sim::Failure{std::move(errors)};
  s.world.seed = s.seed;
  return s;
}

sim::Result<std::string, std::vector<LoadError>> read_scenario_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return sim::Failure{std::vector<LoadError>{{path, "", "cannot open the file"}}};
  std::string text;
  // Read at most one byte past the limit: enough to know the file is too large.
  text.resize(file_bytes_max + 1);
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(std::size_t(in.gcount()));
  if (in.bad()) return sim::Failure{std::vector<LoadError>{{path, "", "cannot read the file"}}};
  return text;
}

LoadResult load_scenario_file(const std::string& path) {
  auto text = read_scenario_text(path);
  if (!text) return sim::Failure{text.error()};
  return parse_scenario(text.value(), path);
}

}  // namespace io::scenario
