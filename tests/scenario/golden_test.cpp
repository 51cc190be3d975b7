// Golden runs of the shipped course. Every scripted scenario runs headless to its end: every step
// is reached, every expectation holds, every prediction has exactly one right answer, and every
// ethics choice, taken in a run of its own, holds its own expectations. The trace hash of the
// default run of every shipped scenario is pinned in tests/golden/trace_hashes.txt, so a change
// that alters any run is noticed and updated deliberately:
//
//   INSIDEOUT_UPDATE_GOLDEN=1 build/native/tests/insideout_tests -ts=golden
//
// rewrites that file from the current runs (then commit it, saying why the runs changed).

#include <doctest/doctest.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/load.h"
#include "scenario/session.h"

namespace {

const std::string scenario_dir = std::string(INSIDEOUT_SOURCE_DIR) + "/scenarios/";
const std::string golden_file = std::string(INSIDEOUT_SOURCE_DIR) + "/tests/golden/trace_hashes.txt";
const std::string update_variable = "INSIDEOUT_UPDATE_GOLDEN";
// The lessons of issue 5 whose point is a choice: each must offer one that changes the world.
const std::vector<std::string> ethics_lessons = {"consent_and_erasure.json", "retention_and_breach.json",
                                                 "feedback_loop.json"};

bool exists(const std::string& name) { return std::filesystem::is_regular_file(scenario_dir + name); }

// Every scenario file shipped in scenarios/, by name (schema.json and course.json sit beside them).
std::vector<std::string> shipped() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(scenario_dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || name == "schema.json" || name == "course.json") continue;
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

io::scenario::Scenario load(const std::string& name) {
  auto r = io::scenario::load_scenario_file(scenario_dir + name);
  if (!r.ok()) {
    for (const auto& e : r.error()) MESSAGE(e.to_string());
  }
  REQUIRE_MESSAGE(r.ok(), name);
  return r.value();
}

// The files course.json lists, in order.
std::vector<std::string> course() {
  std::ifstream in(scenario_dir + "course.json");
  REQUIRE_MESSAGE(in.good(), "scenarios/course.json is missing");
  const nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
  REQUIRE_MESSAGE(!doc.is_discarded(), "scenarios/course.json is not JSON");
  REQUIRE(doc.contains("course"));
  REQUIRE(doc["course"].is_array());
  std::vector<std::string> files;
  for (const auto& entry : doc["course"]) {
    REQUIRE(entry.is_object());
    REQUIRE(entry.contains("file"));
    REQUIRE(entry["file"].is_string());
    files.push_back(entry["file"].get<std::string>());
  }
  return files;
}

// The scenarios whose scripts are checked: the course's that exist, then every other scripted one.
std::vector<std::string> scripted() {
  std::vector<std::string> names;
  for (const std::string& name : course()) {
    if (exists(name)) names.push_back(name);
  }
  for (const std::string& name : shipped()) {
    if (std::find(names.begin(), names.end(), name) == names.end() && !load(name).script.steps.empty()) {
      names.push_back(name);
    }
  }
  return names;
}

std::string step_name(const io::scenario::Script& script, std::size_t i) {
  const std::string number = "step " + std::to_string(i + 1);
  return script.steps[i].id.empty() ? number : number + " (" + script.steps[i].id + ")";
}

std::string hex16(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, value);
  return text;
}

