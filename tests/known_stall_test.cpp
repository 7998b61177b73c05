// The known upstream stall (kubernetes#67250) as an end-to-end test, and a deliberately faulty
// controller rule that the safety properties must catch, with its trace surviving a round trip
// through JSON and replaying to the same verdict.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "checker/explore.h"
#include "checker/testing/explore_testing.h"
#include "counterexamples/replay.h"
#include "counterexamples/trace.h"
#include "e2e_support.h"
#include "instances/statefulset.h"
#include "properties/catalog.h"

namespace stsmc::e2e {
namespace {

using properties::Model;

using checker::testing::expect_same_report;
using checker::testing::test_config;

/// myapp with a broken template the user may switch to and back: the #67250 configuration.
model::Bounds stall_bounds(const spec::Manifest& m) {
  auto b = model::default_bounds(m.set.replicas);
  b.broken_template = true;
  b.budgets.update_template = 2;
  b.budgets.pod_failed = 0;
  b.budgets.delete_pod = 0;
  return b;
}

const checker::Discovery<Model>* find(const checker::ExploreReport<Model>& r, const std::string& id) {
  for (const auto& d : r.discoveries)
    if (d.property == id) return &d;
  return nullptr;
}

TEST(KnownStall, BrokenTemplateUnderOrderedReadyViolatesConvergenceAsKubernetes67250) {
  const auto manifest = load_example("myapp");
  const auto model = make_model(manifest, stall_bounds(manifest));
  const auto report = checker::explore(model, properties::all_properties(), test_config(2));
  EXPECT_TRUE(report.stats.complete);
  // convergence, and status-accepted: the second template switch makes the rolling update delete
  // a pod at neither the current nor the update revision, and upstream decrements
  // currentReplicas below 0 for it (the API server rejects that status): both known.
  ASSERT_EQ(report.discoveries.size(), 2u) << "only convergence and status-accepted may fail";
  const auto* s = find(report, "status-accepted");
  ASSERT_NE(s, nullptr);
  EXPECT_NE(s->note.find("decremented status.currentReplicas"), std::string::npos) << s->note;
  const auto* d = find(report, "convergence");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->kind, checker::PropertyKind::kLiveness);
  EXPECT_FALSE(d->note.empty());
  EXPECT_NE(d->note.find("kubernetes#67250"), std::string::npos) << d->note;
  ASSERT_TRUE(d->path.loop_start.has_value()) << "a liveness counterexample is a lasso";
  EXPECT_LT(*d->path.loop_start, d->path.states.size());
  EXPECT_GT(d->path.length(), 0u);
}

TEST(KnownStall, OneAndTwoThreadsFindTheSameLasso) {
  const auto manifest = load_example("myapp");
  const auto model = make_model(manifest, stall_bounds(manifest));
  const auto one = checker::explore(model, properties::all_properties(), test_config(1));
  const auto two = checker::explore(model, properties::all_properties(), test_config(2));
  expect_same_report(model, one, two);  // counts, verdicts, messages, notes, loop starts, actions
  const auto* a = find(one, "convergence");
  const auto* b = find(two, "convergence");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_EQ(a->path.states.size(), b->path.states.size());
  for (std::size_t i = 0; i < a->path.states.size(); ++i)
    EXPECT_EQ(model.fingerprint(a->path.states[i]), model.fingerprint(b->path.states[i])) << "state " << i;
}

// ---- A faulty controller rule must be caught by a safety property. ----

model::Bounds faulty_bounds(const spec::Manifest& m) {
  auto b = model::default_bounds(m.set.replicas);
  b.budgets.set_partition = 1;
  b.budgets.delete_pod = 1;
  b.budgets.update_template = 1;
  return b;
}

/// The faithful 1.28 model of `manifest` with completeRollingUpdate comparing against
/// status.replicas instead of spec.replicas.
Model faulty_model(const spec::Manifest& manifest, const model::Bounds& bounds) {
  model::ModelConfig cfg = make_model(manifest, bounds).config();
  cfg.controller.rules.complete_uses_spec_replicas = false;
  return Model(cfg);
}

TEST(FaultyRule, FaithfulRuleHoldsWithTheSameBounds) {
  const auto manifest = load_example("myapp");
  const auto model = make_model(manifest, faulty_bounds(manifest));
  const auto report = checker::explore(model, properties::all_properties(), test_config(2));
  EXPECT_TRUE(report.stats.complete);
  for (const auto& d : report.discoveries) ADD_FAILURE() << d.property << ": " << d.message;
}

TEST(FaultyRule, CompleteRollingUpdateAgainstStatusReplicasBreaksPartitionSemantics) {
  const auto manifest = load_example("myapp");
  const auto bounds = faulty_bounds(manifest);
  const Model faulty = faulty_model(manifest, bounds);
  const auto props = properties::all_properties();
  const auto report = checker::explore(faulty, props, test_config(2));
  EXPECT_TRUE(report.stats.complete);
  ASSERT_FALSE(report.discoveries.empty()) << "the faulty rule went unnoticed";
  for (const auto& d : report.discoveries)
    EXPECT_NE(d.kind, checker::PropertyKind::kLiveness) << d.property << " (only safety is expected)";
  const auto* d = find(report, "partition-semantics");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("currentRevision"), std::string::npos) << d->message;
  EXPECT_FALSE(d->path.loop_start.has_value());

  // Written as a trace, parsed back, replayed through the faulty model: still violated there.
  counterexamples::TraceMeta meta;
  meta.property = d->property;
  meta.kind = "safety";
  meta.engine = "explore";
  meta.mutant = "complete-uses-status-replicas";
  meta.manifest = to_json(manifest);
  meta.bounds = to_json(bounds);
  meta.violation_step = d->path.length();
  meta.violation_message = d->message;
  const std::string text = counterexamples::trace_to_json(faulty, d->path, meta).dump(2);
  auto parsed = counterexamples::parse_trace(text, "faulty.json");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->meta.property, meta.property);
  EXPECT_EQ(parsed->meta.kind, meta.kind);
  EXPECT_EQ(parsed->meta.mutant, meta.mutant);
  EXPECT_EQ(parsed->meta.violation_step, meta.violation_step);
  EXPECT_EQ(parsed->meta.violation_message, meta.violation_message);
  EXPECT_EQ(parsed->meta.manifest, meta.manifest);
  EXPECT_EQ(parsed->meta.bounds, meta.bounds);
  EXPECT_FALSE(parsed->loop_start.has_value());
  EXPECT_EQ(parsed->actions.size(), d->path.length());

  const auto r = counterexamples::replay(faulty, *parsed, props);
  ASSERT_TRUE(r.replayed_ok) << r.error;
  EXPECT_TRUE(r.violated) << r.message;
  EXPECT_EQ(r.violation_step, d->path.length());
  EXPECT_EQ(r.message, d->message);
  EXPECT_TRUE(r.warnings.empty());

  // The faithful model does not reproduce it: the trace no longer fits, or the property holds.
  const auto faithful = make_model(manifest, bounds);
  const auto f = counterexamples::replay(faithful, *parsed, props);
  EXPECT_FALSE(f.replayed_ok && f.violated) << f.message;
}

TEST(FaultyRule, OneAndTwoThreadsFindTheSameSafetyCounterexample) {
  const auto manifest = load_example("myapp");
  const Model faulty = faulty_model(manifest, faulty_bounds(manifest));
  const auto one = checker::explore(faulty, properties::all_properties(), test_config(1));
  const auto two = checker::explore(faulty, properties::all_properties(), test_config(2));
  expect_same_report(faulty, one, two);
}

}  // namespace
}  // namespace stsmc::e2e
