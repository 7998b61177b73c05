#pragma once
// The world's actions on one pod or one claim, written once over a value domain: when the
// checking model enables each kind (StatefulSetModel::actions) and what it does
// (model::apply_action). The concrete engines run them on one object's flat form
// (to_flat(spec::Pod)); the symbolic step (transition.h) on every slot, each write guarded by
// "this kind, this slot, enabled".
//
// Two levels, as the two callers need them: `*_enabled` is the checking model's enabledness
// (what the kubelet, the provisioner, the garbage collector, the user and the faults may do in
// a state, budgets aside); `*_effect` is the action's effect under a guard `g`. A scripted step
// (scenarios, conformance, replay) runs the effect on any pod that exists, the API server's
// semantics, so an effect is total: it never assumes more than the pod's existence.
#include <cstdint>

#include "model/rules/domain.h"
#include "model/rules/flat_state.h"

namespace stsmc::model::rules::world {

inline constexpr std::int64_t kPending = static_cast<std::int64_t>(spec::PodPhase::kPending);
inline constexpr std::int64_t kRunning = static_cast<std::int64_t>(spec::PodPhase::kRunning);
inline constexpr std::int64_t kSucceeded = static_cast<std::int64_t>(spec::PodPhase::kSucceeded);
inline constexpr std::int64_t kFailed = static_cast<std::int64_t>(spec::PodPhase::kFailed);
/// Pod.ready_seconds saturates at the largest uint32.
inline constexpr std::int64_t kSecondsMax = 0xffffffffLL;

/// The action kinds that name one pod (FlatAction::a is its ordinal), in the order the checking
/// model lists them for a pod: the kubelet's, then the user's and the faults'.
inline constexpr std::int64_t kKubeletPodKinds[] = {kind_of<TerminationFinished>, kind_of<PodAssigned>,
                                                    kind_of<PodScheduled>, kind_of<PodReady>,
                                                    kind_of<PodAvailable>};
inline constexpr std::int64_t kUserPodKinds[] = {kind_of<PodFailed>, kind_of<PodSucceeded>, kind_of<PodUnready>,
                                                 kind_of<NodeLost>, kind_of<DeletePod>};

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

template <class D, class T>
void put(const D& d, T& field, const typename D::Bool& g, const T& v) {
  field = d.ite(g, v, field);
}

/// Under g the pod is gone: every field of its slot zero.
/// (Field by field: over Z3 terms a Bool and an Int are the same C++ type.)
template <class D>
void clear_pod(const D& d, FlatPod<D>& n, const typename D::Bool& g) {
  const auto f = d.ff();
  const auto z = d.num(0);
  for (auto* b : {&n.exists, &n.ready, &n.terminating, &n.node_bound, &n.controlled, &n.node_lost}) put(d, *b, g, f);
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

/// True when the checking model enables pod action `kind` on `p` (budgets aside). `b` is the
/// action's second argument: PodAvailable's seconds (exactly what ages the condition to
/// minReadySeconds) and DeletePod's force (the model deletes gracefully only); 0 for the others.
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
    case kind_of<GcDelete>: delete_pod(d, p, n, g, d.ff()); return;
    default: return;
  }
}

/// The external provisioner binds a pending claim (PvcBound).
template <class D>
typename D::Bool bind_enabled(const FlatClaim<D>& c) {
  return c.exists && !c.bound && !c.terminating;
}
template <class D>
void bind_effect(const D& d, FlatClaim<D>& n, const typename D::Bool& g) {
  put(d, n.bound, g, d.tt());
}

}  // namespace stsmc::model::rules::world
