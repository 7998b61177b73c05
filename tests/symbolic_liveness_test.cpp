// The liveness facts written once over a value domain (model/symbolic/liveness.h) are the
// explicit ones: concretely, on the first reachable states of every example, unmutated and under
// the convergence mutants (whose loops must be seen as such), the goal is convergence's
// `desired`, `moving` is checker::quiet_classes_moving and `quiet_enabled` is "some quiet action
// is enabled"; symbolically, over Z3 constants pinned to a sample of those states, every fact
// is exactly the concrete value.
#include "model/symbolic/liveness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "checker/evaluate.h"
#include "model/symbolic/symbolic_model.h"
#include "model/testing/worlds.h"
#include "properties/catalog.h"

namespace stsmc::model::symbolic {
namespace {

#ifdef STSMC_SANITIZE
constexpr std::size_t kStates = 150;
constexpr std::size_t kPinned = 3;
#else
constexpr std::size_t kStates = 1500;
constexpr std::size_t kPinned = 12;
#endif

const std::vector<std::string> kMutants = {"", "ignore-stale-claims", "failed-not-recreated",
                                           "succeeded-not-recreated"};

properties::Property convergence() {
  for (auto& p : properties::all_properties())
    if (p.id == "convergence") return p;
  ADD_FAILURE() << "no convergence property";
  return {};
}

/// Every budget at least 1: the fault actions happen (failed and succeeded pods, lost nodes).
/// Not write-error or a sync in flight: the symbolic liveness encoding has neither yet
/// (docs/faults.md); stale reads are a world of their own (below).
Bounds wider(Bounds b) {
  for_each_field_mut(b.budgets, [](std::string_view, std::uint8_t& v) { v = std::max<std::uint8_t>(v, 1); });
  b.budgets.write_error = 0;
  b.budgets.informer_lag = 0;
  b.budgets.partial_sync = 0;
  b.budgets.controller_restart = 0;
  return b;
}

void for_each_world(const std::function<void(const std::string&, const StatefulSetModel&)>& f) {
  for (const auto& name : testing::example_names()) {
    const Bounds base = default_bounds(testing::example_model(name).config().initial_spec.replicas);
    for (const auto& mutant : kMutants) {
      const std::string label = name + (mutant.empty() ? "" : " [" + mutant + "]");
      f(label, testing::example_model(name, mutant, base));
      f(label + " wide", testing::example_model(name, mutant, wider(base)));
    }
    // Stale reads (a lag of one write): the goal's quiescence reads through the lagging
    // listers, and informer-sync is the informers' quiet action.
    Bounds stale = base;
    stale.budgets.informer_lag = 1;
    stale.cache_lag = 1;
    f(name + " stale wide", testing::example_model(name, "", stale));
  }
}

// The engines compare states by checker::state_identity, not by the fingerprint traces record:
// the fingerprint leaves an added field out at its default, so a spent informer-lag budget and a
// pod lister lagging at an empty list hash like a budget left and no such list.
TEST(SymbolicLiveness, EnginesTellStatesApartThatTheirFingerprintsDoNot) {
  const auto base = testing::example_model("myapp");
  Bounds b = base.config().bounds;
  b.budgets.informer_lag = 1;
  b.cache_lag = 1;
  const auto m = testing::example_model("myapp", "", b);
  ClusterState x = m.init_states().front();
  x.caches.claims.emplace_back();  // the claim lister lags at an empty list
  ClusterState y = x;
  y.budgets.informer_lag = 0;
  y.caches.pods.emplace_back();  // ... and the pod lister too, the budget spent on it
  ASSERT_FALSE(x == y);
  // (Their fingerprints are equal today: the word streams line up once the budget is left out.)
  EXPECT_NE(checker::state_identity(m, x), checker::state_identity(m, y));
}

TEST(SymbolicLiveness, ConcreteFactsAreTheExplicitOnes) {
  const auto prop = convergence();
  std::size_t states = 0, goals = 0, stuck = 0, moving_seen = 0;
  for_each_world([&](const std::string& label, const StatefulSetModel& m) {
    const Shape sh = shape_of(m.config());
    const auto universe = quiet_actions(m, sh);
    std::vector<Action> actions;
    for (const auto& s : testing::reachable(m, kStates)) {
      const auto fs = to_flat(sh, s);
      ASSERT_TRUE(fs.has_value()) << label;
      const auto f = live_facts(Concrete{}, m.config(), sh, *fs, universe, StatefulSetModel::kActorClasses);
      ASSERT_FALSE(f.overflow) << label;
      ++states;
      const bool goal = prop.goal(m, s);
      goals += goal;
      EXPECT_EQ(f.goal, goal) << label << ": goal of " << m.state_json(s).dump();
      const auto moving = checker::quiet_classes_moving(m, s);
      for (std::size_t c = 0; c < moving.size(); ++c) {
        moving_seen += moving[c];
        EXPECT_EQ(f.moving[c], moving[c]) << label << ": class " << c << " moving in " << m.state_json(s).dump();
      }
      actions.clear();
      m.actions(s, actions);
      const bool enabled = std::any_of(actions.begin(), actions.end(), [&](const Action& a) {
        return m.is_quiet(a) && m.next_state(s, a).has_value();
      });
      stuck += !enabled;
      EXPECT_EQ(f.quiet_enabled, enabled) << label << ": quiet enabled in " << m.state_json(s).dump();
      // Every enabled quiet action is in the universe.
      for (const auto& a : actions)
        if (m.is_quiet(a)) {
          const auto fa = to_flat(a);
          EXPECT_TRUE(std::any_of(universe.begin(), universe.end(), [&](const QuietAction& q) {
            return q.flat.kind == fa.kind && q.flat.a == fa.a && q.flat.b == fa.b && q.flat.c == fa.c;
          })) << label << ": " << m.action_json(a).dump() << " is not in the universe";
        }
    }
  });
  EXPECT_GT(goals, 0u);
  EXPECT_GT(moving_seen, 0u);
  std::printf("%zu states, %zu goal states, %zu without a quiet action\n", states, goals, stuck);
}

/// With the frame's constants pinned to a reachable state, Z3 admits exactly the concrete facts.
TEST(SymbolicLiveness, SymbolicFactsArePinnedToTheConcreteOnes) {
  z3::context ctx;
  std::size_t checked = 0;
  for_each_world([&](const std::string& label, const StatefulSetModel& m) {
    if (label.find("wide") == std::string::npos) return;
    const SymbolicModel sm(m);
    const Shape sh = sm.shape();
    const auto universe = quiet_actions(m, sh);
    const auto states = testing::reachable(m, kStates);
    const std::size_t stride = std::max<std::size_t>(1, states.size() / kPinned);
    const auto frame = sm.frame(ctx, 0);
    const auto lf = sm.live_frame(frame);
    for (std::size_t i = 0; i < states.size(); i += stride) {
      const auto fs = to_flat(sh, states[i]);
      ASSERT_TRUE(fs.has_value());
      const auto f = live_facts(Concrete{}, m.config(), sh, *fs, universe, StatefulSetModel::kActorClasses);
      z3::solver solver(ctx);
      solver.add(equals(ctx, terms_of(frame), values_of(*fs)));
      const auto exactly = [&](const z3::expr& term, bool value, const std::string& what) {
        solver.push();
        solver.add(value ? !term : term);
        EXPECT_EQ(solver.check(), z3::unsat) << label << ": " << what << " is not " << value << " in state " << i;
        solver.pop();
      };
      exactly(lf.goals[0], f.goal, "goal");
      exactly(lf.quiet_enabled, f.quiet_enabled, "quiet_enabled");
      exactly(lf.exact, !f.overflow, "exact");
      for (std::size_t c = 0; c < f.moving.size(); ++c) exactly(lf.moving[c], f.moving[c], "moving " + std::to_string(c));
      ++checked;
    }
  });
  EXPECT_GT(checked, 0u);
}

/// quiet(a) and actor_class_is(a, c) on every action the explicit model enables somewhere.
TEST(SymbolicLiveness, StepPredicatesFollowTheExplicitClasses) {
  z3::context ctx;
  const auto m = testing::example_model("myapp", "", wider(default_bounds(2)));
  const SymbolicModel sm(m);
  const auto step = sm.step(ctx, 0);
  std::vector<Action> actions, distinct;
  for (const auto& s : testing::reachable(m, kStates)) {
    actions.clear();
    m.actions(s, actions);
    for (const auto& a : actions)
      if (std::find(distinct.begin(), distinct.end(), a) == distinct.end()) distinct.push_back(a);
  }
  EXPECT_GT(distinct.size(), 10u);
  {
    for (const auto& a : distinct) {
      z3::solver solver(ctx);
      solver.add(equals(ctx, terms_of(step), values_of(to_flat(a))));
      const auto is = [&](const z3::expr& term) {
        solver.push();
        solver.add(!term);
        const bool r = solver.check() == z3::unsat;
        solver.pop();
        return r;
      };
      EXPECT_EQ(is(sm.quiet(step)), m.is_quiet(a)) << m.action_json(a).dump();
      for (std::size_t c = 0; c < StatefulSetModel::kActorClasses; ++c)
        EXPECT_EQ(is(sm.actor_class_is(step, c)), m.is_quiet(a) && m.actor_class(a) == c) << m.action_json(a).dump();
    }
  }
}

}  // namespace
}  // namespace stsmc::model::symbolic
