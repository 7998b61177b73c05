// `stsmc selftest`: every mutant must be killed by some engine on the manifest and bounds that
// expose it, and the unmutated model must show no violation beyond documented upstream behaviour.
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>

#include "checker/explore.h"
#include "cli/commands.h"
#include "cli/model_setup.h"
#include "counterexamples/atomic_file.h"
#include "counterexamples/trace.h"
#include "properties/catalog.h"
#include "spec/mutants.h"

namespace stsmc::cli {
namespace {

/// Where a mutant shows: a bundled example, feature gates, and budgets added to the defaults.
struct Exposure {
  std::string manifest;
  std::string gates;
  std::vector<std::string> budgets;
  friend bool operator==(const Exposure&, const Exposure&) = default;
  std::string describe() const {
    std::string d = manifest + (gates.empty() ? "" : " --feature-gates " + gates);
    for (const auto& b : budgets) d += " --budget " + b;
    return d;
  }
};

Exposure exposure_of(const std::string& mutant) {
  if (mutant == "pod-ref-in-range" || mutant == "ondelete-rolls" || mutant == "promote-under-ondelete")
    return {"queue-ondelete.yaml", "", {}};
  if (mutant == "ignore-stale-claims") return {"queue-ondelete.yaml", "", {"scale=2", "pod-failed=0", "delete-pod=0"}};
  if (mutant == "scaled-down-ignores-start")
    return {"queue-ondelete.yaml", "", {"set-start-ordinal=1", "pod-failed=0", "delete-pod=0", "update-template=0"}};
  if (mutant == "create-ignores-partition" || mutant == "update-below-partition") return {"db-canary.yaml", "", {}};
  if (mutant == "no-wait-on-update") return {"web-parallel.yaml", "", {}};
  if (mutant == "max-unavailable-ignored") return {"web-parallel.yaml", "MaxUnavailableStatefulSet=true", {}};
  if (mutant == "status-counts-unready") return {"myapp.yaml", "", {"pod-unready=1"}};
  if (mutant == "succeeded-not-recreated") return {"myapp.yaml", "", {"pod-succeeded=1", "pod-failed=0"}};
  if (mutant == "complete-with-status-replicas") return {"myapp.yaml", "", {"set-partition=1"}};
  return {"myapp.yaml", "", {}};
}

std::string example(const std::string& name) {
  return (std::filesystem::path(STSMC_SOURCE_DIR) / "spec" / "examples" / name).string();
}

struct Outcome {
  std::string killed_by;  ///< property, or "" when it survived
  std::size_t length = 0;
  std::uint64_t states = 0;
  std::string trace;
};

Expected<Outcome> run_one(const ModelOptions& mo, const std::string& manifest, const std::vector<std::string>& budgets,
                          const std::string& expected, const SelftestOptions& o, const std::string& trace_name) {
  auto setup = setup_from_options(example(manifest), mo);
  if (!setup) return setup.error();
  for (const auto& b : budgets)
    if (auto r = model::apply_budget(setup->bounds, b); !r) return r.error();
  const auto model = setup->build();
  checker::ExploreConfig cfg;
  cfg.threads = o.threads;
  cfg.progress = false;
  cfg.stop_at_first_violation = !trace_name.empty();
  const auto report = checker::explore(model, properties::all_properties(), cfg);
  Outcome out;
  out.states = report.stats.distinct_states;
  const checker::Discovery<model::StatefulSetModel>* pick = nullptr;
  for (const auto& d : report.discoveries)
    if (d.note.empty() && (!pick || d.property == expected)) pick = &d;
  if (!pick) return out;
  out.killed_by = pick->property;
  out.length = pick->path.length();
  if (trace_name.empty()) return out;
  counterexamples::TraceMeta meta;
  meta.property = pick->property;
  meta.kind = pick->kind == checker::PropertyKind::kLiveness ? "liveness" : "safety";
  meta.engine = "explore";
  meta.mutant = setup->mutant;
  meta.manifest = to_json(setup->manifest);
  meta.bounds = to_json(setup->bounds);
  meta.violation_step = pick->path.length();
  meta.violation_message = pick->message;
  meta.extra = setup->config_json();
  out.trace = (std::filesystem::path(o.out_dir) / (trace_name + ".json")).string();
  const auto json = counterexamples::trace_to_json(model, pick->path, meta);
  if (auto w = counterexamples::write_file_atomically(out.trace, json.dump(2) + "\n"); !w) return w.error();
  return out;
}

}  // namespace

int run_selftest(const SelftestOptions& o) {
  int survivors = 0, dirty = 0;
  if (o.markdown) {
    fmt::print("| mutant | should break | upstream | explore: killed by | length | states |\n");
    fmt::print("|---|---|---|---|---:|---:|\n");
  } else {
    fmt::print("{:<32} {:<20} {:<22} {:>6} {:>9}\n", "MUTANT", "SHOULD BREAK", "EXPLORE: KILLED BY", "LENGTH", "STATES");
  }
  for (const auto& m : spec::mutants()) {
    const Exposure e = exposure_of(m.name);
    ModelOptions mo;
    mo.feature_gates = e.gates;
    mo.mutant = m.name;
    auto r = run_one(mo, e.manifest, e.budgets, m.property, o, "mutant-" + m.name);
    if (!r) {
      fmt::print(stderr, "error: {}: {}\n", m.name, r.error().message);
      return kExitInternal;
    }
    const bool killed = !r->killed_by.empty();
    survivors += !killed;
    if (o.markdown)
      fmt::print("| {} | {} | {} | {} | {} | {} |\n", m.name, m.property, m.upstream,
                 killed ? r->killed_by : "**survived**", killed ? std::to_string(r->length) : "-", r->states);
    else
      fmt::print("{:<32} {:<20} {:<22} {:>6} {:>9}\n", m.name, m.property, killed ? r->killed_by : "SURVIVED",
                 killed ? std::to_string(r->length) : "-", r->states);
  }
  // The unmutated model must be clean on the default bounds of every example and on every
  // configuration that exposes a mutant (else a "kill" could be a false alarm).
  std::vector<Exposure> baselines;
  for (const char* manifest : {"myapp.yaml", "db-canary.yaml", "queue-ondelete.yaml", "web-parallel.yaml",
                               "cache-autodelete.yaml"})
    baselines.push_back({manifest, "", {}});
  for (const auto& m : spec::mutants())
    if (std::find(baselines.begin(), baselines.end(), exposure_of(m.name)) == baselines.end())
      baselines.push_back(exposure_of(m.name));
  for (const auto& e : baselines) {
    ModelOptions mo;
    mo.feature_gates = e.gates;
    auto r = run_one(mo, e.manifest, e.budgets, "", o, "");
    if (!r) {
      fmt::print(stderr, "error: {}: {}\n", e.describe(), r.error().message);
      return kExitInternal;
    }
    const bool clean = r->killed_by.empty();
    dirty += !clean;
    fmt::print("unmutated model, {}: {} ({} states)\n", e.describe(), clean ? "clean" : "VIOLATES " + r->killed_by,
               r->states);
  }
  fmt::print("\nselftest: {} mutants, {} killed, {} survived; unmutated model {}\n", spec::mutants().size(),
             spec::mutants().size() - static_cast<std::size_t>(survivors), survivors, dirty ? "NOT clean" : "clean");
  return survivors || dirty ? kExitViolation : kExitOk;
}

}  // namespace stsmc::cli
