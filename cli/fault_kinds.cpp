// `--faults LIST`: the fault kinds of issue 17, which of them the model has, and what a list of
// them means (docs/faults.md, "In the engines: `check --faults`"). apply_bounds (cli/check_command.cpp) turns the
// kinds into budgets.
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "cli/check_steps.h"
#include "spec/text_util.h"

namespace stsmc::cli {

namespace {

// The fault kinds of --faults (issue 17's list); `built` is what the model has today.
struct FaultKind {
  std::string_view name;
  bool built;
  std::string_view what;
};
constexpr std::array<FaultKind, 4> kFaultKinds = {{
    {"write-errors", true, "a sync's write gets InternalError, or Conflict on an update (budget write-error)"},
    {"stale-reads", true, "the controller's listers lag the API server by up to --cache-lag writes "
                          "(budget informer-lag: informers that stop delivering)"},
    {"restart", true, "the controller restarts (budget controller-restart): a sync in flight (partial-sync) is "
                      "abandoned after the writes it made; 1.28 keeps nothing else between syncs but "
                      "its caches, which a re-list catches up as informer-sync does (docs/faults.md)"},
    {"partial-sync", true, "other actors act between the write attempts of one sync (budget partial-sync: "
                           "syncs in flight)"},
}};

}  // namespace

Expected<std::vector<std::string>> fault_kinds(const std::vector<std::string>& list) {
  std::vector<std::string> out;
  const auto add = [&](std::string_view k) {
    if (std::find(out.begin(), out.end(), k) == out.end()) out.emplace_back(k);
  };
  for (const auto& item : list) {
    if (item == "none") continue;
    if (item == "all") {
      for (const auto& k : kFaultKinds)
        if (k.built) add(k.name);
      continue;
    }
    const auto it = std::find_if(kFaultKinds.begin(), kFaultKinds.end(), [&](const FaultKind& k) { return k.name == item; });
    if (it == kFaultKinds.end()) {
      std::vector<std::string_view> names;
      for (const auto& k : kFaultKinds) names.push_back(k.name);
      names.push_back("all");
      names.push_back("none");
      std::string known;
      for (auto n : names) known += (known.empty() ? "" : ", ") + std::string(n);
      const auto close = spec::closest_match(item, names);
      return bad_input(fmt::format("--faults: unknown fault kind '{}'{} (known: {})", item,
                                   close ? fmt::format(" (did you mean '{}'?)", *close) : "", known));
    }
    if (!it->built)
      return bad_input(fmt::format("--faults {}: not modelled yet ({}); docs/faults.md says what is", item, it->what));
    add(it->name);
  }
  return out;
}

}  // namespace stsmc::cli
