#pragma once
// QuietGraph: what liveness checking keeps from the BFS for one property: the quiet transitions
// out of non-goal states (self-loops included) and, per state, whether it is a goal state and
// which actor classes have an enabled quiet action there. Weak fairness is judged on these. A
// goal state has no edges out, so an edge into one leaves every cycle as it is: the searches
// over non-goal cycles never see it (it joins no strongly connected component but the goal
// state's own, trivial one). Recording such edges spares the BFS the goal of every successor.
//
// The edges are most of the search's memory when a liveness property is checked (several per
// state), so they are stored compactly: 8 bytes an edge, the source implied by the position
// (edges are appended in source order and each state keeps its out-degree), in fixed blocks, so
// that growing never copies them nor holds two copies at once as a doubling vector would.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "checker/detail/fingerprint_set.h"
#include "core/check.h"

namespace stsmc::checker::detail {

/// A quiet transition out of a non-goal state (the form the BFS produces and walks use).
struct QuietEdge {
  StateIndex from = kNoState;
  /// The target's index; while `pending`, the position of a level candidate instead.
  StateIndex to = kNoState;
  std::uint16_t action = 0;  ///< index in model.actions(from)
  std::uint8_t cls = 0;      ///< model.actor_class(action)
  bool pending = false;
};

/// A quiet edge as the graph stores it: the source is implied by its position.
struct StoredEdge {
  StateIndex to = kNoState;
  std::uint16_t action = 0;
  std::uint8_t cls = 0;
};
static_assert(sizeof(StoredEdge) == 8);

/// An array that only grows, in fixed blocks of 2^12 elements: growing never copies nor holds
/// two copies at once, and at most one block is partly used.
template <class T>
class BlockArray {
 public:
  static constexpr std::size_t kShift = 12;
  static constexpr std::size_t kBlock = std::size_t{1} << kShift;

  void push_back(const T& v) {
    if (size_ == blocks_.size() * kBlock) blocks_.push_back(std::make_unique_for_overwrite<T[]>(kBlock));
    blocks_[size_ >> kShift][size_ & (kBlock - 1)] = v;
    ++size_;
  }
  /// Grows to n elements (never shrinks); new elements are value-initialized (zero).
  void grow_to(std::uint64_t n) {
    while (blocks_.size() * kBlock < n) blocks_.push_back(std::make_unique<T[]>(kBlock));
    size_ = std::max(size_, n);
  }
  const T& operator[](std::uint64_t i) const { return blocks_[i >> kShift][i & (kBlock - 1)]; }
  T& operator[](std::uint64_t i) { return blocks_[i >> kShift][i & (kBlock - 1)]; }
  std::uint64_t size() const { return size_; }
  std::size_t memory_bytes() const {
    return blocks_.size() * kBlock * sizeof(T) + blocks_.capacity() * sizeof(std::unique_ptr<T[]>);
  }

 private:
  std::vector<std::unique_ptr<T[]>> blocks_;
  std::uint64_t size_ = 0;
};

struct QuietGraph {
  BlockArray<std::uint8_t> goal;  ///< per state: 1 for a goal state
  BlockArray<std::uint16_t> enabled;  ///< per state: bit c set when class c has an enabled quiet action
  BlockArray<std::uint32_t> degree;   ///< per state: how many of the edges leave it
  BlockArray<StoredEdge> edges;       ///< grouped by source, sources ascending

  /// Sizes the per-state arrays for states [0, n) (they only grow).
  void resize(std::uint64_t n) {
    goal.grow_to(n);
    enabled.grow_to(n);
    degree.grow_to(n);
  }

  /// Appends an edge; its source must not be below the last edge's (the BFS appends in index
  /// order) and must be resolved (not pending).
  void add(const QuietEdge& e) {
    STSMC_CHECK(!e.pending && e.from < degree.size() && e.from >= last_from_);
    last_from_ = e.from;
    edges.push_back(StoredEdge{e.to, e.action, e.cls});
    ++degree[e.from];
  }

  /// The edge at position i, with the source `from` it leaves (as the offsets give it).
  QuietEdge edge(StateIndex from, std::uint64_t i) const {
    const StoredEdge& s = edges[i];
    return QuietEdge{from, s.to, s.action, s.cls, false};
  }

  std::size_t memory_bytes() const {
    return goal.memory_bytes() + enabled.memory_bytes() + degree.memory_bytes() + edges.memory_bytes();
  }

  /// Out-edge offsets: the edges of state v are edges[offsets[v] .. offsets[v + 1]).
  std::vector<std::uint64_t> offsets() const {
    std::vector<std::uint64_t> off(goal.size() + 1, 0);
    for (std::uint64_t v = 0; v < goal.size(); ++v) off[v + 1] = off[v] + degree[v];
    return off;
  }

 private:
  StateIndex last_from_ = 0;
};

}  // namespace stsmc::checker::detail
