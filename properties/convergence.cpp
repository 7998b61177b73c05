// status-accuracy and convergence: at a fixpoint of the controller the status tells the truth,
// and a quiet, fair world reaches the desired state (docs/architecture.md §4).
#include <algorithm>

#include "properties/catalog.h"
#include "properties/state_queries.h"

namespace stsmc::properties {
namespace {

std::optional<std::string> check_status(const Model& m, const model::ClusterState& s) {
  if (!s.api.set.exists || !next_sync(m, s).quiescent) return std::nullopt;
  const auto& st = s.api.set.status;
  const spec::SetSpec& sp = s.api.set.spec;
  std::int32_t replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
  for (const auto& p : s.api.pods) {
    ++replicas;
    if (p.phase == spec::PodPhase::kRunning && p.ready) {
      ++ready;
      if (spec::is_available(p, sp.min_ready_seconds)) ++available;
    }
    if (p.terminating) continue;
    if (st.current_revision == p.revision) ++current;
    if (st.update_revision == p.revision) ++updated;
  }
  const auto mismatch = [](const char* field, std::int64_t reported, std::int64_t actual) {
    return std::string("status.") + field + " is " + std::to_string(reported) + " but the pods say " +
           std::to_string(actual) + " (the controller has nothing left to do)";
  };
  if (st.observed_generation != s.api.set.generation)
    return mismatch("observedGeneration", st.observed_generation, s.api.set.generation);
  if (st.replicas != replicas) return mismatch("replicas", st.replicas, replicas);
  if (st.ready_replicas != ready) return mismatch("readyReplicas", st.ready_replicas, ready);
  if (st.available_replicas != available) return mismatch("availableReplicas", st.available_replicas, available);
  if (st.current_replicas != current) return mismatch("currentReplicas", st.current_replicas, current);
  if (st.updated_replicas != updated) return mismatch("updatedReplicas", st.updated_replicas, updated);
  if (st.update_revision != sp.pod_template) return std::string("status.updateRevision is not the set's template");
  if (!st.current_revision || !s.api.find_revision(*st.current_revision))
    return std::string("status.currentRevision names no existing revision");
  return std::nullopt;
}

// The GC has nothing left to do: no controlled pod of a deleted set, no claim whose owners are all gone.
bool gc_quiet(const model::ClusterState& s) {
  for (const auto& p : s.api.pods)
    if (!s.api.set.exists && p.controlled && !p.terminating) return false;
  for (const auto& c : s.api.pvcs) {
    if (c.terminating) return false;
    if (!c.owners.empty() &&
        std::none_of(c.owners.begin(), c.owners.end(), [&](const spec::OwnerRef& r) { return s.api.owner_exists(r); }))
      return false;
  }
  return true;
}

bool desired(const Model& m, const model::ClusterState& s) {
  if (!gc_quiet(s)) return false;
  if (!s.api.set.exists)
    return std::none_of(s.api.pods.begin(), s.api.pods.end(), [](const Pod& p) { return p.controlled; });
  const spec::SetSpec sp = effective_spec(m, s);
  // A template whose pods never become Ready has no reachable desired state: then the goal is
  // only that reconciliation is stable (the controller has nothing left to do).
  if (m.broken(sp.pod_template)) return next_sync(m, s).quiescent;
  const bool rolling = sp.update_strategy.type == spec::UpdateStrategyType::kRollingUpdate;
  for (const auto& p : s.api.pods) {
    if (!sp.in_range(p.ordinal) || p.terminating || p.phase != spec::PodPhase::kRunning) return false;
    const bool needs_ready = !m.broken(p.revision);
    if (needs_ready && !running_ready_available(sp, p)) return false;
    if (rolling && p.ordinal - sp.start() >= sp.update_strategy.partition.value_or(0) && p.revision != sp.pod_template)
      return false;
  }
  if (static_cast<std::int32_t>(s.api.pods.size()) != sp.replicas) return false;
  return next_sync(m, s).quiescent;
}

/// While whenScaled is Retain, a claim is being deleted under a pod that uses it: the claim kept
/// an owner reference to an earlier pod of that name (set while whenScaled was Delete), which
/// the controller removes only by UID, so the GC deleted the claim once that pod was gone, and
/// pvc-protection holds it Terminating for the new pod (which stays Pending if it had not started).
bool claim_deleted_under_its_pod(const model::ClusterState& s) {
  if (!s.api.set.exists || s.api.set.spec.retention_policy.when_scaled != spec::RetentionPolicyType::kRetain)
    return false;
  for (const auto& c : s.api.pvcs) {
    if (!c.terminating) continue;
    for (const auto& r : c.owners) {
      if (r.kind != spec::OwnerKind::kPod) continue;
      const Pod* p = s.api.find_pod(r.ordinal);
      if (p && !p->terminating && p->uid != r.uid && p->ordinal == c.ordinal) return true;
    }
  }
  return false;
}

/// Under OrderedReady a scale-down halts while a condemned pod (out of range, not terminating)
/// is unhealthy: the controller deletes only the first unhealthy pod, highest ordinal first.
bool scale_down_halted_by_unhealthy(const Model& m, const model::ClusterState& s) {
  if (!m.config().controller.monotonic() || !s.api.set.exists) return false;
  const spec::SetSpec sp = effective_spec(m, s);
  std::size_t unhealthy_condemned = 0;
  for (const auto& p : s.api.pods)
    if (!sp.in_range(p.ordinal) && !p.terminating && !healthy(m, sp, p)) ++unhealthy_condemned;
  return unhealthy_condemned >= 2;
}

std::string known_upstream(const Model& m, const std::vector<model::ClusterState>& loop) {
  if (!loop.empty() && std::all_of(loop.begin(), loop.end(), claim_deleted_under_its_pod))
    return "upstream behaviour (1.28, KEP-1847 owner references; the review of kubernetes#99728 raised it): a claim "
           "that kept an owner reference to an earlier pod (set while whenScaled was Delete) is garbage-collected "
           "after whenScaled went back to Retain, because the controller removes pod references only by UID; "
           "pvc-protection holds it Terminating under the new pod (Pending if it had not started, and the claim "
           "goes with the pod): remove the stale ownerReference by hand";
  if (!loop.empty() &&
      std::all_of(loop.begin(), loop.end(), [&](const auto& s) { return scale_down_halted_by_unhealthy(m, s); }))
    return "known upstream behaviour (kubernetes#36333, #57865; the docs' 'Scale a StatefulSet'): under OrderedReady "
           "a scale-down halts while condemned pods are unhealthy (here terminal ones, which the controller "
           "replaces only inside the ordinal range): delete them by hand";
  for (const auto& s : loop) {
    for (const auto& p : s.api.pods) {
      if (p.node_lost)
        return "known upstream behaviour (kubernetes#54368, #74689): a pod on a lost node stays Terminating and the "
               "controller never creates a second pod for its identity (at-most-one semantics, by design)";
      if (m.config().controller.monotonic() && m.broken(p.revision) && s.api.set.exists &&
          !m.broken(s.api.set.spec.pod_template))
        return "known upstream behaviour (kubernetes#67250): under OrderedReady the controller waits for the pod of a "
               "broken template to become Ready before it replaces it, so reverting the template never takes effect "
               "(the docs' 'Forced rollback': delete the pod by hand)";
    }
  }
  return "";
}

}  // namespace

Property status_accuracy() {
  Property p;
  p.id = "status-accuracy";
  p.statement =
      "Whenever the controller has nothing left to do (one more reconcile would change nothing), replicas/"
      "readyReplicas/availableReplicas/currentReplicas/updatedReplicas and the revisions match the pods. In between, "
      "status may lag by one sync, as upstream's does.";
  p.kind = checker::PropertyKind::kInvariant;
  p.invariant = check_status;
  return p;
}

Property convergence() {
  Property p;
  p.id = "convergence";
  p.statement =
      "Once the user stops acting and faults stop, under weak fairness for the controller, kubelet, provisioner and "
      "GC, the cluster reaches and stays in the desired state. Known upstream exceptions (kubernetes#67250, "
      "#54368, #36333, KEP-1847's stale claims after a policy change) are reported as such.";
  p.kind = checker::PropertyKind::kLiveness;
  p.goal = desired;
  p.known_upstream = known_upstream;
  return p;
}

}  // namespace stsmc::properties
