// The incremental audit (AuditorOptions::incremental) must be a pure speed-up: every shipped
// scenario, and the heavy benchmark for a while, run with it and with the full audit must give the
// same trace hash, the same violations in the same order, and the same fault ledger. Runs here are
// harsher than the lessons: the auditor runs often, disks draw random faults, and a stream of
// faults on old records, replica crashes and on-demand audits is thrown in.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "model/auditor.h"
#include "model/command.h"
#include "scenario/load.h"
#include "scenario/session.h"
#include "sim/prng.h"

namespace {

using io::model::Command;
using io::model::CommandKind;
using io::model::DiskFault;

const std::string source_dir = std::string(INSIDEOUT_SOURCE_DIR) + "/";

io::scenario::Scenario load(const std::string& path) {
  auto r = io::scenario::load_scenario_file(source_dir + path);
  REQUIRE_MESSAGE(r.ok(), path);
  return r.value();
}

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir + "scenarios")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || name == "schema.json" || name == "course.json") continue;
    names.push_back("scenarios/" + name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

struct Harshness {
  std::uint64_t audit_interval_ticks = 0;  // 0: as the scenario says
  std::uint32_t random_fault_ppm_max = 0;  // per replica, drawn per run from the seed
  std::uint64_t chaos_every_ticks = 0;     // 0: no extra commands
  std::uint64_t ticks = 0;                 // 0: the scenario's length
};

// Right after an audit, what the incremental auditor remembers must be true now: each copy it
// would skip verifies, and each kept fold equals a fresh fold. Stricter than comparing outcomes,
// which a difference that happens not to matter this time would pass.
void check_memory(const io::model::World& w) {
  const io::model::EventLog& log = w.log();
  const io::model::AuditorState& state = w.auditor_state();
  for (std::uint32_t r = 0; r < state.scrub.size(); ++r) {
    if (!log.replica_up(r)) continue;
    const io::model::ScrubMemory& m = state.scrub[r];
    for (std::uint64_t o = 0; o < m.verified_end; ++o) {
      const io::sim::Offset at{o};
      if (std::binary_search(m.failed.begin(), m.failed.end(), o)) continue;
      if (log.disk_position(at) + log.stored_size(at) > log.disk(r).changed_from()) break;
      if (!log.check_copy(r, at).ok) {
        CHECK_MESSAGE(false, "replica " << r << " record " << o << " is remembered good and is not");
        return;
      }
    }
  }
  for (std::size_t i = 0; i < state.folds.size(); ++i) {
    const auto& memo = state.folds[i];
    // Only the folds this audit used are vouched for; the others are checked when next used.
    const io::model::Deriver& d = w.derivers()[i];
    if (!memo || !w.deployed(i) || d.down() || io::model::kind_of(d.view()) == io::model::ViewKind::cache) continue;
    const io::model::View fresh = io::model::fold_like(memo->view, log, w.accounts(), memo->through, nullptr, &w.privacy().keys());
    const auto difference = io::model::first_difference(memo->view, fresh, w.accounts());
    CHECK_MESSAGE(!difference, "deriver " << i << "'s kept fold differs from a fresh one: " << *difference);
  }
}

// What the log remembers of verified copies must be true now: every copy reads exactly as it reads
// when verified afresh (a log that forgot).
void check_verified_copies(const io::model::EventLog& log) {
  const io::model::EventLog afresh = log;
  afresh.forget_verified();
  for (std::uint32_t r = 0; r < log.replica_count(); ++r) {
    for (std::uint64_t o = 0; o < log.end_offset().value; ++o) {
      const auto remembered = log.read_copy(r, io::sim::Offset{o});
      const auto fresh = afresh.read_copy(r, io::sim::Offset{o});
      const bool same = remembered.ok() == fresh.ok() &&
                        (remembered.ok() ? remembered.value() == fresh.value() : remembered.error() == fresh.error());
      if (!same) {
        CHECK_MESSAGE(false, "replica " << r << " record " << o << " reads otherwise when verified afresh");
        return;
      }
    }
    // The runs first_unverified() lets a scrub skip hold copies that check out when read afresh,
    // and it stops at the replica's end; it never skips a copy it has not seen verify.
    const io::sim::Offset end = log.end_offset();
    for (io::sim::Offset o{0}; o < end;) {
      const io::sim::Offset skip_to = log.first_unverified(r, o, end);
      REQUIRE(skip_to >= o);
      REQUIRE(skip_to <= end);
      if (!log.replica_up(r)) {
        CHECK(skip_to == o);
        break;
      }
      CHECK(skip_to <= std::max(o, log.replica_end(r)));
      for (io::sim::Offset v = o; v < skip_to; v = io::sim::Offset{v.value + 1}) {
        if (!afresh.check_copy(r, v).ok) {
          CHECK_MESSAGE(false, "replica " << r << " record " << v.value << " is skipped and does not verify");
          return;
        }
      }
      o = io::sim::Offset{skip_to.value + 1};
    }
  }
}

// Everything an audit decides, as text: the trace hash, each violation, the ledger.
std::vector<std::string> run(io::scenario::Scenario scenario, std::uint64_t seed, bool incremental, const Harshness& h) {
  if (h.audit_interval_ticks > 0) {
    scenario.world.auditor.enabled = true;
    scenario.world.auditor.interval_ticks = h.audit_interval_ticks;
  }
  if (h.random_fault_ppm_max > 0) {
    scenario.world.log.random_fault_ppm_max = h.random_fault_ppm_max;
    scenario.world.log.random_fault_replicas = scenario.world.log.replicas;
  }
  scenario.world.auditor.incremental = incremental;
  const std::uint64_t ticks = h.ticks > 0 ? h.ticks : scenario.ticks;
  io::scenario::Session session(std::move(scenario), seed);
  // The same chaos in both runs: drawn from its own generator, applied between ticks.
  io::sim::Prng chaos(io::sim::derive_seed(seed, "audit-test-chaos"));
  std::uint64_t t = 0;
  while (t < ticks) {
    t = std::min(ticks, t + (h.chaos_every_ticks > 0 ? h.chaos_every_ticks : ticks));
    session.advance_to(io::sim::Tick{t});
    if (h.chaos_every_ticks == 0 || t >= ticks || session.held()) continue;
    const auto& log = session.world().log();
    Command c;
    switch (chaos.below(10)) {
      case 0:
      case 1:
      case 2: {  // a fault on an old record's copy, anywhere in the log
        const std::uint64_t faults[] = {std::uint64_t(DiskFault::bit_rot), std::uint64_t(DiskFault::latent_sector_error),
                                        std::uint64_t(DiskFault::misdirected_read), std::uint64_t(DiskFault::lost_write),
                                        std::uint64_t(DiskFault::misdirected_write)};
        c = Command::of(CommandKind::inject_fault, chaos.below(log.replica_count()),
                        log.end_offset().value > 0 ? chaos.below(log.end_offset().value) : 0);
        c.count = std::uint32_t(faults[chaos.below(5)]);
        break;
      }
      case 3:
        c = Command::of(CommandKind::crash_replica, chaos.below(log.replica_count()));
        c.count = std::uint32_t(chaos.below(2));
        break;
      case 4:
      case 5: c = Command::of(CommandKind::audit); break;
      case 7:  // privacy: keys destroyed (erasure, retention) and made (consent's sealed contact)
        c = Command::of(CommandKind::request_erasure, chaos.below(session.world().accounts().size()));
        break;
      case 8: c = Command::of(CommandKind::set_retention, 0, 40 + chaos.below(200)); break;
      case 9:
        c = Command::of(CommandKind::give_consent, chaos.below(session.world().accounts().size()),
                        std::uint64_t(io::model::Purpose::marketing));
        break;
      default:
        c = Command::of(CommandKind::corrupt_record, log.end_offset().value > 0 ? chaos.below(log.end_offset().value) : 0,
                        chaos.below(64));
        break;
    }
    // The world accepts a fault on a record whose bytes that disk does not hold (a slot left
    // empty by recovery, a lagging replica 0 for corrupt_record) and then asserts: steer clear.
    const auto on_disk = [&](std::uint64_t replica, std::uint64_t offset) {
      const io::sim::Offset o{offset};
      return o < log.end_offset() && log.disk_position(o) + log.stored_size(o) <= log.disk(std::uint32_t(replica)).size_bytes();
    };
    if (c.kind == CommandKind::corrupt_record && !on_disk(log.leader(), c.target)) continue;
    if (c.kind == CommandKind::inject_fault && c.count != std::uint32_t(DiskFault::lost_write) &&
        c.count != std::uint32_t(DiskFault::misdirected_write) && !on_disk(c.target, c.argument))
      continue;
    session.command(c);  // refused ones (a replica already down, say) are refused in both runs
    if (incremental && c.kind == CommandKind::audit) check_memory(session.world());
    if (incremental) check_verified_copies(session.world().log());
  }
  const io::model::World& w = session.world();
  std::vector<std::string> out;
  out.push_back("trace hash " + std::to_string(w.trace().hash()) + ", " + std::to_string(w.trace().count()) + " entries");
  out.push_back("audits " + std::to_string(w.auditor_state().audits));
  for (const io::model::Violation& v : w.violations()) {
    out.push_back(std::string(io::model::to_string(v.kind)) + " where " + std::to_string(v.where) + " offset " +
                  std::to_string(v.offset.value) + " injected " +
                  (v.injected_at ? std::to_string(v.injected_at->value) : "-") + " detected " +
                  std::to_string(v.detected_at.value) + " repaired " +
                  (v.repaired_at ? std::to_string(v.repaired_at->value) : "-") + ": " + v.detail);
  }
  for (const io::model::LedgerEntry& e : w.fault_ledger().entries()) {
    out.push_back("ledger " + std::string(io::model::to_string(e.kind)) + " replica " + std::to_string(e.replica) + " at " +
                  std::to_string(e.position) + "+" + std::to_string(e.bytes) + " injected " +
                  std::to_string(e.injected_at.value) + " detected " +
                  (e.detected_at ? std::to_string(e.detected_at->value) : "-") + " repaired " +
                  (e.repaired_at ? std::to_string(e.repaired_at->value) : "-") + (e.lost ? " lost" : ""));
  }
  return out;
}

// Runs both ways and requires the same outcome; returns how many audit findings the run had, so
// a test can insist that it exercised something.
std::size_t require_same(const std::string& path, std::uint64_t seed, const Harshness& h) {
  const std::vector<std::string> full = run(load(path), seed, false, h);
  const std::vector<std::string> incremental = run(load(path), seed, true, h);
  INFO(path << " seed " << seed << " interval " << h.audit_interval_ticks << " ppm " << h.random_fault_ppm_max
            << " chaos " << h.chaos_every_ticks);
  for (std::size_t i = 0; i < std::min(full.size(), incremental.size()); ++i) {
    if (full[i] != incremental[i]) {
      CHECK_MESSAGE(full[i] == incremental[i], "line " << i);
      break;  // the first difference tells the story
    }
  }
  CHECK(full.size() == incremental.size());
  return full.size();
}

}  // namespace

