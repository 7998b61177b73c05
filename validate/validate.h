#pragma once
// Explaining a recorded history with the model: for each observed change, a breadth-first search
// over the world's actions (controller, kubelet, provisioner, GC, the user edits the observed
// spec implies) for a sequence that produces it (docs/validate.md §3).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "model/action.h"
#include "validate/history.h"

namespace stsmc::validate {

/// Limits of the search behind each change.
struct SearchOptions {
  /// Most model actions between two observed changes (the last one makes the change visible).
  std::size_t depth = 6;
  /// Most states visited for one change.
  std::size_t max_states = 200'000;
  /// A sync may have had one failed write (`--faults write-errors`: the `write-error` action,
  /// any attempt the sync makes, InternalError or on an update Conflict), as API servers,
  /// admission webhooks and timeouts give a real controller.
  bool write_errors = false;
  /// The controller's listers may lag the API server (`--faults stale-reads`), as a real
  /// controller reads informer caches: a sync may read each kind (pods, claims, revisions, the
  /// set) as it was up to the history's config.bounds.cache_lag versions ago along the
  /// explanation (the CLI sets it from --cache-lag, one by default), never older than what an
  /// earlier sync read (watch events arrive in order: a cache only moves forward). Searches grow:
  /// off unless asked for.
  bool stale_reads = false;
  /// A sync's writes may be steps of their own (`--faults partial-sync`), as a real controller's
  /// writes reach the watch one at a time: the `partial-sync` action starts a sync (on fresh reads
  /// or, with stale reads, on any stale view) and makes its first write, each later `reconcile`
  /// its next one, and every other actor may act in between (docs/faults.md, "Partial syncs").
  /// Searches grow: off unless asked for.
  bool partial_syncs = false;
  /// The controller may restart while a sync is in flight (`--faults restart`): the sync is
  /// abandoned after the writes it made. Only with partial syncs (no other sync is in flight).
  bool restarts = false;

  /// True when any fault that multiplies the search (stale reads, partial syncs) is on.
  bool multiplies() const { return stale_reads || partial_syncs; }
};

enum class Verdict : std::uint8_t { kExplained, kUnexplained, kBoundHit };
constexpr std::array<std::string_view, 3> enum_names(Verdict) { return {"explained", "unexplained", "bound-hit"}; }

/// For a sync that read stale caches (`--faults stale-reads`): per lister, in model::kListerKinds
/// order (pods, claims, revisions, the set), how many versions of its kind behind the API server
/// it served. All zero: up to date (every other step).
using StaleView = std::array<std::uint8_t, 4>;

/// How one observed change was explained.
struct Explanation {
  std::size_t change = 0;  ///< index into History::changes
  std::vector<model::Action> actions;  ///< empty: an earlier action had already written it
  std::vector<StaleView> views;        ///< per action: the stale view a Reconcile read
};

/// The closest state a failed search reached.
struct Candidate {
  std::vector<model::Action> actions;
  std::vector<StaleView> views;           ///< per action, as Explanation::views
  std::vector<std::string> differences;  ///< "phase: observed Running, model Pending"
};

/// The outcome.
struct Report {
  Verdict verdict = Verdict::kExplained;
  std::vector<Explanation> explained;
  /// Set unless explained: the first change no sequence of actions explains.
  std::optional<std::size_t> failed_change;
  std::vector<model::Action> tried;  ///< the actions that apply in the state before it
  std::optional<Candidate> closest;
  std::size_t states = 0;            ///< states visited in all searches
};

/// Explains every change of `h` in order and stops at the first that cannot be explained.
Report explain(const History& h, const SearchOptions& options);

/// The differences between the observed value of `key` and the model's (no UID mapping:
/// UIDs compared as the model's creation counters). For tests and the report.
std::vector<std::string> differences(const model::ClusterState& s, const ObjectKey& key, const ObservedObject& v);

/// The report as text for people (what `stsmc validate` prints).
std::string report_text(const History& h, const Report& r, const SearchOptions& options, bool verbose);
/// The report as one JSON document (`--json`).
Json report_json(const History& h, const Report& r, const SearchOptions& options);

}  // namespace stsmc::validate
