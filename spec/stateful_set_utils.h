#pragma once
// Upstream's pod predicates (stateful_set_utils.go) over the controller's view of a replica slot:
// a stored pod, or a placeholder not yet created (phase "").
#include "spec/objects.h"
#include "spec/profile.h"

namespace stsmc::spec {

/// A replica slot as updateStatefulSet sees it: a pod from the sync's snapshot, or a placeholder
/// from newVersionedStatefulSetPod (created == false; uid 0, the empty UID).
struct PodView {
  Pod pod;
  bool created = true;
};

/// A placeholder pod for `ordinal` at template `revision` (newVersionedStatefulSetPod).
inline PodView placeholder(Ordinal ordinal, TemplateId revision) {
  Pod p{};
  p.ordinal = ordinal;
  p.revision = revision;
  p.identity = ordinal;
  return PodView{p, false};
}

inline bool is_created(const PodView& v) { return v.created; }
inline bool is_pending(const PodView& v) { return v.created && v.pod.phase == PodPhase::kPending; }
inline bool is_failed(const PodView& v) { return v.created && v.pod.phase == PodPhase::kFailed; }
inline bool is_succeeded(const PodView& v) { return v.created && v.pod.phase == PodPhase::kSucceeded; }
inline bool is_terminating(const PodView& v) { return v.created && v.pod.terminating; }
/// isRunningAndReady: phase Running and the Ready condition True.
inline bool is_running_and_ready(const PodView& v) {
  return v.created && v.pod.phase == PodPhase::kRunning && v.pod.ready;
}
/// podutil.IsPodAvailable: Ready, and Ready for minReadySeconds. The Ready transition lies a
/// fraction of a second further back than the seconds counted, so `>=` is upstream's strict `<`.
inline bool is_available(const Pod& p, std::int32_t min_ready_seconds) {
  return p.ready && (min_ready_seconds <= 0 ||
                     p.ready_seconds >= static_cast<std::uint32_t>(min_ready_seconds));
}
inline bool is_running_and_available(const PodView& v, std::int32_t min_ready_seconds) {
  return v.created && is_available(v.pod, min_ready_seconds);
}
/// The predicate the controller waits on: isHealthy (≤1.32) or ¬isUnavailable (#130909).
inline bool is_healthy(const PodView& v, const Rules& rules, std::int32_t min_ready_seconds) {
  if (rules.health == HealthRule::kRunningReady) return is_running_and_ready(v) && !is_terminating(v);
  return is_running_and_available(v, min_ready_seconds) && !is_terminating(v);
}

}  // namespace stsmc::spec
