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
           std::string(enum_name(w.error)) + (w.injected ? " (injected)" : "") + "; ";
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
      std::vector<spec::ApiError> errors = log.sync.errors;
      int steps = 1;
      while (part.in_flight) {
        StepLog next;
        ASSERT_TRUE(apply_action(m.config(), part, Reconcile{}, &next).has_value()) << name;
        ASSERT_EQ(next.sync.writes.size(), 1u) << name << ": one write attempt per step";
        writes.insert(writes.end(), next.sync.writes.begin(), next.sync.writes.end());
        events.insert(events.end(), next.sync.events.begin(), next.sync.events.end());
        errors.insert(errors.end(), next.sync.errors.begin(), next.sync.errors.end());
        ASSERT_LT(++steps, 200) << name;
      }
      ++compared;
      EXPECT_EQ(static_cast<std::size_t>(steps), whole_log.sync.writes.size()) << name;
      EXPECT_EQ(writes_text(writes), writes_text(whole_log.sync.writes)) << name;
      EXPECT_TRUE(events == whole_log.sync.events) << name;
      EXPECT_TRUE(errors == whole_log.sync.errors) << name << ": each error once, in the step that met it";
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
  EXPECT_FALSE(offers(m, s, WriteError{1, spec::ApiCode::kInternal})) << "no write-error budget";
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

// A write of a sync in flight that fails (the write-error fault) fails as the same attempt of
// the whole sync does: with nothing between the steps, the sync whose k-th attempt fails in
// flight makes the same attempts with the same answers (the failed one injected), records the
// same events and leaves the same API state as the whole sync with WriteError{k}: it ends where
// upstream returns the error and goes on where upstream retries a Conflict or runs on
// (Parallel). Checked for the first attempts of the syncs from the states the explorer reaches
// first on each example, with InternalError and Conflict.
TEST(PartialSync, AWriteThatFailsInFlightFailsAsInTheWholeSync) {
  for (const auto& name : testing::example_names()) {
    Bounds b = partial_bounds(3);
    b.budgets.write_error = 1;
    const auto m = testing::example_model(name, "", b);
    std::size_t compared = 0, conflicts = 0, ended_early = 0;
    for (const auto& s : testing::reachable(m, 1500)) {
      if (s.in_flight || !s.api.set.exists) continue;
      StepLog plain;
      ClusterState scratch = s;
      ASSERT_TRUE(apply_action(m.config(), scratch, Reconcile{}, &plain).has_value());
      const std::size_t n = std::min<std::size_t>(plain.sync.writes.size(), 5);
      for (std::size_t k = 2; k <= n; ++k)
        for (const auto code : {spec::ApiCode::kInternal, spec::ApiCode::kConflict}) {
          const WriteError whole_fault{static_cast<std::uint8_t>(k), code};
          ClusterState whole = s;
          StepLog whole_log;
          const bool whole_applies = apply_action(m.config(), whole, whole_fault, &whole_log).has_value();
          ClusterState part = s;
          StepLog log;
          ASSERT_TRUE(apply_action(m.config(), part, PartialSync{}, &log).has_value()) << name;
          std::vector<spec::WriteAttempt> writes = log.sync.writes;
          std::vector<spec::Event> events = log.sync.events;
          std::vector<spec::ApiError> errors = log.sync.errors;
          const auto add = [&](const StepLog& l) {
            writes.insert(writes.end(), l.sync.writes.begin(), l.sync.writes.end());
            events.insert(events.end(), l.sync.events.begin(), l.sync.events.end());
            errors.insert(errors.end(), l.sync.errors.begin(), l.sync.errors.end());
          };
          for (std::size_t i = 2; i < k; ++i) {
            StepLog next;
            ASSERT_TRUE(part.in_flight.has_value()) << name;
            ASSERT_TRUE(apply_action(m.config(), part, Reconcile{}, &next).has_value()) << name;
            add(next);
          }
          ASSERT_TRUE(part.in_flight.has_value()) << name << ": attempt " << k << " of " << n;
          StepLog failed;
          const bool part_applies = apply_action(m.config(), part, WriteError{1, code}, &failed).has_value();
          ASSERT_EQ(part_applies, whole_applies) << name << ": " << describe(whole_fault);
          if (!whole_applies) continue;
          ASSERT_EQ(failed.sync.writes.size(), 1u) << name;
          EXPECT_EQ(failed.sync.writes[0].error, code) << name;
          EXPECT_TRUE(failed.sync.writes[0].injected) << name;
          add(failed);
          if (!part.in_flight) ++ended_early;
          for (int steps = 0; part.in_flight; ++steps) {
            StepLog next;
            ASSERT_TRUE(apply_action(m.config(), part, Reconcile{}, &next).has_value()) << name;
            add(next);
            ASSERT_LT(steps, 200) << name;
          }
          ++compared;
          conflicts += code == spec::ApiCode::kConflict;
          EXPECT_EQ(writes_text(writes), writes_text(whole_log.sync.writes)) << name << ": " << describe(whole_fault);
          EXPECT_TRUE(events == whole_log.sync.events) << name << ": " << describe(whole_fault);
          EXPECT_TRUE(errors == whole_log.sync.errors) << name << ": " << describe(whole_fault);
          EXPECT_TRUE(part.api == whole.api) << name << ": " << describe(whole_fault) << "\n" << to_json(s).dump();
          if (HasFailure()) return;
        }
    }
    EXPECT_GT(compared, 10u) << name;
    EXPECT_GT(conflicts, 0u) << name << ": some attempt is an update";
    EXPECT_GT(ended_early, 0u) << name << ": some failed write ends the sync";
  }
}

