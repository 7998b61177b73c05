#pragma once
// Toy models for the symbolic engine (checker/bmc.h). A toy's rules are written once, as guards
// and effects over a value domain, and instantiated twice: ExplicitToy runs them on int64 values
// as a checker::Model, SymbolicToy on Z3 terms as a SymbolicModel, so the two cannot drift apart.
// Properties and lemmas are written once too (generic lambdas over either domain). Only the
// tests' deliberate bugs (extra_trans, a property whose two halves differ) make them disagree.
// Z3 (z3++.h) comes through checker/bmc.h: tools/check_includes.sh allows a direct include only
// in the engine itself and in tests.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checker/bmc.h"
#include "checker/testing/fixture_models.h"

namespace stsmc::checker::testing {

/// Concrete values: the rules run as ordinary code.
struct ConcreteDomain {
  using Bool = bool;
  using Int = std::int64_t;
  Bool lit(bool v) const { return v; }
  Int num(std::int64_t v) const { return v; }
  template <class T>
  T ite(Bool c, const T& a, const T& b) const {
    return c ? a : b;
  }
};

/// Z3 terms over one context (mathematical integers). Rules never branch on a Bool with `if`:
/// every decision over state values is an ite.
struct Z3Domain {
  z3::context* ctx;
  using Bool = z3::expr;
  using Int = z3::expr;
  Bool lit(bool v) const { return ctx->bool_val(v); }
  Int num(std::int64_t v) const { return ctx->int_val(static_cast<int64_t>(v)); }
  z3::expr ite(const z3::expr& c, const z3::expr& a, const z3::expr& b) const {
    return z3::ite(c, a, b);
  }
};

/// A toy's state variables over a domain.
template <class D>
using Vals = std::vector<typename D::Int>;
using ConcreteVals = Vals<ConcreteDomain>;
using Z3Vals = Vals<Z3Domain>;

/// The rules of a toy: kVars integer variables with ranges (the symbolic domain), initial
/// valuations, and kRules rules, each a guard and an effect over either domain.
template <class R>
concept ToyRules = requires(const R& r, const ConcreteDomain& cd, const Z3Domain& zd,
                            const ConcreteVals& cv, const Z3Vals& zv, std::size_t i) {
  { R::kVars } -> std::convertible_to<std::size_t>;
  { R::kRules } -> std::convertible_to<std::size_t>;
  { r.var_name(i) } -> std::same_as<std::string>;
  { r.rule_name(i) } -> std::same_as<std::string>;
  { r.inits() } -> std::same_as<std::vector<std::vector<std::int64_t>>>;
  { r.ranges() } -> std::same_as<std::vector<std::pair<std::int64_t, std::int64_t>>>;
  { r.guard(cd, cv, i) } -> std::same_as<bool>;
  { r.guard(zd, zv, i) } -> std::same_as<z3::expr>;
  { r.effect(cd, cv, i) } -> std::same_as<ConcreteVals>;
  { r.effect(zd, zv, i) } -> std::same_as<Z3Vals>;
};

/// A property written once: bad(d, s, rule, t) on a transition (an invariant looks at t only).
struct ToyProperty {
  std::string id;
  PropertyKind kind = PropertyKind::kInvariant;
  std::string message;  ///< the explicit property's violation message
  std::function<bool(const ConcreteDomain&, const ConcreteVals&, std::int64_t, const ConcreteVals&)>
      concrete;
  std::function<z3::expr(const Z3Domain&, const Z3Vals&, const z3::expr&, const Z3Vals&)> symbolic;
};

template <class F>
ToyProperty toy_property(std::string id, PropertyKind kind, std::string message, F bad) {
  return {std::move(id), kind, std::move(message), bad, bad};
}

/// A lemma written once: holds(d, s).
struct ToyLemma {
  std::string name;
  std::function<bool(const ConcreteDomain&, const ConcreteVals&)> concrete;
  std::function<z3::expr(const Z3Domain&, const Z3Vals&)> symbolic;
};

template <class F>
ToyLemma toy_lemma(std::string name, F holds) {
  return {std::move(name), holds, holds};
}

struct ToyState {
  BOOST_HANA_DEFINE_STRUCT(ToyState, (std::vector<std::int64_t>, v));
  friend bool operator==(const ToyState&, const ToyState&) = default;
};

struct ToyAction {
  BOOST_HANA_DEFINE_STRUCT(ToyAction, (std::uint32_t, rule));
  friend bool operator==(const ToyAction&, const ToyAction&) = default;
};

/// The rules run on int64 values: a checker::Model.
template <ToyRules R>
struct ExplicitToy {
  using State = ToyState;
  using Action = ToyAction;
  STSMC_FIXTURE_REFLECTED_MEMBERS
  static constexpr std::size_t kActorClasses = 1;

