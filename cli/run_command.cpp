// `stsmc run SCENARIO`: a scripted scenario (docs/scenarios.md) — user steps with a fair world
// in between and expectations checked along the way. Exit 0 all hold, 1 one fails, 2 bad input.
#include <fmt/core.h>

#include <iostream>

#include "cli/commands.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"

namespace stsmc::cli {

int run_scenario(const RunOptions& o) {
  auto sc = scenario::load_scenario_file(o.scenario);
  if (!sc) {
    fmt::print(stderr, "error: {}\n", sc.error().message);
    return kExitUsage;
  }
  scenario::RunSettings settings;
  // --kubernetes, when given, overrides the scenario's `kubernetes:`.
  if (o.model.kubernetes) settings.kubernetes = *o.model.kubernetes;
  settings.feature_gates = o.model.feature_gates;
  settings.statefulset = o.model.statefulset;
  auto result = scenario::run_scenario(*sc, settings, std::cout);
  std::cout.flush();
  if (!result) {
    fmt::print(stderr, "error: {}\n", result.error().message);
    return result.error().code == ErrorCode::kInternal ? kExitInternal : kExitUsage;
  }
  return result->ok ? kExitOk : kExitViolation;
}

}  // namespace stsmc::cli
