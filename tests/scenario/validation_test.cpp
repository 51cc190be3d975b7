// What an author sees for each class of mistake: one bad file per class under tests/scenario/bad/
// (the largest ones generated here instead), each with the exact pointer and message expected.
// The same files are checked against scenarios/schema.json by tests/schema/schema_test.mjs, so
// the loader and the schema agree on what is wrong.
#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "scenario/load.h"

using io::scenario::LoadError;
using io::scenario::parse_scenario;

namespace {

using Expected = std::vector<std::pair<std::string, std::string>>;  // (pointer, message), in order

std::string bad_path(const std::string& name) { return std::string(INSIDEOUT_SOURCE_DIR) + "/tests/scenario/bad/" + name; }

Expected actual(const std::vector<LoadError>& errors) {
  Expected out;
  for (const auto& e : errors) out.emplace_back(e.pointer, e.message);
  return out;
}

// Every file of tests/scenario/bad/ and exactly what the loader says of it, in order. A file put
// there without an entry here fails "every bad file fails exactly as listed".
const std::map<std::string, Expected>& bad_files() {
  static const std::map<std::string, Expected> files = [] {
    std::string pointer = "/learning_goals";
    for (int i = 0; i < 63; ++i) pointer += "/0";
    return std::map<std::string, Expected>{
        {"not_json.json",
         {{"", "not valid JSON: parse error at line 5, column 1: syntax error while parsing object key - unexpected '}'; "
               "expected string literal"}}},
        {"too_deep.json", {{pointer, "nesting deeper than 64 levels of objects and arrays"}}},
        {"duplicate_key.json",
         {{"/accounts/0/balance_cents", "duplicate key \"balance_cents\" at line 5, column 71 (first at line 5, column 49); "
                                        "each key may appear once in an object"},
          {"/ticks", "duplicate key \"ticks\" at line 7, column 9 (first at line 4, column 9); each key may appear once in "
                     "an object"}}},
        {"unknown_key.json",
         {{"/clients/0/intervall_ticks", "unknown key \"intervall_ticks\"; did you mean \"interval_ticks\"?"}}},
        {"wrong_type.json", {{"/ticks", "expected an integer from 1 to 100000000, found the string \"100\""}}},
        {"out_of_range.json",
         {{"/network/drop_ppm", "expected an integer from 0 to 1000000, found the integer 1500000"}}},
        {"missing_required.json", {{"/clients/0/from", "missing required key; expected an array"}}},
        {"unknown_reference.json",
         {{"/clients/0/from/0", "no account named \"dave\" in /accounts; the names there are \"alice\", \"shop\""}}},
        {"integer_too_large.json",
         {{"/seed", "expected an integer from -9007199254740991 to 9007199254740991 (±(2^53 - 1), what JavaScript holds exactly), found the integer "
                    "18014398509481984"}}},
        {"integer_with_fraction.json",
         {{"/ticks", "expected an integer from 1 to 100000000, found the number 100.0 (write integers without a fraction "
                     "or exponent: 100)"}}},
        {"name_bytes_at_limit.json",
         {{"/clients/0/name", "expected a string of at most 32 bytes of UTF-8 (it prefixes request IDs), found 33 bytes "
                              "in 32 characters"}}},
        {"text_bytes_at_limit.json",
         {{"/summary", "expected a string of at most 8192 bytes of UTF-8, found 8193 bytes in 8192 characters"}}},
        {"ack_above_replicas.json",
         {{"/log/ack_replicas", "expected at most /log/replicas (2), found 3"}}},
        {"cache_reader_without_cache.json",
         {{"/readers/0/path", "path \"cache\" reads through a cache, but no deriver in /derivers has \"view\": "
                              "\"cache\""}}},
        {"cache_without_balances.json",
         {{"/derivers/0/view", "a cache fronts the balances view, but no deriver in /derivers has \"view\": "
                               "\"balances\""}}},
        {"credit_policy_without_credit.json",
         {{"/schedule/0/action", "set_credit_policy changes the lender's policy: it needs a /credit section with "
                                 "applicants"}}},
        {"credit_without_scores.json",
         {{"/credit", "the lender reads applicants' scores from a credit_scores view, but no deriver in /derivers "
                      "has \"view\": \"credit_scores\""}}},
        {"default_choice_beyond_choices.json",
         {{"/script/0/ethics/default_choice", "expected an integer from 0 to 1, found the integer 2"}}},
        {"duplicate_name.json",
         {{"/accounts/2/name", "account name \"alice\" is already used by /accounts/0"}}},
        {"integer_beyond_safe.json",
         {{"/seed", "expected an integer from -9007199254740991 to 9007199254740991 (±(2^53 - 1), what JavaScript "
                    "holds exactly), found the integer 9007199254740993"}}},
        {"lone_surrogate.json",
         {{"", "not valid JSON: parse error at line 3, column 37: syntax error while parsing value - invalid "
               "string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: '\"Half of an "
 "emoji: \\ud83d '"}}},
        {"min_above_max.json",
         {{"/network/delay_ticks", "expected min <= max, found [6, 2]"}}},
        {"partition_ends_before_start.json",
         {{"/network/partitions/0/end_tick", "expected end_tick > start_tick (50), found 40"}}},
        {"pays_only_itself.json",
         {{"/clients/0/to", "expected an account other than \"alice\" (it is in /from)"}}},
        {"prediction_without_correct_if.json",
         {{"/script/0/prediction/choices/0/correct_if", "missing required key; expected a condition (under which "
                                                        "this answer is right)"}}},
        {"random_fault_replicas_above_replicas.json",
         {{"/log/random_fault_replicas", "expected at most /log/replicas (1), found 2"}}},
        {"reader_without_view.json",
         {{"/readers/0/path", "path \"view\" reads the balances view, but no deriver in /derivers has \"view\": "
                              "\"balances\""}}},
        {"rename_without_names.json",
         {{"/clients/0/names", "expected names to rename to, since rename_ppm > 0"}}},
        {"replica_beyond_replicas.json",
         {{"/schedule/0/replica", "expected a replica below /log/replicas (1), found 1"}}},
        {"replica_faults_per_replica.json",
         {{"/log/replica_faults", "expected one entry per replica (2), found 1"}}},
        {"retention_without_shredding.json",
         {{"/privacy/retention_ticks", "retention works by destroying keys: it needs \"crypto_shredding\": true"}}},
        {"scores_without_credit.json",
         {{"/derivers/0/view", "a credit_scores view scores the applicants of /credit, but there is no /credit"}}},
        {"sealed_backups_without_shredding.json",
         {{"/privacy/backups_sealed", "a sealed backup is sealed with the subjects' keys: it needs "
                                      "\"crypto_shredding\": true"}}},
        {"set_retention_without_shredding.json",
         {{"/script/0/commands/0/action", "set_retention works by destroying keys: it needs \"crypto_shredding\": "
                                          "true in /privacy"}}},
        {"unknown_metric.json",
         {{"/script/0/expect/0/metric", "no metric named \"duplicates_absorbd\"; did you mean "
                                        "\"duplicates_absorbed\"?"}}},
        {"key_unused_by_action.json",
         {{"/schedule/0/offset", "action \"audit\" does not use \"offset\"; it takes no other keys"}}},
        {"wrong_format_version.json", {{"/format_version", "this build reads format_version 1, found 2"}}},
        {"several_errors.json",
         {
             {"/title", "expected a non-empty string"},
             {"/ticks", "expected an integer from 1 to 100000000, found the integer 0"},
             {"/accounts/1/balance_cents", "expected an integer from 0 to 100000000000, found the integer -5"},
             {"/front_door/dedup", "expected one of \"none\", \"per_connection\", \"end_to_end\", found the string "
                                   "\"exactly_once\""},
             {"/clients/0/to/0", "no account named \"shopp\" in /accounts; did you mean \"shop\"?"},
             {"/clients/0/interval_ticks", "expected min <= max, found [80, 40]"},
             {"/derivers/0/apply", "expected one of \"idempotent\", \"naive\", found the string \"naïve\"; did you "
                                   "mean \"naive\"?"},
             {"/schedule/0/deriver", "no deriver named \"balance\" in /derivers; did you mean \"balances\"?"},
         }},
    };
  }();
  return files;
}

// Loads a bad file and checks that it fails exactly as bad_files() says, every error naming the file.
void check_file(const std::string& name) {
  CAPTURE(name);
  const auto expected = bad_files().find(name);
  REQUIRE(expected != bad_files().end());
  const std::string path = bad_path(name);
  const auto r = io::scenario::load_scenario_file(path);
  REQUIRE_FALSE(r.ok());
  for (const auto& e : r.error()) CHECK(e.file == path);
  CHECK(actual(r.error()) == expected->second);
}

Expected errors_of(const std::string& text) {
  const auto r = parse_scenario(text, "generated.json");
  if (r.ok()) return {};
  return actual(r.error());
}

// A valid scenario with `extra` spliced into its top-level object.
std::string scenario_with(const std::string& extra) {
  return R"({"format_version": 1, "title": "t", "ticks": 10, "accounts": [{"name": "alice"}, {"name": "shop"}],
             "clients": [{"name": "a", "from": ["alice"], "to": ["shop"]}])" +
         extra + "}";
}

