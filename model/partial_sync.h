#pragma once
// The partial-sync fault (docs/faults.md, "Partial syncs"): a sync of the controller whose API
// writes are steps of their own, with other actors acting between them.
//
// Upstream's sync (StatefulSetController.sync → updateStatefulSet) reads its listers once, at
// its start (the set, its pods through ClaimPods, its revisions), and from then on acts on its
// own copies: what it writes next follows from what it read and from the answers its earlier
// writes got, not from what other actors did meanwhile. So a sync in flight is kept as what it
// started from and the answers so far (ClusterState::in_flight), and its next write is found by
// running the same sync (model::reconcile, the one rule source) again over that start, each
// earlier attempt answered as it was answered then. That run's store is the controller's
// picture: the state it started from with its own writes applied. The next attempt is answered
// by the API server as it is now (AlreadyExists, NotFound), and when it succeeds the object it
// writes is copied from the picture into the API state; the sync then stops before the attempt
// after it.
#include <optional>

#include "core/expected.h"
#include "model/cluster_state.h"
#include "model/statefulset_model.h"

namespace stsmc::model {

/// PartialSync: starts a sync in `s` and makes its first write attempt. Not applicable when a
/// sync is in flight already, or when the sync makes fewer than two attempts (it would be a
/// Reconcile). `log` receives the step's events and its one attempt. `first_fails`: that
/// attempt fails with this error instead, and the sync may end with it (a scenario's
/// fail-writes rule; the checking model starts none so).
Expected<void> start_partial_sync(const ModelConfig& cfg, ClusterState& s, StepLog* log,
                                  std::optional<spec::ApiCode> first_fails = std::nullopt);

/// Reconcile while a sync is in flight: its next write attempt; the sync leaves the state when
/// it makes no further one.
Expected<void> continue_partial_sync(const ModelConfig& cfg, ClusterState& s, StepLog* log);

/// WriteError{1, error} while a sync is in flight: its next write attempt fails with `error`
/// (an injected error, as a whole sync's WriteError), and the sync goes on as upstream does
/// after that error: it ends when upstream returns it, stays in flight when upstream retries
/// (a Conflict on an update) or goes on (Parallel's runForAll). Not applicable when `error`
/// cannot answer that attempt (injectable), unless `any_write` (a scenario's fail-writes rule,
/// which may give any error to any write, as the conformance format's failWrites does).
Expected<void> fail_next_write(const ModelConfig& cfg, ClusterState& s, StepLog* log, spec::ApiCode error,
                               bool any_write = false);

}  // namespace stsmc::model
