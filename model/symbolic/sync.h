#pragma once
// One sync of the controller (the Reconcile action) over the flat state, written once over a
// value domain: spec/stateful_set_control.cpp and spec/stateful_pod_control.cpp, rule by rule
// (model/symbolic/sync_detail.h). Over Concrete it is a function to compare with the explicit
// model; over Symbolic the fields of `s` end as the Z3 terms of the successor state.
#include "model/statefulset_model.h"
#include "model/symbolic/domain.h"
#include "model/symbolic/flat_state.h"
#include "model/symbolic/sync_detail.h"

namespace stsmc::model::symbolic {

/// Applies one sync of spec::sync_stateful_set to `s` (nothing when the set does not exist).
/// Returns whether the sync recorded an event (SyncResult::events not empty).
///
/// `overflow` (if given) receives whether the shape was too small for this sync: an owner
/// reference appended to a claim whose ref slots are all used, or a replica range reaching past
/// the last ordinal slot. The result is then not the explicit model's. Over Concrete without
/// `overflow`, an overflow is a failed STSMC_CHECK; over Symbolic the caller asserts the term
/// false (or guards the relation with it).
template <class D>
typename D::Bool reconcile(const D& d, const ModelConfig& cfg, const Shape& sh, FlatState<D>& s,
                           typename D::Bool* overflow = nullptr) {
  return detail::Sync<D>(d, cfg, sh, s).run(overflow);
}

}  // namespace stsmc::model::symbolic
