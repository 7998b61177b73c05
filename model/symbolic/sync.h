#pragma once
// One sync of the controller (the Reconcile action) over the flat state, written once over a
// value domain: spec/stateful_set_control.cpp and spec/stateful_pod_control.cpp, rule by rule.
#include "model/statefulset_model.h"
#include "model/symbolic/domain.h"
#include "model/symbolic/flat_state.h"

namespace stsmc::model::symbolic {

/// Applies one sync of spec::sync_stateful_set to `s` (nothing when the set does not exist).
/// Returns whether the sync recorded an event (SyncResult::events not empty).
template <class D>
typename D::Bool reconcile(const D& d, const ModelConfig& cfg, const Shape& sh, FlatState<D>& s);

}  // namespace stsmc::model::symbolic
