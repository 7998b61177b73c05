// explore() on the toy models: exact state and transition counts, shortest counterexamples,
// step properties, limits, and identical results for 1, 2 and 4 threads.
#include "checker/explore.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "checker/testing/explore_testing.h"
#include "checker/testing/fixture_models.h"
#include "core/process.h"

namespace stsmc::checker {
namespace {

namespace fx = stsmc::checker::testing;
using fx::mutual_exclusion;
using fx::explore_all_threads;
using fx::test_config;

/// A step property that only fails on transitions into a state seen before: back to both idle.
Property<fx::BuggyMutex> never_idle_again() {
  Property<fx::BuggyMutex> p;
  p.id = "never-idle-again";
  p.kind = PropertyKind::kStep;
  p.step = [](const fx::BuggyMutex&, const fx::MutexState&, const fx::MutexAction&,
              const fx::MutexState& next) -> std::optional<std::string> {
    if (next.pc[0] == fx::Pc::kIdle && next.pc[1] == fx::Pc::kIdle) return "both idle again";
    return std::nullopt;
  };
  return p;
}

Property<fx::BuggyMutex> no_enter_beside_critical() {
  Property<fx::BuggyMutex> p;
  p.id = "no-enter-beside-critical";
  p.kind = PropertyKind::kStep;
  p.step = [](const fx::BuggyMutex&, const fx::MutexState& s, const fx::MutexAction& a,
              const fx::MutexState&) -> std::optional<std::string> {
    if (a.step == fx::MutexStep::kEnter && s.pc[1 - a.process] == fx::Pc::kCritical)
      return "entered beside";
    return std::nullopt;
  };
  return p;
}

template <class M>
Property<M> invariant(std::string id, std::function<bool(const typename M::State&)> ok) {
  Property<M> p;
  p.id = std::move(id);
  p.invariant = [ok](const M&, const typename M::State& s) -> std::optional<std::string> {
    return ok(s) ? std::nullopt : std::optional<std::string>("violated");
  };
  return p;
}

std::vector<std::string> mutex_steps(const Path<fx::BuggyMutex>& path) {
  std::vector<std::string> out;
  for (const auto& a : path.actions)
    out.push_back("p" + std::to_string(a.process) + " " + std::string(enum_name(a.step)));
  return out;
}

TEST(Explore, BinaryClockHasTwoStatesAndTwoTransitions) {
  const auto r = explore_all_threads(fx::BinaryClock{}, {});
  EXPECT_EQ(r.stats.distinct_states, 2u);
  EXPECT_EQ(r.stats.transitions, 2u);
  EXPECT_EQ(r.stats.max_depth, 0u);  // both states are initial
  EXPECT_EQ(r.stats.deadlocks, 0u);
  EXPECT_TRUE(r.stats.complete);
  EXPECT_EQ(r.stats.stop_reason, "");
  EXPECT_EQ(r.stats.action_counts,
            (std::map<std::string, std::uint64_t>{{"go-high", 1}, {"go-low", 1}}));
  EXPECT_TRUE(r.discoveries.empty());
}

TEST(Explore, ExplicitGraphCountsAndDuplicateInitialStates) {
  fx::GraphModel g;
  g.inits = {0, 0, 1};
  g.edges = {{0, 2}, {1, 2}, {2, 3}, {3, 0}, {2, 2}, {4, 0}};  // node 4 is unreachable
  const auto r = explore_all_threads(g, {});
  EXPECT_EQ(r.stats.distinct_states, 4u);
  EXPECT_EQ(r.stats.transitions, 5u);
  EXPECT_EQ(r.stats.max_depth, 2u);
  EXPECT_EQ(r.stats.deadlocks, 0u);
  EXPECT_TRUE(r.stats.complete);
}

TEST(Explore, LatticeCountsCoverageAndDeadlocks) {
  const auto up = explore_all_threads(fx::Lattice{.dims = 3, .max = 4, .down = false}, {});
  EXPECT_EQ(up.stats.distinct_states, 125u);
  EXPECT_EQ(up.stats.transitions, 300u);  // 3 * 4 * 5^2
  EXPECT_EQ(up.stats.max_depth, 12u);
  EXPECT_EQ(up.stats.deadlocks, 1u);  // the far corner
  EXPECT_EQ(up.stats.action_counts, (std::map<std::string, std::uint64_t>{{"inc", 300}}));
  EXPECT_DOUBLE_EQ(up.stats.collision_probability, 125.0 * 124 / 2 / 18446744073709551616.0);
  EXPECT_GT(up.stats.peak_memory_bytes, 0u);

  const auto both = explore_all_threads(fx::Lattice{.dims = 3, .max = 4, .down = true}, {});
  EXPECT_EQ(both.stats.distinct_states, 125u);
  EXPECT_EQ(both.stats.transitions, 600u);
  EXPECT_EQ(both.stats.deadlocks, 0u);
  EXPECT_EQ(both.stats.action_counts,
            (std::map<std::string, std::uint64_t>{{"dec", 300}, {"inc", 300}}));
}

TEST(Explore, MutexInvariantViolationIsShortest) {
  const fx::BuggyMutex m;
  const auto r = explore_all_threads(m, {mutual_exclusion()});
  EXPECT_EQ(r.stats.distinct_states, 9u);
  EXPECT_EQ(r.stats.transitions, 16u);
  EXPECT_EQ(r.stats.max_depth, 4u);
  EXPECT_TRUE(r.stats.complete);  // every property was violated, but nothing was left to explore
  EXPECT_EQ(r.stats.action_counts,
            (std::map<std::string, std::uint64_t>{{"check", 4}, {"enter", 6}, {"exit", 6}}));
  ASSERT_EQ(r.discoveries.size(), 1u);
  const auto& d = r.discoveries[0];
  EXPECT_EQ(d.property, "mutual-exclusion");
  EXPECT_EQ(d.kind, PropertyKind::kInvariant);
  EXPECT_EQ(d.message, "both processes are critical");
  EXPECT_EQ(mutex_steps(d.path),
            (std::vector<std::string>{"p0 check", "p1 check", "p0 enter", "p1 enter"}));
  ASSERT_EQ(d.path.states.size(), 5u);
  EXPECT_EQ(d.path.states.back(), (fx::MutexState{{fx::Pc::kCritical, fx::Pc::kCritical}}));
  EXPECT_FALSE(d.path.loop_start);
}

TEST(Explore, StepPropertyReportsTheFirstTransition) {
  const auto r = explore_all_threads(fx::BuggyMutex{}, {no_enter_beside_critical()});
  ASSERT_EQ(r.discoveries.size(), 1u);
  const auto& d = r.discoveries[0];
  EXPECT_EQ(d.kind, PropertyKind::kStep);
  EXPECT_EQ(mutex_steps(d.path),
            (std::vector<std::string>{"p0 check", "p1 check", "p0 enter", "p1 enter"}));
  EXPECT_EQ(d.path.states.size(), 5u);
}

TEST(Explore, StepPropertyIsCheckedOnTransitionsToVisitedStates) {
  const auto r = explore_all_threads(fx::BuggyMutex{}, {never_idle_again()});
  ASSERT_EQ(r.discoveries.size(), 1u);
  EXPECT_EQ(mutex_steps(r.discoveries[0].path),
            (std::vector<std::string>{"p0 check", "p0 enter", "p0 exit"}));
  EXPECT_EQ(r.stats.distinct_states, 6u);  // levels 0-2: the only property failed at level 2
  EXPECT_EQ(r.stats.stop_reason, "all-violated");
  EXPECT_FALSE(r.stats.complete);
}

TEST(Explore, StopAtFirstViolation) {
  auto config = test_config();
  config.stop_at_first_violation = true;
  const auto r =
      explore_all_threads(fx::BuggyMutex{}, {mutual_exclusion(), never_idle_again()}, config);
  ASSERT_EQ(r.discoveries.size(), 1u);
  EXPECT_EQ(r.discoveries[0].property, "never-idle-again");
  EXPECT_EQ(r.stats.distinct_states, 6u);
  EXPECT_EQ(r.stats.transitions, 10u);  // levels 0, 1 and 2 were expanded
  EXPECT_FALSE(r.stats.complete);
  EXPECT_EQ(r.stats.stop_reason, "first-violation");
}

TEST(Explore, KeepsGoingUntilEveryPropertyIsViolated) {
  const auto r = explore_all_threads(fx::BuggyMutex{}, {mutual_exclusion(), never_idle_again()});
  ASSERT_EQ(r.discoveries.size(), 2u);
  EXPECT_EQ(r.discoveries[0].property, "mutual-exclusion");  // in the order of the properties
  EXPECT_EQ(r.discoveries[0].path.length(), 4u);
  EXPECT_EQ(r.discoveries[1].property, "never-idle-again");
  EXPECT_EQ(r.discoveries[1].path.length(), 3u);
  EXPECT_EQ(r.stats.distinct_states, 9u);
  EXPECT_TRUE(r.stats.complete);
}

TEST(Explore, InvariantViolatedInTheInitialState) {
  const auto r = explore_all_threads(
      fx::BinaryClock{},
      {invariant<fx::BinaryClock>("low", [](const auto& s) { return s.value == 0; })});
  ASSERT_EQ(r.discoveries.size(), 1u);
  EXPECT_EQ(r.discoveries[0].path.length(), 0u);
  EXPECT_EQ(r.discoveries[0].path.states, (std::vector<fx::ClockState>{{1}}));
}

TEST(Explore, FirstViolationAmongManyAtTheSameDepthIsTheSameForAnyThreads) {
  const fx::Lattice m{.dims = 4, .max = 6, .down = true};
  const auto r = explore_all_threads(m, {invariant<fx::Lattice>("sum-below-9", [](const auto& s) {
                                       int sum = 0;
                                       for (auto x : s.x) sum += x;
                                       return sum < 9;
                                     })});
  EXPECT_EQ(r.stats.distinct_states,
            655u);  // every state with sum <= 9: the search stops after level 9
  EXPECT_EQ(r.stats.stop_reason, "all-violated");
  ASSERT_EQ(r.discoveries.size(), 1u);
  EXPECT_EQ(r.discoveries[0].path.length(), 9u);
  // The first state of each level is the first new successor of the previous level's first
  // state: axis 0 goes as far as it can, then axis 1.
  EXPECT_EQ(r.discoveries[0].path.states.back(), (fx::LatticeState{{6, 3, 0, 0}}));
}

TEST(Explore, WideLevelsGiveTheSameResultsForAnyThreads) {
  // Levels of thousands of states: many chunks per level and the sharded parallel insertion.
  const fx::Lattice m{.dims = 4, .max = 12, .down = true};
  Property<fx::Lattice> corner;
  corner.id = "corner";
  corner.kind = PropertyKind::kLiveness;
  corner.goal = [](const fx::Lattice&, const fx::LatticeState& s) {
    return s.x[0] == 12 && s.x[1] == 12;
  };
  Property<fx::Lattice> no_big_step;
  no_big_step.id = "no-dec-at-7";
  no_big_step.kind = PropertyKind::kStep;
  no_big_step.step = [](const fx::Lattice&, const fx::LatticeState& s, const fx::LatticeMove& a,
                        const fx::LatticeState&) -> std::optional<std::string> {
    if (!a.up && s.x[a.axis] == 7 && a.axis == 3) return "dec at 7";
    return std::nullopt;
  };
  const auto r = explore_all_threads(m, {corner, no_big_step});
  EXPECT_EQ(r.stats.distinct_states, 28561u);  // 13^4
  EXPECT_EQ(r.stats.transitions, 210912u);     // 2 * 4 * 12 * 13^3
  EXPECT_EQ(r.stats.max_depth, 48u);
  EXPECT_TRUE(r.stats.complete);
  ASSERT_EQ(r.discoveries.size(), 2u);
  EXPECT_EQ(r.discoveries[0].property, "corner");
  EXPECT_EQ(r.discoveries[1].path.length(), 8u);
}

TEST(Explore, MaxStatesStopsWithPartialCounts) {
  auto config = test_config();
  config.max_states = 100;
  const auto r = explore_all_threads(fx::Lattice{.dims = 3, .max = 4}, {}, config);
  EXPECT_EQ(r.stats.distinct_states, 100u);
  EXPECT_FALSE(r.stats.complete);
  EXPECT_EQ(r.stats.stop_reason, "max-states");
}

TEST(Explore, MaxStatesAmongInitialStates) {
  fx::GraphModel g;
  g.inits = {0, 1, 2};
  auto config = test_config();
  config.max_states = 2;
  const auto r = explore_all_threads(
      g, {invariant<fx::GraphModel>("not-1", [](const auto& s) { return s.node != 1; })}, config);
  EXPECT_EQ(r.stats.distinct_states, 2u);
  EXPECT_EQ(r.stats.stop_reason, "max-states");
  EXPECT_EQ(r.discoveries.size(), 1u);  // the states kept are still checked
}

TEST(Explore, MaxDepthCutsOffAnInfiniteSpace) {
  auto config = test_config();
  config.max_depth = 10;
  const auto r = explore_all_threads(
      fx::UnboundedCounter{},
      {invariant<fx::UnboundedCounter>("not-10", [](const auto& s) { return s.n != 10; }),
       invariant<fx::UnboundedCounter>("not-11", [](const auto& s) { return s.n != 11; })},
      config);
  EXPECT_EQ(r.stats.distinct_states, 11u);
  EXPECT_EQ(r.stats.max_depth, 10u);
  EXPECT_FALSE(r.stats.complete);
  EXPECT_EQ(r.stats.stop_reason, "depth");
  ASSERT_EQ(r.discoveries.size(), 1u);  // states at the last depth are checked, not expanded
  EXPECT_EQ(r.discoveries[0].property, "not-10");
  EXPECT_EQ(r.discoveries[0].path.length(), 10u);
}

TEST(Explore, MaxDepthIsCompleteWhenNothingWasCutOff) {
  const fx::Lattice m{.dims = 2, .max = 2, .down = true};  // diameter 4
  auto config = test_config();
  config.max_depth = 4;
  const auto at = explore_all_threads(m, {}, config);
  EXPECT_EQ(at.stats.distinct_states, 9u);
  EXPECT_EQ(at.stats.transitions, 24u);
  EXPECT_TRUE(at.stats.complete);

  config.max_depth = 3;
  const auto below = explore_all_threads(m, {}, config);
  EXPECT_EQ(below.stats.distinct_states, 8u);
  EXPECT_FALSE(below.stats.complete);
  EXPECT_EQ(below.stats.stop_reason, "depth");
}

TEST(Explore, TimeLimitStopsCleanly) {
  auto config = test_config(2);
  config.time_limit_seconds = 0.2;
  const auto r = explore(fx::UnboundedCounter{}, {}, config);
  EXPECT_FALSE(r.stats.complete);
  EXPECT_EQ(r.stats.stop_reason, "time-limit");
  EXPECT_GT(r.stats.distinct_states, 10u);
  EXPECT_LT(r.stats.seconds, 5.0);
}

TEST(Explore, MemoryLimitStopsCleanly) {
  // The limit is on the process's resident memory (or the search's own count, if larger): a
  // budget of 16 MiB above what the process holds now.
  const std::uint64_t before = resident_bytes();
  ASSERT_GT(before, 0u) << "/proc/self/statm is not readable";
  auto config = test_config(2);
  config.max_memory_bytes = before + (16u << 20);
  const auto r = explore(fx::UnboundedCounter{}, {}, config);
  EXPECT_FALSE(r.stats.complete);
  EXPECT_EQ(r.stats.stop_reason, "max-memory");
  EXPECT_LT(r.stats.peak_memory_bytes, *config.max_memory_bytes);
  EXPECT_GT(r.stats.distinct_states, 1000u);
  EXPECT_GE(r.stats.peak_resident_bytes, before);
}

TEST(Explore, MemoryLimitBelowWhatTheProcessHoldsStopsAtOnce) {
  auto config = test_config(2);
  config.max_memory_bytes = 1 << 20;  // below any process's resident set
  const auto r = explore(fx::UnboundedCounter{}, {}, config);
  EXPECT_FALSE(r.stats.complete);
  EXPECT_EQ(r.stats.stop_reason, "max-memory");
  EXPECT_LT(r.stats.distinct_states, 10'000u);
}

TEST(Explore, AnInterruptStopsTheSearchAndKeepsWhatItFound) {
  std::atomic<int> flag{0};
  auto config = test_config(2);
  config.interrupt = &flag;
  std::thread later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    flag.store(2);
  });
  const auto r = explore(fx::UnboundedCounter{}, {}, config);
  later.join();
  EXPECT_FALSE(r.stats.complete);
  EXPECT_EQ(r.stats.stop_reason, "interrupted");
  EXPECT_GT(r.stats.distinct_states, 10u);
  EXPECT_LT(r.stats.seconds, 5.0);
}

TEST(Explore, AnInterruptBeforeTheStartStopsBeforeTheSecondLevel) {
  std::atomic<int> flag{15};
  auto config = test_config(1);
  config.interrupt = &flag;
  const auto r = explore(fx::UnboundedCounter{}, {}, config);
  EXPECT_EQ(r.stats.stop_reason, "interrupted");
  EXPECT_LE(r.stats.distinct_states, 2u);
}

TEST(Explore, ZeroThreadsMeansAllCores) {
  auto config = test_config(0);
  const auto r = explore(fx::BinaryClock{}, {}, config);
  EXPECT_GE(r.stats.threads, 1u);
  EXPECT_EQ(r.stats.distinct_states, 2u);
}

TEST(Explore, FixtureStatesAndActionsRoundTripThroughJson) {
  const fx::BuggyMutex m;
  const fx::MutexAction a{1, fx::MutexStep::kEnter};
  const auto back = m.action_from_json(m.action_json(a));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, a);
  EXPECT_EQ(m.state_json(fx::MutexState{{fx::Pc::kIdle, fx::Pc::kCritical}}).dump(),
            R"({"pc":["idle","critical"]})");
  EXPECT_FALSE(m.action_from_json(Json::parse(R"({"process":1,"step":"jump"})")).has_value());
}

}  // namespace
}  // namespace stsmc::checker