TEST_SUITE("model") {

TEST_CASE("audit incremental: every shipped scenario, as shipped, audits alike") {
  for (const std::string& path : shipped_scenarios()) {
    const std::uint64_t seed = load(path).seed;
    require_same(path, seed, Harshness{});
  }
}

TEST_CASE("audit incremental: every shipped scenario with frequent audits, random faults and chaos, several seeds") {
  std::size_t findings = 0;
  for (const std::string& path : shipped_scenarios()) {
    for (const std::uint64_t seed : {1ull, 2ull, 3ull}) {
      findings += require_same(path, seed, Harshness{37, 3000, 53, 0});
    }
  }
  CHECK(findings > 1000);  // the runs found and repaired plenty: the comparison was not idle
}

TEST_CASE("audit incremental: storage and privacy lessons under heavy chaos, more seeds") {
  for (const std::string& path : shipped_scenarios()) {
    const bool storage = path.find("storage_") != std::string::npos || path.find("replica_") != std::string::npos;
    const bool privacy = path.find("consent") != std::string::npos || path.find("retention") != std::string::npos;
    if (!storage && !privacy) continue;
    for (std::uint64_t seed = 10; seed < 16; ++seed) {
      require_same(path, seed, Harshness{11, 20000, 7, 0});
      require_same(path, seed, Harshness{101, 0, 13, 0});
    }
  }
}

TEST_CASE("audit incremental: the heavy benchmark's first ticks audit alike") {
  for (const std::uint64_t seed : {1ull, 5ull}) {
    require_same("bench/heavy.json", seed, Harshness{500, 0, 0, 3000});
    require_same("bench/heavy.json", seed, Harshness{400, 200, 97, 2500});
  }
}

}  // TEST_SUITE
