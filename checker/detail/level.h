#pragma once
// The pieces of one BFS level: the frontier, what scanning a chunk of it produces (successors
// not seen before, first property hits, quiet edges) and each worker's scratch space. Chunks are
// scanned in parallel and folded in frontier order, which makes results independent of threads.
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "checker/detail/byte_arena.h"
#include "checker/detail/fingerprint_set.h"
#include "checker/detail/parent_links.h"
#include "checker/detail/quiet_graph.h"

namespace stsmc::checker::detail {

inline constexpr std::uint16_t kNoAction = 0xffff;

/// std::allocator, except that resize() default-initialises (`new T`, not `new T()`): a vector of
/// trivial states about to be overwritten is not zeroed first (by one thread).
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}  // NOLINT: as allocators are
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// The states of one BFS level, in index order: state i has index `first + i`. Packed states
/// (PackedRef) live in `arenas`, the arenas of the chunks whose candidates they were (the heap
/// parts of a plain state with vectors are not counted).
template <class State>
struct Frontier {
  std::vector<State, DefaultInitAllocator<State>> states;
  std::vector<ByteArena> arenas;
  StateIndex first = 0;
  std::uint32_t depth = 0;

  std::size_t memory_bytes() const {
    std::size_t n = states.capacity() * sizeof(State) + arenas.capacity() * sizeof(ByteArena);
    for (const auto& a : arenas) n += a.memory_bytes();
    return n;
  }
};

/// A successor whose fingerprint was not in the visited set when its level was scanned.
template <class State>
struct Candidate {
  std::uint32_t from = 0;       ///< position of the parent in the frontier
  std::uint16_t action = 0;     ///< index of the action in actions(parent)
  bool first = false;           ///< the first candidate (in frontier order) with this fingerprint
  std::uint32_t slot = 0;       ///< its slot in the visited set's shard
  StateIndex index = kNoState;  ///< its state index, once merged
  Fingerprint fp = 0;
  State state;
};

/// The first violation of a property within a chunk.
struct Hit {
  std::uint32_t pos = 0;             ///< frontier position of the state
  std::uint16_t action = kNoAction;  ///< for a step property, the action index
  std::string message;
  std::string note;                  ///< known upstream behaviour: the property's note
};

/// A candidate's key in its shard's run: inserting reads these in order rather than the
/// candidates themselves, scattered over the chunk; the insertion's outcome is written here too.
struct ShardEntry {
  Fingerprint fp = 0;
  std::uint32_t cand = 0;       ///< position in the chunk's candidates
  std::uint32_t slot : 31 = 0;  ///< slot in the visited set's shard, once inserted
  std::uint32_t first : 1 = 0;  ///< the insertion added the key
};
static_assert(sizeof(ShardEntry) == 16);

/// What scanning one chunk of the frontier produces.
template <class State>
struct ChunkOut {
  std::vector<Candidate<State>> cands;
  ByteArena arena;                   ///< the candidates' packed states (PackedRef)
  std::vector<ShardEntry> by_shard;  ///< candidates' keys grouped by shard
  std::array<std::uint32_t, FingerprintSet::kShards + 1> shard_begin{};
  std::vector<std::optional<Hit>> hits;       ///< per property
  std::vector<std::optional<Hit>> known_hits;  ///< per property: its first known violation
  std::vector<std::vector<QuietEdge>> edges;  ///< per liveness property
  std::uint64_t unseen = 0;                   ///< new successors not kept (probe)
  std::uint64_t firsts = 0;
  bool done = false;

  void reset(std::size_t properties, std::size_t liveness) {
    cands.clear();
    arena.clear();
    by_shard.clear();
    hits.assign(properties, std::nullopt);
    known_hits.assign(properties, std::nullopt);
    edges.resize(liveness);
    for (auto& e : edges) e.clear();
    unseen = firsts = 0;
    done = false;
  }

  /// Groups the candidates by shard (a stable counting sort: frontier order within a shard).
  void group_by_shard() {
    shard_begin.fill(0);
    for (const auto& c : cands) ++shard_begin[FingerprintSet::shard_of(c.fp) + 1];
    for (std::size_t s = 0; s < FingerprintSet::kShards; ++s) shard_begin[s + 1] += shard_begin[s];
    auto next = shard_begin;
    by_shard.resize(cands.size());
    for (std::uint32_t k = 0; k < cands.size(); ++k)
      by_shard[next[FingerprintSet::shard_of(cands[k].fp)]++] = ShardEntry{cands[k].fp, k, 0, 0};
  }

  std::size_t memory_bytes() const {
    std::size_t n = cands.capacity() * sizeof(Candidate<State>) + by_shard.capacity() * sizeof(ShardEntry) +
                    arena.memory_bytes();
    for (const auto& e : edges) n += e.capacity() * sizeof(QuietEdge);
    return n;
  }
};

/// The candidates of the chunk being scanned, by key: a successor that is already a candidate of
/// the same chunk is not kept twice (siblings often reach the same state). The first occurrence,
/// the one that can be first in frontier order, is the one kept.
class ChunkCandidates {
 public:
  void clear() {
    for (std::size_t i : used_) slots_[i].key = 0;
    used_.clear();
  }
  /// The position of the chunk's candidate with key `fp`; `pos` (recorded) if there is none.
  std::uint32_t find_or_add(Fingerprint fp, std::uint32_t pos) {
    if ((used_.size() + 1) * 2 > slots_.size()) grow();
    const Fingerprint k = fp == 0 ? 1 : fp;  // as the visited set keys it
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Hasher::mix(k) & mask;; i = (i + 1) & mask) {
      if (slots_[i].key == k) return slots_[i].pos;
      if (slots_[i].key != 0) continue;
      slots_[i] = {k, pos};
      used_.push_back(i);
      return pos;
    }
  }

 private:
  struct Slot {
    Fingerprint key = 0;
    std::uint32_t pos = 0;
  };
  void grow() {
    std::vector<Slot> old(std::max<std::size_t>(1024, slots_.size() * 2));
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t& u : used_) {
      const Slot x = old[u];
      std::size_t i = Hasher::mix(x.key) & mask;
      while (slots_[i].key != 0) i = (i + 1) & mask;
      slots_[i] = x;
      u = i;
    }
  }
  std::vector<Slot> slots_;
  std::vector<std::size_t> used_;
};

/// Per-worker scratch and counters (summed at the end; sums do not depend on who did what).
template <class Action>
struct WorkerScratch {
  std::vector<Action> actions;
  std::vector<std::uint16_t>
      masks;  ///< per liveness property: classes with an enabled quiet action
  std::map<std::string, std::uint64_t, std::less<>> coverage;
  /// Coverage of models whose action names are `const char*`: counted by pointer (a short list,
  /// no string compares), turned into names when the search ends.
  std::vector<std::pair<const char*, std::uint64_t>> coverage_by_pointer;
  ChunkCandidates chunk_candidates;
  std::uint64_t transitions = 0;
  std::uint64_t deadlocks = 0;
};

}  // namespace stsmc::checker::detail
