// status-accuracy and convergence: at a fixpoint of the controller the status tells the truth,
// and a quiet, fair world reaches the desired state (docs/architecture.md §4).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

#include "core/check.h"
#include "model/rules/flat_state.h"
#include "model/rules/properties.h"
#include "model/rules/world.h"
#include "properties/catalog.h"
#include "properties/state_queries.h"

namespace stsmc::properties {
namespace {

using model::rules::Concrete;

/// What status-accuracy and convergence's goal ask of one state, each computed once: its flat
/// form in a shape fitted to it (where the rules written over a value domain,
/// model/rules/properties.h, judge it) and whether the controller has nothing left to do. The
/// explorer judges a new state's invariants and then its goal, so the last state asked about is
/// kept per thread, keyed by the model's instance and the whole state (a copy, compared field
/// by field: no hash stands in for the state).
class StateFacts {
 public:
  static StateFacts& of(const Model& m, const model::ClusterState& s) {
    // Two entries, the most recent first: while the explorer judges a state with lagging
    // listers, a known-hit check (properties/known_hits.cpp) asks about the same API state with
    // fresh ones, and the state being judged must not be computed again after it.
    thread_local std::array<StateFacts, 2> kept;
    thread_local std::size_t recent = 0;
    for (const std::size_t i : {recent, 1 - recent})
      if (kept[i].model_ == m.instance() && kept[i].state_ == s) {
        recent = i;
        kept[i].m_ = &m;
        return kept[i];
      }
    recent = 1 - recent;
    StateFacts& e = kept[recent];
    e.model_ = m.instance();
    e.state_ = s;
    e.flat_.reset();
    e.quiescent_.reset();
    e.m_ = &m;
    return e;
  }

  const model::rules::Shape& shape() { return flat().first; }
  const model::rules::FlatState<Concrete>& state() { return *flat().second; }

  /// One more sync changes nothing and records no event. With every lister up to date that is
  /// props::quiescent on the flat form; with a lagging one, model::reconcile's sync, which reads
  /// through it (both run the one sync of model/rules).
  bool quiescent() {
    if (quiescent_) return *quiescent_;
    if (!state_.caches.empty()) {
      quiescent_ = next_sync(*m_, state_).quiescent;
    } else {
      bool overflow = false;
      const bool q = model::rules::props::quiescent(Concrete{}, m_->config(), shape(), state(), &overflow);
      // A sync that would create a pod past ordinal 2147483647 (a faulty controller at the edge
      // of int32) is refused by model::reconcile and changes nothing.
      quiescent_ = q || overflow;
    }
    return *quiescent_;
  }

 private:
  using FlatForm = std::pair<model::rules::Shape, Expected<model::rules::FlatState<Concrete>>>;
  const FlatForm& flat() {
    if (!flat_) {
      auto sh = model::rules::fitted_shape(m_->config(), state_);
      flat_.emplace(sh, model::rules::to_flat(sh, state_));
      STSMC_CHECK(flat_->second.has_value());  // a fitted shape holds every state
    }
    return *flat_;
  }

  std::uint64_t model_ = 0;
  const Model* m_ = nullptr;
  model::ClusterState state_;
  std::optional<FlatForm> flat_;
  std::optional<bool> quiescent_;
};

std::optional<std::string> check_status(const Model& m, const model::ClusterState& s) {
  if (!s.api.set.exists) return std::nullopt;
  auto& facts = StateFacts::of(m, s);
  if (!facts.quiescent()) return std::nullopt;
  model::rules::props::Why why;
  (void)model::rules::props::status_mismatch(Concrete{}, facts.shape(), facts.state(), &why);
  return why.message;
}

// props::converged is monotone in its quiescence argument: the extra sync runs only for states
// that pass every other test (when status-accuracy is checked it has run already).
bool desired(const Model& m, const model::ClusterState& s) {
  auto& facts = StateFacts::of(m, s);
  const auto& cfg = m.config();
  if (!model::rules::props::converged(Concrete{}, cfg, facts.shape(), facts.state(), true)) return false;
  return model::rules::props::converged(Concrete{}, cfg, facts.shape(), facts.state(), facts.quiescent());
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

/// The user deleted a claim (delete-pvc spent) and it is being deleted under a pod that uses it:
/// pvc-protection holds a claim for every scheduled pod that names it (podUsesPVC). A Running pod
/// runs on while the claim waits; a Pending one never starts (the kubelet mounts no claim being
/// deleted), and the controller re-creates no claim that still exists.
bool user_deleted_claim_under_its_pod(const Model& m, const model::ClusterState& s) {
  if (s.budgets.delete_pvc >= m.config().budgets.delete_pvc) return false;
  for (const auto& c : s.api.pvcs) {
    if (!c.terminating) continue;
    const Pod* p = s.api.find_pod(c.ordinal);
    if (p && !p->terminating && model::rules::world::protects(model::rules::to_flat(*p))) return true;
  }
  return false;
}

/// The user edited a pod's labels (label-pod spent) so that they no longer match the selector:
/// the controller released the pod and no longer lists it.
bool user_released_pod(const Model& m, const model::ClusterState& s) {
  if (s.budgets.label_pod >= m.config().budgets.label_pod) return false;
  return std::any_of(s.api.pods.begin(), s.api.pods.end(), [](const Pod& p) { return p.unlabeled; });
}

std::string known_upstream(const Model& m, const std::vector<model::ClusterState>& loop) {
  if (!loop.empty() && std::all_of(loop.begin(), loop.end(), claim_deleted_under_its_pod))
    return "upstream behaviour (1.28, KEP-1847 owner references; the review of kubernetes#99728 raised it): a claim "
           "that kept an owner reference to an earlier pod (set while whenScaled was Delete) is garbage-collected "
           "after whenScaled went back to Retain, because the controller removes pod references only by UID; "
           "pvc-protection holds it Terminating under the new pod (Pending if it had not started, and the claim "
           "goes with the pod): remove the stale ownerReference by hand";
  if (!loop.empty() &&
      std::all_of(loop.begin(), loop.end(), [&](const auto& s) { return user_deleted_claim_under_its_pod(m, s); }))
    return "upstream behaviour (pvc-protection's podUsesPVC, the kubelet's volume manager, the controller's "
           "createPersistentVolumeClaims): a claim the user deleted stays Terminating while a scheduled pod uses it; "
           "a Running pod runs on (the claim goes with it), a Pending one never starts on it, and the controller "
           "does not re-create a claim that still exists: delete the pod by hand (deleted before its pod is "
           "scheduled, the claim goes at once and the controller re-creates it for the Pending pod: e2e 'PVC should "
           "be recreated when pod is pending due to missing PVC')";
  if (!loop.empty() && std::all_of(loop.begin(), loop.end(), [&](const auto& s) { return user_released_pod(m, s); }))
    return "upstream behaviour (ClaimPods in pkg/controller/controller_ref_manager.go, CreateStatefulPod): a pod whose "
           "labels no longer match the selector is released and no longer the set's, but it keeps its name, so the "
           "controller's create of that replica gets AlreadyExists on every sync, and a released pod out of range is "
           "never deleted: restore the labels (the controller adopts the pod again) or delete the pod by hand (e2e "
           "'should adopt matching orphans and release non-matching pods')";
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
