#pragma once
// The body of explore(): a level-synchronous breadth-first search. Each level is scanned in
// parallel chunks (property checks, successors, lookups in the visited set, which nobody writes
// meanwhile), then merged: new fingerprints are inserted shard by shard in frontier order and
// numbered in frontier order, so the first discoverer of every state, and with it every count and
// trace, is the same for any number of threads. Only the parent link of a state is kept; paths
// are rebuilt by re-running the model (TLC's and stateright's approach).
//
// A level is scanned in one of three modes: expand (the usual), probe (at max_depth: successors
// are generated and checked but not kept; a new one means the depth cut something off) and check
// (after a limit: the states already numbered get their invariants checked, nothing more).
// Liveness: a non-goal state where no quiet action is enabled counts as a violation too (the
// quiet world stops there for good); it is reported as a lasso whose loop is empty.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <concepts>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "checker/detail/fair_loop.h"
#include "checker/detail/fingerprint_set.h"
#include "checker/detail/level.h"
#include "checker/detail/progress.h"
#include "checker/detail/small_byte_code.h"
#include "checker/detail/state_keys.h"
#include "checker/detail/worker_pool.h"
#include "core/check.h"
#include "core/process.h"

namespace stsmc::checker::detail {

/// A model whose states wait in the frontier in a packed form (m.pack_append(s, bytes),
/// m.unpack(bytes, s)): smaller than the state, kept in the explorer's arenas (ByteArena) and
/// unpacked once when its level is scanned.
template <class M>
concept PacksStates = requires(const M& m, const typename M::State& s, typename M::State& out, std::string& bytes,
                               std::span<const std::uint8_t> packed) {
  m.pack_append(s, bytes);
  m.unpack(packed, out);
};
template <class M, bool = PacksStates<M>>
struct StoredOf {
  using type = typename M::State;
};
template <class M>
struct StoredOf<M, true> {
  using type = PackedRef;
};

template <Model M>
class Explorer {
 public:
  Explorer(const M& model, const std::vector<Property<M>>& properties, const ExploreConfig& config,
           OnDiscovery<M> on_discovery = {});
  ExploreReport<M> run();

 private:
  using State = typename M::State;
  using Action = typename M::Action;
  /// What the frontier and the level's candidates hold: the packed form if the model has one.
  using Stored = typename StoredOf<M>::type;
  static constexpr bool kPacked = PacksStates<M>;
  enum class Mode { kExpand, kProbe, kCheck };  // probe: look at successors, keep none
  enum Abort : int { kRunning, kTimeLimit, kMemoryLimit, kInterrupt };
  struct Successor {
    std::uint16_t action = 0;
    Fingerprint fp = 0;
    State state;
  };
  /// A state's enabled actions and successors, keys computed and their slots prefetched.
  struct Prepared {
    std::vector<Action> actions;
    std::vector<Successor> successors;
    std::optional<State> unpacked;  ///< the state being scanned, unpacked (packing models)
  };
  struct Found {
    StateIndex state = kNoState;
    std::uint16_t action = kNoAction;
    std::string message;
    std::string note;  ///< known upstream behaviour: the property's note
  };

