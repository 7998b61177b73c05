#pragma once
// The controller's observable outputs besides API writes: Kubernetes events (as upstream records
// them in stateful_pod_control.go and stateful_set_control.go) and the API errors a sync returns.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
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
  kWriteFailed,       ///< an API write returned ApiError::code (write-error faults, stale views)
};

/// The API writes the controller makes (upstream's client calls; FORMAT-faults.md's `writes`).
enum class Verb : std::uint8_t { kCreate, kUpdate, kDelete, kUpdateStatus };
enum class Resource : std::uint8_t { kPods, kClaims, kStatefulSets, kRevisions };
/// The error an API write can get back (none: it succeeded).
enum class ApiCode : std::uint8_t { kNone, kAlreadyExists, kConflict, kNotFound, kInternal, kInvalid };
/// The API's reason names (metav1.StatusReason), as traces store them.
constexpr std::array<std::string_view, 6> enum_names(ApiCode) {
  return {"None", "AlreadyExists", "Conflict", "NotFound", "InternalError", "Invalid"};
}

/// One write attempt: on the pod or claim of `pod` (`claim_template` for claims), on the
/// revision of template `revision`, or on the set's status.
struct WriteAttempt {
  Verb verb;
  Resource resource;
  Ordinal pod = 0;
  std::uint8_t claim_template = 0;
  TemplateId revision = 0;
  ApiCode error = ApiCode::kNone;
  bool injected = false;  ///< the failure came from WriteFaults, not from the store's semantics
  friend bool operator==(const WriteAttempt&, const WriteAttempt&) = default;
};

/// Chooses the error of each write attempt of a sync, in the order the controller makes them
/// (conformance's `failWrites`). The write that gets an error has no effect on the store.
class WriteFaults {
 public:
  virtual ~WriteFaults() = default;
  /// The error injected into `attempt` (its `error` and `injected` are not set yet).
  virtual ApiCode on_attempt(const WriteAttempt& attempt) = 0;
  /// True when on_attempt's answers are the store's own, in place of what the sync's store says
  /// about the object's existence and UID (a partial sync, model/partial_sync.h: its store is
  /// the controller's picture, the API server is elsewhere). Content checks (a status's
  /// validation) still apply; the answer counts as the store's, not as injected.
  virtual bool answers() const { return false; }
  /// True while the attempts so far were all made in earlier steps (a partial sync's replay of
  /// its own past): their events and write attempts are not logged again.
  virtual bool replaying() const { return false; }
};

std::string_view verb_name(Verb v);          ///< "create", ..., "updateStatus"
std::string_view resource_name(Resource r);  ///< "pods", "persistentvolumeclaims", ...
std::string_view api_code_name(ApiCode c);   ///< "AlreadyExists", ...

/// An error a write returned; the sync stops where upstream stops on it.
struct ApiError {
  ApiErrorKind kind;
  Ordinal pod;
  std::uint8_t claim_template = 0;
  /// kWriteFailed: the write and the error it got.
  Verb verb = Verb::kCreate;
  Resource resource = Resource::kPods;
  ApiCode code = ApiCode::kNone;
  friend bool operator==(const ApiError&, const ApiError&) = default;
};

/// The writes the *-accepted properties judge, by what an error of the sync was about: creates
/// and updates of objects, deletes, the status write.
enum class WriteClass : std::uint8_t { kCreates, kDeletes, kStatus };
inline constexpr std::size_t kWriteClasses = 3;
constexpr WriteClass write_class(Verb v) {
  return v == Verb::kUpdateStatus ? WriteClass::kStatus : v == Verb::kDelete ? WriteClass::kDeletes : WriteClass::kCreates;
}
/// The class of a write that failed with an error of its own kind (kWriteFailed's class is its
/// verb's: the overload below).
constexpr WriteClass write_class(ApiErrorKind k) {
  return k == ApiErrorKind::kPodNotFound ? WriteClass::kDeletes : WriteClass::kCreates;
}
constexpr WriteClass write_class(const ApiError& e) {
  return e.kind == ApiErrorKind::kWriteFailed ? write_class(e.verb) : write_class(e.kind);
}

/// What one sync produced besides its writes.
struct SyncResult {
  std::vector<Event> events;
  std::vector<ApiError> errors;
  /// The status write happened (inconsistentStatus held); it may still have failed.
  bool wrote_status = false;
  /// Every write attempt, in the order the controller made it.
  std::vector<WriteAttempt> writes;
  /// Which of `errors` the API server gave by its own rules to a write the controller should not
  /// have made (the *-accepted properties judge these): indices into `errors`. Not a failure the
  /// world injected, nor a create of a name that a pod outside the set holds (the controller does
  /// not list that pod). model/rules/sync_detail.h decides, over every domain.
  std::vector<std::size_t> rejected;
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
