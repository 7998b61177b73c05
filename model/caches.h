#pragma once
// The controller's informer caches under the stale-reads fault (model::Caches, docs/faults.md):
// the state's lagging listers, kept by every step and read by the sync. cache_lagging and
// cache_lag are declared with the model (model/statefulset_model.h).
#include "core/expected.h"
#include "model/cluster_state.h"
#include "model/statefulset_model.h"

namespace stsmc::model {

/// After a step from `before` to `s`: a lagging lister does not see the step's writes. The
/// version its kind had before the step joins the undelivered ones, and when that puts the
/// lister more than cfg.bounds.cache_lag writes behind, the oldest are delivered (the
/// informer's backlog is bounded).
void advance_caches(const ModelConfig& cfg, const ClusterState& before, ClusterState& s);

/// What each lister serves a sync that starts now: a lagging one its oldest undelivered version,
/// an up-to-date one nothing (the sync reads the store).
ListerVersions versions_served(const Caches& caches);

/// One sync (model::reconcile) reading each lagging kind through its lister's oldest
/// undelivered version; up-to-date listers read the store.
Expected<void> sync_through_caches(const ModelConfig& cfg, ClusterState& s, StepLog* log, spec::WriteFaults* faults);

/// Starts a lag of `kind`'s lister at the current objects (informer-lag).
void start_lag(ClusterState& s, ListerKind kind);

/// Delivers the oldest pending version of `kind` (informer-sync); caught up, the lag ends.
void deliver_oldest(ClusterState& s, ListerKind kind);

}  // namespace stsmc::model
