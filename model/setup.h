#pragma once
// Setup: everything that determines the model of one StatefulSet (manifest, release profile,
// feature gates, mutant, bounds) and the one way it becomes a model. The CLI, scenarios,
// conformance, benchmarks and tests all build their models through it; traces store it.
#include <optional>
#include <string>
#include <string_view>

#include "core/expected.h"
#include "core/json.h"
#include "model/bounds.h"
#include "model/checker_model.h"
#include "spec/profile.h"
#include "spec/stateful_set.h"

namespace stsmc::model {

/// What a run models. Stored in traces as "manifest", "bounds" and "config".
struct Setup {
  spec::Manifest manifest;
  Bounds bounds;
  std::string kubernetes = std::string(spec::kDefaultRelease);
  spec::FeatureGates gates;
  std::optional<std::string> mutant;

  /// `manifest` under release `kubernetes` (its default gates, then `gate_overrides` as
  /// "Name=true,Other=false"), with `mutant` if given, and the manifest's default bounds. Each
  /// name is validated: an unknown release, gate or mutant is an error.
  static Expected<Setup> make(spec::Manifest manifest, std::string_view kubernetes = spec::kDefaultRelease,
                              std::string_view gate_overrides = "", std::optional<std::string> mutant = std::nullopt);

  /// The release's rules with the mutant applied.
  spec::Rules rules() const;
  /// The model's configuration (what scenarios and conformance run).
  ModelConfig config() const;
  /// The checking model within the bounds (what the engines run).
  StatefulSetModel build() const;
  /// The trace's "config" object.
  Json config_json() const;
};

}  // namespace stsmc::model