const std::string bytes_8192 = std::to_string(io::scenario::string_bytes_max);

}  // namespace

namespace doctest {
template <>
struct StringMaker<Expected> {
  static String convert(const Expected& errors) {
    std::string out;
    for (const auto& [pointer, message] : errors) out += "\n  {\"" + pointer + "\", \"" + message + "\"}";
    return (out + "\n").c_str();
  }
};
}  // namespace doctest

TEST_SUITE("scenario") {

TEST_CASE("validation: every bad file fails exactly as listed, and every listed one is there") {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(bad_path(""))) {
    ++files;
    check_file(entry.path().filename().string());
  }
  CHECK(files == bad_files().size());
}

TEST_CASE("validation: a file that is not JSON names the line and column") {
  check_file("not_json.json");
}

TEST_CASE("validation: nesting deeper than 64 levels stops the parse where it happens") {
  check_file("too_deep.json");
  // 64 levels (the document being the first) is the limit, not an error.
  const std::string ok = scenario_with(R"(, "summary": )" + std::string(63, '[') + std::string(63, ']'));
  CHECK(errors_of(ok) == Expected{{"/summary", "expected a string, found an array"}});
  const std::string deep = scenario_with(R"(, "summary": )" + std::string(64, '[') + std::string(64, ']'));
  CHECK(errors_of(deep).size() == 1);
  CHECK(errors_of(deep)[0].second == "nesting deeper than 64 levels of objects and arrays");
}

