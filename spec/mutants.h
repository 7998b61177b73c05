#pragma once
// The mutant catalogue: faulty controllers, each replacing one rule. Older releases' bugs are
// mutants too, built from the same rule switches as the release profiles (spec/profile.h).
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "spec/profile.h"

namespace stsmc::spec {

/// One mutant: how it changes the rules, what it should break, and where it comes from.
struct MutantInfo {
  std::string name;
  std::string property;     ///< the property it should violate
  std::string upstream;     ///< upstream issue or PR, or "slip" for a plausible re-implementation mistake
  std::string description;
  Fault fault = Fault::kNone;
  /// Rule switches it flips (for bugs that an upstream release fixed).
  bool no_succeeded_recreation = false;
  bool complete_with_status_replicas = false;
  bool scaled_down_ignores_start = false;

  /// `rules` with this mutant's fault applied.
  Rules apply(Rules rules) const;
};

/// Every mutant, in catalogue order.
const std::vector<MutantInfo>& mutants();

/// The mutant called `name`, or an error listing the known ones.
Expected<MutantInfo> find_mutant(std::string_view name);

}  // namespace stsmc::spec
