#pragma once
// Scenarios for tests: parse JSON text (failing the test with every loader error) and run a
// session to its end with an audited final sample.

#include <doctest/doctest.h>

#include <string>

#include "scenario/load.h"
#include "scenario/session.h"

namespace io::testing {

inline scenario::Scenario parsed(const std::string& text, const std::string& file) {
  auto r = scenario::parse_scenario(text, file);
  if (!r.ok()) {
    for (const auto& e : r.error()) MESSAGE(e.to_string());
  }
  REQUIRE(r.ok());
  return r.value();
}

inline model::MetricsSample finish(scenario::Session& s) {
  s.run_to_end();
  return s.world().sample(true);
}

}  // namespace io::testing
