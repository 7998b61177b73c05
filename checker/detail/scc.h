#pragma once
// Strongly connected components by Tarjan's algorithm, iteratively (an explicit call stack
// instead of recursion: quiet graphs have millions of states and paths as long).
#include <algorithm>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "checker/detail/quiet_graph.h"

namespace stsmc::checker::detail {

/// An edge's target, whether the edge stores it as a field (QuietEdge) or as bytes (StoredEdge).
inline StateIndex edge_target(const QuietEdge& e) { return e.to; }
inline StateIndex edge_target(const StoredEdge& e) { return e.to(); }

/// Calls on_scc(members) for every SCC of the graph over states [0, n) with out-edges
/// edges[offsets[v] .. offsets[v + 1]), in reverse topological order. Roots are taken in index
/// order and edges in stored order, so the sequence is deterministic.
template <class Edges, class OnScc>
void for_each_scc(const Edges& edges, const std::vector<std::uint64_t>& offsets,
                  OnScc&& on_scc) {
  const std::size_t n = offsets.size() - 1;
  std::vector<StateIndex> order(n, kNoState);  // discovery number
  std::vector<StateIndex> low(n, 0);
  std::vector<std::uint8_t> on_stack(n, 0);
  std::vector<StateIndex> stack;
  std::vector<std::pair<StateIndex, std::uint64_t>> calls;  // (state, next edge to follow)
  StateIndex counter = 0;
  auto enter = [&](StateIndex v) {
    order[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = 1;
    calls.emplace_back(v, offsets[v]);
  };
  for (StateIndex root = 0; root < n; ++root) {
    if (order[root] != kNoState) continue;
    enter(root);
    while (!calls.empty()) {
      const StateIndex v = calls.back().first;
      if (calls.back().second < offsets[v + 1]) {
        const StateIndex w = edge_target(edges[calls.back().second++]);
        if (order[w] == kNoState)
          enter(w);
        else if (on_stack[w])
          low[v] = std::min(low[v], order[w]);
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[v]);
      if (low[v] != order[v]) continue;
      auto it = std::find(stack.rbegin(), stack.rend(), v);
      const auto first = stack.end() - (it - stack.rbegin()) - 1;
      for (auto m = first; m != stack.end(); ++m) on_stack[*m] = 0;
      on_scc(std::span<const StateIndex>(&*first, static_cast<std::size_t>(stack.end() - first)));
      stack.erase(first, stack.end());
    }
  }
}

}  // namespace stsmc::checker::detail
