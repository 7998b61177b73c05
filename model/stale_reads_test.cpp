// The stale-reads fault (docs/faults.md): informers that stop delivering (informer-lag), listers
// that serve an older version of their kind, and informer-sync catching them up.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "core/json.h"
#include "model/checker_model.h"
#include "model/statefulset_model.h"
#include "model/testing/worlds.h"

namespace stsmc::model {
namespace {

StatefulSetModel lagging_model(int cache_lag) {
  Bounds b = default_bounds(2);
  b.budgets.informer_lag = 1;
  b.budgets.pod_unready = 1;
  b.cache_lag = cache_lag;
  return testing::example_model("myapp", "", b);
}

bool offers(const StatefulSetModel& m, const ClusterState& s, const Action& a) {
  std::vector<Action> out;
  m.actions(s, out);
  return std::find(out.begin(), out.end(), a) != out.end();
}

ClusterState step(const StatefulSetModel& m, const ClusterState& s, const Action& a) {
  auto next = m.next_state(s, a);
  EXPECT_TRUE(next.has_value()) << describe(a);
  return next ? *next : s;
}

TEST(StaleReads, ALaggingPodListerMakesTheNextSyncCreateAPodThatExists) {
  const auto m = lagging_model(1);
  const ClusterState init = m.init_states().front();
  for (const auto kind : kListerKinds)
    EXPECT_TRUE(offers(m, init, InformerLag{kind})) << enum_name(kind);
  EXPECT_FALSE(offers(m, init, InformerSync{ListerKind::kPods})) << "nothing lags yet";

  const ClusterState frozen = step(m, init, InformerLag{ListerKind::kPods});
  EXPECT_TRUE(cache_lagging(frozen, ListerKind::kPods));
  EXPECT_EQ(cache_lag(frozen, ListerKind::kPods), 0) << "nothing written since";
  EXPECT_EQ(frozen.budgets.informer_lag, 0);
  EXPECT_FALSE(offers(m, frozen, InformerLag{ListerKind::kClaims})) << "the budget is spent";

  // The sync creates myapp-0; its lister does not see its own write.
  const ClusterState created = step(m, frozen, Reconcile{});
  ASSERT_NE(created.api.find_pod(0), nullptr);
  EXPECT_EQ(cache_lag(created, ListerKind::kPods), 1);
  EXPECT_TRUE(offers(m, created, InformerSync{ListerKind::kPods}));

  // The next sync lists no pod and creates myapp-0 again: AlreadyExists (upstream f13), and
  // OrderedReady stops there. Nothing in the store changes but the status.
  ClusterState again = created;
  StepLog log;
  ASSERT_TRUE(apply_action(m.config(), again, Reconcile{}, &log).has_value());
  const auto create = std::find_if(log.sync.writes.begin(), log.sync.writes.end(), [](const spec::WriteAttempt& w) {
    return w.verb == spec::Verb::kCreate && w.resource == spec::Resource::kPods;
  });
  ASSERT_NE(create, log.sync.writes.end());
  EXPECT_EQ(create->pod, 0);
  EXPECT_EQ(create->error, spec::ApiCode::kAlreadyExists);
  EXPECT_EQ(again.api.pods, created.api.pods);

  // The informer delivers: the lister is up to date, and the state has no caches left.
  const ClusterState caught_up = step(m, created, InformerSync{ListerKind::kPods});
  EXPECT_EQ(cache_lag(caught_up, ListerKind::kPods), 0);
  EXPECT_TRUE(caught_up.caches.empty());
  EXPECT_FALSE(m.next_state(caught_up, InformerSync{ListerKind::kPods}).has_value());
}

TEST(StaleReads, AListerIsNeverMoreThanCacheLagWritesBehind) {
  for (const int k : {1, 2, 3}) {
    const auto m = lagging_model(k);
    ClusterState s = step(m, m.init_states().front(), Reconcile{});  // myapp-0 created
    ASSERT_NE(s.api.find_pod(0), nullptr);
    s = step(m, s, InformerLag{ListerKind::kPods});
    std::vector<spec::ApiState> history{s.api};
    // Four writes to the pods: the kubelet's progress on myapp-0, a readiness probe failing and
    // passing again.
    for (const Action& a : std::vector<Action>{PodScheduled{0}, PodReady{0}, PodUnready{0}, PodReady{0}}) {
      s = step(m, s, a);
      history.push_back(s.api);
    }
    EXPECT_EQ(cache_lag(s, ListerKind::kPods), k) << "k = " << k;
    // The lister serves the version k writes back.
    ASSERT_FALSE(s.caches.pods.empty());
    EXPECT_EQ(s.caches.pods.front(), history[history.size() - 1 - static_cast<std::size_t>(k)].pods) << "k = " << k;
    // k deliveries catch it up.
    for (int i = 0; i < k; ++i) s = step(m, s, InformerSync{ListerKind::kPods});
    EXPECT_TRUE(s.caches.empty()) << "k = " << k;
  }
}

TEST(StaleReads, CachesAreInTheJsonOnlyWhileAListerLagsAndRoundTrip) {
  const auto m = lagging_model(1);
  const ClusterState init = m.init_states().front();
  EXPECT_FALSE(to_json(init).contains("caches")) << "old traces keep their form and fingerprints";
  const ClusterState s = step(m, step(m, init, InformerLag{ListerKind::kPods}), Reconcile{});
  const Json j = to_json(s);
  ASSERT_TRUE(j.contains("caches"));
  ClusterState back;
  ASSERT_TRUE(from_json(j, back, "state").has_value());
  EXPECT_EQ(back, s);
  EXPECT_NE(m.fingerprint(s), m.fingerprint(init));
}

TEST(StaleReads, TheCanonicalFormRanksTheUidsOfCachedPodsToo) {
  const auto m = lagging_model(1);
  ClusterState s = step(m, m.init_states().front(), Reconcile{});
  s = step(m, s, InformerLag{ListerKind::kPods});
  s = step(m, s, DeletePod{0, true});  // the lister still has myapp-0 (uid 1), the store has none
  ASSERT_EQ(s.api.find_pod(0), nullptr);
  ASSERT_EQ(s.caches.pods.size(), 1u);
  // The same state with the pod created under another uid: one canonical form.
  ClusterState other = s;
  other.caches.pods.front().front().uid = 7;
  EXPECT_EQ(m.fingerprint(s), m.fingerprint(other));
  EXPECT_EQ(m.canonical(other).caches.pods.front().front().uid, 1u);
}

TEST(StaleReads, InformerSyncIsAFairQuietActionOfItsOwnClass) {
  const auto m = lagging_model(1);
  EXPECT_EQ(m.actor_class(InformerSync{ListerKind::kPods}), kClassInformer);
  EXPECT_TRUE(m.is_quiet(InformerSync{ListerKind::kPods}));
  EXPECT_EQ(m.actor_class(InformerLag{ListerKind::kPods}), kClassFault);
  EXPECT_FALSE(m.is_quiet(InformerLag{ListerKind::kPods}));
}

// ClaimPods adopts only after a fresh read of the set (CanAdopt: RecheckDeletionTimestamp): a
// sync that still sees a deleted set through its lister gets NotFound there, which ClaimObject
// ignores, so the orphan stays one (and the garbage collector leaves it).
TEST(StaleReads, AStaleSetListerDoesNotAdoptAnOrphanOnceTheSetIsGone) {
  Bounds b = default_bounds(2);
  b.budgets.informer_lag = 1;
  b.budgets.orphan_pod = 1;
  b.budgets.delete_statefulset = 1;
  b.cache_lag = 1;
  const auto m = testing::example_model("myapp", "", b);
  ClusterState s = step(m, m.init_states().front(), Reconcile{});
  ASSERT_NE(s.api.find_pod(0), nullptr);
  s = step(m, s, InformerLag{ListerKind::kSet});
  s = step(m, s, OrphanPod{0});
  s = step(m, s, DeleteStatefulSet{false});
  ASSERT_FALSE(s.api.set.exists);
  ASSERT_TRUE(cache_lagging(s, ListerKind::kSet));
  StepLog log;
  ASSERT_TRUE(apply_action(m.config(), s, Reconcile{}, &log).has_value());
  ASSERT_NE(s.api.find_pod(0), nullptr);
  EXPECT_FALSE(s.api.find_pod(0)->controlled) << "not adopted by a set that is gone";
  for (const auto& w : log.sync.writes)
    EXPECT_FALSE(w.verb == spec::Verb::kUpdate && w.resource == spec::Resource::kPods) << "no adoption patch";
  // Without the lag the same orphan is adopted by the next sync, with one patch.
  ClusterState fresh = step(m, step(m, m.init_states().front(), Reconcile{}), OrphanPod{0});
  StepLog fresh_log;
  ASSERT_TRUE(apply_action(m.config(), fresh, Reconcile{}, &fresh_log).has_value());
  EXPECT_TRUE(fresh.api.find_pod(0)->controlled);
  ASSERT_FALSE(fresh_log.sync.writes.empty());
  EXPECT_EQ(fresh_log.sync.writes.front().verb, spec::Verb::kUpdate);
  EXPECT_EQ(fresh_log.sync.writes.front().resource, spec::Resource::kPods);
}

TEST(StaleReads, NoLagWithoutCacheLag) {
  Bounds b = default_bounds(2);
  b.budgets.informer_lag = 1;  // cache_lag 0: listers may not lag
  const auto m = testing::example_model("myapp", "", b);
  EXPECT_FALSE(offers(m, m.init_states().front(), InformerLag{ListerKind::kPods}));
  EXPECT_FALSE(m.next_state(m.init_states().front(), InformerLag{ListerKind::kPods}).has_value());
}

}  // namespace
}  // namespace stsmc::model
