#pragma once
// Bounds of an exhaustive run: which user and fault actions the environment may take, how often,
// and with which values. They make the state space finite (budgets live in the state).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/expected.h"
#include "core/json.h"
#include "model/cluster_state.h"

namespace stsmc::model {

/// Everything that bounds the environment.
struct Bounds {
  BOOST_HANA_DEFINE_STRUCT(Bounds,
                           /// Scale targets range over 0..max_replicas.
                           (std::int32_t, max_replicas),
                           /// Extra templates the user may switch to (v2, v3, ...) besides the manifest's.
                           (std::int32_t, extra_templates),
                           /// Add one template whose pods never become Ready (a crash loop).
                           (bool, broken_template),
                           /// Remaining budgets per bounded action kind.
                           (Budgets, budgets));
  friend bool operator==(const Bounds&, const Bounds&) = default;
};

/// The default bounds for a manifest with `replicas` replicas: small enough to finish in seconds.
Bounds default_bounds(std::int32_t replicas);

/// The default bounds of the random engines (simulate, fuzz), which go far beyond what the
/// explorer can finish: scale targets up to max(replicas + 2, 12), two extra templates, and a
/// budget for every user and fault action whose runs the unmutated model is known to survive
/// (docs/checking.md, "Random engines"); each walk's swarm then leaves some kinds out.
Bounds random_bounds(std::int32_t replicas);

/// The largest budget "--budget" accepts: exhaustive search needs small ones, random walks may
/// use up to what a Budgets field holds.
inline constexpr int kMaxExhaustiveBudget = 16;
inline constexpr int kMaxRandomBudget = 255;

/// Applies "--budget KEY=N" (KEY as in Budgets, dashes or underscores, N in 0..max), with a clear
/// error.
Expected<void> apply_budget(Bounds& b, const std::string& key_value, int max = kMaxExhaustiveBudget);

/// Names of the budget keys, dashed (for help and errors).
std::vector<std::string> budget_keys();

}  // namespace stsmc::model
