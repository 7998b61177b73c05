#pragma once
// The report of `stsmc check`: verdict per property, the summary table or JSON on stdout, the
// JUnit file, and the exit code (docs/architecture.md §7).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/explore.h"
#include "core/expected.h"
#include "core/json.h"
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
  /// --time-budget: the engine that established the verdict ("explore", "prove", "simulate")
  /// and how ("exhaustive within the bounds (16.3k states)", "k-induction, k = 2", ...).
  std::string engine;
  std::string evidence;
  std::optional<Discovery> discovery;
};

/// A property the run did not check, and why (JUnit lists it as skipped).
struct UncheckedProperty {
  std::string property;
  std::string kind;
  std::string reason;
};

/// What a report says about the run besides the verdicts: which manifest and StatefulSet, with
/// which profile, gates, bounds, engine and mutant, by which build.
struct RunContext {
  std::string manifest;        ///< the manifest's path as given ("<stdin>" for -)
  std::string set;             ///< "namespace/name" of the StatefulSet
  std::string set_name;        ///< metadata.name
  std::string kubernetes;      ///< the rule profile
  Json gates = Json::object();
  Json bounds = Json::object();
  std::string engine;
  std::optional<std::string> mutant;
  std::optional<std::uint64_t> seed;
};

struct CheckSummary {
  std::vector<PropertyRow> rows;
  std::vector<UncheckedProperty> unchecked;  ///< catalog properties this run did not check
  std::vector<std::string> never_fired;  ///< action kinds that never fired (coverage)
  /// explore: whether the search used partial-order reduction (docs/checking.md).
  std::optional<bool> partial_order_reduction;
  std::string reproduce;                 ///< random engines: the command line that finds it again
  std::vector<std::string> lemmas;       ///< prove: each auxiliary invariant and what became of it
  /// bmc/prove: each assumption of the encoding and whether it was established (a verdict that
  /// rests on one that was not is never "proved").
  std::vector<std::string> assumptions;
  /// bmc/prove: the candidate domain facts proved inductive (and so assumed) and the dropped ones.
  std::size_t domain_kept = 0;
  std::size_t domain_candidates = 0;
  std::vector<std::string> domain_dropped;
  std::vector<std::string> write_errors; ///< traces that could not be written (exit 4 after the table)
  /// --time-budget: one object per engine that ran (engine, seconds, time_limit, ...).
  Json phases = Json::array();
  int exit_code = 0;
};

/// One StatefulSet's part of a run: one table, one JSON object, one JUnit testsuite.
struct SetReport {
  RunContext context;
  CheckSummary summary;
  checker::ExploreStats stats;
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

/// The JSON summary of one set: context, statistics and per-property verdicts.
Json summary_json(const SetReport& r);

/// Prints the table of one set to stdout (the caller prints its setup line first).
void print_table(const CheckSummary& s, const checker::ExploreStats& stats);

/// Prints the table of one set of a --time-budget run: verdict and the engine that established
/// it per property, then one line per engine and what the exit code means.
void print_budget_table(const CheckSummary& s, const checker::ExploreStats& stats);

/// Prints the one JSON document of a run to stdout: summary_json of the set, or for a file
/// with several sets {"exit_code", "manifest", "tool_version", "sets": [...]}.
void print_json(const std::vector<SetReport>& sets, int exit_code);

/// Writes a JUnit XML file: one testsuite per set (named "MANIFEST:SET"), one testcase per
/// property, a failure per violation with its trace, skipped for properties not checked or left
/// undecided by a limit.
Expected<void> write_junit(const std::string& path, const std::vector<SetReport>& sets);

/// The exit code of a run of several sets: the worst of theirs (4 > 2 > 1 > 3 > 0).
int worst_exit_code(int a, int b);

}  // namespace stsmc::cli
