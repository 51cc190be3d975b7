// scenarios/README.md teaches how to write a lesson with a complete example. The example is also
// the file tests/scenario/readme_example.json, so this checks that the two are the same text, that
// the example validates and runs as it says (every step reached, every check held, one right
// answer, each ethics choice holding its own checks), and that every metric a condition can name
// is documented somewhere in the README.

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "model/metric_fields.h"
#include "scenario/load.h"
#include "scenario/session.h"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string readme_path = std::string(INSIDEOUT_SOURCE_DIR) + "/scenarios/README.md";
const std::string example_path = std::string(INSIDEOUT_SOURCE_DIR) + "/tests/scenario/readme_example.json";
// The README marks its example with this line, followed by a ```json block.
const std::string marker = "<!-- example: tests/scenario/readme_example.json -->";

// The first ```json block after the marker, with its final newline.
std::string readme_example() {
  const std::string readme = read(readme_path);
  const auto at = readme.find(marker);
  REQUIRE_MESSAGE(at != std::string::npos, "scenarios/README.md has no line " << marker);
  const std::string open = "```json\n";
  const auto start = readme.find(open, at);
  REQUIRE(start != std::string::npos);
  const auto end = readme.find("\n```", start + open.size());
  REQUIRE(end != std::string::npos);
  return readme.substr(start + open.size(), end + 1 - (start + open.size()));
}

}  // namespace

TEST_SUITE("scenario") {

TEST_CASE("README: the lesson example is tests/scenario/readme_example.json, word for word") {
  CHECK_MESSAGE(readme_example() == read(example_path),
                "the example under \"Writing a lesson\" in scenarios/README.md differs from "
                "tests/scenario/readme_example.json: change both");
}

TEST_CASE("README: the lesson example validates and runs as it says") {
  auto r = io::scenario::load_scenario_file(example_path);
  if (!r.ok()) {
    for (const auto& e : r.error()) MESSAGE(e.to_string());
  }
  REQUIRE(r.ok());
  const io::scenario::Scenario scenario = r.value();
  REQUIRE(scenario.script.steps.size() == 4);
  // It shows every kind of trigger, step commands, a prediction and an ethics prompt.
  using Kind = io::scenario::Trigger::Kind;
  for (Kind kind : {Kind::at_tick, Kind::after_ticks, Kind::when}) {
    CHECK(std::any_of(scenario.script.steps.begin(), scenario.script.steps.end(),
                      [&](const auto& step) { return step.trigger.kind == kind; }));
  }
  std::size_t ethics_step = 0;
  for (std::size_t i = 0; i < scenario.script.steps.size(); ++i) {
    if (scenario.script.steps[i].ethics) ethics_step = i;
  }
  REQUIRE(scenario.script.steps[ethics_step].ethics);
  for (std::uint32_t choice = 0; choice < scenario.script.steps[ethics_step].ethics->choices.size(); ++choice) {
    CAPTURE(choice);
    io::scenario::SessionOptions options;
    options.choices.emplace_back(ethics_step, choice);
    io::scenario::Session session(scenario, scenario.seed, options);
    session.run_to_end();
    REQUIRE(session.steps_reached() == scenario.script.steps.size());
    CHECK(session.expectations_met());
    for (const auto& p : session.progress()) {
      CHECK(p.commands_refused == 0);
      CHECK(p.choice_commands_refused == 0);
    }
    const auto& right = session.progress()[0].prediction_right;
    CHECK(std::count(right.begin(), right.end(), true) == 1);
  }
}

TEST_CASE("README: every metric a condition can name is documented") {
  const std::string readme = read(readme_path);
  for (const auto& f : io::model::metric_fields()) {
    CHECK_MESSAGE(readme.find("`" + std::string(f.name) + "`") != std::string::npos,
                  "scenarios/README.md does not mention the metric `" << f.name << "`");
  }
  for (const auto& f : io::model::deriver_metric_fields()) {
    CHECK_MESSAGE(readme.find("`" + std::string(f.name) + "`") != std::string::npos,
                  "scenarios/README.md does not mention the deriver metric `" << f.name << "`");
  }
}

}  // TEST_SUITE
