#pragma once
// The StatefulSet model as a symbolic transition system for checker/bmc.h: a frame is a flat
// state of Z3 constants, a step a flat action of Z3 constants, and the relations are the rules
// written once over value domains (transition.h, sync.h, properties.h) instantiated with
// Symbolic. The concept the engine needs is structural, so model/ does not include checker/.
#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/check.h"
#include "model/checker_model.h"
#include "model/symbolic/z3_domain.h"
#include "model/symbolic/domain_facts.h"
#include "model/rules/flat_state.h"
#include "model/symbolic/liveness.h"
#include "model/symbolic/naming.h"
#include "model/rules/properties.h"
#include "model/rules/transition.h"

namespace stsmc::model::symbolic {

/// Every value of a flat form, in field order, as Z3 terms or as integers (booleans 0/1).
template <class T>
std::vector<z3::expr> terms_of(T f) {
  std::vector<z3::expr> out;
  f.fields([&](const char*, z3::expr& v) { out.push_back(v); });
  return out;
}
template <class T>
std::vector<std::int64_t> values_of(T f) {
  std::vector<std::int64_t> out;
  f.fields([&](const char*, auto& v) { out.push_back(static_cast<std::int64_t>(v)); });
  return out;
}

/// `terms` equal `values` field by field.
inline z3::expr equals(z3::context& ctx, const std::vector<z3::expr>& terms, const std::vector<std::int64_t>& values) {
  z3::expr_vector parts(ctx);
  for (std::size_t i = 0; i < terms.size(); ++i)
    parts.push_back(terms[i].is_bool() ? (values[i] ? terms[i] : !terms[i])
                                       : terms[i] == ctx.int_val(static_cast<int64_t>(values[i])));
  return z3::mk_and(parts);
}

class SymbolicModel {
 public:
  using Explicit = StatefulSetModel;
  using Frame = FlatState<Symbolic>;
  using Step = FlatAction<Symbolic>;

  struct Property {
    std::string id;
    std::function<z3::expr(const Frame&, const Step&, const Frame&)> bad;
  };
  struct Lemma {
    std::string name;
    std::function<z3::expr(const Frame&)> holds;
  };

  /// `m` must outlive this. `property_ids` selects the symbolic properties (all when empty).
  SymbolicModel(const StatefulSetModel& m, std::vector<std::string> property_ids = {})
      : m_(m), sh_(shape_of(m.config())), ids_(std::move(property_ids)) {
    // The encoding has no informer-lag action (stale listers): over a model with its budget a
    // "proved" would leave the fault out. Every command refuses such a model before it gets here.
    // Write errors are in it (the WriteError kind of model/rules/transition.h).
    STSMC_CHECK(m.config().budgets.informer_lag == 0);
    auto init = to_flat(sh_, m.init_states().front());
    STSMC_CHECK(init.has_value());
    init_ = values_of(*init);
    universe_ = quiet_actions(m, sh_);
    for (const auto& q : universe_)
      if (std::find(quiet_kinds_.begin(), quiet_kinds_.end(), std::pair{q.flat.kind, q.cls}) == quiet_kinds_.end())
        quiet_kinds_.emplace_back(q.flat.kind, q.cls);
  }

  const Explicit& explicit_model() const { return m_; }
  const Shape& shape() const { return sh_; }

