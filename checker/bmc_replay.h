#pragma once
// Believing the solver: a satisfying model is decoded into explicit actions, which are replayed
// through the explicit model (only enabled actions) and the explicit property is re-evaluated.
// Only a run that violates the property exactly at its last step is a finding; anything else is
// an encoding error (DESIGN 1.3). Part of checker/bmc.h (included by bmc_impl.h): include that.
#include <z3++.h>

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
  std::vector<typename M::Action> actions;
  for (std::uint32_t i = 0; i < depth; ++i) {
    auto a = sm.decode(zm, steps[i]);
    if (!a)
      return "step " + std::to_string(i + 1) +
             ": the action cannot be decoded: " + a.error().message;
    actions.push_back(std::move(*a));
  }
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
