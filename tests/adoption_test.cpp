// Adoption and release (ClaimPods, docs/model.md): the user's orphan-pod and label-pod on the
// checking model. An orphan whose labels match is adopted by the next sync and stays the same
// pod; a pod whose labels stop matching is released, is no longer counted, and blocks its
// replica's re-creation (AlreadyExists) until its labels match again; the controller does not
// wait for a released pod. The explorer finds only that known stall, and the no-adoption mutant.
#include <gtest/gtest.h>

#include <string>

#include "checker/explore.h"
#include "checker/testing/explore_testing.h"
#include "instances/statefulset.h"
#include "model/testing/worlds.h"
#include "properties/catalog.h"
#include "scripted_run.h"

namespace stsmc::e2e::adoption {
namespace {

/// myapp (2 replicas, OrderedReady, RollingUpdate, one claim template) under the explorer's
/// default bounds with the pod-metadata budgets.
model::Bounds adoption_bounds(int orphans, int labels) {
  auto b = model::default_bounds(2);
  b.budgets.orphan_pod = static_cast<std::uint8_t>(orphans);
  b.budgets.label_pod = static_cast<std::uint8_t>(labels);
  return b;
}

properties::Model myapp(int orphans, int labels, const std::string& mutant = "") {
  return model::testing::example_model("myapp", mutant, adoption_bounds(orphans, labels));
}

const spec::Pod& pod(const ScriptedRun& r, spec::Ordinal o) {
  const spec::Pod* p = r.state().api.find_pod(o);
  EXPECT_NE(p, nullptr) << "pod " << o;
  static const spec::Pod none{};
  return p ? *p : none;
}

TEST(Adoption, AnOrphanedPodIsAdoptedByTheNextSyncAndStaysTheSamePod) {
  ScriptedRun r{myapp(1, 0)};
  r.settle();
  const auto uid = pod(r, 0).uid;
  r.act(model::OrphanPod{0});
  EXPECT_FALSE(pod(r, 0).controlled);
  EXPECT_FALSE(r.goal()) << "an orphan is not converged";
  r.act(model::Reconcile{});
  EXPECT_TRUE(pod(r, 0).controlled) << "adopted";
  EXPECT_EQ(pod(r, 0).uid, uid) << "the same pod, not a new one";
  EXPECT_EQ(r.state().api.set.status.replicas, 2);
  EXPECT_TRUE(r.goal());
  EXPECT_TRUE(r.violations().empty()) << joined(r.violations());
}

TEST(Adoption, AReleasedPodIsNotCountedAndBlocksItsReplicaUntilItsLabelsMatchAgain) {
  ScriptedRun r{myapp(0, 2)};
  r.settle();
  r.act(model::LabelPod{1, false});
  r.act(model::Reconcile{});
  EXPECT_FALSE(pod(r, 1).controlled) << "released";
  EXPECT_TRUE(pod(r, 1).ready) << "the released pod runs on";
  EXPECT_EQ(r.state().api.set.status.replicas, 1) << "and is not counted";
  // The controller's create of myapp-1 gets AlreadyExists: the next sync changes nothing.
  const auto before = r.state();
  r.act(model::Reconcile{});
  EXPECT_EQ(r.state(), before);
  EXPECT_FALSE(r.goal());
  r.act(model::LabelPod{1, true});
  r.act(model::Reconcile{});
  EXPECT_TRUE(pod(r, 1).controlled) << "adopted again";
  EXPECT_EQ(pod(r, 1).uid, before.api.find_pod(1)->uid);
  r.settle();
  EXPECT_EQ(r.state().api.set.status.replicas, 2);
  EXPECT_TRUE(r.violations().empty()) << joined(r.violations());
}

// Scale-down does not wait for a released pod above the range (reverse-deletion judges the
// controller by the pods it lists), and never deletes it.
TEST(Adoption, ScaleDownNeitherWaitsForNorDeletesAReleasedPod) {
  auto bounds = adoption_bounds(0, 1);
  bounds.budgets.scale = 1;
  ScriptedRun r{model::testing::example_model("myapp", "", bounds)};
  r.settle();
  r.act(model::LabelPod{1, false});
  r.act(model::Scale{0});
  for (int i = 0; i < 4; ++i) {
    r.act(model::Reconcile{});
    if (const auto* p0 = r.state().api.find_pod(0); p0 && p0->terminating) r.act(model::TerminationFinished{0});
  }
  EXPECT_EQ(r.state().api.find_pod(0), nullptr) << "the listed pod was scaled down";
  ASSERT_NE(r.state().api.find_pod(1), nullptr) << "the released one stays";
  EXPECT_FALSE(pod(r, 1).terminating);
  EXPECT_TRUE(r.violations().empty()) << joined(r.violations());
}

// Every interleaving with one orphaning and one label edit: every safety property holds, and
// convergence's only lasso is the known one (a released pod blocks its replica).
TEST(Adoption, TheExplorerFindsOnlyTheKnownStallOfAReleasedPod) {
  const auto m = myapp(1, 1);
  const auto report = checker::explore(m, properties::all_properties(), checker::testing::test_config(2));
  EXPECT_TRUE(report.stats.complete);
  for (const char* kind : {"orphan-pod", "label-pod"}) {
    bool fired = false;
    for (const auto& [name, n] : report.stats.action_counts) fired = fired || (name == kind && n > 0);
    EXPECT_TRUE(fired) << kind << " never fired";
  }
  ASSERT_FALSE(report.discoveries.empty()) << "the released pod's stall is reachable";
  for (const auto& d : report.discoveries) {
    EXPECT_EQ(d.property, "convergence") << d.message;
    EXPECT_NE(d.note.find("ClaimPods"), std::string::npos) << d.property << ": " << d.message << " " << d.note;
  }
}

TEST(Adoption, WithoutAdoptionAnOrphanIsMiscountedAndTheExplorerSaysSo) {
  const auto m = myapp(1, 0, "no-adoption");
  const auto report = checker::explore(m, properties::all_properties(), checker::testing::test_config(2));
  bool status = false;
  for (const auto& d : report.discoveries) status = status || (d.property == "status-accuracy" && d.note.empty());
  EXPECT_TRUE(status) << "no-adoption must violate status-accuracy";
}

}  // namespace
}  // namespace stsmc::e2e::adoption
