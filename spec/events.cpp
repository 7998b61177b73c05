// Event and error texts, as upstream formats them (fixed templates, compared whole by conformance).
#include "spec/events.h"

namespace stsmc::spec {

std::string event_type(EventKind kind) {
  switch (kind) {
    case EventKind::kCreatePod: case EventKind::kCreateClaim: case EventKind::kDeletePod:
    case EventKind::kUpdatePod: case EventKind::kRecreatingTerminatedPod:
      return "Normal";
    default:
      return "Warning";
  }
}

std::string event_reason(EventKind kind) {
  switch (kind) {
    case EventKind::kCreatePod: case EventKind::kCreateClaim: return "SuccessfulCreate";
    case EventKind::kDeletePod: return "SuccessfulDelete";
    case EventKind::kUpdatePod: return "SuccessfulUpdate";
    case EventKind::kRecreatingFailedPod: return "RecreatingFailedPod";
    case EventKind::kRecreatingTerminatedPod: return "RecreatingTerminatedPod";
    case EventKind::kFailedCreatePod: case EventKind::kFailedCreateClaim: return "FailedCreate";
    case EventKind::kFailedDeletePod: return "FailedDelete";
    case EventKind::kFailedUpdatePod: return "FailedUpdate";
  }
  return "?";
}

std::string event_message(const ControllerConfig& cfg, const Event& e) {
  const std::string pod = cfg.pod_name(e.pod);
  const std::string& set = cfg.set_name;
  switch (e.kind) {
    case EventKind::kCreatePod: return "create Pod " + pod + " in StatefulSet " + set + " successful";
    case EventKind::kCreateClaim:
      return "create Claim " + cfg.claim_name(e.claim_template, e.pod) + " Pod " + pod +
             " in StatefulSet " + set + " success";
    case EventKind::kDeletePod: return "delete Pod " + pod + " in StatefulSet " + set + " successful";
    case EventKind::kUpdatePod: return "update Pod " + pod + " in StatefulSet " + set + " successful";
    case EventKind::kRecreatingFailedPod:
      return "StatefulSet " + cfg.namespace_ + "/" + set + " is recreating failed Pod " + pod;
    case EventKind::kRecreatingTerminatedPod:
      return "StatefulSet " + cfg.namespace_ + "/" + set + " is recreating terminated Pod " + pod;
    case EventKind::kFailedCreatePod: return "create Pod " + pod + " in StatefulSet " + set + " failed";
    case EventKind::kFailedCreateClaim:
      return "create Claim " + cfg.claim_name(e.claim_template, e.pod) + " for Pod " + pod +
             " in StatefulSet " + set + " failed";
    case EventKind::kFailedDeletePod: return "delete Pod " + pod + " in StatefulSet " + set + " failed";
    case EventKind::kFailedUpdatePod: return "update Pod " + pod + " in StatefulSet " + set + " failed";
  }
  return "?";
}

std::string error_message(const ControllerConfig& cfg, const ApiError& e) {
  switch (e.kind) {
    case ApiErrorKind::kPodAlreadyExists: return "pods \"" + cfg.pod_name(e.pod) + "\" already exists";
    case ApiErrorKind::kPodNotFound: return "pods \"" + cfg.pod_name(e.pod) + "\" not found";
    case ApiErrorKind::kClaimTerminating: return "pvc " + cfg.claim_name(e.claim_template, e.pod) + " is being deleted";
    case ApiErrorKind::kWriteFailed: {
      std::string object;
      switch (e.resource) {
        case Resource::kPods: object = "pods \"" + cfg.pod_name(e.pod) + "\""; break;
        case Resource::kClaims: object = "persistentvolumeclaims \"" + cfg.claim_name(e.claim_template, e.pod) + "\""; break;
        case Resource::kStatefulSets: object = "statefulsets.apps \"" + cfg.set_name + "\""; break;
        case Resource::kRevisions: object = "controllerrevisions.apps"; break;
      }
      return std::string(verb_name(e.verb)) + " " + object + ": " + std::string(api_code_name(e.code));
    }
  }
  return "?";
}

std::string_view verb_name(Verb v) {
  switch (v) {
    case Verb::kCreate: return "create";
    case Verb::kUpdate: return "update";
    case Verb::kDelete: return "delete";
    case Verb::kUpdateStatus: return "updateStatus";
  }
  return "?";
}

std::string_view resource_name(Resource r) {
  switch (r) {
    case Resource::kPods: return "pods";
    case Resource::kClaims: return "persistentvolumeclaims";
    case Resource::kStatefulSets: return "statefulsets";
    case Resource::kRevisions: return "controllerrevisions";
  }
  return "?";
}

std::string_view api_code_name(ApiCode c) {
  switch (c) {
    case ApiCode::kNone: return "";
    case ApiCode::kAlreadyExists: return "AlreadyExists";
    case ApiCode::kConflict: return "Conflict";
    case ApiCode::kNotFound: return "NotFound";
    case ApiCode::kInternal: return "InternalError";
    case ApiCode::kInvalid: return "Invalid";
  }
  return "?";
}

}  // namespace stsmc::spec
