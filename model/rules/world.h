#pragma once
// The world's actions (the kubelet, the provisioner, the garbage collector, the user, the
// faults), written once over a value domain: when the checking model enables each kind
// (StatefulSetModel::actions) and what it does (model::apply_action). The concrete engines run
// them on the flat form of the one object an action touches (to_flat(spec::Pod), a claim, the
// set's fields); the symbolic step (transition.h) on every slot, each write guarded by "this
// kind, these arguments, enabled".
//
// Two levels, as the two callers need them: `*_enabled` is the checking model's enabledness
// (what the kubelet, the provisioner, the garbage collector, the user and the faults may do in
// a state, budgets aside); `*_effect` is the action's effect under a guard `g`. A scripted step
// (scenarios, conformance, replay) runs the effect on any pod that exists, the API server's
// semantics, so an effect is total: it never assumes more than the pod's existence.
#include <cstdint>

#include "model/rules/domain.h"
#include "model/rules/flat_state.h"

namespace stsmc::model::rules {

/// Indices into FlatState::budgets (model::Budgets field order).
namespace budget {
inline constexpr int kScale = 0, kUpdateTemplate = 1, kSetPartition = 2, kSetMaxUnavailable = 3,
                     kSetUpdateStrategy = 4, kSetRetentionPolicy = 5, kSetStartOrdinal = 6, kDeletePod = 7,
                     kDeleteStatefulSet = 8, kPodFailed = 9, kPodSucceeded = 10, kPodUnready = 11, kNodeLost = 12,
                     kWriteError = 13, kInformerLag = 14, kDeletePvc = 15, kOrphanPod = 16, kLabelPod = 17,
                     kOrphanPvc = 18;
}  // namespace budget

/// The budget an action kind spends (model::Budgets index), or -1.
constexpr int budget_of_kind(std::int64_t k) {
  if (k == kind_of<Scale>) return budget::kScale;
  if (k == kind_of<UpdateTemplate>) return budget::kUpdateTemplate;
  if (k == kind_of<SetPartition>) return budget::kSetPartition;
  if (k == kind_of<SetMaxUnavailable>) return budget::kSetMaxUnavailable;
  if (k == kind_of<SetUpdateStrategy>) return budget::kSetUpdateStrategy;
  if (k == kind_of<SetRetentionPolicy>) return budget::kSetRetentionPolicy;
  if (k == kind_of<SetStartOrdinal>) return budget::kSetStartOrdinal;
  if (k == kind_of<DeletePod>) return budget::kDeletePod;
  if (k == kind_of<DeleteStatefulSet>) return budget::kDeleteStatefulSet;
  if (k == kind_of<PodFailed>) return budget::kPodFailed;
  if (k == kind_of<PodSucceeded>) return budget::kPodSucceeded;
  if (k == kind_of<PodUnready>) return budget::kPodUnready;
  if (k == kind_of<NodeLost>) return budget::kNodeLost;
  if (k == kind_of<WriteError>) return budget::kWriteError;
  if (k == kind_of<InformerLag>) return budget::kInformerLag;
  if (k == kind_of<DeletePvc>) return budget::kDeletePvc;
  if (k == kind_of<OrphanPod>) return budget::kOrphanPod;
  if (k == kind_of<LabelPod>) return budget::kLabelPod;
  if (k == kind_of<OrphanPvc>) return budget::kOrphanPvc;
  return -1;
}

}  // namespace stsmc::model::rules

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

