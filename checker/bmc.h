#pragma once
// bmc: the symbolic engine. A SymbolicModel encodes an explicit checker::Model in Z3 (a frame of
// state variables per time, a step of action variables per transition); bmc() looks for each
// property's shortest violation up to a depth with one incremental solver, prove() runs
// k-induction. Every violation is decoded into actions and replayed through the explicit model
// before it is believed: one that does not replay is an encoding error, never a finding.
#include <z3++.h>

#include <array>
#include <concepts>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/explore.h"
#include "checker/model.h"
#include "core/expected.h"

namespace stsmc::checker {

/// A property as the encoding states it: `bad(s, a, t)` is true on a transition s -a-> t that
/// violates it. A state invariant looks at `t` alone (it is then also checked on initial states,
/// as bad(s0, a, s0)). The id is the explicit Property's id, by which findings are replayed.
template <class S>
struct SymbolicProperty {
  std::string id;
  std::function<z3::expr(const typename S::Frame& s, const typename S::Step& a,
                         const typename S::Frame& t)>
      bad;
};

/// An auxiliary state invariant that strengthens induction. prove() proves it first and assumes
/// it on every frame only once proved.
template <class S>
struct Lemma {
  std::string name;
  std::function<z3::expr(const typename S::Frame&)> holds;
};

/// A Z3 encoding of the explicit model `Explicit`. Frames and steps are opaque bundles of fresh
/// Z3 constants (their names must include the index `i`):
/// - `frame(ctx, i)`: the state at time i; `step(ctx, i)`: the action of the step i -> i+1.
/// - `init(f)`: f is an initial state; `domain_facts(f)`: candidate range and shape facts, each
///   with a `name` and `holds` (a z3::expr over f). The engines assume on every frame only the
///   largest subset they prove to be an inductive invariant first (checker/bmc_domain.h), so a
///   fact that does not hold on some reachable state costs precision, never soundness;
///   `trans(s, a, t)`: t is the successor of s under an action a enabled in s; `differ(a, b)`:
///   the two states differ.
/// - `decode(model, step)`: the explicit action a satisfying assignment chose.
/// - `symbolic_properties()`, `lemmas()`: see SymbolicProperty and Lemma.
template <class S>
concept SymbolicModel = Model<typename S::Explicit> &&
    requires(const S& sm, z3::context& ctx, int i, const typename S::Frame& f,
             const typename S::Step& a, const z3::model& zm) {
  typename S::Frame;
  typename S::Step;
  { sm.explicit_model() } -> std::same_as<const typename S::Explicit&>;
  { sm.frame(ctx, i) } -> std::same_as<typename S::Frame>;
  { sm.step(ctx, i) } -> std::same_as<typename S::Step>;
  { sm.init(f) } -> std::same_as<z3::expr>;
  { sm.domain_facts(f).front().name } -> std::convertible_to<std::string>;
  { sm.domain_facts(f).front().holds } -> std::convertible_to<z3::expr>;
  { sm.trans(f, a, f) } -> std::same_as<z3::expr>;
  { sm.differ(f, f) } -> std::same_as<z3::expr>;
  { sm.decode(zm, a) } -> std::same_as<Expected<typename S::Explicit::Action>>;
  // Structural, so a model need not include checker/: a vector of SymbolicProperty<S>, or of
  // any struct with the same two members (likewise for lemmas).
  { sm.symbolic_properties().front().id } -> std::convertible_to<std::string>;
  { sm.symbolic_properties().front().bad(f, a, f) } -> std::same_as<z3::expr>;
  { sm.lemmas().front().name } -> std::convertible_to<std::string>;
  { sm.lemmas().front().holds(f) } -> std::same_as<z3::expr>;
};

/// The optional liveness part of a SymbolicModel (structural, like the rest): with it, bmc()
/// looks for lassos that violate the liveness properties `symbolic_liveness()` names (by id).
/// - `live_frame(f)`: the frame's facts, as terms over f: `goals[p]` (f is a goal state of
///   symbolic_liveness()[p]), `moving[c]` for each of Explicit::kActorClasses classes (a quiet
///   action of class c is enabled in f and changes it), `quiet_enabled` (some quiet action is
///   enabled in f) and `exact` (the other facts are the explicit model's: where it is false they
///   may not be, and no lasso through f is reported).
/// - `quiet(a)`: the step's action is quiet; `actor_class_is(a, c)`: it is a quiet action of
///   class c.
/// - optional `same_up_to_naming(f, g)`: f and g are the same state to the explicit model (whose
///   fingerprints may forget names, e.g. UIDs); a lasso's last frame closes its loop with it,
///   or, without it, by being equal to the loop's first frame.
template <class S>
concept SymbolicLiveness = SymbolicModel<S> &&
    requires(const S& sm, const typename S::Frame& f, const typename S::Step& a, std::size_t c) {
  { sm.symbolic_liveness().front().id } -> std::convertible_to<std::string>;
  { sm.live_frame(f).goals.front() } -> std::convertible_to<z3::expr>;
  { sm.live_frame(f).moving.front() } -> std::convertible_to<z3::expr>;
  { sm.live_frame(f).quiet_enabled } -> std::convertible_to<z3::expr>;
  { sm.live_frame(f).exact } -> std::convertible_to<z3::expr>;
  { sm.quiet(a) } -> std::same_as<z3::expr>;
  { sm.actor_class_is(a, c) } -> std::same_as<z3::expr>;
};

/// Optional part of a SymbolicModel: facts its `trans` relies on without stating them as
/// states' facts, e.g. "every step fits the encoding's slots" (a step that does not is left out
/// of `trans`). `assumptions()` lists {name, violated(t, a)}: in state t the action a (fresh
/// constants) is enabled and breaks the assumption. bmc() checks each to its depth and prove()
/// proves each by k-induction; a verdict that rests on one not established is not "proved".
template <class S>
concept EncodingAssumptions = SymbolicModel<S> &&
    requires(const S& sm, const typename S::Frame& f, const typename S::Step& a) {
  { sm.assumptions().front().name } -> std::convertible_to<std::string>;
  { sm.assumptions().front().violated(f, a) } -> std::same_as<z3::expr>;
};

/// What the symbolic engine concluded about one property (or lemma).
enum class SymbolicVerdict : std::uint8_t {
  kHolds,          ///< bmc: no violation within `depth` steps
  kProved,         ///< prove: holds in every reachable state, by k-induction with k = `depth`
  kViolated,       ///< a replayed counterexample of `depth` steps (for a property: a Discovery)
  kUnknown,        ///< undecided; `reason` says why, `depth` how far it is known to hold
  kUnsupported,    ///< not checked: no symbolic encoding of the id, liveness in prove() (`reason`)
  kEncodingError,  ///< the solver's counterexample of `depth` steps failed replay (`reason`)
};
constexpr std::array<std::string_view, 6> enum_names(SymbolicVerdict) {
  return {"holds", "proved", "violated", "unknown", "unsupported", "encoding-error"};
}

/// The result for one property or lemma.
struct SymbolicResult {
  std::string property;  ///< the property's id or the lemma's name
  SymbolicVerdict verdict = SymbolicVerdict::kUnknown;
  std::uint32_t depth = 0;  ///< see SymbolicVerdict
  std::string reason;       ///< kUnknown, kUnsupported, kEncodingError: why
};

/// Statistics of a run.
struct SymbolicStats {
  double seconds = 0;
  std::uint32_t depth = 0;          ///< the deepest BMC unrolling built
  std::uint32_t k = 0;              ///< the largest induction k tried
  std::uint64_t solver_checks = 0;  ///< calls to the solver
};

/// The outcome of bmc() or prove(). `results` has one entry per requested property, in order;
/// every kViolated one has its replayed Discovery in `discoveries`.
template <Model M>
struct SymbolicReport {
  std::vector<Discovery<M>> discoveries;
  std::vector<SymbolicResult> results;
  std::vector<SymbolicResult> lemmas;  ///< prove(): one per lemma, in the model's order
  /// The encoding's assumptions (EncodingAssumptions): proved by prove(), checked to the depth
  /// by bmc(); a property's verdict is downgraded when one of them is not established.
  std::vector<SymbolicResult> assumptions;
  /// The candidate domain facts: how many were proved (and assumed on every frame), and the
  /// dropped ones, each "name (why)".
  std::size_t domain_kept = 0;
  std::size_t domain_candidates = 0;
  std::vector<std::string> domain_dropped;
  /// Set when some counterexample failed replay (the first such, "<id>: <what failed>"): a bug in
  /// the encoding, which the CLI reports as an internal error (exit 4).
  std::optional<std::string> encoding_error;
  SymbolicStats stats;
};

inline constexpr std::uint32_t kDefaultBmcDepth = 20;
inline constexpr std::uint32_t kDefaultMaxK = 20;

/// Knobs of bmc().
struct BmcConfig {
  std::uint32_t depth = kDefaultBmcDepth;    ///< look for violations of up to this many steps
  std::optional<double> time_limit_seconds;  ///< wall time; undecided properties are then unknown
  bool progress = true;                      ///< a line on stderr per depth
  InterruptFlag interrupt = nullptr;         ///< set: stop, undecided properties unknown ("interrupted")
};

/// Knobs of prove().
struct ProveConfig {
  std::uint32_t max_k = kDefaultMaxK;        ///< try k = 1 .. max_k
  std::optional<double> time_limit_seconds;  ///< for the whole run, lemmas included
  bool progress = true;                      ///< a line on stderr per goal and k
  InterruptFlag interrupt = nullptr;         ///< set: stop, undecided properties unknown ("interrupted")
};

/// Bounded model checking of `properties` (explicit properties; each is checked through the
/// symbolic property of the same id) up to `config.depth` steps: the shortest violation of each.
/// A liveness property (when the model is a SymbolicLiveness with an encoding of its id) is
/// violated by the shortest lasso s0..sk of quiet-world fairness: either a loop sj..sk (j < k,
/// sk the same state as sj) of quiet steps through non-goal states in which every actor class
/// acts or is somewhere unable to move the state (weak fairness, as checker/evaluate.h's
/// check_lasso judges it), or an empty loop: sk is no goal state and no quiet action is enabled
/// there. The lasso is replayed through check_lasso and carries the property's known-upstream note.
template <SymbolicModel S>
SymbolicReport<typename S::Explicit> bmc(
    const S& sm, const std::vector<Property<typename S::Explicit>>& properties,
    const BmcConfig& config);

/// k-induction for each of `properties` (safety only: liveness is unsupported), after the model's lemmas: proved at some k <= max_k,
/// violated (a replayed counterexample) or unknown. Proved at k: no violation within k steps
/// (BMC), and every path s0..s(k+1) within the domain and the proved lemmas, with s0..sk pairwise
/// different, whose first k transitions are good, has a good last transition. Lemmas are proved
/// the same way (as invariants), in order, each assuming the ones proved before it.
template <SymbolicModel S>
SymbolicReport<typename S::Explicit> prove(
    const S& sm, const std::vector<Property<typename S::Explicit>>& properties,
    const ProveConfig& config);

}  // namespace stsmc::checker

#include "checker/bmc_impl.h"
