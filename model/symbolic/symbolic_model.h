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
  /// Write errors are in the encoding, and stale listers with a lag of one step per kind
  /// (FlatListers); a sync in flight is not: `m` must have no partial-sync budget and a cache
  /// lag of at most 1 (every command refuses other models before they get here).
  SymbolicModel(const StatefulSetModel& m, std::vector<std::string> property_ids = {});

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
  std::vector<DomainFact<Symbolic>> domain_facts(const Frame& f) const;
  /// s --a--> t: the transition of model/rules/transition.h over Z3 terms. A step that needs
  /// more owner-reference slots than the shape has is outside it (docs/symbolic.md):
  /// assumptions() names this, and the engines prove it before relying on it.
  z3::expr trans(const Frame& s, const Step& a, const Frame& t) const;
  z3::expr differ(const Frame& a, const Frame& b) const {
    const auto x = terms_of(a), y = terms_of(b);
    z3::expr_vector parts(ctx_of(a));
    for (std::size_t i = 0; i < x.size(); ++i) parts.push_back(x[i] != y[i]);
    return z3::mk_or(parts);
  }
  /// The two frames stand for states with one canonical form (naming.h): the explorer's state
  /// identity, which bmc's lassos close their loops with.
  z3::expr same_up_to_naming(const Frame& a, const Frame& b) const;
  Expected<Action> decode(const z3::model& mdl, const Step& a) const;
  std::vector<Property> symbolic_properties() const;
  std::vector<Lemma> lemmas() const { return {}; }

  /// What trans() relies on: no enabled step needs more slots than the shape has (such a step
  /// is left out of trans, so the engines must show it never comes up).
  struct Assumption {
    std::string name;
    std::function<z3::expr(const Frame&, const Step&)> violated;
  };
  std::vector<Assumption> assumptions() const;

  // ---- liveness (checker/bmc.h's SymbolicLiveness) -------------------------------------------

  /// The liveness properties with an encoding: convergence, whose goal is LiveFrame::goals[0].
  struct Liveness {
    std::string id;
  };
  /// (Under stale reads the goal's quiescence reads through the lagging listers, as the
  /// explorer's does, and informer-sync is a quiet action of the informers' class.)
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
  LiveFrame live_frame(const Frame& f) const;
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
