#pragma once
// The safety properties about order, over one flat transition (s, a, t) and any value domain
// (model/rules/properties.h says how they are used): ordered-creation, reverse-deletion and
// partition-semantics. Each names the upstream code it holds the controller to.
#include <string>

#include "model/rules/property_terms.h"

namespace stsmc::model::rules::props {

// ---- ordered-creation ----------------------------------------------------------------------
// OrderedReady: the controller creates the pod of ordinal o only when every ordinal of
// [start, o) has a pod that is Running, Ready and Available (monotonic creation in
// StatefulSetControl's updateStatefulSet); under any policy it creates in [start, start+replicas).

template <class D>
typename D::Bool ordered_creation(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                  const FlatAction<D>& a, const FlatState<D>& t, Why* why = nullptr) {
  const Spec<D> sp(d, cfg, s);
  const auto sync = is_sync(d, a);
  const auto ready = [&](int q) {
    const auto& p = s.pods[static_cast<std::size_t>(q)];
    return p.exists && running_ready_available(d, p, sp.min_ready);
  };
  return any_of(d, sh.ordinals, [&](int o) {
    const auto made = sync && created(s, t, o);
    const auto outside = !sp.in_range(d, sh, o);
    if constexpr (concrete<D>)
      note(why, made && outside, [&] {
        return "created " + pod_name(cfg, sh.ordinal(o)) + " outside the ordinal range [" + text(sp.start) + ", " +
               text(sp.start + sp.replicas) + ")";
      });
    auto wrong = outside;
    if (cfg.controller.monotonic()) {
      // Every ordinal of [start, o) has a Running, Ready and Available pod.
      const auto preds = within_slots(d, sh, sp.start, ord(d, sh, o) - d.num(1)) &&
                         all_of(d, o, [&](int q) { return sp.start > ord(d, sh, q) || ready(q); });
      if constexpr (concrete<D>)
        note(why, made && !preds, [&] {
          const auto gap = first_ordinal_failing(sh, sp.start, sh.ordinal(o) - 1, ready);
          const int q = sh.slot(gap);
          return "OrderedReady created " + pod_name(cfg, sh.ordinal(o)) + " while its predecessor " +
                 pod_name(cfg, gap) +
                 (q >= 0 && s.pods[static_cast<std::size_t>(q)].exists ? " was not Running, Ready and Available"
                                                                        : " did not exist");
        });
      wrong = wrong || !preds;
    }
    return made && wrong;
  });
}

// ---- reverse-deletion ----------------------------------------------------------------------
// Scale-down deletes the highest condemned ordinal first; under OrderedReady one at a time,
// once every condemned successor is gone and every replica is Running, Ready and Available
// (processCondemned's monotonic wait); rolling-update deletions go from the highest down
// (updateStatefulSet's loop over the replicas in reverse).

template <class D>
typename D::Bool reverse_deletion(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                  const FlatAction<D>& a, const FlatState<D>& t, Why* why = nullptr) {
  const Spec<D> sp(d, cfg, s);
  const int n = sh.ordinals;
  const bool monotonic = cfg.controller.monotonic();
  const auto pod = [&](int o) -> const FlatPod<D>& { return s.pods[static_cast<std::size_t>(o)]; };
  const auto del = [&](int o) { return deleted(s, t, o); };
  const auto higher = [&](int o, auto&& f) {
    return any_of(d, n, [&](int q) { return q > o ? f(q) : d.ff(); });
  };
  const auto rra = [&](int o) { return pod(o).exists && running_ready_available(d, pod(o), sp.min_ready); };
  const auto sync = is_sync(d, a);
  // Every replica of [start, end] is Running, Ready and Available.
  const auto replicas_ready = within_slots(d, sh, sp.start, sp.end(d)) &&
                              all_of(d, n, [&](int o) { return !sp.in_range(d, sh, o) || rra(o); });
  // Parallel runs the condemned deletes in slow-start batches whose calls are concurrent
  // (runForAll → slowStartBatch): a failed delete does not stop the others of its batch, so the
  // top-down clause holds for a sync without a failed write only. OrderedReady deletes one at a
  // time and stops at an error: there it holds for every sync.
  const auto top_down = monotonic ? d.tt() : a.kind == d.num(kind_of<Reconcile>);
  const auto condemned_del = [&](int o) { return sync && del(o) && !sp.in_range(d, sh, o); };
  // The pods the sync lists (world::claimed): a pod the user released by its labels, or an
  // orphan that is terminating, is not the set's, and the controller does not wait for it.
  const auto listed = [&](int q) { return world::claimed(pod(q)); };
  const auto stays = [&](int q) { return listed(q) && !sp.in_range(d, sh, q) && !pod(q).terminating && !del(q); };
  const auto successor = [&](int q) { return listed(q) && !sp.in_range(d, sh, q); };
  auto bad = any_of(d, n, [&](int o) {
    const auto out = condemned_del(o);
    // A condemned pod deleted while a higher condemned one stays.
    auto wrong = top_down && higher(o, stays);
    if constexpr (concrete<D>)
      note(why, out && wrong, [&] {
        return "scale-down deleted " + pod_name(cfg, sh.ordinal(o)) + " before the higher " +
               first_pod_name(cfg, sh, o + 1, n, stays);
      });
    if (monotonic) {
      // "Before a Pod is terminated, all of its successors must be completely shut down."
      const auto waits = higher(o, successor);
      if constexpr (concrete<D>) {
        note(why, out && waits, [&] {
          return "OrderedReady deleted " + pod_name(cfg, sh.ordinal(o)) + " before its successor " +
                 first_pod_name(cfg, sh, o + 1, n, successor) + " was completely shut down";
        });
        note(why, out && !replicas_ready, [&] {
          return "OrderedReady scaled down (" + pod_name(cfg, sh.ordinal(o)) + ") while replica " +
                 pod_name(cfg, first_ordinal_failing(sh, sp.start, sp.end(d), rra)) +
                 " was not Running, Ready and Available";
        });
      }
      wrong = wrong || waits || !replicas_ready;
    }
    return out && wrong;
  });
  if (monotonic) {
    const auto condemned = count_if(d, n, condemned_del);
    if constexpr (concrete<D>)
      note(why, condemned > 1, [&] { return "OrderedReady deleted " + text(condemned) + " condemned pods in one sync"; });
    bad = bad || condemned > d.num(1);
  }
  // Rolling-update deletions from the highest ordinal down.
  const auto outdated_stays = [&](int q) {
    return listed(q) && sp.in_range(d, sh, q) && pod(q).revision != s.pod_template && !pod(q).terminating &&
           !del(q);
  };
  return bad || any_of(d, n, [&](int o) {
           const auto wrong = sync && del(o) && sp.in_range(d, sh, o) && !terminal(d, pod(o)) && higher(o, outdated_stays);
           if constexpr (concrete<D>)
             note(why, wrong, [&] {
               return "update deleted " + pod_name(cfg, sh.ordinal(o)) + " before the higher outdated " +
                      first_pod_name(cfg, sh, o + 1, n, outdated_stays);
             });
           return wrong;
         });
}

// ---- partition-semantics -------------------------------------------------------------------
// RollingUpdate with a partition: pods below it are created at the current revision and never
// deleted for an update (newVersionedStatefulSetPod, updateStatefulSet's update loop); the
// others are updated from the highest ordinal down, one at a time after each successor is
// updated and healthy, or within the maxUnavailable budget (updateStatefulSetAfterInvariantEstablished).
// OnDelete never deletes for an update. currentRevision advances only once every replica is
// updated and ready (updateStatefulSetStatus's completeRollingUpdate).

template <class D>
typename D::Bool partition_semantics(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s,
                                     const FlatAction<D>& a, const FlatState<D>& t, Why* why = nullptr) {
  using I = typename D::Int;
  const Spec<D> sp(d, cfg, s);
  const int n = sh.ordinals;
  const auto pod = [&](int o) -> const FlatPod<D>& { return s.pods[static_cast<std::size_t>(o)]; };
  const auto judged = is_sync(d, a) && s.set_exists;
  const auto rolling = s.strategy_type == d.num(val(spec::UpdateStrategyType::kRollingUpdate));
  const I partition = d.ite(s.has_partition, s.partition, d.num(0));
  const I& upd = s.pod_template;
  const I cur = d.ite(s.has_current_revision && revision_exists(d, s, s.current_revision), s.current_revision,
                      s.pod_template);
  const auto index = [&](int o) { return ord(d, sh, o) - sp.start; };
  const auto index_below = [&](int o) { return index(o) < partition; };
  const auto held_text = [&](int o) {
    return " (index " + text(index(o)) + " < partition " + text(partition) + ")";
  };

  const auto creations = any_of(d, n, [&](int o) {
    const auto& p = t.pods[static_cast<std::size_t>(o)];
    const auto made = judged && created(s, t, o) && sp.in_range(d, sh, o);
    const auto held = rolling && index_below(o);
    const auto too_new = made && held && p.revision == upd && upd != cur;
    const auto too_old = made && !held && p.revision != upd;
    if constexpr (concrete<D>) {
      note(why, too_new, [&] { return "pod " + pod_name(cfg, sh.ordinal(o)) + held_text(o) + " created at the update revision"; });
      note(why, too_old, [&] {
        return "pod " + pod_name(cfg, sh.ordinal(o)) + " created at an old revision although it is not held by a partition";
      });
    }
    return too_new || too_old;
  });

  // Deletions for an update: in range, not Failed or Succeeded.
  const auto update = [&](int o) { return judged && deleted(s, t, o) && sp.in_range(d, sh, o) && !terminal(d, pod(o)); };
  const auto any_update = any_of(d, n, update);
  const auto update_wrong = any_of(d, n, [&](int o) {
    const auto u = update(o);
    if constexpr (concrete<D>) {
      const auto name = [&] { return pod_name(cfg, sh.ordinal(o)); };
      note(why, u && !rolling, [&] { return "OnDelete: the controller deleted " + name() + " for an update"; });
      note(why, u && index_below(o), [&] { return "deleted " + name() + held_text(o) + " for an update"; });
      note(why, u && pod(o).revision == upd, [&] { return "deleted the up-to-date pod " + name(); });
    }
    return u && (!rolling || index_below(o) || pod(o).revision == upd);
  });
  typename D::Bool order_wrong = d.ff();
  if (cfg.controller.gates.MaxUnavailableStatefulSet) {
    // within_budget: never more replicas down than max(maxUnavailable, already down).
    const I scaled = d.ite(s.max_unavailable_percent, d.div(s.max_unavailable * sp.replicas, 100), s.max_unavailable);
    const I max_u = d.max(d.num(1), d.ite(s.has_max_unavailable, scaled, d.num(1)));
    const auto down = [&](int o) { return !pod(o).exists || !healthy(d, cfg, pod(o), sp.min_ready); };
    const I missing = outside_slots(d, sh, sp.start, sp.end(d));
    const I before = missing + count_if(d, n, [&](int o) { return sp.in_range(d, sh, o) && down(o); });
    const I after = missing + count_if(d, n, [&](int o) { return sp.in_range(d, sh, o) && (down(o) || update(o)); });
    order_wrong = after > d.max(max_u, before);
    if constexpr (concrete<D>)
      note(why, any_update && order_wrong, [&] {
        return "rolling update took " + text(after) + " replicas down, maxUnavailable is " + text(max_u);
      });
  } else {
    // one_at_a_time: one pod per sync, after every higher replica is updated and healthy.
    const auto updated_healthy = [&](int o) {
      return pod(o).exists && pod(o).revision == upd && healthy(d, cfg, pod(o), sp.min_ready);
    };
    const auto updates = count_if(d, n, update);
    if constexpr (concrete<D>)
      note(why, updates > 1, [&] { return "deleted " + text(updates) + " pods for an update in one sync"; });
    order_wrong = updates > d.num(1) || any_of(d, n, [&](int u) {
                    const auto successors_ok =
                        within_slots(d, sh, ord(d, sh, u) + d.num(1), sp.end(d)) && all_of(d, n, [&](int o) {
                          return o <= u ? d.tt() : (ord(d, sh, o) > sp.end(d) || updated_healthy(o));
                        });
                    const auto wrong = update(u) && !successors_ok;
                    if constexpr (concrete<D>)
                      note(why, wrong, [&] {
                        return "deleted " + pod_name(cfg, sh.ordinal(u)) + " before its successor " +
                               pod_name(cfg, first_ordinal_failing(sh, sh.ordinal(u) + 1, sp.end(d), updated_healthy)) +
                               " was updated and healthy";
                      });
                    return wrong;
                  });
  }
  const auto deletions = any_update && (update_wrong || order_wrong);

  // currentRevision advances only when every replica is updated and ready.
  const I& now = t.current_revision;
  const I ready = count_if(d, n, [&](int o) {
    return pod(o).exists && pod(o).revision == now && !pod(o).terminating &&
           pod(o).phase == d.num(val(spec::PodPhase::kRunning)) && pod(o).ready;
  });
  const auto advanced = judged && s.has_current_revision && t.has_current_revision && s.current_revision != now &&
                        revision_exists(d, s, s.current_revision);
  const auto promotion = advanced && (!rolling || ready < sp.replicas);
  if constexpr (concrete<D>) {
    note(why, advanced && !rolling, [] { return std::string("currentRevision advanced under OnDelete"); });
    note(why, promotion, [&] {
      return std::string("currentRevision advanced with ") + text(ready) + " of " + text(sp.replicas) +
             " replicas updated and ready";
    });
  }
  return creations || deletions || promotion;
}

}  // namespace stsmc::model::rules::props
