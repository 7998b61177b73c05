#pragma once
// The stsmc subcommands, each a function from parsed options to an exit code.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stsmc::cli {

/// Exit codes (DESIGN section 7, Contract).
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
};

struct ConformOptions {
  std::vector<std::string> paths;
  std::string kubernetes = "1.28";
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
  // The random engines (simulate, fuzz).
  std::size_t walks = 1000;        ///< --walks: walks (simulate) or test cases (fuzz)
  std::size_t steps = 200;         ///< --steps: the longest walk, settle phase not counted
  std::optional<std::size_t> settle_steps;  ///< --settle-steps: quiet steps to judge liveness
  bool no_swarm = false;           ///< --no-swarm: every walk may take every action kind
  double shrink_time = 30;         ///< --shrink-time: seconds for RapidCheck, then as much for ddmin
  std::string command_line;        ///< how stsmc was invoked, for the "reproduce:" line
};
int run_check(const CheckOptions& o);

/// `stsmc prove`: k-induction for the safety properties; the model options as for check.
struct ProveOptions {
  CheckOptions check;      ///< manifest, model, bounds, --property, --time-limit, --out, --json, --junit
  unsigned max_k = 20;     ///< --max-k
};
int run_prove(const ProveOptions& o);

/// The deepest unrolling --depth (bmc) and --max-k (prove) accept.
inline constexpr unsigned kMaxSymbolicDepth = 1000;

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
int run_show(const TraceOptions& o);
int run_shrink(const TraceOptions& o);

}  // namespace stsmc::cli
