// partition-semantics: what a rolling update may create and delete, and when currentRevision
// advances (docs/architecture.md §4). The rule itself is model/rules/properties.h's, written
// once for every engine.
#include "properties/catalog.h"
#include "properties/flat_step.h"

namespace stsmc::properties {

Property partition_semantics() {
  Property p;
  p.id = "partition-semantics";
  p.statement =
      "RollingUpdate with partition p: a pod with index < p is never created at the update revision while it differs "
      "from the current one; pods with index >= p are updated from the highest ordinal down, each waiting until its "
      "successor is healthy (or within the maxUnavailable budget); p >= replicas updates nothing. OnDelete never "
      "deletes a pod for an update. currentRevision advances only when every replica is updated and ready.";
  p.kind = checker::PropertyKind::kStep;
  p.step = [](const Model& m, const model::ClusterState& s, const model::Action& a, const model::ClusterState& t) {
    return judge_step(m, s, a, t, StepRule::kPartitionSemantics);
  };
  return p;
}

}  // namespace stsmc::properties
