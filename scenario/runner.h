#pragma once
// Executing a scenario for `stsmc run`: load its manifest, build the model, apply each step
// (user actions, faults, `settle` as a fair world, `expect` checks) and report as it goes.
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>

#include "core/expected.h"
#include "scenario/scenario.h"

namespace stsmc::scenario {

/// Command-line choices that take precedence over the scenario's.
struct RunSettings {
  /// Replaces the scenario's `kubernetes:` (the rule profile).
  std::optional<std::string> kubernetes;
  /// "Name=true,..." applied after the scenario's `feature-gates:`.
  std::string feature_gates;
  /// Which StatefulSet of a manifest that holds several.
  std::optional<std::string> statefulset;
  /// Unknown and duplicate manifest fields are warnings, not errors (--allow-unknown-fields).
  bool allow_unknown_fields = false;
  /// A faulty controller rule (spec/mutants.h) applied to the profile's rules; unknown: an error.
  std::optional<std::string> mutant;
};

/// How a run ended. Bad input (scenario or manifest) is the Error of run_scenario instead.
struct RunResult {
  bool ok = false;
  std::size_t steps_run = 0;       ///< steps that completed
  std::size_t expects_passed = 0;  ///< `expect` steps that held
  /// The first failure, e.g. "step 14 (line 52): expect #6: pods.myapp-1.revision: expected 2,
  /// got 3"; empty when ok.
  std::string failure;
};

/// Loads the scenario's manifest and runs every step, writing the report to `out`: a config
/// line, one line per step, and at each expect the pod table and "ok" or the mismatches. Stops
/// at the first failing expect, the first action the model rejects, or a settle that does not
/// converge within its max-rounds (`rounds: N` stops instead). Errors (exit code 2): the manifest does not load, a profile or gate is unknown, a
/// pod name does not name a pod of the set.
Expected<RunResult> run_scenario(const Scenario& sc, const RunSettings& settings, std::ostream& out);

}  // namespace stsmc::scenario
