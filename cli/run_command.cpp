// `stsmc run SCENARIO`: a scripted scenario (docs/scenarios.md) — user steps with a fair world
// in between and expectations checked along the way, with the rules of --mutant when given.
// Exit 0 all hold, 1 one fails, 2 bad input (an unknown mutant too).
#include <fmt/core.h>

#include <iostream>

#include "cli/commands.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"
#include "spec/mutants.h"

namespace stsmc::cli {

int run_scenario(const RunOptions& o) {
  if (o.model.mutant)
    if (auto m = spec::find_mutant(*o.model.mutant); !m) {
      fmt::print(stderr, "error: {}\n", m.error().message);
      return kExitUsage;
    }
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
  settings.allow_unknown_fields = o.model.allow_unknown_fields;
  settings.mutant = o.model.mutant;
  auto result = scenario::run_scenario(*sc, settings, std::cout);
  std::cout.flush();
  if (!result) {
    fmt::print(stderr, "error: {}\n", result.error().message);
    return result.error().code == ErrorCode::kInternal ? kExitInternal : kExitUsage;
  }
  return result->ok ? kExitOk : kExitViolation;
}

}  // namespace stsmc::cli
