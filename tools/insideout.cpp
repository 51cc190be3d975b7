// insideout: the headless runner. Scenario authors check files with it, CI pins trace hashes
// with it, and the same source built to WebAssembly proves that the browser computes the same
// run as the native build. It links core/ alone.
//
//   insideout run FILE.json [--seed N] [--until TICK] [--choose STEP=CHOICE]... [--trace OUT.jsonl]
//   insideout run FILE.json --link FRAGMENT [--until TICK] ...   the moment a share link shows
//                           [--metrics OUT.jsonl] [--json]
//   insideout validate FILE.json
//   insideout bench [--json] [--quick] [--scenario FILE] [--events N]

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench.h"
#include "model/metric_fields.h"
#include "model/trace_kind.h"
#include "scenario/load.h"
#include "scenario/session.h"
#include "scenario/share_link.h"
#include "scenario/timeline.h"

namespace {

using io::scenario::Scenario;

constexpr int exit_usage = 2;  // bad flags, unreadable or invalid input
constexpr int exit_expectation_failed = 1;  // the run completed, but a script expectation did not hold
// Trace entries kept for --trace: generous for any teaching scenario, bounded for a runaway one.
constexpr std::size_t trace_file_entries_max = 20'000'000;

const char* const usage =
    "usage: insideout run FILE.json [--seed N] [--until TICK] [--choose STEP=CHOICE]... [--trace OUT.jsonl]\n"
    "       insideout run FILE.json --link FRAGMENT [--until TICK] [--trace OUT.jsonl]   (a browser's share link)\n"
    "                        [--metrics OUT.jsonl] [--json]\n"
    "       (STEP is a script step's id or its number from 1, CHOICE an ethics choice's number from 1;\n"
    "        the exit status is 1 if an expectation of the script failed)\n"
    "       insideout validate FILE.json\n"
    "       insideout bench [--json] [--quick] [--scenario FILE] [--events N]\n";

int fail(const std::string& message) {
  std::fprintf(stderr, "insideout: %s\n", message.c_str());
  return exit_usage;
}

std::optional<std::uint64_t> parse_u64(const char* text) {
  if (text == nullptr || *text == '\0') return std::nullopt;
  std::uint64_t v = 0;
  for (const char* p = text; *p; ++p) {
    if (*p < '0' || *p > '9') return std::nullopt;
    const std::uint64_t digit = std::uint64_t(*p - '0');
    if (v > (UINT64_MAX - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  return v;
}

std::string hex16(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
  return buf;
}

std::optional<Scenario> load_or_report(const std::string& path) {
  auto loaded = io::scenario::load_scenario_file(path);
  if (!loaded.ok()) {
    for (const auto& e : loaded.error()) std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return std::nullopt;
  }
  return std::move(loaded).value();
}

// The metrics of one sample as JSON, named as scenario conditions name them (metric_fields.h);
// the deriver entries are keyed by deriver name.
nlohmann::ordered_json metrics_json(const io::model::MetricsSample& m, const io::model::World& world) {
  nlohmann::ordered_json out;
  out["tick"] = m.tick.value;
  auto put = [](nlohmann::ordered_json& into, const char* name, std::int64_t value, bool boolean) {
    if (boolean) into[name] = value != 0;
    else into[name] = value;
  };
  for (const auto& f : io::model::metric_fields()) {
    if (!f.audited || m.audited) put(out, f.name, f.get(m), f.boolean);
  }
  nlohmann::ordered_json derivers = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < m.derivers.size(); ++i) {
    nlohmann::ordered_json one;
    for (const auto& f : io::model::deriver_metric_fields()) {
      if (!f.audited || m.audited) put(one, f.name, f.get(m.derivers[i]), f.boolean);
    }
    derivers[world.derivers()[i].options().name] = one;
  }
  out["derivers"] = derivers;
  // Per credit group, keyed by group name ("credit/<group>/<field>" in conditions); only worlds
  // with a lender have any.
  if (!m.credit_groups.empty()) {
    nlohmann::ordered_json credit = nlohmann::ordered_json::object();
    const auto& groups = world.options().credit.model.groups;
    for (std::size_t g = 0; g < m.credit_groups.size() && g < groups.size(); ++g) {
      nlohmann::ordered_json one;
      for (const auto& f : io::model::credit_group_metric_fields()) one[f.name] = f.get(m.credit_groups[g]);
      credit[groups[g].name] = one;
    }
    out["credit"] = credit;
  }
  return out;
}

bool write_metrics(const std::string& path, const io::model::World& world) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return false;
  for (const auto& m : world.samples()) out << metrics_json(m, world).dump() << '\n';
  return bool(out);
}

bool write_trace(const std::string& path, const io::sim::Trace& trace) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return false;
  for (const auto& e : trace.entries()) {
    const auto info = io::model::trace_kind_info(e.kind);
    nlohmann::ordered_json line;
    line["index"] = e.index;
    line["tick"] = e.tick.value;
    line["kind"] = info.name;
    line[info.subject] = e.subject;
    line[info.a] = e.a;
    line[info.b] = e.b;
    out << line.dump() << '\n';
  }
  return bool(out);
}

// A script step named by its id, or by its number from 1; it must ask an ethics question.
std::optional<std::size_t> find_step(const io::scenario::Script& script, const std::string& name) {
  for (std::size_t i = 0; i < script.steps.size(); ++i) {
    const bool named = script.steps[i].id == name || std::to_string(i + 1) == name;
    if (named && script.steps[i].ethics) return i;
  }
  return std::nullopt;
}

nlohmann::ordered_json expect_json(const std::vector<io::scenario::Condition>& conditions,
                                   const std::vector<io::scenario::ExpectResult>& results) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < results.size(); ++i) {
    out.push_back({{"check", conditions[i].text()}, {"found", results[i].found}, {"held", results[i].held}});
  }
  return out;
}

