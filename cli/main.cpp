// The stsmc command line: parses arguments (CLI11) and dispatches to the subcommands. The only
// catch-all of the program is here: anything unexpected is an internal error, exit code 4.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <limits>
#include <string>

#include "cli/commands.h"
#include "cli/version.h"
#include "core/limits.h"

namespace {

/// A whole number in lo..hi, written in decimal (no sign, no octal or hex): "-1" is not read as
/// 2^64 - 1, nor "010" as 8. The value is checked before CLI11 converts it.
CLI::Validator whole(std::uint64_t lo, std::uint64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& input) -> std::string {
        std::uint64_t v = 0;
        const char* end = input.data() + input.size();
        const auto [ptr, ec] = std::from_chars(input.data(), end, v);
        if (input.empty() || ec != std::errc() || ptr != end || v < lo || v > hi)
          return fmt::format("must be a whole number in {}..{}, got '{}'", lo, hi, input);
        input = std::to_string(v);  // leading zeros would make CLI11 read octal
        return {};
      },
      fmt::format("{}..{}", lo, hi));
}

/// A finite number in lo..hi (no NaN, no infinity).
CLI::Validator real(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& input) -> std::string {
        char* end = nullptr;
        const double v = input.empty() ? std::nan("") : std::strtod(input.c_str(), &end);
        if (input.empty() || end != input.c_str() + input.size() || !std::isfinite(v) || v < lo || v > hi)
          return fmt::format("must be a finite number in {}..{}, got '{}'", lo, hi, input);
        return {};
      },
      fmt::format("{:g}..{:g}", lo, hi));
}

/// Every option of every subcommand that may repeat (a vector) takes exactly one value per
/// occurrence, so `check --budget scale=2 pg.yaml` leaves pg.yaml to the positional argument.
void one_value_per_occurrence(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({}))
    for (CLI::Option* opt : sub->get_options({}))
      if (!opt->get_positional() && opt->get_items_expected_max() > 1) opt->allow_extra_args(false);
}

void add_model_options(CLI::App* cmd, stsmc::cli::ModelOptions& m) {
  cmd->add_option("--kubernetes", m.kubernetes, "Rule profile: the Kubernetes release to model (1.28 default; 1.33, 1.35, 1.36, 1.37)");
  cmd->add_option("--feature-gates", m.feature_gates, "Feature gates, e.g. MaxUnavailableStatefulSet=true");
  cmd->add_option("--statefulset", m.statefulset, "Which StatefulSet of a file that holds several");
  cmd->add_option("--mutant", m.mutant, "Run with a faulty controller rule (see `stsmc mutants`)");
  cmd->add_flag("--allow-unknown-fields", m.allow_unknown_fields,
                "Unknown and duplicate manifest fields are warnings, not errors (as kubectl --validate=warn)");
}

/// argv as one shell line, arguments quoted where a shell would need it.
std::string command_line(int argc, char** argv) {
  std::string line = "stsmc";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                         "0123456789-_=./:,+@%") == std::string::npos;
    if (plain) {
      line += " " + a;
      continue;
    }
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += " " + q + "'";
  }
  return line;
}

constexpr std::uint64_t kU64Max = std::numeric_limits<std::uint64_t>::max();

}  // namespace