TEST_CASE("validation: a file over 1 MiB is refused before parsing") {
  std::string text = scenario_with("");
  text.resize(io::scenario::file_bytes_max, ' ');  // whitespace after the document is still JSON
  CHECK(errors_of(text).empty());
  text += ' ';
  CHECK(errors_of(text) == Expected{{"", "file is 1048577 bytes; the limit is 1048576"}});
  // The file reader reads one byte past the limit, enough to know, and says the same.
  const std::string path =
      (std::filesystem::temp_directory_path() / ("insideout_too_large_" + std::to_string(::getpid()) + ".json")).string();
  std::ofstream(path, std::ios::binary) << text << std::string(4096, ' ');
  const auto r = io::scenario::load_scenario_file(path);
  REQUIRE_FALSE(r.ok());
  std::filesystem::remove(path);
  CHECK(actual(r.error()) == Expected{{"", "file is 1048577 bytes; the limit is 1048576"}});
}

TEST_CASE("validation: every duplicate key is reported where it is, with both positions") {
  check_file("duplicate_key.json");
  // Array indices count containers and values alike; keys are escaped as RFC 6901 says; a third
  // copy is reported against the first; the document's other errors are still reported.
  const auto e = errors_of(scenario_with(
      "\n, \"zz\": [[1, {\"a\": 1}], [\"s\", {\"a\": 1, \"a/b\": 2, \"a/b\": 3, \"a/b\": 4}]], \"ticks\": \"x\""));
  CHECK(e == Expected{
                 {"/zz/1/1/a~1b", "duplicate key \"a/b\" at line 3, column 54 (first at line 3, column 44); each key may "
                                  "appear once in an object"},
                 {"/zz/1/1/a~1b", "duplicate key \"a/b\" at line 3, column 64 (first at line 3, column 44); each key may "
                                  "appear once in an object"},
                 {"/ticks", "duplicate key \"ticks\" at line 3, column 79 (first at line 1, column 43); each key may appear "
                            "once in an object"},
                 {"/zz", "unknown key \"zz\""},
                 {"/ticks", "expected an integer from 1 to 100000000, found the string \"x\""},
             });
  // The same key in different objects is no duplicate.
  CHECK(errors_of(scenario_with(R"(, "log": {"faults": {"bit_rot_ppm": 1}}, "auditor": {"enabled": true})")).empty());
}

