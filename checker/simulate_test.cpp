// simulate() and the walk machinery on the toy models: walks find the classic mutex bug and
// replay, results depend on the seed alone (not on threads), the settle phase judges liveness
// on fair lassos and fixpoints, swarms filter only user and fault kinds, and limits stop cleanly.
#include "checker/simulate.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "checker/evaluate.h"
#include "checker/testing/fixture_models.h"

namespace stsmc::checker {
namespace {

namespace fx = stsmc::checker::testing;
using fx::mutual_exclusion;
using fx::GraphEdge;

Property<fx::GraphModel> reach_goal(std::set<std::uint32_t> goal) {
  Property<fx::GraphModel> p;
  p.id = "reach";
  p.kind = PropertyKind::kLiveness;
  p.goal = [goal](const fx::GraphModel&, const fx::GraphNode& s) { return goal.count(s.node) > 0; };
  return p;
}

SimulateConfig sim_config(std::size_t walks, std::size_t threads = 1) {
  SimulateConfig c;
  c.seed = 42;
  c.walks = walks;
  c.threads = threads;
  c.progress = false;
  c.limits.steps = 20;
  c.limits.settle_steps = 50;
  return c;
}

template <Model M>
void expect_same(const ExploreReport<M>& a, const ExploreReport<M>& b) {
  ASSERT_EQ(a.discoveries.size(), b.discoveries.size());
  for (std::size_t i = 0; i < a.discoveries.size(); ++i) {
    EXPECT_EQ(a.discoveries[i].property, b.discoveries[i].property);
    EXPECT_EQ(a.discoveries[i].origin, b.discoveries[i].origin);
    EXPECT_TRUE(a.discoveries[i].path.actions == b.discoveries[i].path.actions);
    EXPECT_EQ(a.discoveries[i].path.loop_start, b.discoveries[i].path.loop_start);
  }
  EXPECT_EQ(a.stats.walks, b.stats.walks);
  EXPECT_EQ(a.stats.steps, b.stats.steps);
  EXPECT_EQ(a.stats.converged, b.stats.converged);
  EXPECT_EQ(a.stats.unsettled, b.stats.unsettled);
}

TEST(Simulate, FindsTheMutexBugAndItsPathReplays) {
  const fx::BuggyMutex m;
  const std::vector props{mutual_exclusion()};
  const auto report = simulate(m, props, sim_config(200));
  ASSERT_EQ(report.discoveries.size(), 1u);
  const auto& d = report.discoveries[0];
  EXPECT_EQ(d.property, "mutual-exclusion");
  EXPECT_NE(d.origin.find("of seed 42"), std::string::npos);
  const auto again = rebuild_path(m, d.path.states.front(), d.path.actions);
  ASSERT_TRUE(again.has_value());
  const auto v = first_safety_violation(m, *again, props[0]);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->step, d.path.length());  // the walk stops at its first violation
  EXPECT_GE(d.path.length(), 4u);       // 4 steps is the shortest
  EXPECT_TRUE(report.stats.complete);
  EXPECT_EQ(report.stats.walks, 200u);
}

TEST(Simulate, TheSeedAloneDecidesTheResultForAnyThreadCount) {
  const fx::BuggyMutex m;
  const std::vector props{mutual_exclusion()};
  const auto one = simulate(m, props, sim_config(300, 1));
  expect_same(one, simulate(m, props, sim_config(300, 2)));
  expect_same(one, simulate(m, props, sim_config(300, 4)));
  auto stop = sim_config(300, 2);
  stop.stop_at_first_violation = true;
  const auto first = simulate(m, props, stop);
  ASSERT_EQ(first.discoveries.size(), 1u);
  EXPECT_EQ(first.discoveries[0].origin, one.discoveries[0].origin);  // the lowest walk either way
  EXPECT_LE(first.stats.walks, one.stats.walks);
}

TEST(Simulate, AModelWithoutViolationsRunsEveryWalkToTheEnd) {
  fx::Lattice m;
  m.dims = 3;
  m.max = 4;
  const auto report = simulate(m, std::vector<Property<fx::Lattice>>{}, sim_config(50, 2));
  EXPECT_TRUE(report.discoveries.empty());
  EXPECT_TRUE(report.stats.complete);
  EXPECT_EQ(report.stats.walks, 50u);
  EXPECT_EQ(report.stats.steps, 50u * 12u);  // every walk climbs to the corner, then deadlocks
  EXPECT_EQ(report.stats.longest_walk, 12u);
  EXPECT_EQ(report.stats.action_counts.at("inc"), 50u * 12u);
}

TEST(Simulate, WalksBeyondOneBatchAllCount) {
  fx::Lattice m;
  m.dims = 2;
  m.max = 2;
  const auto report = simulate(m, std::vector<Property<fx::Lattice>>{}, sim_config(10'000, 2));
  EXPECT_TRUE(report.stats.complete);
  EXPECT_EQ(report.stats.walks, 10'000u);
  EXPECT_EQ(report.stats.steps, 10'000u * 4u);
}

TEST(Simulate, SettlingIntoANonGoalLoopIsALivenessViolation) {
  // 0 -user-> 1; from 1 the quiet world cycles 1 -> 2 -> 1 (classes 0 and 1), never reaching 3.
  const auto m = fx::graph_from({{0, 1, 0, false}, {1, 2, 0, true}, {2, 1, 1, true}, {0, 3, 0, true}});
  const std::vector props{reach_goal({3})};
  const auto report = simulate(m, props, sim_config(40));
  ASSERT_EQ(report.discoveries.size(), 1u);
  const auto& d = report.discoveries[0];
  EXPECT_EQ(d.kind, PropertyKind::kLiveness);
  ASSERT_TRUE(d.path.loop_start.has_value());
  EXPECT_TRUE(check_lasso(m, d.path, props[0]).violates);
}

TEST(Simulate, AQuietFixpointOutsideTheGoalIsALivenessViolation) {
  // 0 -user-> 1 and nothing quiet leaves 1; 0 -quiet-> 2 is the goal.
  const auto m = fx::graph_from({{0, 1, 0, false}, {0, 2, 0, true}});
  const std::vector props{reach_goal({2})};
  const auto report = simulate(m, props, sim_config(40));
  ASSERT_EQ(report.discoveries.size(), 1u);
  const auto& d = report.discoveries[0];
  ASSERT_TRUE(d.path.loop_start.has_value());
  EXPECT_EQ(*d.path.loop_start, d.path.length());  // the loop is the last state alone
  EXPECT_EQ(d.path.states.back().node, 1u);
  EXPECT_TRUE(check_lasso(m, d.path, props[0]).violates);
}

TEST(Simulate, WalksThatReachTheGoalCountAsConverged) {
  const auto m = fx::graph_from({{0, 1, 0, true}, {1, 2, 1, true}});
  const auto report = simulate(m, std::vector{reach_goal({2})}, sim_config(30));
  EXPECT_TRUE(report.discoveries.empty());
  EXPECT_EQ(report.stats.converged, 30u);
  EXPECT_EQ(report.stats.unsettled, 0u);
}

TEST(Simulate, ASettlePhaseThatRunsOutOfStepsJudgesNothing) {
  fx::UnboundedCounter m;
  Property<fx::UnboundedCounter> never;
  never.id = "never";
  never.kind = PropertyKind::kLiveness;
  never.goal = [](const fx::UnboundedCounter&, const fx::CounterState&) { return false; };
  auto c = sim_config(10);
  c.limits.steps = 3;
  c.limits.settle_steps = 7;
  const auto report = simulate(m, std::vector{never}, c);
  EXPECT_TRUE(report.discoveries.empty());
  EXPECT_EQ(report.stats.unsettled, 10u);
  EXPECT_EQ(report.stats.steps, 10u * 10u);
}

TEST(Simulate, LimitsStopTheRunAndSayWhy) {
  fx::UnboundedCounter m;
  auto c = sim_config(1000, 2);
  c.limits.steps = 100;
  c.max_steps = 500;
  const auto report = simulate(m, std::vector<Property<fx::UnboundedCounter>>{}, c);
  EXPECT_FALSE(report.stats.complete);
  EXPECT_EQ(report.stats.stop_reason, "max-steps");
  EXPECT_LT(report.stats.walks, 1000u);
}

TEST(Swarm, FiltersOnlyWhatItIsToldTo) {
  EXPECT_EQ(Swarm().cap("anything"), Swarm::kUnlimited);
  EXPECT_FALSE(Swarm::masked(0).active());
  EXPECT_EQ(Swarm::masked(0).cap("scale"), Swarm::kUnlimited);
  EXPECT_EQ(Swarm::masked(0xffffffffu).cap("scale"), 0u);
  // A random swarm is a function of its seed; over many seeds every cap shows up.
  std::set<std::uint32_t> caps;
  for (Seed s = 0; s < 200; ++s) {
    EXPECT_EQ(Swarm::random(s).cap("delete-pod"), Swarm::random(s).cap("delete-pod"));
    caps.insert(Swarm::random(s).cap("delete-pod"));
  }
  EXPECT_EQ(caps, (std::set<std::uint32_t>{0, 1, 2, 4, 8, Swarm::kUnlimited}));
}

TEST(Swarm, NeverKeepsTheQuietWorldFromActing) {
  // Everything is quiet except the user edge 0 -> 1; with every kind masked out the walk still
  // takes the quiet edges.
  const auto m = fx::graph_from({{0, 1, 0, false}, {0, 2, 0, true}, {2, 3, 1, true}});
  WalkLimits l;
  l.steps = 10;
  l.settle_steps = 0;
  SplitMix64 rng(7);
  auto choose = [&](std::size_t n) { return rng.below(n); };
  const auto r = walk(m, std::vector<Property<fx::GraphModel>>{}, m.init_states()[0], l,
                      Swarm::masked(0xffffffffu), choose, choose, [] { return true; });
  ASSERT_EQ(r.path.states.size(), 3u);
  EXPECT_EQ(r.path.states.back().node, 3u);
}

}  // namespace
}  // namespace stsmc::checker
