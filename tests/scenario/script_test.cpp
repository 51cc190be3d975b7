// The narrated script: loading steps, triggers, predictions, ethics prompts and expectations, and
// running them in a Session with and without a learner holding the world at each step.

#include <doctest/doctest.h>

#include <string>

#include "scenario/load.h"
#include "scenario/session.h"
#include "scenario/timeline.h"
#include "../scenario_fixtures.h"

using namespace io;
using io::testing::parsed;

namespace {

// Alice pays the shop through a lossy network with idempotency keys on: the script watches for the
// first absorbed duplicate, asks a prediction, then an ethics-free but real choice: crash the
// front door or not.
std::string scenario_with(const std::string& script) {
  return R"({
    "format_version": 1, "title": "script test", "seed": 7, "ticks": 600,
    "accounts": [{"name": "alice", "balance_cents": 100000}, {"name": "shop", "balance_cents": 0}],
    "network": {"delay_ticks": [2, 6], "drop_ppm": 300000},
    "front_door": {"dedup": "end_to_end"},
    "clients": [{"name": "alice", "from": ["alice"], "to": ["shop"], "interval_ticks": [20, 40], "requests_max": 12,
                 "amount_cents": [500, 500], "timeout_ticks": 20, "retries_max": 6, "backoff_ticks": [10, 40],
                 "idempotency_keys": true}],
    "derivers": [{"name": "balances", "view": "balances", "batch_records": 5}],
    "script": )" + script + "}";
}

const std::string lesson = R"([
  {"id": "start", "title": "Start", "narration": "Alice pays the **shop**."},
  {"id": "dup", "narration": "A duplicate arrived.",
   "trigger": {"when": {"metric": "duplicates_absorbed", "op": ">=", "value": 1}},
   "expect": [{"metric": "duplicate_effects", "op": "==", "value": 0}],
   "prediction": {"question": "Will alice be charged twice?", "choices": [
      {"text": "yes", "correct_if": {"metric": "duplicate_effects", "op": ">", "value": 0}},
      {"text": "no", "correct_if": {"metric": "duplicate_effects", "op": "==", "value": 0}}]}},
  {"id": "later", "narration": "Later.", "trigger": {"after_ticks": 100},
   "ethics": {"question": "Audit now?", "default_choice": 1, "choices": [
      {"text": "Yes", "commands": [{"action": "audit"}], "consequence": "You audited.",
       "expect": [{"metric": "audits", "op": ">=", "value": 1}]},
      {"text": "No", "consequence": "You did not.", "expect": [{"metric": "audits", "op": "==", "value": 0}]}]}},
  {"id": "end", "narration": "The end.", "trigger": {"tick": 590},
   "expect": [{"metric": "views_match_log", "op": "==", "value": true},
              {"metric": "accounts/shop/balance_cents", "op": ">", "value": 0}]}
])";

}  // namespace

TEST_CASE("script: steps load with their triggers, predictions, prompts and checks") {
  const auto s = parsed(scenario_with(lesson), "lesson.json");
  REQUIRE(s.script.steps.size() == 4);
  CHECK(s.script.steps[0].trigger.kind == scenario::Trigger::Kind::immediately);
  CHECK(s.script.steps[0].narration_blocks[0].spans[1].text == "shop");
  CHECK(s.script.steps[1].trigger.kind == scenario::Trigger::Kind::when);
  CHECK(s.script.steps[1].trigger.condition->text() == "duplicates_absorbed >= 1");
  CHECK(s.script.steps[1].prediction->choices.size() == 2);
  CHECK(s.script.steps[2].trigger.ticks == 100);
  CHECK(s.script.steps[2].ethics->default_choice == 1);
  CHECK(s.script.steps[2].ethics->choices[0].commands[0].kind == model::CommandKind::audit);
  CHECK(s.script.steps[3].expect[0].metric.audited);
  CHECK(s.script.steps[3].expect[0].value == 1);
}

