#pragma once
// The controller's writes (upstream stateful_pod_control.go): creating and deleting pods,
// creating claims, and keeping the claims' owner references in line with the retention policy.
// Writes go to the API state at once; the controller reads its own writes to claims, while its
// view of pods stays the snapshot taken at the start of the sync.
#include <optional>

#include "spec/controller_config.h"
#include "spec/events.h"
#include "spec/objects.h"
#include "spec/stateful_set_utils.h"

namespace stsmc::spec {

/// Upstream's StatefulPodControl bound to one sync.
class PodControl {
 public:
  PodControl(const ControllerConfig& cfg, ApiState& store, SyncResult& out)
      : cfg_(cfg), store_(store), out_(out) {}

  /// CreateStatefulPod: missing claims first, then the pod, then the claims' owner refs.
  std::optional<ApiError> create_stateful_pod(const SetSpec& set, const PodView& pod);
  /// DeleteStatefulPod: a graceful delete with its event.
  std::optional<ApiError> delete_stateful_pod(const PodView& pod);
  /// UpdateStatefulPod: fix identity, storage and claim owner refs; event when something changed.
  std::optional<ApiError> update_stateful_pod(const SetSpec& set, const PodView& pod);
  /// createMissingPersistentVolumeClaims (for Pending pods), then the owner refs.
  std::optional<ApiError> create_missing_claims(const SetSpec& set, const PodView& pod);
  /// ClaimsMatchRetentionPolicy: every existing claim's owner refs match the policy.
  bool claims_match_retention_policy(const SetSpec& set, const PodView& pod) const;
  /// UpdatePodClaimForRetentionPolicy: rewrite the owner refs of claims that do not match.
  void update_claims_for_retention_policy(const SetSpec& set, const PodView& pod);
  /// PodClaimIsStale: under whenScaled=Delete, a claim still refers to an older pod of this name.
  bool pod_claim_is_stale(const SetSpec& set, const PodView& pod) const;

  /// API server delete semantics (also used by users and the GC): a terminating pod is left
  /// alone unless forced; forced, unbound or terminal pods go at once; others start terminating.
  static std::optional<ApiError> api_delete_pod(ApiState& store, Ordinal ordinal, bool force);

 private:
  std::optional<ApiError> create_claims(const SetSpec& set, const PodView& pod);
  bool claim_matches(const SetSpec& set, const Pvc& claim, const PodView& pod) const;
  bool update_claim_refs(const SetSpec& set, Pvc& claim, const PodView& pod) const;
  bool scaled_down(const SetSpec& set, Ordinal ordinal) const;

  const ControllerConfig& cfg_;
  ApiState& store_;
  SyncResult& out_;
};

}  // namespace stsmc::spec
