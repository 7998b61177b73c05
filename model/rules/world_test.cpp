// The world's rules (model/rules/world.h) on single objects: the API server's and the kubelet's
// semantics that the differential tests cannot tell apart from a consistent mistake in both
// callers, since both now run these rules.
#include "model/rules/world.h"

#include <gtest/gtest.h>

#include "model/testing/worlds.h"

namespace stsmc::model::rules::world {
namespace {

const Concrete d;

FlatPod<Concrete> running_pod(bool bound = true) {
  spec::Pod p{};
  p.ordinal = 0;
  p.uid = 1;
  p.phase = spec::PodPhase::kRunning;
  p.node_bound = bound;
  p.controlled = true;
  return to_flat(p);
}

bool same_pod(const FlatPod<Concrete>& a, const FlatPod<Concrete>& b) {
  spec::Pod x{}, y{};
  from_flat(a, x);
  from_flat(b, y);
  return a.exists == b.exists && x == y;
}

FlatPod<Concrete> after(std::int64_t kind, const FlatPod<Concrete>& p, std::int64_t b = 0) {
  FlatPod<Concrete> n = p;
  pod_effect(d, kind, p, n, true, b);
  return n;
}

TEST(WorldRules, AGracefulDeleteOfABoundPodStartsTerminationAndLeavesATerminatingOneAlone) {
  const auto p = running_pod();
  const auto n = after(kind_of<DeletePod>, p);
  EXPECT_TRUE(n.exists);
  EXPECT_TRUE(n.terminating);
  const auto again = after(kind_of<DeletePod>, n);
  EXPECT_TRUE(again.exists);
  EXPECT_EQ(again.uid, n.uid);
  // Forced, it goes at once, terminating or not.
  EXPECT_FALSE(after(kind_of<DeletePod>, n, 1).exists);
}

TEST(WorldRules, AnUnboundOrTerminalPodIsRemovedAtOnceAndItsSlotIsZero) {
  const auto unbound = after(kind_of<DeletePod>, running_pod(false));
  EXPECT_FALSE(unbound.exists);
  EXPECT_EQ(unbound.uid, 0);
  EXPECT_FALSE(unbound.controlled);
  const auto failed = after(kind_of<PodFailed>, running_pod());
  EXPECT_EQ(failed.phase, kFailed);
  EXPECT_FALSE(after(kind_of<DeletePod>, failed).exists);
}

TEST(WorldRules, ReadinessRestartsItsClockOnlyWhenTheConditionChanges) {
  auto p = after(kind_of<PodReady>, running_pod());
  ASSERT_TRUE(p.ready);
  p = after(kind_of<PodAvailable>, p, 7);
  EXPECT_EQ(p.ready_seconds, 7);
  EXPECT_EQ(after(kind_of<PodReady>, p).ready_seconds, 7);  // already ready: no change
  const auto unready = after(kind_of<PodUnready>, p);
  EXPECT_FALSE(unready.ready);
  EXPECT_EQ(unready.ready_seconds, 0);
  // Time does not age a False condition, and the clock saturates.
  EXPECT_EQ(after(kind_of<PodAvailable>, unready, 5).ready_seconds, 0);
  EXPECT_EQ(after(kind_of<PodAvailable>, p, kSecondsMax).ready_seconds, kSecondsMax);
}

TEST(WorldRules, ALostNodeLeavesAPodTerminatingThatOnlyAForcedDeleteRemoves) {
  const auto lost = after(kind_of<NodeLost>, after(kind_of<PodReady>, running_pod()));
  EXPECT_TRUE(lost.terminating && lost.node_lost && !lost.ready);
  const PodContext<Concrete> ctx{true, false, 0, true};
  EXPECT_FALSE(pod_enabled(d, kind_of<TerminationFinished>, lost, ctx, 0));
  EXPECT_TRUE(pod_enabled(d, kind_of<TerminationFinished>, after(kind_of<DeletePod>, running_pod()), ctx, 0));
}

TEST(WorldRules, TheKubeletStartsAPodOnlyOnceItsClaimsAreBoundAndABrokenTemplateNeverGetsReady) {
  spec::Pod pending{};
  pending.uid = 1;
  pending.node_bound = true;
  const auto p = to_flat(pending);
  EXPECT_FALSE(pod_enabled(d, kind_of<PodScheduled>, p, PodContext<Concrete>{false, false, 0, true}, 0));
  EXPECT_TRUE(pod_enabled(d, kind_of<PodScheduled>, p, PodContext<Concrete>{true, false, 0, true}, 0));
  const auto running = after(kind_of<PodScheduled>, p);
  EXPECT_FALSE(pod_enabled(d, kind_of<PodReady>, running, PodContext<Concrete>{true, true, 0, true}, 0));
  EXPECT_TRUE(pod_enabled(d, kind_of<PodReady>, running, PodContext<Concrete>{true, false, 0, true}, 0));
}

TEST(WorldRules, TheGarbageCollectorDeletesAControlledPodOnlyOnceTheSetIsGone) {
  const auto p = running_pod();
  EXPECT_FALSE(pod_enabled(d, kind_of<GcDelete>, p, PodContext<Concrete>{true, false, 0, true}, 0));
  EXPECT_TRUE(pod_enabled(d, kind_of<GcDelete>, p, PodContext<Concrete>{true, false, 0, false}, 0));
  auto orphan = p;
  orphan.controlled = false;
  EXPECT_FALSE(pod_enabled(d, kind_of<GcDelete>, orphan, PodContext<Concrete>{true, false, 0, false}, 0));
}

spec::Pvc claim_owned_by(std::initializer_list<spec::OwnerRef> owners) {
  spec::Pvc c{};
  c.ordinal = 2;
  c.uid = 1;
  c.bound = true;
  for (const auto& r : owners) c.owners.push_back(r);
  return c;
}

TEST(WorldRules, TheGarbageCollectorRemovesOnlyDanglingReferencesInTheirOrder) {
  const spec::OwnerRef set{spec::OwnerKind::kStatefulSet, 0, spec::kSetUid};
  const spec::OwnerRef pod{spec::OwnerKind::kPod, 2, 4};
  // The pod (uid 4) is gone, the set exists: the pod reference goes, the set's stays.
  const auto c = to_flat(claim_owned_by({pod, set}), 0);
  const ClaimContext<Concrete> x{false, 0, true, false};
  ASSERT_TRUE(gc_claim_enabled(d, c, x));
  auto n = c;
  gc_claim_effect(d, c, n, x, true);
  spec::Pvc out = claim_owned_by({});
  from_flat(n, out);
  ASSERT_EQ(out.owners.size(), 1u);
  EXPECT_EQ(out.owners[0].kind, spec::OwnerKind::kStatefulSet);
  // Every owner alive (a pod of that uid exists): nothing to do.
  EXPECT_FALSE(gc_claim_enabled(d, c, ClaimContext<Concrete>{true, 4, true, false}));
  // A pod of another uid is not the owner.
  EXPECT_TRUE(gc_claim_enabled(d, c, ClaimContext<Concrete>{true, 5, true, false}));
}

TEST(WorldRules, AClaimWithoutLiveOwnersIsDeletedOrHeldTerminatingByProtection) {
  const spec::OwnerRef set{spec::OwnerKind::kStatefulSet, 0, spec::kSetUid};
  const auto c = to_flat(claim_owned_by({set}), 0);
  auto gone = c;
  gc_claim_effect(d, c, gone, ClaimContext<Concrete>{false, 0, false, false}, true);
  EXPECT_FALSE(gone.exists);
  auto held = c;
  const ClaimContext<Concrete> protect{true, 3, false, true};
  gc_claim_effect(d, c, held, protect, true);
  EXPECT_TRUE(held.exists && held.terminating);
  // Held while the pod exists; released once it is gone.
  EXPECT_FALSE(gc_claim_enabled(d, held, protect));
  EXPECT_TRUE(gc_claim_enabled(d, held, ClaimContext<Concrete>{false, 0, false, false}));
  // A claim without owner references is never the collector's.
  EXPECT_FALSE(gc_claim_enabled(d, to_flat(claim_owned_by({}), 0), ClaimContext<Concrete>{false, 0, false, false}));
}

TEST(WorldRules, OnlyAScheduledPodHoldsItsClaimsUnderProtection) {
  EXPECT_TRUE(protects(running_pod(true)));
  EXPECT_FALSE(protects(running_pod(false))) << "podUsesPVC skips pods without spec.nodeName";
  EXPECT_FALSE(protects(FlatPod<Concrete>(d))) << "an empty slot";
  auto terminal = after(kind_of<PodSucceeded>, running_pod(true));
  EXPECT_TRUE(protects(terminal)) << "a terminal pod still names its claims";
}

TEST(WorldRules, AUserDeletedClaimGoesAtOnceUnlessProtectionHoldsItThenTheCollectorLetsItGo) {
  const spec::OwnerRef set{spec::OwnerKind::kStatefulSet, 0, spec::kSetUid};
  for (const auto& claim : {claim_owned_by({}), claim_owned_by({set})}) {  // Retain, and owned by the set
    const auto c = to_flat(claim, 0);
    ASSERT_TRUE(delete_claim_enabled(c));
    auto gone = c;
    delete_claim_effect(d, c, gone, ClaimContext<Concrete>{true, 3, true, false}, true);
    EXPECT_FALSE(gone.exists) << "no scheduled pod uses it";
    EXPECT_EQ(gone.uid, 0);
    auto held = c;
    const ClaimContext<Concrete> protect{true, 3, true, true};
    delete_claim_effect(d, c, held, protect, true);
    ASSERT_TRUE(held.exists && held.terminating);
    EXPECT_EQ(held.uid, c.uid);
    EXPECT_FALSE(delete_claim_enabled(held)) << "its deletion is under way";
    auto again = held;
    delete_claim_effect(d, held, again, ClaimContext<Concrete>{false, 0, true, false}, true);
    EXPECT_TRUE(again.exists && again.terminating) << "a second delete does not remove the finalizer";
    EXPECT_FALSE(gc_claim_enabled(d, held, protect));
    EXPECT_TRUE(gc_claim_enabled(d, held, ClaimContext<Concrete>{false, 0, true, false}));
    auto unguarded = c;
    delete_claim_effect(d, c, unguarded, protect, false);
    EXPECT_TRUE(unguarded.exists && !unguarded.terminating) << "nothing happens outside the guard";
  }
}

TEST(WorldRules, OrphaningAClaimRemovesEveryOwnerReferenceAndNothingElse) {
  const spec::OwnerRef set{spec::OwnerKind::kStatefulSet, 0, spec::kSetUid};
  const spec::OwnerRef pod{spec::OwnerKind::kPod, 2, 4};
  auto claim = claim_owned_by({pod, set});
  claim.bound = true;
  const auto c = to_flat(claim, 3);  // more slots than references: the unused ones stay unused
  ASSERT_TRUE(orphan_claim_enabled(d, c));
  auto n = c;
  orphan_claim_effect(d, c, n, true);
  spec::Pvc out = claim;
  from_flat(n, out);
  EXPECT_TRUE(out.owners.empty());
  EXPECT_TRUE(n.exists && n.bound && !n.terminating);
  EXPECT_EQ(n.uid, c.uid);
  for (const auto& r : n.refs) EXPECT_TRUE(!r.used && !r.pod && r.uid == 0);
  EXPECT_FALSE(orphan_claim_enabled(d, n)) << "nothing left to remove";
  EXPECT_FALSE(gc_claim_enabled(d, n, ClaimContext<Concrete>{false, 0, false, false}))
      << "an orphaned claim is not the collector's, whatever became of its owners";
  // Not tried on a claim without references (also one with no reference slots at all), nor on
  // a terminating one; outside the guard nothing changes.
  EXPECT_FALSE(orphan_claim_enabled(d, to_flat(claim_owned_by({}), 0)));
  auto terminating = c;
  terminating.terminating = true;
  EXPECT_FALSE(orphan_claim_enabled(d, terminating));
  auto unguarded = c;
  orphan_claim_effect(d, c, unguarded, false);
  from_flat(unguarded, out);
  EXPECT_EQ(out.owners.size(), 2u);
}

TEST(WorldRules, TheUsersPodMetadataEditsChangeOnlyTheControllerReferenceOrTheLabels) {
  const PodContext<Concrete> ctx{true, false, 0, true};
  const auto p = running_pod();
  ASSERT_TRUE(claimed(p));
  // orphan-pod: no controller reference, nothing else changes; only a controlled pod.
  EXPECT_TRUE(pod_enabled(d, kind_of<OrphanPod>, p, ctx, 0));
  auto orphan = after(kind_of<OrphanPod>, p);
  EXPECT_FALSE(orphan.controlled);
  orphan.controlled = true;
  EXPECT_TRUE(same_pod(orphan, p));
  EXPECT_FALSE(pod_enabled(d, kind_of<OrphanPod>, after(kind_of<OrphanPod>, p), ctx, 0));
  // label-pod toggles: matching = 0 on a matching pod, 1 on an unlabeled one, never the same.
  EXPECT_TRUE(pod_enabled(d, kind_of<LabelPod>, p, ctx, 0));
  EXPECT_FALSE(pod_enabled(d, kind_of<LabelPod>, p, ctx, 1));
  const auto off = after(kind_of<LabelPod>, p, 0);
  EXPECT_TRUE(off.unlabeled);
  EXPECT_TRUE(off.controlled);
  EXPECT_TRUE(pod_enabled(d, kind_of<LabelPod>, off, ctx, 1));
  EXPECT_FALSE(pod_enabled(d, kind_of<LabelPod>, off, ctx, 0));
  EXPECT_FALSE(after(kind_of<LabelPod>, off, 1).unlabeled);
  // A pod that is gone loses the flag with every other field.
  auto gone = off;
  clear_pod(d, gone, true);
  EXPECT_FALSE(gone.unlabeled);
}

TEST(WorldRules, ClaimPodsKeepsMatchingPodsItControlsOrCanAdopt) {
  auto p = running_pod();
  EXPECT_TRUE(claimed(p));
  p.controlled = false;  // an orphan is adopted unless it is terminating
  EXPECT_TRUE(claimed(p));
  p.terminating = true;
  EXPECT_FALSE(claimed(p));
  p.controlled = true;  // the set's own terminating pod stays listed
  EXPECT_TRUE(claimed(p));
  p.unlabeled = true;  // released, whatever else holds
  EXPECT_FALSE(claimed(p));
  p.exists = false;
  p.unlabeled = false;
  EXPECT_FALSE(claimed(p));
}

TEST(WorldRules, SpecEditsMoveTheGenerationExactlyWhenTheSpecChanges) {
  const auto m = testing::example_model("orders");
  FlatState<Concrete> s(d, Shape{});
  set_to_flat(model::initial_state(m.config()).api.set, s);
  ASSERT_FALSE(s.has_start);
  const auto edit = [&](std::int64_t kind, std::int64_t a, std::int64_t b) {
    FlatState<Concrete> n = s;
    edit_effect(d, m.config(), kind, s, n, true, a, b);
    return n;
  };
  EXPECT_EQ(edit(kind_of<Scale>, s.replicas, 0).generation, s.generation);
  EXPECT_EQ(edit(kind_of<Scale>, s.replicas + 1, 0).generation, s.generation + 1);
  // Setting start ordinal 0 where none was set changes the spec (and the generation), though the
  // controller reads both as 0: the checking model does not try it.
  const auto start0 = edit(kind_of<SetStartOrdinal>, 1, 0);
  EXPECT_TRUE(start0.has_start);
  EXPECT_EQ(start0.generation, s.generation + 1);
  EXPECT_FALSE(edit_enabled(d, m.config(), kind_of<SetStartOrdinal>, s, 1, 0));
  EXPECT_TRUE(edit_enabled(d, m.config(), kind_of<SetStartOrdinal>, s, 1, 1));
  // The same strategy type: nothing changes.
  const auto same = edit(kind_of<SetUpdateStrategy>, s.strategy_type, 0);
  EXPECT_EQ(same.generation, s.generation);
  EXPECT_EQ(same.partition, s.partition);
}

TEST(WorldRules, ANewStrategyTypeIsDefaultedAsTheApiServerDoes) {
  const auto m = testing::example_model("orders");
  FlatState<Concrete> s(d, Shape{});
  set_to_flat(model::initial_state(m.config()).api.set, s);
  ASSERT_EQ(s.strategy_type, kRolling);
  const auto kOnDelete = static_cast<std::int64_t>(spec::UpdateStrategyType::kOnDelete);
  ASSERT_EQ(s.partition, 1);  // orders.yaml keeps ordinal 0 on the old revision
  FlatState<Concrete> on_delete = s;
  edit_effect(d, m.config(), kind_of<SetUpdateStrategy>, s, on_delete, true, kOnDelete, 0);
  EXPECT_EQ(on_delete.generation, s.generation + 1);
  EXPECT_NE(on_delete.strategy_type, kRolling);
  EXPECT_FALSE(on_delete.has_partition);
  EXPECT_FALSE(on_delete.has_max_unavailable);
  // Partition and maxUnavailable edits need RollingUpdate.
  EXPECT_FALSE(edit_enabled(d, m.config(), kind_of<SetPartition>, on_delete, 1, 0));
  FlatState<Concrete> back = on_delete;
  edit_effect(d, m.config(), kind_of<SetUpdateStrategy>, on_delete, back, true, kRolling, 0);
  EXPECT_TRUE(back.has_partition);
  EXPECT_EQ(back.partition, 0);
  EXPECT_EQ(back.has_max_unavailable, m.config().controller.gates.MaxUnavailableStatefulSet);
}

}  // namespace
}  // namespace stsmc::model::rules::world
