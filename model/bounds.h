#pragma once
// Bounds of an exhaustive run: which user and fault actions the environment may take, how often,
// and with which values. They make the state space finite (budgets live in the state).
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "core/json.h"
#include "core/limits.h"
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
                           (Budgets, budgets),
                           /// How many writes of a kind a lagging lister may be behind the API
                           /// server (--cache-lag; the stale-reads fault, docs/faults.md).
                           (std::int32_t, cache_lag));
  /// Added after traces were stored: at 0 it is not in a trace's JSON (core/reflect.h).
  static constexpr std::array<std::string_view, 1> kAddedFields{"cache_lag"};
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
/// use up to what a Budgets field holds (core/limits.h).
inline constexpr int kMaxExhaustiveBudget = limits::kMaxExhaustiveBudget;
inline constexpr int kMaxRandomBudget = limits::kMaxRandomBudget;

/// Checks `b` against the model's limits (core/limits.h): max_replicas in 0..kMaxReplicas,
/// extra_templates in 0..kMaxExtraTemplates, every budget in 0..`max_budget`. The error
/// (kBadInput) names the field under `path` and the limit, e.g. "bounds.max_replicas: must be
/// at most 1000 (the model's limit), got 2147483647". Every path that takes bounds from
/// outside (a trace, an option) calls it before a model is built.
Expected<void> validate_bounds(const Bounds& b, const std::string& path = "bounds",
                               int max_budget = kMaxRandomBudget);

/// Reads bounds from JSON (a trace's "bounds") and validates them: a type error or a value out
/// of range is a kBadTrace error naming the field under `path`.
Expected<Bounds> bounds_from_json(const Json& j, const std::string& path = "bounds");

/// Applies "--budget KEY=N" (KEY as in Budgets, dashes or underscores, N in 0..max), with a clear
/// error.
Expected<void> apply_budget(Bounds& b, const std::string& key_value, int max = kMaxExhaustiveBudget);

/// Names of the budget keys, dashed (for help and errors).
std::vector<std::string> budget_keys();

}  // namespace stsmc::model
