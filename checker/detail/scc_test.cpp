// for_each_scc and find_fair_loop on hand-made quiet graphs, and on a path long enough to
// overflow the stack of a recursive Tarjan.
#include "checker/detail/scc.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "checker/detail/fair_loop.h"

namespace stsmc::checker::detail {
namespace {

/// A quiet graph over n non-goal states where every class named on an edge is enabled at its
/// source.
QuietGraph make_graph(std::size_t n, const std::vector<std::array<StateIndex, 3>>& edges) {
  QuietGraph g;
  g.resize(n);
  std::vector<QuietEdge> sorted;
  for (const auto& [from, to, cls] : edges) {
    sorted.push_back(QuietEdge{from, to, 0, static_cast<std::uint8_t>(cls), false});
    g.enabled[from] |= static_cast<std::uint16_t>(1u << cls);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
  for (const auto& e : sorted) g.add(e);
  return g;
}

std::vector<std::vector<StateIndex>> sccs(const QuietGraph& g) {
  std::vector<std::vector<StateIndex>> out;
  for_each_scc(g.edges, g.offsets(), [&](std::span<const StateIndex> m) {
    out.emplace_back(m.begin(), m.end());
    std::sort(out.back().begin(), out.back().end());
  });
  return out;
}

TEST(Scc, ComponentsInReverseTopologicalOrder) {
  const auto g =
      make_graph(6, {{0, 1, 0}, {1, 2, 0}, {2, 1, 0}, {2, 3, 0}, {3, 4, 0}, {4, 3, 0}, {5, 5, 0}});
  EXPECT_EQ(sccs(g), (std::vector<std::vector<StateIndex>>{{3, 4}, {1, 2}, {0}, {5}}));
}

TEST(Scc, MillionStatePathNeedsNoRecursion) {
  const StateIndex n = 1'000'000;
  std::vector<std::array<StateIndex, 3>> edges;
  for (StateIndex v = 0; v + 1 < n; ++v) edges.push_back({v, v + 1, 0});
  edges.push_back({n - 1, 0, 0});
  const auto g = make_graph(n, edges);
  std::size_t count = 0, biggest = 0;
  for_each_scc(g.edges, g.offsets(), [&](std::span<const StateIndex> m) {
    ++count;
    biggest = std::max(biggest, m.size());
  });
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(biggest, n);
  const auto loop = find_fair_loop(g, 1);
  ASSERT_TRUE(loop.has_value());
  EXPECT_EQ(loop->start, 0u);
  EXPECT_EQ(loop->walk.size(), n);
  EXPECT_EQ(loop->scc_size, n);
}

TEST(FairLoop, NoneInADag) {
  auto g = make_graph(3, {{0, 1, 0}, {1, 2, 0}});
  g.goal[2] = 1;
  EXPECT_FALSE(find_fair_loop(g, 1).has_value());
}

TEST(FairLoop, SmallestIndexWins) {
  // Two fair cycles: {3, 4} is found first by Tarjan, {1, 2} has the smaller index.
  const auto g = make_graph(5, {{0, 1, 0}, {1, 2, 0}, {2, 1, 0}, {0, 3, 0}, {3, 4, 0}, {4, 3, 0}});
  const auto loop = find_fair_loop(g, 1);
  ASSERT_TRUE(loop.has_value());
  EXPECT_EQ(loop->start, 1u);
  ASSERT_EQ(loop->walk.size(), 2u);
  EXPECT_EQ(loop->walk[0].to, 2u);
  EXPECT_EQ(loop->walk[1].to, 1u);
}

TEST(FairLoop, ClassEnabledEverywhereAndNeverFiringMakesItUnfair) {
  auto g = make_graph(2, {{0, 1, 0}, {1, 0, 0}});
  g.enabled[0] |= 2;  // class 1 is enabled in both states (its actions lead out of the graph)
  g.enabled[1] |= 2;
  EXPECT_FALSE(find_fair_loop(g, 2).has_value());
  g.enabled[1] = 1;  // now class 1 is disabled in state 1
  const auto loop = find_fair_loop(g, 2);
  ASSERT_TRUE(loop.has_value());
  EXPECT_EQ(loop->walk.size(), 2u);
}

// The graph stores edges in blocks of 2^12 with their sources implied by the out-degrees: a
// long cycle whose edges span several blocks, with a second edge out of some states, keeps every
// edge's source, target and order.
TEST(QuietGraphStorage, EdgesAcrossBlocksKeepTheirSourcesAndOrder) {
  const StateIndex n = 3 * BlockArray<StoredEdge>::kBlock / 2;
  QuietGraph g;
  g.resize(n);
  for (StateIndex v = 0; v < n; ++v) {
    g.add(QuietEdge{v, (v + 1) % n, static_cast<std::uint16_t>(v % 7), static_cast<std::uint8_t>(v % 3), false});
    if (v % 5 == 0) g.add(QuietEdge{v, v, 9, 1, false});
  }
  const auto off = g.offsets();
  ASSERT_EQ(off.size(), std::size_t{n} + 1);
  EXPECT_EQ(off[n], g.edges.size());
  for (StateIndex v = 0; v < n; ++v) {
    ASSERT_EQ(off[v + 1] - off[v], v % 5 == 0 ? 2u : 1u) << v;
    const QuietEdge e = g.edge(v, off[v]);
    EXPECT_EQ(e.from, v);
    EXPECT_EQ(e.to, (v + 1) % n);
    EXPECT_EQ(e.action, v % 7);
    EXPECT_EQ(e.cls, v % 3);
    if (v % 5 == 0) {
      EXPECT_EQ(g.edge(v, off[v] + 1).to, v);
    }
  }
  std::size_t sccs = 0;
  for_each_scc(g.edges, off, [&](std::span<const StateIndex> m) {
    ++sccs;
    EXPECT_EQ(m.size(), std::size_t{n});
  });
  EXPECT_EQ(sccs, 1u);
}

// An out-degree and action indices past their bytes (255 and more) go to side tables and come
// back whole; the states around keep theirs.
TEST(QuietGraphStorage, WideDegreesAndActionIndicesComeBackWhole) {
  QuietGraph g;
  g.resize(4);
  g.add(QuietEdge{0, 1, 3, 0, false});
  for (std::uint16_t a = 0; a < 600; ++a)
    g.add(QuietEdge{1, static_cast<StateIndex>(a % 4), a, static_cast<std::uint8_t>(a % 5), false});
  g.add(QuietEdge{2, 3, 1000, 2, false});
  EXPECT_EQ(g.out_degree(0), 1u);
  EXPECT_EQ(g.out_degree(1), 600u);
  EXPECT_EQ(g.out_degree(2), 1u);
  EXPECT_EQ(g.out_degree(3), 0u);
  const auto off = g.offsets();
  EXPECT_EQ(off, (std::vector<std::uint64_t>{0, 1, 601, 602, 602}));
  for (std::uint16_t a = 0; a < 600; ++a) {
    const QuietEdge e = g.edge(1, off[1] + a);
    ASSERT_EQ(e.action, a);
    ASSERT_EQ(e.to, a % 4u);
    ASSERT_EQ(e.cls, a % 5u);
  }
  EXPECT_EQ(g.edge(2, off[2]).action, 1000);
  EXPECT_EQ(g.edge(2, off[2]).to, 3u);
  EXPECT_EQ(g.edge(0, 0).action, 3);
}

}  // namespace
}  // namespace stsmc::checker::detail
