#pragma once
// find_fair_loop: the liveness search over a QuietGraph. A fair non-goal cycle is a non-trivial
// SCC (more than one state, or a self-loop) in which every actor class is disabled in some state
// or fires on some edge inside it (weak fairness). A non-goal state without any enabled quiet
// action also counts: the quiet world stops there and never reaches the goal.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "checker/detail/quiet_graph.h"
#include "checker/detail/scc.h"
#include "core/check.h"

namespace stsmc::checker::detail {

/// A fair run that never reaches the goal: from `start` (the smallest BFS index of the first fair
/// SCC), a closed `walk` back to `start`; empty when the quiet world stops at `start`.
struct FairLoop {
  StateIndex start = kNoState;
  std::vector<QuietEdge> walk;
  std::size_t scc_size = 0;
};

inline std::uint32_t class_bit(std::size_t c) { return std::uint32_t{1} << c; }
inline std::uint32_t all_classes(std::size_t classes) { return (std::uint32_t{1} << classes) - 1; }

/// True when the closed walk from `start` lets every class fire or sees it disabled.
inline bool walk_is_fair(const QuietGraph& g, StateIndex start, const std::vector<QuietEdge>& walk,
                         std::uint32_t all) {
  std::uint32_t ok = ~std::uint32_t{g.enabled[start]};
  for (const auto& e : walk) ok |= class_bit(e.cls) | ~std::uint32_t{g.enabled[e.to]};
  return !walk.empty() && (ok & all) == all;
}

/// Shortest walk inside an SCC from `from` that ends with an edge accepted by `edge_ok` or at a
/// state accepted by `state_ok` (not `from` itself). `local[v]` is v's position among the SCC's
/// members, kNoState outside it.
template <class StateOk, class EdgeOk>
std::vector<QuietEdge> shortest_walk(const QuietGraph& g, const std::vector<std::uint64_t>& off,
                                     const std::vector<StateIndex>& local, std::size_t members,
                                     StateIndex from, StateOk&& state_ok, EdgeOk&& edge_ok) {
  std::vector<std::optional<QuietEdge>> parent(members);
  std::vector<StateIndex> queue{from};
  auto walk_to = [&](StateIndex v, std::optional<QuietEdge> last) {
    std::vector<QuietEdge> walk;
    if (last) walk.push_back(*last);
    for (; v != from; v = parent[local[v]]->from) walk.push_back(*parent[local[v]]);
    return std::vector<QuietEdge>(walk.rbegin(), walk.rend());
  };
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const StateIndex u = queue[q];
    for (std::uint64_t i = off[u]; i < off[u + 1]; ++i) {
      const QuietEdge e = g.edge(u, i);
      if (local[e.to] == kNoState) continue;
      if (edge_ok(e)) return walk_to(u, e);
      if (e.to == from || parent[local[e.to]]) continue;
      parent[local[e.to]] = e;
      if (state_ok(e.to)) return walk_to(e.to, std::nullopt);
      queue.push_back(e.to);
    }
  }
  STSMC_CHECK(!"no walk inside a strongly connected component");
  return {};
}

/// Drops self-loops from `walk` that the fairness of the loop does not need.
inline void drop_spare_self_loops(const QuietGraph& g, StateIndex start,
                                  std::vector<QuietEdge>& walk, std::uint32_t all) {
  for (std::size_t i = 0; i < walk.size();) {
    if (walk[i].from != walk[i].to) {
      ++i;
      continue;
    }
    auto without = walk;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    if (walk_is_fair(g, start, without, all))
      walk = std::move(without);
    else
      ++i;
  }
}

/// A fair closed walk from `start` through the SCC `members`: for each class in turn, unless the
/// walk already saw it disabled or firing, go to the nearest state where it is disabled or edge
/// where it fires; then return to `start`.
inline std::vector<QuietEdge> fair_walk(const QuietGraph& g, const std::vector<std::uint64_t>& off,
                                        std::span<const StateIndex> members, StateIndex start,
                                        std::size_t classes) {
  std::vector<StateIndex> local(g.goal.size(), kNoState);
  for (std::size_t i = 0; i < members.size(); ++i) local[members[i]] = static_cast<StateIndex>(i);
  std::vector<QuietEdge> walk;
  StateIndex cur = start;
  std::uint32_t seen = ~std::uint32_t{g.enabled[start]};
  for (std::size_t c = 0; c < classes; ++c) {
    if (seen & class_bit(c)) continue;
    auto part = shortest_walk(
        g, off, local, members.size(), cur,
        [&](StateIndex v) { return !(g.enabled[v] & class_bit(c)); },
        [&](const QuietEdge& e) { return e.cls == c; });
    for (const auto& e : part) seen |= class_bit(e.cls) | ~std::uint32_t{g.enabled[e.to]};
    if (!part.empty()) cur = part.back().to;
    walk.insert(walk.end(), part.begin(), part.end());
  }
  if (cur != start || walk.empty()) {
    auto back = shortest_walk(
        g, off, local, members.size(), cur, [](StateIndex) { return false; },
        [&](const QuietEdge& e) { return e.to == start; });
    walk.insert(walk.end(), back.begin(), back.end());
  }
  drop_spare_self_loops(g, start, walk, all_classes(classes));
  return walk;
}

/// True when the SCC `members` (component `id` in `comp`) is non-trivial and weakly fair.
inline bool scc_is_fair(const QuietGraph& g, const std::vector<std::uint64_t>& off,
                        std::span<const StateIndex> members, const std::vector<StateIndex>& comp,
                        StateIndex id, std::size_t classes) {
  std::uint32_t ok = 0;
  bool self_loop = false;
  for (StateIndex v : members) {
    ok |= ~std::uint32_t{g.enabled[v]};
    for (std::uint64_t i = off[v]; i < off[v + 1]; ++i) {
      if (comp[g.edges[i].to()] != id) continue;
      ok |= class_bit(g.edges[i].cls);
      self_loop = self_loop || g.edges[i].to() == v;
    }
  }
  const std::uint32_t all = all_classes(classes);
  return (members.size() > 1 || self_loop) && (ok & all) == all;
}

/// The fair non-goal cycle (or quiet stop) whose smallest BFS index is smallest; nullopt if none.
inline std::optional<FairLoop> find_fair_loop(const QuietGraph& g, std::size_t classes) {
  const auto off = g.offsets();
  FairLoop best;
  for (StateIndex v = 0; v < g.goal.size() && best.start == kNoState; ++v)
    if (!g.goal[v] && g.enabled[v] == 0) best.start = v;
  std::vector<StateIndex> best_members;
  std::vector<StateIndex> comp(g.goal.size(), kNoState);
  StateIndex next_id = 0;
  for_each_scc(g.edges, off, [&](std::span<const StateIndex> members) {
    const StateIndex id = next_id++;
    StateIndex lowest = kNoState;
    for (StateIndex m : members) {
      comp[m] = id;
      lowest = std::min(lowest, m);
    }
    if (lowest >= best.start || !scc_is_fair(g, off, members, comp, id, classes)) return;
    best.start = lowest;
    best_members.assign(members.begin(), members.end());
  });
  if (best.start == kNoState) return std::nullopt;
  best.scc_size = best_members.empty() ? 1 : best_members.size();
  if (!best_members.empty()) best.walk = fair_walk(g, off, best_members, best.start, classes);
  return best;
}

}  // namespace stsmc::checker::detail
