#pragma once
// The named properties of docs/architecture.md §4 (Contract for ids) over the StatefulSet model, and
// their catalog. Each is an invariant, a step invariant, or liveness (convergence).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/model.h"
#include "spec/events.h"
#include "model/checker_model.h"

namespace stsmc::properties {

using Model = model::StatefulSetModel;
using Property = checker::Property<Model>;

/// Every property, in catalog order; the safety properties tell violations that stale reads
/// cause and upstream's controller makes as known upstream behaviour (with_known_hits).
std::vector<Property> all_properties();

/// The writes of a sync that the *-accepted properties judge: creates and updates of objects,
/// deletes, the status.
using WriteClass = spec::WriteClass;

/// Why the sync `a` from `s` fails on a write of class `c` that the API server rejects by its own
/// rules (not one the world failed), or nothing: the *-accepted properties' judge without their
/// shortcuts, which skip syncs whose successor's StepNote says no such write was rejected and
/// status-accepted's syncs that changed the status (properties/accepted_writes.cpp). Runs the
/// sync again, with a log.
std::optional<std::string> rejected_write(WriteClass c, const Model& m, const model::ClusterState& s,
                                          const model::Action& a);

/// Why prove leaves property `id` out unless --property names it, or "" when it proves it by
/// default (liveness aside: prove proves safety properties).
std::string prove_gap(const std::string& id);

/// Whether a prove without --property checks `p`: a safety property without a prove_gap.
bool proved_by_default(const Property& p);

/// `p` with Property::known_hit for a safety property: a violation is known upstream behaviour
/// when lagging listers cause it (with up-to-date listers the same step, or state, holds) and,
/// under a mutant, upstream's controller takes the same step (properties/known_hits.cpp).
Property with_known_hits(Property p);

/// The properties with these ids (all when `ids` is empty); an unknown id is an error.
Expected<std::vector<Property>> select_properties(const std::vector<std::string>& ids);

// One factory per property (each in its own source file).
Property ordered_creation();
Property reverse_deletion();
Property identity_stability();
Property pvc_retention();
Property partition_semantics();
Property status_accuracy();
Property creates_accepted();
Property deletes_accepted();
Property status_accepted();
Property convergence();

}  // namespace stsmc::properties
