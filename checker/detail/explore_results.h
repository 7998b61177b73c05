#pragma once
// Explorer, part 3 (included by checker/explore_impl.h): statistics, liveness, and counterexample
// paths rebuilt from parent links by re-running the model from the initial state.
#include <set>
#include <string>
#include <vector>

#include "checker/evaluate.h"

namespace stsmc::checker::detail {

/// The path from an initial state to state `target`, along the parent links (a shortest one).
template <Model M>
Path<M> Explorer<M>::path_to(StateIndex target) const {
  std::vector<StateIndex> chain;
  for (StateIndex v = target; v != kNoState; v = links_[v].parent) chain.push_back(v);
  Path<M> path;
  path.states.push_back(inits_[links_[chain.back()].action]);
  for (auto it = chain.rbegin() + 1; it != chain.rend(); ++it)
    extend(path, links_[*it].action, *it);
  return path;
}

/// Appends the `action`-th enabled action of the path's last state. `expected` (unless kNoState)
/// is the index the successor must have: a model that is not a pure function of its arguments
/// would rebuild a different path, which is a bug in the model.
template <Model M>
void Explorer<M>::extend(Path<M>& path, std::uint16_t action, StateIndex expected) const {
  std::vector<Action> actions;
  model_.actions(path.states.back(), actions);
  STSMC_CHECK(action < actions.size());
  auto next = model_.next_state(path.states.back(), actions[action]);
  STSMC_CHECK(next.has_value());
  if (expected != kNoState) {
    const StateIndex found = visited_.find(keys_.key(*next));
    STSMC_CHECK(found == expected || (found == kPresent && !visited_.indexed()));
  }
  path.actions.push_back(std::move(actions[action]));
  path.states.push_back(std::move(*next));
}

/// A liveness counterexample: the shortest path to the loop's first state, then the loop.
template <Model M>
Discovery<M> Explorer<M>::lasso(const Property<M>& property, const FairLoop& loop) const {
  Discovery<M> d;
  d.property = property.id;
  d.kind = PropertyKind::kLiveness;
  d.path = path_to(loop.start);
  const std::size_t loop_start = d.path.states.size() - 1;
  std::set<StateIndex> distinct{loop.start};
  for (const auto& e : loop.walk) {
    extend(d.path, e.action, e.to);
    distinct.insert(e.to);
  }
  d.path.loop_start = loop_start;
  const auto loop_end =
      d.path.states.end() - (loop.walk.empty() ? 0 : 1);  // the last state repeats the first
  const std::vector<State> loop_states(
      d.path.states.begin() + static_cast<std::ptrdiff_t>(loop_start), loop_end);
  d.message = lasso_message(loop.walk.empty() ? 0 : distinct.size());
  if (property.known_upstream) d.note = property.known_upstream(model_, loop_states);
  return d;
}

template <Model M>
Discovery<M> Explorer<M>::safety_discovery(std::size_t p, const Found& f) const {
  const auto& prop = props_[p];
  Discovery<M> d{prop.id, prop.kind, f.message, path_to(f.state), f.note, {}};
  if (f.action != kNoAction) extend(d.path, f.action, kNoState);
  return d;
}

template <Model M>
ExploreReport<M> Explorer<M>::finish() {
  ExploreReport<M> report;
  ExploreStats& st = report.stats;
  st.distinct_states = links_.size();
  for (const auto& w : scratch_) {
    st.transitions += w.transitions;
    st.deadlocks += w.deadlocks;
    for (const auto& [name, n] : w.coverage) st.action_counts[name] += n;
    for (const auto& [name, n] : w.coverage_by_pointer) st.action_counts[name] += n;
  }
  st.max_depth = max_depth_;
  st.peak_memory_bytes = std::max(peak_bytes_, memory_bytes());
  st.stored_bytes = visited_.memory_bytes() + links_.memory_bytes();
  st.exact_keys = keys_.exact();
  st.complete = stop_reason_.empty();
  st.stop_reason = stop_reason_;
  const double n = static_cast<double>(st.distinct_states);
  st.collision_probability =
      n < 2 || st.exact_keys ? 0.0 : n * (n - 1) / 2 / 18446744073709551616.0;  // 2^64
  st.threads = pool_.size();
  for (std::size_t p = 0, k = 0; p < props_.size(); ++p) {
    const auto& prop = props_[p];
    if (prop.kind != PropertyKind::kLiveness) {
      // A known violation is reported when the search found no other: it decides nothing about
      // the part of the state space a stopped search left out, but it was found.
      if (found_[p]) report.discoveries.push_back(safety_discovery(p, *found_[p]));
      else if (known_[p]) report.discoveries.push_back(safety_discovery(p, *known_[p]));
    } else if (!st.complete) {
      report.undecided.push_back(prop.id);
      ++k;
    } else if (auto loop = find_fair_loop(graphs_[k++], M::kActorClasses)) {
      report.discoveries.push_back(lasso(prop, *loop));
    }
  }
  st.seconds = elapsed();
  st.peak_resident_bytes = peak_resident_bytes();  // after the fair-loop search, which needs memory too
  return report;
}

}  // namespace stsmc::checker::detail
