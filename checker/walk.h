#pragma once
// One random run of a model, shared by the simulate and fuzz engines: a walk of chosen actions
// (who chooses is the engine's business: a seeded RNG, or RapidCheck's choice vector), checking
// every safety property at every step, then a settle phase in which only the quiet world acts,
// under a weakly fair scheduler, until it stops, loops or runs out of steps; liveness is judged
// on the lasso that ends it, with the same evaluator as replay (checker/evaluate.h).
//
// Swarm testing (Groce et al., ISSTA 2012): each walk may leave some user and fault action kinds
// out entirely and cap others, so that different runs stress different feature mixes. The swarm
// only filters the model's enabled actions, so every walk is a run the unfiltered model can make
// and its trace replays without the swarm.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "checker/evaluate.h"
#include "checker/explore.h"
#include "checker/model.h"
#include "checker/path.h"
#include "core/rng.h"

namespace stsmc::checker {

/// Which user and fault action kinds one walk may take, and how many of each. Quiet actions are
/// never filtered: without them nothing would happen. Kinds are known only by name
/// (`M::action_name`), so decisions are taken per name from the walk's swarm seed.
class Swarm {
 public:
  static constexpr std::uint32_t kUnlimited = std::numeric_limits<std::uint32_t>::max();

  /// No filtering at all.
  Swarm() = default;

  /// Swarm of the simulate engine: each kind is left out with probability 1/2, and an included
  /// kind gets a cap drawn from {1, 2, 4, 8, unlimited}.
  static Swarm random(Seed seed) {
    Swarm s;
    s.active_ = true;
    s.seed_ = seed;
    s.caps_ = true;
    return s;
  }

  /// Swarm of the fuzz engine: a kind whose name hashes to a set bit of `mask` is left out, the
  /// others are unlimited. Mask 0 includes everything, so shrinking the mask towards 0 shrinks
  /// towards the whole model.
  static Swarm masked(std::uint32_t mask) {
    Swarm s;
    s.active_ = mask != 0;
    s.mask_ = mask;
    return s;
  }

  bool active() const { return active_; }

  /// How many actions of kind `name` the walk may take (0: none).
  std::uint32_t cap(std::string_view name) const {
    if (!active_) return kUnlimited;
    const std::uint64_t h = name_hash(name);
    if (!caps_) return (mask_ >> (h % 32) & 1u) ? 0 : kUnlimited;
    SplitMix64 mix(seed_ ^ h);
    if (mix.next() & 1u) return 0;
    const std::uint64_t pick = mix.below(5);
    return pick == 4 ? kUnlimited : std::uint32_t{1} << pick;
  }

  /// A short description for reports: "off", "mask 0x..." or "seed 0x...".
  std::string describe() const {
    if (!active_) return "off";
    char buf[48];
    if (caps_)
      std::snprintf(buf, sizeof buf, "seed %016llx", static_cast<unsigned long long>(seed_));
    else
      std::snprintf(buf, sizeof buf, "mask %08x", mask_);
    return buf;
  }

 private:
  static std::uint64_t name_hash(std::string_view name) {  // FNV-1a, then one mixing step
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ULL;
    return SplitMix64(h).next();
  }

