#pragma once
// Test helper: turns a conformance trace recorded from the real controller
// (tests/conformance/FORMAT.md) into the watch stream `kubectl get
// statefulset,pods,pvc,controllerrevisions -w --output-watch-events -o json` would have printed,
// one event per object write between two recorded states, with a global resourceVersion.
#include <string>
#include <vector>

#include "conformance/scenario.h"
#include "core/json.h"

namespace stsmc::validate::testing {

/// The recorded states (`state` of every trace line, index 0 first), to tamper with.
std::vector<Json> recorded_states(const conformance::Scenario& sc);

/// The watch stream of `states` (the scenario's own, or tampered ones): the set's ADDED event
/// first (the listing before the first step), then every change, pretty-printed documents one
/// after the other as kubectl prints them.
std::string watch_stream(const conformance::Scenario& sc, const std::vector<Json>& states);

/// The manifest (YAML) of the scenario's set, for `stsmc validate`.
std::string manifest_yaml(const conformance::Scenario& sc);

}  // namespace stsmc::validate::testing