// What the script did: each step reached, its checks, its prediction's answer, the choice taken.
nlohmann::ordered_json script_json(const io::scenario::Session& session) {
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  const auto& script = session.script();
  for (std::size_t i = 0; i < script.steps.size(); ++i) {
    const auto& step = script.steps[i];
    nlohmann::ordered_json one;
    one["step"] = i + 1;
    if (!step.id.empty()) one["id"] = step.id;
    one["reached"] = i < session.progress().size();
    if (i >= session.progress().size()) {
      steps.push_back(one);
      continue;
    }
    const auto& p = session.progress()[i];
    one["tick"] = p.reached.value;
    one["expect"] = expect_json(step.expect, p.expect);
    if (p.commands_refused > 0) one["commands_refused"] = p.commands_refused;
    if (step.prediction && p.prediction_resolved) {
      nlohmann::ordered_json right = nlohmann::ordered_json::array();
      for (std::size_t c = 0; c < p.prediction_right.size(); ++c) {
        if (p.prediction_right[c]) right.push_back(c + 1);
      }
      one["prediction_right"] = right;
    }
    if (step.ethics && p.ethics_choice >= 0) {
      one["ethics_choice"] = p.ethics_choice + 1;
      const auto& conditions = step.ethics->choices[std::size_t(p.ethics_choice)].expect;
      if (p.choice_checked) one["choice_expect"] = expect_json(conditions, p.choice_expect);
      if (p.choice_commands_refused > 0) one["choice_commands_refused"] = p.choice_commands_refused;
    }
    steps.push_back(one);
  }
  return steps;
}

void print_script(const io::scenario::Session& session) {
  const auto& script = session.script();
  if (script.steps.empty()) return;
  std::printf("  script: %zu of %zu steps reached\n", session.progress().size(), script.steps.size());
  for (std::size_t i = 0; i < session.progress().size(); ++i) {
    const auto& step = script.steps[i];
    const auto& p = session.progress()[i];
    std::printf("    %zu. tick %" PRIu64 "  %s\n", i + 1, p.reached.value,
                step.title.empty() ? step.id.c_str() : step.title.c_str());
    for (std::size_t e = 0; e < p.expect.size(); ++e) {
      std::printf("       %s %s (found %" PRId64 ")\n", p.expect[e].held ? "ok  " : "FAIL", step.expect[e].text().c_str(),
                  p.expect[e].found);
    }
    if (step.prediction && p.prediction_resolved) {
      for (std::size_t c = 0; c < p.prediction_right.size(); ++c) {
        if (p.prediction_right[c]) std::printf("       prediction answer: %s\n", step.prediction->choices[c].text.c_str());
      }
    }
    if (step.ethics && p.ethics_choice >= 0) {
      const auto& choice = step.ethics->choices[std::size_t(p.ethics_choice)];
      std::printf("       ethics choice: %s\n", choice.text.c_str());
      for (std::size_t e = 0; e < p.choice_expect.size(); ++e) {
        std::printf("       %s %s (found %" PRId64 ")\n", p.choice_expect[e].held ? "ok  " : "FAIL",
                    choice.expect[e].text().c_str(), p.choice_expect[e].found);
      }
    }
  }
}