  bool active_ = false;
  bool caps_ = false;
  Seed seed_ = 0;
  std::uint32_t mask_ = 0;
};

/// Bounds of one walk.
struct WalkLimits {
  std::size_t steps = 100;   ///< actions chosen by the engine
  /// Quiet actions after the walk, to judge liveness (0: liveness is not judged).
  std::size_t settle_steps = 1000;
};

/// How a walk ended.
enum class WalkEnd : std::uint8_t {
  kViolation,   ///< a property failed; see WalkResult::violation
  kConverged,   ///< the settle phase reached a fixpoint or a loop that meets every goal
  kUnsettled,   ///< the settle phase ran out of steps, or found only an unfair loop
  kNotSettled,  ///< no liveness property to judge, or the walk was abandoned
};

/// A property violated by a walk.
struct WalkViolation {
  std::size_t property = 0;  ///< index into the walk's property list
  std::string message;
  std::string note;          ///< a safety violation's known-upstream note, if it is known
  std::size_t step = 0;      ///< the path's state where it showed
};

/// The outcome of one walk: its path (up to the violation, or the whole run with its settle
/// phase) and how it ended. For a liveness violation `path.loop_start` is set.
template <Model M>
struct WalkResult {
  Path<M> path;
  WalkEnd end = WalkEnd::kNotSettled;
  std::optional<WalkViolation> violation;
  /// The first safety violation the walk met that is known upstream behaviour: the walk goes
  /// on, and reports it (its path cut there) only if it meets no violation that is not known.
  std::optional<WalkViolation> known;
  std::size_t chosen_steps = 0;  ///< steps of the walk proper (the rest is the settle phase)
  std::unordered_map<std::string, std::uint64_t> action_counts;
};

namespace detail {

/// The first safety property (in list order) violated by the new state `path.states.back()` or
/// by the transition into it and not known upstream behaviour; index and message. The first known
/// violation of the walk is kept in `r.known` (the walk goes on).
template <Model M>
std::optional<WalkViolation> safety_at_end(const M& model, const std::vector<Property<M>>& props,
                                           WalkResult<M>& r) {
  const std::size_t last = r.path.states.size() - 1;
  for (std::size_t p = 0; p < props.size(); ++p) {
    auto v = safety_violation_at(model, props[p], r.path, last);
    if (!v) continue;
    if (v->note.empty()) return WalkViolation{p, std::move(v->message), {}, last};
    if (!r.known) r.known = WalkViolation{p, std::move(v->message), std::move(v->note), last};
  }
  return std::nullopt;
}

/// Ends a walk that met no violation but a known one: that one, its path cut where it showed.
template <Model M>
void report_known(WalkResult<M>& r) {
  if (r.violation || !r.known) return;
  r.path.states.resize(r.known->step + 1);
  r.path.actions.resize(r.known->step);
  r.path.loop_start.reset();
  r.end = WalkEnd::kViolation;
  r.violation = std::move(r.known);
  r.known.reset();
}

template <Model M>
bool has_liveness(const std::vector<Property<M>>& props) {
  return std::any_of(props.begin(), props.end(),
                     [](const auto& p) { return p.kind == PropertyKind::kLiveness; });
}

/// Judges every liveness property on the lasso `path` ends with and sets the result's end. A loop
/// that is not weakly fair proves nothing either way (kUnsettled).
template <Model M>
void judge_lasso(const M& model, const std::vector<Property<M>>& props, WalkResult<M>& r) {
  if (!unfair_classes(model, r.path).empty()) {
    r.end = WalkEnd::kUnsettled;
    return;
  }
  for (std::size_t p = 0; p < props.size(); ++p) {
    if (props[p].kind != PropertyKind::kLiveness) continue;
    const auto v = check_lasso(model, r.path, props[p]);
    if (v.violates) {
      r.end = WalkEnd::kViolation;
      r.violation = WalkViolation{p, v.reason, {}, r.path.states.size() - 1};
      return;
    }
  }
  r.end = WalkEnd::kConverged;
}

/// Which of `allowed` a choice value `v` picks: first an actor class among those with an allowed
/// action (v mod their number), then an action within it ((v / that) mod its size). Choosing the
/// class first keeps the many variants of user actions (a scale to every target, ...) from
/// crowding out the controller and the kubelet, so walks interleave the world's reactions with
/// what the user does, as real clusters do. A smaller value never picks a later class.
template <Model M>
std::size_t pick_action(const M& model, const std::vector<typename M::Action>& allowed, std::uint64_t v) {
  std::array<std::size_t, M::kActorClasses> count{};
  for (const auto& a : allowed) ++count[model.actor_class(a)];
  std::size_t classes = 0;
  for (auto c : count) classes += c > 0;
  std::size_t nth_class = static_cast<std::size_t>(v % classes);
  v /= classes;
  std::size_t cls = 0;
  for (; cls < M::kActorClasses; ++cls)
    if (count[cls] > 0 && nth_class-- == 0) break;
  std::size_t nth = static_cast<std::size_t>(v % count[cls]);
  for (std::size_t i = 0; i < allowed.size(); ++i)
    if (model.actor_class(allowed[i]) == cls && nth-- == 0) return i;
  return 0;  // unreachable: count[cls] > 0
}

/// The settle phase: from the path's last state only quiet actions that change the state are
/// taken, one actor class after the other in rotation (weak fairness: a class that stays enabled
/// acts within kActorClasses steps). Within a class, `pick(n)` says which of its n enabled
/// actions to try first; the others follow in order until one changes the state. Ends at a
/// fixpoint (a lasso whose loop is that one state), at the first repeated state (a lasso), or
/// after `limit` steps (unsettled). A step costs one successor in the usual case; only a
/// fixpoint needs every quiet successor.
template <Model M, class Pick>
void settle(const M& model, const std::vector<Property<M>>& props, std::size_t limit, Pick&& pick,
            WalkResult<M>& r) {
  using Action = typename M::Action;
  std::unordered_map<Fingerprint, std::size_t> seen;
  seen.emplace(state_identity(model, r.path.states.back()), r.path.states.size() - 1);
  std::vector<Action> enabled;
  std::vector<std::vector<std::size_t>> by_class(M::kActorClasses);  // indices into `enabled`
  std::size_t cursor = 0;
  for (std::size_t step = 0; step < limit; ++step) {
    const auto& s = r.path.states.back();
    const Fingerprint here = state_identity(model, s);
    enabled.clear();
    model.actions(s, enabled);
    for (auto& c : by_class) c.clear();
    for (std::size_t i = 0; i < enabled.size(); ++i)
      if (model.is_quiet(enabled[i])) by_class[model.actor_class(enabled[i])].push_back(i);
    std::optional<typename M::State> next;
    std::size_t taken = 0;
    for (std::size_t k = 0; k < M::kActorClasses && !next; ++k) {
      const std::size_t cls = (cursor + k) % M::kActorClasses;
      const auto& options = by_class[cls];
      if (options.empty()) continue;
      const std::size_t first = static_cast<std::size_t>(pick(options.size())) % options.size();
      for (std::size_t j = 0; j < options.size() && !next; ++j) {
        taken = options[(first + j) % options.size()];
        next = model.next_state(s, enabled[taken]);
        if (next && state_identity(model, *next) == here) next.reset();
      }
      if (next) cursor = cls + 1;
    }
    if (!next) {  // a fixpoint of the quiet world: the loop is this one state
      r.path.loop_start = r.path.states.size() - 1;
      judge_lasso(model, props, r);
      if (r.end != WalkEnd::kViolation) r.path.loop_start.reset();
      return;
    }
    ++r.action_counts[std::string(model.action_name(enabled[taken]))];
    r.path.actions.push_back(std::move(enabled[taken]));
    r.path.states.push_back(std::move(*next));
    if (auto v = safety_at_end(model, props, r)) {
      r.end = WalkEnd::kViolation;
      r.violation = std::move(v);
      return;
    }
    const auto [it, fresh] =
        seen.emplace(state_identity(model, r.path.states.back()), r.path.states.size() - 1);
    if (!fresh) {
      r.path.loop_start = it->second;
      judge_lasso(model, props, r);
      if (r.end != WalkEnd::kViolation) r.path.loop_start.reset();
      return;
    }
  }
  r.end = WalkEnd::kUnsettled;
}

}  // namespace detail

/// Runs one walk from `init`: up to `limits.steps` actions, each chosen by one value of
/// `choose(n)` (any value; see detail::pick_action) among the actions the model enables and the
/// swarm allows, checking
/// every safety property on every state and transition; it stops early at the first violation
/// or when nothing is enabled. Then, if any liveness property is given, the settle phase (see
/// detail::settle) with `pick` choosing within an actor class. `keep_going()` is asked before
/// every step; false abandons the walk (kNotSettled, no violation).
template <Model M, class Choose, class Pick, class KeepGoing>
WalkResult<M> walk(const M& model, const std::vector<Property<M>>& props,
                   const typename M::State& init, const WalkLimits& limits, const Swarm& swarm,
                   Choose&& choose, Pick&& pick, KeepGoing&& keep_going) {
  using Action = typename M::Action;
  WalkResult<M> r;
  r.path.states.push_back(init);
  if (auto v = detail::safety_at_end(model, props, r)) {
    r.end = WalkEnd::kViolation;
    r.violation = std::move(v);
    return r;
  }
  std::unordered_map<std::string, std::uint32_t> used;  // swarm: actions taken per capped kind
  std::vector<Action> enabled, allowed;
  for (std::size_t step = 0; step < limits.steps; ++step) {
    if (!keep_going()) return r;
    enabled.clear();
    allowed.clear();
    model.actions(r.path.states.back(), enabled);
    for (auto& a : enabled) {
      if (swarm.active() && !model.is_quiet(a)) {
        const std::string name(model.action_name(a));
        const auto it = used.find(name);
        if ((it == used.end() ? 0 : it->second) >= swarm.cap(name)) continue;
      }
      allowed.push_back(std::move(a));
    }
    std::optional<typename M::State> next;
    while (!allowed.empty() && !next) {
      const std::size_t i = detail::pick_action(model, allowed, choose(allowed.size() * M::kActorClasses));
      next = model.next_state(r.path.states.back(), allowed[i]);
      if (!next) {  // enabled but not applicable after all: choose again among the rest
        allowed.erase(allowed.begin() + static_cast<std::ptrdiff_t>(i));
        continue;
      }
      const std::string name(model.action_name(allowed[i]));
      ++r.action_counts[name];
      if (swarm.active() && !model.is_quiet(allowed[i])) ++used[name];
      r.path.actions.push_back(std::move(allowed[i]));
      r.path.states.push_back(std::move(*next));
    }
    if (!next) break;  // nothing the swarm allows is enabled: the walk ends here
    ++r.chosen_steps;
    if (auto v = detail::safety_at_end(model, props, r)) {
      r.end = WalkEnd::kViolation;
      r.violation = std::move(v);
      return r;
    }
  }
  if (limits.settle_steps > 0 && detail::has_liveness(props) && keep_going())
    detail::settle(model, props, limits.settle_steps, pick, r);
  detail::report_known(r);
  return r;
}

/// The discovery a violating walk makes (its path moved out of `r`): the property, the message,
/// and for a liveness lasso the property's known-upstream note on the loop, if any.
template <Model M>
Discovery<M> walk_discovery(const M& model, const std::vector<Property<M>>& props, WalkResult<M>&& r) {
  const auto& prop = props[r.violation->property];
  Discovery<M> d;
  d.property = prop.id;
  d.kind = prop.kind;
  d.message = std::move(r.violation->message);
  d.path = std::move(r.path);
  d.note = prop.kind == PropertyKind::kLiveness ? known_upstream_note(model, prop, d.path) : std::move(r.violation->note);
  return d;
}

}  // namespace stsmc::checker
