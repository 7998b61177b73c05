// `stsmc conform PATH...`: replay recorded real-controller traces through the model.
#include "cli/commands.h"

#include <fmt/core.h>

#include "conformance/replay.h"

namespace stsmc::cli {

int run_conform(const ConformOptions& o) {
  auto files = conformance::find_scenarios(o.paths);
  if (!files) {
    fmt::print(stderr, "stsmc conform: {}\n", files.error().message);
    return kExitUsage;
  }
  std::size_t scenarios = 0, steps = 0, failed = 0;
  for (const auto& f : *files) {
    auto sc = conformance::read_scenario(f);
    if (!sc) {
      fmt::print(stderr, "stsmc conform: {}\n", sc.error().message);
      return kExitUsage;
    }
    auto res = conformance::replay(*sc, o.kubernetes);
    if (!res) {
      fmt::print(stderr, "stsmc conform: {}: {}\n", f, res.error().message);
      return kExitUsage;
    }
    ++scenarios;
    steps += res->steps;
    if (!res->ok) {
      ++failed;
      fmt::print("DIVERGED {} ({} of {} steps matched)\n  {}\n", f, res->steps_matched == 0 ? 0 : res->steps_matched - 1, res->steps, res->divergence);
      if (!o.keep_going) break;
    } else if (o.verbose) {
      fmt::print("ok       {} ({} steps)\n", res->scenario, res->steps);
    }
  }
  if (failed) {
    fmt::print("conformance: {} of {} scenarios diverged from the recorded controller (profile {})\n", failed,
               scenarios, o.kubernetes);
    return kExitViolation;
  }
  fmt::print("conformance: {} scenarios, {} steps matched the recorded controller (profile {})\n", scenarios, steps,
             o.kubernetes);
  return kExitOk;
}

}  // namespace stsmc::cli
