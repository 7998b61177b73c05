#pragma once
// The steps `stsmc check` is made of (cli/check_command.cpp), shared with its time-budget mode
// (cli/budget_mode.cpp): option validation, loading every set, running contexts, writing the
// replayed traces and finishing the run (JSON, JUnit, annotations, exit code).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/explore.h"
#include "cli/check_report.h"
#include "cli/commands.h"
#include "cli/findings.h"
#include "cli/model_setup.h"
#include "core/expected.h"
#include "properties/catalog.h"

namespace stsmc::cli {

/// The largest ordinals.start the symbolic engines take (they keep a slot for every ordinal).
inline constexpr std::int64_t kMaxSymbolicStart = 64;

/// --time-budget: at most a week.
inline constexpr double kMaxTimeBudgetSeconds = 7 * 24 * 3600.0;

/// Applies --max-replicas, --templates, --broken-template and --budget for `o.engine` to `b`.
Expected<void> apply_bounds(const CheckOptions& o, model::Bounds& b);
/// The fault kinds `--faults` names (a comma list; `all`, `none`), without repeats; exit-2
/// errors for an unknown kind (with "did you mean") or one the model does not have yet.
Expected<std::vector<std::string>> fault_kinds(const std::vector<std::string>& list);

/// Prints "error: MESSAGE" to stderr; returns exit code 2.
int usage_error(const Error& e);

/// The properties a symbolic run checks: those named, else every property for bmc (liveness as
/// lassos) and every safety property for prove (k-induction proves no liveness; naming a
/// liveness property there is an error).
Expected<std::vector<properties::Property>> symbolic_properties(const std::vector<std::string>& ids, bool prove);

/// The properties of the catalog that `props` leaves out, with the reason.
std::vector<UncheckedProperty> unchecked_properties(const std::vector<properties::Property>& props,
                                                    const std::string& engine);

/// Everything about the options that can be checked without loading the manifest: engine,
/// ranges that depend on it, budgets, properties, mutant, profile, gates and output paths.
/// Nothing runs before this passes.
Expected<void> validate_options(const CheckOptions& o, const std::string& engine);

/// The model of each StatefulSet of the manifest, with the engine's bounds and the options
/// applied, checked against the replicas the engine can model.
Expected<std::vector<ModelSetup>> load_setups(const CheckOptions& o, const std::string& engine);

/// What the report says about the run of `engine` on `s`.
RunContext context_of(const ModelSetup& s, const std::string& engine, std::optional<Seed> seed);

/// The explorer's configuration from the options (threads, limits, progress).
checker::ExploreConfig explore_config(const CheckOptions& o);
/// Whether the explorer searches with partial-order reduction: unless --no-por or --depth is given
/// (docs/checking.md, "Partial-order reduction"; run_explorer in cli/findings.h).
bool partial_order_reduction(const CheckOptions& o);

/// Writes the trace of every row with a discovery under `out_dir` (replayed first, atomically).
/// A trace that cannot be written is noted in the summary (the table still shows the verdict);
/// a trace that does not replay is an internal error and ends the run.
Expected<void> write_traces(const ModelSetup& setup, const Model& model, CheckSummary& summary,
                            const std::string& engine, std::optional<Seed> seed, const std::string& out_dir);

/// After every set ran: the JSON document (or nothing more: the tables are printed), the trace
/// write errors, the JUnit file, the annotations; the worst exit code.
int finish(const CheckOptions& o, const std::vector<SetReport>& reports);
/// The same, after a note on stderr when SIGINT or SIGTERM stopped the run (cli/interrupt.h):
/// the results are partial, and how many of the file's `sets` were not checked.
int finish_interruptible(const CheckOptions& o, const std::vector<SetReport>& reports, std::size_t sets);

/// `check --time-budget SECONDS` (cli/budget_mode.cpp): the explorer, then prove and simulate
/// for what it left undecided, within the budget; one report.
int run_check_budget(const CheckOptions& o);

}  // namespace stsmc::cli
