#pragma once
// Conformance scenarios and traces recorded from the real controller (tests/conformance/FORMAT.md):
// reading them, and building the model configuration a scenario describes.
#include <optional>
#include <string>
#include <vector>

#include "core/expected.h"
#include "core/json.h"
#include "model/statefulset_model.h"
#include "spec/fail_writes.h"

namespace stsmc::conformance {

/// A scenario file NAME.json with its recorded NAME.trace.jsonl.
struct Scenario {
  std::string name;
  std::string path;        ///< the scenario file
  std::string trace_path;  ///< the trace beside it
  Json options;            ///< "options" (may be empty)
  Json set;                ///< "set"
  std::vector<Json> steps;
  Json header;             ///< trace line 1
  std::vector<Json> recorded;  ///< trace lines 2.. (index 0 = initial state)
  bool auto_gc = false;
};

/// Reads a step's `failWrites` list (spec::FailRule, FORMAT-faults.md §2.2); errors name `where`
/// and the field.
Expected<std::vector<spec::FailRule>> parse_fail_writes(const Json& list, const std::string& where);

/// Reads a scenario and the trace beside it, with errors naming file, line and field.
Expected<Scenario> read_scenario(const std::string& path);

/// The model configuration of the scenario: its set after apps/v1 defaulting, the 1.28 rules
/// (or the profile named by `kubernetes`) and the trace header's effective feature gates.
Expected<model::ModelConfig> scenario_config(const Scenario& sc, const std::string& kubernetes = std::string(spec::kDefaultRelease));

/// Lists the scenario files named by `paths` (files, or folders searched for *.json).
Expected<std::vector<std::string>> find_scenarios(const std::vector<std::string>& paths);

}  // namespace stsmc::conformance