TEST_CASE("validation: an unknown key suggests the nearest known one") {
  check_file("unknown_key.json");
}

TEST_CASE("validation: a value of the wrong type says what was expected and found") {
  check_file("wrong_type.json");
}

TEST_CASE("validation: a value out of range gives the range") {
  check_file("out_of_range.json");
}

TEST_CASE("validation: a missing required key is reported at the pointer it would have") {
  check_file("missing_required.json");
}

TEST_CASE("validation: a reference to an account that does not exist names it and the known ones") {
  check_file("unknown_reference.json");
}

TEST_CASE("validation: an integer beyond ±(2^53 - 1) is refused wherever it is") {
  check_file("integer_too_large.json");
  // The largest integer JavaScript holds exactly is the limit: 2^53 itself is what 2^53 + 1 reads
  // as there, so it is refused too.
  CHECK(errors_of(scenario_with(R"(, "seed": 9007199254740991)")).empty());
  CHECK(errors_of(scenario_with(R"(, "seed": 9007199254740992)")) ==
        Expected{{"/seed", "expected an integer from -9007199254740991 to 9007199254740991 (±(2^53 - 1), what "
                           "JavaScript holds exactly), found the integer 9007199254740992"}});
  // Also where the loader reads no integer (it reports the unknown key as well), inside a pair,
  // and below -(2^53 - 1); the field's own range error at the same pointer is not repeated.
  const auto e = errors_of(scenario_with(R"(, "nothing": [-9007199254740993], "metrics_interval_ticks": 99999999999999999)"));
  CHECK(e == Expected{
                 {"/nothing/0", "expected an integer from -9007199254740991 to 9007199254740991 (±(2^53 - 1), what JavaScript holds exactly), found the integer "
                                "-9007199254740993"},
                 {"/metrics_interval_ticks", "expected an integer from -9007199254740991 to 9007199254740991 (±(2^53 - 1), what JavaScript holds exactly), found "
                                             "the integer 99999999999999999"},
                 {"/nothing", "unknown key \"nothing\""},
             });
  const auto pair = errors_of(R"({"format_version": 1, "title": "t", "ticks": 10, "accounts": [{"name": "alice"}, {"name": "shop"}],
      "clients": [{"name": "a", "from": ["alice"], "to": ["shop"], "interval_ticks": [1, 9007199254740993]}]})");
  // (The pair's own error would name the same element: it is not repeated.)
  CHECK(pair == Expected{
                    {"/clients/0/interval_ticks/1", "expected an integer from -9007199254740991 to 9007199254740991 (±(2^53 - 1), what JavaScript holds exactly), "
                                                    "found the integer 9007199254740993"},
                });
  // A number too large for a double is no integer either, and no crash.
  CHECK(errors_of(scenario_with(R"(, "seed": 1e999)")) ==
        Expected{{"", "not valid JSON: number overflow parsing '1e999' at line 2, column 89"}});
}

