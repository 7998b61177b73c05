// Running the engines' findings through shrink and replay; see cli/findings.h.
#include "cli/findings.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <chrono>
#include <map>
#include <utility>

#include "checker/evaluate.h"
#include "checker/fuzz.h"
#include "checker/simulate.h"
#include "cli/version.h"
#include "counterexamples/replay.h"
#include "counterexamples/shorten.h"
#include "counterexamples/trace.h"
#include "instances/statefulset.h"

namespace stsmc::cli {
namespace {

/// A file name part: letters, digits, '-', '_' and '.'; anything else becomes '_'.
std::string file_part(std::string s) {
  for (auto& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  return s.empty() ? "_" : s;
}

}  // namespace

std::string trace_file_name(const std::string& manifest_source, const std::string& set_name,
                            const std::string& property) {
  std::string stem = std::filesystem::path(manifest_source).stem().string();
  if (manifest_source == "-" || manifest_source == "<stdin>") stem = "stdin";
  return file_part(stem) + "." + file_part(set_name) + "." + file_part(property) + ".json";
}

std::size_t default_settle_steps(const model::Bounds& b) {
  return 200 + 50 * static_cast<std::size_t>(std::max(b.max_replicas, 1));
}

Report run_random(const Model& model, const std::vector<properties::Property>& props, const RandomRun& run) {
  Report report;
  if (run.engine == "simulate") {
    checker::SimulateConfig c;
    c.seed = run.seed;
    c.walks = run.walks;
    c.limits = run.limits;
    c.swarm = run.swarm;
    c.threads = run.threads;
    c.max_steps = run.max_steps;
    c.time_limit_seconds = run.time_limit_seconds;
    c.progress = run.progress;
    c.stop_at_first_violation = run.stop_at_first_violation;
    c.interrupt = run.interrupt;
    report = checker::simulate(model, props, c);
  } else {
    checker::FuzzConfig c;
    c.seed = run.seed;
    c.runs = run.walks;
    c.limits = run.limits;
    c.swarm = run.swarm;
    c.shrink_seconds = run.shrink_seconds;
    c.max_steps = run.max_steps;
    c.time_limit_seconds = run.time_limit_seconds;
    c.progress = run.progress;
    c.interrupt = run.interrupt;
    report = checker::fuzz(model, props, c);
  }
  for (auto& d : report.discoveries) {
    if (checker::interrupted(run.interrupt)) break;  // the traces are written as found, not shortened
    const std::size_t before = shrink_discovery(model, props, d, run.shrink_seconds);
    if (run.progress && d.path.length() != before)
      fmt::print(stderr, "{}: trace shortened from {} to {} steps\n", d.property, before, d.path.length());
  }
  return report;
}

Report run_explorer(const Model& model, const std::vector<properties::Property>& props, const checker::ExploreConfig& c,
                    bool por, const checker::OnDiscovery<Model>& on_found) {
  if (!por) return checker::explore(model, props, c, on_found);
  const Model reduced = model.with_partial_order_reduction(true);
  std::map<std::string, std::pair<std::size_t, Discovery>> shortened;  // property -> (length found, result)
  checker::OnDiscovery<Model> tidy_found;
  if (on_found)
    tidy_found = [&](const Discovery& d) {
      Discovery tidy = d;
      shorten_reduced_trace(model, props, tidy);
      shortened.insert_or_assign(d.property, std::pair{d.path.length(), tidy});
      on_found(tidy);
    };
  auto report = checker::explore(reduced, props, c, tidy_found);
  for (auto& d : report.discoveries) {
    const auto it = shortened.find(d.property);
    if (it != shortened.end() && it->second.first == d.path.length())
      d = it->second.second;
    else
      shorten_reduced_trace(model, props, d);
  }
  return report;
}

namespace {

/// The violation message and known-upstream note of `d`'s (new) path.
void refresh_message(const Model& model, const properties::Property& p, Discovery& d) {
  if (p.kind == checker::PropertyKind::kLiveness)
    d.message = checker::check_lasso(model, d.path, p).reason;
  else if (auto v = checker::first_safety_violation(model, d.path, p)) {
    d.message = v->message;
    d.note = v->note;
  }
}

}  // namespace

std::size_t shrink_discovery(const Model& model, const std::vector<properties::Property>& props, Discovery& d,
                             double seconds) {
  const std::size_t before = d.path.length();
  const auto it = std::find_if(props.begin(), props.end(), [&](const auto& p) { return p.id == d.property; });
  if (it == props.end()) return before;
  counterexamples::ShrinkOptions so = counterexamples::default_work_limits();
  so.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  // Known upstream behaviour is reported, not hunted: ddmin makes it readable, and the search
  // for a shortest run is kept for findings that need one.
  d.path = d.note.empty() ? counterexamples::shorten(model, d.path, *it, so) : counterexamples::shrink(model, d.path, *it, so);
  refresh_message(model, *it, d);
  return before;
}

std::size_t shorten_reduced_trace(const Model& model, const std::vector<properties::Property>& props, Discovery& d) {
  const std::size_t before = d.path.length();
  const auto it = std::find_if(props.begin(), props.end(), [&](const auto& p) { return p.id == d.property; });
  if (it == props.end()) return before;
  counterexamples::ShrinkOptions so;
  so.max_attempts = kReducedShrinkAttempts;
  auto shorter = counterexamples::shrink(model, d.path, *it, so);
  if (it->kind != checker::PropertyKind::kLiveness)
    if (auto found = counterexamples::search_shorter(model, shorter, *it, std::nullopt, kReducedSearchStates, std::nullopt);
        found.path)
      shorter = std::move(*found.path);
  if (shorter.length() >= before) return before;
  d.path = std::move(shorter);
  refresh_message(model, *it, d);
  return before;
}

Expected<std::string> verified_trace(const ModelSetup& setup, const Model& model, const Discovery& d,
                                     const std::string& engine, std::optional<Seed> seed,
                                     const std::string& source_name) {
  counterexamples::TraceMeta meta;
  meta.property = d.property;
  meta.kind = d.kind == checker::PropertyKind::kLiveness ? "liveness" : "safety";
  meta.engine = engine;
  meta.seed = seed;
  meta.mutant = setup.mutant;
  meta.manifest = to_json(setup.manifest);
  meta.bounds = to_json(setup.bounds);
  meta.violation_step = d.path.length();
  meta.violation_message = d.message;
  meta.note = d.note;
  meta.extra = setup.config_json();
  meta.extra["stsmc_version"] = tool_version();
  const std::string text = counterexamples::trace_to_json(model, d.path, meta).dump(2) + "\n";
  const auto fail = [&](const std::string& why) {
    return Error{ErrorCode::kInternal,
                 fmt::format("the {} engine's trace for {} does not replay: {}", engine, d.property, why)};
  };
  auto stored = counterexamples::parse_trace(text, source_name);
  if (!stored) return fail(stored.error().message);
  auto again = setup_from_trace(stored->meta.manifest, stored->meta.bounds, stored->meta.extra, stored->meta.mutant);
  if (!again) return fail(again.error().message);
  const auto r = counterexamples::replay(again->build(), *stored, properties::all_properties());
  if (!r.replayed_ok) return fail(r.error);
  if (!r.violated) return fail(r.message);
  return text;
}

}  // namespace stsmc::cli
