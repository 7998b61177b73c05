// Shrinking on the toy model: padded traces shrink to the minimal one, random counterexamples
// never grow and keep violating, liveness prefixes shrink while the loop is kept.
#include "counterexamples/shrink.h"

#include <gtest/gtest.h>

#include "core/rng.h"
#include "counterexamples/testing/toy_traces.h"

namespace stsmc::counterexamples {
namespace {

using testing::Add;
using testing::Dec;
using testing::Inc;
using testing::Reset;
using testing::ToyAction;
using testing::ToyModel;

const checker::Property<ToyModel>& property(const std::string& id) {
  static const auto kProps = testing::toy_properties();  // immutable test fixture
  for (const auto& p : kProps)
    if (p.id == id) return p;
  STSMC_CHECK(false);
  return kProps.front();
}

TEST(Shrink, PaddedTwentyStepTraceShrinksToTheMinimalOne) {
  const std::vector<ToyAction> padded = {Inc{}, Inc{}, Dec{}, Inc{}, Reset{}, Inc{},   Inc{},
                                         Inc{}, Dec{}, Dec{}, Inc{}, Inc{},   Reset{}, Inc{},
                                         Inc{}, Dec{}, Inc{}, Inc{}, Inc{},   Inc{}};
  const auto path = testing::toy_path(padded);
  const auto& prop = property("below-five");
  ASSERT_EQ(first_safety_violation(ToyModel{}, path, prop)->step, 20u);
  const auto shrunk = shrink(ToyModel{}, path, prop);
  ASSERT_EQ(shrunk.length(), 5u);
  for (const auto& a : shrunk.actions) EXPECT_TRUE(std::holds_alternative<Inc>(a));
  EXPECT_EQ(first_safety_violation(ToyModel{}, shrunk, prop)->step, 5u);
}

TEST(Shrink, StepPropertyShrinksToTheOffendingAction) {
  const auto path = testing::toy_path({Inc{}, Dec{}, Inc{}, Inc{}, Dec{}, Reset{}, Add{2}, Dec{}});
  const auto shrunk = shrink(ToyModel{}, path, property("small-steps"));
  ASSERT_EQ(shrunk.length(), 1u);
  EXPECT_TRUE(std::holds_alternative<Add>(shrunk.actions[0]));
}

TEST(Shrink, RandomCounterexamplesNeverGrowAndStillViolate) {
  const ToyModel model;
  for (const char* id : {"below-five", "small-steps"}) {
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
      SplitMix64 rng(seed);
      auto path = testing::toy_path({});
      for (int i = 0; i < 40; ++i) {
        std::vector<ToyAction> enabled;
        model.actions(path.states.back(), enabled);
        path.actions.push_back(enabled[rng.below(enabled.size())]);
        path.states.push_back(*model.next_state(path.states.back(), path.actions.back()));
      }
      if (!first_safety_violation(model, path, property(id))) continue;
      const auto shrunk = shrink(model, path, property(id));
      EXPECT_LE(shrunk.length(), path.length()) << id << " seed " << seed;
      const auto v = first_safety_violation(model, shrunk, property(id));
      ASSERT_TRUE(v.has_value()) << id << " seed " << seed;
      EXPECT_EQ(v->step, shrunk.length()) << "cut right after the violation";
      EXPECT_TRUE(checker::rebuild_path(model, shrunk.states[0], shrunk.actions).has_value());
    }
  }
}

TEST(Shrink, LeavesAPathThatDoesNotViolateUnchanged) {
  const auto path = testing::toy_path({Inc{}, Inc{}, Dec{}});
  const auto shrunk = shrink(ToyModel{}, path, property("below-five"));
  EXPECT_EQ(shrunk.actions, path.actions);
}

TEST(Shrink, LivenessShrinksOnlyThePrefixAndKeepsTheLoop) {
  // Prefix ends at 1; the loop inc, dec goes 1 -> 2 -> 1 forever.
  const std::vector<ToyAction> actions = {Inc{}, Inc{}, Dec{}, Reset{}, Inc{},
                                          Inc{}, Dec{}, Inc{}, Dec{}};
  const auto path = testing::toy_path(actions, 7);
  const auto& prop = property("returns-to-zero");
  ASSERT_TRUE(check_lasso(ToyModel{}, path, prop).violates);
  const auto shrunk = shrink(ToyModel{}, path, prop);
  EXPECT_EQ(shrunk.actions, (std::vector<ToyAction>{Inc{}, Inc{}, Dec{}}));
  EXPECT_EQ(shrunk.loop_start, 1u);
  EXPECT_TRUE(check_lasso(ToyModel{}, shrunk, prop).violates);
}

TEST(Shrink, AnExpiredDeadlineStillNeverGrows) {
  std::vector<ToyAction> actions;
  for (int i = 0; i < 10; ++i) actions.insert(actions.end(), {Inc{}, Dec{}});
  actions.insert(actions.end(), 6, Inc{});
  const auto path = testing::toy_path(actions);
  ShrinkOptions o;
  o.deadline = std::chrono::steady_clock::now();
  const auto shrunk = shrink(ToyModel{}, path, property("below-five"), o);
  EXPECT_EQ(shrunk.length(), 25u);  // only cut after the first violation
  EXPECT_TRUE(first_safety_violation(ToyModel{}, shrunk, property("below-five")).has_value());
}

}  // namespace
}  // namespace stsmc::counterexamples
