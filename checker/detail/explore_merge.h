#pragma once
// Explorer, part 2 (included by checker/explore_impl.h): folding a scanned level and merging its
// successors into the visited set. Every step walks the chunks in frontier order, so which
// candidate is "first" and which index it gets never depend on the number of threads.
#include <algorithm>
#include <array>
#include <atomic>
#include <vector>

namespace stsmc::checker::detail {

/// Takes each property's first hit of the level, in frontier order (chunks are in order).
template <Model M>
void Explorer<M>::fold_level() {
  level_new_ = 0;
  peak_bytes_ = std::max(peak_bytes_, level_base_bytes_ + in_flight_bytes_.load());
  for (auto& out : outs_) {
    if (!out.done) continue;
    level_new_ += out.cands.size() + out.unseen;
    for (std::size_t p = 0; p < props_.size(); ++p) {
      if (!found_[p] && !known_[p] && out.known_hits[p]) {
        auto& hit = *out.known_hits[p];
        known_[p] = Found{frontier_.first + hit.pos, hit.action, std::move(hit.message), std::move(hit.note)};
      }
      if (found_[p] || !out.hits[p]) continue;
      auto& hit = *out.hits[p];
      found_[p] = Found{frontier_.first + hit.pos, hit.action, std::move(hit.message), std::move(hit.note)};
      if (on_discovery_) on_discovery_(safety_discovery(p, *found_[p]));
    }
  }
}

/// True (and the reason set) when the search should end with new states left unexplored.
template <Model M>
bool Explorer<M>::stop_for_violations() {
  const bool any =
      std::any_of(found_.begin(), found_.end(), [](const auto& f) { return f.has_value(); });
  const bool all = !found_.empty() && std::all_of(found_.begin(), found_.end(),
                                                  [](const auto& f) { return f.has_value(); });
  if (config_.stop_at_first_violation && any)
    stop_reason_ = "first-violation";
  else if (all)
    stop_reason_ = "all-violated";
  return !stop_reason_.empty();
}

/// Inserts the level's candidates, numbers the new states and builds the next frontier. Every
/// pass is parallel (by shard, then by chunk); the only serial work is a prefix sum over chunks.
template <Model M>
void Explorer<M>::merge_level() {
  insert_candidates();
  Frontier<Stored> next;
  const bool truncated = number_truncated(next);
  if (!graphs_.empty()) {
    if (!truncated) {
      resolve_edges();
      append_edges();
    } else {
      pool_.run(outs_.size(), [&](std::size_t c, std::size_t) { outs_[c].cands.clear(); });
    }
  }
  if (!next.states.empty()) max_depth_ = next.depth;
  frontier_ = std::move(next);
}

/// Inserts every candidate's fingerprint; marks the first of each and counts them per chunk.
/// Shards run in parallel; within a shard, chunks are taken in order and each chunk's candidates
/// are in frontier order.
template <Model M>
void Explorer<M>::insert_candidates() {
  constexpr std::size_t kShards = FingerprintSet::kShards;
  constexpr std::uint32_t kPrefetchAhead = 8;
  std::size_t total = 0;
  for (std::size_t s = 0; s < kShards; ++s) {
    std::size_t extra = 0;
    for (const auto& o : outs_) extra += o.shard_begin[s + 1] - o.shard_begin[s];
    // An indexed set hands out slots that must not move until they are numbered; room for every
    // candidate (duplicates too) is reserved. Without indices the shards grow as they fill.
    if (visited_.indexed()) visited_.reserve(s, extra);
    total += extra;
  }
  const std::size_t tasks = total < 4096 ? 1 : kShards;
  pool_.run(tasks, [&](std::size_t t, std::size_t) {
    for (std::size_t s = t * kShards / tasks; s < (t + 1) * kShards / tasks; ++s) {
      for (auto& o : outs_) {
        const std::uint32_t end = o.shard_begin[s + 1];
        std::uint64_t firsts = 0;
        for (std::uint32_t k = o.shard_begin[s]; k < end; ++k) {
          if (k + kPrefetchAhead < end) visited_.prefetch(o.by_shard[k + kPrefetchAhead].fp);
          auto& e = o.by_shard[k];
          const auto [slot, fresh] = visited_.insert(e.fp);
          STSMC_CHECK(slot < (std::uint32_t{1} << 31));
          e.slot = slot & 0x7fffffffu;
          e.first = fresh ? 1u : 0u;
          firsts += fresh;
        }
        if (firsts) std::atomic_ref<std::uint64_t>(o.firsts).fetch_add(firsts, std::memory_order_relaxed);
      }
    }
  });
}

/// Numbers the first candidates in frontier order, links them to their parents and moves their
/// states into `next`, at their index's place: chunk c's states start at the sum of the earlier
/// chunks' counts. Returns true when max-states cut the level short (the states past the limit
/// are dropped). Without liveness graphs the candidates are done with here and are cleared.
template <Model M>
bool Explorer<M>::number_truncated(Frontier<Stored>& next) {
  const std::uint64_t limit = state_limit();
  std::vector<std::uint64_t> base(outs_.size());
  std::uint64_t end = links_.size();
  for (std::size_t c = 0; c < outs_.size(); ++c) {
    base[c] = end;
    end += outs_[c].firsts;
  }
  next.first = frontier_.first + static_cast<StateIndex>(frontier_.states.size());
  next.depth = frontier_.depth + 1;
  STSMC_CHECK(next.first == links_.size());
  const std::uint64_t kept = std::min(end, limit);
  links_.resize(kept);
  next.states.resize(kept - next.first);  // default-initialised: each is assigned below
  const bool keep_candidates = !graphs_.empty();
  pool_.run(outs_.size(), [&](std::size_t c, std::size_t) {
    auto& o = outs_[c];
    for (const auto& e : o.by_shard) {  // the insertions' outcomes, back to the candidates
      o.cands[e.cand].slot = e.slot;
      o.cands[e.cand].first = e.first != 0;
    }
    std::uint64_t index = base[c];
    // Packed states: the new ones are copied to an arena of their own, which the new frontier
    // takes; the chunk's arena, with the bytes of the duplicates, goes (a copy of a few dozen
    // bytes a new state, one chunk at a time).
    ByteArena kept_bytes;
    for (auto& cand : o.cands) {
      if (!cand.first || index >= limit) continue;
      cand.index = static_cast<StateIndex>(index++);
      visited_.set_index(FingerprintSet::shard_of(cand.fp), cand.slot, cand.index);
      links_.set(cand.index, ParentLink{frontier_.first + cand.from, cand.action});
      if constexpr (kPacked) {
        const auto bytes = ByteArena::read(cand.state);
        next.states[cand.index - next.first] = kept_bytes.append(bytes.data(), bytes.size());
      } else {
        next.states[cand.index - next.first] = std::move(cand.state);
      }
    }
    o.arena = std::move(kept_bytes);  // the candidates' states are not read after this
    if (!keep_candidates) o.cands.clear();  // frees the duplicates' states now
  });
  if constexpr (kPacked)
    for (auto& o : outs_)
      if (!o.arena.empty()) next.arenas.push_back(std::move(o.arena));
  if (end <= limit) return false;
  stop_reason_ = "max-states";
  final_ = true;
  return true;
}

/// Gives every candidate (duplicates too) its state index and points pending quiet edges at it.
template <Model M>
void Explorer<M>::resolve_edges() {
  pool_.run(outs_.size(), [&](std::size_t c, std::size_t) {
    auto& o = outs_[c];
    for (auto& cand : o.cands)
      if (!cand.first) cand.index = visited_.index_at(FingerprintSet::shard_of(cand.fp), cand.slot);
    for (auto& edges : o.edges) {
      for (auto& e : edges) {
        if (!e.pending) continue;
        e.to = o.cands[e.to].index;
        e.pending = false;
      }
    }
    o.cands.clear();
  });
}

/// Appends the level's quiet edges to the graphs, in frontier order (so edges stay sorted by
/// source).
template <Model M>
void Explorer<M>::append_edges() {
  for (std::size_t k = 0; k < graphs_.size(); ++k) {
    for (auto& o : outs_) {
      if (k >= o.edges.size()) continue;
      for (const auto& e : o.edges[k]) graphs_[k].add(e);
      o.edges[k].clear();
    }
  }
}

}  // namespace stsmc::checker::detail
