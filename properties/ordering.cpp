// ordered-creation and reverse-deletion: the order in which the controller creates and deletes
// pods (docs/architecture.md §4). The rules themselves are model/rules/properties.h's,
// written once for every engine.
#include "properties/catalog.h"
#include "properties/flat_step.h"

namespace stsmc::properties {

Property ordered_creation() {
  Property p;
  p.id = "ordered-creation";
  p.statement =
      "OrderedReady: the controller creates the pod of ordinal o only when every ordinal in [start, o) has a pod "
      "that exists, is not terminating, is Running and Ready (and Available when minReadySeconds > 0). Any "
      "policy: created ordinals lie in [start, start+replicas).";
  p.kind = checker::PropertyKind::kStep;
  p.step = [](const Model& m, const model::ClusterState& s, const model::Action& a, const model::ClusterState& t) {
    return judge_step(m, s, a, t, StepRule::kOrderedCreation);
  };
  return p;
}

Property reverse_deletion() {
  Property p;
  p.id = "reverse-deletion";
  p.statement =
      "Scale-down deletes the highest existing condemned ordinal first; under OrderedReady one at a time, only "
      "once every condemned successor is completely shut down (gone, not just terminating), and only when all replicas are Running and Ready (upstream's "
      "first-unavailable exception aside). Rolling-update deletions go from the highest ordinal down.";
  p.kind = checker::PropertyKind::kStep;
  p.step = [](const Model& m, const model::ClusterState& s, const model::Action& a, const model::ClusterState& t) {
    return judge_step(m, s, a, t, StepRule::kReverseDeletion);
  };
  return p;
}

}  // namespace stsmc::properties
