#pragma once
// Shortening a counterexample beyond what deleting actions can do. ddmin (shrink.h) keeps a
// subsequence of the actions, but a shorter run may need other ones (scale to 0 at once instead
// of waiting for two pods to start). Like SPIN's iterative shortening (pan -i), search_shorter
// explores every run shorter than the one in hand, breadth first, so the first violation it meets
// is a shortest one — restricted to the quiet world and the user and fault kinds the trace
// already uses, which keeps the search small enough to finish far beyond exhaustive bounds.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checker/evaluate.h"
#include "checker/explore.h"
#include "checker/model.h"
#include "checker/path.h"
#include "checker/restrict.h"
#include "counterexamples/shrink.h"

namespace stsmc::counterexamples {

namespace detail {

/// The target of the search as an invariant or step property of the restricted model: the
/// property itself for safety; for a liveness lasso whose loop is one stopped state, "no state is
/// a quiet fixpoint outside the goal that the property does not explain as known upstream".
template <checker::Model M>
std::optional<checker::Property<checker::Restricted<M>>> search_target(const checker::Property<M>& prop,
                                                                        const checker::Path<M>& path) {
  using R = checker::Restricted<M>;
  if (prop.kind != checker::PropertyKind::kLiveness) return checker::restrict_property(prop);
  if (!path.loop_start || *path.loop_start + 1 != path.states.size() || !prop.goal) return std::nullopt;
  checker::Property<R> t;
  t.id = prop.id;
  t.kind = checker::PropertyKind::kInvariant;
  t.invariant = [prop](const R& r, const typename M::State& s) -> std::optional<std::string> {
    if (prop.goal(r.base(), s) || !checker::quiet_fixpoint(r.base(), s)) return std::nullopt;
    if (prop.known_upstream && !prop.known_upstream(r.base(), {s}).empty()) return std::nullopt;
    return std::string("the quiet world stops outside the goal");
  };
  return t;
}

}  // namespace detail

/// What a search for a shorter counterexample found.
template <checker::Model M>
struct ShorterSearch {
  std::optional<checker::Path<M>> path;  ///< a shorter counterexample, if one was found
  bool exhausted = false;                ///< no shorter one exists within the searched kinds
  std::uint64_t states = 0;              ///< distinct states the search visited
};

/// A counterexample of `prop` shorter than `path`, searched breadth first until `deadline` (and
/// within `max_memory_bytes`) among the runs of the whole model (`kinds` nullopt) or of the quiet
/// world and the user and fault actions named in `kinds`. For a liveness lasso only a loop of
/// one stopped state is searched for (a new, shorter stall).
template <checker::Model M>
ShorterSearch<M> search_shorter(const M& model, const checker::Path<M>& path, const checker::Property<M>& prop,
                                std::optional<std::chrono::steady_clock::time_point> deadline,
                                std::optional<std::uint64_t> max_states,
                                const std::optional<std::set<std::string>>& kinds, std::size_t threads = 0,
                                std::uint64_t max_memory_bytes = std::uint64_t{1} << 30) {
  ShorterSearch<M> out;
  if (path.length() < 2 || (max_states && *max_states == 0)) return out;
  auto target = detail::search_target(prop, path);
  if (!target) return out;
  checker::ExploreConfig c;
  c.threads = threads;
  c.max_depth = static_cast<std::uint32_t>(path.length() - 2);  // a step property adds one action
  if (deadline) {
    const double left = std::chrono::duration<double>(*deadline - std::chrono::steady_clock::now()).count();
    if (left < 0.05) return out;
    c.time_limit_seconds = left;
  }
  c.max_states = max_states;
  c.max_memory_bytes = max_memory_bytes;
  c.progress = false;
  c.stop_at_first_violation = true;
  // A known-upstream violation is shortened into one (the first hit of either kind stops the
  // search; the other kind is not taken); one that is not known into one that is not.
  std::optional<checker::Violation> original;
  if (prop.kind != checker::PropertyKind::kLiveness) original = checker::first_safety_violation(model, path, prop);
  const bool known = original && !original->note.empty();
  c.known_are_violations = known;
  const auto restricted = kinds ? checker::Restricted<M>(model, *kinds) : checker::Restricted<M>(model);
  auto report = checker::explore(restricted, std::vector{*target}, c);
  for (auto& d : report.discoveries) {
    if (d.path.length() >= path.length()) continue;
    auto found = checker::unrestricted<M>(std::move(d.path));
    if (prop.kind == checker::PropertyKind::kLiveness) {
      found.loop_start = found.states.size() - 1;
      if (!checker::check_lasso(model, found, prop).violates) continue;
    } else if (const auto v = checker::first_safety_violation(model, found, prop); !v || v->note.empty() == known) {
      continue;
    }
    out.path = std::move(found);
    return out;
  }
  // Complete up to the depth: nothing shorter (a depth-cut search still counts as complete here).
  out.exhausted = report.stats.stop_reason.empty() || report.stats.stop_reason == "depth";
  out.states = report.stats.distinct_states;
  return out;
}

/// What `stsmc shrink` and the random engines do to every counterexample: ddmin (shrink), then,
/// in the time left, breadth-first searches for a shorter run: over the whole model (short
/// counterexamples often need actions the long one never took), then, unless that search proved
/// there is none, over the kinds the trace uses, then over those plus each other kind enabled
/// along it, one at a time (smaller spaces, so deeper). Each search gets an equal share of the
/// time and of the state budget still left. Never longer than `path`; still violates `prop`.
template <checker::Model M>
checker::Path<M> shorten(const M& model, const checker::Path<M>& path, const checker::Property<M>& prop,
                         const ShrinkOptions& options = {}, std::size_t threads = 0) {
  using Clock = std::chrono::steady_clock;
  auto best = shrink(model, path, prop, options);
  std::vector<std::optional<std::set<std::string>>> alphabets{std::nullopt};
  const auto used = checker::non_quiet_kinds(model, best);
  alphabets.push_back(used);
  for (const auto& k : checker::enabled_non_quiet_kinds(model, best)) {
    if (used.count(k)) continue;
    auto plus = used;
    plus.insert(k);
    alphabets.push_back(std::move(plus));
  }
  std::optional<std::uint64_t> states_left = options.max_search_states;
  for (std::size_t i = 0; i < alphabets.size(); ++i) {
    const auto share = static_cast<long>(alphabets.size() - i);
    std::optional<Clock::time_point> until = options.deadline;
    if (options.deadline) {
      if (Clock::now() >= *options.deadline) break;
      until = Clock::now() + (*options.deadline - Clock::now()) / share;
    }
    std::optional<std::uint64_t> cap;
    if (states_left) cap = *states_left / static_cast<std::uint64_t>(share);
    auto found = search_shorter(model, best, prop, until, cap, alphabets[i], threads);
    if (states_left) *states_left -= std::min(*states_left, found.states);
    if (found.path) best = std::move(*found.path);
    if (i == 0 && (found.path || found.exhausted)) break;  // a shortest one overall, or best is
  }
  return best;
}

}  // namespace stsmc::counterexamples
