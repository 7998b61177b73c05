#pragma once
// Where the explicit engines' step properties are judged: the flat form of a transition, in a
// shape fitted to both its states, read by the properties written once over a value domain
// (model/rules/properties.h), which bmc and prove read over Z3 terms.
#include <optional>
#include <string>

#include "properties/catalog.h"

namespace stsmc::properties {

/// The step properties of model/rules/properties.h.
enum class StepRule { kOrderedCreation, kReverseDeletion, kIdentityStability, kPvcRetention, kPartitionSemantics };

/// False only when `rule` cannot hold the transition (s, a, t) against the controller: each
/// clause of it needs the transition to be a sync, to create or delete a pod, to change a
/// claim, to move currentRevision, or to leave a pod with a foreign identity (flat_step.cpp
/// says which for each rule). A cheap test on the states themselves: the explicit engines
/// flatten only the transitions that pass it. SymbolicProperties' comparisons check it on every
/// transition they judge.
bool may_violate(StepRule rule, const model::ClusterState& s, const model::Action& a, const model::ClusterState& t);

/// Why `rule` says the transition (s, a, t) violates it, or nothing when it holds.
std::optional<std::string> judge_step(const Model& m, const model::ClusterState& s, const model::Action& a,
                                      const model::ClusterState& t, StepRule rule);

}  // namespace stsmc::properties
