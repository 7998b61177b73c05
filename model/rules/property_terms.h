#pragma once
// The terms every safety property is written with (model/rules/properties.h): quantifiers over
// the slots, a pod's health and the set's spec as the controller reads them, which pod a step
// created or deleted, and the props::Why notes that give a concrete violation its message.
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "model/statefulset_model.h"
#include "model/rules/domain.h"
#include "model/rules/flat_state.h"
#include "model/rules/world.h"

namespace stsmc::model::rules::props {

template <class E> constexpr std::int64_t val(E e) { return static_cast<std::int64_t>(e); }

/// Why a concrete transition violates a property, for the explicit engines' messages: the first
/// clause noted true leaves its message (properties note their clauses in the order a reader
/// would check them). Over Z3 terms nothing is noted: the terms are the whole answer there.
struct Why {
  std::optional<std::string> message;
};
/// Notes `message()` in `why` when `holds` (concrete values only; never called over Z3 terms).
template <class B, class F> void note(Why* why, const B& holds, F&& message) {
  if constexpr (std::is_same_v<B, bool>) {
    if (why && holds && !why->message) why->message.emplace(message());
  }
}
/// A value in a message: its decimal text (messages are built over concrete values only).
inline std::string text(std::int64_t v) { return std::to_string(v); }
template <class T> std::string text(const T&) { return {}; }

template <class D, class F> typename D::Bool any_of(const D& d, int n, F&& f) {
  typename D::Bool r = d.ff();
  for (int i = 0; i < n; ++i) r = r || f(i);
  return r;
}
template <class D, class F> typename D::Bool all_of(const D& d, int n, F&& f) {
  typename D::Bool r = d.tt();
  for (int i = 0; i < n; ++i) r = r && f(i);
  return r;
}
template <class D, class F> typename D::Int count_if(const D& d, int n, F&& f) {
  typename D::Int r = d.num(0);
  for (int i = 0; i < n; ++i) r = r + d.ite(f(i), d.num(1), d.num(0));
  return r;
}

/// The ordinal slot `o` holds (Shape::ordinal), as a value. A run's shape (shape_of) holds
/// ordinal o in slot o; a shape fitted to concrete states (fitted_shape) may start elsewhere and
/// skip ordinals, which is why the properties never read a slot index as an ordinal.
template <class D> typename D::Int ord(const D& d, const Shape& sh, int o) { return d.num(sh.ordinal(o)); }

/// How many integers of [lo, hi] are not the ordinal of a slot.
template <class D> typename D::Int outside_slots(const D& d, const Shape& sh, const typename D::Int& lo, const typename D::Int& hi) {
  if (sh.slot_ordinals.empty() && sh.first_ordinal == 0) {  // slots 0..n-1: a closed form (the Z3 terms stay small)
    const auto below = d.max(d.num(0), d.min(hi, d.num(-1)) - lo + d.num(1));
    const auto above = d.max(d.num(0), hi - d.max(lo, d.num(sh.ordinals)) + d.num(1));
    return below + above;
  }
  const auto inside = count_if(d, sh.ordinals, [&](int o) { return lo <= ord(d, sh, o) && ord(d, sh, o) <= hi; });
  return d.max(d.num(0), hi - lo + d.num(1)) - inside;
}
/// Every integer of [lo, hi] is the ordinal of a slot (true for an empty range).
template <class D> typename D::Bool within_slots(const D& d, const Shape& sh, const typename D::Int& lo, const typename D::Int& hi) {
  if (sh.slot_ordinals.empty() && sh.first_ordinal == 0) return hi < lo || (lo >= d.num(0) && hi <= d.num(sh.ordinals - 1));
  return outside_slots(d, sh, lo, hi) == d.num(0);
}

/// The set's spec of `s` as the controller reads it (effective_spec: start ignored while the
/// StatefulSetStartOrdinal gate is off).
template <class D> struct Spec {
  using B = typename D::Bool;
  using I = typename D::Int;
  I start, replicas, min_ready;
  Spec(const D& d, const ModelConfig& cfg, const FlatState<D>& s)
      : start(cfg.controller.gates.StatefulSetStartOrdinal ? d.ite(s.has_start, s.start, d.num(0)) : d.num(0)),
        replicas(s.replicas), min_ready(s.min_ready_seconds) {}
  I end(const D& d) const { return start + replicas - d.num(1); }
  /// The ordinal of slot o is in [start, end].
  B in_range(const D& d, const Shape& sh, int o) const { return start <= ord(d, sh, o) && ord(d, sh, o) <= end(d); }
};

/// spec::is_available.
template <class D> typename D::Bool available(const D& d, const FlatPod<D>& p, const typename D::Int& min_ready) {
  return p.ready && (min_ready <= d.num(0) || p.ready_seconds >= min_ready);
}
/// Running, Ready, not terminating and Available (spec::is_available).
template <class D> typename D::Bool running_ready_available(const D& d, const FlatPod<D>& p, const typename D::Int& min_ready) {
  return p.phase == d.num(val(spec::PodPhase::kRunning)) && p.ready && !p.terminating && available(d, p, min_ready);
}
/// Healthy as the profile's controller waits for it (spec::is_healthy of a stored pod).
template <class D>
typename D::Bool healthy(const D& d, const ModelConfig& cfg, const FlatPod<D>& p, const typename D::Int& min_ready) {
  if (cfg.controller.rules.health == spec::HealthRule::kRunningReady)
    return p.phase == d.num(val(spec::PodPhase::kRunning)) && p.ready && !p.terminating;
  return available(d, p, min_ready) && !p.terminating;
}
template <class D> typename D::Bool terminal(const D& d, const FlatPod<D>& p) {
  return p.phase == d.num(val(spec::PodPhase::kFailed)) || p.phase == d.num(val(spec::PodPhase::kSucceeded));
}

/// The pod of slot o in t is new: no pod of that uid was there in s.
template <class D> typename D::Bool created(const FlatState<D>& s, const FlatState<D>& t, int o) {
  const auto& p = t.pods[static_cast<std::size_t>(o)];
  const auto& old = s.pods[static_cast<std::size_t>(o)];
  return p.exists && !(old.exists && old.uid == p.uid);
}
/// The pod of slot o in s, not terminating there, is terminating, gone or replaced in t.
template <class D> typename D::Bool deleted(const FlatState<D>& s, const FlatState<D>& t, int o) {
  const auto& p = s.pods[static_cast<std::size_t>(o)];
  const auto& now = t.pods[static_cast<std::size_t>(o)];
  return p.exists && !p.terminating && (!now.exists || now.uid != p.uid || now.terminating);
}

/// A revision holds template `x` (ApiState::find_revision).
template <class D> typename D::Bool revision_exists(const D& d, const FlatState<D>& s, const typename D::Int& x) {
  return any_of(d, static_cast<int>(s.revisions.size()),
                [&](int k) { return x == d.num(k) && s.revisions[static_cast<std::size_t>(k)].exists; });
}

/// The garbage collector's test (world::owner_exists) for reference slot r of the claim of slot o.
template <class D> typename D::Bool owner_exists(const D& d, const FlatState<D>& s, const FlatRef<D>& r, int o) {
  const auto& p = s.pods[static_cast<std::size_t>(o)];
  return world::owner_exists(d, r, world::ClaimContext<D>{p.exists, p.uid, s.set_exists, d.ff()});
}

/// model::is_sync: a Reconcile or a WriteError (a sync with a failed write).
template <class D> typename D::Bool is_sync(const D& d, const FlatAction<D>& a) {
  return a.kind == d.num(kind_of<Reconcile>) || a.kind == d.num(kind_of<WriteError>);
}

// ---- messages ------------------------------------------------------------------------------
//
// The step properties note why a concrete transition violates them (props::Why) in the order a
// reader would check the clauses; over Z3 terms nothing is noted (`if constexpr (concrete<D>)`
// keeps the message code out of the symbolic instantiation).

template <class D> inline constexpr bool concrete = std::is_same_v<D, Concrete>;

/// "web-3" and "data-web-3", for messages (slot ordinals fit spec::Ordinal: fitted_shape).
inline std::string pod_name(const ModelConfig& cfg, std::int64_t o) {
  return cfg.controller.pod_name(static_cast<spec::Ordinal>(o));
}
inline std::string claim_name(const ModelConfig& cfg, int k, std::int64_t o) {
  return cfg.controller.claim_name(static_cast<std::uint8_t>(k), static_cast<spec::Ordinal>(o));
}
/// The pod of the first slot of [from, n) where f holds (concrete values: for messages).
template <class F> std::string first_pod_name(const ModelConfig& cfg, const Shape& sh, int from, int n, F&& f) {
  for (int i = from; i < n; ++i)
    if (f(i)) return pod_name(cfg, sh.ordinal(i));
  return "?";  // not reached: the message is noted only when some slot holds
}
/// The first ordinal of [lo, hi] without a slot or whose slot fails `ok` (concrete
/// values: for messages). Every ordinal past the slots has none, so this stops within them.
template <class F> std::int64_t first_ordinal_failing(const Shape& sh, std::int64_t lo, std::int64_t hi, F&& ok) {
  for (std::int64_t x = lo; x <= hi; ++x) {
    const int slot = sh.slot(x);
    if (slot < 0 || !ok(slot)) return x;
  }
  return lo;  // not reached: the message is noted only when some ordinal fails
}

}  // namespace stsmc::model::rules::props
