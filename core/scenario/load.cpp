// The scenario loader: the only code in core/ that knows JSON. It turns a file into a Scenario or
// into a list of LoadErrors, and never into anything in between.

#include "scenario/load.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "model/event_log.h"
#include "scenario/json_reader.h"
#include "sim/assert.h"

namespace io::scenario {

using nlohmann::json;

std::string LoadError::to_string() const {
  std::string out = file + ": ";
  if (!pointer.empty()) out += "at " + pointer + ": ";
  return out + message;
}

namespace {

// Deeper nesting than this is never a scenario, only a mistake or an attack on the parser.
constexpr int nesting_max = 64;
constexpr std::int64_t interval_ticks_limit = 1'000'000;
constexpr std::int64_t requests_limit = 1'000'000'000;

void read_clients(JsonReader& r, const json& doc, Scenario& s) {
  const json* clients = r.array(doc, "", "clients", true, model::WorldOptions::clients_max);
  if (clients == nullptr) return;
  if (clients->empty()) r.error("/clients", "expected at least one client");
  std::map<std::string, std::size_t> seen;  // name -> index, for duplicate detection
  for (std::size_t i = 0; i < clients->size(); ++i) {
    const json& c = (*clients)[i];
    const std::string at = JsonReader::child("/clients", i);
    if (!r.object(c, at, {"name", "accounts", "interval_ticks", "start_tick", "requests_max", "amount_cents"})) continue;
    model::ClientOptions options;
    if (auto name = r.string(c, at, "name", true, 1)) {
      if (auto [it, fresh] = seen.emplace(*name, i); !fresh) {
        r.error(at + "/name", "client name \"" + *name + "\" is already used by /clients/" + std::to_string(it->second));
      }
      options.name = *name;
    }
    if (const json* accounts = r.array(c, at, "accounts", true, model::ClientOptions::accounts_max)) {
      if (accounts->empty()) r.error(at + "/accounts", "expected at least one account");
      for (std::size_t k = 0; k < accounts->size(); ++k) {
        const std::string where = JsonReader::child(at + "/accounts", k);
        auto account = r.string_value((*accounts)[k], where, 1);
        if (account && account->size() > model::EventLog::key_bytes_max) {
          r.error(where, "expected an account name of at most " + std::to_string(model::EventLog::key_bytes_max) +
                             " bytes, found " + std::to_string(account->size()) + " bytes");
        } else if (account) {
          options.accounts.push_back(*account);
        }
      }
    }
    if (auto v = r.range(c, at, "interval_ticks", false, 1, interval_ticks_limit)) {
      options.interval_ticks_min = std::uint64_t(v->first);
      options.interval_ticks_max = std::uint64_t(v->second);
    }
    if (auto v = r.integer(c, at, "start_tick", false, 0, std::int64_t(Scenario::ticks_max))) options.start_tick = std::uint64_t(*v);
    if (auto v = r.integer(c, at, "requests_max", false, 0, requests_limit)) options.requests_max = std::uint64_t(*v);
    if (auto v = r.range(c, at, "amount_cents", false, 1, std::int64_t(model::ClientOptions::amount_cents_limit))) {
      options.amount_cents_min = std::uint64_t(v->first);
      options.amount_cents_max = std::uint64_t(v->second);
    }
    s.world.clients.push_back(std::move(options));
  }
}

void read_log(JsonReader& r, const json& doc, Scenario& s) {
  const auto it = doc.find("log");
  if (it == doc.end()) return;
  if (!r.object(*it, "/log", {"block_size_bytes"})) return;
  if (auto v = r.integer(*it, "/log", "block_size_bytes", false, 64, model::Disk::chunk_bytes)) {
    // Blocks tile the disk's chunks exactly, so the size must be a power of two.
    if ((*v & (*v - 1)) != 0) {
      r.error("/log/block_size_bytes", "expected a power of two from 64 to " + std::to_string(model::Disk::chunk_bytes) +
                                           ", found the integer " + std::to_string(*v));
    } else {
      s.world.log.disk.block_size_bytes = std::uint32_t(*v);
    }
  }
}

void read_schedule(JsonReader& r, const json& doc, Scenario& s) {
  const json* schedule = r.array(doc, "", "schedule", false, Scenario::schedule_max);
  if (schedule == nullptr) return;
  for (std::size_t i = 0; i < schedule->size(); ++i) {
    const json& e = (*schedule)[i];
    const std::string at = JsonReader::child("/schedule", i);
    if (!r.object(e, at, {"tick", "action", "client", "offset", "bit"})) continue;
    model::Command command;
    const auto tick = r.integer(e, at, "tick", true, 0, std::int64_t(Scenario::ticks_max));
    const auto action = r.string(e, at, "action", true);
    if (tick) command.at = sim::Tick{std::uint64_t(*tick)};
    if (!action) continue;
    if (*action == "client_send_now") {
      command.kind = model::CommandKind::client_send_now;
      if (auto name = r.string(e, at, "client", true)) {
        const auto& clients = s.world.clients;
        const auto found = std::find_if(clients.begin(), clients.end(), [&](const auto& c) { return c.name == *name; });
        if (found == clients.end()) {
          r.error(at + "/client", "no client named \"" + *name + "\" in /clients");
        } else {
          command.target = std::uint64_t(found - clients.begin());
        }
      }
    } else if (*action == "corrupt_record") {
      command.kind = model::CommandKind::corrupt_record;
      if (auto v = r.integer(e, at, "offset", true, 0, std::int64_t(model::EventLog::records_max) - 1)) command.target = std::uint64_t(*v);
      if (auto v = r.integer(e, at, "bit", false, 0, std::int64_t(1) << 20)) command.argument = std::uint64_t(*v);
    } else {
      r.error(at + "/action", "expected one of \"client_send_now\", \"corrupt_record\", found " + JsonReader::describe(e["action"]));
      continue;
    }
    if (tick) s.schedule.push_back(command);
  }
  // Commands run in tick order; authors may list them in any order, ties keep the file's order.
  std::stable_sort(s.schedule.begin(), s.schedule.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
}

}  // namespace

LoadResult parse_scenario(std::string_view text, const std::string& file) {
  std::vector<LoadError> errors;
  JsonReader r(file, errors);
  if (text.size() > file_bytes_max) {
    r.error("", "file is " + std::to_string(text.size()) + " bytes; the limit is " + std::to_string(file_bytes_max));
    return sim::Failure{std::move(errors)};
  }
  bool too_deep = false;
  json doc;
  try {
    doc = json::parse(text.begin(), text.end(), [&](int depth, json::parse_event_t, json&) {
      if (depth > nesting_max) too_deep = true;
      return !too_deep;
    });
  } catch (const json::parse_error& e) {
    // nlohmann's message already says "at line L, column C"; drop its "[json.exception...]" prefix.
    std::string what = e.what();
    if (const auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    r.error("", "not valid JSON: " + what);
    return sim::Failure{std::move(errors)};
  }
  if (too_deep) {
    r.error("", "nesting deeper than " + std::to_string(nesting_max) + " levels");
    return sim::Failure{std::move(errors)};
  }

  Scenario s;
  s.file = file;
  if (!r.object(doc, "", {"format_version", "title", "summary", "learning_goals", "seed", "ticks", "log", "clients", "schedule"})) {
    return sim::Failure{std::move(errors)};
  }
  if (auto v = r.integer(doc, "", "format_version", true, 1, 1000); v && *v != format_version) {
    r.error("/format_version", "this build reads format_version " + std::to_string(format_version) + ", found " + std::to_string(*v));
  }
  if (auto v = r.string(doc, "", "title", true, 1)) s.title = *v;
  if (auto v = r.string(doc, "", "summary", false)) s.summary = *v;
  if (const json* goals = r.array(doc, "", "learning_goals", false, 32)) {
    for (std::size_t i = 0; i < goals->size(); ++i) {
      if (auto g = r.string_value((*goals)[i], JsonReader::child("/learning_goals", i), 1)) s.learning_goals.push_back(*g);
    }
  }
  if (auto v = r.integer(doc, "", "seed", false, 0, integer_abs_max)) s.seed = std::uint64_t(*v);
  if (auto v = r.integer(doc, "", "ticks", true, 1, std::int64_t(Scenario::ticks_max))) s.ticks = std::uint64_t(*v);
  read_log(r, doc, s);
  read_clients(r, doc, s);
  read_schedule(r, doc, s);

  if (!errors.empty()) return sim::Failure{std::move(errors)};
  s.world.seed = s.seed;
  return s;
}

LoadResult load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return sim::Failure{std::vector<LoadError>{{path, "", "cannot open the file"}}};
  std::string text;
  // Read at most one byte past the limit: enough to know the file is too large.
  text.resize(file_bytes_max + 1);
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(std::size_t(in.gcount()));
  if (in.bad()) return sim::Failure{std::vector<LoadError>{{path, "", "cannot read the file"}}};
  return parse_scenario(text, path);
}

}  // namespace io::scenario
