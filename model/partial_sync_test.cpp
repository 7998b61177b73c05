// The partial-sync fault (docs/faults.md, "Partial syncs"): a sync whose write attempts are
// steps of their own, with other actors acting between them.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/checker_model.h"
#include "model/statefulset_model.h"
#include "model/testing/worlds.h"

namespace stsmc::model::partial_sync_test {
namespace {

Bounds partial_bounds(int replicas) {
  Bounds b = default_bounds(replicas);
  b.budgets.partial_sync = 1;
  return b;
}

std::string writes_text(const std::vector<spec::WriteAttempt>& ws) {
  std::string out;
  for (const auto& w : ws)
    out += std::string(spec::verb_name(w.verb)) + " " + std::string(spec::resource_name(w.resource)) + " " +
           std::to_string(w.pod) + "/" + std::to_string(w.claim_template) + "/" + std::to_string(w.revision) + " " +
           std::string(enum_name(w.error)) + "; ";
  return out;
}

// With nothing between its steps, a sync in flight does what the whole sync does: the same
// writes in the same order, with the same answers and events, and the same API state at the
// end. Checked on every state the explorer reaches first on each example (a sync of two
// writes or more in each), under faults as well (a write error or a lagging lister before).
TEST(PartialSync, UninterruptedItIsTheWholeSync) {
  for (const auto& name : testing::example_names()) {
    Bounds b = partial_bounds(3);
    b.budgets.write_error = 1;
    b.budgets.informer_lag = 1;
    b.cache_lag = 1;
    const auto m = testing::example_model(name, "", b);
    std::size_t compared = 0;
    for (const auto& s : testing::reachable(m, 4000)) {
      if (s.in_flight || !s.api.set.exists) continue;
      ClusterState whole = s;
      StepLog whole_log;
      ASSERT_TRUE(apply_action(m.config(), whole, Reconcile{}, &whole_log).has_value());
      ClusterState part = s;
      StepLog log;
      if (!apply_action(m.config(), part, PartialSync{}, &log)) {
        EXPECT_LE(whole_log.sync.writes.size(), 1u) << name << ": a sync of two writes or more can start in flight";
        continue;
      }
      ASSERT_TRUE(part.in_flight.has_value());
      std::vector<spec::WriteAttempt> writes = log.sync.writes;
      std::vector<spec::Event> events = log.sync.events;
      int steps = 1;
      while (part.in_flight) {
        StepLog next;
        ASSERT_TRUE(apply_action(m.config(), part, Reconcile{}, &next).has_value()) << name;
        ASSERT_EQ(next.sync.writes.size(), 1u) << name << ": one write attempt per step";
        writes.insert(writes.end(), next.sync.writes.begin(), next.sync.writes.end());
        events.insert(events.end(), next.sync.events.begin(), next.sync.events.end());
        ASSERT_LT(++steps, 200) << name;
      }
      ++compared;
      EXPECT_EQ(static_cast<std::size_t>(steps), whole_log.sync.writes.size()) << name;
      EXPECT_EQ(writes_text(writes), writes_text(whole_log.sync.writes)) << name;
      EXPECT_TRUE(events == whole_log.sync.events) << name;
      EXPECT_TRUE(part.api == whole.api) << name << "\n" << to_json(s).dump() << "\npartial " << to_json(part).dump()
                                         << "\nwhole " << to_json(whole).dump();
      if (HasFailure()) return;
    }
    EXPECT_GT(compared, 10u) << name;
  }
}

ClusterState step(const StatefulSetModel& m, const ClusterState& s, const Action& a, StepLog* log = nullptr) {
  ClusterState n = s;
  auto r = apply_action(m.config(), n, a, log);
  EXPECT_TRUE(r.has_value()) << describe(a) << ": " << (r ? "" : r.error().message);
  if (auto* budget = &n.budgets.partial_sync; std::holds_alternative<PartialSync>(a) && *budget > 0) --*budget;
  return n;
}

bool offers(const StatefulSetModel& m, const ClusterState& s, const Action& a) {
  std::vector<Action> out;
  m.actions(s, out);
  return std::find(out.begin(), out.end(), a) != out.end();
}

// Upstream's sync acts on what it listed at its start: a scale to 0 between its writes does not
// stop it creating the pod it decided on, and the next sync, on a fresh view, deletes it.
TEST(PartialSync, ASyncInFlightActsOnWhatItReadAtItsStart) {
  const auto m = testing::example_model("myapp", "", partial_bounds(2));
  const ClusterState init = m.init_states().front();
  EXPECT_TRUE(offers(m, init, PartialSync{}));
  ClusterState s = step(m, init, PartialSync{});  // creates the revision
  ASSERT_TRUE(s.in_flight.has_value());
  EXPECT_EQ(s.api.revisions.size(), 1u);
  EXPECT_FALSE(offers(m, s, PartialSync{})) << "one sync in flight at a time";
  EXPECT_FALSE(offers(m, s, WriteError{1, spec::ApiCode::kInternal})) << "no whole sync while one is in flight";
  EXPECT_TRUE(offers(m, s, Reconcile{}));
  s = step(m, s, Reconcile{});  // the claim of myapp-0
  ASSERT_NE(s.api.find_pvc(0, 0), nullptr);
  EXPECT_EQ(s.api.find_pod(0), nullptr);
  s = step(m, s, Scale{0});
  StepLog log;
  s = step(m, s, Reconcile{}, &log);
  ASSERT_EQ(log.sync.writes.size(), 1u);
  EXPECT_EQ(log.sync.writes[0].verb, spec::Verb::kCreate);
  EXPECT_EQ(log.sync.writes[0].resource, spec::Resource::kPods);
  ASSERT_NE(s.api.find_pod(0), nullptr) << "created outside the range the set now has";
  while (s.in_flight) s = step(m, s, Reconcile{});
  // The status it wrote counts what it saw; a whole sync now deletes myapp-0.
  s = step(m, s, Reconcile{});
  const spec::Pod* p = s.api.find_pod(0);
  EXPECT_TRUE(p == nullptr || p->terminating);
}

// A write the API server refuses now gets its answer: a pod deleted by the user between the
// sync's start and its delete of that pod is NotFound (upstream returns it, the sync ends).
TEST(PartialSync, TheNextWriteGetsTheApiServersAnswerOfNow) {
  const auto m = testing::example_model("web-parallel", "", partial_bounds(3));
  ClusterState s = m.init_states().front();
  s = step(m, s, Reconcile{});  // Parallel: web-0, web-1 and web-2 with their claims
  ASSERT_NE(s.api.find_pod(2), nullptr);
  s = step(m, s, Scale{0});
  s = step(m, s, PartialSync{});  // the first slow-start batch: web-2
  ASSERT_TRUE(s.in_flight.has_value());
  const spec::Pod* p2 = s.api.find_pod(2);
  EXPECT_TRUE(p2 == nullptr || p2->terminating);
  s = step(m, s, DeletePod{1, true});  // the user force-deletes web-1
  ASSERT_EQ(s.api.find_pod(1), nullptr);
  StepLog log;
  s = step(m, s, Reconcile{}, &log);
  ASSERT_EQ(log.sync.writes.size(), 1u);
  EXPECT_EQ(log.sync.writes[0].verb, spec::Verb::kDelete);
  EXPECT_EQ(log.sync.writes[0].pod, 1);
  EXPECT_EQ(log.sync.writes[0].error, spec::ApiCode::kNotFound);
  EXPECT_FALSE(log.sync.writes[0].injected) << "the API server's own answer";
  // The batch's other call still runs (upstream's slowStartBatch): web-0 goes too.
  ASSERT_TRUE(s.in_flight.has_value());
  s = step(m, s, Reconcile{}, &log);
  const spec::Pod* p0 = s.api.find_pod(0);
  EXPECT_TRUE(p0 == nullptr || p0->terminating);
}

// The state of a sync in flight is in the trace's JSON and fingerprint only while there is one.
TEST(PartialSync, TheSyncInFlightIsStateOnlyWhileThereIsOne) {
  const auto m = testing::example_model("myapp", "", partial_bounds(2));
  const ClusterState init = m.init_states().front();
  EXPECT_FALSE(to_json(init).contains("in_flight"));
  const ClusterState s = step(m, init, PartialSync{});
  ASSERT_TRUE(to_json(s).contains("in_flight"));
  ClusterState back;
  ASSERT_TRUE(from_json(to_json(s), back, "state").has_value());
  EXPECT_TRUE(back == s);
  ClusterState other = s;
  other.in_flight.reset();
  EXPECT_NE(m.fingerprint(s), m.fingerprint(other));
}

}  // namespace
}  // namespace stsmc::model::partial_sync_test
