#pragma once
// QuietGraph: what liveness checking keeps from the BFS for one property: the quiet transitions
// between non-goal states (self-loops included) and, per state, whether it is a goal state and
// which actor classes have an enabled quiet action there. Weak fairness is judged on these.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/detail/fingerprint_set.h"

namespace stsmc::checker::detail {

/// A quiet transition between two non-goal states.
struct QuietEdge {
  StateIndex from = kNoState;
  /// The target's index; while `pending`, the position of a level candidate instead.
  StateIndex to = kNoState;
  std::uint16_t action = 0;  ///< index in model.actions(from)
  std::uint8_t cls = 0;      ///< model.actor_class(action)
  bool pending = false;
};

struct QuietGraph {
  std::vector<std::uint8_t> goal;  ///< per state: 1 for a goal state
  std::vector<std::uint16_t>
      enabled;                   ///< per state: bit c set when class c has an enabled quiet action
  std::vector<QuietEdge> edges;  ///< sorted by `from` (BFS appends them in index order)

  std::size_t memory_bytes() const {
    return goal.capacity() + enabled.capacity() * sizeof(std::uint16_t) +
           edges.capacity() * sizeof(QuietEdge);
  }

  /// Out-edge offsets: the edges of state v are edges[offsets[v] .. offsets[v + 1]).
  std::vector<std::uint64_t> offsets() const {
    std::vector<std::uint64_t> off(goal.size() + 1, 0);
    for (const auto& e : edges) ++off[e.from + 1];
    for (std::size_t v = 0; v < goal.size(); ++v) off[v + 1] += off[v];
    return off;
  }
};

}  // namespace stsmc::checker::detail
