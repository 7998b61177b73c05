#pragma once
// Test support for the symbolic encoding: the example models (profile 1.28, optionally a
// mutant, optionally wider bounds) and their reachable states, to compare the rules written
// over value domains with the explicit model on every state the explorer can reach.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <unordered_set>
#include <vector>

#include "model/bounds.h"
#include "model/checker_model.h"
#include "model/setup.h"
#include "spec/manifest_loader.h"
#include "spec/mutants.h"
#include "spec/profile.h"

namespace stsmc::model::testing {

inline const std::vector<std::string>& example_names() {
  static const std::vector<std::string> names = {"myapp", "web-parallel", "db-canary", "queue-ondelete",
                                                 "cache-autodelete"};
  return names;
}

/// The checking model of spec/examples/<name>.yaml under profile 1.28, with `mutant` (if any)
/// and `bounds` (default: the explorer's default bounds for the manifest).
inline StatefulSetModel example_model(const std::string& name, const std::string& mutant = "",
                                      std::optional<Bounds> bounds = std::nullopt) {
  auto loaded = spec::load_manifest_file(std::string(STSMC_SOURCE_DIR) + "/spec/examples/" + name + ".yaml");
  EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error().message);
  const spec::Manifest m = loaded ? loaded->manifest : spec::Manifest{};
  auto setup = Setup::make(m, spec::kDefaultRelease, "", mutant.empty() ? std::nullopt : std::optional(mutant));
  EXPECT_TRUE(setup.has_value());
  if (bounds) setup->bounds = *bounds;
  return setup->build();
}

/// Breadth-first, the first `cap` distinct states (by the model's fingerprint) reachable from
/// the initial state.
inline std::vector<ClusterState> reachable(const StatefulSetModel& m, std::size_t cap) {
  std::vector<ClusterState> out;
  std::unordered_set<Fingerprint> seen;
  std::deque<ClusterState> queue;
  for (auto& s : m.init_states()) {
    seen.insert(m.fingerprint(s));
    queue.push_back(std::move(s));
  }
  std::vector<Action> actions;
  while (!queue.empty() && out.size() < cap) {
    ClusterState s = std::move(queue.front());
    queue.pop_front();
    actions.clear();
    m.actions(s, actions);
    for (const auto& a : actions)
      if (auto n = m.next_state(s, a); n && seen.insert(m.fingerprint(*n)).second) queue.push_back(std::move(*n));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace stsmc::model::testing