  // Scanning a level (explore_scan.h).
  void seed();
  Mode level_mode() const;
  void scan_level(Mode mode);
  void after_chunk(std::size_t c);
  void prepare(const State& s, Prepared& p) const;
  void scan_state(const State& s, std::size_t i, Mode mode, Prepared& p, ChunkOut<Stored>& out,
                  WorkerScratch<Action>& w);
  void scan_transition(const State& s, std::size_t i, std::uint16_t ai, const Action& a, Fingerprint fp,
                       State next, std::uint32_t non_goal, Mode mode, ChunkOut<Stored>& out,
                       WorkerScratch<Action>& w);
  /// The frontier's state i as a State: itself, or unpacked into `p`.
  const State& frontier_state(std::size_t i, Prepared& p) const {
    if constexpr (kPacked) {
      if (!p.unpacked) p.unpacked.emplace();
      thread_local std::vector<std::uint8_t> raw;  // per explorer thread: no allocation per state
      const auto code = ByteArena::read(frontier_.states[i]);
      decode_small_bytes(code.data(), code.data() + code.size(), raw);
      model_.unpack(raw, *p.unpacked);
      return *p.unpacked;
    } else {
      (void)p;
      return frontier_.states[i];
    }
  }
  /// What the frontier or a candidate keeps of `s`: itself, or its packed form in the small-byte
  /// code (a third of its bytes on the StatefulSet model), written to `arena`.
  Stored store(State&& s, ByteArena& arena) const {
    if constexpr (kPacked) {
      thread_local std::string bytes, code;  // per explorer thread: no allocation per state
      bytes.clear();
      model_.pack_append(s, bytes);
      code.clear();
      encode_small_bytes({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, code);
      return arena.append(code.data(), code.size());
    } else {
      (void)arena;
      return std::move(s);
    }
  }
  void count_coverage(const Action& a, WorkerScratch<Action>& w) const;
  void check_invariants(const State& s, std::size_t i, ChunkOut<Stored>& out) const;
  void check_steps(const State& s, const Action& a, const State& next, std::size_t i,
                   std::uint16_t ai, ChunkOut<Stored>& out) const;
  void take_hit(std::size_t p, Hit hit, const State& s, const Action* a, const State& next,
                ChunkOut<Stored>& out) const;
  std::uint32_t mark_goals(const State& s, StateIndex gi);
  void record_quiet(StateIndex gi, std::uint16_t ai, const Action& a,
                    StateIndex known, std::uint32_t pos, std::uint32_t non_goal,
                    ChunkOut<Stored>& out, WorkerScratch<Action>& w) const;

  // Merging a level (explore_merge.h).
  void fold_level();
  bool stop_for_violations();
  void merge_level();
  void insert_candidates();
  void resolve_edges();
  void append_edges();
  bool number_truncated(Frontier<Stored>& next);
  void check_limits();

  // Results.
  /// The discovery of safety property p (found_[p] set): its shortest path and message.
  Discovery<M> safety_discovery(std::size_t p, const Found& f) const;
  Path<M> path_to(StateIndex target) const;
  void extend(Path<M>& path, std::uint16_t action, StateIndex expected) const;
  ExploreReport<M> finish();
  Discovery<M> lasso(const Property<M>& property, const FairLoop& loop) const;

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  static const char* abort_reason(int a) {
    return a == kTimeLimit ? "time-limit" : a == kMemoryLimit ? "max-memory" : kInterrupted;
  }
  /// What --max-memory limits: the process's resident set, or the search's own count of its
  /// structures if that is larger. The resident set is read at most every 20 ms.
  std::uint64_t limited_bytes(std::uint64_t search_bytes, bool fresh = false) const;
  /// What merging the level's new states will add: a frontier slot (the candidates' contents
  /// move, they are not copied), a fingerprint and a parent link each, with room for the visited
  /// set to grow.
  std::uint64_t merge_bytes() const { return level_new_ * (sizeof(Stored) + 48); }
  std::uint64_t memory_bytes() const;
  std::uint64_t base_memory_bytes() const;
  std::uint64_t state_limit() const;
  std::size_t chunk_range(std::size_t c, std::size_t& end) const;

  const M& model_;
  const std::vector<Property<M>>& props_;
  const ExploreConfig& config_;
  OnDiscovery<M> on_discovery_;
  const Clock::time_point start_ = Clock::now();
  WorkerPool pool_;
  ProgressMeter progress_;

  StateKeys<M> keys_;
  std::vector<State> inits_;
  FingerprintSet visited_;
  ParentLinks links_;
  Frontier<Stored> frontier_;
  std::vector<ChunkOut<Stored>> outs_;
  std::vector<WorkerScratch<Action>> scratch_;
  // Per worker: the state being scanned and the next one, prepared a state ahead so that its
  // prefetches overlap the lookups of the current one. Only for plain-data states: the states of
  // a model with vectors (the StatefulSet model) are costly to hold twice and their state spaces
  // keep the visited set in cache; there preparing ahead made a run 10 % slower.
  static constexpr bool kPrepareAhead = std::is_trivially_copyable_v<State> && !kPacked;
  std::vector<std::array<Prepared, 2>> prepared_;
  std::size_t chunk_size_ = 1;
  std::vector<std::size_t> invariants_, steps_;  // indices of the invariants, step properties
  std::vector<std::size_t> live_;   // indices of the liveness properties
  std::vector<QuietGraph> graphs_;  // per liveness property
  std::vector<std::optional<Found>> found_;
  /// Per safety property, its first known violation (Property::known_hit), while no other is
  /// found: reported only if the search finds no violation that is not known.
  std::vector<std::optional<Found>> known_;

  std::atomic<int> abort_{kRunning};
  std::atomic<std::uint64_t> scanned_{0};
  std::atomic<std::uint64_t> chunks_done_{0};
  std::atomic<std::uint64_t> in_flight_bytes_{0};
  mutable std::atomic<std::uint64_t> resident_{0};         // last resident set read
  mutable std::atomic<std::int64_t> resident_read_ns_{-1};  // when, since start_
  std::uint64_t level_base_bytes_ = 0;
  std::uint64_t level_start_bytes_ = 0;  // limited_bytes() when the level's scan began
  std::uint64_t peak_bytes_ = 0;
  std::uint64_t level_new_ = 0;  // successors of this level not in the visited set
  std::uint32_t max_depth_ = 0;  // depth of the deepest state numbered
  bool final_ = false;           // the next level is only checked, not expanded
  std::string stop_reason_;
};

template <Model M>
Explorer<M>::Explorer(const M& model, const std::vector<Property<M>>& properties,
                      const ExploreConfig& config, OnDiscovery<M> on_discovery)
    : model_(model),
      props_(properties),
      config_(config),
      on_discovery_(std::move(on_discovery)),
      pool_(config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency())),
      progress_(config.progress, start_),
      keys_(model),
      scratch_(pool_.size()),
      prepared_(pool_.size()),
      found_(properties.size()),
      known_(properties.size()) {
  static_assert(M::kActorClasses <= 16, "actor classes must fit in a 16-bit mask");
  for (std::size_t p = 0; p < props_.size(); ++p) {
    const auto& prop = props_[p];
    STSMC_CHECK(prop.kind != PropertyKind::kInvariant || prop.invariant);
    STSMC_CHECK(prop.kind != PropertyKind::kStep || prop.step);
    STSMC_CHECK(prop.kind != PropertyKind::kLiveness || prop.goal);
    if (prop.kind == PropertyKind::kInvariant) invariants_.push_back(p);
    if (prop.kind == PropertyKind::kStep) steps_.push_back(p);
    if (prop.kind == PropertyKind::kLiveness) live_.push_back(p);
  }
  STSMC_CHECK(live_.size() <= 32);
  visited_ = FingerprintSet(!live_.empty());  // only liveness edges need a state's index by key
  graphs_.resize(live_.size());
  for (auto& w : scratch_) w.masks.resize(live_.size());
}

template <Model M>
ExploreReport<M> Explorer<M>::run() {
  seed();
  while (!frontier_.states.empty()) {
    const Mode mode = level_mode();
    scan_level(mode);
    fold_level();
    if (abort_.load() != kRunning) {
      if (stop_reason_.empty()) stop_reason_ = abort_reason(abort_.load());
      break;
    }
    if (mode == Mode::kProbe && level_new_ > 0) stop_reason_ = "depth";
    if (mode == Mode::kCheck || level_new_ == 0) {
      if (level_new_ == 0) append_edges();  // the state space is closed: liveness can be decided
      break;
    }
    if (mode == Mode::kProbe || stop_for_violations()) break;
    if (config_.max_memory_bytes && limited_bytes(memory_bytes(), true) + merge_bytes() > *config_.max_memory_bytes) {
      stop_reason_ = "max-memory";  // merging would pass the limit: the level's new states stay unnumbered
      break;
    }
    merge_level();
    check_limits();
    if (stop_reason_ == kInterrupted) break;  // not even the new frontier is checked: stop now
  }
  return finish();
}

template <Model M>
std::uint64_t Explorer<M>::state_limit() const {
  const std::uint64_t hard = kNoState - 1;  // indices are 32-bit
  return config_.max_states ? std::min<std::uint64_t>(*config_.max_states, hard) : hard;
}

/// The search's own structures, by capacity: visited set, parent links, frontier, quiet graphs.
template <Model M>
std::uint64_t Explorer<M>::base_memory_bytes() const {
  std::uint64_t n =
      visited_.memory_bytes() + links_.memory_bytes() + frontier_.memory_bytes();
  for (const auto& g : graphs_) n += g.memory_bytes();
  return n;
}

/// All of the above plus the level's chunk buffers (candidate states and edges).
template <Model M>
std::uint64_t Explorer<M>::memory_bytes() const {
  std::uint64_t n = base_memory_bytes();
  for (const auto& o : outs_) n += o.memory_bytes();
  return n;
}

template <Model M>
std::uint64_t Explorer<M>::limited_bytes(std::uint64_t search_bytes, bool fresh) const {
  const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start_).count();
  std::int64_t last = resident_read_ns_.load(std::memory_order_relaxed);
  if ((fresh || last < 0 || now - last >= 20'000'000) &&
      resident_read_ns_.compare_exchange_strong(last, now, std::memory_order_relaxed))
    resident_.store(resident_bytes(), std::memory_order_relaxed);
  return std::max(search_bytes, resident_.load(std::memory_order_relaxed));
}

