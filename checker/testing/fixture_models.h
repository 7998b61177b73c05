#pragma once
// Toy models for testing the engines (after stateright's test_util.rs): small enough that their
// state counts, transitions and shortest counterexamples can be worked out by hand. Each one is a
// complete checker::Model, JSON included.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/model.h"
#include "core/json.h"
#include "core/reflect.h"

namespace stsmc::checker::testing {

/// Reads a reflected action from JSON (the action_from_json of every fixture model).
template <class Action>
Expected<Action> read_json(const Json& j) {
  Action a{};
  if (auto r = from_json(j, a); !r) return r.error();
  return a;
}

/// The serialisation and fingerprint members every fixture model shares (its states and actions
/// are reflected values). A macro rather than a base class, so models stay aggregates.
#define STSMC_FIXTURE_REFLECTED_MEMBERS                                                   \
  Json state_json(const State& s) const { return to_json(s); }                            \
  Json action_json(const Action& a) const { return to_json(a); }                          \
  Expected<Action> action_from_json(const Json& j) const { return read_json<Action>(j); } \
  Fingerprint fingerprint(const State& s) const { return stsmc::fingerprint(s); }

// ---------------------------------------------------------------------------------------------
/// stateright's BinaryClock: two initial states, 0 and 1, each flipping to the other.
/// 2 states, 2 transitions; the clock never stops.
enum class ClockMove : std::uint8_t { kGoLow, kGoHigh };
constexpr std::array<std::string_view, 2> enum_names(ClockMove) { return {"go-low", "go-high"}; }

struct ClockState {
  BOOST_HANA_DEFINE_STRUCT(ClockState, (std::uint8_t, value));
  friend bool operator==(const ClockState&, const ClockState&) = default;
};

struct BinaryClock {
  using State = ClockState;
  using Action = ClockMove;
  STSMC_FIXTURE_REFLECTED_MEMBERS
  static constexpr std::size_t kActorClasses = 1;
  std::vector<State> init_states() const { return {State{0}, State{1}}; }
  void actions(const State& s, std::vector<Action>& out) const {
    out.push_back(s.value == 0 ? ClockMove::kGoHigh : ClockMove::kGoLow);
  }
  std::optional<State> next_state(const State&, const Action& a) const {
    return State{static_cast<std::uint8_t>(a == ClockMove::kGoHigh ? 1 : 0)};
  }
  std::size_t actor_class(const Action&) const { return 0; }
  bool is_quiet(const Action&) const { return true; }
  std::string action_name(const Action& a) const { return std::string(enum_name(a)); }
};

// ---------------------------------------------------------------------------------------------
/// A graph given by an explicit edge list, so tests can draw the exact shape they need (for
/// liveness: which class each edge has, which edges are quiet). Node numbers are the states.
struct GraphEdge {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  std::uint8_t cls = 0;  ///< actor class, below kActorClasses
  bool quiet = true;     ///< false: a user or fault action
};

struct GraphNode {
  BOOST_HANA_DEFINE_STRUCT(GraphNode, (std::uint32_t, node));
  friend bool operator==(const GraphNode&, const GraphNode&) = default;
};

struct GraphAction {
  BOOST_HANA_DEFINE_STRUCT(GraphAction, (std::uint32_t, edge));  // index into the edge list
  friend bool operator==(const GraphAction&, const GraphAction&) = default;
};

struct GraphModel {
  using State = GraphNode;
  using Action = GraphAction;
  STSMC_FIXTURE_REFLECTED_MEMBERS
  static constexpr std::size_t kActorClasses = 3;

  std::vector<std::uint32_t> inits;
  std::vector<GraphEdge> edges;

  std::vector<State> init_states() const {
    std::vector<State> out;
    for (auto n : inits) out.push_back(State{n});
    return out;
  }
  void actions(const State& s, std::vector<Action>& out) const {
    for (std::uint32_t k = 0; k < edges.size(); ++k)
      if (edges[k].from == s.node) out.push_back(Action{k});
  }
  std::optional<State> next_state(const State& s, const Action& a) const {
    if (a.edge >= edges.size() || edges[a.edge].from != s.node) return std::nullopt;
    return State{edges[a.edge].to};
  }
  std::size_t actor_class(const Action& a) const { return edges[a.edge].cls; }
  bool is_quiet(const Action& a) const { return edges[a.edge].quiet; }
  std::string action_name(const Action& a) const {
    return edges[a.edge].quiet ? "c" + std::to_string(edges[a.edge].cls) : std::string("user");
  }
};

/// A GraphModel with node 0 initial and `edges`.
inline GraphModel graph_from(std::vector<GraphEdge> edges) {
  GraphModel g;
  g.inits = {0};
  g.edges = std::move(edges);
  return g;
}

// ---------------------------------------------------------------------------------------------
/// `dims` counters in [0, max], each step moving one counter up (and, with `down`, down) by one.
/// (max + 1)^dims states; dims * max * (max + 1)^(dims - 1) transitions per direction. Without
/// `down` the corner (max, ..., max) is the only deadlock. Class of an action: its axis mod 2.
struct LatticeState {
  BOOST_HANA_DEFINE_STRUCT(LatticeState, (std::vector<std::uint16_t>, x));
  friend bool operator==(const LatticeState&, const LatticeState&) = default;
};

struct LatticeMove {
  BOOST_HANA_DEFINE_STRUCT(LatticeMove, (std::uint8_t, axis), (bool, up));
  friend bool operator==(const LatticeMove&, const LatticeMove&) = default;
};

struct Lattice {
  using State = LatticeState;
  using Action = LatticeMove;
  STSMC_FIXTURE_REFLECTED_MEMBERS
  static constexpr std::size_t kActorClasses = 2;

