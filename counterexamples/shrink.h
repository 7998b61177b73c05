#pragma once
// Shrinking counterexamples by delta debugging (ddmin) over the action list, as SPIN's `pan -i`
// shortens a trail: drop chunks of actions while the same property still fails. Never longer.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "checker/model.h"
#include "checker/path.h"
#include "checker/evaluate.h"

namespace stsmc::counterexamples {

/// Knobs of a shrink.
struct ShrinkOptions {
  /// Stop trying candidates after this instant and return the best path so far.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// ddmin: stop after this many candidates. Unlike the deadline, a count gives the same result
  /// on every machine, so a seed reproduces the same shrunk trace.
  std::optional<std::size_t> max_attempts;
  /// shorten: distinct states all its breadth-first searches may visit together (likewise).
  std::optional<std::uint64_t> max_search_states;
};

/// The work limits `stsmc shrink` and the random engines use: enough for every mutant of the
/// self-test to shrink to a shortest trace, and a few seconds of work on this model.
inline ShrinkOptions default_work_limits() {
  ShrinkOptions o;
  o.max_attempts = 20'000;
  o.max_search_states = 1'000'000;
  return o;
}

namespace detail {

inline bool expired(const ShrinkOptions& o, std::size_t attempts = 0) {
  return (o.max_attempts && attempts >= *o.max_attempts) ||
         (o.deadline && std::chrono::steady_clock::now() >= *o.deadline);
}

template <class A>
std::vector<A> without(const std::vector<A>& xs, std::size_t start, std::size_t count) {
  std::vector<A> out(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(start));
  out.insert(out.end(),
             xs.begin() + static_cast<std::ptrdiff_t>(std::min(xs.size(), start + count)),
             xs.end());
  return out;
}

/// ddmin over the shrinkable actions `part(best)`: removes chunks of size len/n for growing n
/// while `attempt(candidate)` yields a strictly shorter failing path, then drops single actions
/// until none can go. `attempt` returns the failing path a candidate gives, or nullopt.
template <checker::Model M, class Part, class Attempt>
checker::Path<M> ddmin(checker::Path<M> best, Part part, Attempt attempt, const ShrinkOptions& o) {
  std::size_t attempts = 0;
  const auto try_remove = [&](std::size_t start, std::size_t count) {
    ++attempts;
    auto p = attempt(without(part(best), start, count));
    if (!p || p->length() >= best.length()) return false;
    best = std::move(*p);
    return true;
  };
  std::size_t n = 2;
  while (part(best).size() >= 2 && !expired(o, attempts)) {
    const std::size_t len = part(best).size();
    n = std::min(n, len);
    const std::size_t chunk = (len + n - 1) / n;
    bool reduced = false;
    for (std::size_t start = 0; start < len && !reduced && !expired(o, attempts); start += chunk)
      reduced = try_remove(start, chunk);
    if (reduced)
      n = std::max<std::size_t>(n - 1, 2);
    else if (n >= len)
      break;
    else
      n = std::min(n * 2, len);
  }
  for (bool changed = true; changed && !expired(o, attempts);) {
    changed = false;
    for (std::size_t i = part(best).size(); i-- > 0 && !changed && !expired(o, attempts);)
      changed = try_remove(i, 1);
  }
  return best;
}

template <checker::Model M>
void truncate_after(checker::Path<M>& p, std::size_t step) {
  p.states.resize(step + 1);
  p.actions.resize(step);
}

template <checker::Model M>
checker::Path<M> shrink_safety(const M& model, const checker::Path<M>& path,
                               const checker::Property<M>& prop, const ShrinkOptions& o) {
  const auto& init = path.states.front();
  // A known-upstream violation stays one, and a violation that is not known stays unexplained:
  // a shorter run of the other kind is another finding, not this one shortened.
  const auto original = checker::first_safety_violation(model, path, prop);
  const bool known = original && !original->note.empty();
  auto attempt = [&](const std::vector<typename M::Action>& xs) -> std::optional<checker::Path<M>> {
    auto p = checker::rebuild_path(model, init, xs);
    if (!p) return std::nullopt;
    const auto v = checker::first_safety_violation(model, *p, prop);
    if (!v || v->note.empty() == known) return std::nullopt;
    truncate_after(*p, v->step);
    return p;
  };
  auto start = attempt(path.actions);
  if (!start || start->length() > path.length()) return path;  // not a counterexample: leave it be
  return ddmin<M>(
      std::move(*start), [](const checker::Path<M>& p) { return p.actions; }, attempt, o);
}

template <checker::Model M>
checker::Path<M> shrink_lasso(const M& model, const checker::Path<M>& path,
                              const checker::Property<M>& prop, const ShrinkOptions& o) {
  if (!checker::check_lasso(model, path, prop).violates) return path;
  const auto k = static_cast<std::ptrdiff_t>(*path.loop_start);
  const std::vector<typename M::Action> loop(path.actions.begin() + k, path.actions.end());
  const auto& init = path.states.front();
  auto attempt =
      [&](const std::vector<typename M::Action>& prefix) -> std::optional<checker::Path<M>> {
    auto xs = prefix;
    xs.insert(xs.end(), loop.begin(), loop.end());
    auto p = checker::rebuild_path(model, init, xs);
    if (!p) return std::nullopt;
    p->loop_start = prefix.size();
    if (!checker::check_lasso(model, *p, prop).violates) return std::nullopt;
    return p;
  };
  auto prefix_of = [](const checker::Path<M>& p) {
    return std::vector<typename M::Action>(
        p.actions.begin(), p.actions.begin() + static_cast<std::ptrdiff_t>(*p.loop_start));
  };
  return ddmin<M>(path, prefix_of, attempt, o);
}

}  // namespace detail

/// A shorter counterexample for `prop`, never longer than `path`. Safety: a 1-minimal subsequence
/// of the actions that, re-run from `path`'s initial state, applies throughout and violates `prop`,
/// cut right after the first violating step. Liveness: only the prefix before the loop shrinks;
/// the loop's actions are kept and must still close a loop without a goal state. A path that does
/// not violate `prop` is returned unchanged.
template <checker::Model M>
checker::Path<M> shrink(const M& model, const checker::Path<M>& path,
                        const checker::Property<M>& prop, const ShrinkOptions& options = {}) {
  if (path.states.empty()) return path;
  if (prop.kind == checker::PropertyKind::kLiveness)
    return detail::shrink_lasso(model, path, prop, options);
  return detail::shrink_safety(model, path, prop, options);
}

}  // namespace stsmc::counterexamples