TEST_CASE("script: a run without a learner reaches every step, checks, answers and takes the default") {
  scenario::Session session(parsed(scenario_with(lesson), "lesson.json"), 7);
  CHECK(session.steps_reached() == 1);  // the first step has no trigger: reached at tick 0
  CHECK(session.progress()[0].reached == sim::Tick{0});
  session.run_to_end();
  REQUIRE(session.steps_reached() == 4);
  const auto& p = session.progress();
  // The 'when' step is reached at the first boundary after the duplicate was absorbed.
  CHECK(p[1].reached > sim::Tick{0});
  CHECK(p[2].reached == p[1].reached + 100);
  CHECK(p[3].reached == sim::Tick{590});
  CHECK(p[1].expect.size() == 1);
  CHECK(p[1].expect[0].held);
  CHECK(p[1].prediction_resolved);
  CHECK(p[1].prediction_resolved_at == p[2].reached);
  CHECK(p[1].prediction_right == std::vector<bool>{false, true});
  CHECK(p[2].ethics_choice == 1);
  CHECK(p[2].choice_expect[0].held);
  CHECK(session.expectations_met());
  CHECK(session.world().sample(false).audits == 0);

  // The reached tick of the 'when' step is the first at which the condition holds.
  scenario::Session probe(parsed(scenario_with("[]"), "lesson.json"), 7);
  probe.advance_to(sim::Tick{p[1].reached.value - 1});
  CHECK(probe.world().sample(false).duplicates_absorbed == 0);
  probe.advance_to(p[1].reached);
  CHECK(probe.world().sample(false).duplicates_absorbed >= 1);
}

TEST_CASE("script: another ethics choice changes the world and its own checks follow it") {
  scenario::SessionOptions options;
  options.choices.emplace_back(2, 0);
  scenario::Session session(parsed(scenario_with(lesson), "lesson.json"), 7, options);
  session.run_to_end();
  REQUIRE(session.steps_reached() == 4);
  CHECK(session.progress()[2].ethics_choice == 0);
  CHECK(session.progress()[2].choice_expect[0].held);
  CHECK(session.world().sample(false).audits == 1);
  scenario::Session by_default(parsed(scenario_with(lesson), "lesson.json"), 7);
  by_default.run_to_end();
  CHECK(by_default.world().trace().hash() != session.world().trace().hash());
}

TEST_CASE("script: a failing expectation is reported, not asserted") {
  const std::string wrong = R"([{"narration": "x", "trigger": {"tick": 100},
                                 "expect": [{"metric": "requests_sent", "op": "==", "value": 0}]}])";
  scenario::Session session(parsed(scenario_with(wrong), "wrong.json"), 7);
  session.run_to_end();
  REQUIRE(session.steps_reached() == 1);
  CHECK_FALSE(session.progress()[0].expect[0].held);
  CHECK(session.progress()[0].expect[0].found > 0);
  CHECK_FALSE(session.expectations_met());
}

TEST_CASE("script: a watching learner holds the world at each step; continuing only is the same run") {
  scenario::SessionOptions watching;
  watching.hold_at_steps = true;
  scenario::Session held(parsed(scenario_with(lesson), "lesson.json"), 7, watching);
  CHECK(held.held());
  held.run_to_end();
  CHECK(held.world().now() == sim::Tick{0});  // nothing moves until the learner has read step 1
  CHECK(held.command(model::Command::of(model::CommandKind::script_continue, 1)) != nullptr);  // not the current step
  CHECK(held.command(model::Command::of(model::CommandKind::script_choose, 0, 0)) != nullptr);  // no prompt there
  std::size_t guard = 0;
  while (!held.finished() && guard++ < 100) {
    if (held.held()) {
      REQUIRE(held.command(model::Command::of(model::CommandKind::script_continue, held.steps_reached() - 1)) == nullptr);
    }
    held.run_to_end();
  }
  CHECK(held.finished());
  scenario::Session alone(parsed(scenario_with(lesson), "lesson.json"), 7);
  alone.run_to_end();
  CHECK(held.world().trace().hash() == alone.world().trace().hash());
  REQUIRE(held.steps_reached() == 4);
  for (std::size_t i = 0; i < 4; ++i) CHECK(held.progress()[i].reached == alone.progress()[i].reached);
  CHECK(held.progress()[2].ethics_choice == 1);  // continuing without answering takes the default
}

