#pragma once
// The stsmc subcommands, each a function from parsed options to an exit code.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/interrupt.h"
#include "spec/profile.h"
#include "core/limits.h"

namespace stsmc::cli {

/// Exit codes (docs/architecture.md §7, Contract).
inline constexpr int kExitOk = 0;
inline constexpr int kExitViolation = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitLimit = 3;
inline constexpr int kExitInternal = 4;

/// Options every model-building command shares.
struct ModelOptions {
  /// --kubernetes; unset means the default profile (1.28), or a scenario file's own `kubernetes:`.
  std::optional<std::string> kubernetes;
  std::string feature_gates;
  std::optional<std::string> statefulset;  ///< which StatefulSet of a multi-set file
  std::optional<std::string> mutant;       ///< a faulty controller rule (stsmc mutants)
  bool allow_unknown_fields = false;       ///< --allow-unknown-fields: unknown/duplicate fields warn
};

struct ConformOptions {
  std::vector<std::string> paths;
  std::string kubernetes = std::string(spec::kDefaultRelease);
  bool keep_going = false;
  bool verbose = false;
};
int run_conform(const ConformOptions& o);

struct LintOptions {
  std::vector<std::string> manifests;
  ModelOptions model;
};
int run_lint(const LintOptions& o);

struct RunOptions {
  std::string scenario;
  ModelOptions model;
};
int run_scenario(const RunOptions& o);

struct CheckOptions {
  std::string manifest;  ///< empty: the bundled default
  ModelOptions model;
  std::string engine = "explore";
  std::vector<std::string> properties;
  std::optional<int> max_replicas;
  std::vector<std::string> budgets;
  /// --faults LIST: the fault kinds the world may inject (docs/faults.md); empty: none.
  std::vector<std::string> faults;
  /// --cache-lag K: how many writes a lagging lister may be behind (stale-reads; default 1).
  std::optional<int> cache_lag;
  std::optional<int> extra_templates;
  bool broken_template = false;
  std::optional<unsigned> depth;
  std::size_t threads = 0;
  std::optional<std::uint64_t> seed;
  std::string out_dir = "counterexamples/out";
  std::string junit;
  bool json = false;
  std::optional<std::uint64_t> max_states;
  std::optional<double> max_memory_mib;
  std::optional<double> time_limit;
  bool quiet = false;
  bool fail_on_known = false;
  bool fail_fast = false;          ///< --fail-fast: stop at the first violation
  /// --no-por: the explorer without partial-order reduction (docs/checking.md); the reduction is
  /// also off with --depth, where a reduced path's extra steps would count against the depth.
  bool no_por = false;
  // The random engines (simulate, fuzz).
  std::size_t walks = 1000;        ///< --walks: walks (simulate) or test cases (fuzz)
  std::size_t steps = 200;         ///< --steps: the longest walk, settle phase not counted
  std::optional<std::size_t> settle_steps;  ///< --settle-steps: quiet steps to judge liveness
  bool no_swarm = false;           ///< --no-swarm: every walk may take every action kind
  double shrink_time = 30;         ///< --shrink-time: seconds for RapidCheck, then as much for ddmin
  std::string command_line;        ///< how stsmc was invoked, for the "reproduce:" line
  /// --time-budget SECONDS: the CI mode (explore, then prove and simulate; cli/budget_mode.cpp).
  std::optional<double> time_budget;
  std::string annotations;         ///< --annotations github: workflow commands for violations
  std::string sarif;               ///< --sarif FILE: a SARIF 2.1.0 log of the violations
  /// Set by run_check and run_prove (cli/interrupt.h): SIGINT or SIGTERM stops the engine.
  checker::InterruptFlag interrupt = nullptr;
};
int run_check(const CheckOptions& o);

/// `stsmc prove`: k-induction for the safety properties; the model options as for check.
struct ProveOptions {
  CheckOptions check;      ///< manifest, model, bounds, --property, --time-limit, --out, --json, --junit
  unsigned max_k = 20;     ///< --max-k
};
int run_prove(const ProveOptions& o);

/// The deepest unrolling --depth (bmc) and --max-k (prove) accept.
inline constexpr unsigned kMaxSymbolicDepth = limits::kMaxSymbolicDepth;

/// Ranges of the numeric options, checked when the command line is parsed (exit 2), before any
/// work. Replica counts: the explorer and the symbolic engines enumerate every scale target, so
/// they take far fewer replicas than the random engines, which only sample them.
inline constexpr std::int32_t kMaxExploreReplicas = 32;
inline constexpr std::int32_t kMaxRandomReplicas = 500;
static_assert(kMaxRandomReplicas <= limits::kMaxReplicas);
inline constexpr std::uint64_t kMaxThreads = 256;
inline constexpr std::uint64_t kMaxExploreDepth = 1'000'000'000;
inline constexpr std::uint64_t kMaxWalks = 1'000'000'000;
inline constexpr std::uint64_t kMaxWalkSteps = 100'000;
inline constexpr std::uint64_t kMaxSettleSteps = 1'000'000;
inline constexpr double kMaxShrinkSeconds = 86'400;
/// --time-limit: about 30 years; larger values would overflow the clocks' nanosecond counts.
inline constexpr double kMaxSeconds = 1e9;
/// --max-memory: 1 PiB, so that MiB * 2^20 fits 64 bits.
inline constexpr double kMaxMemoryMib = 1024.0 * 1024.0 * 1024.0;

/// The most replicas an engine models: the manifest's `spec.replicas` and every scale target
/// must fit (explore, bmc and prove: kMaxExploreReplicas; simulate and fuzz: kMaxRandomReplicas).
std::int32_t max_replicas_of(const std::string& engine);

int run_properties();
int run_mutants();

struct SelftestOptions {
  std::size_t threads = 0;
  std::uint64_t seed = 1;         ///< --seed of the random engines
  std::size_t walks = 3000;       ///< --walks: walks / test cases against each mutant
  std::size_t clean_walks = 200;  ///< --clean-walks: walks / test cases on the unmutated model
  std::string out_dir = "counterexamples/out/selftest";
  bool markdown = false;
  bool quiet = false;
  /// --part: "all", "mutants" (the kill matrix only) or "baselines" (the unmutated model only);
  /// the two halves together are the whole self-test (CTest runs them side by side).
  std::string part = "all";
};
int run_selftest(const SelftestOptions& o);

struct TraceOptions {
  std::string trace;
  std::string expect;        ///< replay: "violated" or "holds" (empty: report only)
  std::string format = "text";
  std::string out;           ///< shrink: output file
  double shrink_seconds = 60;
};
int run_replay(const TraceOptions& o);

/// `stsmc recheck TRACE`: the trace's actions re-run against another manifest (or this build's
/// model of its own), without its states or fingerprints: holds, violated or not applicable.
struct RecheckOptions {
  std::string trace;
  std::string manifest;    ///< --manifest; empty: the trace's own manifest
  ModelOptions model;      ///< unset: the trace's profile, gates and mutant (--mutant none: no mutant)
  std::string expect;      ///< "violated" or "holds" (empty: report only)
  std::optional<std::size_t> settle_steps;  ///< liveness: quiet steps to settle (default as simulate)
  bool json = false;
};
int run_recheck(const RecheckOptions& o);
int run_show(const TraceOptions& o);
int run_shrink(const TraceOptions& o);

/// `stsmc validate MANIFEST HISTORY`: explain a recorded watch history with the model
/// (docs/validate.md).
struct ValidateOptions {
  std::string manifest;
  std::string history;                         ///< "-": stdin
  ModelOptions model;
  std::size_t depth = 6;                       ///< --depth: most actions between two changes
  std::size_t max_states = 200'000;            ///< --max-states: per change
  std::optional<std::size_t> initial_events;   ///< --initial-events: size of the first listing
  bool json = false;
  bool verbose = false;
  std::vector<std::string> faults;             ///< --faults: write-errors, stale-reads (or none)
  std::optional<int> cache_lag;                ///< --cache-lag: with stale-reads
};
int run_validate(const ValidateOptions& o);

}  // namespace stsmc::cli
