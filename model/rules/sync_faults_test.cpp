// The sync under API write errors and stale listers (docs/faults.md): each failure is handled as
// upstream 1.28 handles it, a failed write leaves the store unchanged, and the API server's
// status validation rejects what it rejects.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "model/checker_model.h"
#include "model/statefulset_model.h"
#include "model/testing/worlds.h"

namespace stsmc::model {
namespace {

/// Fails the attempts it is told to, by (verb, resource, nth attempt of that verb on that
/// resource).
class Failing : public spec::WriteFaults {
 public:
  struct Rule {
    spec::Verb verb;
    spec::Resource resource;
    int nth;
    spec::ApiCode error;
  };
  explicit Failing(std::vector<Rule> rules) : rules_(std::move(rules)), seen_(rules_.size(), 0) {}
  spec::ApiCode on_attempt(const spec::WriteAttempt& a) override {
    spec::ApiCode out = spec::ApiCode::kNone;  // every rule counts the attempt; the first match wins
    for (std::size_t i = 0; i < rules_.size(); ++i)
      if (rules_[i].verb == a.verb && rules_[i].resource == a.resource && ++seen_[i] == rules_[i].nth &&
          out == spec::ApiCode::kNone)
        out = rules_[i].error;
    return out;
  }

 private:
  std::vector<Rule> rules_;
  std::vector<int> seen_;
};

/// myapp (OrderedReady, one claim template) at one replica, with templates v2 and v3.
struct World {
  ModelConfig cfg;
  ClusterState s;
  spec::TemplateId v2 = 0, v3 = 0;

