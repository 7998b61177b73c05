#pragma once
// Queries over model states shared by the properties: what a step created and deleted, health
// as the profile defines it, and what one more sync would do.
#include <optional>
#include <vector>

#include "model/checker_model.h"
#include "spec/stateful_set_utils.h"

namespace stsmc::properties {

using spec::Ordinal;
using spec::Pod;

/// Pods of `after` that did not exist (same ordinal and uid) in `before`.
std::vector<Pod> created_pods(const model::ClusterState& before, const model::ClusterState& after);

/// Pods of `before`, not terminating there, that are terminating or gone in `after`.
std::vector<Pod> deleted_pods(const model::ClusterState& before, const model::ClusterState& after);

/// Running ∧ Ready ∧ not terminating ∧ Available when minReadySeconds > 0.
bool running_ready_available(const spec::SetSpec& set, const Pod& p);

/// Healthy as the profile's controller waits for it (Running∧Ready, or Available since #130909).
bool healthy(const model::StatefulSetModel& m, const spec::SetSpec& set, const Pod& p);

/// The current revision the controller uses in a sync starting at `s`.
spec::TemplateId sync_current_revision(const model::ClusterState& s);

/// `s` after one more sync, and whether that sync changed nothing and recorded no event.
struct NextSync {
  model::ClusterState after;
  bool quiescent = false;
};
NextSync next_sync(const model::StatefulSetModel& m, const model::ClusterState& s);

/// "web-3", for messages.
std::string pod_label(const model::StatefulSetModel& m, Ordinal o);

}  // namespace stsmc::properties

namespace stsmc::properties {

/// The set's spec as the controller reads it (ordinals.start ignored while its gate is off).
spec::SetSpec effective_spec(const model::StatefulSetModel& m, const model::ClusterState& s);

/// Which PVC owner refs `after` has that `before` did not (same claim, same incarnation).
struct AddedRef {
  spec::Pvc claim;
  spec::OwnerRef ref;
};
std::vector<AddedRef> added_refs(const model::ClusterState& before, const model::ClusterState& after);

}  // namespace stsmc::properties
