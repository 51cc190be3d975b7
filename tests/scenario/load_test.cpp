#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "scenario/json_reader.h"
#include "scenario/load.h"

using io::scenario::LoadError;
using io::scenario::parse_scenario;

namespace {

std::vector<LoadError> errors_of(const std::string& text) {
  auto r = parse_scenario(text, "bad.json");
  REQUIRE_FALSE(r.ok());
  return r.error();
}

// A valid document with `extra` spliced into its top-level object.
std::string with(const std::string& extra, const std::string& clients =
                 R"([{"name": "a", "from": ["x"], "to": ["y"]}])") {
  return R"({"format_version": 1, "title": "t", "ticks": 10, "accounts": [{"name": "x"}, {"name": "y"}], "clients": )" +
         clients + extra + "}";
}

bool has(const std::vector<LoadError>& errors, const std::string& pointer, const std::string& fragment) {
  for (const auto& e : errors) {
    if (e.pointer == pointer && e.message.find(fragment) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_SUITE("scenario") {

TEST_CASE("a minimal valid scenario loads with defaults") {
  auto r = parse_scenario(with(""), "ok.json");
  REQUIRE(r.ok());
  const auto& s = r.value();
  CHECK(s.title == "t");
  CHECK(s.ticks == 10);
  CHECK(s.seed == 1);
  REQUIRE(s.world.clients.size() == 1);
  CHECK(s.world.clients[0].from_accounts == std::vector<io::model::AccountId>{0});
  CHECK(s.world.clients[0].to_accounts == std::vector<io::model::AccountId>{1});
  CHECK(s.world.front_door.dedup == io::model::DedupMode::end_to_end);
}

TEST_CASE("invalid JSON names the file, line and column") {
  const auto e = errors_of("{\n  \"title\": \"t\",\n  oops\n}");
  REQUIRE(e.size() == 1);
  CHECK(e[0].file == "bad.json");
  CHECK(e[0].pointer.empty());
  CHECK(e[0].message.find("not valid JSON") != std::string::npos);
  CHECK(e[0].message.find("line 3") != std::string::npos);
  CHECK(e[0].to_string().rfind("bad.json: not valid JSON", 0) == 0);
}

TEST_CASE("an unknown key suggests the nearest known one") {
  const auto e = errors_of(with(R"(, "tikcs": 5)"));
  CHECK(has(e, "/tikcs", "unknown key \"tikcs\"; did you mean \"ticks\"?"));
  const auto far = errors_of(with(R"(, "zzzzzzzz": 5)"));
  CHECK(has(far, "/zzzzzzzz", "unknown key"));
  CHECK_FALSE(has(far, "/zzzzzzzz", "did you mean"));
}

TEST_CASE("wrong types and ranges say what was expected and what was found") {
  auto e = errors_of(R"({"format_version": 1, "title": "t", "ticks": "ten", "accounts": [{"name": "x"}, {"name": "y"}],
                        "clients": [{"name": "a", "from": ["x"], "to": ["y"]}]})");
  CHECK(has(e, "/ticks", "expected an integer from 1 to 100000000, found the string \"ten\""));
  e = errors_of(R"({"format_version": 1, "title": "t", "ticks": 0, "accounts": [{"name": "x"}, {"name": "y"}],
                   "clients": [{"name": "a", "from": ["x"], "to": ["y"]}]})");
  CHECK(has(e, "/ticks", "found the integer 0"));
  e = errors_of(with("", R"([{"name": "a", "from": ["x"], "to": ["y"], "interval_ticks": [9, 3]}])"));
  CHECK(has(e, "/clients/0/interval_ticks", "expected min <= max, found [9, 3]"));
  e = errors_of(with("", R"([{"name": "a", "from": ["x"], "to": ["y"], "interval_ticks": 2.5}])"));
  CHECK(has(e, "/clients/0/interval_ticks", "found the number 2.5"));
  e = errors_of(with(R"(, "seed": 9007199254740993)"));
  CHECK(has(e, "/seed", "expected an integer from -9007199254740991 to 9007199254740991 (±(2^53 - 1), what JavaScript holds exactly)"));
}

TEST_CASE("missing required keys are reported at their would-be path") {
  const auto e = errors_of(R"({"format_version": 1, "clients": [{"from": ["x"]}]})");
  CHECK(has(e, "/title", "missing required key"));
  CHECK(has(e, "/ticks", "missing required key"));
  CHECK(has(e, "/accounts", "missing required key"));
  CHECK(has(e, "/clients/0/name", "missing required key"));
  CHECK(has(e, "/clients/0/to", "missing required key"));
}

TEST_CASE("all errors are collected, not just the first") {
  const auto e = errors_of(R"({"format_version": 2, "title": 5, "ticks": -1, "accounts": [{"name": "x"}, {"name": "y"}],
    "clients": [{"name": "", "from": [], "to": ["y"]}, {"name": "b", "from": [""], "to": ["zed"], "nmae": 1}]})");
  CHECK(has(e, "/format_version", "reads format_version 1, found 2"));
  CHECK(has(e, "/title", "expected a string, found the integer 5"));
  CHECK(has(e, "/ticks", "found the integer -1"));
  CHECK(has(e, "/clients/0/name", "non-empty"));
  CHECK(has(e, "/clients/0/from", "at least one account"));
  CHECK(has(e, "/clients/1/from/0", "non-empty"));
  CHECK(has(e, "/clients/1/to/0", "no account named \"zed\" in /accounts"));
  CHECK(has(e, "/clients/1/nmae", "did you mean \"name\"?"));
  CHECK(e.size() == 8);
}

TEST_CASE("references to clients that do not exist name them") {
  const auto e = errors_of(with(R"(, "schedule": [{"tick": 1, "action": "client_send_now", "client": "zed"}])"));
  CHECK(has(e, "/schedule/0/client", "no client named \"zed\""));
  const auto dup = errors_of(with("", R"([{"name": "a", "from": ["x"], "to": ["y"]}, {"name": "a", "from": ["y"], "to": ["x"]}])"));
  CHECK(has(dup, "/clients/1/name", "already used by /clients/0"));
  const auto action = errors_of(with(R"(, "schedule": [{"tick": 1, "action": "explode"}])"));
  CHECK(has(action, "/schedule/0/action", "expected one of \"client_send_now\", \"double_submit\""));
}

TEST_CASE("limits: file size, nesting depth, block size") {
  const auto big = errors_of(std::string(io::scenario::file_bytes_max + 1, ' '));
  CHECK(has(big, "", "the limit is 1048576"));
  const auto deep = errors_of(with(R"(, "summary": )" + std::string(100, '[') + std::string(100, ']')));
  std::string deepest = "/summary";
  for (int i = 0; i < 63; ++i) deepest += "/0";
  CHECK(has(deep, deepest, "nesting deeper than 64"));
  const auto block = errors_of(with(R"(, "log": {"block_size_bytes": 500})"));
  CHECK(has(block, "/log/block_size_bytes", "power of two"));
}

TEST_CASE("JSON pointers escape ~ and / as RFC 6901 says") {
  CHECK(io::scenario::JsonReader::child("/a", "b/c~d") == "/a/b~1c~0d");
  CHECK(io::scenario::edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("a missing file is an error value") {
  auto r = io::scenario::load_scenario_file("/nonexistent/scenario.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error()[0].message == "cannot open the file");
}

TEST_CASE("every shipped scenario validates") {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(INSIDEOUT_SOURCE_DIR) + "/scenarios")) {
    // schema.json (the JSON Schema) and course.json (the course's order) sit beside the scenarios.
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || name == "schema.json" || name == "course.json") continue;
    ++checked;
    auto r = io::scenario::load_scenario_file(entry.path().string());
    if (!r.ok()) {
      for (const auto& e : r.error()) MESSAGE(e.to_string());
    }
    CHECK_MESSAGE(r.ok(), entry.path().string());
  }
  CHECK(checked >= 1);
}

}  // TEST_SUITE
