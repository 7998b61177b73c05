// creates-accepted, deletes-accepted, status-accepted (properties/accepted_writes.cpp): a sync
// fails only on write failures the world injects. With up-to-date listers upstream's controller
// breaks them only in its two known ways (a negative currentReplicas; a replacement created over
// a terminating Failed pod), and on lagging listers the explorer finds what the real controller
// did in the recorded traces f13, f14 and f16, as known upstream behaviour.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "checker/explore.h"
#include "instances/statefulset.h"
#include "model/testing/worlds.h"
#include "model/setup.h"
#include "properties/catalog.h"
#include "spec/manifest_loader.h"
#include "spec/mutants.h"

namespace stsmc::properties::accepted_writes_test {
namespace {

const std::map<std::string, WriteClass> kClasses = {
    {"creates-accepted", WriteClass::kCreates},
    {"deletes-accepted", WriteClass::kDeletes},
    {"status-accepted", WriteClass::kStatus},
};

/// The three properties as the catalog has them (known upstream behaviour noted).
std::vector<Property> accepted() {
  std::vector<Property> out;
  for (const auto& [id, c] : kClasses) out.push_back(select_properties({id})->front());
  return out;
}

checker::ExploreReport<Model> explore(const Model& m, const std::vector<Property>& props) {
  checker::ExploreConfig c;
  c.threads = 2;
  c.progress = false;
  return checker::explore(m, props, c);
}

TEST(AcceptedWrites, UpToDateListersBreakThemOnlyInUpstreamsKnownWays) {
  // Every example's whole state space with up-to-date listers and one more kind of the world's
  // faults and edits each: a failed write (injected: not the store's), a released or
  // relabelled pod whose name blocks its replica's create (an AlreadyExists the controller cannot
  // see coming), a deleted claim, a lost node. No template update or pod deletion but on myapp
  // (state spaces of 7-32 k states each; all of them with a sync re-run per transition).
#ifdef STSMC_SANITIZE
  const std::vector<std::string> names = {"myapp"};
#else
  const std::vector<std::string> names = model::testing::example_names();
#endif
  std::size_t states = 0;
  for (const auto& name : names)
    for (const char* kind : {"write-error", "orphan-pod", "label-pod", "delete-pvc", "node-lost"}) {
      SCOPED_TRACE(name + " " + kind);
      model::Bounds b = model::testing::example_model(name).config().bounds;
      ASSERT_TRUE(model::apply_budget(b, std::string(kind) + "=1", model::kMaxExhaustiveBudget).has_value());
      if (name != "myapp") b.budgets.update_template = b.budgets.delete_pod = 0;
      const auto m = model::testing::example_model(name, "", b);
      const auto r = explore(m, accepted());
      EXPECT_TRUE(r.stats.complete);
      states += r.stats.distinct_states;
      // Only upstream's own negative currentReplicas and replacement over a terminating pod (the
      // tests below), known.
      for (const auto& d : r.discoveries)
        if (d.property == "deletes-accepted" || d.note.empty()) ADD_FAILURE() << d.property << ": " << d.message;
    }
  EXPECT_GT(states, 7000u * names.size());
}

TEST(AcceptedWrites, UnderEveryMutantUpToDateListersGetOnlyTheStatusRejected) {
#ifdef STSMC_SANITIZE
  GTEST_SKIP() << "28 searches with a sync re-run per transition: the optimised build runs them";
#endif
  // myapp with one failed write (the error-handling mutants need it), no template update and no
  // lost node (whose replacement create is upstream's own: the test above).
  for (const auto& mu : spec::mutants()) {
    SCOPED_TRACE(mu.name);
    model::Bounds b = model::testing::example_model("myapp").config().bounds;
    b.budgets.write_error = 1;
    b.budgets.update_template = 0;
    const auto r = explore(model::testing::example_model("myapp", mu.name, b), accepted());
    EXPECT_TRUE(r.stats.complete);
    for (const auto& d : r.discoveries)
      if (d.property != "status-accepted") ADD_FAILURE() << d.property << ": " << d.message;
  }
}

TEST(AcceptedWrites, UpstreamWritesANegativeCurrentReplicasWhenItsFirstStatusWriteFailed) {
  // With up-to-date listers: the first sync creates myapp-0 and its status write fails, so
  // status.currentRevision names no revision; after a template update the controller takes the
  // update revision as the current one, deletes myapp-0 (at the old one) and decrements
  // currentReplicas from 0 (updateStatefulSet): the API server rejects -1 as Invalid.
  model::Bounds b = model::testing::example_model("myapp").config().bounds;
  b.budgets.write_error = 1;
  const auto m = model::testing::example_model("myapp", "", b);
  const auto r = explore(m, {select_properties({"status-accepted"})->front()});
  ASSERT_EQ(r.discoveries.size(), 1u);
  const auto& d = r.discoveries[0];
  EXPECT_NE(d.message.find("updateStatus statefulsets.apps \"myapp\": Invalid"), std::string::npos) << d.message;
  EXPECT_NE(d.note.find("decremented status.currentReplicas"), std::string::npos) << d.note;
  EXPECT_TRUE(d.path.states.back().caches.empty()) << "no lister lags";
  bool failed_write = false;
  for (const auto& a : d.path.actions) failed_write = failed_write || std::holds_alternative<model::WriteError>(a);
  EXPECT_TRUE(failed_write);
  // A mutant that counts the same way is upstream's behaviour too; the note needs that.
  const auto mutant = model::testing::example_model("myapp", "status-counts-unready", b);
  const auto rm = explore(mutant, {select_properties({"status-accepted"})->front()});
  for (const auto& x : rm.discoveries) EXPECT_FALSE(x.note.empty()) << x.message;
}

/// myapp under `release` with one lost node and one failed pod, no template update.
Model myapp_with_a_lost_node(std::string_view release) {
  auto loaded = spec::load_manifest_file(std::string(STSMC_SOURCE_DIR) + "/spec/examples/myapp.yaml");
  EXPECT_TRUE(loaded.has_value());
  auto setup = model::Setup::make(loaded ? loaded->manifest : spec::Manifest{}, release);
  EXPECT_TRUE(setup.has_value()) << (setup ? "" : setup.error().message);
  setup->bounds.budgets.node_lost = 1;
  setup->bounds.budgets.pod_failed = 1;
  setup->bounds.budgets.update_template = 0;
  return setup->build();
}

TEST(AcceptedWrites, UpstreamCreatesAReplacementOverATerminatingFailedPod) {
  // With up-to-date listers: myapp-0 fails, its node is lost (the pod starts terminating and
  // stays, its kubelet gone); 1.28's processReplica deletes it (a no-op on a terminating pod)
  // and creates the replacement in the same sync: AlreadyExists. bmc found this first (the
  // explorer skipped syncs on up-to-date listers then).
  const auto m = myapp_with_a_lost_node("1.28");
  const auto r = explore(m, {select_properties({"creates-accepted"})->front()});
  EXPECT_TRUE(r.stats.complete);
  ASSERT_EQ(r.discoveries.size(), 1u);
  const auto& d = r.discoveries[0];
  EXPECT_NE(d.message.find("already exists"), std::string::npos) << d.message;
  EXPECT_NE(d.note.find("in the same sync"), std::string::npos) << d.note;
  EXPECT_TRUE(d.path.states.back().caches.empty()) << "no lister lags";
  // Releases that create the replacement on a later sync do not.
  const auto later = myapp_with_a_lost_node("1.33");
  EXPECT_TRUE(explore(later, {select_properties({"creates-accepted"})->front()}).discoveries.empty());
}

TEST(AcceptedWrites, LaggingListersShowTheRecordedF13F14AndF16AsKnownUpstreamBehaviour) {
  model::Bounds b = model::default_bounds(2);
  b.budgets.informer_lag = 1;
  b.cache_lag = 1;
  b.budgets.delete_pod = 0;  // 48 k states; the NotFound comes from a Failed pod's replacement
  const auto m = model::testing::example_model("myapp", "", b);
  std::vector<Property> props;
  for (const auto& [id, c] : kClasses) props.push_back(select_properties({id})->front());
  const auto r = explore(m, props);
  EXPECT_TRUE(r.stats.complete);
  const std::map<std::string, std::string> recorded = {
      {"creates-accepted", "recorded f13"},
      {"deletes-accepted", "recorded f14"},
      {"status-accepted", "recorded f16"},
  };
  std::map<std::string, const checker::Discovery<Model>*> found;
  for (const auto& d : r.discoveries) found[d.property] = &d;
  for (const auto& [id, c] : kClasses) {
    SCOPED_TRACE(id);
    ASSERT_EQ(found.count(id), 1u);
    const auto& d = *found[id];
    EXPECT_NE(d.note.find("known upstream behaviour under stale reads"), std::string::npos) << d.note;
    EXPECT_NE(d.message.find(recorded.at(id)), std::string::npos) << d.message;
    // The step that fails reads a lagging lister; with every lister up to date it does not fail.
    const auto& path = d.path;
    ASSERT_GE(path.actions.size(), 1u);
    const auto& before = path.states[path.states.size() - 2];
    EXPECT_FALSE(before.caches.empty());
    model::ClusterState fresh = before;
    fresh.caches = {};
    EXPECT_FALSE(rejected_write(c, m, fresh, path.actions.back()).has_value());
  }
  EXPECT_NE(found["deletes-accepted"]->message.find("kubernetes PR #136812"), std::string::npos);
  EXPECT_NE(found["status-accepted"]->message.find("updateStatus statefulsets.apps \"myapp\": Invalid"),
            std::string::npos)
      << found["status-accepted"]->message;
}

TEST(AcceptedWrites, EverySyncsStepNoteSaysWhatItsLogSays) {
  // The judges skip a sync whose target's StepNote says no write of their class was rejected.
  // On every sync transition the explorer judges (lagging listers, so all three classes occur),
  // the note the successor carries to the step properties matches the sync's log.
  model::Bounds b = model::default_bounds(2);
  b.budgets.informer_lag = 1;
  b.cache_lag = 1;
  b.budgets.delete_pod = 0;
  const auto m = model::testing::example_model("myapp", "", b);
  std::array<std::atomic<std::size_t>, spec::kWriteClasses> noted{};
  std::atomic<std::size_t> syncs{0};
  Property p;
  p.id = "step-note";
  p.kind = checker::PropertyKind::kStep;
  p.step = [&](const Model& mm, const model::ClusterState& s, const model::Action& a,
               const model::ClusterState& t) -> std::optional<std::string> {
    if (!model::is_sync(a)) return std::nullopt;
    ++syncs;
    if (t.step_note.rejected == model::StepNote::kUnknown) return "no note on a sync's successor";
    for (const auto& [id, c] : kClasses) {
      const bool bit = (t.step_note.rejected >> static_cast<unsigned>(c) & 1u) != 0;
      if (bit != rejected_write(c, mm, s, a).has_value()) return "the note disagrees with the log on " + id;
      if (bit) ++noted[static_cast<std::size_t>(c)];
    }
    return std::nullopt;
  };
  const auto r = explore(m, {p});
  EXPECT_TRUE(r.stats.complete);
  for (const auto& d : r.discoveries) ADD_FAILURE() << d.message;
  EXPECT_GT(syncs.load(), 10000u);
  for (const auto& n : noted) EXPECT_GT(n.load(), 0u);
  // A copy is not the step's result: it forgets; a move keeps.
  auto t = m.next_state(m.init_states().front(), model::Reconcile{});
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->step_note.rejected, 0u);
  const model::ClusterState copy = *t;
  EXPECT_EQ(copy.step_note.rejected, model::StepNote::kUnknown);
  EXPECT_EQ(copy, *t);
  const model::ClusterState moved = std::move(*t);
  EXPECT_EQ(moved.step_note.rejected, 0u);
}

TEST(AcceptedWrites, AnInjectedFailureIsNotTheStoresAndOtherActionsAreNotSyncs) {
  const auto m = model::testing::example_model("myapp");
  const auto s = m.init_states().front();
  for (const auto& [id, c] : kClasses) {
    EXPECT_FALSE(rejected_write(c, m, s, model::Scale{0}).has_value()) << id;
    EXPECT_FALSE(rejected_write(c, m, s, model::WriteError{1, spec::ApiCode::kInternal}).has_value()) << id;
    EXPECT_FALSE(rejected_write(c, m, s, model::WriteError{1, spec::ApiCode::kConflict}).has_value()) << id;
  }
}

}  // namespace
}  // namespace stsmc::properties::accepted_writes_test
