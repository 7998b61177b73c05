#pragma once
// A scripted run of the checking model for the tests: actions taken one by one, every transition
// judged by every safety property, and the quiet world settled to convergence's goal.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "properties/catalog.h"

namespace stsmc::e2e {

/// One scripted run: every transition is judged by every safety property; `violations` keeps
/// what they said.
class ScriptedRun {
 public:
  explicit ScriptedRun(properties::Model m) : m_(std::move(m)), s_(m_.init_states().front()) {
    for (auto& p : properties::all_properties())
      if (p.kind == checker::PropertyKind::kLiveness) convergence_ = p;
      else safety_.push_back(std::move(p));
  }

  const model::ClusterState& state() const { return s_; }
  const std::vector<std::string>& violations() const { return violations_; }

  /// Takes `a` (which must apply) and judges the transition.
  void act(const model::Action& a) {
    auto next = m_.next_state(s_, a);
    ASSERT_TRUE(next.has_value()) << m_.action_name(a) << " does not apply";
    for (const auto& p : safety_) {
      const auto v = p.kind == checker::PropertyKind::kInvariant ? p.invariant(m_, *next) : p.step(m_, s_, a, *next);
      if (v) violations_.push_back(p.id + " at " + m_.action_name(a) + ": " + *v);
    }
    s_ = std::move(*next);
  }

  /// The quiet world (controller, kubelet, provisioner, GC) runs until convergence's goal holds:
  /// at each step the first quiet action that changes the state, Reconcile first.
  void settle() {
    std::vector<model::Action> actions;
    for (int i = 0; i < 300 && !goal(); ++i) {
      actions.clear();
      m_.actions(s_, actions);
      bool moved = false;
      for (const auto& a : actions) {
        if (!m_.is_quiet(a)) continue;
        const auto next = m_.next_state(s_, a);
        if (!next || *next == s_) continue;
        act(a);
        moved = true;
        break;
      }
      ASSERT_TRUE(moved) << "the quiet world is stuck outside the goal";
    }
    ASSERT_TRUE(goal()) << "the quiet world did not reach convergence's goal";
  }

  bool goal() const { return convergence_.goal(m_, s_); }

  /// The claim of the only template for `ordinal`, or nullptr.
  const spec::Pvc* claim(spec::Ordinal ordinal) const { return s_.api.find_pvc(0, ordinal); }

  bool has_pod_ref(spec::Ordinal ordinal) const {
    const spec::Pvc* c = claim(ordinal);
    if (!c) return false;
    for (const auto& r : c->owners)
      if (r.kind == spec::OwnerKind::kPod) return true;
    return false;
  }

 private:
  properties::Model m_;
  model::ClusterState s_;
  std::vector<properties::Property> safety_;
  properties::Property convergence_;
  std::vector<std::string> violations_;
};

inline std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += x + "\n";
  return out;
}

}  // namespace stsmc::e2e
