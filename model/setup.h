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

  /// The ordinals this setup can reach must fit the model's ordinal type (int32, as the API's
  /// ordinals.start): the largest start (the manifest's, or what set-start-ordinal may set)
  /// plus the largest replica count (the manifest's or the bounds'), plus one for a faulty
  /// controller's pod past the range. Upstream computes ordinals in 64 bits; stsmc refuses
  /// (an input error naming ordinals.start and --max-replicas) rather than overflow.
  Expected<void> check_ordinals() const;

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
