// Every state type: changing any one field changes the fingerprint, and JSON round-trips
// (the contract the explorer, traces and golden counts rely on).
#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>

#include "core/testing/reflect_testing.h"
#include "model/action.h"
#include "model/bounds.h"
#include "model/cluster_state.h"
#include "model/checker_model.h"
#include "model/testing/worlds.h"
#include "spec/objects.h"
#include "spec/profile.h"
#include "spec/stateful_set.h"

namespace {

using namespace stsmc;

spec::Pod sample_pod() {
  return spec::Pod{2, 3, spec::PodPhase::kRunning, true, 10, false, 1, true, true, false, 2, true};
}
spec::Pvc sample_pvc() {
  return spec::Pvc{1, 2, 4, true, false, {spec::OwnerRef{spec::OwnerKind::kPod, 2, 3}}};
}
spec::SetSpec sample_spec() {
  return spec::SetSpec{3, 1, spec::UpdateStrategy{spec::UpdateStrategyType::kRollingUpdate, 1, spec::IntOrPercent{50, true}},
                       spec::RetentionPolicy{spec::RetentionPolicyType::kDelete, spec::RetentionPolicyType::kRetain}, 2, 5};
}
spec::SetStatus sample_status() { return spec::SetStatus{2, 3, 2, 1, 2, 1, 0, 1, 0}; }

model::ClusterState sample_state() {
  model::ClusterState s{};
  s.api.set = spec::SetObject{true, 3, sample_spec(), sample_status()};
  s.api.pods = {sample_pod()};
  s.api.pvcs = {sample_pvc()};
  s.api.revisions = {spec::Revision{1, 0}, spec::Revision{2, 1}};
  s.api.pod_uids = {{2, 3}};
  s.api.pvc_uids = {{{1, 2}, 4}};
  s.budgets = model::Budgets{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21};
  s.caches.pods = {{sample_pod()}, {}};
  s.caches.claims = {{sample_pvc()}};
  s.caches.revisions = {{spec::Revision{1, 0}}};
  s.caches.set = {s.api.set};
  model::SyncInFlight in;
  in.store = s.api;
  in.caches.pods = {{sample_pod()}};
  in.outcomes = {spec::ApiCode::kNone, spec::ApiCode::kNotFound};
  s.in_flight = in;
  return s;
}

TEST(StateReflection, Pod) { stsmc::testing::expect_reflection_contract(sample_pod(), "Pod"); }
TEST(StateReflection, Pvc) { stsmc::testing::expect_reflection_contract(sample_pvc(), "Pvc"); }
TEST(StateReflection, OwnerRef) { stsmc::testing::expect_reflection_contract(spec::OwnerRef{spec::OwnerKind::kPod, 1, 2}, "OwnerRef"); }
TEST(StateReflection, Revision) { stsmc::testing::expect_reflection_contract(spec::Revision{4, 2}, "Revision"); }
TEST(StateReflection, SetSpec) { stsmc::testing::expect_reflection_contract(sample_spec(), "SetSpec"); }
TEST(StateReflection, SetStatus) { stsmc::testing::expect_reflection_contract(sample_status(), "SetStatus"); }
TEST(StateReflection, SetObject) { stsmc::testing::expect_reflection_contract(sample_state().api.set, "SetObject"); }
TEST(StateReflection, ApiState) { stsmc::testing::expect_reflection_contract(sample_state().api, "ApiState"); }
TEST(StateReflection, Budgets) { stsmc::testing::expect_reflection_contract(sample_state().budgets, "Budgets"); }
TEST(StateReflection, Caches) { stsmc::testing::expect_reflection_contract(sample_state().caches, "Caches"); }
TEST(StateReflection, SyncInFlight) { stsmc::testing::expect_reflection_contract(*sample_state().in_flight, "SyncInFlight"); }
TEST(StateReflection, ClusterState) { stsmc::testing::expect_reflection_contract(sample_state(), "ClusterState"); }
TEST(StateReflection, Bounds) {
  stsmc::testing::expect_reflection_contract(model::Bounds{3, 1, true, sample_state().budgets, 2}, "Bounds");
}
TEST(StateReflection, FeatureGatesAndRules) {
  stsmc::testing::expect_reflection_contract(spec::FeatureGates{true, false, true}, "FeatureGates");
  stsmc::testing::expect_reflection_contract(
      spec::Rules{spec::HealthRule::kAvailable, spec::MaxUnavailableRule::kTwoPhase,
                  spec::TerminalPodRule::kRecreateNextSync, true, false, true, spec::Fault::kWrongIdentity},
      "Rules");
}
TEST(StateReflection, Manifest) {
  spec::Manifest m{};
  m.source = "x.yaml";
  m.set.name = "web";
  m.set.namespace_ = "default";
  m.set.service_name = "web";
  m.set.replicas = 3;
  m.set.selector = {{"app", "web"}};
  m.set.pod_template.labels = {{"app", "web"}};
  m.set.pod_template.containers = {spec::Container{"app", "nginx:1"}};
  m.set.update_strategy.partition = 0;
  m.set.ordinals_start = 1;
  m.set.volume_claim_templates = {spec::ClaimTemplate{"data", {}, {"ReadWriteOnce"}, "1Gi", ""}};
  m.service = spec::Service{"web", "default", true};
  stsmc::testing::expect_reflection_contract(m, "Manifest");
}

TEST(ActionJson, EveryActionRoundTripsWithItsName) {
  const std::vector<model::Action> actions = {
      model::Reconcile{}, model::PodScheduled{1}, model::PodAvailable{2, 10}, model::GcDelete{model::Dependent::kPvc, 1, 0},
      model::Scale{3}, model::SetMaxUnavailable{spec::IntOrPercent{50, true}}, model::SetStartOrdinal{std::nullopt},
      model::DeletePod{1, true}, model::DeleteStatefulSet{true}, model::NodeLost{0},
      model::WriteError{3, spec::ApiCode::kConflict}, model::DeletePvc{0, 1}, model::OrphanPod{2},
      model::LabelPod{1, true}, model::OrphanPvc{0, 2}};
  for (const auto& a : actions) {
    const Json j = model::action_to_json(a);
    auto back = model::action_from_json(j);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_TRUE(*back == a) << j.dump();
    EXPECT_EQ(j["name"], std::string(model::name_of(a)));
  }
  EXPECT_EQ(model::all_action_names().size(), std::variant_size_v<model::Action>);
  auto bad = model::action_from_json(Json::parse(R"({"actor":"user","name":"scale","args":{"replicas":"x"}})"));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "action.args.replicas: expected an integer, got string");
  bad = model::action_from_json(Json::parse(R"({"name":"write-error","args":{"attempt":0,"error":"Conflict"}})"));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "action.args.attempt: must be in 1..255, got 0");
  bad = model::action_from_json(Json::parse(R"({"name":"write-error","args":{"attempt":1,"error":"NotFound"}})"));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "action.args.error: a write-error is InternalError or Conflict, got 'NotFound'");
}

}  // namespace

