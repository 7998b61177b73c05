// The safety properties written once over a value domain (model/symbolic/properties.h) judge
// every transition as the explicit properties (properties/) do: concretely on every transition
// out of the first reachable states of every example, unmutated and under every mutant (which
// makes the properties fail, so the violating side is compared too), under default and wider
// bounds; and symbolically, over Z3 constants pinned to a sample of those transitions.
#include "model/symbolic/properties.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>

#include "model/symbolic/testing/worlds.h"
#include "properties/catalog.h"

namespace stsmc::model::symbolic {
namespace {

using C = Concrete;

/// One model the transitions are drawn from, named for messages.
struct World {
  std::string label;
  StatefulSetModel model;
};

/// Every budget at least 1: every user and fault action is enabled somewhere.
Bounds wider(Bounds b) {
  for_each_field_mut(b.budgets, [](std::string_view, std::uint8_t& v) { v = std::max<std::uint8_t>(v, 1); });
  return b;
}

/// Profile 1.35 (availability-based health, the MaxUnavailableStatefulSet gate on) with the
/// StatefulSetStartOrdinal gate off: the rule branches profile 1.28 leaves untried (the
/// maxUnavailable budget with a percent, health as availability, start ignored).
StatefulSetModel model_135(const std::string& name, const std::string& mutant, const Bounds& bounds) {
  auto loaded = spec::load_manifest_file(std::string(STSMC_SOURCE_DIR) + "/spec/examples/" + name + ".yaml");
  EXPECT_TRUE(loaded.has_value());
  auto profile = spec::find_profile("1.35");
  spec::Rules rules = profile->rules;
  if (!mutant.empty()) rules = spec::find_mutant(mutant)->apply(rules);
  spec::FeatureGates gates = profile->default_gates;
  gates.StatefulSetStartOrdinal = false;
  return make_checker_model(loaded->manifest, rules, gates, bounds);
}

/// Every example, unmutated and under every mutant, with default and wider bounds (profile
/// 1.28), and unmutated and under the maxUnavailable mutant with profile 1.35 as above.
void for_each_world(const std::function<void(const World&)>& f) {
  std::vector<std::string> mutants = {""};
  for (const auto& mu : spec::mutants()) mutants.push_back(mu.name);
  for (const auto& name : testing::example_names()) {
    const Bounds base = default_bounds(testing::example_model(name).config().initial_spec.replicas);
    for (const auto& mutant : mutants) {
      const std::string label = name + (mutant.empty() ? "" : " [" + mutant + "]");
      f(World{label, testing::example_model(name, mutant, base)});
      f(World{label + " wide", testing::example_model(name, mutant, wider(base))});
    }
    for (const std::string mutant : {"", "max-unavailable-ignored", "no-wait-on-update"})
      f(World{name + " 1.35 no-start-gate" + (mutant.empty() ? "" : " [" + mutant + "]"),
              model_135(name, mutant, wider(base))});
  }
}

/// One transition, explicit and flat.
struct Transition {
  const ClusterState& s;
  const Action& a;
  const ClusterState& t;
  const FlatState<C>& fs;
  const FlatAction<C>& fa;
  const FlatState<C>& ft;
};

/// Calls f on every transition (every enabled action) out of the first `cap` reachable states.
void for_each_transition(const World& w, std::size_t cap, const std::function<void(const Transition&)>& f) {
  const Shape sh = shape_of(w.model.config());
  std::vector<Action> actions;
  for (const auto& s : testing::reachable(w.model, cap)) {
    const auto fs = to_flat(sh, s);
    ASSERT_TRUE(fs.has_value()) << w.label << ": " << fs.error().message;
    actions.clear();
    w.model.actions(s, actions);
    for (const auto& a : actions) {
      const auto t = w.model.next_state(s, a);
      if (!t) continue;
      const auto ft = to_flat(sh, *t);
      ASSERT_TRUE(ft.has_value()) << w.label << ": " << ft.error().message;
      f(Transition{s, a, *t, *fs, to_flat(a), *ft});
    }
  }
}

// PENDING(issue6-sync): status-accuracy runs one more sync, reconcile<D>, which branch
// issue6-sync defines. Until it is merged here, that property is left out of these tests.
constexpr bool kReconcileDefined = false;

/// The ids compared here.
const std::vector<std::string>& compared_ids() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> v;
    for (const auto& id : symbolic_property_ids())
      if (kReconcileDefined || id != "status-accuracy") v.push_back(id);
    return v;
  }();
  return ids;
}

