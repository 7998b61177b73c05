#pragma once
// The API objects the controller reads and writes, as plain reflected values: the StatefulSet
// object (mutable spec, status), its ControllerRevisions, Pods and PVCs. Object identity (UIDs)
// is an incarnation counter per name, so "the same PVC" is checkable.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>

#include <boost/container/flat_map.hpp>
#include <boost/container/small_vector.hpp>
#include <optional>
#include <utility>
#include <string_view>
#include <vector>

#include "spec/stateful_set.h"

namespace stsmc::spec {

/// Index into the model's table of pod templates. A ControllerRevision is named by a hash of its
/// template, so two revisions are the same object exactly when their templates are equal: the
/// template id is the revision's identity (its name) and the pods' controller-revision-hash.
using TemplateId = std::uint8_t;
using Ordinal = std::int32_t;

/// The containers of a state hold their first few elements inline: the explorer copies a state
/// for every successor, and a copy of vectors costs an allocation per vector (one per claim for
/// its owner references). The inline sizes cover the bundled examples' bounds (up to 4 pods,
/// 2 claim templates); larger states spill to the heap and work the same.
template <class T, std::size_t N>
using InlineVector = boost::container::small_vector<T, N>;
template <class K, class V, std::size_t N>
using InlineFlatMap = boost::container::flat_map<K, V, std::less<K>, InlineVector<std::pair<K, V>, N>>;

/// Removes the elements `pred` holds for (std::erase_if for the inline containers); returns
/// how many.
template <class Container, class Pred>
std::size_t erase_if(Container& c, Pred pred) {
  const auto it = std::remove_if(c.begin(), c.end(), pred);
  const auto n = static_cast<std::size_t>(c.end() - it);
  c.erase(it, c.end());
  return n;
}

/// The set's UID incarnation (a set is created once per run).
inline constexpr std::uint32_t kSetUid = 1;

enum class PodPhase : std::uint8_t { kPending, kRunning, kSucceeded, kFailed };
constexpr std::array<std::string_view, 4> enum_names(PodPhase) {
  return {"Pending", "Running", "Succeeded", "Failed"};
}

enum class OwnerKind : std::uint8_t { kStatefulSet, kPod };
constexpr std::array<std::string_view, 2> enum_names(OwnerKind) { return {"StatefulSet", "Pod"}; }

/// A metadata.ownerReferences entry on a PVC. `ordinal` names the pod (unused for the set);
/// `uid` is the owner's incarnation, 0 for the empty UID of an object never stored (upstream
/// stamps refs from its placeholder pod in some paths).
struct OwnerRef {
  BOOST_HANA_DEFINE_STRUCT(OwnerRef, (OwnerKind, kind), (Ordinal, ordinal), (std::uint32_t, uid));
  friend bool operator==(const OwnerRef&, const OwnerRef&) = default;
};

/// A Pod of the set. `uid` counts the pods created under this name (1 for the first).
struct Pod {
  BOOST_HANA_DEFINE_STRUCT(Pod, (Ordinal, ordinal), (std::uint32_t, uid), (PodPhase, phase),
                           (bool, ready),
                           /// Seconds the Ready condition has been True (saturating).
                           (std::uint32_t, ready_seconds), (bool, terminating),
                           /// controller-revision-hash: the template it was created from.
                           (TemplateId, revision),
                           /// spec.nodeName is set.
                           (bool, node_bound),
                           /// Has its controller owner reference to the set (false once orphaned).
                           (bool, controlled),
                           /// Its node is gone: a termination never finishes unless forced.
                           (bool, node_lost),
                           /// The ordinal its identity names: hostname, pod-name/pod-index labels and
                           /// claim names. Equal to `ordinal` unless a faulty controller wrote it.
                           (Ordinal, identity),
                           /// Its labels no longer match the set's selector (a user edited them):
                           /// the controller releases it and no longer lists it (ClaimPods).
                           (bool, unlabeled));
  /// Added after traces were stored: false is left out of a trace's JSON and fingerprint
  /// (core/reflect.h), so older traces read and replay as before.
  static constexpr std::array<std::string_view, 1> kAddedFields{"unlabeled"};
  friend bool operator==(const Pod&, const Pod&) = default;
};

/// A PersistentVolumeClaim `<template>-<set>-<ordinal>`.
struct Pvc {
  BOOST_HANA_DEFINE_STRUCT(Pvc, (std::uint8_t, claim_template), (Ordinal, ordinal),
                           (std::uint32_t, uid), (bool, bound), (bool, terminating),
                           (InlineVector<OwnerRef, 2>, owners));
  friend bool operator==(const Pvc&, const Pvc&) = default;
};

/// A ControllerRevision: its number and the template it stores.
struct Revision {
  BOOST_HANA_DEFINE_STRUCT(Revision, (std::int64_t, number), (TemplateId, pod_template));
  friend bool operator==(const Revision&, const Revision&) = default;
};

/// The spec fields a user can change after creation (the rest is fixed in the ControllerConfig).
struct SetSpec {
  BOOST_HANA_DEFINE_STRUCT(SetSpec, (std::int32_t, replicas), (TemplateId, pod_template),
                           (UpdateStrategy, update_strategy), (RetentionPolicy, retention_policy),
                           (std::optional<std::int32_t>, ordinals_start),
                           (std::int32_t, min_ready_seconds));
  friend bool operator==(const SetSpec&, const SetSpec&) = default;
  std::int32_t start() const { return ordinals_start.value_or(0); }
  /// The last ordinal of the range, in 64 bits (start + replicas - 1 may pass int32's range;
  /// model::Setup::check_ordinals keeps every ordinal the model creates within it).
  std::int64_t end() const { return std::int64_t{start()} + replicas - 1; }
  bool in_range(Ordinal o) const { return o >= start() && o <= end(); }
};

/// StatefulSetStatus. Revisions are template ids (a revision's name is its template's hash).
struct SetStatus {
  BOOST_HANA_DEFINE_STRUCT(SetStatus, (std::int64_t, observed_generation), (std::int32_t, replicas),
                           (std::int32_t, ready_replicas), (std::int32_t, current_replicas),
                           (std::int32_t, updated_replicas), (std::int32_t, available_replicas),
                           (std::optional<TemplateId>, current_revision),
                           (std::optional<TemplateId>, update_revision),
                           (std::optional<std::int32_t>, collision_count));
  friend bool operator==(const SetStatus&, const SetStatus&) = default;
};

/// The StatefulSet object. After deletion `exists` is false and the rest is zero.
struct SetObject {
  BOOST_HANA_DEFINE_STRUCT(SetObject, (bool, exists), (std::int64_t, generation), (SetSpec, spec),
                           (SetStatus, status));
  friend bool operator==(const SetObject&, const SetObject&) = default;
};

/// Everything stored in the API server that the controller can see: the world minus the
/// environment's own bookkeeping. Pods sorted by ordinal; PVCs by (claim template, ordinal);
/// revisions by number.
struct ApiState {
  BOOST_HANA_DEFINE_STRUCT(ApiState, (SetObject, set), (InlineVector<Pod, 4>, pods),
                           (InlineVector<Pvc, 8>, pvcs), (InlineVector<Revision, 4>, revisions),
                           /// Pods ever created per ordinal (the next pod's uid is this + 1).
                           (InlineFlatMap<Ordinal, std::uint32_t, 6>, pod_uids),
                           /// PVCs ever created per (claim template, ordinal).
                           (InlineFlatMap<std::pair<std::uint8_t, Ordinal>, std::uint32_t, 8>, pvc_uids));
  friend bool operator==(const ApiState&, const ApiState&) = default;

  const Pod* find_pod(Ordinal o) const;
  Pod* find_pod(Ordinal o);
  const Pvc* find_pvc(std::uint8_t claim_template, Ordinal o) const;
  Pvc* find_pvc(std::uint8_t claim_template, Ordinal o);
  /// The revision holding `t`, if any.
  const Revision* find_revision(TemplateId t) const;
  /// The owner a PVC's reference names exists now, with that UID (the garbage collector's test;
  /// the empty UID of a never-stored placeholder names nothing).
  bool owner_exists(const OwnerRef& r) const;
  /// Revision number of template `t` now (0 when no revision holds it).
  std::int64_t revision_number(std::optional<TemplateId> t) const;
};

}  // namespace stsmc::spec
