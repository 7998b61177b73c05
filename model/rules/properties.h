#pragma once
// The safety properties of docs/architecture.md §4 over one flat transition (s, a, t), written once over
// a value domain: over Z3 terms they are the "bad" predicate of bounded model checking and
// k-induction, over concrete values they are compared with the explicit properties (properties/),
// check by check, on every transition the explorer reaches.
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
    if (why && holds && !why->message) why->message = message();
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
/// properties::running_ready_available.
template <class D> typename D::Bool running_ready_available(const D& d, const FlatPod<D>& p, const typename D::Int& min_ready) {
  return p.phase == d.num(val(spec::PodPhase::kRunning)) && p.ready && !p.terminating && available(d, p, min_ready);
}
/// properties::healthy (spec::is_healthy of a stored pod).
template <class D>
typename D::Bool healthy(const D& d, const ModelConfig& cfg, const FlatPod<D>& p, const typename D::Int& min_ready) {
  if (cfg.controller.rules.health == spec::HealthRule::kRunningReady)
    return p.phase == d.num(val(spec::PodPhase::kRunning)) && p.ready && !p.terminating;
  return available(d, p, min_ready) && !p.terminating;
}
template <class D> typename D::Bool terminal(const D& d, const FlatPod<D>& p) {
  return p.phase == d.num(val(spec::PodPhase::kFailed)) || p.phase == d.num(val(spec::PodPhase::kSucceeded));
}

/// The pod of slot o in t is new (created_pods).
template <class D> typename D::Bool created(const FlatState<D>& s, const FlatState<D>& t, int o) {
  const auto& p = t.pods[static_cast<std::size_t>(o)];
  const auto& old = s.pods[static_cast<std::size_t>(o)];
  return p.exists && !(old.exists && old.uid == p.uid);
}
/// The pod of slot o in s, not terminating there, is terminating or gone in t (deleted_pods).
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

// ---- ordered-creation (properties/ordering.cpp, check_creation) ----------------------------

template <class D>
typename D::Bool ordered_creation(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                  const FlatAction<D>& a, const FlatState<D>& t) {
  const Spec<D> sp(d, cfg, s);
  const auto bad = any_of(d, sh.ordinals, [&](int o) {
    auto wrong = !sp.in_range(d, sh, o);
    if (cfg.controller.monotonic()) {
      // Every ordinal of [start, o) has a Running, Ready and Available pod.
      const auto preds = within_slots(d, sh, sp.start, ord(d, sh, o) - d.num(1)) && all_of(d, o, [&](int q) {
        const auto& p = s.pods[static_cast<std::size_t>(q)];
        return sp.start > ord(d, sh, q) || (p.exists && running_ready_available(d, p, sp.min_ready));
      });
      wrong = wrong || !preds;
    }
    return created(s, t, o) && wrong;
  });
  return is_sync(d, a) && bad;
}

// ---- reverse-deletion (properties/ordering.cpp, check_deletion) ----------------------------

template <class D>
typename D::Bool reverse_deletion(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                  const FlatAction<D>& a, const FlatState<D>& t) {
  const Spec<D> sp(d, cfg, s);
  const int n = sh.ordinals;
  const auto pod = [&](int o) -> const FlatPod<D>& { return s.pods[static_cast<std::size_t>(o)]; };
  const auto del = [&](int o) { return deleted(s, t, o); };
  const auto higher = [&](int o, auto&& f) {
    return any_of(d, n, [&](int q) { return q > o ? f(q) : d.ff(); });
  };
  // Every replica of [start, end] is Running, Ready and Available.
  const auto replicas_ready = within_slots(d, sh, sp.start, sp.end(d)) && all_of(d, n, [&](int o) {
    return !sp.in_range(d, sh, o) || (pod(o).exists && running_ready_available(d, pod(o), sp.min_ready));
  });
  // Parallel: only a sync without a failed write (slowStartBatch's batches are concurrent).
  const auto top_down = cfg.controller.monotonic() ? d.tt() : a.kind == d.num(kind_of<Reconcile>);
  auto bad = any_of(d, n, [&](int o) {
    // A condemned pod deleted while a higher condemned one stays.
    auto wrong = top_down && higher(o, [&](int q) {
      return pod(q).exists && !sp.in_range(d, sh, q) && !pod(q).terminating && !del(q);
    });
    if (cfg.controller.monotonic())
      wrong = wrong || higher(o, [&](int q) { return pod(q).exists && !sp.in_range(d, sh, q); }) || !replicas_ready;
    return del(o) && !sp.in_range(d, sh, o) && wrong;
  });
  if (cfg.controller.monotonic())
    bad = bad || count_if(d, n, [&](int o) { return del(o) && !sp.in_range(d, sh, o); }) > d.num(1);
  // Rolling-update deletions from the highest ordinal down.
  bad = bad || any_of(d, n, [&](int o) {
          const auto outdated_above = higher(o, [&](int q) {
            return pod(q).exists && sp.in_range(d, sh, q) && pod(q).revision != s.pod_template && !pod(q).terminating &&
                   !del(q);
          });
          return del(o) && sp.in_range(d, sh, o) && !terminal(d, pod(o)) && outdated_above;
        });
  return is_sync(d, a) && bad;
}

