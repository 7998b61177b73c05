#pragma once
// The comparable view of one conformance step: what FORMAT.md §4.1 says must match, in one JSON
// shape built both from the model and from a recorded trace line.
#include <string>
#include <vector>

#include "core/json.h"
#include "model/statefulset_model.h"

namespace stsmc::conformance {

/// The model's view after a step: state plus the step's events, errors, syncs and GC actions.
Json model_view(const model::ModelConfig& cfg, const model::ClusterState& s, const std::vector<spec::Event>& events,
                const std::vector<std::string>& errors, int reconciles, const std::vector<std::string>& gc);

/// A step's write attempts as FORMAT-faults.md §4 compares them: "verb resource name" (with
/// " error" when the write failed), in the recorder's order (Parallel sets: runs of pod and claim
/// writes stably sorted by ordinal; runs of one pod's claim writes of one verb by claim name). A
/// revision is named by its number after the step (else before it, else "new"), since recorded
/// names are hashes.
Json writes_view(const model::ModelConfig& cfg, const model::ClusterState& before, const model::ClusterState& after,
                 const std::vector<spec::WriteAttempt>& writes);

/// The same view of a recorded step line's `writes`, given the line before it.
Json recorded_writes_view(const Json& previous, const Json& step);

/// Events in the order the recorder lists them: for Parallel sets stably sorted by the pod they
/// name, then runs of claim events of one pod sorted by claim name.
std::vector<spec::Event> recorder_order(const spec::ControllerConfig& cfg, std::vector<spec::Event> events);

}  // namespace stsmc::conformance