/// Stops at the end of a level when a limit was passed: the frontier just built is still checked
/// (unless the run was interrupted: then it stops at once).
template <Model M>
void Explorer<M>::check_limits() {
  const std::uint64_t search = memory_bytes();
  peak_bytes_ = std::max(peak_bytes_, search);
  const std::uint64_t mem = limited_bytes(search);
  progress_.maybe_print(links_.size(), frontier_.first, frontier_.depth, 0, frontier_.states.size(), mem);
  if (!stop_reason_.empty()) return;
  if (interrupted(config_.interrupt))
    stop_reason_ = kInterrupted;
  else if (config_.time_limit_seconds && elapsed() > *config_.time_limit_seconds)
    stop_reason_ = "time-limit";
  else if (config_.max_memory_bytes && mem > *config_.max_memory_bytes)
    stop_reason_ = "max-memory";
  if (!stop_reason_.empty()) final_ = true;
}

}  // namespace stsmc::checker::detail

#include "checker/detail/explore_merge.h"
#include "checker/detail/explore_results.h"
#include "checker/detail/explore_scan.h"

namespace stsmc::checker {

template <Model M>
ExploreReport<M> explore(const M& model, const std::vector<Property<M>>& properties,
                         const ExploreConfig& config, const OnDiscovery<M>& on_discovery) {
  return detail::Explorer<M>(model, properties, config, on_discovery).run();
}

}  // namespace stsmc::checker
