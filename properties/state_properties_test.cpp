// status-accuracy and convergence's goal are judged by the rules written over a value domain
// (model/rules/properties.h) on a state's flat form, through a per-thread cache of the last
// state asked about (properties/convergence.cpp). These tests pin the messages that the domain
// rules leave through props::Why to the fields that differ, and show the cache never answers
// for another state or another model.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "model/setup.h"
#include "properties/catalog.h"
#include "spec/manifest_loader.h"

namespace {

using namespace stsmc;

model::StatefulSetModel example(const std::string& name, const std::optional<std::string>& mutant = std::nullopt) {
  auto loaded = spec::load_manifest_file(std::string(STSMC_SOURCE_DIR) + "/spec/examples/" + name + ".yaml");
  EXPECT_TRUE(loaded.has_value());
  auto setup = model::Setup::make(loaded->manifest, spec::kDefaultRelease, "", mutant);
  EXPECT_TRUE(setup.has_value());
  return setup->build();
}

properties::Property property(const std::string& id) {
  auto selected = properties::select_properties({id});
  EXPECT_TRUE(selected.has_value() && selected->size() == 1u);
  return selected->front();
}

/// myapp's state once the controller has settled: its two pods Running and Ready, status written.
model::ClusterState settled(const model::StatefulSetModel& m) {
  model::ClusterState s = m.init_states().front();
  EXPECT_EQ(s.api.set.spec.replicas, 2);
  for (int round = 0; round < 40; ++round) {
    for (spec::Ordinal o = 0; o < 2; ++o) {
      for (const model::Action& a : {model::Action{model::PvcBound{0, o}}, model::Action{model::PodScheduled{o}},
                                     model::Action{model::PodReady{o}}})
        (void)model::apply_action(m.config(), s, a);
    }
    EXPECT_TRUE(model::apply_action(m.config(), s, model::Reconcile{}));
  }
  return s;
}

TEST(StatusAccuracy, HoldsOnASettledSetAndWaitsWhileTheNextSyncWouldRewriteTheStatus) {
  const auto m = example("myapp");
  const auto p = property("status-accuracy");
  auto s = settled(m);
  ASSERT_EQ(s.api.pods.size(), 2u);
  EXPECT_EQ(p.invariant(m, s), std::nullopt);

  // A status that lies while the controller has nothing left to do is what the property is
  // about; a sync would rewrite it, so the lie must sit where the sync does not look: nowhere
  // in the upstream controller. Here the invariant is asked directly about the lying state, and
  // it first asks whether one more sync would change it (it would: no verdict).
  auto lying = s;
  lying.api.set.status.ready_replicas = 1;
  EXPECT_EQ(p.invariant(m, lying), std::nullopt) << "the next sync rewrites the status: not quiescent";
}

// The mutant counts Running pods that are not Ready as ready: once one pod turns unready the
// controller settles on a status that says 2 where the pods say 1, and the message says so in
// upstream's field names.
TEST(StatusAccuracy, AMutantsLyingStatusIsReportedWithBothNumbers) {
  const auto m = example("myapp", std::string("status-counts-unready"));
  const auto p = property("status-accuracy");
  auto s = settled(m);
  ASSERT_TRUE(model::apply_action(m.config(), s, model::PodUnready{1}));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(model::apply_action(m.config(), s, model::Reconcile{}));
  const auto msg = p.invariant(m, s);
  ASSERT_TRUE(msg.has_value());
  EXPECT_TRUE(std::regex_match(*msg, std::regex(R"(status\.readyReplicas is 2 but the pods say 1 \(the controller has nothing left to do\))")))
      << *msg;
}

// The cache keys on the model's instance and the whole state: a state that differs in one field,
// or the same state under another model, gets its own answer.
TEST(StateFacts, TheCacheAnswersOnlyForTheSameStateOfTheSameModel) {
  const auto clean = example("myapp");
  const auto lying = example("myapp", std::string("status-counts-unready"));
  const auto p = property("status-accuracy");
  const auto goal = property("convergence");
  auto s = settled(lying);
  ASSERT_TRUE(model::apply_action(lying.config(), s, model::PodUnready{1}));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(model::apply_action(lying.config(), s, model::Reconcile{}));
  ASSERT_TRUE(p.invariant(lying, s).has_value());
  // The unmutated controller would rewrite that status: not quiescent there, so no verdict, and
  // not its goal either.
  EXPECT_EQ(p.invariant(clean, s), std::nullopt);
  EXPECT_FALSE(goal.goal(clean, s));
  EXPECT_TRUE(p.invariant(lying, s).has_value());

  auto settled_clean = settled(clean);
  EXPECT_TRUE(goal.goal(clean, settled_clean));
  auto one_off = settled_clean;
  one_off.api.pods[1].ready = false;  // one field: no longer the goal
  EXPECT_FALSE(goal.goal(clean, one_off));
  EXPECT_TRUE(goal.goal(clean, settled_clean));
}

}  // namespace
