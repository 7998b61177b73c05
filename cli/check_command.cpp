// `stsmc check` and `stsmc prove`: the main job. Validates every option and output path, loads
// every StatefulSet of the manifest, then for each set builds the model, runs the engine
// (explore, simulate, fuzz, bmc or prove), shrinks what a random engine found, replays every
// trace before it is written (atomically), prints the set's table (or one JSON document for the
// run), writes the JUnit file and SARIF log, prints annotations, and maps the worst outcome to
// the exit code. `--time-budget` hands over to cli/budget_mode.cpp.
#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>

#include "checker/explore.h"
#include "cli/check_report.h"
#include "cli/commands.h"
#include "cli/findings.h"
#include "cli/manifest_sets.h"
#include "cli/model_setup.h"
#include "cli/output_paths.h"
#include "cli/annotations.h"
#include "cli/bundled_examples.h"
#include "cli/check_steps.h"
#include "cli/interrupt.h"
#include "cli/symbolic.h"
#include "counterexamples/atomic_file.h"
#include "properties/catalog.h"
#include "spec/mutants.h"
#include "spec/profile.h"

namespace stsmc::cli {

std::int32_t max_replicas_of(const std::string& engine) {
  return is_random_engine(engine) ? kMaxRandomReplicas : kMaxExploreReplicas;
}

Expected<void> apply_bounds(const CheckOptions& o, model::Bounds& b) {
  const bool random = is_random_engine(o.engine);
  auto faults = fault_kinds(o.faults);
  if (!faults) return faults.error();
  // A fault kind turns its budget on (the random engines get more); --budget below overrides it.
  const auto on = [&](std::string_view kind) { return std::find(faults->begin(), faults->end(), kind) != faults->end(); };
  if (on("write-errors")) b.budgets.write_error = random ? 8 : 1;
  if (on("partial-sync")) b.budgets.partial_sync = random ? 8 : 1;
  if (on("restart")) b.budgets.controller_restart = random ? 8 : 1;
  if (on("stale-reads")) {
    b.budgets.informer_lag = random ? 8 : 1;
    b.cache_lag = 1;
  }
  if (o.cache_lag) {
    if (!on("stale-reads"))
      return bad_input("--cache-lag: only with --faults stale-reads (or all): without it every lister is up to date");
    if (*o.cache_lag < 1 || *o.cache_lag > limits::kMaxCacheLag)
      return bad_input(fmt::format("--cache-lag: must be in 1..{}, got {}", limits::kMaxCacheLag, *o.cache_lag));
    b.cache_lag = *o.cache_lag;
  }
  if (o.max_replicas) {
    const int most = max_replicas_of(o.engine);
    if (*o.max_replicas < 0 || *o.max_replicas > most)
      return bad_input(fmt::format("--max-replicas: must be in 0..{} for {}, got {}{}", most,
                                   random ? "random walks" : "the " + o.engine + " engine", *o.max_replicas,
                                   random ? "" : fmt::format(" (--engine simulate or fuzz take up to {})",
                                                             kMaxRandomReplicas)));
    b.max_replicas = *o.max_replicas;
  }
  if (o.extra_templates) {
    if (*o.extra_templates < 0 || *o.extra_templates > limits::kMaxExtraTemplates)
      return bad_input(fmt::format("--templates: must be in 0..{}, got {}", limits::kMaxExtraTemplates,
                                   *o.extra_templates));
    b.extra_templates = *o.extra_templates;
  }
  if (o.broken_template) b.broken_template = true;
  for (const auto& kv : o.budgets)
    if (auto r = model::apply_budget(b, kv, random ? model::kMaxRandomBudget : model::kMaxExhaustiveBudget); !r)
      return r;
  if ((o.engine == "bmc" || o.engine == "prove") && b.budgets.informer_lag > 0 && b.cache_lag > 1)
    return bad_input(fmt::format("--cache-lag {}: the symbolic engines (bmc, prove) model listers that lag one write "
                                 "per kind; use --cache-lag 1, or --engine explore, simulate or fuzz (docs/faults.md)",
                                 b.cache_lag));
  if ((o.engine == "bmc" || o.engine == "prove") && b.budgets.partial_sync > 0)
    return bad_input(fmt::format("--faults partial-sync (budget partial-sync): the symbolic engines (bmc, prove) do "
                                 "not model a sync in flight yet; use --engine explore, simulate or fuzz "
                                 "(docs/faults.md)"));
  if (b.budgets.informer_lag > 0 && b.cache_lag == 0) b.cache_lag = 1;  // --budget informer-lag=N alone
  return {};
}

int usage_error(const Error& e) {
  fmt::print(stderr, "error: {}\n", e.message);
  return kExitUsage;
}

Expected<std::vector<properties::Property>> symbolic_properties(const std::vector<std::string>& ids, bool prove) {
  auto props = properties::select_properties(ids);
  if (!props) return props.error();
  std::vector<properties::Property> out;
  for (auto& p : *props) {
    if (!prove || (ids.empty() ? properties::proved_by_default(p) : p.kind != checker::PropertyKind::kLiveness)) {
      out.push_back(std::move(p));
    } else if (!ids.empty()) {  // otherwise left out of the default set (unchecked_properties says why)
      return bad_input("--property " + p.id + ": a liveness property; prove (k-induction) proves safety properties "
                       "(use check --engine bmc to look for lassos, or --engine explore)");
    }
  }
  return out;
}

std::vector<UncheckedProperty> unchecked_properties(const std::vector<properties::Property>& props,
                                                    const std::string& engine) {
  std::vector<UncheckedProperty> out;
  for (const auto& p : properties::all_properties()) {
    if (std::any_of(props.begin(), props.end(), [&](const auto& q) { return q.id == p.id; })) continue;
    const bool liveness = p.kind == checker::PropertyKind::kLiveness;
    const std::string gap = engine == "prove" ? properties::prove_gap(p.id) : "";
    out.push_back({p.id, std::string(enum_name(p.kind)),
                   !gap.empty()                    ? gap
                   : engine == "prove" && liveness ? "prove (k-induction) proves safety properties only"
                                                   : "not selected by --property"});
  }
  return out;
}

Expected<void> validate_options(const CheckOptions& o, const std::string& engine) {
  if (engine == "bmc" && o.depth && *o.depth > kMaxSymbolicDepth)
    return bad_input(fmt::format("--depth: must be in 0..{} for the bmc engine, got {}", kMaxSymbolicDepth, *o.depth));
  model::Bounds scratch{};
  CheckOptions for_engine = o;
  for_engine.engine = engine;
  if (auto r = apply_bounds(for_engine, scratch); !r) return r;
  if (engine == "bmc" || engine == "prove") {
    if (auto p = symbolic_properties(o.properties, engine == "prove"); !p) return p.error();
  } else if (auto p = properties::select_properties(o.properties); !p) {
    return p.error();
  }
  if (o.model.mutant)
    if (auto m = spec::find_mutant(*o.model.mutant); !m) return m.error();
  auto profile = spec::find_profile(o.model.kubernetes.value_or(std::string(spec::kDefaultRelease)));
  if (!profile) return profile.error();
  spec::FeatureGates gates = profile->default_gates;
  if (auto r = spec::apply_feature_gates(o.model.feature_gates, gates); !r) return r.error();
  if (auto r = check_output_dir(o.out_dir, "--out"); !r) return r;
  if (!o.junit.empty())
    if (auto r = check_output_file(o.junit, "--junit"); !r) return r;
  if (!o.annotations.empty() && o.annotations != "github")
    return bad_input("--annotations: must be 'github', got '" + o.annotations + "' (--sarif FILE writes SARIF)");
  if (!o.sarif.empty())
    if (auto r = check_output_file(o.sarif, "--sarif"); !r) return r;
  return {};
}

Expected<std::vector<ModelSetup>> load_setups(const CheckOptions& o, const std::string& engine) {
  spec::LoadOptions lo;
  lo.pick = o.model.statefulset;
  lo.allow_unknown_fields = o.model.allow_unknown_fields;
  auto sets = load_every_set(o.manifest.empty() ? std::string(kDefaultManifest) : o.manifest, lo);
  if (!sets) return sets.error();
  std::vector<ModelSetup> out;
  const std::int32_t most = max_replicas_of(engine);
  for (const auto& loaded : *sets) {
    auto setup = setup_from_loaded(loaded, o.model);
    if (!setup) return setup.error();
    const auto& set = setup->manifest.set;
    if (set.replicas > most)
      return bad_input(fmt::format(
          "{}: StatefulSet {}: spec.replicas: {} is more than the {} engine models (at most {} replicas{})",
          setup->manifest.source, set.name, set.replicas, engine, most,
          is_random_engine(engine) ? ""
                                   : fmt::format("; --engine simulate or --engine fuzz model up to {}",
                                                 kMaxRandomReplicas)));
    if (is_random_engine(engine)) {
      setup->bounds = model::random_bounds(set.replicas);
      setup->bounds.max_replicas = std::min(setup->bounds.max_replicas, most);
    }
    CheckOptions for_engine = o;
    for_engine.engine = engine;
    if (auto r = apply_bounds(for_engine, setup->bounds); !r) return r.error();
    if (auto r = setup->check_ordinals(); !r) return r.error();
    out.push_back(std::move(*setup));
  }
  return out;
}

RunContext context_of(const ModelSetup& s, const std::string& engine, std::optional<Seed> seed) {
  RunContext c;
  c.manifest = s.manifest.source;
  c.set = s.manifest.set.namespace_ + "/" + s.manifest.set.name;
  c.set_name = s.manifest.set.name;
  c.kubernetes = s.kubernetes;
  c.gates = to_json(s.gates);
  c.bounds = to_json(s.bounds);
  c.engine = engine;
  c.mutant = s.mutant;
  c.seed = seed;
  return c;
}

checker::ExploreConfig explore_config(const CheckOptions& o) {
  checker::ExploreConfig c;
  c.threads = o.threads;
  if (o.depth) c.max_depth = static_cast<std::uint32_t>(*o.depth);
  c.max_states = o.max_states;
  if (o.max_memory_mib) c.max_memory_bytes = static_cast<std::uint64_t>(*o.max_memory_mib * 1024 * 1024);
  c.time_limit_seconds = o.time_limit;
  c.progress = !o.quiet && !o.json;
  c.interrupt = o.interrupt;
  c.stop_at_first_violation = o.fail_fast;
  c.known_are_violations = o.fail_on_known;
  return c;
}

bool partial_order_reduction(const CheckOptions& o) { return !o.no_por && !o.depth; }

namespace {

Report run_engine(const CheckOptions& o, const Model& model, const std::vector<properties::Property>& props,
                  const model::Bounds& bounds, Seed seed, const checker::OnDiscovery<Model>& on_found) {
  if (!is_random_engine(o.engine))
    return run_explorer(model, props, explore_config(o), partial_order_reduction(o), on_found);
  RandomRun run;
  run.engine = o.engine;
  run.seed = seed;
  run.walks = o.walks;
  run.limits.steps = o.steps;
  run.limits.settle_steps = o.settle_steps.value_or(default_settle_steps(bounds));
  run.swarm = !o.no_swarm;
  run.threads = o.threads;
  run.shrink_seconds = o.shrink_time;
  run.max_steps = o.max_states;
  run.time_limit_seconds = o.time_limit;
  run.progress = !o.quiet && !o.json;
  run.interrupt = o.interrupt;
  run.stop_at_first_violation = o.fail_fast;
  return run_random(model, props, run);
}

}  // namespace

Expected<void> write_traces(const ModelSetup& setup, const Model& model, CheckSummary& summary,
                            const std::string& engine, std::optional<Seed> seed, const std::string& out_dir) {
  for (auto& row : summary.rows) {
    if (!row.discovery) continue;
    const std::string name = trace_file_name(setup.manifest.source, setup.manifest.set.name, row.property);
    auto text = verified_trace(setup, model, *row.discovery, engine, seed, name);
    if (!text) return text.error();
    const std::string path = (std::filesystem::path(out_dir) / name).string();
    if (auto w = counterexamples::write_file_atomically(path, *text); !w) {
      summary.write_errors.push_back(fmt::format("trace of {} not written: {}", row.property, w.error().message));
      summary.exit_code = kExitInternal;
      continue;
    }
    row.trace_file = path;
  }
  return {};
}

namespace {

/// The command line that reproduces this run: the one given, with the set and seed made explicit.
std::string reproduce_line(const CheckOptions& o, const ModelSetup& s, bool several_sets, Seed seed) {
  std::string line = o.command_line.empty() ? "stsmc check" : o.command_line;
  if (several_sets && !o.model.statefulset) line += " --statefulset " + s.manifest.set.name;
  if (!o.seed) line += " --seed " + std::to_string(seed);
  return line;
}

}  // namespace

int finish(const CheckOptions& o, const std::vector<SetReport>& reports) {
  int rc = kExitOk;
  for (const auto& r : reports) rc = worst_exit_code(rc, r.summary.exit_code);
  bool write_failed = false;
  for (const auto& r : reports) write_failed = write_failed || !r.summary.write_errors.empty();
  if (write_failed) rc = kExitInternal;
  if (o.json) print_json(reports, rc);
  if (reports.size() > 1 && !o.json) {
    fmt::print("\n{} StatefulSets checked:", reports.size());
    for (const auto& r : reports) fmt::print(" {} exit {};", r.context.set_name, r.summary.exit_code);
    fmt::print("\n");
  }
  if (o.annotations == "github")  // after the tables; on stderr when stdout is the JSON document
    for (const auto& line : github_annotations(reports)) fmt::print(o.json ? stderr : stdout, "{}\n", line);
  std::fflush(stdout);  // the result first, also where stdout and stderr share one pipe
  for (const auto& r : reports)
    for (const auto& e : r.summary.write_errors) fmt::print(stderr, "error: {}\n", e);
  if (!o.junit.empty())
    if (auto w = write_junit(o.junit, reports); !w) {
      fmt::print(stderr, "error: {}\n", w.error().message);
      rc = kExitInternal;
    }
  if (!o.sarif.empty())
    if (auto w = write_sarif(o.sarif, reports); !w) {
      fmt::print(stderr, "error: {}\n", w.error().message);
      rc = kExitInternal;
    }
  return rc;
}

namespace {

/// `check --engine bmc` and `prove` on one set: run the symbolic engine, write and replay the
/// traces, print the table.
Expected<SetReport> run_symbolic_set(const CheckOptions& o, const SymbolicRun& run, const ModelSetup& setup,
                                     const std::vector<properties::Property>& props) {
  const std::string engine = run.prove ? "prove" : "bmc";
  if (!o.json) {
    fmt::print("{}\n", describe_setup(setup));
    if (run.prove)
      fmt::print("engine prove: k-induction, k up to {}{}\n", run.max_k,
                 o.time_limit ? fmt::format(", time limit {} s", *o.time_limit) : "");
    else
      fmt::print("engine bmc: bounded model checking to depth {}{}\n", run.depth,
                 o.time_limit ? fmt::format(", time limit {} s", *o.time_limit) : "");
    std::fflush(stdout);  // what is being checked shows before the run, whatever happens to it
  }
  const Model model = setup.build();
  SymbolicRun symbolic = run;
  symbolic.fail_on_known = o.fail_on_known;
  symbolic.interrupt = o.interrupt;
  const auto report = run_symbolic(model, props, symbolic);
  if (report.encoding_error)
    return Error{ErrorCode::kInternal, "internal error in the symbolic encoding: a counterexample did not replay: " +
                                           *report.encoding_error};
  SetReport out;
  out.context = context_of(setup, engine, o.seed);
  out.summary = summarize_symbolic(props, report, symbolic);
  out.summary.unchecked = unchecked_properties(props, engine);
  if (auto w = write_traces(setup, model, out.summary, engine, o.seed, o.out_dir); !w) return w.error();
  checker::ExploreStats& stats = out.stats;
  stats.engine = engine;
  stats.seconds = report.stats.seconds;
  stats.max_depth = run.prove ? report.stats.k : report.stats.depth;
  stats.transitions = report.stats.solver_checks;
  stats.complete = out.summary.exit_code != kExitLimit;
  const auto describe = [](const checker::SymbolicResult& l) {
    return fmt::format("{}: {}{}", l.property, enum_name(l.verdict),
                       l.reason.empty() ? (l.verdict == checker::SymbolicVerdict::kProved ? fmt::format(" (k = {})", l.depth)
                                           : l.verdict == checker::SymbolicVerdict::kHolds
                                               ? fmt::format(" (within {} steps)", l.depth)
                                               : std::string())
                                        : " (" + l.reason + ")");
  };
  for (const auto& l : report.lemmas) out.summary.lemmas.push_back(describe(l));
  for (const auto& a : report.assumptions) out.summary.assumptions.push_back(describe(a));
  out.summary.domain_kept = report.domain_kept;
  out.summary.domain_candidates = report.domain_candidates;
  out.summary.domain_dropped = report.domain_dropped;
  if (!o.json) {
    print_table(out.summary, stats);
    // Safety properties a default prove leaves out, and why (JSON: not_checked).
    if (run.prove)
      for (const auto& u : out.summary.unchecked)
        if (!properties::prove_gap(u.property).empty()) fmt::print("not checked: {}: {}\n", u.property, u.reason);
  }
  return out;
}

int run_symbolic_command(const CheckOptions& o, const SymbolicRun& run) {
  const std::string engine = run.prove ? "prove" : "bmc";
  if (auto r = validate_options(o, engine); !r) return usage_error(r.error());
  auto props = symbolic_properties(o.properties, run.prove);
  if (!props) return usage_error(props.error());
  auto setups = load_setups(o, engine);
  if (!setups) return usage_error(setups.error());
  // The symbolic encoding has a slot per ordinal from 0 (model/rules/flat_state.h).
  for (const auto& setup : *setups) {
    const std::int64_t start = setup.manifest.set.ordinals_start.value_or(0);
    if (start > kMaxSymbolicStart)
      return usage_error(bad_input(fmt::format(
          "{}: StatefulSet {}: spec.ordinals.start {}: {} encodes a slot for every ordinal from 0, so at most {} "
          "(--engine explore, simulate and fuzz take any start)",
          setup.manifest.source, setup.manifest.set.name, start, engine, kMaxSymbolicStart)));
  }
  std::vector<SetReport> reports;
  for (const auto& setup : *setups) {
    if (!reports.empty() && !o.json) fmt::print("\n");
    auto r = run_symbolic_set(o, run, setup, *props);
    if (!r) {
      fmt::print(stderr, "error: {}\n", r.error().message);
      return r.error().code == ErrorCode::kInternal ? kExitInternal : kExitUsage;
    }
    reports.push_back(std::move(*r));
    if (interrupt_signal()) break;
  }
  return finish_interruptible(o, reports, setups->size());
}

}  // namespace

int finish_interruptible(const CheckOptions& o, const std::vector<SetReport>& reports, std::size_t sets) {
  if (const int sig = interrupt_signal()) {
    std::fflush(stdout);
    fmt::print(stderr, "stsmc: interrupted by {}: the results above are partial", signal_name(sig));
    if (reports.size() < sets)
      fmt::print(stderr, "; {} of {} StatefulSets not checked", sets - reports.size(), sets);
    fmt::print(stderr, "\n");
  }
  return finish(o, reports);
}

int run_check(const CheckOptions& options) {
  CheckOptions o = options;
  o.interrupt = catch_interrupts();
  if (o.engine != "explore" && o.engine != "bmc" && !is_random_engine(o.engine)) {
    fmt::print(stderr, "error: --engine {}: unknown (engines: explore, simulate, fuzz, bmc)\n", o.engine);
    return kExitUsage;
  }
  if (o.time_budget) return run_check_budget(o);
  if (o.engine == "bmc") {
    SymbolicRun run;
    run.depth = static_cast<std::uint32_t>(std::min<std::uint64_t>(o.depth.value_or(checker::kDefaultBmcDepth),
                                                                   kMaxSymbolicDepth + 1));
    run.time_limit_seconds = o.time_limit;
    run.progress = !o.quiet && !o.json;
    return run_symbolic_command(o, run);
  }
  if (auto r = validate_options(o, o.engine); !r) return usage_error(r.error());
  auto props = properties::select_properties(o.properties);
  if (!props) return usage_error(props.error());
  auto setups = load_setups(o, o.engine);
  if (!setups) return usage_error(setups.error());
  const Seed seed = o.seed ? *o.seed : std::random_device{}() * 0x100000001ULL ^ std::random_device{}();
  const bool random = is_random_engine(o.engine);
  std::vector<SetReport> reports;
  for (const auto& setup : *setups) {
    if (!reports.empty() && !o.json) fmt::print("\n");
    if (!o.json) {
      fmt::print("{}\n", describe_setup(setup));
      if (random)
        fmt::print("engine {}: seed {}, {} {} of up to {} steps, swarm {}\n", o.engine, seed, o.walks,
                   o.engine == "fuzz" ? "test cases" : "walks", o.steps, o.no_swarm ? "off" : "on");
      std::fflush(stdout);  // what is being checked shows before the search, whatever happens to it
    }
    const Model model = setup.build();
    // The explorer's safety violations are announced, and their traces written, when found: a
    // long search may still have hours to go (the table at the end lists them again).
    const auto announce = [&](const Discovery& d) {
      const std::string name = trace_file_name(setup.manifest.source, setup.manifest.set.name, d.property);
      const std::string path = (std::filesystem::path(o.out_dir) / name).string();
      auto text = verified_trace(setup, model, d, o.engine, o.seed, name);
      const bool written = text && counterexamples::write_file_atomically(path, *text).has_value();
      if (!o.quiet)
        fmt::print(stderr, "found: {} violated after {} step(s){}\n", d.property, d.path.length(),
                   written ? "; trace " + path : " (the trace is written at the end)");
    };
    auto report = run_engine(o, model, *props, setup.bounds, seed, announce);
    SetReport out;
    out.context = context_of(setup, o.engine, random ? std::optional<Seed>(seed) : o.seed);
    out.summary = summarize(model, *props, report, o.fail_on_known);
    out.summary.unchecked = unchecked_properties(*props, o.engine);
    if (!random) out.summary.partial_order_reduction = partial_order_reduction(o);
    out.stats = report.stats;
    if (auto w = write_traces(setup, model, out.summary, o.engine, out.context.seed, o.out_dir); !w) {
      fmt::print(stderr, "error: {}\n", w.error().message);
      return kExitInternal;
    }
    if (random && !report.discoveries.empty())
      out.summary.reproduce = reproduce_line(o, setup, setups->size() > 1, seed);
    if (!o.json) print_table(out.summary, out.stats);
    reports.push_back(std::move(out));
    if (interrupt_signal()) break;
  }
  return finish_interruptible(o, reports, setups->size());
}

int run_prove(const ProveOptions& p) {
  if (p.max_k < 1 || p.max_k > kMaxSymbolicDepth) {
    fmt::print(stderr, "error: --max-k: must be in 1..{}, got {}\n", kMaxSymbolicDepth, p.max_k);
    return kExitUsage;
  }
  SymbolicRun run;
  run.prove = true;
  run.max_k = p.max_k;
  run.time_limit_seconds = p.check.time_limit;
  run.progress = !p.check.quiet && !p.check.json;
  CheckOptions o = p.check;
  o.interrupt = catch_interrupts();
  return run_symbolic_command(o, run);
}

int run_mutants() {
  fmt::print("{:<32} {:<20} {:<44} {}\n", "MUTANT", "SHOULD BREAK", "UPSTREAM", "WHAT IT DOES");
  for (const auto& m : spec::mutants())
    fmt::print("{:<32} {:<20} {:<44} {}\n", m.name, m.property, m.upstream, m.description);
  return kExitOk;
}

int run_properties() {
  for (const auto& p : properties::all_properties())
    fmt::print("{:<22} {:<9} {}\n", p.id, enum_name(p.kind), p.statement);
  return kExitOk;
}

}  // namespace stsmc::cli
