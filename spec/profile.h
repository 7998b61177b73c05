#pragma once
// Rule profiles: which upstream variant of each controller rule is in force. A Kubernetes
// release is a profile (`--kubernetes 1.28`), feature gates are part of it, and mutants (faulty
// controllers) flip the same switches, so releases and known bugs share one mechanism.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "core/reflect.h"

namespace stsmc::spec {

/// The feature gates that change the StatefulSet controller, spelled as Kubernetes spells them.
struct FeatureGates {
  BOOST_HANA_DEFINE_STRUCT(FeatureGates, (bool, MaxUnavailableStatefulSet),
                           (bool, StatefulSetAutoDeletePVC), (bool, StatefulSetStartOrdinal));
  friend bool operator==(const FeatureGates&, const FeatureGates&) = default;
};

/// Which predicate "healthy" means where the controller waits or counts unavailable pods.
enum class HealthRule : std::uint8_t {
  kRunningReady,  ///< isHealthy = Running ∧ Ready ∧ ¬terminating (≤ 1.32)
  kAvailable,     ///< ¬isUnavailable = Available ∧ ¬terminating (#130909, 1.33+)
};
constexpr std::array<std::string_view, 2> enum_names(HealthRule) { return {"running-ready", "available"}; }

/// The maxUnavailable rolling-update algorithm (updateStatefulSetAfterInvariantEstablished).
enum class MaxUnavailableRule : std::uint8_t {
  kStopAtLimit,    ///< return when unavailable >= maxUnavailable (1.28, 1.35)
  kStopAboveLimit, ///< return when unavailable > maxUnavailable (1.33, 1.34)
  kTwoPhase,       ///< 1.37 (#137666): Parallel deletes unavailable outdated pods first
};
constexpr std::array<std::string_view, 3> enum_names(MaxUnavailableRule) {
  return {"stop-at-limit", "stop-above-limit", "two-phase"};
}

/// How the controller treats a Failed or Succeeded replica.
enum class TerminalPodRule : std::uint8_t {
  kRecreateSameSync,  ///< delete (always, with its event) and create in the same sync (1.28)
  kRecreateNextSync,  ///< delete unless terminating; create on a later sync (1.33+)
};
constexpr std::array<std::string_view, 2> enum_names(TerminalPodRule) {
  return {"recreate-same-sync", "recreate-next-sync"};
}

/// A code point where a mutant replaces one controller rule with a faulty variant
/// (spec/mutants.cpp names them and says which property each should break).
enum class Fault : std::uint8_t {
  kNone,
  kCreateWithoutWaiting,      ///< OrderedReady creates without waiting for predecessors
  kCreateBeyondRange,         ///< creates one ordinal past the end of the range
  kScaleDownLowestFirst,      ///< condemned pods sorted ascending
  kScaleDownIgnoresTerminating,  ///< OrderedReady scale-down does not wait for terminating pods
  kScaleDownBeforeReplicasReady, ///< scale-down runs although a replica blocked Phase A
  kWrongIdentity,             ///< a new pod gets the identity (hostname, claims) of the next ordinal
  kPodRefInRange,             ///< whenScaled=Delete: pod owner refs also for in-range claims
  kSetRefUnderRetain,         ///< whenDeleted=Retain: a set owner ref is added anyway
  kIgnoreStaleClaims,         ///< PodClaimIsStale never waits
  kCreateIgnoresPartition,    ///< new pods always at the update revision
  kUpdateBelowPartition,      ///< the rolling update ignores the partition
  kOnDeleteRolls,             ///< OnDelete is not short-circuited
  kPromoteUnderOnDelete,      ///< completeRollingUpdate also under OnDelete
  kNoWaitOnUpdate,            ///< the legacy rolling update does not wait for updated pods
  kMaxUnavailableIgnored,     ///< the maxUnavailable update deletes every outdated pod at once
  kStatusCountsUnready,       ///< readyReplicas counts Running pods that are not Ready
  kStatusWrittenOnGeneration, ///< status written only when the generation moved
  kFailedNotRecreated,        ///< Failed replicas are left alone
  kScaleDownBeforeClaimRefs,  ///< Phase C (scale-down) runs before Phase B (condemned claims' owner refs)
  // Error handling (docs/faults.md; exposed by the write-error fault):
  kCreateErrorContinues,      ///< a failed pod create is swallowed: the replica loop goes on
  kScaleDownErrorContinues,   ///< a failed condemned delete is swallowed: scale-down goes on
  kUpdateDeleteErrorContinues,  ///< a failed rolling-update delete does not stop the update
  kClaimRefErrorIgnored,      ///< a failed condemned claim update does not stop Phase C
  kClaimErrorCreatesPod,      ///< a failed claim create does not stop the pod's create
  kNoAdoption,                ///< ClaimPods adopts no orphan
};

constexpr std::array<std::string_view, 26> enum_names(Fault) {
  return {"none", "create-without-waiting", "create-beyond-range", "scale-down-lowest-first",
          "scale-down-ignores-terminating", "scale-down-before-replicas-ready", "wrong-identity",
          "pod-ref-in-range", "set-ref-under-retain", "ignore-stale-claims", "create-ignores-partition",
          "update-below-partition", "ondelete-rolls", "promote-under-ondelete", "no-wait-on-update",
          "max-unavailable-ignored", "status-counts-unready", "status-written-on-generation",
          "failed-not-recreated", "scale-down-before-claim-refs", "create-error-continues",
          "scale-down-error-continues", "update-delete-error-continues", "claim-ref-error-ignored",
          "claim-error-creates-pod", "no-adoption"};
}

/// One switch per rule that differs between releases (or that a mutant breaks).
struct Rules {
  BOOST_HANA_DEFINE_STRUCT(Rules, (HealthRule, health), (MaxUnavailableRule, max_unavailable),
                           (TerminalPodRule, terminal_pods),
                           /// Succeeded pods are replaced like Failed ones (#121389).
                           (bool, recreate_succeeded),
                           /// "scaled down" for PVC ownership is ¬podInOrdinalRange rather than
                           /// ordinal >= replicas (which ignores ordinals.start).
                           (bool, scaled_down_uses_range),
                           /// completeRollingUpdate compares with spec.replicas (#120731).
                           (bool, complete_uses_spec_replicas),
                           /// A faulty rule (mutants only); kNone in every release profile.
                           (Fault, fault));
  friend bool operator==(const Rules&, const Rules&) = default;
};

/// A Kubernetes release: its rules and its default feature gates.
struct Profile {
  std::string version;
  std::string description;
  Rules rules;
  FeatureGates default_gates;
};

/// The release a run models unless told otherwise: the one the conformance traces were
/// recorded from. The only place the default is written.
inline constexpr std::string_view kDefaultRelease = "1.28";

/// Every known profile, oldest first.
const std::vector<Profile>& profiles();

/// The profile for a release ("1.28", "v1.28.7" and "1.28.7" all name 1.28).
Expected<Profile> find_profile(std::string_view version);

/// Applies "Name=true,Other=false" (as kube-controller-manager's --feature-gates) to `gates`.
Expected<void> apply_feature_gates(std::string_view text, FeatureGates& gates);

}  // namespace stsmc::spec
