#pragma once
// The symbolic engine for the CLI: `check --engine bmc`, `prove` and the selftest's bmc column
// build the StatefulSet model's Z3 encoding (model/symbolic) and run checker/bmc.h on it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/bmc.h"
#include "cli/check_report.h"
#include "properties/catalog.h"

namespace stsmc::cli {

using SymbolicReport = checker::SymbolicReport<model::StatefulSetModel>;

/// How to run the symbolic engine.
struct SymbolicRun {
  bool prove = false;                      ///< k-induction; else bounded model checking
  std::uint32_t depth = checker::kDefaultBmcDepth;  ///< bmc: steps
  std::uint32_t max_k = checker::kDefaultMaxK;      ///< prove: the largest k
  std::optional<double> time_limit_seconds;
  bool progress = true;
  bool fail_on_known = false;  ///< a known-upstream lasso counts as a violation
  checker::InterruptFlag interrupt = nullptr;  ///< set: stop; undecided properties are unknown
};

/// Runs bmc() or prove() for `props` (prove: liveness ones come back unsupported).
SymbolicReport run_symbolic(const model::StatefulSetModel& model, const std::vector<properties::Property>& props,
                            const SymbolicRun& run);

/// The rows of the summary table: one per property, verdicts as the engine gave them
/// ("no-violation" for bmc's holds-to-depth; "proved", "violated", "unknown", "unsupported").
CheckSummary summarize_symbolic(const std::vector<properties::Property>& props, const SymbolicReport& report,
                                const SymbolicRun& run);

}  // namespace stsmc::cli
