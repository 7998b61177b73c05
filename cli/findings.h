#pragma once
// What `check` and `selftest` do with an engine's findings: run the engine the options name,
// shrink what a random engine found, and turn a discovery into a trace document that has been
// replayed from its own text before anyone sees it (docs/architecture.md §1, idea 3).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/explore.h"
#include "checker/walk.h"
#include "cli/model_setup.h"
#include "core/expected.h"
#include "core/rng.h"
#include "properties/catalog.h"

namespace stsmc::cli {

using Model = model::StatefulSetModel;
using Report = checker::ExploreReport<Model>;
using Discovery = checker::Discovery<Model>;

/// True for the engines that sample runs (simulate, fuzz) rather than enumerate them.
inline bool is_random_engine(const std::string& engine) { return engine == "simulate" || engine == "fuzz"; }

/// How to run a random engine.
struct RandomRun {
  std::string engine = "fuzz";  ///< "simulate" or "fuzz"
  Seed seed = 0;
  std::size_t walks = 1000;
  checker::WalkLimits limits;
  bool swarm = true;
  std::size_t threads = 0;               ///< simulate only; fuzz is single-threaded
  double shrink_seconds = 30;            ///< fuzz: RapidCheck's budget; then as much for ddmin
  std::optional<std::uint64_t> max_steps;
  std::optional<double> time_limit_seconds;
  bool progress = true;
  bool stop_at_first_violation = false;  ///< simulate: stop after the first unexplained find
  checker::InterruptFlag interrupt = nullptr;  ///< set: stop walking; what was found is not shrunk
};

/// Settle steps by default: enough for the quiet world to roll every pod of the largest scale
/// target through a full replacement.
std::size_t default_settle_steps(const model::Bounds& b);

/// The explorer on `model`, the full model, with partial-order reduction when `por`
/// (docs/checking.md, "Partial-order reduction"); with it, each discovery's trace is shortened over
/// the full model (shorten_reduced_trace) before anyone sees it, in what `on_found` is given as in
/// the report (what was shortened when announced is not shortened again).
Report run_explorer(const Model& model, const std::vector<properties::Property>& props, const checker::ExploreConfig& c,
                    bool por, const checker::OnDiscovery<Model>& on_found = {});

/// Runs simulate or fuzz, then shrinks every discovery (see shrink_discovery).
Report run_random(const Model& model, const std::vector<properties::Property>& props, const RandomRun& run);

/// Shortens a discovery within `seconds` as `stsmc shrink` does (counterexamples::shorten: ddmin,
/// then a breadth-first search of the shorter runs in the time left) and recomputes its message
/// on the shorter path. Returns the length before.
std::size_t shrink_discovery(const Model& model, const std::vector<properties::Property>& props, Discovery& d,
                             double seconds);

/// After a search with partial-order reduction, whose shortest trace may bind a claim earlier than
/// the violation needs: on `model`, the full model, takes out the steps the trace does not need
/// (ddmin, deletions only), then, for a safety property, searches the full model breadth first for
/// a shorter run (counterexamples::search_shorter). Both are bounded by counts, not time, so the
/// result is the same on every machine; within them the trace is the shortest over the full state
/// space. Returns the length before.
inline constexpr std::size_t kReducedShrinkAttempts = 2'000;
inline constexpr std::uint64_t kReducedSearchStates = 200'000;
std::size_t shorten_reduced_trace(const Model& model, const std::vector<properties::Property>& props, Discovery& d);

/// The name of a trace file: "<manifest file stem>.<StatefulSet name>.<property>.json" (stem
/// "stdin" for standard input), so that the sets of one file and files of one folder do not
/// overwrite each other's traces. Characters other than letters, digits, '-', '_' and '.'
/// become '_'.
std::string trace_file_name(const std::string& manifest_source, const std::string& set_name,
                            const std::string& property);

/// The stsmc-trace/1 document of `d`, written by `engine` with `seed`, after it was parsed back
/// and replayed through a model rebuilt from the document alone: an error (kInternal) when it
/// does not replay to "violated", which is a bug of the engine, not a finding. The document's
/// config records the version of stsmc that wrote it (config.stsmc_version).
Expected<std::string> verified_trace(const ModelSetup& setup, const Model& model, const Discovery& d,
                                     const std::string& engine, std::optional<Seed> seed,
                                     const std::string& source_name);

}  // namespace stsmc::cli
