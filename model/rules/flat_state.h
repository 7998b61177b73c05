#pragma once
// The model's state in a fixed shape, over a value domain (model/rules/domain.h): one slot per
// ordinal for pods and uid counters, one per (claim template, ordinal) for claims, one per pod
// template for revisions, a fixed number of owner-reference slots per claim. Every field of an
// empty slot is zero, so one ClusterState has exactly one flat form and the transition function
// over flat states is a function (the encoding is "next == step(state, action)").
//
// Enum fields hold the enum's underlying value; optionals are a has_ flag and a value (0 when
// absent). An owner reference is (used, pod, uid): a set reference has pod = false and uid 0 (its
// UID is always kSetUid); a pod reference names the pod of the claim's own ordinal.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/check.h"
#include "core/expected.h"
#include "model/action.h"
#include "model/checker_model.h"
#include "model/cluster_state.h"
#include "model/rules/domain.h"

namespace stsmc::model::rules {

/// The fixed sizes of a flat state for one model configuration.
///
/// The symbolic engines use one shape for a whole run, slot i holding ordinal i. The concrete
/// engines fit a shape to each state they step (fitted_shape): its slots are the ordinals the
/// state mentions plus the set's replica range, ascending, so a start ordinal near 2^31 or an
/// ordinal left behind far below it costs one slot each, not one per ordinal in between.
struct Shape {
  int ordinals = 0;         ///< pod slots
  int claim_templates = 0;  ///< claim slots per ordinal
  int templates = 0;        ///< revision slots (one per pod template)
  int ref_slots = 4;        ///< owner-reference slots per claim
  /// Fitted to one state (fitted_shape) rather than made for a run (shape_of).
  bool fitted = false;
  /// The state carries the lagging listers (FlatState::listers): the symbolic engines' shape
  /// under the stale-reads fault.
  bool listers = false;
  /// The ordinal of slot 0 when the slots are consecutive ordinals (then slot_ordinals is empty).
  std::int64_t first_ordinal = 0;
  /// The ordinal of each slot, ascending, when they have gaps; empty otherwise.
  Slots<std::int64_t, 16> slot_ordinals;
  int claim_index(int t, int o) const { return t * ordinals + o; }
  int claims() const { return claim_templates * ordinals; }
  std::int64_t ordinal(int slot) const {
    return slot_ordinals.empty() ? first_ordinal + slot : slot_ordinals[static_cast<std::size_t>(slot)];
  }
  /// The slot holding ordinal `o`, or -1.
  int slot(std::int64_t o) const {
    if (slot_ordinals.empty()) return o >= first_ordinal && o - first_ordinal < ordinals ? static_cast<int>(o - first_ordinal) : -1;
    return sparse_slot(o);
  }

