// identity-stability and pvc-retention: one pod object per identity with the right name and
// claims, and PVCs deleted only as the retention policy allows (docs/architecture.md §4). The
// rules themselves are model/rules/properties.h's, written once for every engine.
#include "properties/catalog.h"
#include "properties/flat_step.h"
#include "properties/state_queries.h"

namespace stsmc::properties {
namespace {


/// Two pod objects for one ordinal: the one clause the flat form cannot state (it has one slot
/// per ordinal, so the symbolic engines cannot reach such a state), tested on the state itself.
std::optional<std::string> two_pods_of_one_ordinal(const Model& m, const model::ClusterState& s) {
  const auto& pods = s.api.pods;
  for (std::size_t i = 1; i < pods.size(); ++i)
    if (pods[i].ordinal == pods[i - 1].ordinal)
      return "two pod objects for identity " + pod_label(m, pods[i].ordinal);
  return std::nullopt;
}

std::optional<std::string> check_identity_step(const Model& m, const model::ClusterState& s, const model::Action& a,
                                               const model::ClusterState& t) {
  if (auto v = two_pods_of_one_ordinal(m, t)) return v;
  return judge_step(m, s, a, t, StepRule::kIdentityStability);
}

}  // namespace

Property identity_stability() {
  Property p;
  p.id = "identity-stability";
  p.statement =
      "At most one pod object per ordinal. Pod name <set>-<ord>, hostname = name, subdomain = serviceName, pod-name "
      "and pod-index labels, DNS name <pod>.<service>.<ns>.svc.cluster.local; each volume claims exactly "
      "<template>-<set>-<ord>. A re-created pod binds the same PVC incarnation unless the retention policy deleted it.";
  p.kind = checker::PropertyKind::kStep;
  // A state alone (an initial state): the step from it to itself, which creates nothing.
  p.invariant = [](const Model& m, const model::ClusterState& s) {
    return check_identity_step(m, s, model::Action{model::Reconcile{}}, s);
  };
  p.step = check_identity_step;
  return p;
}

Property pvc_retention() {
  Property p;
  p.id = "pvc-retention";
  p.statement =
      "A PVC is deleted only as the policy allows: never under Retain/Retain; under whenScaled=Delete only PVCs of "
      "condemned ordinals, after their pod is gone; under whenDeleted=Delete only after the StatefulSet is deleted; "
      "an in-range PVC never. Scale down then up under Retain reattaches the same PVC incarnation. And the other "
      "way: under whenScaled=Delete the controller deletes a condemned pod only once every claim of it carries an "
      "owner reference to that pod, so the claims go with it.";
  p.kind = checker::PropertyKind::kStep;
  p.step = [](const Model& m, const model::ClusterState& s, const model::Action& a, const model::ClusterState& t) {
    return judge_step(m, s, a, t, StepRule::kPvcRetention);
  };
  return p;
}

}  // namespace stsmc::properties
