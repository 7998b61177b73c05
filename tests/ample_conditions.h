#pragma once
// The conditions that make StatefulSetModel::ample_binding a sound ample set (docs/checking.md,
// "Partial-order reduction"), checked on one state: shared by the fixed tests
// (partial_order_test.cpp) and the RapidCheck property over random runs
// (machinery_properties_test.cpp).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "model/checker_model.h"
#include "properties/catalog.h"

namespace stsmc::e2e {

/// The first condition of the ample binding of `s` that does not hold, described with the state;
/// nullopt when they all hold (or `s` has no ample binding). `clean`: the unmutated model, where
/// the binding step itself must break no step property (a mutant may break one on every step).
/// The conditions: the binding is enabled; it neither disables nor is disabled by any other
/// enabled action, and they commute (the same state either way); every invariant and liveness
/// goal says the same with the claim bound, and every step property judges each other action the
/// same from there; after any other action the ample condition still holds.
inline std::optional<std::string> broken_ample_condition(const model::StatefulSetModel& m,
                                                         const model::ClusterState& s,
                                                         const std::vector<properties::Property>& props,
                                                         bool clean) {
  using model::Action;
  const auto bind = m.ample_binding(s);
  if (!bind) return std::nullopt;
  const Action b = *bind;
  const auto at = [&](const std::string& what) { return what + " at " + m.state_json(s).dump(); };
  const auto name = [&](const Action& a) { return m.action_json(a).dump(); };
  const auto offers = [&](const model::ClusterState& x, const Action& a) {
    std::vector<Action> actions;
    m.actions(x, actions);
    return std::find(actions.begin(), actions.end(), a) != actions.end();
  };
  const auto sb = m.next_state(s, b);
  if (!sb) return at("the ample binding is not applicable");
  for (const auto& p : props) {
    if (p.kind == checker::PropertyKind::kInvariant) {
      if (p.invariant(m, s).has_value() != p.invariant(m, *sb).has_value()) return at(p.id + " sees the binding");
    } else if (p.kind == checker::PropertyKind::kLiveness) {
      if (p.goal(m, s) != p.goal(m, *sb)) return at(p.id + "'s goal sees the binding");
    } else if (clean && p.step(m, s, b, *sb)) {
      return at(p.id + " is broken by the binding");
    }
  }
  std::vector<Action> actions;
  m.actions(s, actions);
  for (const auto& a : actions) {
    if (a == b) continue;
    const auto sa = m.next_state(s, a);
    const auto sba = m.next_state(*sb, a);
    if (sa.has_value() != sba.has_value()) return at("the binding changes whether " + name(a) + " applies");
    if (!sa) continue;
    if (!offers(*sb, a)) return at("the binding disables " + name(a));
    if (!offers(*sa, b)) return at(name(a) + " disables the binding");
    const auto sab = m.next_state(*sa, b);
    if (!sab) return at("the binding does not apply after " + name(a));
    if (!(*sab == *sba)) return at("the binding and " + name(a) + " do not commute");
    if (!m.ample_binding(*sa)) return at("the ample condition does not survive " + name(a));
    for (const auto& p : props)
      if (p.kind == checker::PropertyKind::kStep && p.step(m, s, a, *sa).has_value() != p.step(m, *sb, a, *sba).has_value())
        return at(p.id + " judges " + name(a) + " differently with the claim bound");
  }
  return std::nullopt;
}

}  // namespace stsmc::e2e