// Checks a finished run of `name`: every step reached, every check held (the step's own, and the
// chosen ethics choice's), no command refused, every prediction answered by exactly one choice.
void check_run(const std::string& name, const io::scenario::Session& session, const std::string& run) {
  const io::scenario::Script& script = session.script();
  CHECK_MESSAGE(session.finished(), name << " (" << run << ") did not run to its end");
  CHECK_MESSAGE(session.steps_reached() == script.steps.size(),
                name << " (" << run << "): " << session.steps_reached() << " of " << script.steps.size()
                     << " steps reached; the first not reached is "
                     << (session.steps_reached() < script.steps.size() ? step_name(script, session.steps_reached()) : ""));
  for (std::size_t i = 0; i < session.progress().size(); ++i) {
    const io::scenario::ScriptStep& step = script.steps[i];
    const io::scenario::StepProgress& p = session.progress()[i];
    const std::string where = name + " (" + run + "), " + step_name(script, i) + " at tick " + std::to_string(p.reached.value);
    for (std::size_t e = 0; e < p.expect.size(); ++e) {
      CHECK_MESSAGE(p.expect[e].held, where << ": expected " << step.expect[e].text() << ", found " << p.expect[e].found);
    }
    CHECK_MESSAGE(p.commands_refused == 0, where << ": " << p.commands_refused << " of its commands were refused");
    if (step.prediction) {
      CHECK_MESSAGE(p.prediction_resolved, where << ": the prediction was never answered");
      const auto right = std::count(p.prediction_right.begin(), p.prediction_right.end(), true);
      std::string answers;
      for (std::size_t c = 0; c < p.prediction_right.size(); ++c) {
        if (p.prediction_right[c]) answers += " \"" + step.prediction->choices[c].text + "\"";
      }
      CHECK_MESSAGE(right == 1, where << ": the prediction \"" << step.prediction->question << "\" has " << right
                                      << " right answers (exactly one must be):" << answers);
    }
    if (step.ethics) {
      REQUIRE_MESSAGE(p.ethics_choice >= 0, where << ": no ethics choice was taken");
      const io::scenario::EthicsChoice& choice = step.ethics->choices[std::size_t(p.ethics_choice)];
      CHECK_MESSAGE(p.choice_checked, where << ": the choice's checks were never looked at");
      for (std::size_t e = 0; e < p.choice_expect.size(); ++e) {
        CHECK_MESSAGE(p.choice_expect[e].held, where << ", choice \"" << choice.text << "\": expected "
                                                     << choice.expect[e].text() << ", found " << p.choice_expect[e].found);
      }
      CHECK_MESSAGE(p.choice_commands_refused == 0,
                    where << ", choice \"" << choice.text << "\": " << p.choice_commands_refused << " commands refused");
    }
  }
}

}  // namespace

