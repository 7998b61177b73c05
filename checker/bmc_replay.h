#pragma once
// Believing the solver: a satisfying model is decoded into explicit actions, which are replayed
// through the explicit model (only enabled actions) and the explicit property is re-evaluated.
// Only a run that violates the property exactly at its last step is a finding; anything else is
// an encoding error (docs/architecture.md §1.3). Part of checker/bmc.h (included by bmc_impl.h): include that.
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

/// The run in `zm` of `depth` steps (`what` names it in messages), decoded and replayed from
/// each explicit initial state in turn; `judge(path)` turns a replay into the Discovery or says
/// why it is none. The first Discovery wins; otherwise what went wrong (for the first initial
/// state).
template <SymbolicModel S, class Judge>
std::variant<Discovery<typename S::Explicit>, std::string> replay_run(
    const S& sm, const z3::model& zm, const std::vector<typename S::Step>& steps, std::uint32_t depth,
    const std::string& what, Judge&& judge) {
  using M = typename S::Explicit;
  const M& m = sm.explicit_model();
  std::vector<typename M::Action> actions;
  for (std::uint32_t i = 0; i < depth; ++i) {
    auto a = sm.decode(zm, steps[i]);
    if (!a) return "step " + std::to_string(i + 1) + ": the action cannot be decoded: " + a.error().message;
    actions.push_back(std::move(*a));
  }
  std::string problem;
  const auto inits = m.init_states();
  for (const auto& init : inits) {
    auto path = rebuild_path(m, init, actions);
    std::variant<Discovery<M>, std::string> got =
        path ? judge(std::move(*path)) : std::variant<Discovery<M>, std::string>(not_enabled(m, init, actions));
    if (std::holds_alternative<Discovery<M>>(got)) return got;
    if (problem.empty()) problem = std::get<std::string>(got);
  }
  if (inits.empty()) problem = "the explicit model has no initial state";
  return "the solver's " + what + " " + actions_text(m, actions) + " does not confirm: " + problem +
         (inits.size() > 1 ? " (from the first initial state)" : "");
}

/// The lasso in `zm` of `depth` steps whose loop starts at `loop_start` (== depth: the empty
/// loop), replayed: a replay that check_lasso finds violating `prop` is the Discovery (with the
/// property's known-upstream note on its loop, and the explorer's message).
template <SymbolicModel S>
std::variant<Discovery<typename S::Explicit>, std::string> confirm_lasso(
    const S& sm, const Property<typename S::Explicit>& prop, const z3::model& zm,
    const std::vector<typename S::Step>& steps, std::uint32_t depth, std::uint32_t loop_start) {
  using M = typename S::Explicit;
  const M& m = sm.explicit_model();
  const std::string what = "lasso of " + std::to_string(depth) + " step(s) looping from step " +
                           std::to_string(loop_start);
  return replay_run(sm, zm, steps, depth, what, [&](Path<M> path) -> std::variant<Discovery<M>, std::string> {
    path.loop_start = loop_start;
    const auto verdict = check_lasso(m, path, prop);
    if (!verdict.violates) return "it replays, but check_lasso says: " + verdict.reason;
    std::vector<Fingerprint> distinct;
    for (std::size_t i = loop_start; i < path.states.size(); ++i) {
      const Fingerprint fp = state_identity(m, path.states[i]);
      if (std::find(distinct.begin(), distinct.end(), fp) == distinct.end()) distinct.push_back(fp);
    }
    std::string note = known_upstream_note(m, prop, path);
    return Discovery<M>{prop.id, prop.kind, lasso_message(loop_start == depth ? 0 : distinct.size()),
                        std::move(path), std::move(note), ""};
  });
}

/// The run in `zm` of `depth` steps, replayed. With `prop`: a replay whose property fails at step
/// `depth`, and not before, is the Discovery (with the property's known-upstream note on that
/// step, as the explorer's). Without (a lemma, which has no explicit
/// counterpart): any replay that succeeds.
template <SymbolicModel S>
std::variant<Discovery<typename S::Explicit>, std::string> confirm(
    const S& sm, const Property<typename S::Explicit>* prop, const z3::model& zm,
    const std::vector<typename S::Step>& steps, std::uint32_t depth) {
  using M = typename S::Explicit;
  const M& m = sm.explicit_model();
  const std::string what = "run of " + std::to_string(depth) + " step(s)";
  return replay_run(sm, zm, steps, depth, what, [&](Path<M> path) -> std::variant<Discovery<M>, std::string> {
    if (!prop) return Discovery<M>{"", PropertyKind::kInvariant, "", std::move(path), "", ""};
    const auto v = first_safety_violation(m, path, *prop);
    if (v && v->step == depth)
      return Discovery<M>{prop->id, prop->kind, v->message, std::move(path), std::move(v->note), ""};
    if (v) return "the explicit property already fails at step " + std::to_string(v->step) + ", which the encoding missed";
    return "it replays, but the explicit property holds at step " + std::to_string(depth);
  });
}

}  // namespace stsmc::checker::detail
