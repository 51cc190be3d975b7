#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "scenario/load.h"
#include "scenario/share_link.h"
#include "scenario/timeline.h"

using io::model::Command;
using io::model::CommandKind;
using io::scenario::decode_share_link;
using io::scenario::encode_share_link;
using io::scenario::replay_share_link;
using io::scenario::Session;
using io::scenario::SessionOptions;
using io::scenario::ShareLink;
using io::scenario::Timeline;
using io::sim::Tick;

namespace {

Command at(std::uint64_t tick, CommandKind kind, std::uint64_t target = 0, std::uint64_t argument = 0) {
  Command c = Command::of(kind, target, argument);
  c.at = Tick{tick};
  return c;
}

io::scenario::Scenario shipped(const std::string& name) {
  auto r = io::scenario::load_scenario_file(std::string(INSIDEOUT_SOURCE_DIR) + "/scenarios/" + name);
  REQUIRE(r.ok());
  return r.value();
}

// A session as the app runs one: holding at each lesson step until the learner continues.
Session lesson(const std::string& name, std::uint64_t seed) {
  SessionOptions options;
  options.hold_at_steps = true;
  return Session(shipped(name), seed, options);
}

}  // namespace

TEST_CASE("a share link reads back exactly what was written, text of any bytes included") {
  ShareLink link;
  link.scenario = "consent_and_erasure.json";
  link.seed = 18446744073709551615ull;
  link.tick = Tick{1234};
  link.commands.push_back(at(0, CommandKind::client_send_now, 1));
  Command submit = at(7, CommandKind::submit, 2, 3);
  submit.amount = -250;
  submit.count = 2;
  submit.text = "a.b,c&d=e%f #é\n\x01";
  link.commands.push_back(submit);
  link.commands.push_back(at(7, CommandKind::script_continue, 4));
  link.commands.push_back(at(900, CommandKind::set_credit_policy, 1, 50000));
  const std::string fragment = encode_share_link(link);
  // Only unreserved characters inside values: the separators always separate.
  CHECK(fragment.find(' ') == std::string::npos);
  CHECK(fragment.find('#') == std::string::npos);
  const auto back = decode_share_link(fragment);
  REQUIRE(back.ok());
  CHECK(back.value() == link);
  const auto with_hash = decode_share_link("#" + fragment);  // as location.hash gives it
  REQUIRE(with_hash.ok());
  CHECK(with_hash.value() == link);
}

TEST_CASE("the share link format is pinned: links already shared must keep opening") {
  ShareLink link;
  link.scenario = "first_log.json";
  link.seed = 1;
  link.tick = Tick{160};
  link.commands.push_back(at(150, CommandKind::crash_deriver, 0));
  Command memo = at(155, CommandKind::submit, 0, 1);
  memo.amount = 500;
  memo.text = "tea.2";
  link.commands.push_back(memo);
  CHECK(encode_share_link(link) ==
        "v=1&s=first_log%2Ejson&seed=1&t=160&c=150.crash_deriver.0.0.0.1.,155.submit.0.1.500.1.tea%2E2");
  CHECK(encode_share_link(ShareLink{"x.json", 2, Tick{0}, {}}) == "v=1&s=x%2Ejson&seed=2&t=0&c=");
  // A browser may leave the dot unencoded; the reader takes both.
  const auto plain = decode_share_link("v=1&s=first_log.json&seed=1&t=160&c=150.crash_deriver.0.0.0.1.,155.submit.0.1.500.1.tea%2E2");
  REQUIRE(plain.ok());
  CHECK(plain.value() == link);
}

TEST_CASE("a broken share link is refused with where and what was expected") {
  const std::string good_commands = "c=10.crash_deriver.0.0.0.1.";
  struct Bad {
    std::string fragment;
    std::string says;
  };
  const std::vector<Bad> cases = {
      {"", "the link is empty"},
      {"s=first_log.json&seed=1&t=0", "v: missing"},
      {"v=2&s=first_log.json&seed=1&t=0", "v: this app reads version 1"},
      {"v=1&seed=1&t=0", "s: missing"},
      {"v=1&s=first_log.json&t=0", "seed: missing"},
      {"v=1&s=first_log.json&seed=1", "t: missing"},
      {"v=1&s=first_log.json&seed=1&t=0&x=3", "unknown key \"x\""},
      {"v=1&s=first_log.json&seed=1&t=0&t=4", "the key \"t\" appears twice"},
      {"v=1&s=first_log.json&seed=1&t=0&junk", "expected key=value pairs"},
      {"v=1&s=..%2Fsecret.json&seed=1&t=0", "s: expected a scenario file name"},
      {"v=1&s=notes.txt&seed=1&t=0", "s: expected a scenario file name"},
      {"v=1&s=%4&seed=1&t=0", "s: expected a scenario file name"},
      {"v=1&s=a.json&seed=-1&t=0", "seed: expected a whole number"},
      {"v=1&s=a.json&seed=99999999999999999999&t=0", "seed: expected a whole number"},
      {"v=1&s=a.json&seed=1&t=1e3", "t: expected a whole number"},
      {"v=1&s=a.json&seed=1&t=0&c=10.crash_deriver.0.0.0.1", "c[0]: expected 7 fields"},
      {"v=1&s=a.json&seed=1&t=0&" + good_commands + ",x.crash_deriver.0.0.0.1.", "c[1]: expected the tick"},
      {"v=1&s=a.json&seed=1&t=0&c=10.explode.0.0.0.1.", "c[0]: unknown command kind \"explode\""},
      {"v=1&s=a.json&seed=1&t=0&c=10.submit.0.0.1.5x.", "c[0]: expected target, argument, amount and count"},
      {"v=1&s=a.json&seed=1&t=0&c=10.submit.0.0.0.1.%G1", "c[0]: the text has a '%'"},
      {"v=1&s=a.json&seed=1&t=0&" + good_commands + ",9.crash_deriver.0.0.0.1.", "c[1]: its tick 9 is before"},
  };
  for (const Bad& bad : cases) {
    CAPTURE(bad.fragment);
    const auto r = decode_share_link(bad.fragment);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().find(bad.says) != std::string::npos);
  }
  std::string many = "v=1&s=a.json&seed=1&t=0&c=";
  for (std::size_t i = 0; i <= ShareLink::commands_max; ++i) many += (i ? ",1" : "1") + std::string(".audit.0.0.0.1.");
  const auto r = decode_share_link(many);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().find("a link holds at most") != std::string::npos);
}