TEST_SUITE("golden") {

TEST_CASE("golden: every scripted scenario runs headless to its end, every expectation holding") {
  const auto names = scripted();
  CHECK(names.size() >= 10);
  for (const std::string& name : names) {
    const std::string reproduce = "insideout run scenarios/" + name;
    CAPTURE(reproduce);
    io::scenario::Scenario scenario = load(name);
    const std::uint64_t seed = scenario.seed;
    io::scenario::Session session(std::move(scenario), seed);
    session.run_to_end();
    check_run(name, session, "default choices");
    CHECK(session.expectations_met());
  }
}

TEST_CASE("golden: every ethics choice, taken in a run of its own, holds its own expectations") {
  // Step expectations after a prompt hold whichever choice was taken (a learner who chose
  // differently must not see a failed check), and predictions still have exactly one answer.
  int prompts = 0;
  for (const std::string& name : scripted()) {
    const io::scenario::Scenario scenario = load(name);
    for (std::size_t step = 0; step < scenario.script.steps.size(); ++step) {
      const auto& ethics = scenario.script.steps[step].ethics;
      if (!ethics) continue;
      ++prompts;
      for (std::uint32_t choice = 0; choice < ethics->choices.size(); ++choice) {
        const std::string run = step_name(scenario.script, step) + " choice " + std::to_string(choice + 1) + " \"" +
                                ethics->choices[choice].text + "\"";
        const std::string reproduce = "insideout run scenarios/" + name + " --choose " + std::to_string(step + 1) + "=" +
                                      std::to_string(choice + 1);
        CAPTURE(reproduce);
        io::scenario::SessionOptions options;
        options.choices.emplace_back(step, choice);
        io::scenario::Session session(scenario, scenario.seed, options);
        session.run_to_end();
        REQUIRE(session.steps_reached() > step);
        CHECK(session.progress()[step].ethics_choice == int(choice));
        check_run(name, session, run);
        CHECK(session.expectations_met());
      }
    }
  }
  CHECK(prompts >= 1);
}

TEST_CASE("golden: the trace hash of every shipped scenario's default run is pinned") {
  // file -> (seed, hash), as pinned.
  std::map<std::string, std::pair<std::string, std::string>> pinned;
  {
    std::ifstream in(golden_file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream fields(line);
      std::string file, seed, hash;
      fields >> file >> seed >> hash;
      pinned[file] = {seed, hash};
    }
  }
  std::ostringstream now;
  now << "# The trace hash of each shipped scenario's default run (its own seed, default ethics choices).\n"
         "# A change here must be deliberate: rewrite with INSIDEOUT_UPDATE_GOLDEN=1 (tests/scenario/golden_test.cpp)\n"
         "# and say in the commit why the runs changed. Columns: file seed hash.\n";
  std::set<std::string> seen;
  const char* update_value = std::getenv(update_variable.c_str());
  const bool update = update_value != nullptr && std::string(update_value) == "1";
  for (const std::string& name : shipped()) {
    io::scenario::Scenario scenario = load(name);
    const std::uint64_t seed = scenario.seed;
    io::scenario::Session session(std::move(scenario), seed);
    session.run_to_end();
    const std::string hash = hex16(session.world().trace().hash());
    now << name << ' ' << seed << ' ' << hash << '\n';
    seen.insert(name);
    if (update) continue;
    const auto it = pinned.find(name);
    CHECK_MESSAGE(it != pinned.end(), name << " (seed " << seed << ", hash " << hash << ") has no pinned trace hash in "
                                           << golden_file << "; if it is new, run with " << update_variable
                                           << "=1 to add it");
    if (it == pinned.end()) continue;
    CHECK_MESSAGE((it->second.first == std::to_string(seed) && it->second.second == hash),
                  name << ": the default run's trace hash is now " << hash << " (seed " << seed << "), pinned "
                       << it->second.second << " (seed " << it->second.first
                       << "). If the change is deliberate (a model or scenario change that alters the run), rerun with "
                       << update_variable << "=1 to rewrite " << golden_file << " and say why in the commit.");
  }
  if (update) {
    std::ofstream out(golden_file, std::ios::trunc);
    out << now.str();
    REQUIRE_MESSAGE(out.good(), "could not write " << golden_file);
    MESSAGE("rewrote " << golden_file << " (" << seen.size() << " scenarios)");
    return;
  }
  for (const auto& [file, values] : pinned) {
    CHECK_MESSAGE(seen.contains(file), golden_file << " pins " << file << ", which is no longer shipped; rerun with "
                                                   << update_variable << "=1 to drop it");
  }
}

TEST_CASE("golden: the course lists its lessons in order, each scripted as a lesson") {
  const auto files = course();
  CHECK(files.size() >= 10);
  std::set<std::string> unique(files.begin(), files.end());
  CHECK_MESSAGE(unique.size() == files.size(), "a file is listed twice in scenarios/course.json");
  std::size_t present = 0;
  for (const std::string& name : files) {
    CAPTURE(name);
    CHECK(name.ends_with(".json"));
    CHECK(name.find('/') == std::string::npos);
    if (!exists(name)) continue;
    ++present;
    const io::scenario::Scenario s = load(name);
    CHECK_MESSAGE(!s.learning_goals.empty(), name << " has no learning goals");
    CHECK_MESSAGE(s.script.steps.size() >= 5, name << " has " << s.script.steps.size() << " script steps (a lesson has 5 to 15)");
    CHECK_MESSAGE(s.script.steps.size() <= 15, name << " has " << s.script.steps.size() << " script steps (a lesson has 5 to 15)");
    const auto predictions = std::count_if(s.script.steps.begin(), s.script.steps.end(),
                                           [](const auto& step) { return step.prediction.has_value(); });
    CHECK_MESSAGE(predictions >= 1, name << " asks no prediction");
  }
  // The three lessons on ethics each ask at least one question whose answer changes the world.
  bool all_ethics_present = true;
  for (const std::string& name : ethics_lessons) {
    CAPTURE(name);
    CHECK_MESSAGE(unique.contains(name), name << " is missing from scenarios/course.json");
    if (!exists(name)) {
      all_ethics_present = false;
      continue;
    }
    const io::scenario::Scenario s = load(name);
    const bool acts = std::any_of(s.script.steps.begin(), s.script.steps.end(), [](const auto& step) {
      return step.ethics && std::any_of(step.ethics->choices.begin(), step.ethics->choices.end(),
                                        [](const auto& choice) { return !choice.commands.empty(); });
    });
    CHECK_MESSAGE(acts, name << " has no ethics prompt with a choice that applies commands");
  }
  if (all_ethics_present) CHECK_MESSAGE(present >= 12, "the course lists only " << present << " existing scenarios");
}

}  // TEST_SUITE
