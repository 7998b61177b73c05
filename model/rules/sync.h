#pragma once
// One sync of the controller (the Reconcile action) over the flat state, written once over a
// value domain (model/rules/sync_detail.h, rule by rule after upstream's stateful_set_control.go
// and stateful_pod_control.go). Over Concrete it is the sync every explicit engine, scenario and
// conformance replay runs (model::apply_action); over Symbolic the fields of `s` end as the Z3
// terms of the successor state.
#include "model/statefulset_model.h"
#include "model/rules/domain.h"
#include "model/rules/flat_state.h"
#include "model/rules/sync_detail.h"

namespace stsmc::model::rules {

/// Applies one sync to `s` (nothing when the set does not exist), reading through its lagging
/// listers where it has them (FlatState::listers: the symbolic step under stale reads).
/// Returns whether the sync recorded an event (SyncResult::events not empty).
///
/// `overflow` (if given) receives whether the shape was too small for this sync: an owner
/// reference appended to a claim whose ref slots are all used, or a replica range reaching past
/// the last ordinal slot. The result is then not the controller's. Over Concrete without
/// `overflow`, an overflow is a failed STSMC_CHECK; over Symbolic the caller asserts the term
/// false (or guards the relation with it).
template <class D>
typename D::Bool reconcile(const D& d, const ModelConfig& cfg, const Shape& sh, FlatState<D>& s,
                           typename D::Bool* overflow = nullptr) {
  detail::ListerView<D> listers;
  if (s.listers) listers.lagging = &*s.listers;  // the sync writes the API state's fields only
  return detail::Sync<D>(d, cfg, sh, s, nullptr, nullptr, listers).run(overflow);
}

/// The concrete sync with what it reports: its events and errors in upstream's order, its write
/// attempts and whether it wrote the status. (With write faults and stale listers:
/// model::reconcile.)
inline spec::SyncResult reconcile_logged(const ModelConfig& cfg, const Shape& sh, FlatState<Concrete>& s,
                                         bool* overflow = nullptr) {
  spec::SyncResult out;
  detail::Sync<Concrete>(Concrete{}, cfg, sh, s, &out).run(overflow);
  return out;
}

}  // namespace stsmc::model::rules
