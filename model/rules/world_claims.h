#pragma once
// The world's claim actions (model/rules/world.h): the provisioner's binding, the garbage
// collector and pvc-protection, and the user's claim deletes and owner-reference edits.
#include "model/rules/world_common.h"

namespace stsmc::model::rules::world {

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

}  // namespace stsmc::model::rules::world
