// The mutant catalogue (docs/mutants.md has the kill matrix).
#include "spec/mutants.h"

#include "core/enum_names.h"

namespace stsmc::spec {

Rules MutantInfo::apply(Rules rules) const {
  if (fault != Fault::kNone) rules.fault = fault;
  if (no_succeeded_recreation) rules.recreate_succeeded = false;
  if (complete_with_status_replicas) rules.complete_uses_spec_replicas = false;
  if (scaled_down_ignores_start) rules.scaled_down_uses_range = false;
  return rules;
}

namespace {

MutantInfo fault(const char* property, const char* upstream, Fault f, const char* description) {
  MutantInfo m;
  m.name = std::string(enum_name(f));
  m.property = property;
  m.upstream = upstream;
  m.description = description;
  m.fault = f;
  return m;
}

// A mutant that turns off a rule switch an upstream release fixed (shared with the profiles).
MutantInfo switched(const char* name, const char* property, const char* upstream, const char* description,
                    bool MutantInfo::*flag) {
  MutantInfo m;
  m.name = name;
  m.property = property;
  m.upstream = upstream;
  m.description = description;
  m.*flag = true;
  return m;
}

std::vector<MutantInfo> catalogue() {
  std::vector<MutantInfo> v = {
      fault("ordered-creation", "kubernetes#38418, #41889", Fault::kCreateWithoutWaiting,
            "OrderedReady creates the next pod without waiting for its predecessors to be Running and Ready"),
      fault("ordered-creation", "slip", Fault::kCreateBeyondRange,
            "the replica range is computed one too long, so ordinal start+replicas is created"),
      fault("reverse-deletion", "slip", Fault::kScaleDownLowestFirst,
            "condemned pods are sorted ascending, so scale-down deletes the lowest ordinal first"),
      fault("reverse-deletion", "kubernetes#36333", Fault::kScaleDownIgnoresTerminating,
            "OrderedReady scale-down does not wait for a terminating condemned pod before deleting the next"),
      fault("reverse-deletion", "kubernetes#57865", Fault::kScaleDownBeforeReplicasReady,
            "scale-down proceeds although a replica blocked Phase A (not Running and Ready)"),
      fault("identity-stability", "kubernetes#141094", Fault::kWrongIdentity,
            "a new pod is stamped with the identity (hostname, labels, claims) of the next ordinal"),
      fault("pvc-retention", "kubernetes#122400", Fault::kPodRefInRange,
            "under whenScaled=Delete every claim gets a pod owner reference, in range or not"),
      fault("pvc-retention", "kubernetes#142130", Fault::kSetRefUnderRetain,
            "under Retain/Retain the claims get an owner reference to the StatefulSet"),
      fault("convergence", "kubernetes#74374 (TestStaleOwnerRefOnScaleup)", Fault::kIgnoreStaleClaims,
            "scale-up does not wait for the GC to remove a claim still owned by the old pod"),
      fault("partition-semantics", "kubernetes#121534", Fault::kCreateIgnoresPartition,
            "new pods are always created at the update revision, partition or not"),
      fault("partition-semantics", "slip", Fault::kUpdateBelowPartition,
            "the rolling update ignores the partition and replaces every outdated pod"),
      fault("partition-semantics", "kubernetes#73492", Fault::kOnDeleteRolls,
            "OnDelete is not short-circuited: the controller rolls pods itself"),
      fault("partition-semantics", "kubernetes#73492", Fault::kPromoteUnderOnDelete,
            "completeRollingUpdate also fires under OnDelete"),
      fault("partition-semantics", "kubernetes#96218", Fault::kNoWaitOnUpdate,
            "the rolling update does not wait for an updated pod before replacing the next"),
      fault("partition-semantics", "kubernetes#112307", Fault::kMaxUnavailableIgnored,
            "with maxUnavailable the update deletes every outdated pod at once"),
      fault("status-accuracy", "kubernetes#121397", Fault::kStatusCountsUnready,
            "readyReplicas counts Running pods that are not Ready"),
      fault("status-accuracy", "slip", Fault::kStatusWrittenOnGeneration,
            "the status is written only when the generation moved (inconsistentStatus reduced)"),
      fault("convergence", "kubernetes#118310", Fault::kFailedNotRecreated,
            "Failed replicas are never deleted and replaced"),
  };
  v.push_back(switched("succeeded-not-recreated", "convergence",
                       "kubernetes#118310, fixed by #121389 (profile 1.27)",
                       "pods that ended Succeeded (node shutdown) are never replaced",
                       &MutantInfo::no_succeeded_recreation));
  v.push_back(switched("complete-with-status-replicas", "partition-semantics",
                       "kubernetes#119685, fixed by #120731 (profile 1.27)",
                       "completeRollingUpdate compares with status.replicas: deleting a pod below the partition "
                       "promotes currentRevision",
                       &MutantInfo::complete_with_status_replicas));
  v.push_back(switched("scaled-down-ignores-start", "pvc-retention",
                       "StatefulSetStartOrdinal with PVC auto-delete (ordinal >= replicas)",
                       "a claim counts as scaled down when its ordinal >= replicas, ignoring ordinals.start",
                       &MutantInfo::scaled_down_ignores_start));
  v.push_back(fault("pvc-retention", "slip (KEP-1847: Phase B before Phase C in updateStatefulSet)",
                    Fault::kScaleDownBeforeClaimRefs,
                    "scale-down deletes a condemned pod before its claims get the pod owner reference; under "
                    "OrderedReady it returns after the delete, so under whenScaled=Delete the claims leak"));
  // Error handling: killed only with write errors (check --faults write-errors).
  v.push_back(fault("ordered-creation", "slip", Fault::kCreateErrorContinues,
                    "a failed pod create is swallowed and OrderedReady goes on to create the next ordinal"));
  v.push_back(fault("reverse-deletion", "slip", Fault::kScaleDownErrorContinues,
                    "a failed delete of a condemned pod is swallowed and scale-down deletes the next lower one"));
  v.push_back(fault("reverse-deletion", "slip", Fault::kUpdateDeleteErrorContinues,
                    "a failed rolling-update delete does not stop the update: the next lower outdated pod is deleted"));
  v.push_back(fault("pvc-retention", "slip", Fault::kClaimRefErrorIgnored,
                    "a failed owner-ref update of a condemned pod's claim is ignored and the pod is deleted anyway"));
  v.push_back(fault("identity-stability", "slip", Fault::kClaimErrorCreatesPod,
                    "a failed claim create does not stop CreateStatefulPod: the pod is created without its claim"));
  // Adoption: killed only when a pod is orphaned (check --budget orphan-pod=1).
  v.push_back(fault("status-accuracy", "slip (ClaimPods, pkg/controller/controller_ref_manager.go)", Fault::kNoAdoption,
                    "ClaimPods adopts no orphan: a pod whose owner reference was removed is never adopted again, "
                    "so the controller neither counts nor manages it, and re-creating it gets AlreadyExists"));
  return v;
}

}  // namespace

const std::vector<MutantInfo>& mutants() {
  static const std::vector<MutantInfo> kMutants = catalogue();
  return kMutants;
}

Expected<MutantInfo> find_mutant(std::string_view name) {
  for (const auto& m : mutants())
    if (m.name == name) return m;
  return bad_input("--mutant: unknown mutant '" + std::string(name) + "' (see `stsmc mutants`)");
}

}  // namespace stsmc::spec
