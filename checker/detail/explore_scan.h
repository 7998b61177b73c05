#pragma once
// Explorer, part 1 (included by checker/explore_impl.h): seeding the search and scanning a level.
// Scanning runs in parallel chunks and only reads shared state; each chunk writes its own ChunkOut
// and each worker its own scratch, so no locks are needed.
#include <algorithm>
#include <string>
#include <type_traits>

#include "checker/evaluate.h"

namespace stsmc::checker::detail {

template <Model M>
void Explorer<M>::seed() {
  inits_ = model_.init_states();
  STSMC_CHECK(inits_.size() < kNoAction);
  for (std::size_t k = 0; k < inits_.size(); ++k) {
    const Fingerprint fp = keys_.key(inits_[k]);
    const auto [slot, fresh] = visited_.insert(fp);
    if (!fresh) continue;
    if (links_.size() >= state_limit()) {
      stop_reason_ = "max-states";
      final_ = true;
      break;
    }
    visited_.set_index(FingerprintSet::shard_of(fp), slot, static_cast<StateIndex>(links_.size()));
    links_.push_back({kNoState, static_cast<std::uint16_t>(k)});
    if (frontier_.arenas.empty()) frontier_.arenas.emplace_back();
    frontier_.states.push_back(store(State(inits_[k]), frontier_.arenas.front()));
  }
}

template <Model M>
typename Explorer<M>::Mode Explorer<M>::level_mode() const {
  if (final_) return Mode::kCheck;
  if (config_.max_depth && frontier_.depth >= *config_.max_depth) return Mode::kProbe;
  return Mode::kExpand;
}

/// The frontier positions of chunk `c`: returns the first, sets `end`.
template <Model M>
std::size_t Explorer<M>::chunk_range(std::size_t c, std::size_t& end) const {
  const std::size_t begin = c * chunk_size_;
  end = std::min(begin + chunk_size_, frontier_.states.size());
  return begin;
}

template <Model M>
void Explorer<M>::scan_level(Mode mode) {
  const std::size_t n = frontier_.states.size();
  chunk_size_ = std::clamp<std::size_t>(n / (pool_.size() * 8), 32, 4096);
  outs_.resize((n + chunk_size_ - 1) / chunk_size_);
  for (auto& o : outs_) o.reset(props_.size(), live_.size());
  for (auto& g : graphs_) g.resize(frontier_.first + n);
  scanned_.store(0);
  chunks_done_.store(0);
  in_flight_bytes_.store(0);
  level_base_bytes_ = base_memory_bytes();
  level_start_bytes_ = limited_bytes(level_base_bytes_, true);
  pool_.run(outs_.size(), [&](std::size_t c, std::size_t worker) {
    if (abort_.load(std::memory_order_relaxed) != kRunning) return;
    std::size_t end = 0;
    const std::size_t begin = chunk_range(c, end);
    auto& w = scratch_[worker];
    auto& prep = prepared_[worker];
    w.chunk_candidates.clear();
    if constexpr (kPrepareAhead) {
      if (mode != Mode::kCheck && begin < end) prepare(frontier_.states[begin], prep[0]);
      for (std::size_t i = begin; i < end; ++i) {
        if (mode != Mode::kCheck && i + 1 < end) prepare(frontier_.states[i + 1], prep[(i + 1 - begin) & 1]);
        scan_state(frontier_.states[i], i, mode, prep[(i - begin) & 1], outs_[c], w);
      }
    } else {
      for (std::size_t i = begin; i < end; ++i) {
        const State& s = frontier_state(i, prep[0]);
        if (mode != Mode::kCheck) prepare(s, prep[0]);
        scan_state(s, i, mode, prep[0], outs_[c], w);
      }
    }
    if (mode == Mode::kExpand) outs_[c].group_by_shard();
    outs_[c].done = true;
    after_chunk(c);
  });
}

/// Limits and progress, between chunks. A passed limit makes the other workers skip their chunks.
template <Model M>
void Explorer<M>::after_chunk(std::size_t c) {
  std::size_t end = 0;
  const std::size_t begin = chunk_range(c, end);
  const std::size_t size = end - begin;
  const std::uint64_t scanned = scanned_.fetch_add(size) + size;
  const std::uint64_t done = chunks_done_.fetch_add(1) + 1;
  const std::uint64_t mem = limited_bytes(level_base_bytes_ + (in_flight_bytes_ += outs_[c].memory_bytes()));
  // The chunks the workers are scanning now grow the memory as much as the average chunk did.
  const std::uint64_t per_chunk = mem > level_start_bytes_ ? (mem - level_start_bytes_) / done : 0;
  int reason = kRunning;
  if (interrupted(config_.interrupt))
    reason = kInterrupt;
  else if (config_.time_limit_seconds && elapsed() > *config_.time_limit_seconds)
    reason = kTimeLimit;
  else if (config_.max_memory_bytes && mem + pool_.size() * per_chunk > *config_.max_memory_bytes)
    reason = kMemoryLimit;
  int running = kRunning;
  if (reason != kRunning) abort_.compare_exchange_strong(running, reason);
  progress_.maybe_print(links_.size(), frontier_.first + scanned, frontier_.depth, scanned, frontier_.states.size(), mem);
}

/// The actions of `s` and its successors with their keys, each key's slot prefetched.
template <Model M>
void Explorer<M>::prepare(const State& s, Prepared& p) const {
  p.actions.clear();
  model_.actions(s, p.actions);
  STSMC_CHECK(p.actions.size() < kNoAction);
  p.successors.clear();
  // No reallocation while the successors are added: a state whose move may throw is copied
  // when a vector grows, and a copy is not the step's result (the StatefulSet model's StepNote).
  p.successors.reserve(p.actions.size());
  for (std::uint16_t ai = 0; ai < p.actions.size(); ++ai) {
    auto next = model_.next_state(s, p.actions[ai]);
    if (!next) continue;
    const Fingerprint fp = keys_.key(*next);
    visited_.prefetch(fp);
    p.successors.push_back(Successor{ai, fp, std::move(*next)});
  }
}

/// Scans state i of the frontier; `p` holds its successors (prepared while the previous state was
/// scanned, so that the lookups here mostly hit the cache), except in check mode.
template <Model M>
void Explorer<M>::scan_state(const State& s, std::size_t i, Mode mode, Prepared& p, ChunkOut<Stored>& out,
                             WorkerScratch<Action>& w) {
  const StateIndex gi = frontier_.first + static_cast<StateIndex>(i);
  check_invariants(s, i, out);
  const std::uint32_t non_goal = mark_goals(s, gi);
  if (mode == Mode::kCheck) return;
  std::fill(w.masks.begin(), w.masks.end(), std::uint16_t{0});
  if (p.successors.empty()) ++w.deadlocks;
  for (auto& x : p.successors)
    scan_transition(s, i, x.action, p.actions[x.action], x.fp, std::move(x.state), non_goal, mode, out, w);
  for (std::size_t k = 0; k < live_.size(); ++k)
    if (non_goal >> k & 1) graphs_[k].enabled[gi] = w.masks[k];
}

template <Model M>
void Explorer<M>::scan_transition(const State& s, std::size_t i, std::uint16_t ai, const Action& a, Fingerprint fp,
                                  State next, std::uint32_t non_goal, Mode mode,
                                  ChunkOut<Stored>& out, WorkerScratch<Action>& w) {
  ++w.transitions;
  count_coverage(a, w);
  check_steps(s, a, next, i, ai, out);
  const StateIndex known = visited_.find(fp);
  const auto fresh_pos = static_cast<std::uint32_t>(out.cands.size());
  std::uint32_t pos = fresh_pos;  // the candidate this successor is (or becomes)
  if (known == kNoState && mode == Mode::kExpand) pos = w.chunk_candidates.find_or_add(fp, pos);
  if (non_goal && model_.is_quiet(a))
    record_quiet(frontier_.first + i, ai, a, known, pos, non_goal, out, w);
  if (known != kNoState) return;
  if (mode == Mode::kProbe) {
    ++out.unseen;
    return;
  }
  if (pos != fresh_pos) return;  // already a candidate of this chunk, from an earlier transition
  out.cands.push_back(
      Candidate<Stored>{static_cast<std::uint32_t>(i), ai, false, 0, kNoState, fp, store(std::move(next), out.arena)});
}

/// One more transition of the action's name.
template <Model M>
void Explorer<M>::count_coverage(const Action& a, WorkerScratch<Action>& w) const {
  decltype(auto) name = model_.action_name(a);
  if constexpr (std::is_same_v<std::decay_t<decltype(name)>, const char*>) {
    for (auto& [p, n] : w.coverage_by_pointer) {
      if (p != name) continue;
      ++n;
      return;
    }
    w.coverage_by_pointer.emplace_back(name, 1);
  } else {
    auto it = w.coverage.find(name);
    if (it == w.coverage.end()) it = w.coverage.emplace(std::string(name), 0).first;
    ++it->second;
  }
}

/// Invariants are checked once per distinct state, when its level is scanned.
template <Model M>
void Explorer<M>::check_invariants(const State& s, std::size_t i, ChunkOut<Stored>& out) const {
  for (const std::size_t p : invariants_) {
    if (found_[p] || out.hits[p]) continue;
    if (auto msg = props_[p].invariant(model_, s))
      take_hit(p, Hit{static_cast<std::uint32_t>(i), kNoAction, std::move(*msg), {}}, s, nullptr, s, out);
  }
}

/// Step properties are checked on every transition, also those into states seen before.
template <Model M>
void Explorer<M>::check_steps(const State& s, const Action& a, const State& next, std::size_t i,
                              std::uint16_t ai, ChunkOut<Stored>& out) const {
  for (const std::size_t p : steps_) {
    if (found_[p] || out.hits[p]) continue;
    if (auto msg = props_[p].step(model_, s, a, next))
      take_hit(p, Hit{static_cast<std::uint32_t>(i), ai, std::move(*msg), {}}, s, &a, next, out);
  }
}

/// A violation of safety property p: the chunk's hit, unless the property calls it known
/// upstream behaviour; then the chunk's known hit, if it is the first (and no known one was
/// found in an earlier level), and the property stays undecided. With `known_are_violations`
/// a known violation is a hit like any other, its note kept.
template <Model M>
void Explorer<M>::take_hit(std::size_t p, Hit hit, const State& s, const Action* a, const State& next,
                           ChunkOut<Stored>& out) const {
  hit.note = known_hit_note(model_, props_[p], s, a, next);
  if (hit.note.empty() || config_.known_are_violations) {
    out.hits[p] = std::move(hit);
  } else if (!known_[p] && !out.known_hits[p]) {
    out.known_hits[p] = std::move(hit);
  }
}

/// Records which liveness goals `s` meets; returns a bit per liveness property it does not meet.
template <Model M>
std::uint32_t Explorer<M>::mark_goals(const State& s, StateIndex gi) {
  std::uint32_t non_goal = 0;
  for (std::size_t k = 0; k < live_.size(); ++k) {
    const bool goal = props_[live_[k]].goal(model_, s);
    graphs_[k].goal[gi] = goal ? 1 : 0;
    if (!goal) non_goal |= std::uint32_t{1} << k;
  }
  return non_goal;
}

/// A quiet transition out of a non-goal state: its class is enabled there, and it is an edge of
/// the quiet graph (also into a goal state, which no cycle passes: the successor's goal is not
/// needed here, only once per state in mark_goals). An edge to a state not yet numbered points
/// at the candidate `pos` the successor is or is about to become.
template <Model M>
void Explorer<M>::record_quiet(StateIndex gi, std::uint16_t ai, const Action& a,
                               StateIndex known, std::uint32_t pos, std::uint32_t non_goal,
                               ChunkOut<Stored>& out, WorkerScratch<Action>& w) const {
  const std::size_t cls = model_.actor_class(a);
  STSMC_CHECK(cls < M::kActorClasses);
  for (std::size_t k = 0; k < live_.size(); ++k) {
    if (!(non_goal >> k & 1)) continue;
    w.masks[k] |= static_cast<std::uint16_t>(1u << cls);
    QuietEdge e{gi, known, ai, static_cast<std::uint8_t>(cls), known == kNoState};
    if (e.pending) e.to = pos;
    out.edges[k].push_back(e);
  }
}

}  // namespace stsmc::checker::detail
