// `stsmc validate MANIFEST HISTORY`: read a recorded watch history of the manifest's StatefulSet
// and explain every observed change with the model's actions (docs/validate.md).
#include <fmt/core.h>

#include <algorithm>
#include <string_view>

#include "cli/commands.h"
#include "cli/model_setup.h"
#include "core/limits.h"
#include "validate/validate.h"

namespace stsmc::cli {

int run_validate(const ValidateOptions& o) {
  auto setup = setup_from_options(o.manifest, o.model);
  if (!setup) {
    fmt::print(stderr, "error: {}\n", setup.error().message);
    return kExitUsage;
  }
  auto events = validate::read_history_file(o.history);
  if (!events) {
    fmt::print(stderr, "error: {}\n", events.error().message);
    return kExitUsage;
  }
  validate::MapOptions mo;
  mo.selector = setup->manifest.set.selector;
  mo.initial_events = o.initial_events;
  const auto on = [&](std::string_view kind) { return std::find(o.faults.begin(), o.faults.end(), kind) != o.faults.end(); };
  if (o.cache_lag && !on("stale-reads")) {
    fmt::print(stderr, "error: --cache-lag: only with --faults stale-reads: without it every lister is up to date\n");
    return kExitUsage;
  }
  if (on("restart") && !on("partial-sync")) {
    fmt::print(stderr, "error: --faults restart: only with partial-sync: a restart abandons a sync in flight, and "
                       "without partial-sync no sync is in flight between two steps\n");
    return kExitUsage;
  }
  if (o.cache_lag && (*o.cache_lag < 1 || *o.cache_lag > limits::kMaxCacheLag)) {
    fmt::print(stderr, "error: --cache-lag: must be in 1..{}, got {}\n", limits::kMaxCacheLag, *o.cache_lag);
    return kExitUsage;
  }
  // A real cluster schedules and provisions in steps of their own unless the history shows
  // otherwise (map_history decides from the first observation of each new pod and claim).
  model::ModelConfig cfg = setup->config();
  cfg.controller.auto_schedule = false;
  cfg.controller.instant_binding = false;
  // A sync reads a kind at most --cache-lag versions behind, one unless given (as for check).
  if (on("stale-reads")) cfg.bounds.cache_lag = o.cache_lag.value_or(1);
  auto history = validate::map_history(std::move(*events), std::move(cfg), mo, o.history == "-" ? "<stdin>" : o.history);
  if (!history) {
    fmt::print(stderr, "error: {}\n", history.error().message);
    return kExitUsage;
  }
  validate::SearchOptions so;
  so.depth = o.depth;
  so.max_states = o.max_states;
  so.write_errors = on("write-errors");
  so.stale_reads = on("stale-reads");
  so.partial_syncs = on("partial-sync");
  so.restarts = on("restart");
  fmt::print(stderr, "{}\n", describe_setup(*setup));
  const validate::Report report = validate::explain(*history, so);
  if (o.json) fmt::print("{}\n", validate::report_json(*history, report, so).dump(2));
  else fmt::print("{}", validate::report_text(*history, report, so, o.verbose));
  switch (report.verdict) {
    case validate::Verdict::kExplained: return kExitOk;
    case validate::Verdict::kUnexplained: return kExitViolation;
    case validate::Verdict::kBoundHit: return kExitLimit;
  }
  return kExitInternal;
}

}  // namespace stsmc::cli
