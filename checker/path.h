#pragma once
// Path: a run of a model — the states and the actions between them — and, for liveness, where
// the loop of a lasso starts. Engines return paths rebuilt by re-running the model.
#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

#include "checker/model.h"

namespace stsmc::checker {

/// states[0] is an initial state; actions[i] leads from states[i] to states[i + 1].
template <Model M>
struct Path {
  std::vector<typename M::State> states;
  std::vector<typename M::Action> actions;
  /// For a lasso: the index of the state where the loop starts; the last state equals it again.
  std::optional<std::size_t> loop_start;

  std::size_t length() const { return actions.size(); }
};

/// The successor of `s` under `a`, if `a` is one of the actions the model enables in `s`: a
/// stored or shrunk trace must be a run the model can make, not merely one it can apply.
template <Model M>
std::optional<typename M::State> enabled_next(const M& model, const typename M::State& s,
                                              const typename M::Action& a) {
  std::vector<typename M::Action> enabled;
  model.actions(s, enabled);
  if (std::find(enabled.begin(), enabled.end(), a) == enabled.end()) return std::nullopt;
  return model.next_state(s, a);
}

/// Re-runs `actions` from `init`; nullopt if some action is not enabled on the way.
template <Model M>
std::optional<Path<M>> rebuild_path(const M& model, const typename M::State& init,
                                    const std::vector<typename M::Action>& actions) {
  Path<M> p;
  p.states.push_back(init);
  for (const auto& a : actions) {
    auto next = enabled_next(model, p.states.back(), a);
    if (!next) return std::nullopt;
    p.states.push_back(std::move(*next));
    p.actions.push_back(a);
  }
  return p;
}

}  // namespace stsmc::checker
