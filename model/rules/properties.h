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
//
// The five step properties live in order_properties.h (ordered-creation, reverse-deletion,
// partition-semantics) and storage_properties.h (identity-stability, pvc-retention), over the
// terms of property_terms.h; this file adds status-accuracy, the convergence goal and `violates`.
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
#include "model/rules/order_properties.h"
#include "model/rules/property_terms.h"
#include "model/rules/storage_properties.h"
#include "model/rules/sync.h"
#include "model/rules/transition.h"
#include "model/rules/world.h"

namespace stsmc::model::rules {

/// The safety properties the symbolic engine checks, by id (docs/architecture.md §4 ids).
inline const std::vector<std::string>& symbolic_property_ids() {
  static const std::vector<std::string> ids = {"ordered-creation",    "reverse-deletion", "identity-stability",
                                               "pvc-retention",       "partition-semantics", "status-accuracy",
                                               "creates-accepted",    "deletes-accepted", "status-accepted"};
  return ids;
}

/// The safety properties prove leaves out unless asked for by name, and why: k-induction does not
/// establish them with the domain facts it has (the inductive step still has counterexamples at
/// k = 20, in states no run reaches under the examples' default bounds), so a default prove would
/// spend minutes to say "unknown"; under other bounds (a failed write, a lost node, a lagging
/// lister) upstream's controller itself breaks them (known upstream behaviour). bmc checks them
/// like the others (properties::prove_gap).
inline const std::vector<std::string>& unproved_by_default_ids() {
  static const std::vector<std::string> ids = {"creates-accepted", "status-accepted"};
  return ids;
}
inline constexpr std::string_view kUnprovedByDefaultReason =
    "k-induction does not establish it with the domain facts it has yet (the inductive step has counterexamples up to "
    "k = 20, unreachable under the examples' default bounds; with failed writes, lost nodes or lagging listers "
    "upstream's controller itself breaks it); bmc checks it, and prove tries it when --property names it "
    "(docs/symbolic.md)";

/// The write class a *-accepted property judges, if `id` is one.
inline std::optional<spec::WriteClass> accepted_class(std::string_view id) {
  if (id == "creates-accepted") return spec::WriteClass::kCreates;
  if (id == "deletes-accepted") return spec::WriteClass::kDeletes;
  if (id == "status-accepted") return spec::WriteClass::kStatus;
  return std::nullopt;
}

namespace props {

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
         p.identity == q.identity && p.unlabeled == q.unlabeled;
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
  if (x.listers && y.listers) conjoin_equal<D>(eq, *x.listers, *y.listers);
  return eq;
}

/// One more sync from t changes nothing and records no event: the controller has nothing left
/// to do, reading through its lagging listers where t has them (reconcile). `overflow` as for
/// reconcile (that sync did not fit the shape). The explicit engines ask this too while every
/// lister is up to date, and model::reconcile (properties::next_sync), which reads through the
/// lagging listers, while one lags (properties/convergence.cpp).
template <class D>
typename D::Bool quiescent(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& t,
                           typename D::Bool* overflow) {
  FlatState<D> after = t;
  const auto event = reconcile(d, cfg, sh, after, overflow);
  return !event && flat_equal(after, t);
}

/// The status of t does not tell the truth about its pods (those the controller lists:
/// world::claimed): observedGeneration, a counter, or a revision. `why` receives the first field
/// that differs, in this order.
template <class D>
typename D::Bool status_mismatch(const D& d, const Shape& sh, const FlatState<D>& t, Why* why = nullptr) {
  using I = typename D::Int;
  const int n = sh.ordinals;
  const auto pod = [&](int o) -> const FlatPod<D>& { return t.pods[static_cast<std::size_t>(o)]; };
  const auto listed = [&](int o) { return world::claimed(pod(o)); };
  const auto running_ready = [&](int o) {
    return pod(o).phase == d.num(val(spec::PodPhase::kRunning)) && pod(o).ready;
  };
  const I replicas = count_if(d, n, listed);
  const I ready = count_if(d, n, [&](int o) { return listed(o) && running_ready(o); });
  const I available_ = count_if(d, n, [&](int o) {
    return listed(o) && running_ready(o) && available(d, pod(o), t.min_ready_seconds);
  });
  const I current = count_if(d, n, [&](int o) {
    return listed(o) && !pod(o).terminating && t.has_current_revision && t.current_revision == pod(o).revision;
  });
  const I updated = count_if(d, n, [&](int o) {
    return listed(o) && !pod(o).terminating && t.has_update_revision && t.update_revision == pod(o).revision;
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
/// set's own template is broken there is no such state: the goal is quiescence alone. Every pod
/// counted is the set's: controlled by it, its labels matching (a released pod's name blocks
/// the replica's re-creation: the controller's create gets AlreadyExists on every sync).
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
    pods_ok = pods_ok && (!p.exists || (ok && p.controlled && !p.unlabeled));
  }
  const B count = count_if(d, sh.ordinals, [&](int o) { return pod(o).exists; }) == s.replicas;
  const B live = d.ite(broken(s.pod_template), quiescent, pods_ok && count && quiescent);
  return gc_quiet(d, sh, s) && d.ite(s.set_exists, live, none_controlled);
}

}  // namespace props

/// True exactly when the transition (s, a, t) violates property `id` as the explicit property
/// judges it (properties/): for step properties its step(m, s, a, t) returns a message, for
/// invariants (status-accuracy) its invariant(m, t) does. `id` is one of symbolic_property_ids().
/// The *-accepted properties judge the sync of (s, a) itself (transition's `rejected`, the sync
/// run once more: over Z3 the same terms as trans's), whatever t is.
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
  if (const auto c = accepted_class(id)) {
    if constexpr (std::is_same_v<D, Concrete>)  // only a sync has errors: skip the step for the rest
      if (a.kind != kind_of<Reconcile> && a.kind != kind_of<WriteError>) {
        if (overflow) *overflow = false;
        return false;
      }
    typename D::Bool sync_overflow = d.ff();
    const auto tr = transition(d, cfg, sh, s, a, &sync_overflow);
    if (overflow) *overflow = sync_overflow;
    return tr.rejected[static_cast<std::size_t>(*c)];
  }
  STSMC_CHECK(id == "status-accuracy");
  return props::status_accuracy(d, cfg, sh, t, overflow);
}

}  // namespace stsmc::model::rules