/// violates<D>, or while reconcile<D> is undefined its five other properties one by one.
template <class D>
typename D::Bool generic(const D& d, const ModelConfig& cfg, const Shape& sh, const std::string& id,
                         const FlatState<D>& s, const FlatAction<D>& a, const FlatState<D>& t) {
  if constexpr (kReconcileDefined) {
    return violates(d, cfg, sh, id, s, a, t);
  } else {
    if (id == "ordered-creation") return props::ordered_creation(d, cfg, sh, s, a, t);
    if (id == "reverse-deletion") return props::reverse_deletion(d, cfg, sh, s, a, t);
    if (id == "identity-stability") return props::identity_stability(d, cfg, sh, s, a, t);
    if (id == "pvc-retention") return props::pvc_retention(d, cfg, sh, s, a, t);
    STSMC_CHECK(id == "partition-semantics");
    return props::partition_semantics(d, cfg, sh, s, a, t);
  }
}

/// The explicit verdict: the property's message, if the transition violates it.
std::optional<std::string> explicit_verdict(const properties::Property& p, const StatefulSetModel& m,
                                            const Transition& x) {
  return p.kind == checker::PropertyKind::kInvariant ? p.invariant(m, x.t) : p.step(m, x.s, x.a, x.t);
}

/// The explicit properties the symbolic engine checks, by id.
std::vector<properties::Property> explicit_properties() {
  std::vector<properties::Property> out;
  for (const auto& id : compared_ids())
    for (auto& p : properties::all_properties())
      if (p.id == id) out.push_back(std::move(p));
  EXPECT_EQ(out.size(), compared_ids().size());
  return out;
}

/// Compares the generic verdicts with the explicit ones and counts them.
struct Comparison {
  std::vector<properties::Property> props = explicit_properties();
  std::map<std::string, std::size_t> violations;
  std::size_t transitions = 0, mismatches = 0;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

  void compare(const World& w, const Shape& sh, const Transition& x) {
    ++transitions;
    for (const auto& p : props) {
      const auto expected = explicit_verdict(p, w.model, x);
      const bool got = generic(C{}, w.model.config(), sh, p.id, x.fs, x.fa, x.ft);
      violations[p.id] += expected.has_value();
      if (got == expected.has_value() || ++mismatches > 5) continue;
      ADD_FAILURE() << w.label << ": " << p.id << " explicit says "
                    << (expected ? "violated: " + *expected : std::string("holds")) << ", generic says "
                    << (got ? "violated" : "holds") << "\naction: " << describe(x.a)
                    << "\nstate: " << w.model.state_json(x.s).dump() << "\nnext:  " << w.model.state_json(x.t).dump();
    }
  }

  /// Prints the counts; fails when a property never saw a violation or a verdict differed.
  void report(const char* what) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%zu %s compared for each of %zu properties in %.1f s\n", transitions, what, props.size(), seconds);
    for (const auto& p : props) {
      std::printf("  %-20s %8zu violating\n", p.id.c_str(), violations[p.id]);
      EXPECT_GT(violations[p.id], 0u) << p.id << ": the violating side was never compared";
    }
    EXPECT_EQ(mismatches, 0u);
  }
};

TEST(SymbolicProperties, ConcreteVerdictsMatchTheExplicitProperties) {
  constexpr std::size_t kStates = 2000;
  Comparison c;
  std::size_t worlds = 0;
  for_each_world([&](const World& w) {
    ++worlds;
    const Shape sh = shape_of(w.model.config());
    for_each_transition(w, kStates, [&](const Transition& x) { c.compare(w, sh, x); });
  });
  std::printf("%zu worlds\n", worlds);
  c.report("transitions");
}

