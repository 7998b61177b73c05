#pragma once
// The safety properties of docs/architecture.md §4 over one flat transition (s, a, t), written
// once over a value domain: over Z3 terms they are the "bad" predicate of bounded model checking
// and k-induction; over concrete values they are what every explicit engine judges (properties/
// flattens each transition it is asked about and reads the verdict and its message from here).
//
// As everywhere over a domain: no `if` on a D::Bool, loops over fixed slots only; "for every
// ordinal in [lo, hi]" is a conjunction over the slots guarded by the (symbolic) range, plus a
// term for the part of the range outside the slots (where no pod exists). `if` on the
// configuration (policy, gates, rules, claim templates) is fine: it is fixed for a run.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/check.h"
#include "model/statefulset_model.h"
#include "model/rules/domain.h"
#include "model/rules/flat_state.h"
#include "model/rules/sync.h"
#include "model/rules/world.h"

namespace stsmc::model::rules {

/// The safety properties the symbolic engine checks, by id (docs/architecture.md §4 ids).
inline const std::vector<std::string>& symbolic_property_ids() {
  static const std::vector<std::string> ids = {"ordered-creation",   "reverse-deletion",    "identity-stability",
                                               "pvc-retention",      "partition-semantics", "status-accuracy"};
  return ids;
}

namespace props {

template <class E> constexpr std::int64_t val(E e) { return static_cast<std::int64_t>(e); }

/// Why a concrete transition violates a property, for the explicit engines' messages: the first
/// clause noted true leaves its message (properties note their clauses in the order a reader
/// would check them). Over Z3 terms nothing is noted: the terms are the whole answer there.
struct Why {
  std::optional<std::string> message;
};
/// Notes `message()` in `why` when `holds` (concrete values only; never called over Z3 terms).
template <class B, class F> void note(Why* why, const B& holds, F&& message) {
  if constexpr (std::is_same_v<B, bool>) {
    if (why && holds && !why->message) why->message.emplace(message());
  }
}
/// A value in a message: its decimal text (messages are built over concrete values only).
inline std::string text(std::int64_t v) { return std::to_string(v); }
template <class T> std::string text(const T&) { return {}; }

template <class D, class F> typename D::Bool any_of(const D& d, int n, F&& f) {
  typename D::Bool r = d.ff();
  for (int i = 0; i < n; ++i) r = r || f(i);
  return r;
}
template <class D, class F> typename D::Bool all_of(const D& d, int n, F&& f) {
  typename D::Bool r = d.tt();
  for (int i = 0; i < n; ++i) r = r && f(i);
  return r;
}
template <class D, class F> typename D::Int count_if(const D& d, int n, F&& f) {
  typename D::Int r = d.num(0);
  for (int i = 0; i < n; ++i) r = r + d.ite(f(i), d.num(1), d.num(0));
  return r;
}

/// The ordinal slot `o` holds (Shape::ordinal), as a value. A run's shape (shape_of) holds
/// ordinal o in slot o; a shape fitted to concrete states (fitted_shape) may start elsewhere and
/// skip ordinals, which is why the properties never read a slot index as an ordinal.
template <class D> typename D::Int ord(const D& d, const Shape& sh, int o) { return d.num(sh.ordinal(o)); }

/// How many integers of [lo, hi] are not the ordinal of a slot.
template <class D> typename D::Int outside_slots(const D& d, const Shape& sh, const typename D::Int& lo, const typename D::Int& hi) {
  if (sh.slot_ordinals.empty() && sh.first_ordinal == 0) {  // slots 0..n-1: a closed form (the Z3 terms stay small)
    const auto below = d.max(d.num(0), d.min(hi, d.num(-1)) - lo + d.num(1));
    const auto above = d.max(d.num(0), hi - d.max(lo, d.num(sh.ordinals)) + d.num(1));
    return below + above;
  }
  const auto inside = count_if(d, sh.ordinals, [&](int o) { return lo <= ord(d, sh, o) && ord(d, sh, o) <= hi; });
  return d.max(d.num(0), hi - lo + d.num(1)) - inside;
}
/// Every integer of [lo, hi] is the ordinal of a slot (true for an empty range).
template <class D> typename D::Bool within_slots(const D& d, const Shape& sh, const typename D::Int& lo, const typename D::Int& hi) {
  if (sh.slot_ordinals.empty() && sh.first_ordinal == 0) return hi < lo || (lo >= d.num(0) && hi <= d.num(sh.ordinals - 1));
  return outside_slots(d, sh, lo, hi) == d.num(0);
}

/// The set's spec of `s` as the controller reads it (effective_spec: start ignored while the
/// StatefulSetStartOrdinal gate is off).
template <class D> struct Spec {
  using B = typename D::Bool;
  using I = typename D::Int;
  I start, replicas, min_ready;
  Spec(const D& d, const ModelConfig& cfg, const FlatState<D>& s)
      : start(cfg.controller.gates.StatefulSetStartOrdinal ? d.ite(s.has_start, s.start, d.num(0)) : d.num(0)),
        replicas(s.replicas), min_ready(s.min_ready_seconds) {}
  I end(const D& d) const { return start + replicas - d.num(1); }
  /// The ordinal of slot o is in [start, end].
  B in_range(const D& d, const Shape& sh, int o) const { return start <= ord(d, sh, o) && ord(d, sh, o) <= end(d); }
};

/// spec::is_available.
template <class D> typename D::Bool available(const D& d, const FlatPod<D>& p, const typename D::Int& min_ready) {
  return p.ready && (min_ready <= d.num(0) || p.ready_seconds >= min_ready);
}
/// Running, Ready, not terminating and Available (spec::is_available).
template <class D> typename D::Bool running_ready_available(const D& d, const FlatPod<D>& p, const typename D::Int& min_ready) {
  return p.phase == d.num(val(spec::PodPhase::kRunning)) && p.ready && !p.terminating && available(d, p, min_ready);
}
/// Healthy as the profile's controller waits for it (spec::is_healthy of a stored pod).
template <class D>
typename D::Bool healthy(const D& d, const ModelConfig& cfg, const FlatPod<D>& p, const typename D::Int& min_ready) {
  if (cfg.controller.rules.health == spec::HealthRule::kRunningReady)
    return p.phase == d.num(val(spec::PodPhase::kRunning)) && p.ready && !p.terminating;
  return available(d, p, min_ready) && !p.terminating;
}
template <class D> typename D::Bool terminal(const D& d, const FlatPod<D>& p) {
  return p.phase == d.num(val(spec::PodPhase::kFailed)) || p.phase == d.num(val(spec::PodPhase::kSucceeded));
}

/// The pod of slot o in t is new: no pod of that uid was there in s.
template <class D> typename D::Bool created(const FlatState<D>& s, const FlatState<D>& t, int o) {
  const auto& p = t.pods[static_cast<std::size_t>(o)];
  const auto& old = s.pods[static_cast<std::size_t>(o)];
  return p.exists && !(old.exists && old.uid == p.uid);
}
/// The pod of slot o in s, not terminating there, is terminating, gone or replaced in t.
template <class D> typename D::Bool deleted(const FlatState<D>& s, const FlatState<D>& t, int o) {
  const auto& p = s.pods[static_cast<std::size_t>(o)];
  const auto& now = t.pods[static_cast<std::size_t>(o)];
  return p.exists && !p.terminating && (!now.exists || now.uid != p.uid || now.terminating);
}

/// A revision holds template `x` (ApiState::find_revision).
template <class D> typename D::Bool revision_exists(const D& d, const FlatState<D>& s, const typename D::Int& x) {
  return any_of(d, static_cast<int>(s.revisions.size()),
                [&](int k) { return x == d.num(k) && s.revisions[static_cast<std::size_t>(k)].exists; });
}

/// The garbage collector's test (world::owner_exists) for reference slot r of the claim of slot o.
template <class D> typename D::Bool owner_exists(const D& d, const FlatState<D>& s, const FlatRef<D>& r, int o) {
  const auto& p = s.pods[static_cast<std::size_t>(o)];
  return world::owner_exists(d, r, world::ClaimContext<D>{p.exists, p.uid, s.set_exists, d.ff()});
}

/// model::is_sync: a Reconcile or a WriteError (a sync with a failed write).
template <class D> typename D::Bool is_sync(const D& d, const FlatAction<D>& a) {
  return a.kind == d.num(kind_of<Reconcile>) || a.kind == d.num(kind_of<WriteError>);
}

// ---- messages ------------------------------------------------------------------------------
//
// The step properties note why a concrete transition violates them (props::Why) in the order a
// reader would check the clauses; over Z3 terms nothing is noted (`if constexpr (concrete<D>)`
// keeps the message code out of the symbolic instantiation).

template <class D> inline constexpr bool concrete = std::is_same_v<D, Concrete>;

/// "web-3" and "data-web-3", for messages (slot ordinals fit spec::Ordinal: fitted_shape).
inline std::string pod_name(const ModelConfig& cfg, std::int64_t o) {
  return cfg.controller.pod_name(static_cast<spec::Ordinal>(o));
}
inline std::string claim_name(const ModelConfig& cfg, int k, std::int64_t o) {
  return cfg.controller.claim_name(static_cast<std::uint8_t>(k), static_cast<spec::Ordinal>(o));
}
/// The pod of the first slot of [from, n) where f holds (concrete values: for messages).
template <class F> std::string first_pod_name(const ModelConfig& cfg, const Shape& sh, int from, int n, F&& f) {
  for (int i = from; i < n; ++i)
    if (f(i)) return pod_name(cfg, sh.ordinal(i));
  return "?";  // not reached: the message is noted only when some slot holds
}
/// The first ordinal of [lo, hi] without a slot or whose slot fails `ok` (concrete
/// values: for messages). Every ordinal past the slots has none, so this stops within them.
template <class F> std::int64_t first_ordinal_failing(const Shape& sh, std::int64_t lo, std::int64_t hi, F&& ok) {
  for (std::int64_t x = lo; x <= hi; ++x) {
    const int slot = sh.slot(x);
    if (slot < 0 || !ok(slot)) return x;
  }
  return lo;  // not reached: the message is noted only when some ordinal fails
}

// ---- ordered-creation ----------------------------------------------------------------------
// OrderedReady: the controller creates the pod of ordinal o only when every ordinal of
// [start, o) has a pod that is Running, Ready and Available (monotonic creation in
// StatefulSetControl's updateStatefulSet); under any policy it creates in [start, start+replicas).

template <class D>
typename D::Bool ordered_creation(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                  const FlatAction<D>& a, const FlatState<D>& t, Why* why = nullptr) {
  const Spec<D> sp(d, cfg, s);
  const auto sync = is_sync(d, a);
  const auto ready = [&](int q) {
    const auto& p = s.pods[static_cast<std::size_t>(q)];
    return p.exists && running_ready_available(d, p, sp.min_ready);
  };
  return any_of(d, sh.ordinals, [&](int o) {
    const auto made = sync && created(s, t, o);
    const auto outside = !sp.in_range(d, sh, o);
    if constexpr (concrete<D>)
      note(why, made && outside, [&] {
        return "created " + pod_name(cfg, sh.ordinal(o)) + " outside the ordinal range [" + text(sp.start) + ", " +
               text(sp.start + sp.replicas) + ")";
      });
    auto wrong = outside;
    if (cfg.controller.monotonic()) {
      // Every ordinal of [start, o) has a Running, Ready and Available pod.
      const auto preds = within_slots(d, sh, sp.start, ord(d, sh, o) - d.num(1)) &&
                         all_of(d, o, [&](int q) { return sp.start > ord(d, sh, q) || ready(q); });
      if constexpr (concrete<D>)
        note(why, made && !preds, [&] {
          const auto gap = first_ordinal_failing(sh, sp.start, sh.ordinal(o) - 1, ready);
          const int q = sh.slot(gap);
          return "OrderedReady created " + pod_name(cfg, sh.ordinal(o)) + " while its predecessor " +
                 pod_name(cfg, gap) +
                 (q >= 0 && s.pods[static_cast<std::size_t>(q)].exists ? " was not Running, Ready and Available"
                                                                        : " did not exist");
        });
      wrong = wrong || !preds;
    }
    return made && wrong;
  });
}

// ---- reverse-deletion ----------------------------------------------------------------------
// Scale-down deletes the highest condemned ordinal first; under OrderedReady one at a time,
// once every condemned successor is gone and every replica is Running, Ready and Available
// (processCondemned's monotonic wait); rolling-update deletions go from the highest down
// (updateStatefulSet's loop over the replicas in reverse).

template <class D>
typename D::Bool reverse_deletion(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                  const FlatAction<D>& a, const FlatState<D>& t, Why* why = nullptr) {
  const Spec<D> sp(d, cfg, s);
  const int n = sh.ordinals;
  const bool monotonic = cfg.controller.monotonic();
  const auto pod = [&](int o) -> const FlatPod<D>& { return s.pods[static_cast<std::size_t>(o)]; };
  const auto del = [&](int o) { return deleted(s, t, o); };
  const auto higher = [&](int o, auto&& f) {
    return any_of(d, n, [&](int q) { return q > o ? f(q) : d.ff(); });
  };
  const auto rra = [&](int o) { return pod(o).exists && running_ready_available(d, pod(o), sp.min_ready); };
  const auto sync = is_sync(d, a);
  // Every replica of [start, end] is Running, Ready and Available.
  const auto replicas_ready = within_slots(d, sh, sp.start, sp.end(d)) &&
                              all_of(d, n, [&](int o) { return !sp.in_range(d, sh, o) || rra(o); });
  // Parallel runs the condemned deletes in slow-start batches whose calls are concurrent
  // (runForAll → slowStartBatch): a failed delete does not stop the others of its batch, so the
  // top-down clause holds for a sync without a failed write only. OrderedReady deletes one at a
  // time and stops at an error: there it holds for every sync.
  const auto top_down = monotonic ? d.tt() : a.kind == d.num(kind_of<Reconcile>);
  const auto condemned_del = [&](int o) { return sync && del(o) && !sp.in_range(d, sh, o); };
  const auto stays = [&](int q) { return pod(q).exists && !sp.in_range(d, sh, q) && !pod(q).terminating && !del(q); };
  const auto successor = [&](int q) { return pod(q).exists && !sp.in_range(d, sh, q); };
  auto bad = any_of(d, n, [&](int o) {
    const auto out = condemned_del(o);
    // A condemned pod deleted while a higher condemned one stays.
    auto wrong = top_down && higher(o, stays);
    if constexpr (concrete<D>)
      note(why, out && wrong, [&] {
        return "scale-down deleted " + pod_name(cfg, sh.ordinal(o)) + " before the higher " +
               first_pod_name(cfg, sh, o + 1, n, stays);
      });
    if (monotonic) {
      // "Before a Pod is terminated, all of its successors must be completely shut down."
      const auto waits = higher(o, successor);
      if constexpr (concrete<D>) {
        note(why, out && waits, [&] {
          return "OrderedReady deleted " + pod_name(cfg, sh.ordinal(o)) + " before its successor " +
                 first_pod_name(cfg, sh, o + 1, n, successor) + " was completely shut down";
        });
        note(why, out && !replicas_ready, [&] {
          return "OrderedReady scaled down (" + pod_name(cfg, sh.ordinal(o)) + ") while replica " +
                 pod_name(cfg, first_ordinal_failing(sh, sp.start, sp.end(d), rra)) +
                 " was not Running, Ready and Available";
        });
      }
      wrong = wrong || waits || !replicas_ready;
    }
    return out && wrong;
  });
  if (monotonic) {
    const auto condemned = count_if(d, n, condemned_del);
    if constexpr (concrete<D>)
      note(why, condemned > 1, [&] { return "OrderedReady deleted " + text(condemned) + " condemned pods in one sync"; });
    bad = bad || condemned > d.num(1);
  }
  // Rolling-update deletions from the highest ordinal down.
  const auto outdated_stays = [&](int q) {
    return pod(q).exists && sp.in_range(d, sh, q) && pod(q).revision != s.pod_template && !pod(q).terminating &&
           !del(q);
  };
  return bad || any_of(d, n, [&](int o) {
           const auto wrong = sync && del(o) && sp.in_range(d, sh, o) && !terminal(d, pod(o)) && higher(o, outdated_stays);
           if constexpr (concrete<D>)
             note(why, wrong, [&] {
               return "update deleted " + pod_name(cfg, sh.ordinal(o)) + " before the higher outdated " +
                      first_pod_name(cfg, sh, o + 1, n, outdated_stays);
             });
           return wrong;
         });
}

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

