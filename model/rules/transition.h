#pragma once
// The model's step (StatefulSetModel::actions + next_state) over a value domain: one template
// gives the concrete step, checked against the explicit model, and the Z3 transition relation.
//
// The successor is written as guarded writes: it starts as a copy of the state and every action
// kind overwrites only the fields it changes, each as ite(guard, new, old), where the guard is
// "this kind is chosen, its arguments select this slot, and it is enabled". Guards of different
// kinds exclude each other (they test a.kind), so the order of the writes does not matter and a
// disabled action leaves the state unchanged. Arguments select slots by comparison (a.a == o)
// over the fixed slots. Unused arguments are ignored (action_well_formed pins them to 0).
#include <algorithm>
#include <array>
#include <cstdint>
#include <type_traits>
#include <string>
#include <vector>

#include "model/checker_model.h"
#include "model/rules/domain.h"
#include "model/rules/flat_state.h"
#include "model/rules/sync.h"
#include "model/rules/world.h"

namespace stsmc::model::rules {

template <class D>
struct Transition {
  using Rejected = std::array<typename D::Bool, spec::kWriteClasses>;
  FlatState<D> next;
  typename D::Bool enabled;
  typename D::Bool sync_events;
  /// Per spec::WriteClass: the step is a sync that returned an error the API server gave by its
  /// own rules (detail::Sync::rejected); false for every other kind.
  Rejected rejected;
};

namespace transition_detail {


using rules::budget_of_kind;

/// The initial budgets as a vector in FlatState::budgets order.
inline std::vector<std::int64_t> initial_budgets(const ModelConfig& cfg) {
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < FlatState<Concrete>::kBudgetCount; ++i) out.push_back(budget_at(cfg.budgets, i));
  return out;
}

template <class D>
struct Step {
  using B = typename D::Bool;
  using I = typename D::Int;

  const D& d;
  const ModelConfig& cfg;
  const Shape& sh;
  const FlatState<D>& s;
  const FlatAction<D>& a;
  FlatState<D> n;
  B enabled;

  Step(const D& d_, const ModelConfig& cfg_, const Shape& sh_, const FlatState<D>& s_, const FlatAction<D>& a_)
      : d(d_), cfg(cfg_), sh(sh_), s(s_), a(a_), n(s_), enabled(d_.ff()) {}

  I num(std::int64_t v) const { return d.num(v); }
  B is_kind(std::int64_t k) const { return a.kind == num(k); }

  template <class T>
  void put(T& field, const B& g, const T& v) const { field = d.ite(g, v, field); }

  /// "kind k chosen and its budget (if any) not spent".
  B chosen(std::int64_t k) const {
    const int bi = budget_of_kind(k);
    return bi < 0 ? is_kind(k) : is_kind(k) && s.budgets[static_cast<std::size_t>(bi)] > num(0);
  }
  /// Records that kind k is enabled under `g` (g includes chosen(k)) and charges its budget.
  void enable(std::int64_t k, const B& g) {
    enabled = enabled || g;
    const int bi = budget_of_kind(k);
    if (bi >= 0) {
      auto& b = n.budgets[static_cast<std::size_t>(bi)];
      put(b, g, s.budgets[static_cast<std::size_t>(bi)] - num(1));
    }
  }

  // ---- pieces of state ---------------------------------------------------------------------

  const FlatPod<D>& pod(int o) const { return s.pods[static_cast<std::size_t>(o)]; }
  const FlatClaim<D>& claim(int t, int o) const { return s.claims[static_cast<std::size_t>(sh.claim_index(t, o))]; }
  FlatPod<D>& npod(int o) { return n.pods[static_cast<std::size_t>(o)]; }
  FlatClaim<D>& nclaim(int t, int o) { return n.claims[static_cast<std::size_t>(sh.claim_index(t, o))]; }

  /// Every claim of slot o is usable (world::claim_usable).
  B claims_bound(int o) const {
    B r = d.tt();
    for (int t = 0; t < sh.claim_templates; ++t) r = r && world::claim_usable(claim(t, o));
    return r;
  }
  /// The garbage collector's view of the world of claims of slot o.
  world::ClaimContext<D> claim_context(int o) const {
    const B prot = cfg.pvc_protection ? world::protects(pod(o)) : d.ff();
    return {pod(o).exists, pod(o).uid, s.set_exists, prot};
  }

