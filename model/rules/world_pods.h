#pragma once
// The world's pod actions (model/rules/world.h): the kubelet's reports, the API server's pod
// delete, ClaimPods' view of which pods are the set's, and the user's and the faults' pod edits.
#include <cstdint>

#include "model/rules/world_common.h"

namespace stsmc::model::rules::world {

/// The action kinds that name one pod (FlatAction::a is its ordinal), in the order the checking
/// model lists them for a pod: the kubelet's, then the user's and the faults'.
inline constexpr std::int64_t kKubeletPodKinds[] = {kind_of<TerminationFinished>, kind_of<PodAssigned>,
                                                    kind_of<PodScheduled>, kind_of<PodReady>,
                                                    kind_of<PodAvailable>};
inline constexpr std::int64_t kUserPodKinds[] = {kind_of<PodFailed>, kind_of<PodSucceeded>, kind_of<PodUnready>,
                                                 kind_of<NodeLost>,  kind_of<DeletePod>,    kind_of<OrphanPod>,
                                                 kind_of<LabelPod>};

/// What a pod's actions read besides the pod.
template <class D>
struct PodContext {
  /// Every claim of the pod's ordinal exists, is bound and is not terminating (the kubelet starts
  /// a pod only then: its volumes must attach).
  typename D::Bool claims_bound;
  /// The pod's template crash-loops: Running, never Ready (StatefulSetModel::broken).
  typename D::Bool broken;
  typename D::Int min_ready_seconds;
  typename D::Bool set_exists;
};

/// A claim the kubelet can mount for a pod: it exists, is bound and is not terminating (a pod
/// whose claims are not all usable stays Pending).
template <class D>
typename D::Bool claim_usable(const FlatClaim<D>& c) {
  return c.exists && c.bound && !c.terminating;
}

/// Pods of template `revision` crash-loop: the checking model's broken template (Bounds).
template <class D>
typename D::Bool broken(const D& d, const ModelConfig& cfg, const typename D::Int& revision) {
  auto r = d.ff();
  for (const auto t : cfg.broken_templates) r = r || revision == d.num(t);
  return r;
}

/// Under g the pod is gone: every field of its slot zero. (Field by field: over Z3 terms a Bool
/// and an Int are the same C++ type. A field added to FlatPod and missed here would show in
/// transition_test.cpp: the concrete side erases the pod, the symbolic one keeps the field.)
template <class D>
void clear_pod(const D& d, FlatPod<D>& n, const typename D::Bool& g) {
  const auto f = d.ff();
  const auto z = d.num(0);
  for (auto* b : {&n.exists, &n.ready, &n.terminating, &n.node_bound, &n.controlled, &n.node_lost, &n.unlabeled})
    put(d, *b, g, f);
  for (auto* i : {&n.uid, &n.phase, &n.ready_seconds, &n.revision, &n.identity}) put(d, *i, g, z);
}

/// The kubelet reports the Ready condition: its transition time (ready_seconds) restarts only
/// when the condition changes.
template <class D>
void set_ready(const D& d, const FlatPod<D>& p, FlatPod<D>& n, const typename D::Bool& g, bool ready) {
  put(d, n.ready_seconds, g && p.ready != d.lit(ready), d.num(0));
  put(d, n.ready, g, d.lit(ready));
}

/// The API server's pod delete (registry/core/pod: graceful deletion; also the controller's,
/// pod_control.h): a terminating pod is left alone unless forced; a forced delete, a pod never
/// bound to a node and a terminal pod go at once; any other starts terminating.
template <class D>
void delete_pod(const D& d, const FlatPod<D>& p, FlatPod<D>& n, const typename D::Bool& g,
                const typename D::Bool& force) {
  const auto acts = g && p.exists && (force || !p.terminating);
  const auto gone = force || !p.node_bound || p.phase == d.num(kSucceeded) || p.phase == d.num(kFailed);
  clear_pod(d, n, acts && gone);
  put(d, n.terminating, acts && !gone, d.tt());
}

/// The pod is among those the set's controller lists once ClaimPods has run
/// (pkg/controller/controller_ref_manager.go, ClaimObject, with the selector as filter): its
/// labels match the selector, and it is controlled by the set or can be adopted (an orphan is
/// adopted unless it is terminating). A controlled pod whose labels no longer match is released;
/// an orphan that is terminating is left alone. (The pods of other owners do not occur: a
/// pod's only possible controller is the set.)
template <class D>
typename D::Bool claimed(const FlatPod<D>& p) {
  return p.exists && !p.unlabeled && (p.controlled || !p.terminating);
}

/// True when the checking model enables pod action `kind` on `p` (budgets aside). `b` is the
/// action's second argument: PodAvailable's seconds (exactly what ages the condition to
/// minReadySeconds), DeletePod's force (the model deletes gracefully only) and LabelPod's
/// matching (the model toggles the labels: b = 1 exactly when they do not match); 0 for the
/// others.
template <class D>
typename D::Bool pod_enabled(const D& d, std::int64_t kind, const FlatPod<D>& p, const PodContext<D>& c,
                             const typename D::Int& b) {
  const auto alive = p.exists && !p.terminating;
  const auto phase = [&](std::int64_t v) { return p.phase == d.num(v); };
  switch (kind) {
    // The kubelet (pkg/kubelet: the pod's lifecycle as the controller observes it).
    case kind_of<TerminationFinished>: return p.exists && p.terminating && !p.node_lost;
    case kind_of<PodAssigned>: return alive && !p.node_bound;  // the scheduler binds it
    case kind_of<PodScheduled>: return alive && phase(kPending) && p.node_bound && c.claims_bound;
    case kind_of<PodReady>: return alive && phase(kRunning) && !p.ready && !c.broken;
    case kind_of<PodAvailable>:
      return alive && p.ready && c.min_ready_seconds > d.num(0) && p.ready_seconds < c.min_ready_seconds &&
             b == c.min_ready_seconds - p.ready_seconds;
    // Faults and the user.
    case kind_of<PodFailed>:
    case kind_of<PodSucceeded>: return alive && phase(kRunning);
    case kind_of<PodUnready>: return alive && p.ready;
    case kind_of<NodeLost>: return alive && p.node_bound;
    case kind_of<DeletePod>: return alive && b == d.num(0);
    // The user's edits of the pod's metadata: they may be made on any pod that exists.
    case kind_of<OrphanPod>: return p.exists && p.controlled;
    case kind_of<LabelPod>: return p.exists && d.ite(b == d.num(0), !p.unlabeled, p.unlabeled && b == d.num(1));
    // The garbage collector (pkg/controller/garbagecollector): a pod whose controller, the set,
    // is gone is deleted as by the API (not forced); an orphaned pod is not its dependent.
    case kind_of<GcDelete>: return p.exists && p.controlled && !c.set_exists && !p.terminating;
    default: return d.ff();
  }
}

/// The effect of pod action `kind` on `p`, written into `n` (a copy of `p`) under `g`; `b` as
/// for pod_enabled.
template <class D>
void pod_effect(const D& d, std::int64_t kind, const FlatPod<D>& p, FlatPod<D>& n, const typename D::Bool& g,
                const typename D::Int& b) {
  switch (kind) {
    case kind_of<TerminationFinished>: clear_pod(d, n, g && p.terminating); return;
    case kind_of<PodAssigned>: put(d, n.node_bound, g, d.tt()); return;
    case kind_of<PodScheduled>:  // bound and started: Running
      put(d, n.node_bound, g, d.tt());
      put(d, n.phase, g, d.num(kRunning));
      return;
    case kind_of<PodReady>: set_ready(d, p, n, g, true); return;
    case kind_of<PodUnready>: set_ready(d, p, n, g, false); return;
    case kind_of<PodAvailable>:
      // Time passes for a Ready condition; a False one restarts its clock when it turns True.
      put(d, n.ready_seconds, g && p.ready, d.min(p.ready_seconds + b, d.num(kSecondsMax)));
      return;
    case kind_of<PodFailed>:
    case kind_of<PodSucceeded>:
      put(d, n.phase, g, d.num(kind == kind_of<PodFailed> ? kFailed : kSucceeded));
      set_ready(d, p, n, g, false);
      return;
    case kind_of<NodeLost>:
      // The node controller marks the pod NotReady, then evicts it; nothing on the lost node
      // finishes the termination (only a forced delete removes it).
      set_ready(d, p, n, g, false);
      put(d, n.terminating, g, d.tt());
      put(d, n.node_lost, g, d.tt());
      return;
    case kind_of<DeletePod>: delete_pod(d, p, n, g, b != d.num(0)); return;
    case kind_of<OrphanPod>: put(d, n.controlled, g, d.ff()); return;
    case kind_of<LabelPod>: put(d, n.unlabeled, g, b == d.num(0)); return;
    case kind_of<GcDelete>: delete_pod(d, p, n, g, d.ff()); return;
    default: return;
  }
}

}  // namespace stsmc::model::rules::world