  Frame frame(z3::context& ctx, int i) const {
    Frame f(Symbolic{&ctx}, sh_);
    const std::string prefix = "s" + std::to_string(i) + ".";
    f.fields([&](const char* name, z3::expr& v) {
      v = v.is_bool() ? ctx.bool_const((prefix + name).c_str()) : ctx.int_const((prefix + name).c_str());
    });
    return f;
  }
  Step step(z3::context& ctx, int i) const {
    Step a(Symbolic{&ctx});
    const std::string prefix = "a" + std::to_string(i) + ".";
    a.fields([&](const char* name, z3::expr& v) { v = ctx.int_const((prefix + name).c_str()); });
    return a;
  }
  z3::expr init(const Frame& f) const { return equals(ctx_of(f), terms_of(f), init_); }
  /// Candidate domain facts (transition.h's domain_facts); the engine keeps the proved ones.
  std::vector<DomainFact<Symbolic>> domain_facts(const Frame& f) const {
    return symbolic::domain_facts(Symbolic{&ctx_of(f)}, m_.config(), sh_, f);
  }
  z3::expr trans(const Frame& s, const Step& a, const Frame& t) const {
    const Symbolic d{&ctx_of(s)};
    z3::expr overflow = d.ff();
    auto tr = transition(d, m_.config(), sh_, s, a, &overflow);
    const auto next = terms_of(tr.next);
    const auto vars = terms_of(t);
    z3::expr_vector parts(*d.ctx);
    parts.push_back(tr.enabled);
    // A step that needs more owner-reference slots than the shape has is outside the encoding
    // (docs/symbolic.md): assumptions() names this, and the engines prove it before relying on it.
    parts.push_back(!overflow);
    parts.push_back(action_well_formed(d, m_.config(), sh_, a));
    for (std::size_t i = 0; i < next.size(); ++i) parts.push_back(vars[i] == next[i]);
    return z3::mk_and(parts);
  }
  z3::expr differ(const Frame& a, const Frame& b) const {
    const auto x = terms_of(a), y = terms_of(b);
    z3::expr_vector parts(ctx_of(a));
    for (std::size_t i = 0; i < x.size(); ++i) parts.push_back(x[i] != y[i]);
    return z3::mk_or(parts);
  }
  /// The two frames stand for states with one canonical form (naming.h): the explorer's state
  /// identity, which bmc's lassos close their loops with.
  z3::expr same_up_to_naming(const Frame& a, const Frame& b) const {
    return symbolic::same_up_to_naming(Symbolic{&ctx_of(a)}, sh_, a, b);
  }
  Expected<Action> decode(const z3::model& mdl, const Step& a) const {
    FlatAction<Concrete> c{Concrete{}};
    const auto vars = terms_of(a);
    std::size_t i = 0;
    c.fields([&](const char*, std::int64_t& v) {
      const z3::expr e = mdl.eval(vars[i++], true);
      v = e.is_numeral() ? e.get_numeral_int64() : -1;
    });
    return from_flat(c);
  }
  std::vector<Property> symbolic_properties() const {
    std::vector<Property> out;
    for (const auto& id : symbolic_property_ids()) {
      if (!ids_.empty() && std::find(ids_.begin(), ids_.end(), id) == ids_.end()) continue;
      out.push_back(Property{id, [this, id](const Frame& s, const Step& a, const Frame& t) {
                               return violates(Symbolic{&ctx_of(s)}, m_.config(), sh_, id, s, a, t);
                             }});
    }
    return out;
  }
  std::vector<Lemma> lemmas() const { return {}; }

  /// What trans() relies on: no enabled step needs more slots than the shape has (such a step
  /// is left out of trans, so the engines must show it never comes up).
  struct Assumption {
    std::string name;
    std::function<z3::expr(const Frame&, const Step&)> violated;
  };
  std::vector<Assumption> assumptions() const {
    return {Assumption{"every step fits the shape's slots", [this](const Frame& t, const Step& a) {
                         const Symbolic d{&ctx_of(t)};
                         z3::expr overflow = d.ff();
                         auto tr = transition(d, m_.config(), sh_, t, a, &overflow);
                         return tr.enabled && action_well_formed(d, m_.config(), sh_, a) && overflow;
                       }}};
  }

  // ---- liveness (checker/bmc.h's SymbolicLiveness) -------------------------------------------

  /// The liveness properties with an encoding: convergence, whose goal is LiveFrame::goals[0].
  struct Liveness {
    std::string id;
  };
  std::vector<Liveness> symbolic_liveness() const { return {Liveness{"convergence"}}; }

  /// A frame's liveness facts (liveness.h): the goal of each symbolic_liveness() property, per
  /// actor class whether it can move the state, whether any quiet action is enabled, and
  /// `exact`: these are the explicit model's (the next sync fits the shape).
  struct LiveFrame {
    std::vector<z3::expr> goals;
    std::vector<z3::expr> moving;
    z3::expr quiet_enabled;
    z3::expr exact;
  };
  LiveFrame live_frame(const Frame& f) const {
    const Symbolic d{&ctx_of(f)};
    auto facts = live_facts(d, m_.config(), sh_, f, universe_, Explicit::kActorClasses);
    return LiveFrame{{facts.goal}, std::move(facts.moving), facts.quiet_enabled, !facts.overflow};
  }
  /// The step's action is quiet (its kind is one of a quiet action's; a kind fixes the class).
  z3::expr quiet(const Step& a) const {
    z3::expr_vector any(ctx_of(a));
    for (const auto& [kind, cls] : quiet_kinds_) any.push_back(a.kind == ctx_of(a).int_val(static_cast<int64_t>(kind)));
    return z3::mk_or(any);
  }
  /// The step's action is a quiet action of actor class `c`.
  z3::expr actor_class_is(const Step& a, std::size_t c) const {
    z3::expr_vector any(ctx_of(a));
    for (const auto& [kind, cls] : quiet_kinds_)
      if (cls == c) any.push_back(a.kind == ctx_of(a).int_val(static_cast<int64_t>(kind)));
    return z3::mk_or(any);
  }

 private:
  static z3::context& ctx_of(const Frame& f) { return f.set_exists.ctx(); }
  static z3::context& ctx_of(const Step& a) { return a.kind.ctx(); }

  const StatefulSetModel& m_;
  Shape sh_;
  std::vector<std::string> ids_;
  std::vector<std::int64_t> init_;
  std::vector<QuietAction> universe_;
  std::vector<std::pair<std::int64_t, std::size_t>> quiet_kinds_;  // (kind, class) of the quiet actions
};

}  // namespace stsmc::model::symbolic
