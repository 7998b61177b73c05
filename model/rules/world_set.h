#pragma once
// The user's edits of the set (model/rules/world.h): the spec edits with the API server's
// defaulting and generation, and the set's deletion with or without orphaning its dependents.
#include <cstdint>

#include "model/rules/world_claims.h"
#include "model/rules/world_common.h"

namespace stsmc::model::rules::world {

inline constexpr std::int64_t kRolling = static_cast<std::int64_t>(spec::UpdateStrategyType::kRollingUpdate);

/// The spec edits, in the order the checking model lists them. Arguments (FlatAction):
/// scale a = replicas; update-template a = template; set-partition a = partition;
/// set-max-unavailable a = value, b = percent; set-update-strategy a = type;
/// set-retention-policy a = whenDeleted, b = whenScaled; set-start-ordinal a = has start,
/// b = start; set-min-ready-seconds a = seconds.
inline constexpr std::int64_t kSpecEditKinds[] = {kind_of<Scale>, kind_of<UpdateTemplate>, kind_of<SetPartition>,
                                                  kind_of<SetMaxUnavailable>, kind_of<SetUpdateStrategy>,
                                                  kind_of<SetRetentionPolicy>, kind_of<SetStartOrdinal>,
                                                  kind_of<SetMinReadySeconds>};

/// The argument values the checking model tries for a user action (an empty range: none).
struct ArgRange {
  std::int64_t a_lo = 0, a_hi = -1, b_lo = 0, b_hi = 0;
  bool empty() const { return a_lo > a_hi || b_lo > b_hi; }
};

/// Those of `kind` under `cfg`'s bounds: replicas and partitions up to max_replicas, every
/// template, maxUnavailable 1 or 2 (a number), both strategies and retention policies, start
/// ordinal 0 or 1, deleting the set with or without orphaning; minReadySeconds is not edited.
inline ArgRange user_args(const ModelConfig& cfg, std::int64_t kind) {
  const std::int64_t max_replicas = cfg.bounds.max_replicas;
  const auto templates = static_cast<std::int64_t>(cfg.controller.templates.size());
  switch (kind) {
    case kind_of<Scale>:
    case kind_of<SetPartition>: return {0, max_replicas, 0, 0};
    case kind_of<UpdateTemplate>: return {0, templates - 1, 0, 0};
    case kind_of<SetMaxUnavailable>: return {1, 2, 0, 0};
    case kind_of<SetUpdateStrategy>: return {0, 1, 0, 0};
    case kind_of<SetRetentionPolicy>: return {0, 1, 0, 1};
    case kind_of<SetStartOrdinal>: return {1, 1, 0, 1};
    case kind_of<DeleteStatefulSet>: return {0, 1, 0, 0};
    default: return {};
  }
}

/// The API server's defaulting of spec.updateStrategy (SetDefaults_StatefulSet), applied to `n`
/// under g: RollingUpdate gets partition 0 and, under the MaxUnavailableStatefulSet gate,
/// maxUnavailable 1, where they are absent; OnDelete gets neither. (A manifest's spec through
/// model::default_update_strategy, a new strategy type through edit_effect.)
template <class D>
void default_strategy(const D& d, const ModelConfig& cfg, FlatState<D>& n, const typename D::Bool& g) {
  const auto rolling = g && n.strategy_type == d.num(kRolling);
  const auto no_partition = rolling && !n.has_partition;
  put(d, n.has_partition, no_partition, d.tt());
  put(d, n.partition, no_partition, d.num(0));
  if (!cfg.controller.gates.MaxUnavailableStatefulSet) return;
  const auto no_max_unavailable = rolling && !n.has_max_unavailable;
  put(d, n.has_max_unavailable, no_max_unavailable, d.tt());
  put(d, n.max_unavailable, no_max_unavailable, d.num(1));
  put(d, n.max_unavailable_percent, no_max_unavailable, d.ff());
}

/// True when spec edit `kind` with arguments (a, b) changes the spec of `s` (then the API
/// server moves metadata.generation).
template <class D>
typename D::Bool spec_changes(const D& d, std::int64_t kind, const FlatState<D>& s, const typename D::Int& a,
                              const typename D::Int& b) {
  const auto zero = d.num(0);
  switch (kind) {
    case kind_of<Scale>: return a != s.replicas;
    case kind_of<UpdateTemplate>: return a != s.pod_template;
    case kind_of<SetPartition>: return !s.has_partition || a != s.partition;
    case kind_of<SetMaxUnavailable>:
      return !(s.has_max_unavailable && s.max_unavailable == a && s.max_unavailable_percent == (b != zero));
    case kind_of<SetUpdateStrategy>: return a != s.strategy_type;
    case kind_of<SetRetentionPolicy>: return !(a == s.when_deleted && b == s.when_scaled);
    case kind_of<SetStartOrdinal>: return s.has_start != (a != zero) || (a != zero && b != s.start);
    case kind_of<SetMinReadySeconds>: return a != s.min_ready_seconds;
    default: return d.ff();
  }
}

/// True when the checking model enables spec edit `kind` with arguments (a, b) in `s` (budgets
/// aside): the set exists, the arguments are among user_args, a partition or maxUnavailable only
/// under RollingUpdate, and the edit changes what the controller reads (an absent partition or
/// start ordinal reads as 0, so setting 0 there is not tried).
template <class D>
typename D::Bool edit_enabled(const D& d, const ModelConfig& cfg, std::int64_t kind, const FlatState<D>& s,
                              const typename D::Int& a, const typename D::Int& b) {
  const ArgRange r = user_args(cfg, kind);
  if (r.empty()) return d.ff();
  const auto in = d.num(r.a_lo) <= a && a <= d.num(r.a_hi) && d.num(r.b_lo) <= b && b <= d.num(r.b_hi);
  const auto rolling = s.strategy_type == d.num(kRolling);
  auto change = spec_changes(d, kind, s, a, b);
  if (kind == kind_of<SetPartition>) change = rolling && a != s.partition;
  if (kind == kind_of<SetMaxUnavailable>) change = rolling && change;
  if (kind == kind_of<SetStartOrdinal>) change = b != s.start;
  return s.set_exists && in && change;
}

/// The effect of spec edit `kind` with arguments (a, b), written into `n` under g; the
/// generation moves when the spec changes.
template <class D>
void edit_effect(const D& d, const ModelConfig& cfg, std::int64_t kind, const FlatState<D>& s, FlatState<D>& n,
                 const typename D::Bool& g, const typename D::Int& a, const typename D::Int& b) {
  const auto zero = d.num(0);
  switch (kind) {
    case kind_of<Scale>: put(d, n.replicas, g, a); break;
    case kind_of<UpdateTemplate>: put(d, n.pod_template, g, a); break;
    case kind_of<SetPartition>:
      put(d, n.has_partition, g, d.tt());
      put(d, n.partition, g, a);
      break;
    case kind_of<SetMaxUnavailable>:
      put(d, n.has_max_unavailable, g, d.tt());
      put(d, n.max_unavailable, g, a);
      put(d, n.max_unavailable_percent, g, b != zero);
      break;
    case kind_of<SetUpdateStrategy>: {
      // A new strategy type replaces the whole updateStrategy, which the API server defaults.
      const auto h = g && a != s.strategy_type;
      put(d, n.strategy_type, h, a);
      put(d, n.has_partition, h, d.ff());
      put(d, n.partition, h, zero);
      put(d, n.has_max_unavailable, h, d.ff());
      put(d, n.max_unavailable, h, zero);
      put(d, n.max_unavailable_percent, h, d.ff());
      default_strategy(d, cfg, n, h);
      break;
    }
    case kind_of<SetRetentionPolicy>:
      put(d, n.when_deleted, g, a);
      put(d, n.when_scaled, g, b);
      break;
    case kind_of<SetStartOrdinal>:
      put(d, n.has_start, g, a != zero);
      put(d, n.start, g, d.ite(a != zero, b, zero));
      break;
    case kind_of<SetMinReadySeconds>: put(d, n.min_ready_seconds, g, a); break;
    default: return;
  }
  put(d, n.generation, g && spec_changes(d, kind, s, a, b), s.generation + d.num(1));
}

/// Under g the set object is gone: every field zero (SetObject{}).
template <class D>
void clear_set(const D& d, FlatState<D>& n, const typename D::Bool& g) {
  const auto f = d.ff();
  const auto z = d.num(0);
  for (auto* v : {&n.set_exists, &n.has_partition, &n.has_max_unavailable, &n.max_unavailable_percent, &n.has_start,
                  &n.has_current_revision, &n.has_update_revision, &n.has_collision_count})
    put(d, *v, g, f);
  for (auto* v : {&n.generation, &n.replicas, &n.pod_template, &n.strategy_type, &n.partition, &n.max_unavailable,
                  &n.when_deleted, &n.when_scaled, &n.start, &n.min_ready_seconds, &n.observed_generation,
                  &n.status_replicas, &n.ready_replicas, &n.current_replicas, &n.updated_replicas,
                  &n.available_replicas, &n.current_revision, &n.update_revision, &n.collision_count})
    put(d, *v, g, z);
}

/// The user deletes the set (DeleteStatefulSet; a = orphan): the checking model tries it while
/// the set exists, with and without orphaning.
template <class D>
typename D::Bool delete_set_enabled(const D& d, const ModelConfig& cfg, const FlatState<D>& s,
                                    const typename D::Int& a) {
  const ArgRange r = user_args(cfg, kind_of<DeleteStatefulSet>);
  return s.set_exists && d.num(r.a_lo) <= a && a <= d.num(r.a_hi);
}

/// Its effect under g: the set is gone; with orphan (a != 0) the garbage collector's orphan
/// finalizer first strips the references to the set from its dependents (pods lose their
/// controller, claims their set reference); without, the dependents are left for the
/// garbage collector (GcDelete).
template <class D>
void delete_set_effect(const D& d, const Shape& sh, const FlatState<D>& s, FlatState<D>& n,
                       const typename D::Bool& g, const typename D::Int& a) {
  clear_set(d, n, g);
  const auto orphan = g && a != d.num(0);
  for (int o = 0; o < sh.ordinals; ++o) put(d, n.pods[static_cast<std::size_t>(o)].controlled, orphan, d.ff());
  for (int i = 0; i < sh.claims(); ++i) {
    const auto& c = s.claims[static_cast<std::size_t>(i)];
    Slots<typename D::Bool> keep;
    for (const auto& r : c.refs) keep.push_back(r.used && r.pod);
    compact_refs(d, c, n.claims[static_cast<std::size_t>(i)], keep, orphan);
  }
}

}  // namespace stsmc::model::rules::world