 private:
  int sparse_slot(std::int64_t o) const;
};

/// The shape that holds every state reachable under `cfg`'s bounds: ordinals up to the largest
/// start the user may set plus the largest replica count, plus one (a faulty controller's pod
/// past the range).
Shape shape_of(const ModelConfig& cfg);

/// The smallest shape the controller's sync can run on from `s` (concrete engines): a slot for
/// every ordinal that has a pod, a claim or a uid counter, and every ordinal of the replica range
/// (and the one past it, for a faulty controller); owner-reference slots for the longest list
/// plus what one sync can append.
Shape fitted_shape(const ModelConfig& cfg, const ClusterState& s);
/// A shape fitted to `s` and to every state of `also` (the listers' older views of it).
Shape fitted_shape(const ModelConfig& cfg, const ClusterState& s, std::span<const ClusterState* const> also);

#define STSMC_FLAT_FIELD(name) f(#name, name)

template <class D>
struct FlatPod {
  using B = typename D::Bool;
  using I = typename D::Int;
  B exists; I uid; I phase; B ready; I ready_seconds; B terminating; I revision; B node_bound;
  B controlled; B node_lost; I identity; B unlabeled;
  explicit FlatPod(const D& d)
      : exists(d.ff()), uid(d.num(0)), phase(d.num(0)), ready(d.ff()), ready_seconds(d.num(0)),
        terminating(d.ff()), revision(d.num(0)), node_bound(d.ff()), controlled(d.ff()), node_lost(d.ff()),
        identity(d.num(0)), unlabeled(d.ff()) {}
  template <class F> void fields(F&& f) {
    STSMC_FLAT_FIELD(exists); STSMC_FLAT_FIELD(uid); STSMC_FLAT_FIELD(phase); STSMC_FLAT_FIELD(ready);
    STSMC_FLAT_FIELD(ready_seconds); STSMC_FLAT_FIELD(terminating); STSMC_FLAT_FIELD(revision);
    STSMC_FLAT_FIELD(node_bound); STSMC_FLAT_FIELD(controlled); STSMC_FLAT_FIELD(node_lost);
    STSMC_FLAT_FIELD(identity); STSMC_FLAT_FIELD(unlabeled);
  }
};

template <class D>
struct FlatRef {
  using B = typename D::Bool;
  using I = typename D::Int;
  B used; B pod; I uid;
  explicit FlatRef(const D& d) : used(d.ff()), pod(d.ff()), uid(d.num(0)) {}
  template <class F> void fields(F&& f) { STSMC_FLAT_FIELD(used); STSMC_FLAT_FIELD(pod); STSMC_FLAT_FIELD(uid); }
};

template <class D>
struct FlatClaim {
  using B = typename D::Bool;
  using I = typename D::Int;
  B exists; I uid; B bound; B terminating;
  /// The owner references in list order: used slots first, then unused ones.
  Slots<FlatRef<D>> refs;
  FlatClaim(const D& d, int ref_slots)
      : exists(d.ff()), uid(d.num(0)), bound(d.ff()), terminating(d.ff()),
        refs(static_cast<std::size_t>(ref_slots), FlatRef<D>(d)) {}
  template <class F> void fields(F&& f) {
    STSMC_FLAT_FIELD(exists); STSMC_FLAT_FIELD(uid); STSMC_FLAT_FIELD(bound); STSMC_FLAT_FIELD(terminating);
    for (std::size_t i = 0; i < refs.size(); ++i)
      refs[i].fields([&](const char* n, auto& v) { f((std::string("ref") + std::to_string(i) + "." + n).c_str(), v); });
  }
};

/// The ControllerRevision holding one template (revisions are ordered by number).
template <class D>
struct FlatRevision {
  using B = typename D::Bool;
  using I = typename D::Int;
  B exists; I number;
  explicit FlatRevision(const D& d) : exists(d.ff()), number(d.num(0)) {}
  template <class F> void fields(F&& f) { STSMC_FLAT_FIELD(exists); STSMC_FLAT_FIELD(number); }
};

/// The StatefulSet object's fields: its existence, generation, spec and status (what the set's
/// lister serves, FlatListers::set).
template <class D>
struct FlatSet {
  using B = typename D::Bool;
  using I = typename D::Int;
  // SetObject
  B set_exists; I generation;
  // SetSpec
  I replicas; I pod_template; I strategy_type; B has_partition; I partition; B has_max_unavailable;
  I max_unavailable; B max_unavailable_percent; I when_deleted; I when_scaled; B has_start; I start;
  I min_ready_seconds;
  // SetStatus
  I observed_generation; I status_replicas; I ready_replicas; I current_replicas; I updated_replicas;
  I available_replicas; B has_current_revision; I current_revision; B has_update_revision; I update_revision;
  B has_collision_count; I collision_count;

  explicit FlatSet(const D& d)
      : set_exists(d.ff()), generation(d.num(0)), replicas(d.num(0)), pod_template(d.num(0)),
        strategy_type(d.num(0)), has_partition(d.ff()), partition(d.num(0)), has_max_unavailable(d.ff()),
        max_unavailable(d.num(0)), max_unavailable_percent(d.ff()), when_deleted(d.num(0)), when_scaled(d.num(0)),
        has_start(d.ff()), start(d.num(0)), min_ready_seconds(d.num(0)), observed_generation(d.num(0)),
        status_replicas(d.num(0)), ready_replicas(d.num(0)), current_replicas(d.num(0)),
        updated_replicas(d.num(0)), available_replicas(d.num(0)), has_current_revision(d.ff()),
        current_revision(d.num(0)), has_update_revision(d.ff()), update_revision(d.num(0)),
        has_collision_count(d.ff()), collision_count(d.num(0)) {}

