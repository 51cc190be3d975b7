// Determinism: a run is a pure function of (scenario, seed, commands).
#include <doctest/doctest.h>

#include <set>

#include "scenario/load.h"
#include "scenario/session.h"

namespace {
io::scenario::Scenario shipped(const char* name) {
  auto r = io::scenario::load_scenario_file(std::string(INSIDEOUT_SOURCE_DIR) + "/scenarios/" + name);
  REQUIRE(r.ok());
  return r.value();
}
std::uint64_t hash_of(const io::scenario::Scenario& s, std::uint64_t seed) {
  io::scenario::Session session(s, seed);
  session.run_to_end();
  return session.world().trace().hash();
}
}  // namespace

TEST_SUITE("determinism") {

TEST_CASE("the same scenario and seed give the same trace hash 100 times") {
  const auto s = shipped("first_log.json");
  const auto first = hash_of(s, s.seed);
  for (int i = 0; i < 99; ++i) REQUIRE(hash_of(s, s.seed) == first);
}

TEST_CASE("different seeds give different trace hashes") {
  const auto s = shipped("first_log.json");
  std::set<std::uint64_t> hashes;
  for (std::uint64_t seed = 0; seed < 50; ++seed) hashes.insert(hash_of(s, seed));
  CHECK(hashes.size() == 50);
}

TEST_CASE("adding a client does not change another client's draws") {
  // One PRNG stream per component: alice's payments are the same whether or not carol exists.
  auto s = shipped("first_log.json");
  auto with_carol = s;
  auto carol = s.world.clients[0];
  carol.name = "carol";
  with_carol.world.clients.push_back(carol);
  io::scenario::Session a(s, 7), b(with_carol, 7);
  a.run_to_end();
  b.run_to_end();
  CHECK(a.world().clients()[0].requests_sent() == b.world().clients()[0].requests_sent());
  std::vector<std::string> alice_a, alice_b;
  for (const auto* session : {&a, &b}) {
    auto& out = session == &a ? alice_a : alice_b;
    const auto& log = session->world().log();
    for (std::uint64_t i = 0; i < log.end_offset().value; ++i) {
      const auto r = log.read(io::sim::Offset{i}).value();
      const auto e = io::model::decode(r.payload);
      REQUIRE(e.has_value());
      if (e->request_id.starts_with("alice-")) {
        // Intents are numbered world-wide (carol's interleave), so everything but the intent.
        out.push_back(std::to_string(r.appended_at.value) + " " + e->request_id + " " + std::to_string(e->account) + ">" +
                      std::to_string(e->to) + " " + std::to_string(e->amount_cents) + " " + e->text);
      }
    }
  }
  CHECK(!alice_a.empty());
  CHECK(alice_a == alice_b);
}

}  // TEST_SUITE