TEST_CASE("script: a learner's choice is recorded, refused twice, and replayed by time travel") {
  scenario::SessionOptions watching;
  watching.hold_at_steps = true;
  scenario::Timeline timeline(scenario::Session(parsed(scenario_with(lesson), "lesson.json"), 7, watching));
  auto continue_current = [&] {
    return timeline.command(model::Command::of(model::CommandKind::script_continue, timeline.session().steps_reached() - 1));
  };
  REQUIRE(continue_current() == nullptr);
  timeline.advance_to(sim::Tick{600});
  REQUIRE(timeline.session().held());
  REQUIRE(continue_current() == nullptr);  // past the duplicate step
  timeline.advance_to(sim::Tick{600});
  REQUIRE(timeline.session().steps_reached() == 3);
  REQUIRE(timeline.command(model::Command::of(model::CommandKind::script_choose, 2, 0)) == nullptr);
  CHECK(timeline.command(model::Command::of(model::CommandKind::script_choose, 2, 1)) != nullptr);
  REQUIRE(continue_current() == nullptr);
  const sim::Tick choice_tick = timeline.now();
  timeline.advance_to(sim::Tick{600});
  REQUIRE(continue_current() == nullptr);
  timeline.advance_to(sim::Tick{600});
  CHECK(timeline.session().finished());
  const auto hash = timeline.session().world().trace().hash();
  CHECK(timeline.session().world().sample(false).audits == 1);

  timeline.seek(sim::Tick{choice_tick.value - 1});  // before the choice: the audit has not happened
  CHECK(timeline.session().world().sample(false).audits == 0);
  timeline.seek(sim::Tick{600});   // the recorded choice and continues replay
  CHECK(timeline.session().finished());
  CHECK(timeline.session().world().trace().hash() == hash);
  CHECK(timeline.session().progress()[2].ethics_choice == 0);
}

TEST_CASE("script: loader errors name the place and what was expected") {
  auto errors_of = [](const std::string& script) {
    auto r = scenario::parse_scenario(scenario_with(script), "bad.json");
    std::vector<std::string> out;
    if (!r.ok()) {
      for (const auto& e : r.error()) out.push_back(e.pointer + ": " + e.message);
    }
    return out;
  };
  CHECK(errors_of(R"([{"narration": "x", "trigger": {"tick": 5, "after_ticks": 3}}])") ==
        std::vector<std::string>{"/script/0/trigger: expected exactly one of \"tick\", \"after_ticks\" or \"when\", found 2"});
  CHECK(errors_of(R"([{"narration": "x", "trigger": {"when": {"metric": "duplicates_absorbd", "op": ">=", "value": 1}}}])") ==
        std::vector<std::string>{"/script/0/trigger/when/metric: no metric named \"duplicates_absorbd\"; did you mean \"duplicates_absorbed\"?"});
  CHECK(errors_of(R"([{"narration": "x", "expect": [{"metric": "derivers/balance/lag_records", "op": "<", "value": 1}]}])") ==
        std::vector<std::string>{"/script/0/expect/0/metric: no deriver named \"balance\"; did you mean \"derivers/balances/lag_records\"?"});
  CHECK(errors_of(R"([{"narration": "x", "expect": [{"metric": "accounts/shopp/balance_cents", "op": ">", "value": 0}]}])") ==
        std::vector<std::string>{"/script/0/expect/0/metric: no account named \"shopp\" in /accounts; did you mean \"accounts/shop/balance_cents\"?"});
  CHECK(errors_of(R"([{"narration": "x", "expect": [{"metric": "audits", "op": "=>", "value": 1}]}])").size() == 1);
  CHECK(errors_of(R"([{"narration": "x", "prediction": {"question": "q", "choices": [{"text": "a", "correct_if": {"metric": "audits", "op": "==", "value": 0}}]}}])") ==
        std::vector<std::string>{"/script/0/prediction/choices: expected at least 2 choices, found 1"});
  CHECK(errors_of(R"([{"narration": "x", "prediction": {"question": "q", "choices": [{"text": "a"}, {"text": "b", "correct_if": {"metric": "audits", "op": "==", "value": 0}}]}}])") ==
        std::vector<std::string>{"/script/0/prediction/choices/0/correct_if: missing required key; expected a condition (under which this answer is right)"});
  CHECK(errors_of(R"([{"narration": "x", "commands": [{"tick": 3, "action": "audit"}]}])").size() == 1);
  CHECK(errors_of(R"([{"id": "a", "narration": "x"}, {"id": "a", "narration": "y"}])") ==
        std::vector<std::string>{"/script/1/id: step id \"a\" is already used by /script/0"});
  CHECK(errors_of(R"([{"narration": "x", "ethics": {"question": "q", "default_choice": 2, "choices": [{"text": "a", "consequence": "c"}, {"text": "b", "consequence": "d"}]}}])").size() == 1);
  CHECK(errors_of(R"([{"title": "no narration"}])") ==
        std::vector<std::string>{"/script/0/narration: missing required key; expected a string"});
}