int command_run(int argc, char** argv) {
  std::string file;
  std::optional<std::uint64_t> seed, until;
  std::string trace_path, metrics_path;
  bool json = false;
  std::vector<std::pair<std::string, std::string>> chosen;  // --choose STEP=CHOICE, as written
  std::optional<io::scenario::ShareLink> link;               // --link: the browser's commands and tick
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* flag) -> const char* {
      if (i + 1 >= argc) return nullptr;
      (void)flag;
      return argv[++i];
    };
    if (arg == "--seed") {
      seed = parse_u64(value("--seed"));
      if (!seed) return fail("--seed needs a non-negative integer");
    } else if (arg == "--until") {
      until = parse_u64(value("--until"));
      if (!until || *until > Scenario::ticks_max) return fail("--until needs a tick from 0 to " + std::to_string(Scenario::ticks_max));
    } else if (arg == "--trace") {
      const char* p = value("--trace");
      if (p == nullptr) return fail("--trace needs a file name");
      trace_path = p;
    } else if (arg == "--metrics") {
      const char* p = value("--metrics");
      if (p == nullptr) return fail("--metrics needs a file name");
      metrics_path = p;
    } else if (arg == "--choose") {
      const char* p = value("--choose");
      if (p == nullptr || std::strchr(p, '=') == nullptr) return fail("--choose needs STEP=CHOICE");
      chosen.emplace_back(std::string(p, std::strchr(p, '=')), std::string(std::strchr(p, '=') + 1));
    } else if (arg == "--link") {
      const char* p = value("--link");
      if (p == nullptr) return fail("--link needs a share link (the part of the URL after '#', or all of it)");
      std::string_view fragment = p;
      if (const std::size_t hash = fragment.find('#'); hash != std::string_view::npos) fragment.remove_prefix(hash + 1);
      auto decoded = io::scenario::decode_share_link(fragment);
      if (!decoded) return fail("--link: " + decoded.error());
      link = std::move(decoded).value();
    } else if (arg == "--json") {
      json = true;
    } else if (!arg.empty() && arg[0] == '-') {
      return fail("unknown flag " + arg + "\n" + usage);
    } else if (file.empty()) {
      file = arg;
    } else {
      return fail("unexpected argument " + arg);
    }
  }
  if (file.empty()) return fail(std::string("run needs a scenario file\n") + usage);
  auto scenario = load_or_report(file);
  if (!scenario) return exit_usage;

  if (link) {
    // A link replays the learner's own commands, lesson choices included, with its own seed.
    if (seed || !chosen.empty()) return fail("--link carries its own seed and choices: --seed and --choose do not go with it");
    const std::string name = std::filesystem::path(file).filename().string();
    if (name != link->scenario) return fail("--link is a link to " + link->scenario + ", not to " + name);
  }
  const std::uint64_t run_seed = link ? link->seed : seed.value_or(scenario->seed);
  io::scenario::SessionOptions options;
  options.trace_entries_max = trace_path.empty() ? 0 : trace_file_entries_max;
  for (const auto& [step_name, choice_name] : chosen) {
    const auto step = find_step(scenario->script, step_name);
    if (!step) return fail("--choose: no script step \"" + step_name + "\" with an ethics question");
    const auto choice = parse_u64(choice_name.c_str());
    const std::size_t choices = scenario->script.steps[*step].ethics->choices.size();
    if (!choice || *choice < 1 || *choice > choices) {
      return fail("--choose: step \"" + step_name + "\" has choices 1 to " + std::to_string(choices));
    }
    options.choices.emplace_back(*step, std::uint32_t(*choice - 1));
  }
  // With a link, the run is the app's: a timeline that holds at lesson steps until the link's own
  // commands continue them, moved to the link's tick (or on to --until, replaying what it recorded).
  std::optional<io::scenario::Timeline> timeline;
  std::optional<io::scenario::Session> straight;
  if (link) {
    options.hold_at_steps = true;
    timeline.emplace(io::scenario::Session(*scenario, run_seed, options));
    if (const auto why = io::scenario::replay_share_link(*timeline, *link)) return fail("--link: " + *why);
    if (until) {
      if (io::sim::Tick{*until} < link->tick) return fail("--until is before the link's tick " + std::to_string(link->tick.value));
      timeline->advance_to(io::sim::Tick{*until});
    }
  } else {
    straight.emplace(*scenario, run_seed, options);
    straight->advance_to(io::sim::Tick{until.value_or(scenario->ticks)});
  }
  const io::scenario::Session& session = timeline ? timeline->session() : *straight;
  const auto& world = session.world();

  if (!trace_path.empty()) {
    if (world.trace().truncated()) return fail("the trace has more than " + std::to_string(trace_file_entries_max) + " entries; use --until");
    if (!write_trace(trace_path, world.trace())) return fail("cannot write " + trace_path);
  }
  if (!metrics_path.empty() && !write_metrics(metrics_path, world)) return fail("cannot write " + metrics_path);
  const io::model::MetricsSample final_metrics = world.sample(true);
  if (json) {
    nlohmann::ordered_json out;
    out["scenario"] = file;
    out["title"] = scenario->title;
    out["seed"] = run_seed;
    out["trace_hash"] = hex16(world.trace().hash());
    out["ticks"] = world.now().value;
    out["events"] = world.events_processed();
    out["trace_entries"] = world.trace().count();
    out["log_end_offset"] = world.log().end_offset().value;
    out["disk_bytes"] = world.log().disk().size_bytes();
    out["refused_commands"] = session.refused_commands();
    out["script"] = script_json(session);
    out["expectations_met"] = session.expectations_met();
    const nlohmann::ordered_json metrics = metrics_json(final_metrics, world);
    for (auto it = metrics.begin(); it != metrics.end(); ++it) {
      if (it.key() != "tick" && it.key() != "log_end_offset") out[it.key()] = it.value();
    }
    std::printf("%s\n", out.dump().c_str());
  } else {
    std::printf("%s (seed %" PRIu64 ")\n", scenario->title.c_str(), run_seed);
    std::printf("  ticks %" PRIu64 ", events %" PRIu64 ", log end offset %" PRIu64 "\n", world.now().value,
                world.events_processed(), world.log().end_offset().value);
    std::printf("  requests %" PRIu64 " sent, %" PRIu64 " retries, %" PRIu64 " accepted, %" PRIu64
                " duplicates absorbed, %" PRIu64 " duplicate effects\n",
                final_metrics.requests_sent, final_metrics.retries_sent, final_metrics.requests_accepted,
                final_metrics.duplicates_absorbed, final_metrics.duplicate_effects);
    std::printf("  views match the log: %s; money conserved: %s\n", final_metrics.views_match_log ? "yes" : "NO",
                final_metrics.money_conserved ? "yes" : "NO");
    std::printf("  trace hash %s\n", hex16(world.trace().hash()).c_str());
    print_script(session);
  }
  return session.expectations_met() ? 0 : exit_expectation_failed;
}

int command_validate(int argc, char** argv) {
  if (argc != 1) return fail(std::string("validate needs exactly one scenario file\n") + usage);
  auto scenario = load_or_report(argv[0]);
  if (!scenario) return exit_usage;
  std::printf("%s: valid (\"%s\", %zu clients, %" PRIu64 " ticks)\n", argv[0], scenario->title.c_str(),
              scenario->world.clients.size(), scenario->ticks);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return fail(std::string("missing command\n") + usage);
  const std::string command = argv[1];
  if (command == "run") return command_run(argc - 2, argv + 2);
  if (command == "validate") return command_validate(argc - 2, argv + 2);
  if (command == "bench") return command_bench(argc - 2, argv + 2);
  if (command == "--help" || command == "-h" || command == "help") {
    std::printf("%s", usage);
    return 0;
  }
  return fail("unknown command " + command + "\n" + usage);
}
