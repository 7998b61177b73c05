// Which safety violations are known upstream behaviour (properties/known_hits.cpp): those that a
// lagging lister causes, judged by the counterfactual with every lister up to date, and, under a
// mutant, only where upstream's controller takes the same step.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "model/testing/worlds.h"
#include "properties/catalog.h"

namespace stsmc::properties::known_hits_test {
namespace {

using model::ClusterState;

properties::Property property(const std::string& id) {
  auto selected = select_properties({id});
  EXPECT_TRUE(selected.has_value() && selected->size() == 1u);
  return selected->front();
}

model::StatefulSetModel lagging(const std::string& mutant = "") {
  model::Bounds b = model::default_bounds(2);
  b.budgets.informer_lag = 1;
  b.cache_lag = 1;
  return model::testing::example_model("myapp", mutant, b);
}

ClusterState step(const model::StatefulSetModel& m, const ClusterState& s, const model::Action& a) {
  auto next = m.next_state(s, a);
  EXPECT_TRUE(next.has_value());
  return next ? *next : s;
}

/// The set lister keeps the old spec (2 replicas) while the user scales to 0: the state where the
/// next sync acts on the old spec.
ClusterState old_spec_scaled_to_zero(const model::StatefulSetModel& m) {
  const ClusterState lag = step(m, m.init_states().front(), model::InformerLag{model::ListerKind::kSet});
  return step(m, lag, model::Scale{0});
}

TEST(KnownHits, ASyncOnAnOldSpecIsKnownUpstreamBehaviour) {
  const auto m = lagging();
  const auto p = property("ordered-creation");
  ASSERT_TRUE(p.known_hit);
  const ClusterState s = old_spec_scaled_to_zero(m);
  const model::Action sync = model::Reconcile{};
  const ClusterState next = step(m, s, sync);
  ASSERT_NE(next.api.find_pod(0), nullptr) << "the sync created myapp-0 from the old spec";
  const auto message = p.step(m, s, sync, next);
  ASSERT_TRUE(message.has_value());
  const std::string note = p.known_hit(m, s, &sync, next);
  EXPECT_NE(note.find("lagging listers (statefulsets)"), std::string::npos) << note;
  EXPECT_NE(note.find("with up-to-date listers the same step holds"), std::string::npos) << note;

  // The same API state with the lister up to date: the sync creates nothing, nothing to excuse.
  ClusterState fresh = s;
  fresh.caches = {};
  const ClusterState fresh_next = step(m, fresh, sync);
  EXPECT_EQ(fresh_next.api.find_pod(0), nullptr);
  EXPECT_FALSE(p.step(m, fresh, sync, fresh_next).has_value());
  EXPECT_EQ(p.known_hit(m, fresh, &sync, next), "") << "no lister lags: never known";
}

TEST(KnownHits, UnderAMutantALaggingListersViolationIsKnownOnlyIfUpstreamMakesItToo) {
  const auto judge = [](const std::string& mutant, const std::string& id) {
    const auto m = lagging(mutant);
    const auto p = property(id);
    const ClusterState s = old_spec_scaled_to_zero(m);
    const model::Action sync = model::Reconcile{};
    const ClusterState next = step(m, s, sync);
    EXPECT_TRUE(p.step(m, s, sync, next).has_value()) << mutant << " " << id;
    return p.known_hit(m, s, &sync, next);
  };
  // wrong-identity creates myapp-0 from the old spec as upstream does: ordered-creation breaks
  // for upstream too, known.
  const std::string note = judge("wrong-identity", "ordered-creation");
  EXPECT_NE(note.find("upstream's controller breaks it there too"), std::string::npos) << note;
  // But it stamps myapp-0 with the next ordinal's identity: the lister made the sync create, the
  // mutant broke identity-stability, which upstream's create keeps.
  EXPECT_EQ(judge("wrong-identity", "identity-stability"), "");
  // create-beyond-range creates ordinal 0 of an empty range with up-to-date listers as well.
  EXPECT_EQ(judge("create-beyond-range", "ordered-creation"), "");
}

TEST(KnownHits, AStaleStatusIsKnownWhileTheListerLagsAndNotOnceItCaughtUp) {
  const auto m = lagging();
  const auto p = property("status-accuracy");
  ASSERT_TRUE(p.known_hit);
  // The pod lister lags; the sync creates myapp-0 and writes a status from the list it read.
  const ClusterState lag = step(m, m.init_states().front(), model::InformerLag{model::ListerKind::kPods});
  const ClusterState s = step(m, lag, model::Reconcile{});
  const auto message = p.invariant(m, s);
  ASSERT_TRUE(message.has_value());
  EXPECT_NE(p.known_hit(m, s, nullptr, s).find("lagging listers (pods)"), std::string::npos);
  // Up to date, the controller has something left to do (the status), so the state holds.
  ClusterState fresh = s;
  fresh.caches = {};
  EXPECT_FALSE(p.invariant(m, fresh).has_value());
}

TEST(KnownHits, LivenessKeepsItsOwnKnownUpstreamNotes) {
  const auto p = property("convergence");
  EXPECT_FALSE(p.known_hit) << "a lasso's note comes from Property::known_upstream";
  EXPECT_TRUE(p.known_upstream);
}

}  // namespace
}  // namespace stsmc::properties::known_hits_test
