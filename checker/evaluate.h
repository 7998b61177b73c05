#pragma once
// Evaluating a property along a concrete path: the first failing state or transition of a safety
// property, and whether a lasso violates a liveness property. Shared by the random engines, replay
// and shrink.
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "checker/model.h"
#include "checker/path.h"

namespace stsmc::checker {

/// Where and how a property fails along a path.
struct Violation {
  std::size_t step =
      0;  ///< index of the failing state (for a step property: the transition's target)
  std::string message;
  std::string note;  ///< the property's known-upstream note on it; empty when not known
};

/// The property's known-upstream note on a safety violation: on the state `s` of an invariant
/// (`a` null), on the step `s --a--> next` of a step property; "" when the property has none.
template <Model M>
std::string known_hit_note(const M& model, const Property<M>& prop, const typename M::State& s,
                           const typename M::Action* a, const typename M::State& next) {
  return prop.known_hit ? prop.known_hit(model, s, a, next) : std::string();
}

/// Whether the safety property `prop` fails at index `i` of `path`, with its known-upstream note:
/// an invariant on the state `i`, a step property on the transition into it (none at i = 0).
/// Every engine that judges a path (replay, shrink, the walks, recheck) asks this, one index at a
/// time, so they all read a violation and its note alike.
template <Model M>
std::optional<Violation> safety_violation_at(const M& model, const Property<M>& prop, const Path<M>& path,
                                             std::size_t i) {
  if (prop.kind == PropertyKind::kInvariant && prop.invariant) {
    auto m = prop.invariant(model, path.states[i]);
    if (!m) return std::nullopt;
    return Violation{i, std::move(*m), known_hit_note(model, prop, path.states[i], nullptr, path.states[i])};
  }
  if (prop.kind == PropertyKind::kStep && prop.step && i > 0) {
    const auto& s = path.states[i - 1];
    const auto& a = path.actions[i - 1];
    const auto& t = path.states[i];
    auto m = prop.step(model, s, a, t);
    if (!m) return std::nullopt;
    return Violation{i, std::move(*m), known_hit_note(model, prop, s, &a, t)};
  }
  return std::nullopt;
}

/// The violation of an invariant or step property along `path`, if any: the first one that is
/// not known upstream behaviour, else the first known one (with its note). An invariant is
/// checked on every state; a step property on every transition (reported at its target step).
/// The explorer reports the same preference: a known violation does not decide a property.
template <Model M>
std::optional<Violation> first_safety_violation(const M& model, const Path<M>& path,
                                                const Property<M>& prop) {
  std::optional<Violation> known;
  for (std::size_t i = 0; i < path.states.size(); ++i)
    if (auto v = safety_violation_at(model, prop, path, i)) {
      if (v->note.empty()) return v;
      if (!known) known = std::move(v);
    }
  return known;
}

/// The message of a liveness lasso whose loop visits `distinct` states; 0: the empty loop, a
/// state where no quiet action is enabled. The explorer and bmc report lassos in these words.
inline std::string lasso_message(std::size_t distinct) {
  if (distinct == 0) return "the quiet world stops (no quiet action is enabled) without reaching the goal";
  return "the quiet world loops forever (" + std::to_string(distinct) + (distinct == 1 ? " state" : " states") +
         ") without reaching the goal";
}

/// The verdict of a liveness property on a lasso, with the reason either way.
struct LassoVerdict {
  bool violates = false;
  std::size_t step = 0;  ///< the last step (where the loop closes) when it violates
  std::string reason;
};

/// The actor classes with a quiet action enabled in `s` that changes it (a quiet action that
/// leaves the state as it is does not count: the world has not moved).
template <Model M>
std::vector<bool> quiet_classes_moving(const M& model, const typename M::State& s) {
  std::vector<bool> moving(M::kActorClasses, false);
  std::vector<typename M::Action> acts;
  model.actions(s, acts);
  const Fingerprint here = state_identity(model, s);
  for (const auto& a : acts) {
    if (!model.is_quiet(a) || moving[model.actor_class(a)]) continue;
    const auto next = model.next_state(s, a);
    if (next && state_identity(model, *next) != here) moving[model.actor_class(a)] = true;
  }
  return moving;
}

/// True when no quiet action changes `s`: the quiet world has stopped there for good.
template <Model M>
bool quiet_fixpoint(const M& model, const typename M::State& s) {
  const auto moving = quiet_classes_moving(model, s);
  return std::none_of(moving.begin(), moving.end(), [](bool m) { return m; });
}

/// Actor classes that the loop of `path` treats unfairly: a class whose state-changing quiet
/// actions are enabled in every loop state but that never acts in the loop (weak fairness).
template <Model M>
std::vector<std::size_t> unfair_classes(const M& model, const Path<M>& path) {
  std::vector<std::size_t> out;
  if (!path.loop_start || *path.loop_start >= path.states.size()) return out;
  const std::size_t k = *path.loop_start;
  std::vector<bool> taken(M::kActorClasses, false), always(M::kActorClasses, true);
  for (std::size_t i = k; i < path.actions.size(); ++i) taken[model.actor_class(path.actions[i])] = true;
  const std::size_t end = path.states.size() - 1 > k ? path.states.size() - 1 : k + 1;
  for (std::size_t i = k; i < end; ++i) {
    const auto moving = quiet_classes_moving(model, path.states[i]);
    for (std::size_t c = 0; c < moving.size(); ++c) always[c] = always[c] && moving[c];
  }
  for (std::size_t c = 0; c < always.size(); ++c)
    if (always[c] && !taken[c]) out.push_back(c);
  return out;
}

/// The property's known-upstream note on the loop of the lasso `path` (its states from
/// loop_start on), or "" when the property has none or the path is no lasso.
template <Model M>
std::string known_upstream_note(const M& model, const Property<M>& prop, const Path<M>& path) {
  if (!prop.known_upstream || !path.loop_start || *path.loop_start >= path.states.size()) return "";
  return prop.known_upstream(
      model, std::vector<typename M::State>(
                 path.states.begin() + static_cast<std::ptrdiff_t>(*path.loop_start), path.states.end()));
}

/// A lasso violates a liveness property when it is a lasso (loop_start set, the last state is
/// the loop start's state: state_identity) and no state of the loop is a goal state: the run
/// stays out of the goal forever. (The prefix may pass through goal states; "reaches and stays" fails.)
template <Model M>
LassoVerdict check_lasso(const M& model, const Path<M>& path,
                         const Property<M>& prop) {
  if (!path.loop_start || *path.loop_start >= path.states.size())
    return {false, 0, "not a lasso: loop_start is missing or out of range"};
  const std::size_t k = *path.loop_start;
  const std::size_t last = path.states.size() - 1;
  if (state_identity(model, path.states[last]) != state_identity(model, path.states[k]))
    return {false, 0,
            "not a lasso: step " + std::to_string(last) + " does not return to step " +
                std::to_string(k)};
  if (prop.goal) {
    for (std::size_t i = k; i <= last; ++i)
      if (prop.goal(model, path.states[i]))
        return {false, 0, "holds: step " + std::to_string(i) + " inside the loop is a goal state"};
  }
  if (const auto unfair = unfair_classes(model, path); !unfair.empty())
    return {false, 0,
            "holds: the loop is not weakly fair: actor class " + std::to_string(unfair.front()) +
                " is enabled in every loop state but never acts"};
  return {true, last,
          "steps " + std::to_string(k) + ".." + std::to_string(last) +
              " repeat forever and never reach the goal"};
}

/// Doubts about a violating lasso that do not refute it: a loop action that is not of the quiet
/// world (a user or fault action).
template <Model M>
std::vector<std::string> lasso_fairness_warnings(const M& model, const Path<M>& path) {
  std::vector<std::string> out;
  if (!path.loop_start || *path.loop_start >= path.states.size()) return out;
  for (std::size_t i = *path.loop_start; i < path.actions.size(); ++i)
    if (!model.is_quiet(path.actions[i]))
      out.push_back("step " + std::to_string(i + 1) + ": loop action '" +
                    std::string(model.action_name(path.actions[i])) + "' is a user or fault action");
  return out;
}

}  // namespace stsmc::checker
