#pragma once
// The report of `stsmc check`: verdict per property, the summary table or JSON on stdout, the
// JUnit file, and the exit code (DESIGN section 7).
#include <optional>
#include <string>
#include <vector>

#include "checker/explore.h"
#include "core/expected.h"
#include "properties/catalog.h"

namespace stsmc::cli {

using Discovery = checker::Discovery<model::StatefulSetModel>;  // also in cli/findings.h

/// One row: a property and what the run found for it.
struct PropertyRow {
  std::string property;
  std::string kind;
  /// "holds", "violated", "known-upstream", "unknown"; the random engines say "no-violation"
  /// instead of "holds": they sample runs, they prove nothing.
  std::string verdict;
  std::string message;   ///< the violation, or why unknown
  std::string note;      ///< known-upstream note
  std::size_t trace_length = 0;
  std::string trace_file;
  std::optional<Discovery> discovery;
};

struct CheckSummary {
  std::vector<PropertyRow> rows;
  std::vector<std::string> never_fired;  ///< action kinds that never fired (coverage)
  std::string reproduce;                 ///< random engines: the command line that finds it again
  std::vector<std::string> lemmas;       ///< prove: each auxiliary invariant and what became of it
  /// bmc/prove: each assumption of the encoding and whether it was established (a verdict that
  /// rests on one that was not is never "proved").
  std::vector<std::string> assumptions;
  /// bmc/prove: the candidate domain facts proved inductive (and so assumed) and the dropped ones.
  std::size_t domain_kept = 0;
  std::size_t domain_candidates = 0;
  std::vector<std::string> domain_dropped;
  int exit_code = 0;
};

/// Fills `row` from the discovery of its property in `discoveries`, if there is one: message,
/// note, length and verdict ("known-upstream" for a lasso with a known-upstream note unless
/// `fail_on_known`, else "violated"). True when the row counts as a violation.
bool take_discovery(PropertyRow& row,
                    const std::vector<checker::Discovery<model::StatefulSetModel>>& discoveries,
                    bool fail_on_known);

/// Verdicts and exit code from a report of any engine (stats.engine tells which).
CheckSummary summarize(const model::StatefulSetModel& model, const std::vector<properties::Property>& props,
                       const checker::ExploreReport<model::StatefulSetModel>& report, bool fail_on_known);

/// Prints the table (or one JSON document) to stdout.
void print_summary(const CheckSummary& s, const checker::ExploreStats& stats, bool json);

/// Writes a JUnit XML file: one testcase per property, a failure per violation with its trace.
Expected<void> write_junit(const std::string& path, const CheckSummary& s, const checker::ExploreStats& stats);

}  // namespace stsmc::cli
