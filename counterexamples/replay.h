#pragma once
// Replay (docs/architecture.md §1, idea 3: "every finding is replayed before it is believed"): re-executes a stored
// trace through the explicit model, checks every fingerprint, and re-evaluates its property.
#include <cstddef>
#include <string>
#include <vector>

#include "checker/model.h"
#include "checker/path.h"
#include "checker/evaluate.h"
#include "counterexamples/terminal_text.h"
#include "counterexamples/trace.h"

namespace stsmc::counterexamples {

/// The outcome of replaying a trace. `replayed_ok` false: the trace does not fit the model
/// (undecodable or non-applicable action, fingerprint mismatch, unknown property) and `error`
/// says where. Otherwise `violated` tells whether the property still fails ("fixed" if not).
template <checker::Model M>
struct ReplayResult {
  bool replayed_ok = false;           ///< every step decoded, applied and matched its fingerprint
  std::string error;                  ///< why not, "FILE: step N: what" (empty when replayed_ok)
  /// When not replayed_ok: true when the trace itself is invalid (an action that does not
  /// decode, an unknown property, a kind that disagrees): bad input, exit 2. False when a valid
  /// trace no longer fits the model (an action not enabled, a fingerprint that differs).
  bool bad_trace = false;
  bool violated = false;              ///< the property still fails on the replayed path
  std::size_t violation_step = 0;     ///< safety: first failing step; liveness: the last step
  std::string message;                ///< the violation message, or why the property now holds
  checker::Path<M> path;              ///< the re-executed path (as far as it got)
  std::string note;                   ///< the property's known-upstream note on the violation, if any
  std::vector<std::string> warnings;  ///< doubts that do not change the verdict
};

namespace detail {

inline std::string replay_where(const StoredTrace& t, std::size_t step) {
  return (t.source.empty() ? std::string("<trace>") : t.source) + ": step " + std::to_string(step) +
         ": ";
}

template <checker::Model M>
bool fail(ReplayResult<M>& r, std::string error) {
  r.error = std::move(error);
  return false;
}

/// Puts the initial state into `r.path`: the model's first one, or the one whose fingerprint
/// the trace records at step 0 when the model has several.
template <checker::Model M>
bool replay_init(const M& model, const StoredTrace& t, ReplayResult<M>& r) {
  if (t.states.empty() || t.actions.size() + 1 != t.states.size() ||
      t.fingerprints.size() != t.states.size())
    return fail(r,
                replay_where(t, 0) + "malformed trace: steps, actions and fingerprints disagree");
  auto inits = model.init_states();
  if (inits.empty()) return fail(r, replay_where(t, 0) + "the model has no initial state");
  const std::string& want = t.fingerprints[0];
  for (auto& s : inits) {
    if (!want.empty() && fingerprint_hex(model.fingerprint(s)) != want) continue;
    r.path.states.push_back(std::move(s));
    return true;
  }
  return fail(r, replay_where(t, 0) + "initial state differs: trace " + want + ", model " +
                     fingerprint_hex(model.fingerprint(inits.front())));
}

/// Re-executes the trace's actions from its initial state into `r.path`; returns false with
/// `r.error` set at the first step that does not fit.
template <checker::Model M>
bool replay_steps(const M& model, const StoredTrace& t, ReplayResult<M>& r) {
  if (!replay_init(model, t, r)) return false;
  for (std::size_t k = 1; k < t.states.size(); ++k) {
    auto action = model.action_from_json(t.actions[k - 1]);
    if (!action) {
      const auto m = terminal_safe(action.error().message);
      const auto at =
          "steps[" + std::to_string(k) + "]" + (m.starts_with("action") ? "." : ".action: ");
      r.bad_trace = true;
      return fail(r, replay_where(t, k) + at + m);
    }
    auto next = checker::enabled_next(model, r.path.states.back(), *action);
    if (!next)
      return fail(r, replay_where(t, k) + "action " + t.actions[k - 1].dump(-1, ' ', true) +
                         " is not enabled in the state of step " + std::to_string(k - 1));
    const auto fp = fingerprint_hex(model.fingerprint(*next));
    r.path.actions.push_back(std::move(*action));
    r.path.states.push_back(std::move(*next));
    if (fp != t.fingerprints[k])
      return fail(r, replay_where(t, k) + "fingerprint differs: trace " + t.fingerprints[k] +
                         ", model " + fp + " (the model changed since the trace was written)");
  }
  r.path.loop_start = t.loop_start;
  return true;
}

template <checker::Model M>
const checker::Property<M>* find_property(const std::vector<checker::Property<M>>& props,
                                          const std::string& id) {
  for (const auto& p : props)
    if (p.id == id) return &p;
  return nullptr;
}

template <checker::Model M>
void evaluate_replayed(const M& model, const StoredTrace& t, const checker::Property<M>& prop,
                       ReplayResult<M>& r) {
  if (prop.kind == checker::PropertyKind::kLiveness) {
    const auto v = checker::check_lasso(model, r.path, prop);
    r.violated = v.violates;
    r.violation_step = v.step;
    r.message = v.reason;
    if (v.violates) r.warnings = checker::lasso_fairness_warnings(model, r.path);
    if (v.violates) r.note = checker::known_upstream_note(model, prop, r.path);
    return;
  }
  if (const auto v = checker::first_safety_violation(model, r.path, prop)) {
    r.violated = true;
    r.violation_step = v->step;
    r.message = v->message;
    r.note = v->note;
    if (v->step != t.meta.violation_step)
      r.warnings.push_back("violated at step " + std::to_string(v->step) +
                           "; the trace says step " + std::to_string(t.meta.violation_step));
  } else {
    r.message = "holds: no step of the replayed path violates " + prop.id;
  }
}

}  // namespace detail

/// Replays `trace` through `model` and re-evaluates its property, found by id in `props`. The
/// run starts from the model's initial state whose fingerprint step 0 records (the first one
/// when it records none), and every later step must decode, apply and match its fingerprint.
/// Safety properties are evaluated on every state (invariant) or transition (step); a liveness
/// trace still violates when it is a lasso whose loop has no goal state.
template <checker::Model M>
ReplayResult<M> replay(const M& model, const StoredTrace& trace,
                       const std::vector<checker::Property<M>>& props) {
  ReplayResult<M> r;
  const auto* prop = detail::find_property(props, trace.meta.property);
  const std::string src = trace.source.empty() ? "<trace>" : trace.source;
  if (prop == nullptr) {
    std::string known;
    for (const auto& p : props) known += (known.empty() ? "" : ", ") + p.id;
    r.error = src + ": property '" + terminal_safe(trace.meta.property) +
              "' is not known to the model (known: " + known + ")";
    r.bad_trace = true;
    return r;
  }
  const bool liveness = prop->kind == checker::PropertyKind::kLiveness;
  if (liveness != (trace.meta.kind == "liveness")) {
    r.error = src + ": kind: the trace says '" + trace.meta.kind + "' but " + prop->id + " is a " +
              (liveness ? "liveness" : "safety") + " property";
    r.bad_trace = true;
    return r;
  }
  if (!detail::replay_steps(model, trace, r)) return r;
  r.replayed_ok = true;
  detail::evaluate_replayed(model, trace, *prop, r);
  return r;
}

}  // namespace stsmc::counterexamples
