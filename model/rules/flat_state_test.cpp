// The flat form is a faithful change of representation: every reachable state and every
// enabled action of every example goes to its flat form and back unchanged.
#include "model/rules/flat_state.h"

#include <gtest/gtest.h>

#include <set>

#include "model/testing/worlds.h"

namespace stsmc::model::rules {
namespace {

TEST(FlatState, RoundTripsEveryReachableStateAndAction) {
  for (const auto& name : testing::example_names()) {
    const auto m = testing::example_model(name);
    const Shape sh = shape_of(m.config());
    const auto states = testing::reachable(m, 3000);
    ASSERT_GT(states.size(), 100u) << name;
    std::vector<Action> actions;
    for (const auto& s : states) {
      auto f = to_flat(sh, s);
      ASSERT_TRUE(f.has_value()) << name << ": " << f.error().message;
      ASSERT_EQ(from_flat(sh, *f), s) << name;
      actions.clear();
      m.actions(s, actions);
      for (const auto& a : actions) {
        auto back = from_flat(to_flat(a));
        ASSERT_TRUE(back.has_value());
        ASSERT_EQ(*back, a) << name << ": " << describe(a);
      }
    }
  }
}

TEST(FlatState, RoundTripsTheLaggingListersOfEveryReachableState) {
  // Stale reads with a lag of one write: the symbolic engines' shape carries the listers.
  std::size_t lagging = 0;
  for (const auto& name : testing::example_names()) {
    const auto base = testing::example_model(name);
    Bounds b = base.config().bounds;
    b.budgets.informer_lag = 2;
    b.cache_lag = 1;
    const auto m = testing::example_model(name, "", b);
    const Shape sh = shape_of(m.config());
    ASSERT_TRUE(sh.listers) << name;
    for (const auto& s : testing::reachable(m, 3000)) {
      auto f = to_flat(sh, s);
      ASSERT_TRUE(f.has_value()) << name << ": " << f.error().message;
      ASSERT_TRUE(f->listers.has_value());
      ASSERT_EQ(from_flat(sh, *f), s) << name;
      if (!s.caches.empty()) ++lagging;
    }
  }
  EXPECT_GT(lagging, 1000u);
}

TEST(FlatState, RefusesAListerMoreThanOneWriteBehind) {
  const auto base = testing::example_model("myapp");
  Bounds b = base.config().bounds;
  b.budgets.informer_lag = 1;
  b.cache_lag = 1;
  const auto m = testing::example_model("myapp", "", b);
  const Shape sh = shape_of(m.config());
  ClusterState s = m.init_states().front();
  s.caches.set.push_back(s.api.set);
  ASSERT_TRUE(to_flat(sh, s).has_value());
  auto older = s.api.set;
  older.generation = 0;
  s.caches.set.insert(s.caches.set.begin(), older);  // two versions, the last not the API state's
  s.api.set.generation = 2;
  EXPECT_FALSE(to_flat(sh, s).has_value());
}

TEST(FlatState, EveryFieldIsVisitedOnceWithADistinctName) {
  const auto m = testing::example_model("cache-autodelete");
  const Shape sh = shape_of(m.config());
  FlatState<Concrete> f(Concrete{}, sh);
  std::set<std::string> names;
  std::size_t count = 0;
  f.fields([&](const char* n, auto&) { names.insert(n); ++count; });
  EXPECT_EQ(names.size(), count);
  EXPECT_TRUE(names.count("pods[0].uid"));
  EXPECT_TRUE(names.count("claims[0].ref3.uid"));
}

TEST(FlatState, RejectsStatesThatDoNotFit) {
  const auto m = testing::example_model("myapp");
  const Shape sh = shape_of(m.config());
  ClusterState s = m.init_states().front();
  spec::Pod p{};
  p.ordinal = sh.ordinals;  // one past the last slot
  s.api.pods.push_back(p);
  EXPECT_FALSE(to_flat(sh, s).has_value());
}

TEST(FlatState, KindsFollowTheActionVariant) {
  EXPECT_EQ(kind_of<Reconcile>, 0);
  EXPECT_EQ(kind_of<Scale>, static_cast<std::int64_t>(Action{Scale{}}.index()));
  EXPECT_EQ(kind_of<WriteError>, static_cast<std::int64_t>(Action{WriteError{}}.index()));
  EXPECT_EQ(kind_of<InformerSync>, static_cast<std::int64_t>(Action{InformerSync{}}.index()));
  EXPECT_EQ(kind_of<DeletePvc>, static_cast<std::int64_t>(Action{DeletePvc{}}.index()));
  EXPECT_EQ(kind_of<LabelPod>, static_cast<std::int64_t>(Action{LabelPod{}}.index()));
  EXPECT_EQ(kind_of<OrphanPvc>, static_cast<std::int64_t>(Action{OrphanPvc{}}.index()));
  EXPECT_EQ(kind_of<PartialSync>, static_cast<std::int64_t>(Action{PartialSync{}}.index()));
  EXPECT_EQ(kind_of<ControllerRestart>, static_cast<std::int64_t>(std::variant_size_v<Action> - 1));
}

}  // namespace
}  // namespace stsmc::model::rules
