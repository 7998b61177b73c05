// identity-stability and pvc-retention: one pod object per identity with the right name and
// claims, and PVCs deleted only as the retention policy allows (docs/architecture.md §4).
#include <algorithm>
#include <variant>

#include "properties/catalog.h"
#include "properties/state_queries.h"

namespace stsmc::properties {
namespace {

using spec::RetentionPolicyType;

std::optional<std::string> check_identity(const Model& m, const model::ClusterState& s) {
  const auto& pods = s.api.pods;
  for (std::size_t i = 1; i < pods.size(); ++i)
    if (pods[i].ordinal == pods[i - 1].ordinal)
      return "two pod objects for identity " + pod_label(m, pods[i].ordinal);
  for (const auto& p : pods)
    if (p.identity != p.ordinal)
      return "pod " + pod_label(m, p.ordinal) + " carries the identity of " + pod_label(m, p.identity) +
             " (hostname, pod-name/pod-index labels, claims)";
  return std::nullopt;
}

std::optional<std::string> check_identity_step(const Model& m, const model::ClusterState& s, const model::Action&,
                                               const model::ClusterState& next) {
  for (const auto& p : created_pods(s, next)) {
    for (std::size_t t = 0; t < m.config().controller.claim_templates.size(); ++t) {
      const auto tt = static_cast<std::uint8_t>(t);
      const spec::Pvc* before = s.api.find_pvc(tt, p.ordinal);
      const spec::Pvc* after = next.api.find_pvc(tt, p.ordinal);
      if (!after)
        return "created " + pod_label(m, p.ordinal) + " without its claim " +
               m.config().controller.claim_name(tt, p.ordinal) + " (createPersistentVolumeClaims comes first)";
      if (after->terminating)
        return "created " + pod_label(m, p.ordinal) + " on the terminating claim " +
               m.config().controller.claim_name(tt, p.ordinal) + " (kubernetes#74374)";
      if (before && !before->terminating && after->uid != before->uid)
        return "re-created " + pod_label(m, p.ordinal) + " bound a new incarnation of " +
               m.config().controller.claim_name(tt, p.ordinal);
    }
  }
  return std::nullopt;
}

// Phase B before Phase C (updateStatefulSet: fixPodClaim runs before processCondemned): under
// whenScaled=Delete the controller deletes a condemned pod only after every claim of it carries an
// owner reference to that pod (same UID), so the GC deletes the claims once the pod is gone (the
// positive half of the promise; convergence's goal asks the GC to act on such claims). A claim
// already being deleted is going anyway. Pods that vanish outside a sync (forced deletion, the
// kubelet) are not the controller's: upstream accepts that their claims stay (kubernetes#99728).
std::optional<std::string> check_claims_owned_before_scale_down(const Model& m, const model::ClusterState& s,
                                                                const model::ClusterState& next,
                                                                const spec::SetSpec& sp) {
  const auto& cc = m.config().controller;
  if (!cc.gates.StatefulSetAutoDeletePVC || sp.retention_policy.when_scaled != RetentionPolicyType::kDelete)
    return std::nullopt;
  for (const auto& p : deleted_pods(s, next)) {
    if (sp.in_range(p.ordinal)) continue;
    for (std::size_t t = 0; t < cc.claim_templates.size(); ++t) {
      const spec::Pvc* c = next.api.find_pvc(static_cast<std::uint8_t>(t), p.ordinal);
      if (!c || c->terminating) continue;
      const bool owned = std::any_of(c->owners.begin(), c->owners.end(), [&](const spec::OwnerRef& r) {
        return r.kind == spec::OwnerKind::kPod && r.ordinal == p.ordinal && r.uid == p.uid;
      });
      if (!owned)
        return "the controller deleted condemned pod " + pod_label(m, p.ordinal) + " before claim " +
               cc.claim_name(static_cast<std::uint8_t>(t), p.ordinal) +
               " got an owner reference to it (whenScaled is Delete): the claim will outlive its pod";
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_retention(const Model& m, const model::ClusterState& s, const model::Action& a,
                                           const model::ClusterState& next) {
  const auto& cc = m.config().controller;
  if (model::is_sync(a) && s.api.set.exists) {
    const spec::SetSpec sp = effective_spec(m, s);
    const auto& pol = sp.retention_policy;
    for (const auto& [claim, ref] : added_refs(s, next)) {
      const std::string name = cc.claim_name(claim.claim_template, claim.ordinal);
      const bool scaled_down = !sp.in_range(claim.ordinal);
      if (ref.kind == spec::OwnerKind::kStatefulSet &&
          !(pol.when_deleted == RetentionPolicyType::kDelete && (pol.when_scaled == RetentionPolicyType::kRetain || !scaled_down)))
        return "claim " + name + " got an owner reference to the StatefulSet, which its policy does not allow";
      if (ref.kind == spec::OwnerKind::kPod && !(pol.when_scaled == RetentionPolicyType::kDelete && scaled_down))
        return "claim " + name + " got an owner reference to its pod although " +
               (scaled_down ? "whenScaled is Retain" : "its ordinal is in range");
    }
    if (auto v = check_claims_owned_before_scale_down(m, s, next, sp)) return v;
  }
  for (const auto& c : s.api.pvcs) {
    const spec::Pvc* after = next.api.find_pvc(c.claim_template, c.ordinal);
    const bool gone = !after || after->uid != c.uid;
    const bool started = after && after->uid == c.uid && after->terminating && !c.terminating;
    if (!gone && !started) continue;
    const std::string name = cc.claim_name(c.claim_template, c.ordinal);
    if (!c.terminating) {
      if (c.owners.empty()) return "claim " + name + " was deleted although nothing owned it (policy Retain)";
      for (const auto& r : c.owners)
        if (s.api.owner_exists(r)) return "claim " + name + " was deleted while its owner still existed";
    }
    if (gone && m.config().pvc_protection && next.api.find_pod(c.ordinal))
      return "claim " + name + " was removed while pod " + pod_label(m, c.ordinal) + " still existed";
  }
  return std::nullopt;
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
  p.invariant = check_identity;
  p.step = [](const Model& m, const model::ClusterState& s, const model::Action& a, const model::ClusterState& n) {
    if (auto v = check_identity(m, n)) return v;
    return check_identity_step(m, s, a, n);
  };
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
  p.step = check_retention;
  return p;
}

}  // namespace stsmc::properties
