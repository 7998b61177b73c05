#pragma once
// Replaying a recorded scenario through the model and comparing every step with the trace.
#include <string>

#include "core/expected.h"
#include "conformance/scenario.h"

namespace stsmc::conformance {

/// The outcome of one scenario.
struct Result {
  std::string scenario;
  std::size_t steps = 0;          ///< steps in the scenario
  std::size_t steps_matched = 0;  ///< steps whose state, events, error matched (incl. index 0)
  bool ok = false;
  /// The first divergence, readable: step index, op, field path, expected and actual.
  std::string divergence;
  /// The field path of the first divergence (e.g. "pods[web-1].phase").
  std::string field;
  std::size_t step = 0;
};

/// Replays `sc` and compares each step with the recorded one (FORMAT.md section 4).
Expected<Result> replay(const Scenario& sc, const std::string& kubernetes = std::string(spec::kDefaultRelease));

/// The normalised, comparable form of a recorded step line (exposed for tests).
Json normalize_recorded(const Json& step);

}  // namespace stsmc::conformance
