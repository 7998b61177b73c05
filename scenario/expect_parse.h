#pragma once
// Internal to the scenario parser: the `expect` step (docs/scenarios.md, "Expectations"): pods,
// absent pods, claims, DNS names, events, status, claim owners and the last sync's outcome.
#include "scenario/scenario.h"
#include "scenario/yaml_value.h"

namespace stsmc::scenario::detail {

/// The body of an `expect` step; stops the parse (ParseFailure) at the first problem.
StepBody parse_expect(const Val& a);

}  // namespace stsmc::scenario::detail
