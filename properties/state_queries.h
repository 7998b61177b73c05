#pragma once
// Queries over model states shared by the properties that are not written over a value domain
// (convergence's diagnosis): health as the profile defines it, the spec as the controller reads
// it, and what one more sync would do.
#include <string>

#include "model/checker_model.h"
#include "spec/stateful_set_utils.h"

namespace stsmc::properties {

using spec::Ordinal;
using spec::Pod;

/// Healthy as the profile's controller waits for it (Running∧Ready, or Available since #130909).
bool healthy(const model::StatefulSetModel& m, const spec::SetSpec& set, const Pod& p);

/// `s` after one more sync, and whether that sync changed nothing and recorded no event.
struct NextSync {
  model::ClusterState after;
  bool quiescent = false;
};
NextSync next_sync(const model::StatefulSetModel& m, const model::ClusterState& s);

/// "web-3", for messages.
std::string pod_label(const model::StatefulSetModel& m, Ordinal o);

/// The set's spec as the controller reads it (ordinals.start ignored while its gate is off).
spec::SetSpec effective_spec(const model::StatefulSetModel& m, const model::ClusterState& s);

}  // namespace stsmc::properties