  StepLog sync(spec::WriteFaults* f = nullptr, const Listers& listers = {}) {
    StepLog log;
    EXPECT_TRUE(reconcile(cfg, s, &log, f, listers).has_value());
    return log;
  }
  void act(const Action& a) {
    auto r = apply_action(cfg, s, a);
    ASSERT_TRUE(r.has_value()) << describe(a) << ": " << r.error().message;
  }
  void ready(Ordinal o) {
    act(PodScheduled{o});
    act(PodReady{o});
  }
};

World one_replica() {
  World w{testing::example_model("myapp").config(), {}};
  spec::PodTemplate t = w.cfg.controller.templates.at(0);
  t.containers.at(0).image = "myapp:v2";
  w.v2 = add_template(w.cfg, t);
  t.containers.at(0).image = "myapp:v3";
  w.v3 = add_template(w.cfg, t);
  w.s = initial_state(w.cfg);
  w.act(Scale{1});
  return w;
}

std::size_t count_writes(const StepLog& log, spec::Verb v, spec::Resource r, bool failed) {
  return static_cast<std::size_t>(std::count_if(log.sync.writes.begin(), log.sync.writes.end(), [&](const auto& w) {
    return w.verb == v && w.resource == r && (w.error != spec::ApiCode::kNone) == failed;
  }));
}

bool has_event(const StepLog& log, spec::EventKind k) {
  return std::any_of(log.sync.events.begin(), log.sync.events.end(), [&](const auto& e) { return e.kind == k; });
}

TEST(SyncFaults, AFailedPodCreateLeavesTheStoreUnchangedAndIsRetriedByTheNextSync) {
  World w = one_replica();
  Failing f({{spec::Verb::kCreate, spec::Resource::kPods, 1, spec::ApiCode::kInternal}});
  const StepLog log = w.sync(&f);
  EXPECT_TRUE(w.s.api.pods.empty());
  EXPECT_TRUE(has_event(log, spec::EventKind::kFailedCreatePod));
  EXPECT_FALSE(has_event(log, spec::EventKind::kCreatePod));
  ASSERT_EQ(log.sync.errors.size(), 1u);
  EXPECT_EQ(log.sync.errors[0].code, spec::ApiCode::kInternal);
  EXPECT_EQ(count_writes(log, spec::Verb::kCreate, spec::Resource::kPods, true), 1u);
  // The claim was created before the pod (createPersistentVolumeClaims first), and the status is
  // still written (updateStatefulSet's status survives the error).
  EXPECT_EQ(w.s.api.pvcs.size(), 1u);
  EXPECT_EQ(count_writes(log, spec::Verb::kUpdateStatus, spec::Resource::kStatefulSets, false), 1u);
  const StepLog next = w.sync();
  EXPECT_EQ(w.s.api.pods.size(), 1u);
  EXPECT_TRUE(next.sync.errors.empty());
}

TEST(SyncFaults, AStatusConflictIsRetriedFiveTimesAtMost) {
  World once = one_replica();
  Failing first({{spec::Verb::kUpdateStatus, spec::Resource::kStatefulSets, 1, spec::ApiCode::kConflict}});
  const StepLog retried = once.sync(&first);
  EXPECT_EQ(count_writes(retried, spec::Verb::kUpdateStatus, spec::Resource::kStatefulSets, true), 1u);
  EXPECT_EQ(count_writes(retried, spec::Verb::kUpdateStatus, spec::Resource::kStatefulSets, false), 1u);
  EXPECT_TRUE(retried.sync.errors.empty());
  EXPECT_EQ(once.s.api.set.status.observed_generation, once.s.api.set.generation);

  World always = one_replica();
  std::vector<Failing::Rule> rules;
  for (int n = 1; n <= 6; ++n) rules.push_back({spec::Verb::kUpdateStatus, spec::Resource::kStatefulSets, n, spec::ApiCode::kConflict});
  Failing every(rules);
  const StepLog exhausted = always.sync(&every);
  EXPECT_EQ(count_writes(exhausted, spec::Verb::kUpdateStatus, spec::Resource::kStatefulSets, true), 5u);
  EXPECT_EQ(exhausted.sync.errors.size(), 1u);
  EXPECT_EQ(always.s.api.set.status.observed_generation, 0);
}

TEST(SyncFaults, AFailedRevisionCreateAbortsTheSyncBeforeAnyPodOrStatusWrite) {
  World w = one_replica();
  Failing f({{spec::Verb::kCreate, spec::Resource::kRevisions, 1, spec::ApiCode::kInternal}});
  const StepLog log = w.sync(&f);
  EXPECT_TRUE(w.s.api.pods.empty());
  EXPECT_TRUE(w.s.api.revisions.empty());
  EXPECT_EQ(log.sync.writes.size(), 1u);
  EXPECT_EQ(log.sync.errors.size(), 1u);
}

TEST(SyncFaults, APodMissingFromAStaleListerIsCreatedAgainAndGetsAlreadyExists) {
  World w = one_replica();
  const ClusterState before = w.s;
  w.sync();
  ASSERT_EQ(w.s.api.pods.size(), 1u);
  Listers stale;
  stale.pods = &before;
  const ClusterState created = w.s;
  const StepLog log = w.sync(nullptr, stale);
  EXPECT_EQ(w.s.api.pods, created.api.pods);
  EXPECT_EQ(count_writes(log, spec::Verb::kCreate, spec::Resource::kPods, true), 1u);
  EXPECT_FALSE(has_event(log, spec::EventKind::kCreatePod));
  EXPECT_FALSE(has_event(log, spec::EventKind::kFailedCreatePod));  // AlreadyExists: no event
  EXPECT_EQ(log.sync.errors.size(), 1u);
}

// A second template change before the first rollout completed: the rolling update deletes a pod
// of neither the current nor the update revision and decrements currentReplicas below 0
// (upstream updateStatefulSet). The API server rejects that status (ValidateStatefulSetStatus);
// the recording harness of the conformance traces stores it.
TEST(SyncFaults, TheApiServerRejectsANegativeCurrentReplicas) {
  for (const bool validation : {true, false}) {
    World w = one_replica();
    w.cfg.status_validation = validation;
    w.sync();
    w.ready(0);
    w.sync();
    ASSERT_EQ(w.s.api.set.status.current_replicas, 1);
    w.act(UpdateTemplate{w.v2});
    w.sync();  // deletes web-0 (outdated): terminating
    w.act(TerminationFinished{0});
    w.sync();  // creates web-0 at v2; the rollout is not complete (web-0 is not ready yet)
    ASSERT_EQ(w.s.api.set.status.current_replicas, 0);
    w.ready(0);
    w.act(UpdateTemplate{w.v3});
    const StepLog log = w.sync();  // deletes web-0 (at v2: neither current v1 nor update v3)
    EXPECT_TRUE(w.s.api.pods.at(0).terminating);
    EXPECT_EQ(count_writes(log, spec::Verb::kUpdateStatus, spec::Resource::kStatefulSets, validation), 1u);
    if (validation) {
      EXPECT_EQ(w.s.api.set.status.current_replicas, 0);
      ASSERT_EQ(log.sync.errors.size(), 1u);
      EXPECT_EQ(log.sync.errors[0].code, spec::ApiCode::kInvalid);
    } else {
      EXPECT_EQ(w.s.api.set.status.current_replicas, -1);
      EXPECT_TRUE(log.sync.errors.empty());
    }
  }
}

// The engines' write-error fault (the WriteError action): one sync in which the nth attempt fails.
TEST(WriteErrorFault, FailsTheNthAttemptOfOneSyncAndNothingElse) {
  World w = one_replica();
  const auto attempts = sync_write_attempts(w.cfg, w.s);
  // The first sync of a scaled-up set: the revision, web-0's claim, web-0, the status.
  ASSERT_EQ(attempts.size(), 4u);
  EXPECT_EQ(attempts[0].resource, spec::Resource::kRevisions);
  EXPECT_EQ(attempts[2].verb, spec::Verb::kCreate);
  EXPECT_EQ(attempts[2].resource, spec::Resource::kPods);
  EXPECT_EQ(attempts[3].verb, spec::Verb::kUpdateStatus);
  ClusterState before = w.s;
  // Attempt 3 (the pod create) fails: as the Failing rule above, the claim stays, no pod.
  StepLog log;
  ASSERT_TRUE(apply_action(w.cfg, w.s, WriteError{3, spec::ApiCode::kInternal}, &log).has_value());
  EXPECT_TRUE(w.s.api.pods.empty());
  EXPECT_EQ(w.s.api.pvcs.size(), 1u);
  EXPECT_TRUE(has_event(log, spec::EventKind::kFailedCreatePod));
  ASSERT_EQ(log.sync.writes.size(), 4u);
  EXPECT_TRUE(log.sync.writes[2].injected);
  EXPECT_FALSE(log.sync.writes[3].injected);
  // Attempt 1 (the revision) fails: performUpdate returns before any claim, pod or status write.
  w.s = before;
  ASSERT_TRUE(apply_action(w.cfg, w.s, WriteError{1, spec::ApiCode::kInternal}).has_value());
  EXPECT_TRUE(w.s.api.revisions.empty());
  EXPECT_TRUE(w.s.api.pvcs.empty());
  EXPECT_TRUE(w.s.api.pods.empty());
  // Beyond the sync's attempts, and Conflict on a create: not applicable, the state unchanged.
  w.s = before;
  auto r = apply_action(w.cfg, w.s, WriteError{5, spec::ApiCode::kInternal});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "the sync makes 4 write attempts, not 5");
  r = apply_action(w.cfg, w.s, WriteError{3, spec::ApiCode::kConflict});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "write attempt 3 is a create: only an update can get Conflict");
  EXPECT_EQ(w.s, before);
  // One Conflict on the status update is retried (retry.DefaultRetry): as a plain sync.
  ASSERT_TRUE(apply_action(w.cfg, w.s, WriteError{4, spec::ApiCode::kConflict}).has_value());
  ClusterState plain = before;
  ASSERT_TRUE(apply_action(w.cfg, plain, Reconcile{}).has_value());
  EXPECT_EQ(w.s, plain);
}