// The properties are predicates over any (s, a, t), not only over the model's steps, and the
// mutants reach few of their violating branches (a faulty GC, two deletions in one sync). So
// the verdicts are also compared on transitions the model never takes: two steps taken as one,
// labelled as the first action or as a sync, and a step's target relabelled as a sync.
TEST(SymbolicProperties, ConcreteVerdictsMatchOnTwoStepsTakenAsOne) {
  constexpr std::size_t kStates = 150;
  Comparison c;
  const Action sync = Reconcile{};
  const auto flat_sync = to_flat(sync);
  std::vector<Action> first, second;
  for_each_world([&](const World& w) {
    if (w.label.find(" wide") == std::string::npos && w.label.find(" 1.35") == std::string::npos) return;
    const auto& m = w.model;
    const Shape sh = shape_of(m.config());
    for (const auto& s : testing::reachable(m, kStates)) {
      const auto fs = to_flat(sh, s);
      ASSERT_TRUE(fs.has_value());
      first.clear();
      m.actions(s, first);
      for (const auto& a1 : first) {
        const auto t1 = m.next_state(s, a1);
        if (!t1) continue;
        const auto ft1 = to_flat(sh, *t1);
        ASSERT_TRUE(ft1.has_value());
        if (a1.index() != sync.index()) c.compare(w, sh, Transition{s, sync, *t1, *fs, flat_sync, *ft1});
        second.clear();
        m.actions(*t1, second);
        const auto fa1 = to_flat(a1);
        for (const auto& a2 : second) {
          const auto t2 = m.next_state(*t1, a2);
          if (!t2) continue;
          const auto ft2 = to_flat(sh, *t2);
          ASSERT_TRUE(ft2.has_value());
          c.compare(w, sh, Transition{s, a1, *t2, *fs, fa1, *ft2});
          if (a1.index() != sync.index()) c.compare(w, sh, Transition{s, sync, *t2, *fs, flat_sync, *ft2});
        }
      }
    }
  });
  c.report("two-step transitions");
}

/// Fresh Z3 constants for every field of `c`, pinned to its values by assertions in `solver`.
template <class Flat>
void pin(z3::context& ctx, z3::solver& solver, const std::string& prefix, Flat c, auto& out) {
  std::vector<std::pair<bool, std::int64_t>> values;
  c.fields([&](const char*, auto& v) { values.emplace_back(std::is_same_v<std::decay_t<decltype(v)>, bool>, v); });
  std::size_t i = 0;
  out.fields([&](const char* name, z3::expr& v) {
    const auto [is_bool, x] = values[i++];
    const std::string n = prefix + name;
    v = is_bool ? ctx.bool_const(n.c_str()) : ctx.int_const(n.c_str());
    solver.add(is_bool ? (x ? v : !v) : v == ctx.int_val(static_cast<int64_t>(x)));
  });
  ASSERT_EQ(i, values.size());
}

TEST(SymbolicProperties, Z3VerdictsOverPinnedConstantsMatchTheConcreteOnes) {
  // Per world: up to two violating transitions per property, and every 2003rd transition.
  constexpr std::size_t kStates = 2000, kEvery = 2003, kViolatingPerWorld = 2;
  const auto start = std::chrono::steady_clock::now();
  const auto props = explicit_properties();
  std::map<std::string, std::size_t> violations;
  std::size_t checked = 0;
  for_each_world([&](const World& w) {
    if (w.label.find(" wide") != std::string::npos) return;
    const auto& cfg = w.model.config();
    const Shape sh = shape_of(cfg);
    z3::context ctx;
    z3::solver solver(ctx);
    const Symbolic d{&ctx};
    std::map<std::string, std::size_t> taken;
    std::size_t seen = 0;
    for_each_transition(w, kStates, [&](const Transition& x) {
      std::vector<bool> verdicts;
      bool wanted = ++seen % kEvery == 0;
      for (const auto& p : props) {
        verdicts.push_back(generic(C{}, cfg, sh, p.id, x.fs, x.fa, x.ft));
        if (verdicts.back() && taken[p.id] < kViolatingPerWorld) wanted = true, ++taken[p.id];
      }
      if (!wanted) return;
      ++checked;
      solver.push();
      FlatState<Symbolic> s(d, sh), t(d, sh);
      FlatAction<Symbolic> a(d);
      const std::string n = std::to_string(checked);
      pin(ctx, solver, "s" + n + ".", x.fs, s);
      pin(ctx, solver, "a" + n + ".", x.fa, a);
      pin(ctx, solver, "t" + n + ".", x.ft, t);
      for (std::size_t i = 0; i < props.size(); ++i) {
        violations[props[i].id] += verdicts[i];
        solver.push();
        solver.add(generic(d, cfg, sh, props[i].id, s, a, t) != ctx.bool_val(verdicts[i]));
        EXPECT_EQ(solver.check(), z3::unsat) << w.label << ": " << props[i].id << " on " << describe(x.a)
                                             << ", concrete verdict " << verdicts[i];
        solver.pop();
      }
      solver.pop();
    });
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu transitions checked with Z3 in %.1f s\n", checked, seconds);
  for (const auto& p : props) {
    std::printf("  %-20s %6zu violating\n", p.id.c_str(), violations[p.id]);
    EXPECT_GT(violations[p.id], 0u) << p.id << ": no violating transition went through Z3";
  }
}

}  // namespace
}  // namespace stsmc::model::symbolic