  R rules;

  std::vector<State> init_states() const {
    std::vector<State> out;
    for (auto& v : rules.inits()) out.push_back(State{std::move(v)});
    return out;
  }
  void actions(const State& s, std::vector<Action>& out) const {
    for (std::size_t r = 0; r < R::kRules; ++r)
      if (rules.guard(ConcreteDomain{}, s.v, r))
        out.push_back(Action{static_cast<std::uint32_t>(r)});
  }
  std::optional<State> next_state(const State& s, const Action& a) const {
    if (a.rule >= R::kRules) return std::nullopt;
    return State{rules.effect(ConcreteDomain{}, s.v, a.rule)};
  }
  std::size_t actor_class(const Action&) const { return 0; }
  bool is_quiet(const Action&) const { return true; }
  std::string action_name(const Action& a) const { return rules.rule_name(a.rule); }
};

/// The explicit half of a toy property.
template <ToyRules R>
Property<ExplicitToy<R>> explicit_property(const ToyProperty& p) {
  Property<ExplicitToy<R>> out;
  out.id = p.id;
  out.kind = p.kind;
  out.statement = p.message;
  auto bad = p.concrete;
  auto msg = p.message;
  if (p.kind == PropertyKind::kInvariant)
    out.invariant = [bad, msg](const ExplicitToy<R>&,
                               const ToyState& t) -> std::optional<std::string> {
      if (bad(ConcreteDomain{}, t.v, 0, t.v)) return msg;
      return std::nullopt;
    };
  else
    out.step = [bad, msg](const ExplicitToy<R>&, const ToyState& s, const ToyAction& a,
                          const ToyState& t) -> std::optional<std::string> {
      if (bad(ConcreteDomain{}, s.v, a.rule, t.v)) return msg;
      return std::nullopt;
    };
  return out;
}

/// A lemma as an explicit invariant, to check on the explicit model that it is true.
template <ToyRules R>
Property<ExplicitToy<R>> explicit_lemma(const ToyLemma& l) {
  auto holds = l.concrete;
  return explicit_property<R>(ToyProperty{
      l.name, PropertyKind::kInvariant, "lemma " + l.name + " fails",
      [holds](const auto& d, const auto&, std::int64_t, const auto& t) { return !holds(d, t); },
      nullptr});
}

/// The rules run on Z3 terms: a SymbolicModel of ExplicitToy<R>. Frame: one Int constant per
/// variable ("x@3"); Step: the rule index ("rule@3").
template <ToyRules R>
struct SymbolicToy {
  using Explicit = ExplicitToy<R>;
  using Frame = Z3Vals;
  using Step = z3::expr;

  Explicit model;
  std::vector<ToyProperty> properties;
  std::vector<ToyLemma> lemma_list;
  /// A deliberate bug for the tests: one more disjunct of the transition relation.
  std::function<z3::expr(const Z3Domain&, const Frame&, const Step&, const Frame&)> extra_trans;
  /// More candidate domain facts besides the ranges (true or not: the engine must sort them).
  std::vector<ToyLemma> extra_domain = {};
  /// Encoding assumptions (bmc.h's EncodingAssumptions): each violated(d, t, rule) is "in t the
  /// rule is enabled and breaks the assumption".
  std::vector<ToyProperty> assumption_list = {};

  const Explicit& explicit_model() const { return model; }
  Frame frame(z3::context& ctx, int i) const {
    Frame f;
    for (std::size_t j = 0; j < R::kVars; ++j)
      f.push_back(ctx.int_const((model.rules.var_name(j) + "@" + std::to_string(i)).c_str()));
    return f;
  }
  Step step(z3::context& ctx, int i) const {
    return ctx.int_const(("rule@" + std::to_string(i)).c_str());
  }