TEST(WriteErrorFault, TheCheckingModelOffersEveryAttemptWhileTheBudgetLasts) {
  Bounds b = default_bounds(1);
  const StatefulSetModel none = testing::example_model("myapp", "", b);
  std::vector<Action> out;
  none.actions(none.init_states().front(), out);
  EXPECT_TRUE(std::none_of(out.begin(), out.end(), [](const Action& a) { return std::holds_alternative<WriteError>(a); }));
  b.budgets.write_error = 1;
  const StatefulSetModel m = testing::example_model("myapp", "", b);
  const ClusterState init = m.init_states().front();
  out.clear();
  m.actions(init, out);
  std::vector<WriteError> faults;
  for (const auto& a : out)
    if (const auto* w = std::get_if<WriteError>(&a)) faults.push_back(*w);
  const auto attempts = sync_write_attempts(m.config(), init);
  std::size_t updates = 0;
  for (const auto& a : attempts) updates += injectable(spec::ApiCode::kConflict, a.verb) ? 1 : 0;
  ASSERT_FALSE(attempts.empty());
  EXPECT_EQ(faults.size(), attempts.size() + updates);
  for (const auto& f : faults) {
    const auto next = m.next_state(init, f);
    ASSERT_TRUE(next.has_value()) << describe(f);
    EXPECT_EQ(next->budgets.write_error, 0);
    out.clear();
    m.actions(*next, out);
    EXPECT_TRUE(std::none_of(out.begin(), out.end(), [](const Action& a) { return std::holds_alternative<WriteError>(a); }))
        << "the budget is spent";
  }
  EXPECT_EQ(m.actor_class(faults.front()), kClassFault);
}

}  // namespace
}  // namespace stsmc::model
