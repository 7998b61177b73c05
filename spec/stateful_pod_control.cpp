// Writes of one sync (upstream stateful_pod_control.go and the owner-ref helpers of
// stateful_set_utils.go: hasOwnerRef, setOwnerRef, removeOwnerRef, claimOwnerMatchesSetAndPod,
// updateClaimOwnerRefForSetAndPod), 1.28 semantics: plain refs matched by UID.
#include "spec/stateful_pod_control.h"

#include <algorithm>

namespace stsmc::spec {
namespace {

// hasOwnerRef(target, owner): some ref carries the owner's UID. UIDs are unique per object; the
// empty UID (0) of a never-stored placeholder pod equals every other empty UID.
bool has_set_ref(const Pvc& c) {
  return std::any_of(c.owners.begin(), c.owners.end(),
                     [](const OwnerRef& r) { return r.kind == OwnerKind::kStatefulSet && r.uid == kSetUid; });
}
bool is_pod_uid(const OwnerRef& r, const Pod& p) {
  return r.kind == OwnerKind::kPod && r.uid == p.uid && (p.uid == 0 || r.ordinal == p.ordinal);
}
bool has_pod_ref(const Pvc& c, const Pod& p) {
  return std::any_of(c.owners.begin(), c.owners.end(), [&](const OwnerRef& r) { return is_pod_uid(r, p); });
}
// setOwnerRef: append unless present.
bool set_set_ref(Pvc& c) {
  if (has_set_ref(c)) return false;
  c.owners.push_back(OwnerRef{OwnerKind::kStatefulSet, 0, kSetUid});
  return true;
}
bool set_pod_ref(Pvc& c, const Pod& p) {
  if (has_pod_ref(c, p)) return false;
  c.owners.push_back(OwnerRef{OwnerKind::kPod, p.ordinal, p.uid});
  return true;
}
// removeOwnerRef: drop every ref with the owner's UID.
bool remove_set_ref(Pvc& c) {
  const auto n = c.owners.size();
  std::erase_if(c.owners, [](const OwnerRef& r) { return r.kind == OwnerKind::kStatefulSet && r.uid == kSetUid; });
  return c.owners.size() != n;
}
bool remove_pod_ref(Pvc& c, const Pod& p) {
  const auto n = c.owners.size();
  std::erase_if(c.owners, [&](const OwnerRef& r) { return is_pod_uid(r, p); });
  return c.owners.size() != n;
}

}  // namespace

bool PodControl::scaled_down(const SetSpec& set, Ordinal ordinal) const {
  if (cfg_.rules.fault == Fault::kPodRefInRange) return true;  // mutant
  // !podInOrdinalRange (1.28.7 already); the older getOrdinal(pod) >= replicas ignored ordinals.start.
  if (cfg_.rules.scaled_down_uses_range) return !set.in_range(ordinal);
  return ordinal >= set.replicas;
}

bool PodControl::claim_matches(const SetSpec& set, const Pvc& claim, const PodView& pod) const {
  // claimOwnerMatchesSetAndPod
  const auto& pol = set.retention_policy;
  const bool retain_scaled = pol.when_scaled == RetentionPolicyType::kRetain;
  const bool retain_deleted = pol.when_deleted == RetentionPolicyType::kRetain;
  const bool set_ref = has_set_ref(claim);
  const bool pod_ref = has_pod_ref(claim, pod.pod);
  if (retain_scaled && retain_deleted && cfg_.rules.fault == Fault::kSetRefUnderRetain) return set_ref && !pod_ref;
  if (retain_scaled && retain_deleted) return !set_ref && !pod_ref;
  if (retain_scaled) return set_ref && !pod_ref;
  const bool down = scaled_down(set, pod.pod.ordinal);
  if (retain_deleted) return !set_ref && down == pod_ref;
  return down != set_ref && down == pod_ref;
}

bool PodControl::update_claim_refs(const SetSpec& set, Pvc& claim, const PodView& pod) const {
  // updateClaimOwnerRefForSetAndPod
  const auto& pol = set.retention_policy;
  const bool retain_scaled = pol.when_scaled == RetentionPolicyType::kRetain;
  const bool retain_deleted = pol.when_deleted == RetentionPolicyType::kRetain;
  bool changed = false;
  if (retain_scaled && retain_deleted && cfg_.rules.fault == Fault::kSetRefUnderRetain) {
    changed = set_set_ref(claim) || changed;  // mutant
  } else if (retain_scaled && retain_deleted) {
    changed = remove_set_ref(claim) || changed;
    changed = remove_pod_ref(claim, pod.pod) || changed;
  } else if (retain_scaled) {
    changed = set_set_ref(claim) || changed;
    changed = remove_pod_ref(claim, pod.pod) || changed;
  } else if (retain_deleted) {
    changed = remove_set_ref(claim) || changed;
    if (scaled_down(set, pod.pod.ordinal)) changed = set_pod_ref(claim, pod.pod) || changed;
    else changed = remove_pod_ref(claim, pod.pod) || changed;
  } else if (scaled_down(set, pod.pod.ordinal)) {
    changed = remove_set_ref(claim) || changed;
    changed = set_pod_ref(claim, pod.pod) || changed;
  } else {
    changed = set_set_ref(claim) || changed;
    changed = remove_pod_ref(claim, pod.pod) || changed;
  }
  return changed;
}

bool PodControl::claims_match_retention_policy(const SetSpec& set, const PodView& pod) const {
  for (std::size_t t = 0; t < cfg_.claim_templates.size(); ++t) {
    const Pvc* c = store_.find_pvc(static_cast<std::uint8_t>(t), pod.pod.ordinal);
    if (c && !claim_matches(set, *c, pod)) return false;  // a missing claim is picked up later
  }
  return true;
}

void PodControl::update_claims_for_retention_policy(const SetSpec& set, const PodView& pod) {
  for (std::size_t t = 0; t < cfg_.claim_templates.size(); ++t) {
    Pvc* c = store_.find_pvc(static_cast<std::uint8_t>(t), pod.pod.ordinal);
    if (c && !claim_matches(set, *c, pod)) update_claim_refs(set, *c, pod);
  }
}

bool PodControl::pod_claim_is_stale(const SetSpec& set, const PodView& pod) const {
  if (set.retention_policy.when_scaled == RetentionPolicyType::kRetain) return false;
  if (cfg_.rules.fault == Fault::kIgnoreStaleClaims) return false;  // mutant
  for (std::size_t t = 0; t < cfg_.claim_templates.size(); ++t) {
    const Pvc* c = store_.find_pvc(static_cast<std::uint8_t>(t), pod.pod.ordinal);
    if (!c) continue;
    // hasStaleOwnerRef: a ref with the pod's name and another UID (the placeholder's is empty).
    for (const auto& r : c->owners)
      if (r.kind == OwnerKind::kPod && r.ordinal == pod.pod.ordinal && r.uid != pod.pod.uid) return true;
  }
  return false;
}

std::optional<ApiError> PodControl::create_claims(const SetSpec&, const PodView& pod) {
  // createPersistentVolumeClaims: create the missing ones; a terminating one is an error.
  std::optional<ApiError> err;
  for (std::size_t i = 0; i < cfg_.claim_templates.size(); ++i) {
    const auto t = static_cast<std::uint8_t>(i);
    const Ordinal o = pod.pod.ordinal;
    if (const Pvc* c = store_.find_pvc(t, o)) {
      if (c->terminating && !err) err = ApiError{ApiErrorKind::kClaimTerminating, o, t};
      continue;
    }
    Pvc c{t, o, ++store_.pvc_uids[{t, o}], cfg_.instant_binding, false, {}};
    auto at = std::lower_bound(store_.pvcs.begin(), store_.pvcs.end(), c, [](const Pvc& a, const Pvc& b) {
      return std::pair(a.claim_template, a.ordinal) < std::pair(b.claim_template, b.ordinal);
    });
    store_.pvcs.insert(at, c);
    out_.events.push_back(Event{EventKind::kCreateClaim, o, t});
  }
  return err;
}

std::optional<ApiError> PodControl::create_stateful_pod(const SetSpec& set, const PodView& pod) {
  if (auto err = create_claims(set, pod)) {
    out_.events.push_back(Event{EventKind::kFailedCreatePod, pod.pod.ordinal});
    return err;
  }
  const Ordinal o = pod.pod.ordinal;
  if (store_.find_pod(o)) return ApiError{ApiErrorKind::kPodAlreadyExists, o};  // no event
  Pod p = pod.pod;
  p.uid = ++store_.pod_uids[o];
  p.phase = PodPhase::kPending;
  p.ready = false;
  p.ready_seconds = 0;
  p.terminating = false;
  p.node_bound = cfg_.auto_schedule;
  p.controlled = true;
  p.node_lost = false;
  if (cfg_.rules.fault == Fault::kWrongIdentity) p.identity = o + 1;  // mutant
  auto at = std::lower_bound(store_.pods.begin(), store_.pods.end(), o,
                             [](const Pod& a, Ordinal b) { return a.ordinal < b; });
  store_.pods.insert(at, p);
  // Owner refs are stamped from the object the controller sent: the placeholder, UID empty.
  if (cfg_.gates.StatefulSetAutoDeletePVC) update_claims_for_retention_policy(set, pod);
  out_.events.push_back(Event{EventKind::kCreatePod, o});
  return std::nullopt;
}

std::optional<ApiError> PodControl::api_delete_pod(ApiState& store, Ordinal ordinal, bool force) {
  Pod* p = store.find_pod(ordinal);
  if (!p) return ApiError{ApiErrorKind::kPodNotFound, ordinal};
  if (p->terminating && !force) return std::nullopt;
  const bool terminal = p->phase == PodPhase::kFailed || p->phase == PodPhase::kSucceeded;
  if (force || !p->node_bound || terminal) {
    store.pods.erase(store.pods.begin() + (p - store.pods.data()));
  } else {
    p->terminating = true;
  }
  return std::nullopt;
}

std::optional<ApiError> PodControl::delete_stateful_pod(const PodView& pod) {
  auto err = api_delete_pod(store_, pod.pod.ordinal, false);
  out_.events.push_back(Event{err ? EventKind::kFailedDeletePod : EventKind::kDeletePod, pod.pod.ordinal});
  return err;
}

std::optional<ApiError> PodControl::update_stateful_pod(const SetSpec& set, const PodView& pod) {
  bool consistent = true;
  Pod fixed = pod.pod;
  if (fixed.identity != fixed.ordinal) {  // updateIdentity / updateStorage
    fixed.identity = fixed.ordinal;
    consistent = false;
    if (auto err = create_claims(set, pod)) {
      out_.events.push_back(Event{EventKind::kFailedUpdatePod, pod.pod.ordinal});
      return err;
    }
  }
  if (cfg_.gates.StatefulSetAutoDeletePVC && !claims_match_retention_policy(set, pod)) {
    update_claims_for_retention_policy(set, pod);
    consistent = false;
  }
  if (consistent) return std::nullopt;
  // The update keeps what an update cannot change (status, UID); here: the identity fields.
  if (Pod* stored = store_.find_pod(pod.pod.ordinal); stored && stored->uid == pod.pod.uid)
    stored->identity = fixed.identity;
  out_.events.push_back(Event{EventKind::kUpdatePod, pod.pod.ordinal});
  return std::nullopt;
}

std::optional<ApiError> PodControl::create_missing_claims(const SetSpec& set, const PodView& pod) {
  if (auto err = create_claims(set, pod)) return err;
  if (cfg_.gates.StatefulSetAutoDeletePVC) update_claims_for_retention_policy(set, pod);
  return std::nullopt;
}

}  // namespace stsmc::spec
