#pragma once
// StsPeerModel: bench/peers/spin/sts.pml — the simplified StatefulSet controller of the SPIN
// benchmark — as a checker::Model for the generic explorer. One action per d_step alternative of
// the Promela processes, in their order, so the explorer's distinct states and transitions are
// SPIN's "states stored" and "transitions" minus one (SPIN also counts storing the initial state).
// The monitor's state assertions become invariants, the asserts inside the controller's d_steps
// step properties. The mutant switches are the Promela file's BUG_* macros.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/model.h"
#include "core/json.h"
#include "core/packed_key.h"
#include "core/reflect.h"

namespace stsmc::peers {

/// Ordinal slots a state has room for (sts.pml allows N in 1..7); slots from N on stay zero.
inline constexpr std::size_t kMaxOrdinals = 7;

enum class Phase : std::uint8_t { kAbsent, kPending, kRunning, kReady, kFailed, kTerminating };
constexpr std::array<std::string_view, 6> enum_names(Phase) {
  return {"absent", "pending", "running", "ready", "failed", "terminating"};
}

/// The Promela globals (the scratch `j` is hidden there and has no counterpart here).
struct StsState {
  BOOST_HANA_DEFINE_STRUCT(StsState, (std::array<Phase, kMaxOrdinals>, pod),
                           (std::array<bool, kMaxOrdinals>, rev),  // pod revision, 0 when absent
                           (std::array<bool, kMaxOrdinals>, pvc),  // bound
                           (std::uint8_t, replicas), (std::uint8_t, partition), (bool, upd_rev),
                           (bool, cur_rev), (std::uint8_t, hiwater),  // 1 + highest ever created
                           (std::uint8_t, nscale), (std::uint8_t, nimage), (std::uint8_t, npart));
  friend bool operator==(const StsState&, const StsState&) = default;
};

/// The d_step alternatives: controller, kubelet, user (in the Promela processes' order).
enum class Step : std::uint8_t {
  kCreate, kRecreateFailed, kScaleDown, kRoll, kCompleteUpdate,     // controller
  kPodRunning, kPodReady, kPodUnready, kPodFailed, kPodGone,        // kubelet
  kScale, kSetPartition, kUpdateImage                               // user
};
constexpr std::array<std::string_view, 13> enum_names(Step) {
  return {"create", "recreate-failed", "scale-down", "roll", "complete-update",
          "pod-running", "pod-ready", "pod-unready", "pod-failed", "pod-gone",
          "scale", "set-partition", "update-image"};
}

/// One alternative: which, and its ordinal (or the new value, for scale and set-partition).
struct StsAction {
  BOOST_HANA_DEFINE_STRUCT(StsAction, (Step, step), (std::uint8_t, arg));
  friend bool operator==(const StsAction&, const StsAction&) = default;
};

struct StsPeerModel {
  using State = StsState;
  using Action = StsAction;
  enum ActorClass : std::uint8_t { kController, kKubelet, kUser };
  static constexpr std::size_t kActorClasses = 3;

  std::uint8_t n = 3;  ///< N: ordinal slots = max replicas
  std::uint8_t max_scale = 3, max_image = 1, max_part = 2;
  std::optional<std::uint8_t> init_replicas;  ///< default N
  // The mutants of sts.pml.
  bool bug_unordered_create = false, bug_pvc_delete = false, bug_ignore_partition = false,
       bug_roll_no_wait = false;

  std::vector<State> init_states() const;
  void actions(const State& s, std::vector<Action>& out) const;
  std::optional<State> next_state(const State& s, const Action& a) const;

  Fingerprint fingerprint(const State& s) const { return stsmc::fingerprint(s); }
  /// The ranges of the integer fields, and the ordinal slots in use (N of kMaxOrdinals, as SPIN
  /// sizes its arrays by N): the explorer packs a state into an exact key of 5 N + 10..16 bits.
  FieldBounds state_bounds() const {
    return {{"replicas", n},  {"partition", n},        {"hiwater", n},
            {"nscale", max_scale}, {"nimage", max_image}, {"npart", max_part},
            {"pod[]", n},     {"rev[]", n},            {"pvc[]", n}};
  }
  std::size_t actor_class(const Action& a) const {
    return a.step <= Step::kCompleteUpdate ? kController : a.step <= Step::kPodGone ? kKubelet : kUser;
  }
  bool is_quiet(const Action& a) const { return actor_class(a) != kUser; }
  const char* action_name(const Action& a) const { return enum_name(a.step).data(); }
  Json state_json(const State& s) const { return to_json(s); }
  Json action_json(const Action& a) const { return to_json(a); }
  Expected<Action> action_from_json(const Json& j) const {
    Action a{};
    if (auto r = from_json(j, a); !r) return r.error();
    return a;
  }

  // The Promela predicates over a state (macros of the same names in sts.pml).
  bool all_ready_below(const State& s, unsigned i) const;
  bool none_terminating(const State& s) const;
  bool all_absent_from(const State& s, unsigned i) const;
  bool all_active_ready(const State& s) const;
  bool no_condemned(const State& s) const;
  bool all_updated_from(const State& s, unsigned i) const;
  bool enabled(const State& s, const Action& a) const;
  void enabled_actions_by_guard(const State& s, std::vector<Action>& out) const;
};

/// The monitor's three state invariants and the controller's three action assertions.
std::vector<checker::Property<StsPeerModel>> sts_peer_properties();

}  // namespace stsmc::peers

#include "bench/peers/sts_peer_model_impl.h"