TEST_CASE("validation: strings and keys of more than 8 KiB are refused wherever they are") {
  const std::string ok(io::scenario::string_bytes_max, 'a');
  const std::string long_string(io::scenario::string_bytes_max + 1, 'a');
  CHECK(errors_of(scenario_with(R"(, "summary": ")" + ok + "\"")).empty());
  const std::string too_long = "expected a string of at most " + bytes_8192 + " bytes of UTF-8, found 8193 bytes";
  // A field, an element of an array of strings, a string the loader compares with a list of
  // choices (reported once, not also as "expected one of"), and one inside an unknown key.
  CHECK(errors_of(scenario_with(R"(, "summary": ")" + long_string + "\"")) == Expected{{"/summary", too_long}});
  CHECK(errors_of(scenario_with(R"(, "learning_goals": ["x", ")" + long_string + "\"]")) ==
        Expected{{"/learning_goals/1", too_long}});
  CHECK(errors_of(scenario_with(R"(, "front_door": {"dedup": ")" + long_string + "\"}")) ==
        Expected{{"/front_door/dedup", too_long}});
  CHECK(errors_of(scenario_with(R"(, "notes": {"n": ")" + long_string + "\"}")) ==
        Expected{{"/notes/n", too_long}, {"/notes", "unknown key \"notes\""}});
  // A key: reported at its object (its own pointer would be longer than the limit), and not
  // also as an unknown key.
  const std::string text = scenario_with(R"(, ")" + long_string + R"(": 1)");
  CHECK(errors_of(text) == Expected{{"", "expected keys of at most " + bytes_8192 +
                                             " bytes, found a key of 8193 bytes ending at line 2, column 8271"}});
}

TEST_CASE("validation: an integer written with a fraction or exponent is a number, not an integer") {
  // JSON Schema counts 1.0 as the integer 1, so scenarios/schema.json cannot refuse it; the
  // loader does, and says how to write it (tests/schema/schema_test.mjs lists the file).
  check_file("integer_with_fraction.json");
  const std::string hint = " (write integers without a fraction or exponent: ";
  CHECK(errors_of(scenario_with(R"(, "seed": 1e2)")) ==
        Expected{{"/seed", "expected an integer from 0 to 9007199254740991, found the number 100.0" + hint + "100)"}});
  CHECK(errors_of(scenario_with(R"(, "network": {"delay_ticks": 3.0})")) ==
        Expected{{"/network/delay_ticks", "expected an integer from 1 to 1000000, or a pair [min, max] of such integers, "
                                          "found the number 3.0" + hint + "3)"}});
  CHECK(errors_of(scenario_with(R"(, "network": {"delay_ticks": [1, 2.0]})")) ==
        Expected{{"/network/delay_ticks/1", "expected an integer from 1 to 1000000, found the number 2.0" + hint + "2)"}});
  CHECK(errors_of(scenario_with(R"(, "derivers": [{"name": "b", "view": "balances", "start": -0.0}])")) ==
        Expected{{"/derivers/0/start", "expected \"on_command\" or an integer from 0 to 100000000, found the number -0.0" +
                                           hint + "0)"}});
  // A true fraction, or a number far beyond any integer the format allows, gets no hint.
  CHECK(errors_of(scenario_with(R"(, "seed": 2.5)")) ==
        Expected{{"/seed", "expected an integer from 0 to 9007199254740991, found the number 2.5"}});
  CHECK(errors_of(scenario_with(R"(, "seed": 1e300)")) ==
        Expected{{"/seed", "expected an integer from 0 to 9007199254740991, found the number 1e+300"}});
}