  // ---- action kinds ------------------------------------------------------------------------

  /// Pod action kind k (world.h) on the pod whose slot `arg` names, chosen also under `extra`.
  void pod_kind(std::int64_t k, const I& arg, const B& extra, const I& b) {
    const B c = chosen(k) && extra;
    B any = d.ff();
    for (int o = 0; o < sh.ordinals; ++o) {
      const world::PodContext<D> ctx{claims_bound(o), world::broken(d, cfg, pod(o).revision), s.min_ready_seconds,
                                     s.set_exists};
      const B h = arg == num(o) && world::pod_enabled(d, k, pod(o), ctx, b);
      any = any || h;
      world::pod_effect(d, k, pod(o), npod(o), c && h, b);
    }
    enable(k, c && any);
  }

  /// The kubelet's actions on one pod.
  void kubelet() {
    for (const auto k : world::kKubeletPodKinds) pod_kind(k, a.a, d.tt(), a.b);
  }
  /// The user's and the faults' actions on one pod: failures, unreadiness, a lost node, a delete.
  void pod_disruptions() {
    for (const auto k : world::kUserPodKinds) pod_kind(k, a.a, d.tt(), a.b);
  }

  /// Claim action kind k on the claim that a = template, b = ordinal name: `enabled(t, o)` its
  /// enabledness, `effect(t, o, g)` its effect under g.
  template <class Enabled, class Effect>
  void claim_kind(std::int64_t k, Enabled&& enabled, Effect&& effect) {
    const B c = chosen(k);
    B any = d.ff();
    for (int t = 0; t < sh.claim_templates; ++t)
      for (int o = 0; o < sh.ordinals; ++o) {
        const B h = a.a == num(t) && a.b == num(o) && enabled(t, o);
        any = any || h;
        effect(t, o, c && h);
      }
    enable(k, c && any);
  }

  void provisioner() {
    claim_kind(
        kind_of<PvcBound>, [&](int t, int o) { return world::bind_enabled(claim(t, o)); },
        [&](int t, int o, const B& g) { world::bind_effect(d, nclaim(t, o), g); });
  }

  /// gc_one: a = dependent (0 pod, 1 claim), b = ordinal, c = claim template (0 for a pod).
  void gc() {
    constexpr auto k = kind_of<GcDelete>;
    // A pod (a = 0) names its ordinal by b.
    pod_kind(k, a.b, a.a == num(0) && a.c == num(0), num(0));
    B any = d.ff();
    const B claims = chosen(k) && a.a == num(1);
    for (int t = 0; t < sh.claim_templates; ++t)
      for (int o = 0; o < sh.ordinals; ++o) {
        const auto x = claim_context(o);
        const B h = a.c == num(t) && a.b == num(o) && world::gc_claim_enabled(d, claim(t, o), x);
        any = any || h;
        world::gc_claim_effect(d, claim(t, o), nclaim(t, o), x, claims && h);
      }
    enable(k, claims && any);
  }

  /// The user deletes a claim: a = claim template, b = ordinal.
  void claim_deletes() {
    claim_kind(
        kind_of<DeletePvc>, [&](int t, int o) { return world::delete_claim_enabled(claim(t, o)); },
        [&](int t, int o, const B& g) {
          world::delete_claim_effect(d, claim(t, o), nclaim(t, o), claim_context(o), g);
        });
  }

  /// The user removes a claim's owner references: a = claim template, b = ordinal.
  void claim_orphans() {
    claim_kind(
        kind_of<OrphanPvc>, [&](int t, int o) { return world::orphan_claim_enabled(d, claim(t, o)); },
        [&](int t, int o, const B& g) { world::orphan_claim_effect(d, claim(t, o), nclaim(t, o), g); });
  }

