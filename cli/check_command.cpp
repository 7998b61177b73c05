// `stsmc check`: the main job. Builds the model, runs the engine, prints the summary table (or
// JSON), writes every counterexample trace atomically, and maps the outcome to the exit code.
#include <fmt/core.h>

#include <filesystem>

#include "checker/explore.h"
#include "cli/check_report.h"
#include "cli/commands.h"
#include "cli/model_setup.h"
#include "counterexamples/atomic_file.h"
#include "counterexamples/trace.h"
#include "properties/catalog.h"
#include "spec/mutants.h"

namespace stsmc::cli {
namespace {

Expected<void> apply_bounds(const CheckOptions& o, model::Bounds& b) {
  if (o.max_replicas) {
    if (*o.max_replicas < 0 || *o.max_replicas > 32)
      return bad_input("--max-replicas: must be in 0..32 for exhaustive exploration, got " + std::to_string(*o.max_replicas));
    b.max_replicas = *o.max_replicas;
  }
  if (o.extra_templates) {
    if (*o.extra_templates < 0 || *o.extra_templates > 8)
      return bad_input("--templates: must be in 0..8, got " + std::to_string(*o.extra_templates));
    b.extra_templates = *o.extra_templates;
  }
  if (o.broken_template) b.broken_template = true;
  for (const auto& kv : o.budgets)
    if (auto r = model::apply_budget(b, kv); !r) return r;
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

std::string trace_file_name(const ModelSetup& s, const std::string& property) {
  const std::string stem = std::filesystem::path(s.manifest.source).stem().string();
  return stem + "-" + property + ".json";
}

}  // namespace

int run_check(const CheckOptions& o) {
  if (o.engine != "explore") {
    fmt::print(stderr, "error: --engine {}: not available in this build (engines: explore)\n", o.engine);
    return kExitUsage;
  }
  auto setup = setup_from_options(o.manifest, o.model);
  if (!setup) {
    fmt::print(stderr, "error: {}\n", setup.error().message);
    return kExitUsage;
  }
  if (auto r = apply_bounds(o, setup->bounds); !r) {
    fmt::print(stderr, "error: {}\n", r.error().message);
    return kExitUsage;
  }
  auto props = properties::select_properties(o.properties);
  if (!props) {
    fmt::print(stderr, "error: {}\n", props.error().message);
    return kExitUsage;
  }
  if (!o.json) fmt::print("{}\n", describe_setup(*setup));
  const model::StatefulSetModel model = setup->build();
  const auto report = checker::explore(model, *props, explore_config(o));
  CheckSummary summary = summarize(model, *props, report, o.fail_on_known);
  for (auto& row : summary.rows) {
    if (!row.discovery) continue;
    const auto& d = *row.discovery;
    counterexamples::TraceMeta meta;
    meta.property = d.property;
    meta.kind = d.kind == checker::PropertyKind::kLiveness ? "liveness" : "safety";
    meta.engine = o.engine;
    meta.seed = o.seed;
    meta.mutant = setup->mutant;
    meta.manifest = to_json(setup->manifest);
    meta.bounds = to_json(setup->bounds);
    meta.violation_step = d.path.length();
    meta.violation_message = d.message;
    meta.note = d.note;
    meta.extra = setup->config_json();
    const std::string path = (std::filesystem::path(o.out_dir) / trace_file_name(*setup, d.property)).string();
    const auto json = counterexamples::trace_to_json(model, d.path, meta);
    if (auto w = counterexamples::write_file_atomically(path, json.dump(2) + "\n"); !w) {
      fmt::print(stderr, "error: {}\n", w.error().message);
      return kExitInternal;
    }
    row.trace_file = path;
  }
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