  /// Visits the set's fields as f(name, value&), in a fixed order.
  template <class F> void fields(F&& f) {
    STSMC_FLAT_FIELD(set_exists); STSMC_FLAT_FIELD(generation); STSMC_FLAT_FIELD(replicas);
    STSMC_FLAT_FIELD(pod_template); STSMC_FLAT_FIELD(strategy_type); STSMC_FLAT_FIELD(has_partition);
    STSMC_FLAT_FIELD(partition); STSMC_FLAT_FIELD(has_max_unavailable); STSMC_FLAT_FIELD(max_unavailable);
    STSMC_FLAT_FIELD(max_unavailable_percent); STSMC_FLAT_FIELD(when_deleted); STSMC_FLAT_FIELD(when_scaled);
    STSMC_FLAT_FIELD(has_start); STSMC_FLAT_FIELD(start); STSMC_FLAT_FIELD(min_ready_seconds);
    STSMC_FLAT_FIELD(observed_generation); STSMC_FLAT_FIELD(status_replicas); STSMC_FLAT_FIELD(ready_replicas);
    STSMC_FLAT_FIELD(current_replicas); STSMC_FLAT_FIELD(updated_replicas); STSMC_FLAT_FIELD(available_replicas);
    STSMC_FLAT_FIELD(has_current_revision); STSMC_FLAT_FIELD(current_revision);
    STSMC_FLAT_FIELD(has_update_revision); STSMC_FLAT_FIELD(update_revision);
    STSMC_FLAT_FIELD(has_collision_count); STSMC_FLAT_FIELD(collision_count);
  }
};

/// The controller's lagging listers in the symbolic step's form (the stale-reads fault with a
/// lag of at most one write per kind, docs/faults.md): per kind whether its lister lags, and the
/// version of that kind's objects it serves. model::Caches keeps a lagging kind's undelivered
/// versions; with a lag of at most one step, the first of them is all that matters (a second one
/// can only be the API state's own objects, which the next write or delivery drops either way),
/// so one copy per kind says the same. A kind that does not lag has every field of its copy
/// zero (one flat form per state). Present only in a shape with `listers`.
template <class D>
struct FlatListers {
  using B = typename D::Bool;
  B pods_lag, claims_lag, revisions_lag, set_lag;
  Slots<FlatPod<D>> pods;            ///< by ordinal
  Slots<FlatClaim<D>> claims;        ///< by Shape::claim_index(template, ordinal)
  Slots<FlatRevision<D>> revisions;  ///< by template id
  FlatSet<D> set;

  FlatListers(const D& d, const Shape& sh)
      : pods_lag(d.ff()), claims_lag(d.ff()), revisions_lag(d.ff()), set_lag(d.ff()),
        pods(static_cast<std::size_t>(sh.ordinals), FlatPod<D>(d)),
        claims(static_cast<std::size_t>(sh.claims()), FlatClaim<D>(d, sh.ref_slots)),
        revisions(static_cast<std::size_t>(sh.templates), FlatRevision<D>(d)), set(d) {}

  /// Kind k's flag (ListerKind order).
  B& lag(ListerKind k) {
    switch (k) {
      case ListerKind::kPods: return pods_lag;
      case ListerKind::kClaims: return claims_lag;
      case ListerKind::kRevisions: return revisions_lag;
      case ListerKind::kSet: break;
    }
    return set_lag;
  }
  const B& lag(ListerKind k) const { return const_cast<FlatListers*>(this)->lag(k); }

  template <class F> void fields(F&& f) {
    STSMC_FLAT_FIELD(pods_lag); STSMC_FLAT_FIELD(claims_lag); STSMC_FLAT_FIELD(revisions_lag);
    STSMC_FLAT_FIELD(set_lag);
    const auto nested = [&](const std::string& prefix, auto& part) {
      part.fields([&](const char* n, auto& v) { f((prefix + "." + n).c_str(), v); });
    };
    for (std::size_t i = 0; i < pods.size(); ++i) nested("pods[" + std::to_string(i) + "]", pods[i]);
    for (std::size_t i = 0; i < claims.size(); ++i) nested("claims[" + std::to_string(i) + "]", claims[i]);
    for (std::size_t i = 0; i < revisions.size(); ++i) nested("revisions[" + std::to_string(i) + "]", revisions[i]);
    nested("set", set);
  }
};

template <class D>
struct FlatState : FlatSet<D> {
  using B = typename D::Bool;
  using I = typename D::Int;
  // Budgets, in the order of model::Budgets
  Slots<I, 21> budgets;  ///< kBudgetCount
  Slots<FlatPod<D>> pods;          ///< by ordinal
  Slots<FlatClaim<D>> claims;      ///< by Shape::claim_index(template, ordinal)
  Slots<FlatRevision<D>> revisions;  ///< by template id
  Slots<I> pod_uid_counters;       ///< ApiState::pod_uids by ordinal (0 when absent)
  Slots<I> claim_uid_counters;     ///< ApiState::pvc_uids by claim index (0 when absent)
  /// The lagging listers (a shape with `listers`: the symbolic step under stale reads).
  std::optional<FlatListers<D>> listers;