  z3::expr init(const Frame& f) const {
    const Z3Domain d = dom(f);
    z3::expr_vector any(*d.ctx);
    for (const auto& v : model.rules.inits()) {
      z3::expr_vector all(*d.ctx);
      for (std::size_t j = 0; j < R::kVars; ++j) all.push_back(f[j] == d.num(v[j]));
      any.push_back(z3::mk_and(all));
    }
    return z3::mk_or(any);
  }
  struct Fact {
    std::string name;
    z3::expr holds;
  };
  /// The variables' ranges, one candidate fact per bound.
  std::vector<Fact> domain_facts(const Frame& f) const {
    const Z3Domain d = dom(f);
    std::vector<Fact> out;
    const auto ranges = model.rules.ranges();
    for (std::size_t j = 0; j < R::kVars; ++j) {
      out.push_back({"v" + std::to_string(j) + " >= " + std::to_string(ranges[j].first), f[j] >= d.num(ranges[j].first)});
      out.push_back({"v" + std::to_string(j) + " <= " + std::to_string(ranges[j].second), f[j] <= d.num(ranges[j].second)});
    }
    for (const auto& l : extra_domain) out.push_back({l.name, l.symbolic(d, f)});
    return out;
  }

  struct Assumption {
    std::string name;
    std::function<z3::expr(const Frame&, const Step&)> violated;
  };
  std::vector<Assumption> assumptions() const {
    std::vector<Assumption> out;
    for (const auto& a : assumption_list)
      out.push_back({a.id, [bad = a.symbolic](const Frame& t, const Step& r) { return bad(dom(t), t, r, t); }});
    return out;
  }
  z3::expr trans(const Frame& s, const Step& a, const Frame& t) const {
    const Z3Domain d = dom(s);
    z3::expr_vector any(*d.ctx);
    for (std::size_t r = 0; r < R::kRules; ++r) {
      const Frame next = model.rules.effect(d, s, r);
      z3::expr_vector all(*d.ctx);
      all.push_back(a == d.num(static_cast<std::int64_t>(r)));
      all.push_back(model.rules.guard(d, s, r));
      for (std::size_t j = 0; j < R::kVars; ++j) all.push_back(t[j] == next[j]);
      any.push_back(z3::mk_and(all));
    }
    if (extra_trans) any.push_back(extra_trans(d, s, a, t));
    return z3::mk_or(any);
  }
  z3::expr differ(const Frame& a, const Frame& b) const {
    z3::expr_vector any(a[0].ctx());
    for (std::size_t j = 0; j < R::kVars; ++j) any.push_back(a[j] != b[j]);
    return z3::mk_or(any);
  }
  Expected<ToyAction> decode(const z3::model& m, const Step& a) const {
    const z3::expr v = m.eval(a, true);
    std::int64_t r = -1;
    if (!v.is_numeral_i64(r) || r < 0 || r >= static_cast<std::int64_t>(R::kRules))
      return Error{ErrorCode::kInternal, "rule " + v.to_string() + " is not a rule index"};
    return ToyAction{static_cast<std::uint32_t>(r)};
  }
  std::vector<SymbolicProperty<SymbolicToy>> symbolic_properties() const {
    std::vector<SymbolicProperty<SymbolicToy>> out;
    for (const auto& p : properties)
      out.push_back({p.id, [bad = p.symbolic](const Frame& s, const Step& a, const Frame& t) {
                       return bad(dom(s), s, a, t);
                     }});
    return out;
  }
  std::vector<Lemma<SymbolicToy>> lemmas() const {
    std::vector<Lemma<SymbolicToy>> out;
    for (const auto& l : lemma_list)
      out.push_back({l.name, [holds = l.symbolic](const Frame& s) { return holds(dom(s), s); }});
    return out;
  }

  /// The explicit halves of all the toy's properties, in order.
  std::vector<Property<Explicit>> explicit_properties() const {
    std::vector<Property<Explicit>> out;
    for (const auto& p : properties) out.push_back(explicit_property<R>(p));
    return out;
  }