  /// The stale-reads fault's actions on the lagging listers (s.listers: a lag of at most one
  /// step per kind, as model::Caches has under --cache-lag 1; model/caches.cpp): informer-lag
  /// (a = kind) stops an up-to-date informer, its lister keeps serving the objects of now;
  /// informer-sync (a = kind) delivers a lister's version when it is behind, which catches it
  /// up. (A controller restart is offered only with a sync in flight, which the encoding does
  /// not have: the model's restart reaches nothing informer-sync does not.)
  void informers() {
    if (!s.listers) return;
    const FlatListers<D>& l = *s.listers;
    FlatListers<D>& nl = *n.listers;
    const FlatListers<D> none(d, sh);
    B lags = d.ff(), syncs = d.ff();
    const B lag_chosen = chosen(kind_of<InformerLag>) && s.set_exists;
    const B sync_chosen = is_kind(kind_of<InformerSync>);
    for_each_kind(l, nl, none, [&](ListerKind kind, const auto& objects, const auto& copy, auto& next, const auto& zero) {
      const B named = a.a == num(static_cast<std::int64_t>(kind));
      const B start = lag_chosen && named && !l.lag(kind);
      const B deliver = sync_chosen && named && l.lag(kind) && flat_differ(d, copy, objects);
      lags = lags || start;
      syncs = syncs || deliver;
      next = select_flat(d, start, objects, select_flat(d, deliver, zero, next));
      put(nl.lag(kind), start || deliver, start);
    });
    enable(kind_of<InformerLag>, lags);
    enable(kind_of<InformerSync>, syncs);
  }

  /// f(kind, the API state's objects of that kind, the lister's copy in `l`, the copy in `nl`,
  /// the copy in `zero`) for each lister kind.
  template <class F>
  void for_each_kind(const FlatListers<D>& l, FlatListers<D>& nl, const FlatListers<D>& zero, F&& f) const {
    f(ListerKind::kPods, s.pods, l.pods, nl.pods, zero.pods);
    f(ListerKind::kClaims, s.claims, l.claims, nl.claims, zero.claims);
    f(ListerKind::kRevisions, s.revisions, l.revisions, nl.revisions, zero.revisions);
    f(ListerKind::kSet, s.set(), l.set, nl.set, zero.set);
  }

  /// The user's edits of the spec and the set's deletion (world.h).
  void user() {
    for (const auto k : world::kSpecEditKinds) {
      const B g = chosen(k) && world::edit_enabled(d, cfg, k, s, a.a, a.b);
      enable(k, g);
      world::edit_effect(d, cfg, k, s, n, g, a.a, a.b);
    }
    constexpr auto k = kind_of<DeleteStatefulSet>;
    const B del = chosen(k) && world::delete_set_enabled(d, cfg, s, a.a);
    enable(k, del);
    world::delete_set_effect(d, sh, s, n, del, a.a);
  }
};

/// After any step from `s` to `next`: a lagging lister does not see the step's changes. A kind
/// whose objects changed keeps its lister's version if that is one step behind (it served
/// `s`'s objects), and else falls to `s`'s objects: more than one step behind, the oldest is
/// delivered (model::advance_caches with a lag of one).
template <class D>
void advance_listers(const D& d, const FlatState<D>& s, FlatState<D>& next) {
  if (!s.listers) return;
  const FlatListers<D>& l = *s.listers;
  FlatListers<D>& nl = *next.listers;
  const auto kind = [&](const typename D::Bool& lag, const auto& before, const auto& after, const auto& copy,
                        auto& next_copy) {
    const typename D::Bool behind = lag && flat_differ(d, after, before) && flat_differ(d, copy, before);
    next_copy = select_flat(d, behind, before, next_copy);
  };
  kind(l.pods_lag, s.pods, next.pods, l.pods, nl.pods);
  kind(l.claims_lag, s.claims, next.claims, l.claims, nl.claims);
  kind(l.revisions_lag, s.revisions, next.revisions, l.revisions, nl.revisions);
  kind(l.set_lag, s.set(), next.set(), l.set, nl.set);
}

}  // namespace transition_detail

