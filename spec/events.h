#pragma once
// The controller's observable outputs besides API writes: Kubernetes events (as upstream records
// them in stateful_pod_control.go and stateful_set_control.go) and the API errors a sync returns.
#include <cstdint>
#include <string>
#include <vector>

#include "spec/controller_config.h"
#include "spec/objects.h"

namespace stsmc::spec {

enum class EventKind : std::uint8_t {
  kCreatePod, kCreateClaim, kDeletePod, kUpdatePod,
  kRecreatingFailedPod, kRecreatingTerminatedPod,
  kFailedCreatePod, kFailedCreateClaim, kFailedDeletePod, kFailedUpdatePod,
};

/// One recorded event; `claim_template` is used by claim events only.
struct Event {
  EventKind kind;
  Ordinal pod;
  std::uint8_t claim_template = 0;
  friend bool operator==(const Event&, const Event&) = default;
};

enum class ApiErrorKind : std::uint8_t {
  kPodAlreadyExists,  ///< pods "<pod>" already exists
  kPodNotFound,       ///< pods "<pod>" not found
  kClaimTerminating,  ///< pvc <claim> is being deleted
};

/// An error a write returned; the sync stops where upstream stops on it.
struct ApiError {
  ApiErrorKind kind;
  Ordinal pod;
  std::uint8_t claim_template = 0;
  friend bool operator==(const ApiError&, const ApiError&) = default;
};

/// What one sync produced besides its writes.
struct SyncResult {
  std::vector<Event> events;
  std::vector<ApiError> errors;
  /// The status write happened (inconsistentStatus held).
  bool wrote_status = false;
};

/// "Normal" or "Warning".
std::string event_type(EventKind kind);
/// Upstream's reason, e.g. "SuccessfulCreate".
std::string event_reason(EventKind kind);
/// Upstream's message template filled in, e.g. "create Pod web-0 in StatefulSet web successful".
std::string event_message(const ControllerConfig& cfg, const Event& e);
/// Go's rendering of the error, e.g. `pods "web-0" already exists`.
std::string error_message(const ControllerConfig& cfg, const ApiError& e);

}  // namespace stsmc::spec