  FlatState(const D& d, const Shape& sh)
      : FlatSet<D>(d), budgets(kBudgetCount, d.num(0)),
        pods(static_cast<std::size_t>(sh.ordinals), FlatPod<D>(d)),
        claims(static_cast<std::size_t>(sh.claims()), FlatClaim<D>(d, sh.ref_slots)),
        revisions(static_cast<std::size_t>(sh.templates), FlatRevision<D>(d)),
        pod_uid_counters(static_cast<std::size_t>(sh.ordinals), d.num(0)),
        claim_uid_counters(static_cast<std::size_t>(sh.claims()), d.num(0)) {
    if (sh.listers) listers.emplace(d, sh);
  }

  static constexpr std::size_t kBudgetCount = 21;

  /// The set's fields (the base), as the set lister's copy is.
  FlatSet<D>& set() { return *this; }
  const FlatSet<D>& set() const { return *this; }

  /// Visits every field as f(name, value&), names like "pods[2].uid"; the order is fixed.
  template <class F> void fields(F&& f) {
    FlatSet<D>::fields(f);
    const auto nested = [&](const std::string& prefix, auto& part) {
      part.fields([&](const char* n, auto& v) { f((prefix + "." + n).c_str(), v); });
    };
    for (std::size_t i = 0; i < budgets.size(); ++i) f(("budgets[" + std::to_string(i) + "]").c_str(), budgets[i]);
    for (std::size_t i = 0; i < pods.size(); ++i) nested("pods[" + std::to_string(i) + "]", pods[i]);
    for (std::size_t i = 0; i < claims.size(); ++i) nested("claims[" + std::to_string(i) + "]", claims[i]);
    for (std::size_t i = 0; i < revisions.size(); ++i) nested("revisions[" + std::to_string(i) + "]", revisions[i]);
    for (std::size_t i = 0; i < pod_uid_counters.size(); ++i)
      f(("pod_uid_counters[" + std::to_string(i) + "]").c_str(), pod_uid_counters[i]);
    for (std::size_t i = 0; i < claim_uid_counters.size(); ++i)
      f(("claim_uid_counters[" + std::to_string(i) + "]").c_str(), claim_uid_counters[i]);
    if (listers) nested("listers", *listers);
  }
};

#undef STSMC_FLAT_FIELD

/// ite(c, x, y) field by field, over any flat form (FlatSet, FlatPod, FlatClaim, FlatState ...)
/// of the same shape.
template <class D, class T>
T select_flat(const D& d, const typename D::Bool& c, const T& x, const T& y) {
  if constexpr (std::is_same_v<typename D::Bool, bool>) {
    return c ? x : y;
  } else {
    T out = y;
    T from = x;
    std::vector<typename D::Bool*> bs;
    std::vector<typename D::Int*> is;
    from.fields([&](const char*, auto& v) {
      if constexpr (std::is_same_v<std::remove_reference_t<decltype(v)>, typename D::Bool>) bs.push_back(&v);
      else is.push_back(&v);
    });
    std::size_t bi = 0, ii = 0;
    out.fields([&](const char*, auto& v) {
      if constexpr (std::is_same_v<std::remove_reference_t<decltype(v)>, typename D::Bool>) v = d.ite(c, *bs[bi++], v);
      else v = d.ite(c, *is[ii++], v);
    });
    return out;
  }
}

/// x and y differ in some field (flat forms of the same shape).
template <class D, class T>
typename D::Bool flat_differ(const D& d, const T& x, const T& y) {
  using B = typename D::Bool;
  using I = typename D::Int;
  T a = x, b = y;
  std::vector<const B*> bs;
  std::vector<const I*> is;
  b.fields([&](const char*, auto& v) {
    if constexpr (std::is_same_v<std::remove_reference_t<decltype(v)>, B>) bs.push_back(&v);
    else is.push_back(&v);
  });
  std::size_t bi = 0, ii = 0;
  B out = d.ff();
  a.fields([&](const char*, auto& v) {
    if constexpr (std::is_same_v<std::remove_reference_t<decltype(v)>, B>) out = out || v != *bs[bi++];
    else out = out || v != *is[ii++];
  });
  return out;
}

/// eq && (x and y are equal in every field): flat forms of the same shape, for a caller without
/// a domain object at hand.
template <class D, class T>
void conjoin_equal(typename D::Bool& eq, const T& x, const T& y) {
  using B = typename D::Bool;
  using I = typename D::Int;
  T a = x, b = y;
  std::vector<const B*> bs;
  std::vector<const I*> is;
  b.fields([&](const char*, auto& v) {
    if constexpr (std::is_same_v<std::remove_reference_t<decltype(v)>, B>) bs.push_back(&v);
    else is.push_back(&v);
  });
  std::size_t bi = 0, ii = 0;
  a.fields([&](const char*, auto& v) {
    if constexpr (std::is_same_v<std::remove_reference_t<decltype(v)>, B>) eq = eq && v == *bs[bi++];
    else eq = eq && v == *is[ii++];
  });
}

/// Slot by slot: select_flat and flat_differ over a list of flat forms.
template <class D, class T, std::size_t N>
Slots<T, N> select_flat(const D& d, const typename D::Bool& c, const Slots<T, N>& x, const Slots<T, N>& y) {
  Slots<T, N> out = y;
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = select_flat(d, c, x[i], y[i]);
  return out;
}
template <class D, class T, std::size_t N>
typename D::Bool flat_differ(const D& d, const Slots<T, N>& x, const Slots<T, N>& y) {
  typename D::Bool out = d.ff();
  for (std::size_t i = 0; i < x.size(); ++i) out = out || flat_differ(d, x[i], y[i]);
  return out;
}

/// One action as values: `kind` is the index of its alternative in model::Action, the
/// arguments a, b, c are (unused ones are 0):
///   pod actions (pod-assigned, pod-scheduled, pod-ready, pod-unready, pod-failed,
///   pod-succeeded, termination-finished, node-lost): a = pod; pod-available: a = pod,
///   b = seconds; pvc-bound: a = claim template, b = ordinal; gc-delete: a = dependent
///   (0 pod, 1 pvc), b = ordinal, c = claim template; scale: a = replicas; update-template:
///   a = template; set-partition: a = partition; set-max-unavailable: a = value, b = percent;
///   set-update-strategy: a = type; set-retention-policy: a = whenDeleted, b = whenScaled;
///   set-start-ordinal: a = has start, b = start; set-min-ready-seconds: a = seconds;
///   delete-pod: a = pod, b = force; delete-statefulset: a = orphan; delete-pvc: a = claim
///   template, b = ordinal; orphan-pod: a = pod; label-pod: a = pod, b = matching; orphan-pvc:
///   a = claim template, b = ordinal.
template <class D>
struct FlatAction {
  using I = typename D::Int;
  I kind; I a; I b; I c;
  explicit FlatAction(const D& d) : kind(d.num(0)), a(d.num(0)), b(d.num(0)), c(d.num(0)) {}
  template <class F> void fields(F&& f) { f("kind", kind); f("a", a); f("b", b); f("c", c); }
};

namespace detail {
template <class T, class V> struct KindOf;
template <class T, class... Ts>
struct KindOf<T, std::variant<Ts...>> {
  static constexpr std::int64_t value = [] {
    std::int64_t i = 0;
    bool found = false;
    ((found = found || std::is_same_v<T, Ts>, i += found ? 0 : 1), ...);
    return i;
  }();
};
}  // namespace detail

/// Index of each action kind in model::Action (FlatAction::kind), e.g. kind_of<Scale>.
template <class T>
inline constexpr std::int64_t kind_of = detail::KindOf<T, Action>::value;

/// The flat form of a state, or an error when it does not fit the shape (an ordinal outside
/// the slots, more owner references than slots, a pod reference naming another ordinal).
Expected<FlatState<Concrete>> to_flat(const Shape& sh, const ClusterState& s);
/// The same, written over `out` (reusing its storage); on an error `out` holds part of it.
Expected<void> to_flat(const Shape& sh, const ClusterState& s, FlatState<Concrete>& out);
/// The state a flat form stands for (inverse of to_flat).
ClusterState from_flat(const Shape& sh, const FlatState<Concrete>& f);
/// The same, written over `out` (reusing its storage).
void from_flat(const Shape& sh, const FlatState<Concrete>& f, ClusterState& out);
/// Budget i of `b`, in model::Budgets' field order (FlatState::budgets' order, the index
/// rules::budget_of_kind gives); i < FlatState<Concrete>::kBudgetCount.
std::uint8_t& budget_at(Budgets& b, std::size_t i);
std::uint8_t budget_at(const Budgets& b, std::size_t i);
/// The set object's fields of a flat state (the set's existence, generation, spec and status),
/// and back: what the user's edits of the spec (world.h) run on.
void set_to_flat(const spec::SetObject& set, FlatState<Concrete>& f);
void set_from_flat(const FlatState<Concrete>& f, spec::SetObject& set);
/// One pod's flat form (its ordinal is its slot's), and the pod it stands for, written over `p`
/// (whose ordinal is kept): what the world's pod actions (world.h) run on. Inline: the checking
/// model converts every pod of every state it expands.
inline FlatPod<Concrete> to_flat(const spec::Pod& p) {
  FlatPod<Concrete> q(Concrete{});
  q.exists = true;
  q.uid = p.uid;
  q.phase = static_cast<std::int64_t>(p.phase);
  q.ready = p.ready;
  q.ready_seconds = p.ready_seconds;
  q.terminating = p.terminating;
  q.revision = p.revision;
  q.node_bound = p.node_bound;
  q.controlled = p.controlled;
  q.node_lost = p.node_lost;
  q.identity = p.identity;
  q.unlabeled = p.unlabeled;
  return q;
}

inline void from_flat(const FlatPod<Concrete>& q, spec::Pod& p) {
  p.uid = static_cast<std::uint32_t>(q.uid);
  p.phase = static_cast<spec::PodPhase>(q.phase);
  p.ready = q.ready;
  p.ready_seconds = static_cast<std::uint32_t>(q.ready_seconds);
  p.terminating = q.terminating;
  p.revision = static_cast<spec::TemplateId>(q.revision);
  p.node_bound = q.node_bound;
  p.controlled = q.controlled;
  p.node_lost = q.node_lost;
  p.identity = static_cast<spec::Ordinal>(q.identity);
  p.unlabeled = q.unlabeled;
}

/// One claim's flat form with at least `ref_slots` reference slots (a pod reference names the
/// claim's own ordinal: the only one the model writes), and the claim it stands for, written over
/// `c` (whose template and ordinal are kept).
/// (Written over `q`, reusing its storage: the checking model converts every claim of every state.)
inline void to_flat(const spec::Pvc& c, int ref_slots, FlatClaim<Concrete>& q) {
  q.exists = true;
  q.uid = c.uid;
  q.bound = c.bound;
  q.terminating = c.terminating;
  q.refs.assign(static_cast<std::size_t>(std::max(ref_slots, static_cast<int>(c.owners.size()))),
                FlatRef<Concrete>(Concrete{}));
  for (std::size_t i = 0; i < c.owners.size(); ++i) {
    q.refs[i].used = true;
    q.refs[i].pod = c.owners[i].kind == spec::OwnerKind::kPod;
    STSMC_CHECK(!q.refs[i].pod || c.owners[i].ordinal == c.ordinal);
    if (q.refs[i].pod) q.refs[i].uid = c.owners[i].uid;
  }
}
inline FlatClaim<Concrete> to_flat(const spec::Pvc& c, int ref_slots) {
  FlatClaim<Concrete> q(Concrete{}, 0);
  to_flat(c, ref_slots, q);
  return q;
}

inline void from_flat(const FlatClaim<Concrete>& q, spec::Pvc& c) {
  c.uid = static_cast<std::uint32_t>(q.uid);
  c.bound = q.bound;
  c.terminating = q.terminating;
  c.owners.clear();
  for (const auto& r : q.refs) {
    if (!r.used) continue;
    c.owners.push_back(r.pod ? spec::OwnerRef{spec::OwnerKind::kPod, c.ordinal, static_cast<std::uint32_t>(r.uid)}
                             : spec::OwnerRef{spec::OwnerKind::kStatefulSet, 0, spec::kSetUid});
  }
}

/// The flat form of an action.
FlatAction<Concrete> to_flat(const Action& a);
/// The action a flat form names, or an error for an unknown kind.
Expected<Action> from_flat(const FlatAction<Concrete>& a);

}  // namespace stsmc::model::rules
