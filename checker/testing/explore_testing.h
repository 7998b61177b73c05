#pragma once
// Test helpers for explore(): run a model with 1, 2 and 4 threads and insist that every count,
// verdict and trace is the same; compare paths by their actions' JSON.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "checker/explore.h"

namespace stsmc::checker::testing {

/// A config for tests: no progress line, the given number of threads.
inline ExploreConfig test_config(std::size_t threads = 1) {
  ExploreConfig c;
  c.threads = threads;
  c.progress = false;
  return c;
}

/// The path's actions as compact JSON strings.
template <Model M>
std::vector<std::string> action_strings(const M& model, const Path<M>& path) {
  std::vector<std::string> out;
  for (const auto& a : path.actions) out.push_back(model.action_json(a).dump());
  return out;
}

template <Model M>
void expect_same_report(const M& model, const ExploreReport<M>& a, const ExploreReport<M>& b) {
  EXPECT_EQ(a.stats.distinct_states, b.stats.distinct_states);
  EXPECT_EQ(a.stats.transitions, b.stats.transitions);
  EXPECT_EQ(a.stats.max_depth, b.stats.max_depth);
  EXPECT_EQ(a.stats.deadlocks, b.stats.deadlocks);
  EXPECT_EQ(a.stats.action_counts, b.stats.action_counts);
  EXPECT_EQ(a.stats.complete, b.stats.complete);
  EXPECT_EQ(a.stats.stop_reason, b.stats.stop_reason);
  EXPECT_EQ(a.undecided, b.undecided);
  ASSERT_EQ(a.discoveries.size(), b.discoveries.size());
  for (std::size_t i = 0; i < a.discoveries.size(); ++i) {
    const auto& x = a.discoveries[i];
    const auto& y = b.discoveries[i];
    EXPECT_EQ(x.property, y.property);
    EXPECT_EQ(x.message, y.message);
    EXPECT_EQ(x.note, y.note);
    EXPECT_EQ(x.path.loop_start, y.path.loop_start);
    EXPECT_EQ(action_strings(model, x.path), action_strings(model, y.path));
  }
}

/// Explores with 1, 2 and 4 threads, expects identical reports, and returns the first.
template <Model M>
ExploreReport<M> explore_all_threads(const M& model, const std::vector<Property<M>>& properties,
                                     ExploreConfig config = test_config()) {
  config.threads = 1;
  auto one = explore(model, properties, config);
  for (std::size_t threads : {2, 4}) {
    SCOPED_TRACE("threads = " + std::to_string(threads));
    config.threads = threads;
    const auto many = explore(model, properties, config);
    EXPECT_EQ(many.stats.threads, threads);
    expect_same_report(model, one, many);
  }
  return one;
}

/// The discovery for `property`, or nullptr.
template <Model M>
const Discovery<M>* find_discovery(const ExploreReport<M>& report, const std::string& property) {
  for (const auto& d : report.discoveries)
    if (d.property == property) return &d;
  return nullptr;
}

}  // namespace stsmc::checker::testing
