#pragma once
// StatefulSetModel: the closed world as a checker::Model (the concept is structural, so model/
// does not include checker/). Enabled actions follow the bounds; budgets are charged here; the
// fingerprint is taken over a canonical form that forgets counters which only name objects.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/byte_pack.h"
#include "core/json.h"
#include "model/action.h"
#include "model/cluster_state.h"
#include "model/statefulset_model.h"

namespace stsmc::model {

/// Fairness classes (checker actor classes).
enum ActorClass : std::size_t {
  kClassController, kClassKubelet, kClassProvisioner, kClassGc, kClassUser, kClassFault, kClassInformer
};

class StatefulSetModel {
 public:
  using State = ClusterState;
  using Action = model::Action;
  static constexpr std::size_t kActorClasses = 7;

  explicit StatefulSetModel(ModelConfig cfg);

  const ModelConfig& config() const { return cfg_; }
  /// The same world with upstream's controller: this model when it runs no mutant, else the
  /// model without it (made once, shared by copies). Tells a mutant's own steps from what
  /// upstream does too (properties/known_hits.cpp).
  const StatefulSetModel& upstream() const { return upstream_ ? *upstream_ : *this; }
  /// Names this configuration among the models of the process (copies share it), for caches
  /// keyed by model and state: an address may be reused by a model of another configuration.
  std::uint64_t instance() const { return instance_; }

  std::vector<State> init_states() const { return {initial_state(cfg_)}; }
  void actions(const State& s, std::vector<Action>& out) const;
  std::optional<State> next_state(const State& s, const Action& a) const;
  Fingerprint fingerprint(const State& s) const;
  /// The explorer's visited-set key: the hash of the canonical form's byte form (core/byte_pack.h,
  /// a dozen words to mix instead of a word per field). Equal exactly when fingerprint() is
  /// (barring collisions of either); fingerprint() stays what traces record.
  Fingerprint search_key(const State& s) const;
  std::size_t actor_class(const Action& a) const;
  bool is_quiet(const Action& a) const;
  /// The action's name (a literal: the explorer counts coverage by its address, with no string
  /// built per transition).
  const char* action_name(const Action& a) const { return name_of(a).data(); }
  Json state_json(const State& s) const { return to_json(s); }
  Json action_json(const Action& a) const { return action_to_json(a); }
  Expected<Action> action_from_json(const Json& j) const { return model::action_from_json(j); }

  /// The canonical form the fingerprint is taken over: pod UIDs renumbered per ordinal by rank,
  /// PVC UIDs and creation counters dropped, revision numbers replaced by their rank.
  State canonical(const State& s) const;
  /// The same, written over `out` (reusing its storage).
  void canonical_into(const State& s, State& out) const;

  /// The explorer's frontier holds states in this form (core/byte_pack.h): a few dozen bytes
  /// instead of a ClusterState's vectors and maps.
  using Packed = PackedBytes;
  Packed pack(const State& s) const;
  void unpack(const Packed& p, State& out) const;
  /// The same form appended to `out`, and read back from exactly its bytes: the explorer keeps
  /// the forms of many states in one arena (checker/detail/byte_arena.h).
  void pack_append(const State& s, std::string& out) const;
  void unpack(std::span<const std::uint8_t> bytes, State& out) const;

  /// True when pods of template `t` never become Ready.
  bool broken(spec::TemplateId t) const;

  /// Partial-order reduction (docs/checking.md, "Partial-order reduction"): with it on,
  /// actions() offers only the binding of a claim in a state where that binding is independent
  /// of everything that can still happen and invisible to every property (ample_binding). For
  /// the explorer; the random engines, replay and the symbolic engines use the full model.
  StatefulSetModel with_partial_order_reduction(bool on) const {
    StatefulSetModel m = *this;
    m.por_ = on;
    return m;
  }
  bool partial_order_reduction() const { return por_; }
  /// The claim whose binding forms an ample set on its own in `s`, whether the reduction is on
  /// or not: a pending claim that nothing can delete before it is bound.
  std::optional<PvcBound> ample_binding(const State& s) const;

 private:
  /// The pod actions of `kinds` (model/rules/world.h) the rules enable, pod by pod; `budgeted`
  /// kinds only while their budget lasts.
  void pod_actions(const State& s, std::span<const std::int64_t> kinds, bool budgeted, std::vector<Action>& out) const;
  void kubelet_actions(const State& s, std::vector<Action>& out) const;
  void user_actions(const State& s, std::vector<Action>& out) const;
  void gc_actions(const State& s, std::vector<Action>& out) const;
  void fault_actions(const State& s, std::vector<Action>& out) const;
  void informer_actions(const State& s, std::vector<Action>& out) const;

  static std::uint64_t next_instance();

  ModelConfig cfg_;
  std::uint64_t instance_;
  std::shared_ptr<const StatefulSetModel> upstream_;  ///< null when cfg_ runs upstream's controller
  bool por_ = false;
};

/// Builds the checking model for a manifest: profile rules and gates, bounds, and the extra
/// templates the bounds allow (v2, ..., and a broken one).
StatefulSetModel make_checker_model(const spec::Manifest& manifest, const spec::Rules& rules,
                                    const spec::FeatureGates& gates, const Bounds& bounds);

}  // namespace stsmc::model
