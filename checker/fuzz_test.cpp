// fuzz() on the toy models: RapidCheck finds the mutex bug and shrinks it to the shortest run,
// one seed gives one trace, a clean model runs every case, and liveness is judged as in simulate.
#include "checker/fuzz.h"

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

FuzzConfig fuzz_config(Seed seed, std::size_t runs) {
  FuzzConfig c;
  c.seed = seed;
  c.runs = runs;
  c.limits.steps = 40;
  c.limits.settle_steps = 50;
  c.progress = false;
  return c;
}

TEST(Fuzz, FindsTheMutexBugAndShrinksItToTheShortestRun) {
  const fx::BuggyMutex m;
  const std::vector props{mutual_exclusion()};
  const auto report = fuzz(m, props, fuzz_config(1, 200));
  ASSERT_EQ(report.discoveries.size(), 1u);
  const auto& d = report.discoveries[0];
  EXPECT_EQ(d.property, "mutual-exclusion");
  EXPECT_EQ(d.path.length(), 4u);  // check, check, enter, enter: nothing shorter fails
  const auto again = rebuild_path(m, d.path.states.front(), d.path.actions);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(first_safety_violation(m, *again, props[0]).has_value());
  EXPECT_NE(d.origin.find("shrunk by RapidCheck"), std::string::npos);
}

TEST(Fuzz, OneSeedFindsOneTrace) {
  const fx::BuggyMutex m;
  const std::vector props{mutual_exclusion()};
  for (Seed seed : {3u, 99u}) {
    const auto a = fuzz(m, props, fuzz_config(seed, 100));
    const auto b = fuzz(m, props, fuzz_config(seed, 100));
    ASSERT_EQ(a.discoveries.size(), 1u);
    ASSERT_EQ(b.discoveries.size(), 1u);
    EXPECT_TRUE(a.discoveries[0].path.actions == b.discoveries[0].path.actions);
    EXPECT_EQ(a.discoveries[0].origin, b.discoveries[0].origin);
    EXPECT_EQ(a.stats.walks, b.stats.walks);
  }
}

TEST(Fuzz, ACleanModelRunsEveryCase) {
  fx::Lattice m;
  m.dims = 2;
  m.max = 5;
  m.down = true;
  Property<fx::Lattice> bounded;
  bounded.id = "bounded";
  bounded.invariant = [](const fx::Lattice& l, const fx::LatticeState& s) -> std::optional<std::string> {
    for (auto x : s.x)
      if (x > l.max) return "out of range";
    return std::nullopt;
  };
  const auto report = fuzz(m, std::vector{bounded}, fuzz_config(5, 150));
  EXPECT_TRUE(report.discoveries.empty());
  EXPECT_TRUE(report.stats.complete);
  EXPECT_EQ(report.stats.walks, 150u);
  EXPECT_GT(report.stats.steps, 0u);
}

TEST(Fuzz, FindsAQuietLoopOutsideTheGoal) {
  fx::GraphModel m;
  m.inits = {0};
  m.edges = {{0, 1, 0, false}, {1, 2, 0, true}, {2, 1, 1, true}, {0, 3, 0, true}};
  Property<fx::GraphModel> reach;
  reach.id = "reach";
  reach.kind = PropertyKind::kLiveness;
  reach.goal = [](const fx::GraphModel&, const fx::GraphNode& s) { return s.node == 3; };
  const std::vector props{reach};
  const auto report = fuzz(m, props, fuzz_config(11, 100));
  ASSERT_EQ(report.discoveries.size(), 1u);
  const auto& d = report.discoveries[0];
  EXPECT_EQ(d.kind, PropertyKind::kLiveness);
  EXPECT_TRUE(check_lasso(m, d.path, props[0]).violates);
  EXPECT_EQ(d.path.actions.front().edge, 0u);  // the user's step is the one that matters
}

TEST(Fuzz, LimitsStopTestingCleanly) {
  fx::UnboundedCounter m;
  auto c = fuzz_config(2, 100'000);
  c.limits.steps = 100;
  c.max_steps = 2'000;
  const auto report = fuzz(m, std::vector<Property<fx::UnboundedCounter>>{}, c);
  EXPECT_FALSE(report.stats.complete);
  EXPECT_EQ(report.stats.stop_reason, "max-steps");
  EXPECT_LT(report.stats.walks, 100'000u);
}

}  // namespace
}  // namespace stsmc::checker