// ---- identity-stability (properties/storage.cpp, check_identity + check_identity_step) -----

template <class D>
typename D::Bool identity_stability(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                    const FlatAction<D>&, const FlatState<D>& t) {
  // Two pod objects for one ordinal cannot be written in the flat form (one slot per ordinal).
  const auto wrong_identity = any_of(d, sh.ordinals, [&](int o) {
    const auto& p = t.pods[static_cast<std::size_t>(o)];
    return p.exists && p.identity != ord(d, sh, o);
  });
  const int claim_templates = static_cast<int>(cfg.controller.claim_templates.size());
  const auto wrong_claim = any_of(d, sh.ordinals, [&](int o) {
    const auto claim_bad = any_of(d, claim_templates, [&](int k) {
      const auto i = static_cast<std::size_t>(sh.claim_index(k, o));
      const auto& before = s.claims[i];
      const auto& after = t.claims[i];
      return !after.exists || after.terminating || (before.exists && !before.terminating && after.uid != before.uid);
    });
    return created(s, t, o) && claim_bad;
  });
  return wrong_identity || wrong_claim;
}

// ---- pvc-retention (properties/storage.cpp, check_retention) -------------------------------

template <class D>
typename D::Bool pvc_retention(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                               const FlatAction<D>& a, const FlatState<D>& t) {
  const Spec<D> sp(d, cfg, s);
  const auto kDelete = d.num(val(spec::RetentionPolicyType::kDelete));
  const auto kRetain = d.num(val(spec::RetentionPolicyType::kRetain));
  const int claim_templates = static_cast<int>(cfg.controller.claim_templates.size());
  const int refs = sh.ref_slots;
  auto added_bad = d.ff();
  auto deleted_bad = d.ff();
  for (int k = 0; k < claim_templates; ++k) {
    for (int o = 0; o < sh.ordinals; ++o) {
      const auto i = static_cast<std::size_t>(sh.claim_index(k, o));
      const auto& old = s.claims[i];
      const auto& c = t.claims[i];
      const auto scaled_down = !sp.in_range(d, sh, o);
      // Owner references the sync added (added_refs): in t, not in s's same-uid claim.
      added_bad = added_bad || any_of(d, refs, [&](int j) {
                    const auto& r = c.refs[static_cast<std::size_t>(j)];
                    const auto kept = any_of(d, refs, [&](int q) {
                      const auto& was = old.refs[static_cast<std::size_t>(q)];
                      return was.used && was.pod == r.pod && was.uid == r.uid;
                    });
                    const auto added = c.exists && r.used && (!old.exists || old.uid != c.uid || !kept);
                    const auto set_ok = s.when_deleted == kDelete && (s.when_scaled == kRetain || !scaled_down);
                    const auto pod_ok = s.when_scaled == kDelete && scaled_down;
                    return added && d.ite(r.pod, !pod_ok, !set_ok);
                  });
      // Claims deleted (gone, or newly terminating).
      const auto gone = !c.exists || c.uid != old.uid;
      const auto started = c.exists && c.uid == old.uid && c.terminating && !old.terminating;
      const auto unowned = all_of(d, refs, [&](int j) { return !old.refs[static_cast<std::size_t>(j)].used; });
      const auto owner_alive = any_of(d, refs, [&](int j) {
        const auto& r = old.refs[static_cast<std::size_t>(j)];
        return r.used && owner_exists(d, s, r, o);
      });
      auto wrong = (!old.terminating && (unowned || owner_alive));
      if (cfg.pvc_protection) wrong = wrong || (gone && t.pods[static_cast<std::size_t>(o)].exists);
      deleted_bad = deleted_bad || (old.exists && (gone || started) && wrong);
    }
  }
  // Phase B before Phase C (check_claims_owned_before_scale_down): under whenScaled=Delete a
  // condemned pod the sync deletes leaves every claim of it that is not terminating with a ref
  // to that pod (a pod ref in the flat form names the claim's own ordinal: the UID decides).
  auto unowned_scale_down = d.ff();
  if (cfg.controller.gates.StatefulSetAutoDeletePVC) {
    for (int o = 0; o < sh.ordinals; ++o) {
      const auto& p = s.pods[static_cast<std::size_t>(o)];
      const auto claim_unowned = any_of(d, claim_templates, [&](int k) {
        const auto& c = t.claims[static_cast<std::size_t>(sh.claim_index(k, o))];
        const auto owned = any_of(d, refs, [&](int j) {
          const auto& r = c.refs[static_cast<std::size_t>(j)];
          return r.used && r.pod && r.uid == p.uid;
        });
        return c.exists && !c.terminating && !owned;
      });
      unowned_scale_down = unowned_scale_down || (deleted(s, t, o) && !sp.in_range(d, sh, o) && claim_unowned);
    }
    unowned_scale_down = s.when_scaled == kDelete && unowned_scale_down;
  }
  return (is_sync(d, a) && s.set_exists && (added_bad || unowned_scale_down)) || deleted_bad;
}