  static Z3Domain dom(const Frame& f) { return Z3Domain{&f[0].ctx()}; }
};

// ---------------------------------------------------------------------------------------------
/// Two processes, pc in {0 idle, 1 checked, 2 critical}; rule 3p + {0 check, 1 enter, 2 exit}.
/// `buggy`: a process checks only that the other is not critical (as BuggyMutex: both check,
/// both enter, mutual exclusion fails after 4 steps). Otherwise it checks that the other is
/// idle: exclusion holds, 2-inductive ((1,1) -> (1,2) -> (2,2) refutes k = 1, and (1,1) has no
/// predecessor), 1-inductive with the lemma "at most one process is busy".
struct MutexRules {
  bool buggy = true;
  static constexpr std::size_t kVars = 2;
  static constexpr std::size_t kRules = 6;
  std::string var_name(std::size_t j) const { return "pc" + std::to_string(j); }
  std::string rule_name(std::size_t r) const {
    static constexpr const char* kSteps[] = {"check", "enter", "exit"};
    return kSteps[r % 3] + std::to_string(r / 3);
  }
  std::vector<std::vector<std::int64_t>> inits() const { return {{0, 0}}; }
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges() const { return {{0, 2}, {0, 2}}; }
  template <class D>
  typename D::Bool guard(const D& d, const Vals<D>& s, std::size_t r) const {
    const std::size_t p = r / 3, other = 1 - p;
    if (r % 3 == 1) return s[p] == d.num(1);
    if (r % 3 == 2) return s[p] == d.num(2);
    return s[p] == d.num(0) && d.ite(d.lit(buggy), s[other] != d.num(2), s[other] == d.num(0));
  }
  template <class D>
  Vals<D> effect(const D& d, const Vals<D>& s, std::size_t r) const {
    Vals<D> t = s;
    t[r / 3] = d.num(static_cast<std::int64_t>((r % 3 + 1) % 3));
    return t;
  }
};

/// x and y tick together up to `max`, then both wrap to 0 (written with ite), from `starts`. With
/// max 10, y <= 10 holds; it is 10-inductive (an unreachable y = x + (10 - k) climbs for k steps
/// before it passes 10) and 1-inductive with the lemma x == y. Rule "hold" keeps the state and is
/// enabled only when x < y, which is unreachable: without the simple-path constraint, (0, 10)
/// held k times and then ticked to (1, 11) would refute y <= 10 at every k.
struct CounterRules {
  std::int64_t max = 10;
  std::vector<std::vector<std::int64_t>> starts = {{0, 0}};
  static constexpr std::size_t kVars = 2;
  static constexpr std::size_t kRules = 2;
  std::string var_name(std::size_t j) const { return j == 0 ? "x" : "y"; }
  std::string rule_name(std::size_t r) const { return r == 0 ? "tick" : "hold"; }
  std::vector<std::vector<std::int64_t>> inits() const { return starts; }
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges() const {
    return {{0, 1000}, {0, 1000}};
  }
  template <class D>
  typename D::Bool guard(const D& d, const Vals<D>& s, std::size_t r) const {
    return r == 0 ? d.lit(true) : s[0] < s[1];
  }
  template <class D>
  Vals<D> effect(const D& d, const Vals<D>& s, std::size_t r) const {
    if (r == 1) return s;
    const auto wrap = s[0] >= d.num(max);
    return {d.ite(wrap, d.num(0), s[0] + d.num(1)), d.ite(wrap, d.num(0), s[1] + d.num(1))};
  }
};

/// p climbs from 2 with q = 2 fixed, so p * q never equals an odd `n`; but the inductive step for
/// "p * q != n" asks Z3 to factor n (nonlinear integer arithmetic): hard enough for the time limit.
struct FactorRules {
  std::int64_t n = 99999989237606677;  // 316227731 * 316227767
  static constexpr std::size_t kVars = 2;
  static constexpr std::size_t kRules = 1;
  static constexpr std::int64_t kTop = 2147483647;
  std::string var_name(std::size_t j) const { return j == 0 ? "p" : "q"; }
  std::string rule_name(std::size_t) const { return "climb"; }
  std::vector<std::vector<std::int64_t>> inits() const { return {{2, 2}}; }
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges() const {
    return {{2, kTop}, {2, kTop}};
  }
  template <class D>
  typename D::Bool guard(const D& d, const Vals<D>& s, std::size_t) const {
    return s[0] < d.num(kTop);
  }
  template <class D>
  Vals<D> effect(const D& d, const Vals<D>& s, std::size_t) const {
    return {s[0] + d.num(1), s[1]};
  }
};

using MutexToy = SymbolicToy<MutexRules>;
using CounterToy = SymbolicToy<CounterRules>;
using FactorToy = SymbolicToy<FactorRules>;
static_assert(ToyRules<MutexRules> && ToyRules<CounterRules> && ToyRules<FactorRules>);
static_assert(Model<ExplicitToy<MutexRules>> && SymbolicModel<MutexToy> &&
              SymbolicModel<CounterToy> && EncodingAssumptions<CounterToy>);

/// Never both processes critical.
inline ToyProperty mutual_exclusion_toy() {
  return toy_property("mutual-exclusion", PropertyKind::kInvariant, "both processes are critical",
                      [](const auto& d, const auto&, const auto&, const auto& t) {
                        return t[0] == d.num(2) && t[1] == d.num(2);
                      });
}

/// A process becomes critical only from checked (a step property that holds, 1-inductive).
inline ToyProperty enter_from_checked() {
  return toy_property(
      "enter-from-checked", PropertyKind::kStep, "a process entered without checking",
      [](const auto& d, const auto& s, const auto&, const auto& t) {
        return (t[0] == d.num(2) && s[0] == d.num(0)) || (t[1] == d.num(2) && s[1] == d.num(0));
      });
}

/// At most one process is busy (checked or critical): true of the correct mutex.
inline ToyLemma at_most_one_busy() {
  return toy_lemma("at-most-one-busy", [](const auto& d, const auto& s) {
    return s[0] == d.num(0) || s[1] == d.num(0);
  });
}

/// Process 0 never becomes critical: false (2 steps), and strong enough to "prove" exclusion.
inline ToyLemma first_never_critical() {
  return toy_lemma("first-never-critical",
                   [](const auto& d, const auto& s) { return s[0] != d.num(2); });
}

/// y never exceeds `bound`.
inline ToyProperty y_at_most(std::int64_t bound) {
  return toy_property("y-bounded", PropertyKind::kInvariant, "y passed " + std::to_string(bound),
                      [bound](const auto& d, const auto&, const auto&, const auto& t) {
                        return t[1] > d.num(bound);
                      });
}

/// y never equals `v` (fails after v steps from 0).
inline ToyProperty y_never(std::int64_t v) {
  return toy_property(
      "y-never-" + std::to_string(v), PropertyKind::kInvariant, "y is " + std::to_string(v),
      [v](const auto& d, const auto&, const auto&, const auto& t) { return t[1] == d.num(v); });
}

/// x is never 0: fails in the initial state.
inline ToyProperty x_nonzero() {
  return toy_property(
      "x-nonzero", PropertyKind::kInvariant, "x is 0",
      [](const auto& d, const auto&, const auto&, const auto& t) { return t[0] == d.num(0); });
}

/// x never decreases: fails at the first wrap (step max + 1).
inline ToyProperty no_wrap() {
  return toy_property(
      "no-wrap", PropertyKind::kStep, "x went down",
      [](const auto&, const auto& s, const auto&, const auto& t) { return s[0] > t[0]; });
}

/// x == y in every reachable state.
inline ToyLemma x_equals_y() {
  return toy_lemma("x-equals-y", [](const auto&, const auto& s) { return s[0] == s[1]; });
}

inline MutexToy mutex_toy(bool buggy, std::vector<ToyProperty> props,
                          std::vector<ToyLemma> lemmas = {}) {
  return MutexToy{ExplicitToy<MutexRules>{MutexRules{buggy}}, std::move(props), std::move(lemmas),
                  nullptr};
}

inline CounterToy counter_toy(std::vector<ToyProperty> props, std::vector<ToyLemma> lemmas = {},
                              std::vector<std::vector<std::int64_t>> starts = {{0, 0}}) {
  return CounterToy{ExplicitToy<CounterRules>{CounterRules{10, std::move(starts)}},
                    std::move(props), std::move(lemmas), nullptr};
}

/// p * q never equals n.
inline ToyProperty not_a_factorisation(std::int64_t n) {
  return toy_property("not-a-factorisation", PropertyKind::kInvariant,
                      "p * q = " + std::to_string(n),
                      [n](const auto& d, const auto&, const auto&, const auto& t) {
                        return t[0] * t[1] == d.num(n);
                      });
}

inline FactorToy factor_toy() {
  FactorRules rules;
  return FactorToy{ExplicitToy<FactorRules>{rules}, {not_a_factorisation(rules.n)}, {}, nullptr};
}

}  // namespace stsmc::checker::testing