TEST_CASE("validation: lengths are bytes of UTF-8, and the message counts characters too") {
  // JSON Schema's maxLength counts characters, so an editor accepts these files; the loader,
  // which stores bytes, refuses them (tests/schema/schema_test.mjs lists both as loader-only).
  check_file("name_bytes_at_limit.json");
  check_file("text_bytes_at_limit.json");
  // Each field with a limit of its own: multi-byte text exactly at the limit loads, one byte more
  // is refused with both counts. "é" is 2 bytes, "€" 3, "🙂" 4.
  struct Field {
    std::string name;
    std::size_t bytes_max;
    std::function<std::string(const std::string&)> scenario;  // the value spliced in
    std::string pointer;
    std::string why;
  };
  const auto accounts = [](const std::string& v) {
    return R"({"format_version": 1, "title": "t", "ticks": 10, "accounts": [{"name": ")" + v +
           R"("}, {"name": "shop"}], "clients": [{"name": "a", "from": [")" + v + R"("], "to": ["shop"]}]})";
  };
  const std::string credit_head = R"(, "derivers": [{"name": "s", "view": "credit_scores"}], "credit": {"groups": [{"name": ")";
  const std::vector<Field> fields = {
      {"account name", 256, accounts, "/accounts/0/name", " (the log's limit on a key)"},
      {"client name", 32, [](const std::string& v) {
         return R"({"format_version": 1, "title": "t", "ticks": 10, "accounts": [{"name": "alice"}, {"name": "shop"}],
                    "clients": [{"name": ")" + v + R"(", "from": ["alice"], "to": ["shop"]}]})"; },
       "/clients/0/name", " (it prefixes request IDs)"},
      {"deriver name", 64, [](const std::string& v) { return scenario_with(R"(, "derivers": [{"name": ")" + v + R"(", "view": "balances"}])"); },
       "/derivers/0/name", ""},
      {"group name", 32, [&](const std::string& v) {
         return scenario_with(credit_head + v + R"("}], "applicants": [{"account": "alice", "group": ")" + v + R"(", "repay_ppm": 1}]})");
       }, "/credit/groups/0/name", ""},
      {"memo word", 40, [](const std::string& v) {
         return R"({"format_version": 1, "title": "t", "ticks": 10, "accounts": [{"name": "alice"}, {"name": "shop"}],
                    "clients": [{"name": "a", "from": ["alice"], "to": ["shop"], "memo_words": [")" + v + R"("]}]})"; },
       "/clients/0/memo_words/0", ""},
      {"rename name", 64, [](const std::string& v) {
         return R"({"format_version": 1, "title": "t", "ticks": 10, "accounts": [{"name": "alice"}, {"name": "shop"}],
                    "clients": [{"name": "a", "from": ["alice"], "to": ["shop"], "names": [")" + v + R"("]}]})"; },
       "/clients/0/names/0", ""},
      {"request_id", 64, [](const std::string& v) {
         return scenario_with(R"(, "schedule": [{"tick": 1, "action": "submit", "client": "a", "to": "shop", "amount_cents": 1,
                                                  "request_id": ")" + v + R"("}])"); },
       "/schedule/0/request_id", ""},
      {"contact", 512, [](const std::string& v) {
         return scenario_with(R"(, "schedule": [{"tick": 1, "action": "give_consent", "account": "alice", "contact": ")" + v + R"("}])"); },
       "/schedule/0/contact", ""},
      {"title", 8192, [](const std::string& v) {
         return R"({"format_version": 1, "title": ")" + v + R"(", "ticks": 10, "accounts": [{"name": "alice"}, {"name": "shop"}],
                    "clients": [{"name": "a", "from": ["alice"], "to": ["shop"]}]})"; },
       "/title", ""},
  };
  for (const Field& f : fields) {
    for (const std::string& wide : {std::string("é"), std::string("€"), std::string("🙂")}) {
      CAPTURE(f.name);
      CAPTURE(wide);
      // Exactly bytes_max bytes: ASCII, then one multi-byte character.
      const std::string at_limit = std::string(f.bytes_max - wide.size(), 'n') + wide;
      CHECK(errors_of(f.scenario(at_limit)).empty());
      // One byte more, in as many characters as the limit allows: an editor accepts it.
      const std::string over = std::string(f.bytes_max - wide.size() + 1, 'n') + wide;
      const std::size_t characters = f.bytes_max - wide.size() + 2;
      REQUIRE(characters <= f.bytes_max);
      const std::string message = "expected a string of at most " + std::to_string(f.bytes_max) + " bytes of UTF-8" + f.why +
                                  ", found " + std::to_string(f.bytes_max + 1) + " bytes in " + std::to_string(characters) +
                                  " characters";
      const auto e = errors_of(f.scenario(over));
      REQUIRE_FALSE(e.empty());
      CHECK(e[0] == std::pair{f.pointer, message});
    }
  }
}