int main(int argc, char** argv) {
  try {
    CLI::App app{"stsmc: a model checker for the Kubernetes StatefulSet controller"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "stsmc " + std::string(stsmc::cli::tool_version()));

    stsmc::cli::ConformOptions conform;
    auto* c = app.add_subcommand("conform", "Replay traces recorded from the real controller and compare every step");
    c->add_option("paths", conform.paths, "Scenario files (NAME.json beside NAME.trace.jsonl) or folders")->required();
    c->add_option("--kubernetes", conform.kubernetes, "Rule profile to replay with")->capture_default_str();
    c->add_flag("--keep-going", conform.keep_going, "Report every diverging scenario, not only the first");
    c->add_flag("-v,--verbose", conform.verbose, "Print every scenario");

    stsmc::cli::LintOptions lint;
    auto* l = app.add_subcommand("lint", "Load and validate manifests; print the StatefulSet as the model sees it");
    l->add_option("manifests", lint.manifests, "Manifest files")->required();
    add_model_options(l, lint.model);

    stsmc::cli::RunOptions run;
    auto* r = app.add_subcommand("run", "Run a scripted scenario: user steps with a fair world in between");
    r->add_option("scenario", run.scenario, "Scenario file (YAML)")->required();
    add_model_options(r, run.model);

    stsmc::cli::CheckOptions check;
    auto* k = app.add_subcommand("check", "Explore the model of a manifest and check the properties");
    k->add_option("manifest", check.manifest, "StatefulSet manifest (default: the bundled spec/examples/myapp.yaml)");
    add_model_options(k, check.model);
    k->add_option("--engine", check.engine, "explore (exhaustive), simulate (random walks), fuzz (RapidCheck) or bmc (Z3, to --depth)")
        ->capture_default_str();
    k->add_option("--property", check.properties, "Check only these properties (repeatable)");
    k->add_option("--max-replicas", check.max_replicas, "Scale targets range over 0..N")
        ->transform(whole(0, stsmc::cli::kMaxRandomReplicas));
    k->add_option("--budget", check.budgets, "Budget of a bounded action kind, KEY=N (repeatable)");
    k->add_option("--faults", check.faults,
                  "Fault kinds the world may inject: write-errors, stale-reads, partial-sync, restart, all or none (comma "
                  "list; docs/faults.md)")
        ->delimiter(',');
    k->add_option("--cache-lag", check.cache_lag,
                  "With --faults stale-reads: how many writes of a kind a lagging lister may be behind (1..3, default 1)");
    k->add_option("--templates", check.extra_templates, "Extra templates the user may switch to")
        ->transform(whole(0, stsmc::limits::kMaxExtraTemplates));
    k->add_flag("--broken-template", check.broken_template, "Add a template whose pods never become Ready");
    k->add_option("--depth", check.depth, "explore: do not explore beyond this depth; bmc: steps to unroll (default 20)")
        ->transform(whole(0, stsmc::cli::kMaxExploreDepth));
    k->add_option("--threads", check.threads, "Worker threads (0: all cores)")
        ->capture_default_str()
        ->transform(whole(0, stsmc::cli::kMaxThreads));
    k->add_option("--seed", check.seed, "Root seed (recorded in traces)")->transform(whole(0, kU64Max));
    k->add_option("--out", check.out_dir, "Where counterexample traces are written")->capture_default_str();
    k->add_option("--junit", check.junit, "Write a JUnit XML report");
    k->add_flag("--json", check.json, "Print one JSON summary instead of the table");
    k->add_option("--max-states", check.max_states, "Stop after this many distinct states")->transform(whole(0, kU64Max));
    k->add_option("--max-memory", check.max_memory_mib, "Stop when the search uses this many MiB")
        ->check(real(0, stsmc::cli::kMaxMemoryMib));
    k->add_option("--time-limit", check.time_limit, "Stop after this many seconds")
        ->check(real(0, stsmc::cli::kMaxSeconds));
    k->add_option("--time-budget", check.time_budget,
                  "CI mode: the strongest verdict within SECONDS (explore, then prove and simulate)")
        ->check(real(0, 7 * 24 * 3600));
    k->add_option("--annotations", check.annotations, "github: print an ::error annotation at the manifest line per violation");
    k->add_option("--sarif", check.sarif, "Write the violations as a SARIF 2.1.0 log pointing at the manifest");
    k->add_flag("--quiet", check.quiet, "No progress output");
    k->add_flag("--fail-on-known", check.fail_on_known, "Treat known upstream violations as failures");
    k->add_flag("--fail-fast", check.fail_fast, "Stop at the first violation (its trace is written; the other properties stay unknown)");
    k->add_flag("--no-por", check.no_por,
                "explore: no partial-order reduction (the full state space: golden counts, comparisons; docs/checking.md)");
    k->add_option("--walks", check.walks, "simulate: walks; fuzz: test cases")
        ->capture_default_str()
        ->transform(whole(1, stsmc::cli::kMaxWalks));
    k->add_option("--steps", check.steps, "simulate, fuzz: the longest walk (before the settle phase)")
        ->capture_default_str()
        ->transform(whole(1, stsmc::cli::kMaxWalkSteps));
    k->add_option("--settle-steps", check.settle_steps,
                  "simulate, fuzz: quiet steps after a walk to judge liveness (default 200 + 50 x max-replicas)")
        ->transform(whole(0, stsmc::cli::kMaxSettleSteps));
    k->add_flag("--no-swarm", check.no_swarm, "simulate, fuzz: every walk may take every action kind");
    k->add_option("--shrink-time", check.shrink_time,
                  "simulate, fuzz: seconds to shrink a find (fuzz: RapidCheck, then as much again for ddmin)")
        ->capture_default_str()
        ->check(real(0, stsmc::cli::kMaxShrinkSeconds));

    stsmc::cli::ProveOptions prove;
    auto* pv = app.add_subcommand("prove", "Prove the safety properties for every depth (Z3 k-induction) within the bounds");
    pv->add_option("manifest", prove.check.manifest, "StatefulSet manifest (default: the bundled spec/examples/myapp.yaml)");
    add_model_options(pv, prove.check.model);
    pv->add_option("--property", prove.check.properties, "Prove only these properties (repeatable)");
    pv->add_option("--max-replicas", prove.check.max_replicas, "Scale targets range over 0..N")
        ->transform(whole(0, stsmc::cli::kMaxExploreReplicas));
    pv->add_option("--budget", prove.check.budgets, "Budget of a bounded action kind, KEY=N (repeatable)");
    pv->add_option("--faults", prove.check.faults, "Fault kinds (prove has write-errors and stale-reads with a lag of one write, not partial-sync yet: docs/faults.md)")
        ->delimiter(',');
    pv->add_option("--templates", prove.check.extra_templates, "Extra templates the user may switch to")
        ->transform(whole(0, stsmc::limits::kMaxExtraTemplates));
    pv->add_flag("--broken-template", prove.check.broken_template, "Add a template whose pods never become Ready");
    pv->add_option("--max-k", prove.max_k, "Try k-induction with k = 1 .. K")
        ->capture_default_str()
        ->transform(whole(1, stsmc::limits::kMaxSymbolicDepth));
    pv->add_option("--time-limit", prove.check.time_limit, "Stop after this many seconds (undecided: unknown)")
        ->check(real(0, stsmc::cli::kMaxSeconds));
    pv->add_option("--out", prove.check.out_dir, "Where counterexample traces are written")->capture_default_str();
    pv->add_option("--junit", prove.check.junit, "Write a JUnit XML report");
    pv->add_flag("--json", prove.check.json, "Print one JSON summary instead of the table");
    pv->add_flag("--quiet", prove.check.quiet, "No progress output");

    auto* props = app.add_subcommand("properties", "List the properties");
    auto* muts = app.add_subcommand("mutants", "List the mutants (faulty controllers) of the self-test");
    stsmc::cli::SelftestOptions self;
    auto* st = app.add_subcommand("selftest", "Check that every mutant is caught and the real model is clean");
    st->add_option("--threads", self.threads, "Worker threads (0: all cores)")->transform(whole(0, stsmc::cli::kMaxThreads));
    st->add_option("--seed", self.seed, "Seed of the random engines")->capture_default_str()->transform(whole(0, kU64Max));
    st->add_option("--walks", self.walks, "Walks / test cases of the random engines per mutant")
        ->capture_default_str()
        ->transform(whole(1, stsmc::cli::kMaxWalks));
    st->add_option("--clean-walks", self.clean_walks, "Walks / test cases of the random engines on the unmutated model")
        ->capture_default_str()
        ->transform(whole(0, stsmc::cli::kMaxWalks));
    st->add_option("--out", self.out_dir, "Where the mutants' traces are written")->capture_default_str();
    st->add_flag("--markdown", self.markdown, "Print the kill matrix as a Markdown table");
    st->add_flag("--quiet", self.quiet, "No progress output");
    st->add_option("--part", self.part,
                   "all; mutants: every mutant must be killed by every engine; baselines: the unmutated model "
                   "must be clean for every engine")
        ->capture_default_str()
        ->check(CLI::IsMember({"all", "mutants", "baselines"}));

    stsmc::cli::TraceOptions rep, show, shr;
    auto* rp = app.add_subcommand("replay", "Re-execute a trace, check every fingerprint, re-evaluate its property");
    rp->add_option("trace", rep.trace, "Trace file")->required();
    rp->add_option("--expect", rep.expect, "violated or holds: exit 0 when the replay agrees");
    stsmc::cli::RecheckOptions rck;
    auto* rc = app.add_subcommand("recheck", "Re-run a trace's actions against another manifest or this build (no fingerprints)");
    rc->add_option("trace", rck.trace, "Trace file")->required();
    rc->add_option("--manifest", rck.manifest, "Manifest to re-check against (default: the trace's own)");
    add_model_options(rc, rck.model);
    rc->add_option("--expect", rck.expect, "violated or holds: exit 0 when the answer agrees, 1 when not");
    rc->add_option("--settle-steps", rck.settle_steps, "Liveness: quiet steps to settle (default 200 + 50 x max-replicas)")
        ->transform(whole(0, stsmc::cli::kMaxSettleSteps));
    rc->add_flag("--json", rck.json, "Print one JSON object instead of text");
    auto* sh = app.add_subcommand("show", "Render a trace for people");
    sh->add_option("trace", show.trace, "Trace file")->required();
    sh->add_option("--format", show.format, "text, json, mermaid or html")->capture_default_str();
    auto* sk = app.add_subcommand("shrink", "Shorten a trace while it still violates its property");
    sk->add_option("trace", shr.trace, "Trace file")->required();
    sk->add_option("-o,--out", shr.out, "Output trace file")->required();
    sk->add_option("--shrink-time", shr.shrink_seconds, "Time budget in seconds")
        ->capture_default_str()
        ->check(real(0, stsmc::cli::kMaxShrinkSeconds));

    stsmc::cli::ValidateOptions val;  // stsmc validate (docs/validate.md)
    auto* va = app.add_subcommand("validate", "Explain a cluster's recorded watch history with the model's actions");
    va->add_option("manifest", val.manifest, "The StatefulSet's manifest")->required();
    va->add_option("history", val.history, "kubectl get statefulset,pods,pvc,controllerrevisions -w --output-watch-events -o json (- for stdin)")->required();
    add_model_options(va, val.model);
    va->add_option("--depth", val.depth, "Most model actions between two observed changes")->capture_default_str()->transform(whole(1, 64));
    va->add_option("--max-states", val.max_states, "Most states searched per change")->capture_default_str()->transform(whole(1, kU64Max));
    va->add_option("--initial-events", val.initial_events, "Events of the first listing (default: the leading ADDED events)")->transform(whole(0, kU64Max));
    va->add_option("--faults", val.faults,
                   "Faults the history may hold: write-errors (a sync in which one write failed; with partial-sync, "
                   "also a sync in flight), stale-reads (a sync may read caches up to --cache-lag "
                   "versions behind the API server), partial-sync (a sync's writes are steps of their own, other "
                   "actors acting in between), restart (a restart abandons a sync in flight; with partial-sync) or "
                   "none; the last three make searches slower (docs/validate.md)")
        ->delimiter(',')
        ->check(CLI::IsMember({"write-errors", "stale-reads", "partial-sync", "restart", "none"}));
    va->add_option("--cache-lag", val.cache_lag,
                   "With --faults stale-reads: how many versions of a kind behind the API server a sync may read it (1..3, default 1)");
    va->add_flag("--json", val.json, "Print one JSON document");
    va->add_flag("-v,--verbose", val.verbose, "List the actions that explain each change");

    one_value_per_occurrence(app);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
      fmt::print(stderr, "error: {}\nRun with --help for more information.\n", e.what());
      return stsmc::cli::kExitUsage;
    }
    if (c->parsed()) return stsmc::cli::run_conform(conform);
    if (l->parsed()) return stsmc::cli::run_lint(lint);
    if (r->parsed()) return stsmc::cli::run_scenario(run);
    if (k->parsed()) {
      check.command_line = command_line(argc, argv);
      return stsmc::cli::run_check(check);
    }
    if (pv->parsed()) return stsmc::cli::run_prove(prove);
    if (props->parsed()) return stsmc::cli::run_properties();
    if (muts->parsed()) return stsmc::cli::run_mutants();
    if (st->parsed()) return stsmc::cli::run_selftest(self);
    if (rp->parsed()) return stsmc::cli::run_replay(rep);
    if (rc->parsed()) return stsmc::cli::run_recheck(rck);
    if (sh->parsed()) return stsmc::cli::run_show(show);
    if (sk->parsed()) return stsmc::cli::run_shrink(shr);
    if (va->parsed()) return stsmc::cli::run_validate(val);
    return stsmc::cli::kExitUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "stsmc: internal error: {}\n", e.what());
    return stsmc::cli::kExitInternal;
  } catch (...) {
    fmt::print(stderr, "stsmc: internal error\n");
    return stsmc::cli::kExitInternal;
  }
}
