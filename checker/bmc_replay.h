#pragma once
// Believing the solver: a satisfying model is decoded into explicit actions, which are replayed
// through the explicit model (only enabled actions) and the explicit property is re-evaluated.
// Only a run that violates the property exactly at its last step is a finding; anything else is
// an encoding error (DESIGN 1.3). Part of checker/bmc.h (included by bmc_impl.h): include that.
#include <z3++.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "checker/evaluate.h"
#include "checker/path.h"

namespace stsmc::checker::detail {

/// "[a0, a1, ...]" in the actions' JSON, for messages.
template <Model M>
std::string actions_text(const M& m, const std::vector<typename M::Action>& actions) {
  std::string out = "[";
  for (std::size_t i = 0; i < actions.size(); ++i)
    out += (i ? ", " : "") + m.action_json(actions[i]).dump();
  return out + "]";
}

/// Why `actions` do not replay from `init`: the first one that is not enabled.
template <Model M>
std::string not_enabled(const M& m, const typename M::State& init,
                        const std::vector<typename M::Action>& actions) {
  typename M::State s = init;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    auto next = enabled_next(m, s, actions[i]);
    if (!next)
      return "step " + std::to_string(i + 1) + ": " + m.action_json(actions[i]).dump() +
             " is not enabled in the explicit model";
    s = std::move(*next);
  }
  return "it replays";  // not reached: the caller saw rebuild_path fail
}

/// The actions of the run in `zm`'s first `depth` steps, or why one cannot be decoded.
template <SymbolicModel S>
std::variant<std::vector<typename S::Explicit::Action>, std::string> decode_run(
    const S& sm, const z3::model& zm, const std::vector<typename S::Step>& steps, std::uint32_t depth) {
  std::vector<typename S::Explicit::Action> actions;
  for (std::uint32_t i = 0; i < depth; ++i) {
    auto a = sm.decode(zm, steps[i]);
    if (!a) return "step " + std::to_string(i + 1) + ": the action cannot be decoded: " + a.error().message;
    actions.push_back(std::move(*a));
  }
  return actions;
}

/// The lasso in `zm` of `depth` steps whose loop starts at `loop_start` (== depth: the empty
/// loop), decoded and replayed from each explicit initial state in turn: the first replay that
/// check_lasso finds violating `prop` is the Discovery (with the property's known-upstream note
/// on its loop, and the explorer's messages); otherwise what went wrong.
template <SymbolicModel S>
std::variant<Discovery<typename S::Explicit>, std::string> confirm_lasso(
    const S& sm, const Property<typename S::Explicit>& prop, const z3::model& zm,
    const std::vector<typename S::Step>& steps, std::uint32_t depth, std::uint32_t loop_start) {
  using M = typename S::Explicit;
  const M& m = sm.explicit_model();
  auto decoded = decode_run(sm, zm, steps, depth);
  if (auto* why = std::get_if<std::string>(&decoded)) return *why;
  const auto& actions = std::get<std::vector<typename M::Action>>(decoded);
  std::string problem;
  const auto inits = m.init_states();
  for (const auto& init : inits) {
    auto path = rebuild_path(m, init, actions);
    std::string here;
    if (!path) {
      here = not_enabled(m, init, actions);
    } else {
      path->loop_start = loop_start;
      const auto verdict = check_lasso(m, *path, prop);
      if (verdict.violates) {
        std::vector<Fingerprint> distinct;
        for (std::size_t i = loop_start; i < path->states.size(); ++i) {
          const Fingerprint fp = m.fingerprint(path->states[i]);
          if (std::find(distinct.begin(), distinct.end(), fp) == distinct.end()) distinct.push_back(fp);
        }
        const std::string message =
            loop_start == depth
                ? "the quiet world stops (no quiet action is enabled) without reaching the goal"
                : "the quiet world loops forever (" + std::to_string(distinct.size()) +
                      (distinct.size() == 1 ? " state" : " states") + ") without reaching the goal";
        std::string note = known_upstream_note(m, prop, *path);
        return Discovery<M>{prop.id, prop.kind, message, std::move(*path), std::move(note), ""};
      }
      here = "it replays, but check_lasso says: " + verdict.reason;
    }
    if (problem.empty()) problem = here;
  }
  if (inits.empty()) problem = "the explicit model has no initial state";
  return "the solver's lasso of " + std::to_string(depth) + " step(s) looping from step " +
         std::to_string(loop_start) + " " + actions_text(m, actions) + " does not confirm: " + problem +
         (inits.size() > 1 ? " (from the first initial state)" : "");
}

/// The run in `zm` of `depth` steps, decoded and replayed from each explicit initial state in
/// turn. With `prop`: the first replay whose property fails at step `depth`, and not before, is
/// the Discovery. Without (a lemma, which has no explicit counterpart): the first replay that
/// succeeds. Otherwise the message says what went wrong (for the first initial state).
template <SymbolicModel S>
std::variant<Discovery<typename S::Explicit>, std::string> confirm(
    const S& sm, const Property<typename S::Explicit>* prop, const z3::model& zm,
    const std::vector<typename S::Step>& steps, std::uint32_t depth) {
  using M = typename S::Explicit;
  const M& m = sm.explicit_model();
  auto decoded = decode_run(sm, zm, steps, depth);
  if (auto* why = std::get_if<std::string>(&decoded)) return *why;
  const auto& actions = std::get<std::vector<typename M::Action>>(decoded);
  std::string problem;
  const auto inits = m.init_states();
  for (const auto& init : inits) {
    auto path = rebuild_path(m, init, actions);
    std::string here;
    if (!path) {
      here = not_enabled(m, init, actions);
    } else if (!prop) {
      return Discovery<M>{"", PropertyKind::kInvariant, "", std::move(*path), "", ""};
    } else if (const auto v = first_safety_violation(m, *path, *prop); v && v->step == depth) {
      return Discovery<M>{prop->id, prop->kind, v->message, std::move(*path), "", ""};
    } else if (v) {
      here = "the explicit property already fails at step " + std::to_string(v->step) +
             ", which the encoding missed";
    } else {
      here = "it replays, but the explicit property holds at step " + std::to_string(depth);
    }
    if (problem.empty()) problem = here;
  }
  if (inits.empty()) problem = "the explicit model has no initial state";
  return "the solver's run of " + std::to_string(depth) + " step(s) " + actions_text(m, actions) +
         " does not confirm: " + problem +
         (inits.size() > 1 ? " (from the first initial state)" : "");
}

}  // namespace stsmc::checker::detail