TEST_CASE("validation: a command key that its action does not use is a mistake, not ignored") {
  check_file("key_unused_by_action.json");
  // Each key is named where it is, with the keys the action takes; in a step's commands too. A
  // key of no command at all is an unknown key, reported once.
  CHECK(errors_of(scenario_with(R"(, "schedule": [{"tick": 1, "action": "double_submit", "client": "a", "to": "shop",
                                                   "amount_cents": 5, "clinet": "a"}])")) ==
        Expected{{"/schedule/0/clinet", "unknown key \"clinet\"; did you mean \"client\"?"},
                 {"/schedule/0/amount_cents", "action \"double_submit\" does not use \"amount_cents\"; it takes \"client\""},
                 {"/schedule/0/to", "action \"double_submit\" does not use \"to\"; it takes \"client\""}});
  CHECK(errors_of(scenario_with(R"(, "script": [{"narration": "n", "commands": [{"action": "crash_replica", "offset": 1}]}])")) ==
        Expected{{"/script/0/commands/0/offset", "action \"crash_replica\" does not use \"offset\"; it takes \"replica\", "
                                                 "\"torn\""}});
}

TEST_CASE("validation: a file from another format version says which one this build reads") {
  check_file("wrong_format_version.json");
}

TEST_CASE("validation: all errors of a file are collected, in the order of the file's sections") {
  check_file("several_errors.json");
}

