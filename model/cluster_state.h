#pragma once
// ClusterState: the whole closed world at one instant — the API objects (spec::ApiState), the
// environment's remaining budgets of user and fault actions, and the controller's informer
// caches while they lag (the stale-reads fault).
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/reflect.h"
#include "spec/events.h"
#include "spec/objects.h"

namespace stsmc::model {

/// How many more actions of each bounded kind the environment may take. Unbounded kinds
/// (controller, kubelet progress, GC) need no budget: the state space stays finite without one.
struct Budgets {
  BOOST_HANA_DEFINE_STRUCT(Budgets, (std::uint8_t, scale), (std::uint8_t, update_template),
                           (std::uint8_t, set_partition), (std::uint8_t, set_max_unavailable),
                           (std::uint8_t, set_update_strategy), (std::uint8_t, set_retention_policy),
                           (std::uint8_t, set_start_ordinal), (std::uint8_t, delete_pod),
                           (std::uint8_t, delete_statefulset), (std::uint8_t, pod_failed),
                           (std::uint8_t, pod_succeeded), (std::uint8_t, pod_unready),
                           (std::uint8_t, node_lost), (std::uint8_t, write_error),
                           (std::uint8_t, informer_lag), (std::uint8_t, delete_pvc),
                           (std::uint8_t, orphan_pod), (std::uint8_t, label_pod),
                           (std::uint8_t, orphan_pvc), (std::uint8_t, partial_sync),
                           (std::uint8_t, controller_restart));
  /// Added after traces were stored: at zero they are not in a trace's JSON or fingerprint
  /// (core/reflect.h), so traces without faults read and replay as before.
  static constexpr std::array<std::string_view, 8> kAddedFields{"write_error", "informer_lag", "delete_pvc",
                                                                "orphan_pod", "label_pod", "orphan_pvc",
                                                                "partial_sync", "controller_restart"};
  friend bool operator==(const Budgets&, const Budgets&) = default;
};

/// The controller's informer caches while they lag the API server (the stale-reads fault,
/// docs/faults.md). Per kind of object its lister serves, the versions of that kind's objects
/// the informer has not delivered yet, oldest first: the lister serves the first. Empty: the
/// lister is up to date and sees every write at once (the model without this fault). Watch
/// events arrive in order and are never lost, so a lister only moves forward.
struct Caches {
  BOOST_HANA_DEFINE_STRUCT(Caches, (std::vector<spec::InlineVector<spec::Pod, 4>>, pods),
                           (std::vector<spec::InlineVector<spec::Pvc, 8>>, claims),
                           (std::vector<spec::InlineVector<spec::Revision, 4>>, revisions),
                           (std::vector<spec::SetObject>, set));
  bool empty() const { return pods.empty() && claims.empty() && revisions.empty() && set.empty(); }
  friend bool operator==(const Caches&, const Caches&) = default;
};

/// A sync of the controller in flight (the partial-sync fault, docs/faults.md "Partial syncs"):
/// it has made `outcomes.size()` write attempts, which got those answers, and other actors may
/// act before it makes the next. A sync's writes follow from what it read when it started and
/// from the answers its writes got, so that is what is kept: the API state and the lister
/// versions it started from (`caches`: at most one version per kind, the one its lister
/// served), and the answers. Its next write is found by running the sync again from there with
/// those answers (model/partial_sync.h).
struct SyncInFlight {
  BOOST_HANA_DEFINE_STRUCT(SyncInFlight, (spec::ApiState, store), (Caches, caches),
                           (std::vector<spec::ApiCode>, outcomes));
  friend bool operator==(const SyncInFlight&, const SyncInFlight&) = default;
};

/// What the step into a state said about itself beyond the state it left: which classes of
/// write (spec::WriteClass) the API server rejected by its own rules during the sync that
/// produced it (model/rules/sync_detail.h, Sync::rejected). The *-accepted properties read it
/// instead of running that sync a second time (properties/accepted_writes.cpp).
///
/// Not part of the state: equal for every two states, in no key, packed form, trace or JSON.
/// It describes the step into one object, so a copy forgets it (a copied state is not the
/// result of that step) and only a move keeps it: apply_action sets it on the state it steps,
/// and the engines move their successors from there to the step properties.
struct StepNote {
  static constexpr std::uint8_t kUnknown = 0xff;
  /// A bit per spec::WriteClass; kUnknown when no sync's outcome is recorded on this object.
  std::uint8_t rejected = kUnknown;

  StepNote() = default;
  StepNote(const StepNote&) noexcept {}
  StepNote& operator=(const StepNote&) noexcept {
    rejected = kUnknown;
    return *this;
  }
  StepNote(StepNote&&) noexcept = default;
  StepNote& operator=(StepNote&&) noexcept = default;
  ~StepNote() = default;
  friend bool operator==(const StepNote&, const StepNote&) { return true; }
};

/// The state of the model.
struct ClusterState {
  BOOST_HANA_DEFINE_STRUCT(ClusterState, (spec::ApiState, api), (Budgets, budgets), (Caches, caches),
                           (std::optional<SyncInFlight>, in_flight));
  /// Added after traces were stored: while every lister is up to date the caches are not in a
  /// trace's JSON or fingerprint, nor is in_flight while no sync is.
  static constexpr std::array<std::string_view, 2> kAddedFields{"caches", "in_flight"};
  /// Outside the reflected fields: not state (see StepNote).
  StepNote step_note;
  friend bool operator==(const ClusterState&, const ClusterState&) = default;
};

}  // namespace stsmc::model
