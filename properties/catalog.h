#pragma once
// The named properties of docs/architecture.md §4 (Contract for ids) over the StatefulSet model, and
// their catalog. Each is an invariant, a step invariant, or liveness (convergence).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/model.h"
#include "model/checker_model.h"

namespace stsmc::properties {

using Model = model::StatefulSetModel;
using Property = checker::Property<Model>;

/// Every property, in catalog order.
std::vector<Property> all_properties();

/// The properties with these ids (all when `ids` is empty); an unknown id is an error.
Expected<std::vector<Property>> select_properties(const std::vector<std::string>& ids);

// One factory per property (each in its own source file).
Property ordered_creation();
Property reverse_deletion();
Property identity_stability();
Property pvc_retention();
Property partition_semantics();
Property status_accuracy();
Property convergence();

}  // namespace stsmc::properties