template <class D, class T>
void put(const D& d, T& field, const typename D::Bool& g, const T& v) {
  field = d.ite(g, v, field);
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

/// The external provisioner binds a pending claim (PvcBound).
template <class D>
typename D::Bool bind_enabled(const FlatClaim<D>& c) {
  return c.exists && !c.bound && !c.terminating;
}
template <class D>
void bind_effect(const D& d, FlatClaim<D>& n, const typename D::Bool& g) {
  put(d, n.bound, g, d.tt());
}

/// What the garbage collector reads of a claim's world: the pod of the claim's ordinal (a pod
/// reference names it) and the set.
template <class D>
struct ClaimContext {
  typename D::Bool pod_exists;
  typename D::Int pod_uid;
  typename D::Bool set_exists;
  /// PVC protection (kubernetes.io/pvc-protection) holds the claim: the finalizer is on (the
  /// checking model's cluster) and a pod of its ordinal uses it (protects()).
  typename D::Bool protected_;
};

/// The pvc-protection controller's test (pkg/controller/volume/pvcprotection, podUsesPVC): a pod
/// uses its claims once it is scheduled (spec.nodeName set), terminal or not. A pod not yet
/// scheduled does not: the kubelet never starts a pod on a claim being deleted, so such a claim
/// may go, and the controller re-creates it for the pending pod (createMissingPersistentVolumeClaims).
template <class D>
typename D::Bool protects(const FlatPod<D>& p) {
  return p.exists && p.node_bound;
}

/// The owner a reference names exists now, with that UID (the garbage collector's test; the
/// empty UID of a never-stored placeholder names nothing). A set reference names the set.
template <class D>
typename D::Bool owner_exists(const D& d, const FlatRef<D>& r, const ClaimContext<D>& c) {
  return d.ite(r.pod, c.pod_exists && r.uid != d.num(0) && c.pod_uid == r.uid, c.set_exists);
}

/// Under g, the claim's references become the ones `keep` marks, in their order, followed by
/// unused (zero) slots (over a domain: every kept reference's new slot is chosen by counting
/// the kept ones before it).
template <class D>
void compact_refs(const D& d, const FlatClaim<D>& c, FlatClaim<D>& n, const Slots<typename D::Bool>& keep,
                  const typename D::Bool& g) {
  using B = typename D::Bool;
  const auto& old = c.refs;
  const std::size_t slots = old.size();
  // before[j]: exactly j of the references before the current one are kept.
  Slots<B> before(slots + 1, d.ff());
  before[0] = d.tt();
  Slots<FlatRef<D>> out(slots, FlatRef<D>(d));
  for (std::size_t i = 0; i < slots; ++i) {
    const B& ki = keep[i];
    for (std::size_t j = 0; j <= i; ++j) {  // reference i goes to slot j
      const B here = ki && before[j];
      put(d, out[j].used, here, old[i].used);
      put(d, out[j].pod, here, old[i].pod);
      put(d, out[j].uid, here, old[i].uid);
    }
    for (std::size_t j = i + 2; j-- > 0;) {
      const B stay = before[j] && !ki;
      before[j] = j == 0 ? stay : stay || (before[j - 1] && ki);
    }
  }
  for (std::size_t j = 0; j < slots; ++j) {
    put(d, n.refs[j].used, g, out[j].used);
    put(d, n.refs[j].pod, g, out[j].pod);
    put(d, n.refs[j].uid, g, out[j].uid);
  }
}

/// Under g the claim has no owner references: every reference slot zero.
template <class D>
void clear_refs(const D& d, FlatClaim<D>& n, const typename D::Bool& g) {
  for (auto& r : n.refs) {
    put(d, r.used, g, d.ff());
    put(d, r.pod, g, d.ff());
    put(d, r.uid, g, d.num(0));
  }
}

/// Under g the claim is gone: every field of its slot zero.
template <class D>
void clear_claim(const D& d, FlatClaim<D>& n, const typename D::Bool& g) {
  put(d, n.exists, g, d.ff());
  put(d, n.uid, g, d.num(0));
  put(d, n.bound, g, d.ff());
  put(d, n.terminating, g, d.ff());
  clear_refs(d, n, g);
}

/// The garbage collector has work on claim `c` (GcDelete of a claim; attemptToDeleteItem): a
/// terminating claim that protection no longer holds (the finalizer's removal lets it go); a
/// claim with owner references of which some no longer exist.
template <class D>
typename D::Bool gc_claim_enabled(const D& d, const FlatClaim<D>& c, const ClaimContext<D>& x) {
  auto used = d.ff(), all_live = d.tt();
  for (const auto& r : c.refs) {
    used = used || r.used;
    all_live = all_live && (!r.used || owner_exists(d, r, x));
  }
  return c.exists && d.ite(c.terminating, !x.protected_, used && !all_live);
}

/// Its effect under g: a terminating claim goes; a claim none of whose owners exists is deleted
/// (it goes at once, or starts terminating while protection holds it); otherwise the references
/// to owners that are gone are removed (the dangling ones; upstream patches them out).
template <class D>
void gc_claim_effect(const D& d, const FlatClaim<D>& c, FlatClaim<D>& n, const ClaimContext<D>& x,
                     const typename D::Bool& g) {
  Slots<typename D::Bool> live;
  auto none_live = d.tt();
  for (const auto& r : c.refs) {
    live.push_back(r.used && owner_exists(d, r, x));
    none_live = none_live && !live.back();
  }
  clear_claim(d, n, g && (c.terminating || (none_live && !x.protected_)));
  put(d, n.terminating, g && !c.terminating && none_live && x.protected_, d.tt());
  compact_refs(d, c, n, live, g && !c.terminating && !none_live);
}

/// The user deletes a claim (DeletePvc; kubectl delete pvc): the checking model tries it on a
/// claim that is not terminating already.
template <class D>
typename D::Bool delete_claim_enabled(const FlatClaim<D>& c) {
  return c.exists && !c.terminating;
}

/// Its effect under g, as the API server's delete of an object with the pvc-protection finalizer
/// and pvc-protection's first look at it: the claim goes at once unless protection holds it, then
/// it is terminating until the garbage collector's claim step (the finalizer's removal) lets it
/// go. Deleting a terminating claim changes nothing (its deletion is under way).
template <class D>
void delete_claim_effect(const D& d, const FlatClaim<D>& c, FlatClaim<D>& n, const ClaimContext<D>& x,
                         const typename D::Bool& g) {
  const auto acts = g && c.exists && !c.terminating;
  clear_claim(d, n, acts && !x.protected_);
  put(d, n.terminating, acts && x.protected_, d.tt());
}

/// The user removes a claim's owner references (OrphanPvc; kubectl patch pvc): the checking
/// model tries it on a claim that has some and is not terminating.
template <class D>
typename D::Bool orphan_claim_enabled(const D& d, const FlatClaim<D>& c) {
  auto owned = d.ff();  // a claim's flat form may have no reference slots at all
  for (const auto& r : c.refs) owned = owned || r.used;
  return c.exists && !c.terminating && owned;
}

/// Its effect under g: the claim has no owner references (a metadata patch: allowed on a
/// terminating claim too, where it changes nothing the garbage collector cares about).
template <class D>
void orphan_claim_effect(const D& d, const FlatClaim<D>& c, FlatClaim<D>& n, const typename D::Bool& g) {
  clear_refs(d, n, g && c.exists);
}

// ---- the user's edits of the set (kubectl scale, edit, patch, delete) -----------------------

inline constexpr std::int64_t kRolling = static_cast<std::int64_t>(spec::UpdateStrategyType::kRollingUpdate);

/// The spec edits, in the order the checking model lists them. Arguments (FlatAction):
/// scale a = replicas; update-template a = template; set-partition a = partition;
/// set-max-unavailable a = value, b = percent; set-update-strategy a = type;
/// set-retention-policy a = whenDeleted, b = whenScaled; set-start-ordinal a = has start,
/// b = start; set-min-ready-seconds a = seconds.
inline constexpr std::int64_t kSpecEditKinds[] = {kind_of<Scale>, kind_of<UpdateTemplate>, kind_of<SetPartition>,
                                                  kind_of<SetMaxUnavailable>, kind_of<SetUpdateStrategy>,
                                                  kind_of<SetRetentionPolicy>, kind_of<SetStartOrdinal>,
                                                  kind_of<SetMinReadySeconds>};

/// The argument values the checking model tries for a user action (an empty range: none).
struct ArgRange {
  std::int64_t a_lo = 0, a_hi = -1, b_lo = 0, b_hi = 0;
  bool empty() const { return a_lo > a_hi || b_lo > b_hi; }
};

/// Those of `kind` under `cfg`'s bounds: replicas and partitions up to max_replicas, every
/// template, maxUnavailable 1 or 2 (a number), both strategies and retention policies, start
/// ordinal 0 or 1, deleting the set with or without orphaning; minReadySeconds is not edited.
inline ArgRange user_args(const ModelConfig& cfg, std::int64_t kind) {
  const std::int64_t max_replicas = cfg.bounds.max_replicas;
  const auto templates = static_cast<std::int64_t>(cfg.controller.templates.size());
  switch (kind) {
    case kind_of<Scale>:
    case kind_of<SetPartition>: return {0, max_replicas, 0, 0};
    case kind_of<UpdateTemplate>: return {0, templates - 1, 0, 0};
    case kind_of<SetMaxUnavailable>: return {1, 2, 0, 0};
    case kind_of<SetUpdateStrategy>: return {0, 1, 0, 0};
    case kind_of<SetRetentionPolicy>: return {0, 1, 0, 1};
    case kind_of<SetStartOrdinal>: return {1, 1, 0, 1};
    case kind_of<DeleteStatefulSet>: return {0, 1, 0, 0};
    default: return {};
  }
}

/// The API server's defaulting of spec.updateStrategy (SetDefaults_StatefulSet), applied to `n`
/// under g: RollingUpdate gets partition 0 and, under the MaxUnavailableStatefulSet gate,
/// maxUnavailable 1, where they are absent; OnDelete gets neither. (A manifest's spec through
/// model::default_update_strategy, a new strategy type through edit_effect.)
template <class D>
void default_strategy(const D& d, const ModelConfig& cfg, FlatState<D>& n, const typename D::Bool& g) {
  const auto rolling = g && n.strategy_type == d.num(kRolling);
  const auto no_partition = rolling && !n.has_partition;
  put(d, n.has_partition, no_partition, d.tt());
  put(d, n.partition, no_partition, d.num(0));
  if (!cfg.controller.gates.MaxUnavailableStatefulSet) return;
  const auto no_max_unavailable = rolling && !n.has_max_unavailable;
  put(d, n.has_max_unavailable, no_max_unavailable, d.tt());
  put(d, n.max_unavailable, no_max_unavailable, d.num(1));
  put(d, n.max_unavailable_percent, no_max_unavailable, d.ff());
}

/// True when spec edit `kind` with arguments (a, b) changes the spec of `s` (then the API
/// server moves metadata.generation).
template <class D>
typename D::Bool spec_changes(const D& d, std::int64_t kind, const FlatState<D>& s, const typename D::Int& a,
                              const typename D::Int& b) {
  const auto zero = d.num(0);
  switch (kind) {
    case kind_of<Scale>: return a != s.replicas;
    case kind_of<UpdateTemplate>: return a != s.pod_template;
    case kind_of<SetPartition>: return !s.has_partition || a != s.partition;
    case kind_of<SetMaxUnavailable>:
      return !(s.has_max_unavailable && s.max_unavailable == a && s.max_unavailable_percent == (b != zero));
    case kind_of<SetUpdateStrategy>: return a != s.strategy_type;
    case kind_of<SetRetentionPolicy>: return !(a == s.when_deleted && b == s.when_scaled);
    case kind_of<SetStartOrdinal>: return s.has_start != (a != zero) || (a != zero && b != s.start);
    case kind_of<SetMinReadySeconds>: return a != s.min_ready_seconds;
    default: return d.ff();
  }
}

/// True when the checking model enables spec edit `kind` with arguments (a, b) in `s` (budgets
/// aside): the set exists, the arguments are among user_args, a partition or maxUnavailable only
/// under RollingUpdate, and the edit changes what the controller reads (an absent partition or
/// start ordinal reads as 0, so setting 0 there is not tried).
template <class D>
typename D::Bool edit_enabled(const D& d, const ModelConfig& cfg, std::int64_t kind, const FlatState<D>& s,
                              const typename D::Int& a, const typename D::Int& b) {
  const ArgRange r = user_args(cfg, kind);
  if (r.empty()) return d.ff();
  const auto in = d.num(r.a_lo) <= a && a <= d.num(r.a_hi) && d.num(r.b_lo) <= b && b <= d.num(r.b_hi);
  const auto rolling = s.strategy_type == d.num(kRolling);
  auto change = spec_changes(d, kind, s, a, b);
  if (kind == kind_of<SetPartition>) change = rolling && a != s.partition;
  if (kind == kind_of<SetMaxUnavailable>) change = rolling && change;
  if (kind == kind_of<SetStartOrdinal>) change = b != s.start;
  return s.set_exists && in && change;
}

/// The effect of spec edit `kind` with arguments (a, b), written into `n` under g; the
/// generation moves when the spec changes.
template <class D>
void edit_effect(const D& d, const ModelConfig& cfg, std::int64_t kind, const FlatState<D>& s, FlatState<D>& n,
                 const typename D::Bool& g, const typename D::Int& a, const typename D::Int& b) {
  const auto zero = d.num(0);
  switch (kind) {
    case kind_of<Scale>: put(d, n.replicas, g, a); break;
    case kind_of<UpdateTemplate>: put(d, n.pod_template, g, a); break;
    case kind_of<SetPartition>:
      put(d, n.has_partition, g, d.tt());
      put(d, n.partition, g, a);
      break;
    case kind_of<SetMaxUnavailable>:
      put(d, n.has_max_unavailable, g, d.tt());
      put(d, n.max_unavailable, g, a);
      put(d, n.max_unavailable_percent, g, b != zero);
      break;
    case kind_of<SetUpdateStrategy>: {
      // A new strategy type replaces the whole updateStrategy, which the API server defaults.
      const auto h = g && a != s.strategy_type;
      put(d, n.strategy_type, h, a);
      put(d, n.has_partition, h, d.ff());
      put(d, n.partition, h, zero);
      put(d, n.has_max_unavailable, h, d.ff());
      put(d, n.max_unavailable, h, zero);
      put(d, n.max_unavailable_percent, h, d.ff());
      default_strategy(d, cfg, n, h);
      break;
    }
    case kind_of<SetRetentionPolicy>:
      put(d, n.when_deleted, g, a);
      put(d, n.when_scaled, g, b);
      break;
    case kind_of<SetStartOrdinal>:
      put(d, n.has_start, g, a != zero);
      put(d, n.start, g, d.ite(a != zero, b, zero));
      break;
    case kind_of<SetMinReadySeconds>: put(d, n.min_ready_seconds, g, a); break;
    default: return;
  }
  put(d, n.generation, g && spec_changes(d, kind, s, a, b), s.generation + d.num(1));
}

/// Under g the set object is gone: every field zero (SetObject{}).
template <class D>
void clear_set(const D& d, FlatState<D>& n, const typename D::Bool& g) {
  const auto f = d.ff();
  const auto z = d.num(0);
  for (auto* v : {&n.set_exists, &n.has_partition, &n.has_max_unavailable, &n.max_unavailable_percent, &n.has_start,
                  &n.has_current_revision, &n.has_update_revision, &n.has_collision_count})
    put(d, *v, g, f);
  for (auto* v : {&n.generation, &n.replicas, &n.pod_template, &n.strategy_type, &n.partition, &n.max_unavailable,
                  &n.when_deleted, &n.when_scaled, &n.start, &n.min_ready_seconds, &n.observed_generation,
                  &n.status_replicas, &n.ready_replicas, &n.current_replicas, &n.updated_replicas,
                  &n.available_replicas, &n.current_revision, &n.update_revision, &n.collision_count})
    put(d, *v, g, z);
}

/// The user deletes the set (DeleteStatefulSet; a = orphan): the checking model tries it while
/// the set exists, with and without orphaning.
template <class D>
typename D::Bool delete_set_enabled(const D& d, const ModelConfig& cfg, const FlatState<D>& s,
                                    const typename D::Int& a) {
  const ArgRange r = user_args(cfg, kind_of<DeleteStatefulSet>);
  return s.set_exists && d.num(r.a_lo) <= a && a <= d.num(r.a_hi);
}

/// Its effect under g: the set is gone; with orphan (a != 0) the garbage collector's orphan
/// finalizer first strips the references to the set from its dependents (pods lose their
/// controller, claims their set reference); without, the dependents are left for the
/// garbage collector (GcDelete).
template <class D>
void delete_set_effect(const D& d, const Shape& sh, const FlatState<D>& s, FlatState<D>& n,
                       const typename D::Bool& g, const typename D::Int& a) {
  clear_set(d, n, g);
  const auto orphan = g && a != d.num(0);
  for (int o = 0; o < sh.ordinals; ++o) put(d, n.pods[static_cast<std::size_t>(o)].controlled, orphan, d.ff());
  for (int i = 0; i < sh.claims(); ++i) {
    const auto& c = s.claims[static_cast<std::size_t>(i)];
    Slots<typename D::Bool> keep;
    for (const auto& r : c.refs) keep.push_back(r.used && r.pod);
    compact_refs(d, c, n.claims[static_cast<std::size_t>(i)], keep, orphan);
  }
}

}  // namespace stsmc::model::rules::world