// ---- partition-semantics (properties/partition.cpp, check_partition) -----------------------

template <class D>
typename D::Bool partition_semantics(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                     const FlatAction<D>& a, const FlatState<D>& t) {
  using I = typename D::Int;
  const Spec<D> sp(d, cfg, s);
  const int n = sh.ordinals;
  const auto pod = [&](int o) -> const FlatPod<D>& { return s.pods[static_cast<std::size_t>(o)]; };
  const auto rolling = s.strategy_type == d.num(val(spec::UpdateStrategyType::kRollingUpdate));
  const I partition = d.ite(s.has_partition, s.partition, d.num(0));
  const I& upd = s.pod_template;
  const I cur = d.ite(s.has_current_revision && revision_exists(d, s, s.current_revision), s.current_revision,
                      s.pod_template);
  const auto index_below = [&](int o) { return ord(d, sh, o) - sp.start < partition; };

  const auto creations = any_of(d, n, [&](int o) {
    const auto& p = t.pods[static_cast<std::size_t>(o)];
    const auto held = rolling && index_below(o);
    const auto wrong = (held && p.revision == upd && upd != cur) || (!held && p.revision != upd);
    return created(s, t, o) && sp.in_range(d, sh, o) && wrong;
  });

  // Deletions for an update: in range, not Failed or Succeeded.
  const auto update = [&](int o) { return deleted(s, t, o) && sp.in_range(d, sh, o) && !terminal(d, pod(o)); };
  const auto any_update = any_of(d, n, update);
  const auto update_wrong = any_of(d, n, [&](int o) {
    return update(o) && (!rolling || index_below(o) || pod(o).revision == upd);
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
  } else {
    // one_at_a_time: one pod per sync, after every higher replica is updated and healthy.
    order_wrong = count_if(d, n, update) > d.num(1) || any_of(d, n, [&](int u) {
                    const auto successors_ok = within_slots(d, sh, ord(d, sh, u) + d.num(1), sp.end(d)) && all_of(d, n, [&](int o) {
                      const auto ok = pod(o).exists && pod(o).revision == upd && healthy(d, cfg, pod(o), sp.min_ready);
                      return o <= u ? d.tt() : (ord(d, sh, o) > sp.end(d) || ok);
                    });
                    return update(u) && !successors_ok;
                  });
  }
  const auto deletions = any_update && (update_wrong || order_wrong);

  // currentRevision advances only when every replica is updated and ready.
  const I& now = t.current_revision;
  const I ready = count_if(d, n, [&](int o) {
    return pod(o).exists && pod(o).revision == now && !pod(o).terminating &&
           pod(o).phase == d.num(val(spec::PodPhase::kRunning)) && pod(o).ready;
  });
  const auto promotion = s.has_current_revision && t.has_current_revision && s.current_revision != now &&
                         revision_exists(d, s, s.current_revision) && (!rolling || ready < sp.replicas);

  return is_sync(d, a) && s.set_exists && (creations || deletions || promotion);
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
