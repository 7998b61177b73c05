// explore() and liveness: fair non-goal cycles of the quiet world are reported as lassos, unfair
// ones are not, and an incomplete search leaves liveness undecided.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "checker/explore.h"
#include "checker/testing/explore_testing.h"
#include "checker/testing/fixture_models.h"

namespace stsmc::checker {
namespace {

namespace fx = stsmc::checker::testing;
using fx::explore_all_threads;
using fx::GraphEdge;
using fx::test_config;

template <class M>
Property<M> eventually(std::string id, std::function<bool(const typename M::State&)> goal) {
  Property<M> p;
  p.id = std::move(id);
  p.kind = PropertyKind::kLiveness;
  p.goal = [goal](const M&, const typename M::State& s) { return goal(s); };
  return p;
}

Property<fx::GraphModel> reach(std::set<std::uint32_t> goal) {
  auto p = eventually<fx::GraphModel>(
      "reach", [goal](const fx::GraphNode& s) { return goal.count(s.node) > 0; });
  p.known_upstream = [](const fx::GraphModel&, const std::vector<fx::GraphNode>& loop) {
    return "loop of " + std::to_string(loop.size());
  };
  return p;
}

std::vector<std::uint32_t> nodes(const Path<fx::GraphModel>& path) {
  std::vector<std::uint32_t> out;
  for (const auto& s : path.states) out.push_back(s.node);
  return out;
}

/// Checks that `path` is a lasso of the quiet world outside the goal, and that its loop is weakly
/// fair: every class fires in the loop or is disabled in one of its states.
template <Model M>
void expect_fair_lasso(const M& m, const Property<M>& prop, const Path<M>& path) {
  ASSERT_TRUE(path.loop_start.has_value());
  const std::size_t start = *path.loop_start;
  ASSERT_LT(start, path.states.size());
  EXPECT_TRUE(path.states[start] == path.states.back());
  for (std::size_t i = start; i < path.states.size(); ++i)
    EXPECT_FALSE(prop.goal(m, path.states[i]));
  for (std::size_t i = start; i < path.actions.size(); ++i)
    EXPECT_TRUE(m.is_quiet(path.actions[i]));
  for (std::size_t c = 0; c < M::kActorClasses; ++c) {
    bool ok = false;
    for (std::size_t i = start; i < path.actions.size(); ++i)
      ok = ok || m.actor_class(path.actions[i]) == c;
    for (std::size_t i = start; i < path.states.size(); ++i) {
      std::vector<typename M::Action> actions;
      m.actions(path.states[i], actions);
      bool enabled = false;
      for (const auto& a : actions)
        enabled =
            enabled || (m.is_quiet(a) && m.actor_class(a) == c && m.next_state(path.states[i], a));
      ok = ok || !enabled;
    }
    EXPECT_TRUE(ok) << "class " << c << " is enabled all along the loop and never fires";
  }
}

TEST(Liveness, FairLivelockIsALasso) {
  const auto g = fx::graph_from({{0, 1, 0}, {1, 2, 1}, {2, 1, 0}, {1, 3, 2}});
  const auto prop = reach({3});
  const auto r = explore_all_threads(g, {prop});
  EXPECT_TRUE(r.stats.complete);
  ASSERT_EQ(r.discoveries.size(), 1u);
  const auto& d = r.discoveries[0];
  EXPECT_EQ(d.property, "reach");
  EXPECT_EQ(d.kind, PropertyKind::kLiveness);
  EXPECT_EQ(nodes(d.path), (std::vector<std::uint32_t>{0, 1, 2, 1}));
  EXPECT_EQ(d.path.loop_start, 1u);
  EXPECT_EQ(d.message, "the quiet world loops forever (2 states) without reaching the goal");
  EXPECT_EQ(d.note, "loop of 2");
  expect_fair_lasso(g, prop, d.path);
}

TEST(Liveness, CycleWhereAContinuouslyEnabledClassNeverFiresIsUnfair) {
  const auto r = explore_all_threads(fx::graph_from({{0, 1, 0}, {1, 1, 0}, {1, 2, 1}}), {reach({2})});
  EXPECT_TRUE(r.stats.complete);
  EXPECT_TRUE(r.discoveries.empty());
  EXPECT_TRUE(r.undecided.empty());
}

TEST(Liveness, DeadEndStallWithOnlyASelfLoop) {
  const auto g = fx::graph_from({{0, 1, 0}, {1, 1, 0}});
  const auto prop = reach({2});
  const auto r = explore_all_threads(g, {prop});
  ASSERT_EQ(r.discoveries.size(), 1u);
  EXPECT_EQ(nodes(r.discoveries[0].path), (std::vector<std::uint32_t>{0, 1, 1}));
  EXPECT_EQ(r.discoveries[0].path.loop_start, 1u);
  EXPECT_EQ(r.discoveries[0].message,
            "the quiet world loops forever (1 state) without reaching the goal");
  expect_fair_lasso(g, prop, r.discoveries[0].path);
}

TEST(Liveness, QuietWorldStoppingOutsideTheGoal) {
  const auto r = explore_all_threads(fx::graph_from({{0, 1, 0}, {0, 2, 1}}), {reach({2})});
  ASSERT_EQ(r.discoveries.size(), 1u);
  const auto& d = r.discoveries[0];
  EXPECT_EQ(nodes(d.path), (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(d.path.loop_start, 1u);  // an empty loop: the run stutters in state 1
  EXPECT_EQ(d.message,
            "the quiet world stops (no quiet action is enabled) without reaching the goal");
  EXPECT_EQ(d.note, "loop of 1");
}

TEST(Liveness, CyclesOfUserActionsDoNotCount) {
  const auto r = explore_all_threads(
      fx::graph_from({{0, 1, 0, false}, {1, 0, 0, false}, {0, 2, 0}, {1, 2, 1}, {2, 2, 0}}), {reach({2})});
  EXPECT_TRUE(r.discoveries.empty());
}

TEST(Liveness, CyclesInsideTheGoalDoNotCount) {
  const auto r =
      explore_all_threads(fx::graph_from({{0, 1, 0}, {1, 1, 0}, {1, 2, 0}, {2, 1, 1}}), {reach({1, 2})});
  EXPECT_TRUE(r.discoveries.empty());
}

TEST(Liveness, SelfLoopAtTheStartIsDroppedWhenTheLoopIsFairWithoutIt) {
  const auto g = fx::graph_from({{0, 1, 0}, {1, 1, 0}, {1, 2, 1}, {2, 1, 0}, {1, 3, 2}});
  const auto prop = reach({3});
  const auto r = explore_all_threads(g, {prop});
  ASSERT_EQ(r.discoveries.size(), 1u);
  EXPECT_EQ(nodes(r.discoveries[0].path), (std::vector<std::uint32_t>{0, 1, 2, 1}));
  expect_fair_lasso(g, prop, r.discoveries[0].path);
}

TEST(Liveness, LoopVisitsTheStateThatMakesTheCycleFair) {
  // 1-2-1 alone is unfair (class 1 is enabled in 1 and 2 and never fires); 3 disables class 1.
  const auto g =
      fx::graph_from({{0, 1, 0}, {1, 2, 0}, {2, 1, 0}, {1, 3, 0}, {3, 1, 0}, {1, 4, 1}, {2, 4, 1}});
  const auto prop = reach({4});
  const auto r = explore_all_threads(g, {prop});
  ASSERT_EQ(r.discoveries.size(), 1u);
  const auto path = nodes(r.discoveries[0].path);
  EXPECT_EQ(path.front(), 0u);
  EXPECT_NE(std::find(path.begin() + 1, path.end(), 3u), path.end());
  EXPECT_EQ(r.discoveries[0].message,
            "the quiet world loops forever (3 states) without reaching the goal");
  expect_fair_lasso(g, prop, r.discoveries[0].path);
}

TEST(Liveness, BinaryClockNeverStops) {
  const fx::BinaryClock m;
  const auto prop =
      eventually<fx::BinaryClock>("two", [](const fx::ClockState& s) { return s.value == 2; });
  const auto r = explore_all_threads(m, {prop});
  ASSERT_EQ(r.discoveries.size(), 1u);
  const auto& path = r.discoveries[0].path;
  EXPECT_EQ(path.states, (std::vector<fx::ClockState>{{0}, {1}, {0}}));
  EXPECT_EQ(path.loop_start, 0u);
  expect_fair_lasso(m, prop, path);
}

TEST(Liveness, DagReachesItsGoal) {
  const fx::Lattice m{.dims = 3, .max = 4, .down = false};
  const auto r = explore_all_threads(
      m,
      {eventually<fx::Lattice>("corner", [](const fx::LatticeState& s) { return s.x[0] == 4; })});
  EXPECT_TRUE(r.discoveries.empty());
}

TEST(Liveness, LargeSccLassoIsTheSameForAnyThreads) {
  const fx::Lattice m{.dims = 3, .max = 6, .down = true};
  const auto prop = eventually<fx::Lattice>("corner", [](const fx::LatticeState& s) {
    return s.x == std::vector<std::uint16_t>{6, 6, 6};
  });
  const auto r = explore_all_threads(m, {prop});
  ASSERT_EQ(r.discoveries.size(), 1u);
  EXPECT_EQ(r.discoveries[0].path.loop_start, 0u);  // the initial state is in the big SCC
  expect_fair_lasso(m, prop, r.discoveries[0].path);
}

TEST(Liveness, TwoPropertiesAreJudgedSeparately) {
  const auto g = fx::graph_from({{0, 1, 0}, {1, 0, 1}, {1, 2, 0}, {2, 1, 0}});
  auto to2 = reach({2});
  auto to1 = reach({1});
  to1.id = "reach-1";
  const auto r = explore_all_threads(g, {to2, to1});
  ASSERT_EQ(r.discoveries.size(), 1u);  // 0-1-0 is a fair loop outside {2}; none avoids 1
  EXPECT_EQ(r.discoveries[0].property, "reach");
  EXPECT_EQ(nodes(r.discoveries[0].path), (std::vector<std::uint32_t>{0, 1, 0}));
}

TEST(Liveness, UndecidedWhenTheSearchIsIncomplete) {
  auto config = test_config();
  config.max_depth = 1;
  const auto r =
      explore_all_threads(fx::graph_from({{0, 1, 0}, {1, 2, 0}, {2, 2, 0}}), {reach({3})}, config);
  EXPECT_FALSE(r.stats.complete);
  EXPECT_TRUE(r.discoveries.empty());
  EXPECT_EQ(r.undecided, std::vector<std::string>{"reach"});
}

TEST(Liveness, UndecidedWhenStoppedAtASafetyViolation) {
  auto g = fx::graph_from({{0, 1, 0}, {1, 2, 0}, {2, 2, 0}});
  Property<fx::GraphModel> not1;
  not1.id = "not-1";
  not1.invariant = [](const fx::GraphModel&, const fx::GraphNode& s) -> std::optional<std::string> {
    if (s.node == 1) return "at 1";
    return std::nullopt;
  };
  auto config = test_config();
  config.stop_at_first_violation = true;
  const auto r = explore_all_threads(g, {not1, reach({3})}, config);
  ASSERT_EQ(r.discoveries.size(), 1u);
  EXPECT_EQ(r.stats.stop_reason, "first-violation");
  EXPECT_EQ(r.undecided, std::vector<std::string>{"reach"});
}

TEST(Liveness, CompleteWithinMaxDepthIsDecided) {
  auto config = test_config();
  config.max_depth = 2;
  const auto g = fx::graph_from({{0, 1, 0}, {1, 2, 0}, {2, 2, 0}});
  const auto r = explore_all_threads(g, {reach({3})}, config);
  EXPECT_TRUE(r.stats.complete);
  ASSERT_EQ(r.discoveries.size(), 1u);
  EXPECT_EQ(nodes(r.discoveries[0].path), (std::vector<std::uint32_t>{0, 1, 2, 2}));
}

}  // namespace
}  // namespace stsmc::checker
