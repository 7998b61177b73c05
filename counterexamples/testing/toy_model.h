#pragma once
// A toy Model for the counterexamples tests: a counter in [0, kMax] with inc, dec, add and reset
// actions, an invariant (counter < 5), a step property (moves by at most 1) and a liveness goal
// (0).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "checker/model.h"
#include "core/json.h"
#include "core/reflect.h"

namespace stsmc::counterexamples::testing {

/// The toy's state: one counter.
struct ToyState {
  BOOST_HANA_DEFINE_STRUCT(ToyState, (std::int32_t, counter));
  friend bool operator==(const ToyState&, const ToyState&) = default;
};

/// +1 (kubelet, quiet).
struct Inc {
  friend bool operator==(const Inc&, const Inc&) = default;
};
/// -1 (controller, quiet).
struct Dec {
  friend bool operator==(const Dec&, const Dec&) = default;
};
/// +n (user).
struct Add {
  BOOST_HANA_DEFINE_STRUCT(Add, (std::int32_t, n));
  friend bool operator==(const Add&, const Add&) = default;
};
/// back to 0 (fault).
struct Reset {
  friend bool operator==(const Reset&, const Reset&) = default;
};

/// Every toy action.
using ToyAction = std::variant<Inc, Dec, Add, Reset>;

/// The counter model. `salt` changes every fingerprint, standing in for a changed model.
class ToyModel {
 public:
  using State = ToyState;
  using Action = ToyAction;
  static constexpr std::size_t kActorClasses = 4;
  static constexpr std::int32_t kMax = 9;

  explicit ToyModel(std::uint64_t salt = 0) : salt_(salt) {}

  std::vector<State> init_states() const { return {State{0}}; }

  void actions(const State& s, std::vector<Action>& out) const {
    if (s.counter < kMax) out.emplace_back(Inc{});
    if (s.counter > 0) out.emplace_back(Dec{});
    if (s.counter + 2 <= kMax) out.emplace_back(Add{2});
    if (s.counter != 0) out.emplace_back(Reset{});
  }

  std::optional<State> next_state(const State& s, const Action& a) const {
    std::int32_t c = s.counter;
    if (std::holds_alternative<Inc>(a)) c += 1;
    if (std::holds_alternative<Dec>(a)) c -= 1;
    if (const auto* add = std::get_if<Add>(&a)) c += add->n;
    if (std::holds_alternative<Reset>(a)) c = 0;
    if (c < 0 || c > kMax) return std::nullopt;
    return State{c};
  }

  Fingerprint fingerprint(const State& s) const { return stsmc::fingerprint(s) ^ salt_; }
  std::size_t actor_class(const Action& a) const { return a.index(); }
  bool is_quiet(const Action& a) const { return a.index() < 2; }

  std::string action_name(const Action& a) const {
    static constexpr const char* kNames[] = {"inc", "dec", "add", "reset"};
    return kNames[a.index()];
  }

  Json state_json(const State& s) const { return to_json(s); }

  Json action_json(const Action& a) const {
    static constexpr const char* kActors[] = {"kubelet", "controller", "user", "fault"};
    Json args = std::visit([](const auto& x) { return to_json(x); }, a);
    return Json{{"actor", kActors[a.index()]}, {"name", action_name(a)}, {"args", args}};
  }

  Expected<Action> action_from_json(const Json& j) const {
    if (!j.is_object()) return Error{ErrorCode::kBadTrace, "action: expected an object"};
    const auto name = j.find("name");
    if (name == j.end() || !name->is_string())
      return Error{ErrorCode::kBadTrace, "action.name: missing"};
    const auto n = name->get<std::string>();
    if (n == "inc") return Action{Inc{}};
    if (n == "dec") return Action{Dec{}};
    if (n == "reset") return Action{Reset{}};
    if (n != "add") return Error{ErrorCode::kBadTrace, "action.name: unknown action '" + n + "'"};
    Add add;
    const auto args = j.find("args");
    if (args == j.end()) return Error{ErrorCode::kBadTrace, "action.args: missing field"};
    if (auto r = from_json(*args, add, "action.args"); !r) return r.error();
    return Action{add};
  }

 private:
  std::uint64_t salt_ = 0;
};

static_assert(checker::Model<ToyModel>);

/// The toy's properties: "below-five" (invariant), "small-steps" (step), "returns-to-zero"
/// (liveness, goal counter == 0).
inline std::vector<checker::Property<ToyModel>> toy_properties() {
  using P = checker::Property<ToyModel>;
  P below;
  below.id = "below-five";
  below.statement = "counter < 5";
  below.invariant = [](const ToyModel&, const ToyState& s) -> std::optional<std::string> {
    if (s.counter < 5) return std::nullopt;
    return "counter is " + std::to_string(s.counter);
  };
  P small;
  small.id = "small-steps";
  small.statement = "each step moves the counter by at most 1";
  small.kind = checker::PropertyKind::kStep;
  small.step = [](const ToyModel&, const ToyState& a, const ToyAction&,
                  const ToyState& b) -> std::optional<std::string> {
    if (b.counter - a.counter <= 1 && a.counter - b.counter <= 1) return std::nullopt;
    return "jumped from " + std::to_string(a.counter) + " to " + std::to_string(b.counter);
  };
  P zero;
  zero.id = "returns-to-zero";
  zero.statement = "eventually the counter is 0 and stays";
  zero.kind = checker::PropertyKind::kLiveness;
  zero.goal = [](const ToyModel&, const ToyState& s) { return s.counter == 0; };
  zero.known_upstream = [](const ToyModel&, const std::vector<ToyState>& loop) {
    return loop.size() == 3 ? std::string("toy#1: the 1-2 loop") : std::string();
  };
  return {below, small, zero};
}

}  // namespace stsmc::counterexamples::testing
