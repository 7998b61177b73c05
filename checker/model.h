#pragma once
// The Model concept every engine works with (after stateright's Model): a pure transition system.
// Engines know nothing of Kubernetes; they see states, actions, fingerprints and properties.
#include <concepts>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/reflect.h"

namespace stsmc::checker {

/// A pure transition system. `next_state` and `actions` are const functions of their arguments:
/// no I/O, clock, randomness or statics, so any path can be rebuilt by re-running the model.
///
/// - `init_states()`: the initial states.
/// - `actions(s, out)`: appends the actions enabled in `s` (the only source of nondeterminism),
///   in a deterministic order.
/// - `next_state(s, a)`: the successor, or nullopt if `a` is not applicable after all.
/// - `fingerprint(s)`: 64-bit fingerprint of the state's canonical form; two states with equal
///   fingerprints are treated as the same state by the explorer.
/// - `actor_class(a)`: the fairness class of an action (e.g. controller, kubelet), small integer
///   below `kActorClasses`; `is_environment_quiet(a)`: true for actions of the quiet world
///   (everything except user and fault actions) — liveness is judged on those.
/// - `action_name(a)`: the name coverage is counted by. A `const char*` must stay valid as long as
///   the model (the explorer then counts by pointer and reads the names at the end).
/// - optional `FieldBounds state_bounds()`: the ranges of the state's integer fields; when the
///   state packs into 63 bits with them (core/packed_key.h), the explorer stores exact packed
///   states instead of fingerprints.
/// - `state_json` / `action_json` / `action_from_json`: serialisation for traces.
template <class M>
concept Model = requires(const M& m, const typename M::State& s, const typename M::Action& a,
                         std::vector<typename M::Action>& out, const Json& j) {
  typename M::State;
  typename M::Action;
  { m.init_states() } -> std::same_as<std::vector<typename M::State>>;
  { m.actions(s, out) } -> std::same_as<void>;
  { m.next_state(s, a) } -> std::same_as<std::optional<typename M::State>>;
  { m.fingerprint(s) } -> std::same_as<Fingerprint>;
  { m.actor_class(a) } -> std::convertible_to<std::size_t>;
  { M::kActorClasses } -> std::convertible_to<std::size_t>;
  { m.is_quiet(a) } -> std::same_as<bool>;
  { m.action_name(a) } -> std::convertible_to<std::string>;
  { m.state_json(s) } -> std::same_as<Json>;
  { m.action_json(a) } -> std::same_as<Json>;
  { m.action_from_json(j) } -> std::same_as<Expected<typename M::Action>>;
};

/// What a property constrains.
enum class PropertyKind : std::uint8_t {
  kInvariant,  ///< a predicate over every reachable state
  kStep,       ///< a predicate over every transition (state, action, next state)
  kLiveness,   ///< every fair run of the quiet world reaches and stays in the goal
};
constexpr std::array<std::string_view, 3> enum_names(PropertyKind) { return {"invariant", "step", "liveness"}; }

/// The identity of a state for the engines' own comparisons (a loop closes, a quiet action
/// moves the world): the model's search key where it has one (a hash of every field of the
/// canonical form), else its fingerprint. Not the fingerprint itself where a search key exists:
/// the fingerprint is the traces' contract and leaves fields added after traces were stored out
/// while they hold their defaults (core/reflect.h), so two states that differ in such a field
/// and in a compensating one can hash alike (a spent informer-lag budget against one more
/// lagging lister list, found on stale-read states).
template <Model M>
Fingerprint state_identity(const M& m, const typename M::State& s) {
  if constexpr (requires {
                  { m.search_key(s) } -> std::same_as<Fingerprint>;
                })
    return m.search_key(s);
  else
    return m.fingerprint(s);
}

/// A named property. Checks return a violation message, or nullopt when they hold.
template <Model M>
struct Property {
  using State = typename M::State;
  using Action = typename M::Action;
  std::string id;
  std::string statement;
  PropertyKind kind = PropertyKind::kInvariant;
  std::function<std::optional<std::string>(const M&, const State&)> invariant;
  std::function<std::optional<std::string>(const M&, const State&, const Action&, const State&)> step;
  /// For liveness: the desired (goal) states.
  std::function<bool(const M&, const State&)> goal;
  /// For liveness: a note when a lasso is known upstream behaviour (e.g. "kubernetes#67250: ..."),
  /// computed from the lasso's loop states; empty when not known.
  std::function<std::string(const M&, const std::vector<State>&)> known_upstream;
  /// For safety: a note when a violation is known upstream behaviour (the step `s --a--> next`
  /// of a step property, or the state `s` of an invariant with `a` null and `next` = `s`); empty
  /// when it is not. A known violation does not decide the property: the engines look on for one
  /// that is not known, and report the known one only if they find none (checker/evaluate.h).
  std::function<std::string(const M&, const State& s, const Action* a, const State& next)> known_hit;
};

}  // namespace stsmc::checker