TEST_CASE("validation: every reference to a node names the missing one, alike at every site") {
  const auto e = errors_of(scenario_with(R"(,
      "derivers": [{"name": "balances", "view": "balances"}],
      "readers": [{"name": "r", "path": "view", "accounts": ["alise"]}],
      "schedule": [{"tick": 1, "action": "submit", "client": "b", "to": "nobody", "amount_cents": 5},
                   {"tick": 2, "action": "double_submit", "client": "zed"},
                   {"tick": 3, "action": "start_deriver", "deriver": "balancez"}])"));
  CHECK(e == Expected{
                 {"/readers/0/accounts/0", "no account named \"alise\" in /accounts; did you mean \"alice\"?"},
                 {"/schedule/0/client", "no client named \"b\" in /clients; the names there are \"a\""},
                 {"/schedule/0/to", "no account named \"nobody\" in /accounts; the names there are \"alice\", \"shop\""},
                 {"/schedule/1/client", "no client named \"zed\" in /clients; the names there are \"a\""},
                 {"/schedule/2/deriver", "no deriver named \"balancez\" in /derivers; did you mean \"balances\"?"},
             });
  // No derivers at all; and a long list of names is cut short.
  CHECK(errors_of(scenario_with(R"(, "schedule": [{"tick": 1, "action": "crash_deriver", "deriver": "d"}])")) ==
        Expected{{"/schedule/0/deriver", "no deriver named \"d\" in /derivers, which names none"}});
  std::string accounts;
  for (int i = 0; i < 12; ++i) accounts += std::string(i ? ", " : "") + "{\"name\": \"account" + std::to_string(10 + i) + "\"}";
  const auto many = errors_of(R"({"format_version": 1, "title": "t", "ticks": 10, "accounts": [)" + accounts +
                              R"(], "clients": [{"name": "a", "from": ["account10"], "to": ["xyz"]}]})");
  CHECK(many == Expected{{"/clients/0/to/0", "no account named \"xyz\" in /accounts; the names there are \"account10\", "
                                             "\"account11\", \"account12\", \"account13\", \"account14\", \"account15\", "
                                             "\"account16\", \"account17\", \"account18\", \"account19\" and 2 more"}});
}

TEST_CASE("validation: a file of many misspelt names among many accounts is judged at once") {
  // Suggestions compare a name with every known one. A thousand accounts of 190 bytes with 128
  // misspelt references took 13 s, and a script of misspelt metrics 21 s; now suggestions have a
  // budget and stop with the error list, so each takes milliseconds. The bound is generous for
  // slow sanitizer builds and still far below what it was.
  std::string accounts, from, steps;
  for (int i = 0; i < 1024; ++i) {
    accounts += (i ? ", " : "") + ("{\"name\": \"account-" + std::to_string(1000 + i) + std::string(180, 'x') + "\"}");
  }
  for (int i = 0; i < 64; ++i) from += (i ? ", " : "") + ("\"account-" + std::to_string(1000 + i) + std::string(180, 'y') + "\"");
  for (int step = 0; step < 64; ++step) {
    std::string expect;
    for (int i = 0; i < 32; ++i) {
      expect += (i ? ", " : "") + ("{\"metric\": \"accounts/account-" + std::to_string(1000 + i) + std::string(180, 'z') +
                                   "/balance_cent\", \"op\": \"==\", \"value\": 1}");
    }
    steps += (step ? ", " : "") + ("{\"narration\": \"n\", \"expect\": [" + expect + "]}");
  }
  const std::string head = R"({"format_version": 1, "title": "t", "ticks": 10, "accounts": [)" + accounts + "], ";
  const std::string refs = head + R"("clients": [{"name": "a", "from": [)" + from + R"(], "to": ["x"]},
                                                 {"name": "b", "from": [)" + from + R"(], "to": ["x"]}]})";
  const std::string metrics = head + R"("clients": [{"name": "a", "from": ["account-1000)" + std::string(180, 'x') +
                              R"("], "to": ["account-1001)" + std::string(180, 'x') + R"("]}], "script": [)" + steps + "]}";
  for (const std::string& text : {refs, metrics}) {
    const auto start = std::chrono::steady_clock::now();
    const auto e = errors_of(text);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(e.size() == 100);  // the error list is full: the rest is not worth describing
    CHECK(seconds < 10.0);
  }
}

TEST_CASE("validation: a read path or a cache needs the view it reads") {
  const auto e = errors_of(scenario_with(R"(,
      "derivers": [{"name": "c", "view": "cache"}, {"name": "s", "view": "search_index"}],
      "readers": [{"name": "r", "path": "view", "accounts": ["alice"]},
                  {"name": "q", "path": "log_scan", "accounts": ["alice"]}])"));
  CHECK(e == Expected{
                 {"/derivers/0/view", "a cache fronts the balances view, but no deriver in /derivers has \"view\": \"balances\""},
                 {"/readers/0/path", "path \"view\" reads the balances view, but no deriver in /derivers has \"view\": \"balances\""},
             });
  CHECK(errors_of(scenario_with(R"(, "derivers": [{"name": "b", "view": "balances"}],
      "readers": [{"name": "r", "path": "cache", "accounts": ["alice"]}])")) ==
        Expected{{"/readers/0/path", "path \"cache\" reads through a cache, but no deriver in /derivers has \"view\": \"cache\""}});
  // A deriver's start is a tick or "on_command", and the message says both.
  CHECK(errors_of(scenario_with(R"(, "derivers": [{"name": "b", "view": "balances", "start": "later"}])")) ==
        Expected{{"/derivers/0/start", "expected \"on_command\" or an integer from 0 to 100000000, found the string \"later\""}});
}

}  // TEST_SUITE
