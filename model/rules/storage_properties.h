#pragma once
// The safety properties about identity and storage, over one flat transition (s, a, t) and any
// value domain (model/rules/properties.h says how they are used): identity-stability and
// pvc-retention. Each names the upstream code it holds the controller to.
#include <string>

#include "model/rules/property_terms.h"

namespace stsmc::model::rules::props {

// ---- identity-stability --------------------------------------------------------------------
// A pod carries the identity of its ordinal (newVersionedStatefulSetPod: name, hostname,
// labels, claims), and a pod is created only on its claims, live and of the incarnation it had
// (createPersistentVolumeClaims before the pod; kubernetes#74374). Two pod objects for one
// ordinal cannot be written in the flat form (one slot per ordinal): the explicit engines test
// that on the states themselves before they flatten them (properties/storage.cpp).

template <class D>
typename D::Bool identity_stability(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                    const FlatAction<D>&, const FlatState<D>& t, Why* why = nullptr) {
  const auto wrong_identity = any_of(d, sh.ordinals, [&](int o) {
    const auto& p = t.pods[static_cast<std::size_t>(o)];
    const auto wrong = p.exists && p.identity != ord(d, sh, o);
    if constexpr (concrete<D>)
      note(why, wrong, [&] {
        return "pod " + pod_name(cfg, sh.ordinal(o)) + " carries the identity of " + pod_name(cfg, p.identity) +
               " (hostname, pod-name/pod-index labels, claims)";
      });
    return wrong;
  });
  const int claim_templates = static_cast<int>(cfg.controller.claim_templates.size());
  const auto wrong_claim = any_of(d, sh.ordinals, [&](int o) {
    const auto made = created(s, t, o);
    return any_of(d, claim_templates, [&](int k) {
      const auto i = static_cast<std::size_t>(sh.claim_index(k, o));
      const auto& before = s.claims[i];
      const auto& after = t.claims[i];
      const auto missing = made && !after.exists;
      const auto terminating = made && after.exists && after.terminating;
      const auto replaced = made && before.exists && !before.terminating && after.uid != before.uid;
      if constexpr (concrete<D>) {
        const auto pod = [&] { return pod_name(cfg, sh.ordinal(o)); };
        const auto claim = [&] { return claim_name(cfg, k, sh.ordinal(o)); };
        note(why, missing, [&] { return "created " + pod() + " without its claim " + claim() + " (createPersistentVolumeClaims comes first)"; });
        note(why, terminating, [&] { return "created " + pod() + " on the terminating claim " + claim() + " (kubernetes#74374)"; });
        note(why, replaced, [&] { return "re-created " + pod() + " bound a new incarnation of " + claim(); });
      }
      return missing || terminating || replaced;
    });
  });
  return wrong_identity || wrong_claim;
}

// ---- pvc-retention -------------------------------------------------------------------------
// The controller gives a claim only the owner references its policy asks for
// (updateClaimOwnerRefForSetAndPod), the garbage collector deletes a claim only once every
// owner is gone, and under whenScaled=Delete a condemned pod is deleted only after each of its
// claims carries a reference to it (fixPodClaim in updateStatefulSet's Phase B, before Phase C
// deletes it), so the claims go with the pod.

template <class D>
typename D::Bool pvc_retention(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                               const FlatAction<D>& a, const FlatState<D>& t, Why* why = nullptr) {
  const Spec<D> sp(d, cfg, s);
  const auto kDelete = d.num(val(spec::RetentionPolicyType::kDelete));
  const auto kRetain = d.num(val(spec::RetentionPolicyType::kRetain));
  const int claim_templates = static_cast<int>(cfg.controller.claim_templates.size());
  const int refs = sh.ref_slots;
  const auto judged = is_sync(d, a) && s.set_exists;
  const auto claim_at = [&](const FlatState<D>& x, int k, int o) -> const FlatClaim<D>& {
    return x.claims[static_cast<std::size_t>(sh.claim_index(k, o))];
  };

  // Owner references the sync added: in t, not in s's claim of the same uid.
  auto bad = d.ff();
  for (int k = 0; k < claim_templates; ++k)
    for (int o = 0; o < sh.ordinals; ++o) {
      const auto& old = claim_at(s, k, o);
      const auto& c = claim_at(t, k, o);
      const auto scaled_down = !sp.in_range(d, sh, o);
      bad = bad || any_of(d, refs, [&](int j) {
              const auto& r = c.refs[static_cast<std::size_t>(j)];
              const auto kept = any_of(d, refs, [&](int q) {
                const auto& was = old.refs[static_cast<std::size_t>(q)];
                return was.used && was.pod == r.pod && was.uid == r.uid;
              });
              const auto added = judged && c.exists && r.used && (!old.exists || old.uid != c.uid || !kept);
              const auto set_ok = s.when_deleted == kDelete && (s.when_scaled == kRetain || !scaled_down);
              const auto pod_ok = s.when_scaled == kDelete && scaled_down;
              const auto wrong = added && d.ite(r.pod, !pod_ok, !set_ok);
              if constexpr (concrete<D>)
                note(why, wrong, [&] {
                  const auto claim = claim_name(cfg, k, sh.ordinal(o));
                  if (!r.pod) return "claim " + claim + " got an owner reference to the StatefulSet, which its policy does not allow";
                  return "claim " + claim + " got an owner reference to its pod although " +
                         (scaled_down ? "whenScaled is Retain" : "its ordinal is in range");
                });
              return wrong;
            });
    }

  // Phase B before Phase C: under whenScaled=Delete a condemned pod the sync deletes leaves
  // every claim of it that is not terminating with a ref to that pod (a pod ref in the flat
  // form names the claim's own ordinal: the UID decides).
  // Pods that vanish outside a sync (forced deletion, the kubelet) are not the controller's:
  // upstream accepts that their claims stay (kubernetes#99728).
  if (cfg.controller.gates.StatefulSetAutoDeletePVC)
    for (int o = 0; o < sh.ordinals; ++o) {
      const auto& p = s.pods[static_cast<std::size_t>(o)];
      const auto condemned = judged && s.when_scaled == kDelete && deleted(s, t, o) && !sp.in_range(d, sh, o);
      bad = bad || any_of(d, claim_templates, [&](int k) {
              const auto& c = claim_at(t, k, o);
              const auto owned = any_of(d, refs, [&](int j) {
                const auto& r = c.refs[static_cast<std::size_t>(j)];
                return r.used && r.pod && r.uid == p.uid;
              });
              const auto wrong = condemned && c.exists && !c.terminating && !owned;
              if constexpr (concrete<D>)
                note(why, wrong, [&] {
                  return "the controller deleted condemned pod " + pod_name(cfg, sh.ordinal(o)) + " before claim " +
                         claim_name(cfg, k, sh.ordinal(o)) +
                         " got an owner reference to it (whenScaled is Delete): the claim will outlive its pod";
                });
              return wrong;
            });
    }

  // Claims deleted (gone, or newly terminating) by anyone but the user: only once no owner is
  // left, and, with pvc-protection, never from under a pod that uses it (a scheduled one).
  for (int k = 0; k < claim_templates; ++k)
    for (int o = 0; o < sh.ordinals; ++o) {
      const auto& old = claim_at(s, k, o);
      const auto& c = claim_at(t, k, o);
      const auto gone = old.exists && (!c.exists || c.uid != old.uid);
      const auto started = old.exists && c.exists && c.uid == old.uid && c.terminating && !old.terminating;
      const auto unowned = all_of(d, refs, [&](int j) { return !old.refs[static_cast<std::size_t>(j)].used; });
      const auto owner_alive = any_of(d, refs, [&](int j) {
        const auto& r = old.refs[static_cast<std::size_t>(j)];
        return r.used && owner_exists(d, s, r, o);
      });
      // The user may delete any claim (DeletePvc): that is not the controller's nor the GC's.
      const auto by_user = a.kind == d.num(kind_of<DeletePvc>) && a.a == d.num(k) && a.b == ord(d, sh, o);
      const auto early = (gone || started) && !old.terminating && (unowned || owner_alive) && !by_user;
      const auto under_pod =
          cfg.pvc_protection ? gone && world::protects(t.pods[static_cast<std::size_t>(o)]) : d.ff();
      if constexpr (concrete<D>) {
        const auto claim = [&] { return claim_name(cfg, k, sh.ordinal(o)); };
        note(why, early && unowned, [&] { return "claim " + claim() + " was deleted although nothing owned it (policy Retain)"; });
        note(why, early, [&] { return "claim " + claim() + " was deleted while its owner still existed"; });
        note(why, under_pod, [&] {
          return "claim " + claim() + " was removed while pod " + pod_name(cfg, sh.ordinal(o)) + " still existed";
        });
      }
      bad = bad || early || under_pod;
    }
  return bad;
}

}  // namespace stsmc::model::rules::props