// Only the next write of a sync in flight can fail, and only with a write-error budget; the
// explorer offers it as write-error 1 beside the next write itself.
TEST(PartialSync, OnlyTheNextWriteInFlightCanFail) {
  Bounds b = partial_bounds(2);
  b.budgets.write_error = 1;
  const auto m = testing::example_model("myapp", "", b);
  ClusterState s = step(m, m.init_states().front(), PartialSync{});  // creates the revision
  ASSERT_TRUE(s.in_flight.has_value());
  EXPECT_TRUE(offers(m, s, Reconcile{}));
  EXPECT_TRUE(offers(m, s, WriteError{1, spec::ApiCode::kInternal}));
  EXPECT_FALSE(offers(m, s, WriteError{2, spec::ApiCode::kInternal}));
  ClusterState n = s;
  EXPECT_FALSE(apply_action(m.config(), n, WriteError{2, spec::ApiCode::kInternal}).has_value());
  // The next write creates myapp-0's claim: a create cannot get Conflict.
  EXPECT_FALSE(apply_action(m.config(), n, WriteError{1, spec::ApiCode::kConflict}).has_value());
  EXPECT_TRUE(n == s) << "a write error that does not apply changes nothing";
  StepLog log;
  ASSERT_TRUE(apply_action(m.config(), n, WriteError{1, spec::ApiCode::kInternal}, &log).has_value());
  ASSERT_EQ(log.sync.writes.size(), 1u);
  EXPECT_EQ(log.sync.writes[0].resource, spec::Resource::kClaims);
  EXPECT_EQ(n.api.find_pvc(0, 0), nullptr) << "a failed create stores nothing";
  // Upstream 1.28 writes the status it counted also after the error (performUpdate): the sync
  // stays in flight for that write, and ends with it.
  ASSERT_TRUE(n.in_flight.has_value());
  StepLog status;
  ASSERT_TRUE(apply_action(m.config(), n, Reconcile{}, &status).has_value());
  ASSERT_EQ(status.sync.writes.size(), 1u);
  EXPECT_EQ(status.sync.writes[0].verb, spec::Verb::kUpdateStatus);
  EXPECT_FALSE(n.in_flight.has_value());
  EXPECT_EQ(n.api.find_pod(0), nullptr) << "no pod without its claim";
  const auto next = m.next_state(s, WriteError{1, spec::ApiCode::kInternal});
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->budgets.write_error, 0) << "it spends the write-error budget";
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
