#pragma once
// QuietGraph: what liveness checking keeps from the BFS for one property: the quiet transitions
// out of non-goal states (self-loops included) and, per state, whether it is a goal state and
// which actor classes have an enabled quiet action there. Weak fairness is judged on these. A
// goal state has no edges out, so an edge into one leaves every cycle as it is: the searches
// over non-goal cycles never see it (it joins no strongly connected component but the goal
// state's own, trivial one). Recording such edges spares the BFS the goal of every successor.
//
// The edges are most of the search's memory when a liveness property is checked (several per
// state), so they are stored compactly: 6 bytes an edge (the target, and one byte each for the
// action index and the actor class), the source implied by the position (edges are appended in
// source order and each state keeps its out-degree in a byte), in fixed blocks, so that growing
// never copies them nor holds two copies at once as a doubling vector would. An action index or
// a degree that does not fit its byte goes to a side table (rare: a state has tens of actions).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>
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

/// A quiet edge as the graph stores it: the source is implied by its position; an action index of
/// kWideAction or more is in the graph's side table.
struct StoredEdge {
  std::uint8_t target[sizeof(StateIndex)] = {};  ///< bytes of the target's index (unaligned)
  std::uint8_t action = 0;
  std::uint8_t cls = 0;

  static constexpr std::uint8_t kWideAction = 0xff;
  StateIndex to() const {
    StateIndex t;
    std::memcpy(&t, target, sizeof t);
    return t;
  }
};
static_assert(sizeof(StoredEdge) == 6);

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
  static constexpr std::uint8_t kWideDegree = 0xff;

  BlockArray<std::uint8_t> goal;  ///< per state: 1 for a goal state
  BlockArray<std::uint16_t> enabled;  ///< per state: bit c set when class c has an enabled quiet action
  BlockArray<std::uint8_t> degree;    ///< per state: how many edges leave it (kWideDegree: see wide_degree)
  BlockArray<StoredEdge> edges;       ///< grouped by source, sources ascending
  std::unordered_map<StateIndex, std::uint32_t> wide_degree;    ///< degrees of kWideDegree or more
  std::unordered_map<std::uint64_t, std::uint16_t> wide_action;  ///< by edge position: indices of kWideAction or more

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
    StoredEdge s;
    std::memcpy(s.target, &e.to, sizeof e.to);
    s.cls = e.cls;
    if (e.action < StoredEdge::kWideAction) {
      s.action = static_cast<std::uint8_t>(e.action);
    } else {
      s.action = StoredEdge::kWideAction;
      wide_action.emplace(edges.size(), e.action);
    }
    edges.push_back(s);
    std::uint8_t& d = degree[e.from];
    if (d < kWideDegree - 1) {
      ++d;
    } else if (d == kWideDegree - 1) {
      d = kWideDegree;
      wide_degree.emplace(e.from, kWideDegree);
    } else {
      ++wide_degree[e.from];
    }
  }

  /// The edge at position i, with the source `from` it leaves (as the offsets give it).
  QuietEdge edge(StateIndex from, std::uint64_t i) const {
    const StoredEdge& s = edges[i];
    const std::uint16_t action = s.action == StoredEdge::kWideAction ? wide_action.at(i) : s.action;
    return QuietEdge{from, s.to(), action, s.cls, false};
  }

  /// How many edges leave state v.
  std::uint32_t out_degree(StateIndex v) const { return degree[v] == kWideDegree ? wide_degree.at(v) : degree[v]; }

  /// Bytes held (the side tables at a generous 64 bytes an entry).
  std::size_t memory_bytes() const {
    return goal.memory_bytes() + enabled.memory_bytes() + degree.memory_bytes() + edges.memory_bytes() +
           64 * (wide_degree.size() + wide_action.size());
  }

  /// Out-edge offsets: the edges of state v are edges[offsets[v] .. offsets[v + 1]).
  std::vector<std::uint64_t> offsets() const {
    std::vector<std::uint64_t> off(goal.size() + 1, 0);
    for (std::uint64_t v = 0; v < goal.size(); ++v) off[v + 1] = off[v] + out_degree(static_cast<StateIndex>(v));
    return off;
  }

 private:
  StateIndex last_from_ = 0;
};

}  // namespace stsmc::checker::detail