  std::uint8_t dims = 2;
  std::uint16_t max = 3;
  bool down = false;

  std::vector<State> init_states() const { return {State{std::vector<std::uint16_t>(dims, 0)}}; }
  void actions(const State& s, std::vector<Action>& out) const {
    for (std::uint8_t d = 0; d < dims; ++d) {
      if (s.x[d] < max) out.push_back(Action{d, true});
      if (down && s.x[d] > 0) out.push_back(Action{d, false});
    }
  }
  std::optional<State> next_state(const State& s, const Action& a) const {
    State n = s;
    n.x[a.axis] = static_cast<std::uint16_t>(a.up ? s.x[a.axis] + 1 : s.x[a.axis] - 1);
    return n;
  }
  std::size_t actor_class(const Action& a) const { return a.axis % 2; }
  bool is_quiet(const Action&) const { return true; }
  std::string action_name(const Action& a) const { return a.up ? "inc" : "dec"; }
};

// ---------------------------------------------------------------------------------------------
/// A counter without bound: an infinite state space, for the limits.
enum class CounterStep : std::uint8_t { kInc };
constexpr std::array<std::string_view, 1> enum_names(CounterStep) { return {"inc"}; }

struct CounterState {
  BOOST_HANA_DEFINE_STRUCT(CounterState, (std::uint64_t, n));
  friend bool operator==(const CounterState&, const CounterState&) = default;
};

struct UnboundedCounter {
  using State = CounterState;
  using Action = CounterStep;
  STSMC_FIXTURE_REFLECTED_MEMBERS
  static constexpr std::size_t kActorClasses = 1;
  std::vector<State> init_states() const { return {State{0}}; }
  void actions(const State&, std::vector<Action>& out) const { out.push_back(CounterStep::kInc); }
  std::optional<State> next_state(const State& s, const Action&) const { return State{s.n + 1}; }
  std::size_t actor_class(const Action&) const { return 0; }
  bool is_quiet(const Action&) const { return true; }
  std::string action_name(const Action&) const { return "inc"; }
};

// ---------------------------------------------------------------------------------------------
/// Two processes guarding a critical section with check-then-set (the classic bug): a process
/// checks that the other is not critical, then enters. Both can check before either enters.
/// All 9 (pc0, pc1) pairs are reachable, 16 transitions; shortest violation: 4 steps.
enum class Pc : std::uint8_t { kIdle, kChecked, kCritical };
constexpr std::array<std::string_view, 3> enum_names(Pc) { return {"idle", "checked", "critical"}; }
enum class MutexStep : std::uint8_t { kCheck, kEnter, kExit };
constexpr std::array<std::string_view, 3> enum_names(MutexStep) {
  return {"check", "enter", "exit"};
}

using Pcs = std::array<Pc, 2>;
struct MutexState {
  BOOST_HANA_DEFINE_STRUCT(MutexState, (Pcs, pc));
  friend bool operator==(const MutexState&, const MutexState&) = default;
};

struct MutexAction {
  BOOST_HANA_DEFINE_STRUCT(MutexAction, (std::uint8_t, process), (MutexStep, step));
  friend bool operator==(const MutexAction&, const MutexAction&) = default;
};

struct BuggyMutex {
  using State = MutexState;
  using Action = MutexAction;
  STSMC_FIXTURE_REFLECTED_MEMBERS
  static constexpr std::size_t kActorClasses = 2;

  std::vector<State> init_states() const { return {State{{Pc::kIdle, Pc::kIdle}}}; }
  void actions(const State& s, std::vector<Action>& out) const {
    for (std::uint8_t p = 0; p < 2; ++p) {
      const Pc other = s.pc[1 - p];
      if (s.pc[p] == Pc::kIdle && other != Pc::kCritical) out.push_back({p, MutexStep::kCheck});
      if (s.pc[p] == Pc::kChecked) out.push_back({p, MutexStep::kEnter});
      if (s.pc[p] == Pc::kCritical) out.push_back({p, MutexStep::kExit});
    }
  }
  std::optional<State> next_state(const State& s, const Action& a) const {
    State n = s;
    n.pc[a.process] = a.step == MutexStep::kCheck   ? Pc::kChecked
                      : a.step == MutexStep::kEnter ? Pc::kCritical
                                                    : Pc::kIdle;
    return n;
  }
  std::size_t actor_class(const Action& a) const { return a.process; }
  bool is_quiet(const Action&) const { return true; }
  std::string action_name(const Action& a) const { return std::string(enum_name(a.step)); }
};

/// The property BuggyMutex breaks: never both processes critical (shortest violation: 4 steps).
inline Property<BuggyMutex> mutual_exclusion() {
  Property<BuggyMutex> p;
  p.id = "mutual-exclusion";
  p.invariant = [](const BuggyMutex&, const MutexState& s) -> std::optional<std::string> {
    if (s.pc[0] == Pc::kCritical && s.pc[1] == Pc::kCritical) return "both processes are critical";
    return std::nullopt;
  };
  return p;
}

static_assert(Model<BinaryClock> && Model<GraphModel> && Model<Lattice> &&
              Model<UnboundedCounter> && Model<BuggyMutex>);

}  // namespace stsmc::checker::testing
