#pragma once
// One sync of the StatefulSet controller as a pure function of the API state (upstream
// stateful_set_control.go: UpdateStatefulSet → performUpdate → updateStatefulSet →
// updateStatefulSetStatus → truncateHistory). Rule variants come from the profile in `cfg`.
#include "spec/controller_config.h"
#include "spec/events.h"
#include "spec/objects.h"

namespace stsmc::spec {

/// Runs one sync of the set's key against `store`, applying its writes in upstream's order.
/// Returns the events it recorded and the errors it returned. A deleted set is a no-op.
SyncResult sync_stateful_set(const ControllerConfig& cfg, ApiState& store);

}  // namespace stsmc::spec