// The explorer's frontier holds states packed (StatefulSetModel::pack): unpacking gives the very
// state back, on a hand-made state with every part filled and on the examples' reachable states.
TEST(StatePacking, ClusterStateUnpacksToItself) {
  const auto m = model::testing::example_model("myapp");
  const model::ClusterState s = sample_state();
  model::ClusterState back = model::initial_state(m.config());
  m.unpack(m.pack(s), back);
  EXPECT_EQ(back, s);
  for (const auto& name : model::testing::example_names()) {
    const auto em = model::testing::example_model(name);
    model::ClusterState scratch;
    for (const auto& r : model::testing::reachable(em, 2000)) {
      const auto packed = em.pack(r);
      em.unpack(packed, scratch);
      ASSERT_EQ(scratch, r) << name;
      EXPECT_LT(packed.size(), 160u) << name << ": a state packs into a few dozen bytes";
      // The explorer's arenas hold the same bytes, appended one state after another.
      std::string arena = "x";
      em.pack_append(r, arena);
      ASSERT_EQ(arena.size(), packed.size() + 1);
      em.unpack(std::span(reinterpret_cast<const std::uint8_t*>(arena.data()) + 1, packed.size()), scratch);
      ASSERT_EQ(scratch, r) << name;
    }
  }
}
