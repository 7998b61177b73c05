#pragma once
// The Action variant: everything that can happen in the closed world, each with an actor, a
// name (Contract: these names appear in traces) and arguments.
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "core/json.h"
#include "spec/events.h"
#include "spec/objects.h"

namespace stsmc::model {

using spec::Ordinal;
using spec::TemplateId;

// controller
/// One sync of upstream updateStatefulSet, its writes applied in order.
struct Reconcile { friend bool operator==(const Reconcile&, const Reconcile&) = default; };
// scheduler and kubelet
/// The scheduler binds an unbound pod to a node (spec.nodeName).
struct PodAssigned { BOOST_HANA_DEFINE_STRUCT(PodAssigned, (Ordinal, pod)); friend bool operator==(const PodAssigned&, const PodAssigned&) = default; };
/// The kubelet starts the pod: Pending → Running (it is bound to a node by then).
struct PodScheduled { BOOST_HANA_DEFINE_STRUCT(PodScheduled, (Ordinal, pod)); friend bool operator==(const PodScheduled&, const PodScheduled&) = default; };
struct PodReady { BOOST_HANA_DEFINE_STRUCT(PodReady, (Ordinal, pod)); friend bool operator==(const PodReady&, const PodReady&) = default; };
struct PodUnready { BOOST_HANA_DEFINE_STRUCT(PodUnready, (Ordinal, pod)); friend bool operator==(const PodUnready&, const PodUnready&) = default; };
/// Time passes for a Ready pod: its Ready condition ages by `seconds` (minReadySeconds).
struct PodAvailable { BOOST_HANA_DEFINE_STRUCT(PodAvailable, (Ordinal, pod), (std::uint32_t, seconds)); friend bool operator==(const PodAvailable&, const PodAvailable&) = default; };
struct PodFailed { BOOST_HANA_DEFINE_STRUCT(PodFailed, (Ordinal, pod)); friend bool operator==(const PodFailed&, const PodFailed&) = default; };
struct PodSucceeded { BOOST_HANA_DEFINE_STRUCT(PodSucceeded, (Ordinal, pod)); friend bool operator==(const PodSucceeded&, const PodSucceeded&) = default; };
/// A terminating pod's grace period ends: the pod object is removed.
struct TerminationFinished { BOOST_HANA_DEFINE_STRUCT(TerminationFinished, (Ordinal, pod)); friend bool operator==(const TerminationFinished&, const TerminationFinished&) = default; };
// provisioner
struct PvcBound { BOOST_HANA_DEFINE_STRUCT(PvcBound, (std::uint8_t, claim_template), (Ordinal, ordinal)); friend bool operator==(const PvcBound&, const PvcBound&) = default; };
// garbage collector
enum class Dependent : std::uint8_t { kPod, kPvc };
constexpr std::array<std::string_view, 2> enum_names(Dependent) { return {"pod", "pvc"}; }
/// The GC processes one dependent: a pod whose set is gone, or a PVC with dead owner refs.
struct GcDelete { BOOST_HANA_DEFINE_STRUCT(GcDelete, (Dependent, kind), (Ordinal, ordinal), (std::uint8_t, claim_template)); friend bool operator==(const GcDelete&, const GcDelete&) = default; };
// user
struct Scale { BOOST_HANA_DEFINE_STRUCT(Scale, (std::int32_t, replicas)); friend bool operator==(const Scale&, const Scale&) = default; };
/// Switch spec.template to template `pod_template` (a new revision, or back to an old one).
struct UpdateTemplate { BOOST_HANA_DEFINE_STRUCT(UpdateTemplate, (TemplateId, pod_template)); friend bool operator==(const UpdateTemplate&, const UpdateTemplate&) = default; };
struct SetPartition { BOOST_HANA_DEFINE_STRUCT(SetPartition, (std::int32_t, partition)); friend bool operator==(const SetPartition&, const SetPartition&) = default; };
struct SetMaxUnavailable { BOOST_HANA_DEFINE_STRUCT(SetMaxUnavailable, (spec::IntOrPercent, max_unavailable)); friend bool operator==(const SetMaxUnavailable&, const SetMaxUnavailable&) = default; };
struct SetUpdateStrategy { BOOST_HANA_DEFINE_STRUCT(SetUpdateStrategy, (spec::UpdateStrategyType, type)); friend bool operator==(const SetUpdateStrategy&, const SetUpdateStrategy&) = default; };
struct SetRetentionPolicy { BOOST_HANA_DEFINE_STRUCT(SetRetentionPolicy, (spec::RetentionPolicy, policy)); friend bool operator==(const SetRetentionPolicy&, const SetRetentionPolicy&) = default; };
struct SetStartOrdinal { BOOST_HANA_DEFINE_STRUCT(SetStartOrdinal, (std::optional<std::int32_t>, start)); friend bool operator==(const SetStartOrdinal&, const SetStartOrdinal&) = default; };
struct SetMinReadySeconds { BOOST_HANA_DEFINE_STRUCT(SetMinReadySeconds, (std::int32_t, seconds)); friend bool operator==(const SetMinReadySeconds&, const SetMinReadySeconds&) = default; };
struct DeletePod { BOOST_HANA_DEFINE_STRUCT(DeletePod, (Ordinal, pod), (bool, force)); friend bool operator==(const DeletePod&, const DeletePod&) = default; };
/// Delete the StatefulSet: background cascade, or orphan (dependents lose their refs to it).
struct DeleteStatefulSet { BOOST_HANA_DEFINE_STRUCT(DeleteStatefulSet, (bool, orphan)); friend bool operator==(const DeleteStatefulSet&, const DeleteStatefulSet&) = default; };
// faults
/// The pod's node is lost: eviction marks it terminating and it stays so (no kubelet to finish it).
struct NodeLost { BOOST_HANA_DEFINE_STRUCT(NodeLost, (Ordinal, pod)); friend bool operator==(const NodeLost&, const NodeLost&) = default; };
/// One sync of the controller (as Reconcile) in which write attempt number `attempt` (from 1, in
/// the order the controller makes them) gets `error` back from the API server: InternalError (a
/// server error or a timeout before the write reached the store) on any write, Conflict (another
/// writer changed the object first) on an update. Every other attempt gets what the store answers.
/// The controller handles the error as upstream 1.28 does (docs/faults.md).
struct WriteError { BOOST_HANA_DEFINE_STRUCT(WriteError, (std::uint8_t, attempt), (spec::ApiCode, error)); friend bool operator==(const WriteError&, const WriteError&) = default; };
/// The kinds of object the controller reads through a lister (informer cache); the names are
/// FORMAT-faults.md's `staleView` keys.
enum class ListerKind : std::uint8_t { kPods, kClaims, kRevisions, kSet };
constexpr std::array<std::string_view, 4> enum_names(ListerKind) {
  return {"pods", "persistentvolumeclaims", "controllerrevisions", "statefulsets"};
}
/// Every lister kind, in enum order.
inline constexpr std::array<ListerKind, 4> kListerKinds = {ListerKind::kPods, ListerKind::kClaims,
                                                           ListerKind::kRevisions, ListerKind::kSet};
/// The informer of `kind` stops delivering watch events: its lister keeps serving what it has
/// while the API server moves on, up to Bounds::cache_lag writes behind (model::Caches).
struct InformerLag { BOOST_HANA_DEFINE_STRUCT(InformerLag, (ListerKind, kind)); friend bool operator==(const InformerLag&, const InformerLag&) = default; };
// informers
/// A lagging informer delivers its oldest pending version: the lister moves one write forward
/// (and is up to date again once it has caught up with the API server).
struct InformerSync { BOOST_HANA_DEFINE_STRUCT(InformerSync, (ListerKind, kind)); friend bool operator==(const InformerSync&, const InformerSync&) = default; };

// user (appended after the others: kinds are variant indices)
/// The user deletes a claim (kubectl delete pvc): the API server marks it deleted; it goes at
/// once, or stays terminating while PVC protection holds it (a pod scheduled with it exists:
/// pkg/controller/volume/pvcprotection), until the garbage collector's claim step lets it go.
struct DeletePvc { BOOST_HANA_DEFINE_STRUCT(DeletePvc, (std::uint8_t, claim_template), (Ordinal, ordinal)); friend bool operator==(const DeletePvc&, const DeletePvc&) = default; };

/// The user removes the pod's owner references (kubectl patch): it has no controller. The set's
/// controller adopts it again while its labels match the selector and it is not terminating
/// (ClaimPods: pkg/controller/controller_ref_manager.go).
struct OrphanPod { BOOST_HANA_DEFINE_STRUCT(OrphanPod, (Ordinal, pod)); friend bool operator==(const OrphanPod&, const OrphanPod&) = default; };
/// The user edits the pod's labels (kubectl label): they match the set's selector again
/// (`matching`), or no longer do; the controller then releases the pod it owns (ClaimPods)
/// and no longer lists it.
struct LabelPod { BOOST_HANA_DEFINE_STRUCT(LabelPod, (Ordinal, pod), (bool, matching)); friend bool operator==(const LabelPod&, const LabelPod&) = default; };
/// The user removes a claim's owner references (kubectl patch pvc): neither the set nor a pod
/// owns it any more, so the garbage collector keeps it. The controller gives it back the
/// references its retention policy asks for when it next processes the claim's pod
/// (ClaimsMatchRetentionPolicy, UpdatePodClaimForRetentionPolicy).
struct OrphanPvc { BOOST_HANA_DEFINE_STRUCT(OrphanPvc, (std::uint8_t, claim_template), (Ordinal, ordinal)); friend bool operator==(const OrphanPvc&, const OrphanPvc&) = default; };

// faults (appended)
/// The controller starts a sync that other actors may interleave with: it makes the sync's first
/// write attempt and stops there, the sync in flight (ClusterState::in_flight); each Reconcile
/// then makes its next attempt, against the API server as it is by then, until the sync ends.
/// What the sync writes follows from what it read when it started and from the answers its
/// writes got, as upstream's sync runs on its listers and its own copies (docs/faults.md,
/// "Partial syncs").
struct PartialSync { friend bool operator==(const PartialSync&, const PartialSync&) = default; };
/// The controller restarts: a sync in flight is abandoned after the writes it made (the sync
/// "ends after any write" of a partial sync), and its informers re-list, so every lister is up
/// to date. The 1.28 controller keeps nothing else between syncs (recorded f12).
struct ControllerRestart { friend bool operator==(const ControllerRestart&, const ControllerRestart&) = default; };

using Action = std::variant<Reconcile, PodAssigned, PodScheduled, PodReady, PodUnready, PodAvailable,
                            PodFailed, PodSucceeded, TerminationFinished, PvcBound, GcDelete, Scale,
                            UpdateTemplate, SetPartition, SetMaxUnavailable, SetUpdateStrategy,
                            SetRetentionPolicy, SetStartOrdinal, SetMinReadySeconds, DeletePod,
                            DeleteStatefulSet, NodeLost, WriteError, InformerLag, InformerSync, DeletePvc,
                            OrphanPod, LabelPod, OrphanPvc, PartialSync, ControllerRestart>;

enum class Actor : std::uint8_t { kInit, kController, kKubelet, kProvisioner, kGc, kUser, kFault, kInformer };
constexpr std::array<std::string_view, 8> enum_names(Actor) {
  return {"init", "controller", "kubelet", "provisioner", "gc", "user", "fault", "informer"};
}

/// True for a step of the controller's sync: Reconcile, WriteError (a sync in which a write
/// failed) and PartialSync (the first write of a sync in flight). The step properties about
/// what a sync does hold for each.
inline bool is_sync(const Action& a) {
  return std::holds_alternative<Reconcile>(a) || std::holds_alternative<WriteError>(a) ||
         std::holds_alternative<PartialSync>(a);
}

/// Who performs `a`.
Actor actor_of(const Action& a);
/// The action's name in traces, e.g. "delete-pod" (a view of a string literal: null-terminated).
std::string_view name_of(const Action& a);
/// {"actor": ..., "name": ..., "args": {...}}.
Json action_to_json(const Action& a);
/// Inverse of action_to_json; errors name the field.
Expected<Action> action_from_json(const Json& j);
/// Every action name, in variant order (for coverage reports).
std::vector<std::string> all_action_names();
/// One line for people: "user delete-pod pod=1 force=false".
std::string describe(const Action& a);

}  // namespace stsmc::model
