#pragma once
// What the symbolic engine needs to look for lassos that violate convergence (docs/architecture.md §4),
// written once over a value domain: the goal (props::converged, model/rules/properties.h) and, for
// weak fairness, which actor classes can move a state (an enabled quiet action that changes it,
// checker/evaluate.h's quiet_classes_moving) and whether any quiet action is enabled at all.
//
// Fairness quantifies over actions ("no quiet action of class c changes s"), so it cannot use a
// free action variable: it enumerates the shape's finite universe of quiet actions (every flat
// action that action_well_formed admits and the explicit model calls quiet) as constants. Over
// Z3 each such step is simplified at once, which folds the other kinds' guarded writes away.
// The Reconcile of a state is computed once and shared: the goal's quiescence and the
// controller's moving both read it (Z3 shares it with the transition relation's too, by hashing).
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <variant>
#include <vector>

#include "model/checker_model.h"
#include "model/symbolic/z3_domain.h"
#include "model/rules/flat_state.h"
#include "model/rules/properties.h"
#include "model/rules/sync.h"
#include "model/rules/transition.h"

namespace stsmc::model::symbolic {

/// A quiet action the shape can name, and its actor class (StatefulSetModel::actor_class).
struct QuietAction {
  FlatAction<Concrete> flat{Concrete{}};
  std::size_t cls = 0;
};

/// Every quiet action of `m` within shape `sh`: the flat actions action_well_formed admits
/// whose explicit action is quiet. Reconcile is among them (the controller's only action).
inline std::vector<QuietAction> quiet_actions(const StatefulSetModel& m, const Shape& sh) {
  const auto& cfg = m.config();
  const Concrete d;
  const std::int64_t top = std::max<std::int64_t>(
      {sh.ordinals, cfg.bounds.max_replicas, static_cast<std::int64_t>(cfg.controller.templates.size()),
       sh.claim_templates, cfg.initial_spec.min_ready_seconds, 2});
  std::vector<QuietAction> out;
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(std::variant_size_v<Action>); ++k)
    for (std::int64_t x = 0; x <= top; ++x)
      for (std::int64_t y = 0; y <= top; ++y)
        for (std::int64_t z = 0; z <= top; ++z) {
          FlatAction<Concrete> fa{d};
          fa.kind = k;
          fa.a = x;
          fa.b = y;
          fa.c = z;
          if (!action_well_formed(d, cfg, sh, fa)) continue;
          const auto a = from_flat(fa);
          if (!a || !m.is_quiet(*a)) continue;
          out.push_back(QuietAction{fa, m.actor_class(*a)});
        }
  return out;
}

namespace live_detail {

inline bool simplified(const Concrete&, bool b) { return b; }
inline z3::expr simplified(const Symbolic&, const z3::expr& b) { return b.simplify(); }

/// The step of quiet, non-Reconcile action `a` from `s`: only the actor whose rules name its
/// kind runs (the others' writes are guarded by their own kinds, so they would change nothing).
template <class D>
transition_detail::Step<D> quiet_step(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                      const FlatAction<D>& a, std::int64_t kind) {
  transition_detail::Step<D> st(d, cfg, sh, s, a);
  if (kind == kind_of<PvcBound>)
    st.provisioner();
  else if (kind == kind_of<GcDelete>)
    st.gc();
  else if (kind == kind_of<InformerSync>)
    st.informers();
  else
    st.kubelet();
  // A lagging lister does not see what the step changed (transition.h).
  transition_detail::advance_listers(d, s, st.n);
  return st;
}

}  // namespace live_detail

/// One state's liveness facts.
template <class D>
struct LiveFacts {
  typename D::Bool goal;                     ///< convergence's goal (`desired`)
  std::vector<typename D::Bool> moving;      ///< per actor class: a quiet action of it changes s
  typename D::Bool quiet_enabled;            ///< some quiet action is enabled in s
  typename D::Bool overflow;                 ///< the next sync does not fit the shape: the rest is not exact
};

/// The liveness facts of `s`, from the quiet actions `universe` (quiet_actions), `classes`
/// actor classes.
template <class D>
LiveFacts<D> live_facts(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                        const std::vector<QuietAction>& universe, std::size_t classes) {
  using B = typename D::Bool;
  FlatState<D> after = s;
  B sync_overflow = d.ff();
  const B event = reconcile(d, cfg, sh, after, &sync_overflow);
  const B same = props::flat_equal(after, s);
  LiveFacts<D> f{props::converged(d, cfg, sh, s, !event && same), std::vector<B>(classes, d.ff()), s.set_exists,
                 s.set_exists && sync_overflow};
  for (const auto& q : universe) {
    if (q.flat.kind == kind_of<Reconcile>) {
      f.moving[q.cls] = f.moving[q.cls] || (s.set_exists && !same);
      continue;
    }
    FlatAction<D> a{d};
    a.kind = d.num(q.flat.kind);
    a.a = d.num(q.flat.a);
    a.b = d.num(q.flat.b);
    a.c = d.num(q.flat.c);
    const auto st = live_detail::quiet_step(d, cfg, sh, s, a, q.flat.kind);
    f.quiet_enabled = f.quiet_enabled || live_detail::simplified(d, st.enabled);
    f.moving[q.cls] = f.moving[q.cls] || live_detail::simplified(d, st.enabled && !props::flat_equal(st.n, s));
  }
  return f;
}

}  // namespace stsmc::model::symbolic
