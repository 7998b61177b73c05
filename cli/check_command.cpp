// `stsmc check`: the main job. Builds the model, runs the engine (explore, simulate or fuzz),
// shrinks what a random engine found, replays every trace before it is written (atomically),
// prints the summary table (or JSON), and maps the outcome to the exit code.
#include <fmt/core.h>

#include <filesystem>
#include <random>

#include "checker/explore.h"
#include "cli/check_report.h"
#include "cli/commands.h"
#include "cli/findings.h"
#include "cli/model_setup.h"
#include "cli/symbolic.h"
#include "counterexamples/atomic_file.h"
#include "properties/catalog.h"
#include "spec/mutants.h"

namespace stsmc::cli {
namespace {

}  // namespace

Expected<void> apply_bounds(const CheckOptions& o, model::Bounds& b) {
  const bool random = is_random_engine(o.engine);
  if (o.max_replicas) {
    const int most = random ? 500 : 32;
    if (*o.max_replicas < 0 || *o.max_replicas > most)
      return bad_input(fmt::format("--max-replicas: must be in 0..{} for {}, got {}", most,
                                   random ? "random walks" : "exhaustive exploration", *o.max_replicas));
    b.max_replicas = *o.max_replicas;
  }
  if (o.extra_templates) {
    if (*o.extra_templates < 0 || *o.extra_templates > 8)
      return bad_input("--templates: must be in 0..8, got " + std::to_string(*o.extra_templates));
    b.extra_templates = *o.extra_templates;
  }
  if (o.broken_template) b.broken_template = true;
  for (const auto& kv : o.budgets)
    if (auto r = model::apply_budget(b, kv, random ? model::kMaxRandomBudget : model::kMaxExhaustiveBudget); !r)
      return r;
  return {};
}

namespace {

Expected<void> check_random_options(const CheckOptions& o) {
  if (o.walks < 1 || o.walks > 1'000'000'000) return bad_input(fmt::format("--walks: must be in 1..10^9, got {}", o.walks));
  if (o.steps < 1 || o.steps > 100'000) return bad_input(fmt::format("--steps: must be in 1..100000, got {}", o.steps));
  if (o.settle_steps && *o.settle_steps > 1'000'000)
    return bad_input(fmt::format("--settle-steps: must be in 0..1000000, got {}", *o.settle_steps));
  if (!(o.shrink_time >= 0) || o.shrink_time > 86400)
    return bad_input(fmt::format("--shrink-time: must be in 0..86400 seconds, got {}", o.shrink_time));
  return {};
}

checker::ExploreConfig explore_config(const CheckOptions& o) {
  checker::ExploreConfig c;
  c.threads = o.threads;
  if (o.depth) c.max_depth = *o.depth;
  c.max_states = o.max_states;
  if (o.max_memory_mib) c.max_memory_bytes = static_cast<std::uint64_t>(*o.max_memory_mib * 1024 * 1024);
  c.time_limit_seconds = o.time_limit;
  c.progress = !o.quiet && !o.json;
  return c;
}

Report run_engine(const CheckOptions& o, const Model& model, const std::vector<properties::Property>& props,
                  const model::Bounds& bounds, Seed seed) {
  if (!is_random_engine(o.engine)) return checker::explore(model, props, explore_config(o));
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
  return run_random(model, props, run);
}

std::string trace_file_name(const ModelSetup& s, const std::string& property) {
  const std::string stem = std::filesystem::path(s.manifest.source).stem().string();
  return stem + "-" + property + ".json";
}

/// Writes the trace of every row with a discovery under `out_dir` (replayed first, atomically).
Expected<void> write_traces(const ModelSetup& setup, const Model& model, CheckSummary& summary,
                            const std::string& engine, std::optional<Seed> seed, const std::string& out_dir) {
  for (auto& row : summary.rows) {
    if (!row.discovery) continue;
    const std::string name = trace_file_name(setup, row.property);
    auto text = verified_trace(setup, model, *row.discovery, engine, seed, name);
    if (!text) return text.error();
    const std::string path = (std::filesystem::path(out_dir) / name).string();
    if (auto w = counterexamples::write_file_atomically(path, *text); !w) return w.error();
    row.trace_file = path;
  }
  return {};
}

/// The properties a symbolic run checks: those named, else every property for bmc (liveness as
/// lassos) and every safety property for prove (k-induction proves no liveness; naming a
/// liveness property there is an error).
Expected<std::vector<properties::Property>> symbolic_properties(const std::vector<std::string>& ids, bool prove) {
  auto props = properties::select_properties(ids);
  if (!props) return props.error();
  std::vector<properties::Property> out;
  for (auto& p : *props) {
    if (!prove || p.kind != checker::PropertyKind::kLiveness) out.push_back(std::move(p));
    else if (!ids.empty())
      return bad_input("--property " + p.id + ": a liveness property; prove (k-induction) proves safety properties "
                       "(use check --engine bmc to look for lassos, or --engine explore)");
  }
  return out;
}

/// `check --engine bmc` and `prove`: build the model, run the symbolic engine, write and
/// replay the traces, print the summary.
int run_symbolic_command(const CheckOptions& o, const SymbolicRun& run) {
  auto setup = setup_from_options(o.manifest, o.model);
  if (!setup) {
    fmt::print(stderr, "error: {}\n", setup.error().message);
    return kExitUsage;
  }
  if (auto r = apply_bounds(o, setup->bounds); !r) {
    fmt::print(stderr, "error: {}\n", r.error().message);
    return kExitUsage;
  }
  auto props = symbolic_properties(o.properties, run.prove);
  if (!props) {
    fmt::print(stderr, "error: {}\n", props.error().message);
    return kExitUsage;
  }
  const std::string engine = run.prove ? "prove" : "bmc";
  if (!o.json) {
    fmt::print("{}\n", describe_setup(*setup));
    if (run.prove)
      fmt::print("engine prove: k-induction, k up to {}{}\n", run.max_k,
                 o.time_limit ? fmt::format(", time limit {} s", *o.time_limit) : "");
    else
      fmt::print("engine bmc: bounded model checking to depth {}{}\n", run.depth,
                 o.time_limit ? fmt::format(", time limit {} s", *o.time_limit) : "");
  }
  const Model model = setup->build();
  SymbolicRun symbolic = run;
  symbolic.fail_on_known = o.fail_on_known;
  const auto report = run_symbolic(model, *props, symbolic);
  if (report.encoding_error) {
    fmt::print(stderr, "error: internal error in the symbolic encoding: a counterexample did not replay: {}\n",
               *report.encoding_error);
    return kExitInternal;
  }
  CheckSummary summary = summarize_symbolic(*props, report, symbolic);
  if (auto w = write_traces(*setup, model, summary, engine, o.seed, o.out_dir); !w) {
    fmt::print(stderr, "error: {}\n", w.error().message);
    return kExitInternal;
  }
  checker::ExploreStats stats;
  stats.engine = engine;
  stats.seconds = report.stats.seconds;
  stats.max_depth = run.prove ? report.stats.k : report.stats.depth;
  stats.transitions = report.stats.solver_checks;
  stats.complete = summary.exit_code != kExitLimit;
  const auto describe = [](const checker::SymbolicResult& l) {
    return fmt::format("{}: {}{}", l.property, enum_name(l.verdict),
                       l.reason.empty() ? (l.verdict == checker::SymbolicVerdict::kProved ? fmt::format(" (k = {})", l.depth)
                                           : l.verdict == checker::SymbolicVerdict::kHolds
                                               ? fmt::format(" (within {} steps)", l.depth)
                                               : std::string())
                                        : " (" + l.reason + ")");
  };
  for (const auto& l : report.lemmas) summary.lemmas.push_back(describe(l));
  for (const auto& a : report.assumptions) summary.assumptions.push_back(describe(a));
  summary.domain_kept = report.domain_kept;
  summary.domain_candidates = report.domain_candidates;
  summary.domain_dropped = report.domain_dropped;
  print_summary(summary, stats, o.json);
  if (!o.junit.empty())
    if (auto w = write_junit(o.junit, summary, stats); !w) {
      fmt::print(stderr, "error: {}\n", w.error().message);
      return kExitInternal;
    }
  return summary.exit_code;
}

/// The command line that reproduces this run: the one given, with the seed made explicit.
std::string reproduce_line(const CheckOptions& o, Seed seed) {
  std::string line = o.command_line.empty() ? "stsmc check" : o.command_line;
  if (!o.seed) line += " --seed " + std::to_string(seed);
  return line;
}

}  // namespace

int run_check(const CheckOptions& o) {
  if (o.engine == "bmc") {
    SymbolicRun run;
    run.depth = o.depth.value_or(checker::kDefaultBmcDepth);
    if (run.depth > kMaxSymbolicDepth) {
      fmt::print(stderr, "error: --depth: must be in 0..{} for the bmc engine, got {}\n", kMaxSymbolicDepth, run.depth);
      return kExitUsage;
    }
    run.time_limit_seconds = o.time_limit;
    run.progress = !o.quiet && !o.json;
    return run_symbolic_command(o, run);
  }
  if (o.engine != "explore" && !is_random_engine(o.engine)) {
    fmt::print(stderr, "error: --engine {}: unknown (engines: explore, simulate, fuzz, bmc)\n", o.engine);
    return kExitUsage;
  }
  if (is_random_engine(o.engine))
    if (auto r = check_random_options(o); !r) {
      fmt::print(stderr, "error: {}\n", r.error().message);
      return kExitUsage;
    }
  auto setup = setup_from_options(o.manifest, o.model);
  if (!setup) {
    fmt::print(stderr, "error: {}\n", setup.error().message);
    return kExitUsage;
  }
  if (is_random_engine(o.engine)) setup->bounds = model::random_bounds(setup->manifest.set.replicas);
  if (auto r = apply_bounds(o, setup->bounds); !r) {
    fmt::print(stderr, "error: {}\n", r.error().message);
    return kExitUsage;
  }
  auto props = properties::select_properties(o.properties);
  if (!props) {
    fmt::print(stderr, "error: {}\n", props.error().message);
    return kExitUsage;
  }
  const Seed seed = o.seed ? *o.seed : std::random_device{}() * 0x100000001ULL ^ std::random_device{}();
  if (!o.json) {
    fmt::print("{}\n", describe_setup(*setup));
    if (is_random_engine(o.engine))
      fmt::print("engine {}: seed {}, {} {} of up to {} steps, swarm {}\n", o.engine, seed, o.walks,
                 o.engine == "fuzz" ? "test cases" : "walks", o.steps, o.no_swarm ? "off" : "on");
  }
  const Model model = setup->build();
  auto report = run_engine(o, model, *props, setup->bounds, seed);
  CheckSummary summary = summarize(model, *props, report, o.fail_on_known);
  if (auto w = write_traces(*setup, model, summary, o.engine,
                            is_random_engine(o.engine) ? std::optional<Seed>(seed) : o.seed, o.out_dir);
      !w) {
    fmt::print(stderr, "error: {}\n", w.error().message);
    return kExitInternal;
  }
  if (is_random_engine(o.engine) && !report.discoveries.empty()) summary.reproduce = reproduce_line(o, seed);
  print_summary(summary, report.stats, o.json);
  if (!o.junit.empty())
    if (auto w = write_junit(o.junit, summary, report.stats); !w) {
      fmt::print(stderr, "error: {}\n", w.error().message);
      return kExitInternal;
    }
  return summary.exit_code;
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
  return run_symbolic_command(p.check, run);
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
