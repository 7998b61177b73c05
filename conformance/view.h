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

/// Events in the order the recorder lists them: for Parallel sets stably sorted by the pod they
/// name, then runs of claim events of one pod sorted by claim name.
std::vector<spec::Event> recorder_order(const spec::ControllerConfig& cfg, std::vector<spec::Event> events);

}  // namespace stsmc::conformance
