// libFuzzer target for the scenario loader, built with ASan and UBSan (preset "fuzz"): whatever
// the bytes, parse_scenario must return a Scenario or a list of errors, never crash, hang or
// leak. A scenario that loads is also run for a few ticks, so the model is fuzzed through the
// only door a scenario author has to it. Run by ctest as fuzz.loader (tests/fuzz/run_fuzz.sh).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scenario/load.h"
#include "scenario/session.h"
#include "sim/assert.h"

namespace {

// Enough ticks for clients, derivers, faults and the auditor to act; few enough that each input
// takes milliseconds and the fuzzer tries thousands per second.
constexpr std::uint64_t fuzz_ticks_max = 200;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto loaded = io::scenario::parse_scenario(text, "fuzz.json");
  if (!loaded.ok()) {
    // A failure always says why, and where: a pointer is empty (the whole file) or RFC 6901.
    SIM_ASSERT(!loaded.error().empty());
    for (const auto& e : loaded.error()) {
      SIM_ASSERT(e.file == "fuzz.json");
      SIM_ASSERT(!e.message.empty());
      SIM_ASSERT(e.pointer.empty() || e.pointer[0] == '/');
    }
    return 0;
  }
  io::scenario::Scenario scenario = std::move(loaded).value();
  const std::uint64_t seed = scenario.seed;
  const std::uint64_t ticks = std::min(scenario.ticks, fuzz_ticks_max);
  io::scenario::Session session(std::move(scenario), seed);
  session.advance_to(io::sim::Tick{ticks});
  SIM_ASSERT(session.world().now() <= io::sim::Tick{ticks});
  (void)session.world().sample(true);  // the auditor too
  return 0;
}
