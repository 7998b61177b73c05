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
#include "counterexamples/atomic_file.h"
#include "properties/catalog.h"
#include "spec/mutants.h"

namespace stsmc::cli {
namespace {

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

/// The command line that reproduces this run: the one given, with the seed made explicit.
std::string reproduce_line(const CheckOptions& o, Seed seed) {
  std::string line = o.command_line.empty() ? "stsmc check" : o.command_line;
  if (!o.seed) line += " --seed " + std::to_string(seed);
  return line;
}

}  // namespace

int run_check(const CheckOptions& o) {
  if (o.engine != "explore" && !is_random_engine(o.engine)) {
    fmt::print(stderr, "error: --engine {}: not available in this build (engines: explore, simulate, fuzz)\n",
               o.engine);
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
  for (auto& row : summary.rows) {
    if (!row.discovery) continue;
    const std::string name = trace_file_name(*setup, row.property);
    auto text = verified_trace(*setup, model, *row.discovery, o.engine,
                               is_random_engine(o.engine) ? std::optional<Seed>(seed) : o.seed, name);
    if (!text) {
      fmt::print(stderr, "error: {}\n", text.error().message);
      return kExitInternal;
    }
    const std::string path = (std::filesystem::path(o.out_dir) / name).string();
    if (auto w = counterexamples::write_file_atomically(path, *text); !w) {
      fmt::print(stderr, "error: {}\n", w.error().message);
      return kExitInternal;
    }
    row.trace_file = path;
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