/// Every kind but Reconcile (for which it is never enabled): enabled ⇔ the action is among
/// StatefulSetModel::actions(s) and next_state(s, a) succeeds; next = that successor (== s when
/// not enabled), budgets charged; sync_events is false.
template <class D>
Transition<D> environment_step(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                               const FlatAction<D>& a) {
  transition_detail::Step<D> st(d, cfg, sh, s, a);
  st.kubelet();
  st.pod_disruptions();
  st.provisioner();
  st.gc();
  st.user();
  st.claim_deletes();
  st.claim_orphans();
  st.informers();
  transition_detail::advance_listers(d, s, st.n);
  return Transition<D>{std::move(st.n), st.enabled, d.ff(), {d.ff(), d.ff(), d.ff()}};
}

/// The model's step for action `a` from `s`: enabled ⇔ a is among StatefulSetModel::actions(s)
/// AND next_state(s, a) succeeds (budgets charged); next = that successor (== s when not
/// enabled); sync_events = the sync's event flag for a Reconcile or a WriteError (a sync whose
/// a.a-th write attempt gets error a.b: detail::Injection), false for other kinds.
///
/// `overflow` (if given) receives reconcile's overflow flag for a sync (the shape was too small
/// for it, so `next` is not the explicit model's), false for every other step; as with
/// reconcile, over Concrete without `overflow` an overflow is a failed check, over Symbolic the
/// caller asserts the term false or checks that it is unreachable.
template <class D>
Transition<D> transition(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                         const FlatAction<D>& a, typename D::Bool* overflow = nullptr) {
  using B = typename D::Bool;
  const auto wi = static_cast<std::size_t>(budget::kWriteError);
  const bool write_errors = cfg.budgets.write_error > 0;  // else no state has the budget
  const B is_sync = a.kind == d.num(kind_of<Reconcile>) && s.set_exists;
  const B is_write_error =
      write_errors ? a.kind == d.num(kind_of<WriteError>) && s.set_exists && s.budgets[wi] > d.num(0) : d.ff();
  // One sync serves both kinds: the injection names attempt 0 (none) unless a WriteError is chosen.
  typename Transition<D>::Rejected rejected{d.ff(), d.ff(), d.ff()};
  const auto sync = [&](FlatState<D>& r, B* sync_overflow, B* hit) {
    detail::ListerView<D> listers;
    if (s.listers) listers.lagging = &*s.listers;
    detail::Sync<D> run(d, cfg, sh, r, nullptr, nullptr, listers);
    if (write_errors) run.inject(detail::Injection<D>{d.ite(is_write_error, a.a, d.num(0)), a.b});
    const B events = run.run(sync_overflow);
    *hit = run.injected_hit();
    rejected = run.rejected();
    return events;
  };
  if constexpr (std::is_same_v<D, Concrete>) {
    // The same function as below, without running a sync for every other action.
    if (!is_sync && !is_write_error) {
      if (overflow) *overflow = false;
      return environment_step(d, cfg, sh, s, a);
    }
    FlatState<D> r = s;
    B hit = false;
    const B events = sync(r, overflow, &hit);
    if (is_write_error && !hit) return Transition<D>{s, false, false, {false, false, false}};  // (overflow as the sync's)
    if (is_write_error) r.budgets[wi] = s.budgets[wi] - 1;
    transition_detail::advance_listers(d, s, r);
    return Transition<D>{std::move(r), true, events, rejected};
  } else {
    Transition<D> t = environment_step(d, cfg, sh, s, a);
    FlatState<D> r = s;
    B sync_overflow = d.ff(), hit = d.ff();
    const B events = sync(r, &sync_overflow, &hit);
    const B faulted = is_write_error && hit;
    if (write_errors) r.budgets[wi] = d.ite(faulted, s.budgets[wi] - d.num(1), s.budgets[wi]);
    transition_detail::advance_listers(d, s, r);
    const B synced = is_sync || faulted;
    t.next = select_flat(d, synced, r, t.next);
    t.enabled = synced || t.enabled;
    t.sync_events = synced && events;
    for (std::size_t c = 0; c < rejected.size(); ++c) t.rejected[c] = synced && rejected[c];
    // An overflowing sync is not the controller's, nor are its write attempts: a WriteError's
    // overflow counts whether or not its attempt was hit.
    if (overflow) *overflow = (is_sync || is_write_error) && sync_overflow;
    return t;
  }
}