  // Claims deleted (gone, or newly terminating) by anyone: only once no owner is left, and,
  // with pvc-protection, never from under a pod.
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
      const auto early = (gone || started) && !old.terminating && (unowned || owner_alive);
      const auto under_pod = cfg.pvc_protection ? gone && t.pods[static_cast<std::size_t>(o)].exists : d.ff();
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

// ---- partition-semantics -------------------------------------------------------------------
// RollingUpdate with a partition: pods below it are created at the current revision and never
// deleted for an update (newVersionedStatefulSetPod, updateStatefulSet's update loop); the
// others are updated from the highest ordinal down, one at a time after each successor is
// updated and healthy, or within the maxUnavailable budget (updateStatefulSetAfterInvariantEstablished).
// OnDelete never deletes for an update. currentRevision advances only once every replica is
// updated and ready (updateStatefulSetStatus's completeRollingUpdate).

template <class D>
typename D::Bool partition_semantics(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                     const FlatAction<D>& a, const FlatState<D>& t, Why* why = nullptr) {
  using I = typename D::Int;
  const Spec<D> sp(d, cfg, s);
  const int n = sh.ordinals;
  const auto pod = [&](int o) -> const FlatPod<D>& { return s.pods[static_cast<std::size_t>(o)]; };
  const auto judged = is_sync(d, a) && s.set_exists;
  const auto rolling = s.strategy_type == d.num(val(spec::UpdateStrategyType::kRollingUpdate));
  const I partition = d.ite(s.has_partition, s.partition, d.num(0));
  const I& upd = s.pod_template;
  const I cur = d.ite(s.has_current_revision && revision_exists(d, s, s.current_revision), s.current_revision,
                      s.pod_template);
  const auto index = [&](int o) { return ord(d, sh, o) - sp.start; };
  const auto index_below = [&](int o) { return index(o) < partition; };
  const auto held_text = [&](int o) {
    return " (index " + text(index(o)) + " < partition " + text(partition) + ")";
  };

  const auto creations = any_of(d, n, [&](int o) {
    const auto& p = t.pods[static_cast<std::size_t>(o)];
    const auto made = judged && created(s, t, o) && sp.in_range(d, sh, o);
    const auto held = rolling && index_below(o);
    const auto too_new = made && held && p.revision == upd && upd != cur;
    const auto too_old = made && !held && p.revision != upd;
    if constexpr (concrete<D>) {
      note(why, too_new, [&] { return "pod " + pod_name(cfg, sh.ordinal(o)) + held_text(o) + " created at the update revision"; });
      note(why, too_old, [&] {
        return "pod " + pod_name(cfg, sh.ordinal(o)) + " created at an old revision although it is not held by a partition";
      });
    }
    return too_new || too_old;
  });

  // Deletions for an update: in range, not Failed or Succeeded.
  const auto update = [&](int o) { return judged && deleted(s, t, o) && sp.in_range(d, sh, o) && !terminal(d, pod(o)); };
  const auto any_update = any_of(d, n, update);
  const auto update_wrong = any_of(d, n, [&](int o) {
    const auto u = update(o);
    if constexpr (concrete<D>) {
      const auto name = [&] { return pod_name(cfg, sh.ordinal(o)); };
      note(why, u && !rolling, [&] { return "OnDelete: the controller deleted " + name() + " for an update"; });
      note(why, u && index_below(o), [&] { return "deleted " + name() + held_text(o) + " for an update"; });
      note(why, u && pod(o).revision == upd, [&] { return "deleted the up-to-date pod " + name(); });
    }
    return u && (!rolling || index_below(o) || pod(o).revision == upd);
  });
  typename D::Bool order_wrong = d.ff();
  if (cfg.controller.gates.MaxUnavailableStatefulSet) {
    // within_budget: never more replicas down than max(maxUnavailable, already down).
    const I scaled = d.ite(s.max_unavailable_percent, d.div(s.max_unavailable * sp.replicas, 100), s.max_unavailable);
    const I max_u = d.max(d.num(1), d.ite(s.has_max_unavailable, scaled, d.num(1)));
    const auto down = [&](int o) { return !pod(o).exists || !healthy(d, cfg, pod(o), sp.min_ready); };
    const I missing = outside_slots(d, sh, sp.start, sp.end(d));
    const I before = missing + count_if(d, n, [&](int o) { return sp.in_range(d, sh, o) && down(o); });
    const I after = missing + count_if(d, n, [&](int o) { return sp.in_range(d, sh, o) && (down(o) || update(o)); });
    order_wrong = after > d.max(max_u, before);
    if constexpr (concrete<D>)
      note(why, any_update && order_wrong, [&] {
        return "rolling update took " + text(after) + " replicas down, maxUnavailable is " + text(max_u);
      });
  } else {
    // one_at_a_time: one pod per sync, after every higher replica is updated and healthy.
    const auto updated_healthy = [&](int o) {
      return pod(o).exists && pod(o).revision == upd && healthy(d, cfg, pod(o), sp.min_ready);
    };
    const auto updates = count_if(d, n, update);
    if constexpr (concrete<D>)
      note(why, updates > 1, [&] { return "deleted " + text(updates) + " pods for an update in one sync"; });
    order_wrong = updates > d.num(1) || any_of(d, n, [&](int u) {
                    const auto successors_ok =
                        within_slots(d, sh, ord(d, sh, u) + d.num(1), sp.end(d)) && all_of(d, n, [&](int o) {
                          return o <= u ? d.tt() : (ord(d, sh, o) > sp.end(d) || updated_healthy(o));
                        });
                    const auto wrong = update(u) && !successors_ok;
                    if constexpr (concrete<D>)
                      note(why, wrong, [&] {
                        return "deleted " + pod_name(cfg, sh.ordinal(u)) + " before its successor " +
                               pod_name(cfg, first_ordinal_failing(sh, sh.ordinal(u) + 1, sp.end(d), updated_healthy)) +
                               " was updated and healthy";
                      });
                    return wrong;
                  });
  }
  const auto deletions = any_update && (update_wrong || order_wrong);

  // currentRevision advances only when every replica is updated and ready.
  const I& now = t.current_revision;
  const I ready = count_if(d, n, [&](int o) {
    return pod(o).exists && pod(o).revision == now && !pod(o).terminating &&
           pod(o).phase == d.num(val(spec::PodPhase::kRunning)) && pod(o).ready;
  });
  const auto advanced = judged && s.has_current_revision && t.has_current_revision && s.current_revision != now &&
                        revision_exists(d, s, s.current_revision);
  const auto promotion = advanced && (!rolling || ready < sp.replicas);
  if constexpr (concrete<D>) {
    note(why, advanced && !rolling, [] { return std::string("currentRevision advanced under OnDelete"); });
    note(why, promotion, [&] {
      return std::string("currentRevision advanced with ") + text(ready) + " of " + text(sp.replicas) +
             " replicas updated and ready";
    });
  }
  return creations || deletions || promotion;
}

// ---- status-accuracy (properties/convergence.cpp, check_status) ----------------------------

/// Every field of x equals the same field of y. Written out field by field rather than through
/// FlatState::fields, whose names cost more than the comparison; symbolic_properties_test checks
/// that a change of any one field is noticed.
template <class D> typename D::Bool flat_equal(const FlatState<D>& x, const FlatState<D>& y) {
  auto eq = x.set_exists == y.set_exists && x.generation == y.generation && x.replicas == y.replicas &&
            x.pod_template == y.pod_template && x.strategy_type == y.strategy_type &&
            x.has_partition == y.has_partition && x.partition == y.partition &&
            x.has_max_unavailable == y.has_max_unavailable && x.max_unavailable == y.max_unavailable &&
            x.max_unavailable_percent == y.max_unavailable_percent && x.when_deleted == y.when_deleted &&
            x.when_scaled == y.when_scaled && x.has_start == y.has_start && x.start == y.start &&
            x.min_ready_seconds == y.min_ready_seconds && x.observed_generation == y.observed_generation &&
            x.status_replicas == y.status_replicas && x.ready_replicas == y.ready_replicas &&
            x.current_replicas == y.current_replicas && x.updated_replicas == y.updated_replicas &&
            x.available_replicas == y.available_replicas && x.has_current_revision == y.has_current_revision &&
            x.current_revision == y.current_revision && x.has_update_revision == y.has_update_revision &&
            x.update_revision == y.update_revision && x.has_collision_count == y.has_collision_count &&
            x.collision_count == y.collision_count;
  const auto ints = [&](const auto& u, const auto& v) {
    for (std::size_t i = 0; i < u.size(); ++i) eq = eq && u[i] == v[i];
  };
  ints(x.budgets, y.budgets);
  ints(x.pod_uid_counters, y.pod_uid_counters);
  ints(x.claim_uid_counters, y.claim_uid_counters);
  for (std::size_t i = 0; i < x.pods.size(); ++i) {
    const auto& p = x.pods[i];
    const auto& q = y.pods[i];
    eq = eq && p.exists == q.exists && p.uid == q.uid && p.phase == q.phase && p.ready == q.ready &&
         p.ready_seconds == q.ready_seconds && p.terminating == q.terminating && p.revision == q.revision &&
         p.node_bound == q.node_bound && p.controlled == q.controlled && p.node_lost == q.node_lost &&
         p.identity == q.identity;
  }
  for (std::size_t i = 0; i < x.claims.size(); ++i) {
    const auto& c = x.claims[i];
    const auto& e = y.claims[i];
    eq = eq && c.exists == e.exists && c.uid == e.uid && c.bound == e.bound && c.terminating == e.terminating;
    for (std::size_t j = 0; j < c.refs.size(); ++j)
      eq = eq && c.refs[j].used == e.refs[j].used && c.refs[j].pod == e.refs[j].pod && c.refs[j].uid == e.refs[j].uid;
  }
  for (std::size_t i = 0; i < x.revisions.size(); ++i)
    eq = eq && x.revisions[i].exists == y.revisions[i].exists && x.revisions[i].number == y.revisions[i].number;
  return eq;
}

/// One more sync from t changes nothing and records no event: the controller has nothing left
/// to do. `overflow` as for reconcile (that sync did not fit the shape). The explicit engines
/// ask this too while every lister is up to date, and model::reconcile (properties::next_sync),
/// which reads through the lagging listers, while one lags (properties/convergence.cpp).
template <class D>
typename D::Bool quiescent(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& t,
                           typename D::Bool* overflow) {
  FlatState<D> after = t;
  const auto event = reconcile(d, cfg, sh, after, overflow);
  return !event && flat_equal(after, t);
}

/// The status of t does not tell the truth about its pods: observedGeneration, a counter, or a
/// revision. `why` receives the first field that differs, in this order.
template <class D>
typename D::Bool status_mismatch(const D& d, const Shape& sh, const FlatState<D>& t, Why* why = nullptr) {
  using I = typename D::Int;
  const int n = sh.ordinals;
  const auto pod = [&](int o) -> const FlatPod<D>& { return t.pods[static_cast<std::size_t>(o)]; };
  const auto running_ready = [&](int o) {
    return pod(o).phase == d.num(val(spec::PodPhase::kRunning)) && pod(o).ready;
  };
  const I replicas = count_if(d, n, [&](int o) { return pod(o).exists; });
  const I ready = count_if(d, n, [&](int o) { return pod(o).exists && running_ready(o); });
  const I available_ = count_if(d, n, [&](int o) {
    return pod(o).exists && running_ready(o) && available(d, pod(o), t.min_ready_seconds);
  });
  const I current = count_if(d, n, [&](int o) {
    return pod(o).exists && !pod(o).terminating && t.has_current_revision && t.current_revision == pod(o).revision;
  });
  const I updated = count_if(d, n, [&](int o) {
    return pod(o).exists && !pod(o).terminating && t.has_update_revision && t.update_revision == pod(o).revision;
  });
  const auto differs = [&](const char* field, const I& reported, const I& actual) {
    const auto wrong = reported != actual;
    note(why, wrong, [&] {
      return std::string("status.") + field + " is " + text(reported) + " but the pods say " + text(actual) +
             " (the controller has nothing left to do)";
    });
    return wrong;
  };
  auto mismatch = differs("observedGeneration", t.observed_generation, t.generation);
  mismatch = mismatch || differs("replicas", t.status_replicas, replicas);
  mismatch = mismatch || differs("readyReplicas", t.ready_replicas, ready);
  mismatch = mismatch || differs("availableReplicas", t.available_replicas, available_);
  mismatch = mismatch || differs("currentReplicas", t.current_replicas, current);
  mismatch = mismatch || differs("updatedReplicas", t.updated_replicas, updated);
  const auto update_wrong = !(t.has_update_revision && t.update_revision == t.pod_template);
  note(why, update_wrong, [] { return std::string("status.updateRevision is not the set's template"); });
  const auto current_wrong = !(t.has_current_revision && revision_exists(d, t, t.current_revision));
  note(why, current_wrong, [] { return std::string("status.currentRevision names no existing revision"); });
  return mismatch || update_wrong || current_wrong;
}

/// An invariant of t: when one more sync changes nothing and records no event, the status
/// matches the pods. `overflow` as for reconcile (that one more sync did not fit the shape).
template <class D>
typename D::Bool status_accuracy(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& t,
                                 typename D::Bool* overflow) {
  return t.set_exists && quiescent(d, cfg, sh, t, overflow) && status_mismatch(d, sh, t);
}

// ---- convergence's goal (properties/convergence.cpp, desired) ------------------------------

/// The garbage collector has nothing left to do: no controlled pod of a deleted set that is not
/// terminating, no claim terminating or whose owners are all gone.
template <class D> typename D::Bool gc_quiet(const D& d, const Shape& sh, const FlatState<D>& s) {
  using B = typename D::Bool;
  B quiet = d.tt();
  for (int o = 0; o < sh.ordinals; ++o) {
    const auto& p = s.pods[static_cast<std::size_t>(o)];
    quiet = quiet && !(p.exists && !s.set_exists && p.controlled && !p.terminating);
  }
  for (int t = 0; t < sh.claim_templates; ++t)
    for (int o = 0; o < sh.ordinals; ++o) {
      const auto& c = s.claims[static_cast<std::size_t>(sh.claim_index(t, o))];
      B any_live = d.ff();
      for (const auto& r : c.refs) any_live = any_live || (r.used && owner_exists(d, s, r, o));
      quiet = quiet && !(c.exists && (c.terminating || (c.refs[0].used && !any_live)));
    }
  return quiet;
}

/// The desired state of convergence, given whether one more sync from `s` changes nothing and
/// records no event (`quiescent`): the GC is quiet; with the set deleted, no controlled pod is
/// left; otherwise exactly `replicas` pods, every one in range, Running, not terminating, Ready
/// and Available (unless its template is broken: it never becomes Ready) and at the update
/// revision unless a partition holds it, and the controller has nothing left to do. When the
/// set's own template is broken there is no such state: the goal is quiescence alone.
/// Monotone in `quiescent` (it is only ever conjoined): the explicit engines first evaluate it
/// with quiescent = true and run the extra sync only when that holds.
template <class D>
typename D::Bool converged(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                           const typename D::Bool& quiescent) {
  using B = typename D::Bool;
  const auto pod = [&](int o) -> const FlatPod<D>& { return s.pods[static_cast<std::size_t>(o)]; };
  B none_controlled = d.tt();
  for (int o = 0; o < sh.ordinals; ++o) none_controlled = none_controlled && !(pod(o).exists && pod(o).controlled);

  const Spec<D> sp(d, cfg, s);
  const auto broken = [&](const typename D::Int& x) {
    B r = d.ff();
    for (const auto t : cfg.broken_templates) r = r || x == d.num(t);
    return r;
  };
  const B rolling = s.strategy_type == d.num(val(spec::UpdateStrategyType::kRollingUpdate));
  B pods_ok = d.tt();
  for (int o = 0; o < sh.ordinals; ++o) {
    const auto& p = pod(o);
    const B ok = sp.in_range(d, sh, o) && !p.terminating && p.phase == d.num(val(spec::PodPhase::kRunning)) &&
                 (broken(p.revision) || running_ready_available(d, p, sp.min_ready)) &&
                 !(rolling && ord(d, sh, o) - sp.start >= s.partition && p.revision != s.pod_template);
    pods_ok = pods_ok && (!p.exists || ok);
  }
  const B count = count_if(d, sh.ordinals, [&](int o) { return pod(o).exists; }) == s.replicas;
  const B live = d.ite(broken(s.pod_template), quiescent, pods_ok && count && quiescent);
  return gc_quiet(d, sh, s) && d.ite(s.set_exists, live, none_controlled);
}

}  // namespace props

/// True exactly when the transition (s, a, t) violates property `id` as the explicit property
/// judges it (properties/): for step properties its step(m, s, a, t) returns a message, for
/// invariants (status-accuracy) its invariant(m, t) does. `id` is one of symbolic_property_ids().
///
/// status-accuracy runs one more sync from t (reconcile<D>). `overflow` (if given) receives
/// whether that sync did not fit the shape, when the verdict is not the explicit one: the bmc
/// engine asserts it false or reports "unknown", as for its transitions. Without it, an overflow
/// over Concrete is a failed STSMC_CHECK (as in reconcile). Other ids set it false.
template <class D>
typename D::Bool violates(const D& d, const ModelConfig& cfg, const Shape& sh, std::string_view id,
                          const FlatState<D>& s, const FlatAction<D>& a, const FlatState<D>& t,
                          typename D::Bool* overflow = nullptr) {
  if (overflow) *overflow = d.ff();
  if (id == "ordered-creation") return props::ordered_creation(d, cfg, sh, s, a, t);
  if (id == "reverse-deletion") return props::reverse_deletion(d, cfg, sh, s, a, t);
  if (id == "identity-stability") return props::identity_stability(d, cfg, sh, s, a, t);
  if (id == "pvc-retention") return props::pvc_retention(d, cfg, sh, s, a, t);
  if (id == "partition-semantics") return props::partition_semantics(d, cfg, sh, s, a, t);
  STSMC_CHECK(id == "status-accuracy");
  return props::status_accuracy(d, cfg, sh, t, overflow);
}

}  // namespace stsmc::model::rules
