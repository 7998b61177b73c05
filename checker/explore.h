#pragma once
// explore: exhaustive breadth-first search over a Model within bounds, checking invariants, step
// invariants and liveness (fair lassos in the quiet world). Counterexamples are shortest.
// Results (state counts, verdicts, traces) are identical for every thread count.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checker/interrupt.h"
#include "checker/model.h"
#include "checker/path.h"

namespace stsmc::checker {

/// Limits and knobs of a run.
struct ExploreConfig {
  std::size_t threads = 0;                       ///< 0: all cores
  /// Do not expand states at this depth. Their transitions are still generated and checked (by
  /// step properties too, so a step counterexample may have max_depth + 1 actions): that is how
  /// the search tells whether anything was cut off; if nothing was, the run is complete.
  std::optional<std::uint32_t> max_depth;
  std::optional<std::uint64_t> max_states;       ///< stop after this many distinct states
  /// Stop when the process's resident memory (or, if larger, the search's own count of its
  /// structures) passes this; checked between chunks of a level, so the peak stays within a
  /// chunk's worth of it.
  std::optional<std::uint64_t> max_memory_bytes;
  std::optional<double> time_limit_seconds;      ///< stop after this much wall time
  bool progress = true;                          ///< a progress line on stderr once a second
  bool stop_at_first_violation = false;          ///< else continue until every property is decided
  /// A violation the property calls known upstream behaviour (Property::known_hit) decides the
  /// property like any other (`--fail-on-known`); else the search looks on for one that is not.
  bool known_are_violations = false;
  InterruptFlag interrupt = nullptr;             ///< set: stop between chunks ("interrupted")
};

/// One violated property with its shortest counterexample.
template <Model M>
struct Discovery {
  std::string property;
  PropertyKind kind = PropertyKind::kInvariant;
  std::string message;
  Path<M> path;
  /// The known-upstream note, if the violation (a safety step or state, a liveness lasso) is
  /// known upstream behaviour.
  std::string note;
  /// The random engines: which walk or test case found it ("walk 17 of seed 42"), to reproduce.
  std::string origin;
};

/// Statistics of a run.
struct ExploreStats {
  std::uint64_t distinct_states = 0;
  std::uint64_t transitions = 0;
  std::uint32_t max_depth = 0;          ///< deepest BFS level reached
  double seconds = 0;
  std::uint64_t peak_memory_bytes = 0;  ///< the search's own structures
  std::uint64_t peak_resident_bytes = 0;  ///< the process's peak resident set (0: not measured)
  std::uint64_t stored_bytes = 0;       ///< what stays per state: visited set and parent links
  bool complete = false;                ///< the whole state space within bounds was explored
  std::string stop_reason;              ///< why it stopped early ("max-states", "time-limit", ...)
  std::uint64_t deadlocks = 0;          ///< states without enabled actions
  double collision_probability = 0;     ///< of 64-bit fingerprints, ≈ n² / 2^65; 0 when exact
  bool exact_keys = false;              ///< the visited set held packed states, not fingerprints
  std::map<std::string, std::uint64_t> action_counts;  ///< coverage: transitions per action name
  std::size_t threads = 1;
  /// The random engines (simulate, fuzz) report walks instead of distinct states: how many
  /// walks ran, the actions they took in all, how many settled into the goal and how many could
  /// not be judged (settle phase out of steps, or an unfair loop). `complete` then means every
  /// requested walk ran: a finding, never a proof.
  std::string engine = "explore";
  std::uint64_t walks = 0;
  std::uint64_t steps = 0;
  std::uint64_t converged = 0;
  std::uint64_t unsettled = 0;
  std::uint64_t longest_walk = 0;
};

/// The outcome: every violated property (at most one discovery each) and statistics.
template <Model M>
struct ExploreReport {
  std::vector<Discovery<M>> discoveries;
  ExploreStats stats;
  /// Liveness properties left undecided: the search stopped before covering the whole state
  /// space within bounds (a lasso may hide in the unexplored part). Neither violated nor holding.
  std::vector<std::string> undecided;
};

/// Called with each safety violation as soon as the level that shows it is scanned (its shortest
/// counterexample, as the report will have it), while the search goes on; liveness violations
/// are known only at the end. Runs on the explorer's thread, between levels.
template <Model M>
using OnDiscovery = std::function<void(const Discovery<M>&)>;

/// Explores `model` and checks `properties`.
template <Model M>
ExploreReport<M> explore(const M& model, const std::vector<Property<M>>& properties, const ExploreConfig& config,
                         const OnDiscovery<M>& on_discovery = {});

}  // namespace stsmc::checker

#include "checker/explore_impl.h"