/// Action arguments pinned to the values the model can enumerate (kind in range, unused
/// arguments 0, arguments within the bounds' ranges, kinds whose budget starts at 0 excluded):
/// every enabled action satisfies it. SetMinReadySeconds is never enumerated, so excluded.
template <class D>
typename D::Bool action_well_formed(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatAction<D>& a) {
  using B = typename D::Bool;
  using I = typename D::Int;
  const auto num = [&](std::int64_t v) { return d.num(v); };
  const auto in = [&](const I& v, std::int64_t lo, std::int64_t hi) { return num(lo) <= v && v <= num(hi); };
  const auto init = transition_detail::initial_budgets(cfg);
  const std::int64_t last_ordinal = sh.ordinals - 1;
  const std::int64_t mrs = cfg.initial_spec.min_ready_seconds;
  const B no_b = a.b == num(0), no_c = a.c == num(0);
  B w = d.ff();
  const auto kind = [&](std::int64_t k, const B& args) {
    const int bi = transition_detail::budget_of_kind(k);
    if (bi >= 0 && init[static_cast<std::size_t>(bi)] == 0) return;
    w = w || (a.kind == num(k) && args);
  };
  const B pod = in(a.a, 0, last_ordinal) && no_b && no_c;
  kind(kind_of<Reconcile>, a.a == num(0) && no_b && no_c);
  for (std::int64_t k : {kind_of<PodAssigned>, kind_of<PodScheduled>, kind_of<PodReady>, kind_of<PodUnready>,
                         kind_of<PodFailed>, kind_of<PodSucceeded>, kind_of<TerminationFinished>, kind_of<NodeLost>})
    kind(k, pod);
  if (mrs > 0) kind(kind_of<PodAvailable>, in(a.a, 0, last_ordinal) && in(a.b, 1, mrs) && no_c);
  if (sh.claim_templates > 0) {
    kind(kind_of<PvcBound>, in(a.a, 0, sh.claim_templates - 1) && in(a.b, 0, last_ordinal) && no_c);
    kind(kind_of<DeletePvc>, in(a.a, 0, sh.claim_templates - 1) && in(a.b, 0, last_ordinal) && no_c);
    kind(kind_of<OrphanPvc>, in(a.a, 0, sh.claim_templates - 1) && in(a.b, 0, last_ordinal) && no_c);
    kind(kind_of<GcDelete>, in(a.b, 0, last_ordinal) &&
                                ((a.a == num(0) && no_c) || (a.a == num(1) && in(a.c, 0, sh.claim_templates - 1))));
  } else {
    kind(kind_of<GcDelete>, a.a == num(0) && in(a.b, 0, last_ordinal) && no_c);
  }
  for (std::int64_t k : world::kSpecEditKinds) {
    const world::ArgRange r = world::user_args(cfg, k);
    if (!r.empty()) kind(k, in(a.a, r.a_lo, r.a_hi) && in(a.b, r.b_lo, r.b_hi) && no_c);
  }
  kind(kind_of<DeletePod>, pod);
  kind(kind_of<OrphanPod>, pod);
  kind(kind_of<LabelPod>, in(a.a, 0, last_ordinal) && in(a.b, 0, 1) && no_c);
  const world::ArgRange del = world::user_args(cfg, kind_of<DeleteStatefulSet>);
  kind(kind_of<DeleteStatefulSet>, in(a.a, del.a_lo, del.a_hi) && in(a.b, del.b_lo, del.b_hi) && no_c);
  // The stale-reads fault's actions (a = ListerKind); informer-sync only where a lister can lag.
  const B lister_kind = in(a.a, 0, static_cast<std::int64_t>(kListerKinds.size()) - 1) && no_b && no_c;
  kind(kind_of<InformerLag>, lister_kind);
  if (sh.listers) kind(kind_of<InformerSync>, lister_kind);
  // WriteError: an attempt number (WriteError::attempt is 8 bits) and an error some write can
  // get (an update can get every error any write can).
  kind(kind_of<WriteError>, in(a.a, 1, 255) && detail::injectable(d, a.b, spec::Verb::kUpdate) && no_c);
  return w;
}

}  // namespace stsmc::model::rules