TEST_CASE("opening a share link replays the learner's path: the same world at the same tick, the same future") {
  // The sharer: a lesson with steps continued, a crash, a choice, played on, then back in time.
  Timeline sharer(lesson("deriver_crash.json", 3));
  std::size_t continued = 0;
  const Tick end = sharer.session().end_tick();
  while (sharer.now() < end) {
    sharer.advance_to(std::min(end, Tick{sharer.now().value + 97}));
    if (sharer.session().held()) {
      const std::size_t step = sharer.session().steps_reached() - 1;
      const auto& s = sharer.session().script().steps[step];
      if (s.ethics) REQUIRE(sharer.command(Command::of(CommandKind::script_choose, step, 0)) == nullptr);
      REQUIRE(sharer.command(Command::of(CommandKind::script_continue, step)) == nullptr);
      ++continued;
    }
    if (sharer.now() >= Tick{300} && sharer.history().size() == continued) {
      REQUIRE(sharer.command(Command::of(CommandKind::crash_deriver, 0)) == nullptr);
    }
  }
  REQUIRE(continued > 0);
  const std::uint64_t end_hash = sharer.session().world().trace().hash();
  sharer.seek(Tick{end.value / 2});

  ShareLink link{"deriver_crash.json", 3, sharer.now(), sharer.history()};
  const auto decoded = decode_share_link(encode_share_link(link));
  REQUIRE(decoded.ok());
  Timeline opener(lesson("deriver_crash.json", 3));
  REQUIRE_FALSE(replay_share_link(opener, decoded.value()).has_value());
  CHECK(opener.now() == sharer.now());
  CHECK(opener.session().world().trace().hash() == sharer.session().world().trace().hash());
  CHECK(opener.session().world().log().end_offset() == sharer.session().world().log().end_offset());
  CHECK(opener.history() == sharer.history());
  CHECK(opener.session().steps_reached() == sharer.session().steps_reached());
  // The recorded future came along: playing on reaches the sharer's end.
  opener.advance_to(end);
  CHECK(opener.now() == end);
  CHECK(opener.session().world().trace().hash() == end_hash);
}

TEST_CASE("a share link that does not fit its scenario says why") {
  SUBCASE("a refused command") {
    Timeline t(lesson("deriver_crash.json", 1));
    // A step waits at some tick; continue it there, then crash a deriver that does not exist.
    t.advance_to(t.session().end_tick());
    REQUIRE(t.session().held());
    const Tick step_tick = t.now();
    const ShareLink link{"deriver_crash.json", 1, step_tick,
                         {at(step_tick.value, CommandKind::script_continue, t.session().steps_reached() - 1),
                          at(step_tick.value + 1, CommandKind::crash_deriver, 99)}};
    Timeline fresh(lesson("deriver_crash.json", 1));
    const auto why = replay_share_link(fresh, link);
    REQUIRE(why.has_value());
    CHECK(why->find("c[1] (crash_deriver at tick") != std::string::npos);
    CHECK(why->find("refused") != std::string::npos);
  }
  SUBCASE("a command past a lesson step the link does not continue") {
    Timeline t(lesson("deriver_crash.json", 1));
    t.advance_to(t.session().end_tick());
    REQUIRE(t.session().held());
    const ShareLink link{"deriver_crash.json", 1, Tick{0}, {at(t.now().value + 5, CommandKind::audit)}};
    Timeline fresh(lesson("deriver_crash.json", 1));
    const auto why = replay_share_link(fresh, link);
    REQUIRE(why.has_value());
    CHECK(why->find("waits at a lesson step at tick " + std::to_string(t.now().value)) != std::string::npos);
  }
  SUBCASE("a tick past the end") {
    Timeline fresh(Session(shipped("storage_bit_rot.json"), 1));
    const Tick end = fresh.session().end_tick();
    const auto why = replay_share_link(fresh, ShareLink{"storage_bit_rot.json", 1, Tick{end.value + 1}, {}});
    REQUIRE(why.has_value());
    CHECK(why->find("past the scenario's end") != std::string::npos);
  }
}
