#pragma once
// The domain of the symbolic engines: named candidate facts about reachable flat states
// (domain_facts), which checker/bmc_domain.h proves inductive before it assumes them, and
// well_formed, all of them at once (what the tests check on every reachable state).
#include <string>
#include <vector>

#include "model/rules/transition.h"
#include "model/symbolic/z3_domain.h"

namespace stsmc::model::symbolic {

/// A named fact of the domain (see domain_facts).
template <class D>
struct DomainFact {
  std::string name;
  typename D::Bool holds;
};

/// Range and shape constraints that the reachable states satisfy, as named facts: enum ranges,
/// budgets between 0 and the initial ones, the spec as the budgets spent allow it, a deleted set
/// all zero, empty slots all zero, owner references a used prefix, UIDs equal to their creation
/// counters, the kubelet's few values of ready_seconds, the status counts within 0 .. ordinals
/// and revisions naming templates. They are candidates, not assumptions: the symbolic engines
/// keep only the largest subset that holds initially and that every transition preserves
/// (checker/bmc_domain.h proves that first, Houdini-style), so nothing here is taken on trust.
/// All are tested on the states reachable under every mutant (transition_test.cpp).
template <class D>
std::vector<DomainFact<D>> domain_facts(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s) {
  using B = typename D::Bool;
  using I = typename D::Int;
  namespace td = transition_detail;
  const auto num = [&](std::int64_t v) { return d.num(v); };
  const auto in = [&](const I& v, std::int64_t lo, std::int64_t hi) { return num(lo) <= v && v <= num(hi); };
  const auto implies = [](const B& x, const B& y) { return !x || y; };
  const auto init = td::initial_budgets(cfg);
  const auto& sp = cfg.initial_spec;
  const std::int64_t templates = static_cast<std::int64_t>(cfg.controller.templates.size());
  const std::int64_t mrs = sp.min_ready_seconds;
  std::vector<DomainFact<D>> facts;
  const auto fact = [&](std::string name, B holds) { facts.push_back({std::move(name), std::move(holds)}); };

  // Budgets only go down; `spent(i)`: at least one action of that kind happened.
  for (std::size_t i = 0; i < init.size(); ++i) fact("budgets[" + std::to_string(i) + "] in range", in(s.budgets[i], 0, init[i]));
  const auto spent = [&](int i) { return s.budgets[static_cast<std::size_t>(i)] < num(init[static_cast<std::size_t>(i)]); };

  // The set: it exists until DeleteStatefulSet, after which it is SetObject{}.
  fact("set exists until deleted", s.set_exists == !spent(budget::kDeleteStatefulSet));
  const B set_zero = s.generation == num(0) && s.replicas == num(0) && s.pod_template == num(0) &&
                     s.strategy_type == num(0) && !s.has_partition && s.partition == num(0) &&
                     !s.has_max_unavailable && s.max_unavailable == num(0) && !s.max_unavailable_percent &&
                     s.when_deleted == num(0) && s.when_scaled == num(0) && !s.has_start && s.start == num(0) &&
                     s.min_ready_seconds == num(0) && s.observed_generation == num(0) &&
                     s.status_replicas == num(0) && s.ready_replicas == num(0) && s.current_replicas == num(0) &&
                     s.updated_replicas == num(0) && s.available_replicas == num(0) && !s.has_current_revision &&
                     s.current_revision == num(0) && !s.has_update_revision && s.update_revision == num(0) &&
                     !s.has_collision_count && s.collision_count == num(0);
  {
    // Every enabled spec edit changes the spec and moves the generation by one.
    I edits = num(1);
    for (int i : {budget::kScale, budget::kUpdateTemplate, budget::kSetPartition, budget::kSetMaxUnavailable,
                  budget::kSetUpdateStrategy, budget::kSetRetentionPolicy, budget::kSetStartOrdinal})
      edits = edits + (num(init[static_cast<std::size_t>(i)]) - s.budgets[static_cast<std::size_t>(i)]);
    const B rolling = s.strategy_type == num(world::kRolling);
    const B strategy_spent = spent(budget::kSetUpdateStrategy);
    const auto rp = sp.update_strategy.partition;
    const auto mu = sp.update_strategy.max_unavailable;
    const std::int64_t max_partition = std::max<std::int64_t>(cfg.bounds.max_replicas, rp.value_or(0));
    B mu_values = (s.max_unavailable == num(1) || s.max_unavailable == num(2)) && !s.max_unavailable_percent;
    if (mu) mu_values = mu_values || (s.max_unavailable == num(mu->value) && s.max_unavailable_percent == d.lit(mu->percent));
    const B initial_partition = s.has_partition == d.lit(rp.has_value()) && s.partition == num(rp.value_or(0));
    const B initial_mu = s.has_max_unavailable == d.lit(mu.has_value()) &&
                         s.max_unavailable == num(mu ? mu->value : 0) &&
                         s.max_unavailable_percent == d.lit(mu && mu->percent);
    const auto type = static_cast<std::int64_t>(sp.update_strategy.type);
    const auto wd = static_cast<std::int64_t>(sp.retention_policy.when_deleted);
    const auto ws = static_cast<std::int64_t>(sp.retention_policy.when_scaled);
    B e = s.generation == edits && num(0) <= s.observed_generation && s.observed_generation <= s.generation;
    e = e && d.ite(spent(budget::kScale), in(s.replicas, 0, cfg.bounds.max_replicas), s.replicas == num(sp.replicas));
    e = e && d.ite(spent(budget::kUpdateTemplate), in(s.pod_template, 0, templates - 1),
                   s.pod_template == num(sp.pod_template));
    e = e && d.ite(strategy_spent, in(s.strategy_type, 0, 1), s.strategy_type == num(type));
    e = e && implies(rolling, s.has_partition) && implies(!s.has_partition, s.partition == num(0)) &&
        in(s.partition, 0, max_partition);
    e = e && implies(!strategy_spent && !spent(budget::kSetPartition), initial_partition);
    e = e && implies(!s.has_max_unavailable, s.max_unavailable == num(0) && !s.max_unavailable_percent) &&
        implies(s.has_max_unavailable, mu_values);
    e = e && implies(!strategy_spent && !spent(budget::kSetMaxUnavailable), initial_mu);
    if (cfg.controller.gates.MaxUnavailableStatefulSet) e = e && implies(rolling, s.has_max_unavailable);
    // The last strategy change was to OnDelete, and neither field can be set under OnDelete.
    e = e && implies(strategy_spent && !rolling, !s.has_partition && !s.has_max_unavailable);
    e = e && d.ite(spent(budget::kSetRetentionPolicy), in(s.when_deleted, 0, 1) && in(s.when_scaled, 0, 1),
                   s.when_deleted == num(wd) && s.when_scaled == num(ws));
    e = e && d.ite(spent(budget::kSetStartOrdinal), s.has_start && in(s.start, 0, 1),
                   s.has_start == d.lit(sp.ordinals_start.has_value()) && s.start == num(sp.ordinals_start.value_or(0)));
    e = e && s.min_ready_seconds == num(mrs);
    fact("set spec", d.ite(s.set_exists, e, set_zero));
    // The status is the controller's: its counts and revisions (kept only where proved).
    B counts = d.tt();
    for (const I* v : {&s.status_replicas, &s.ready_replicas, &s.current_replicas, &s.updated_replicas,
                       &s.available_replicas})
      counts = counts && in(*v, 0, sh.ordinals);
    fact("status counts in 0..ordinals", counts);
    fact("status revisions name templates",
         d.ite(s.has_current_revision, in(s.current_revision, 0, templates - 1), s.current_revision == num(0)) &&
             d.ite(s.has_update_revision, in(s.update_revision, 0, templates - 1), s.update_revision == num(0)) &&
             d.ite(s.has_collision_count, s.collision_count >= num(0), s.collision_count == num(0)));
  }

  // Pods: an empty slot is zero; a pod's UID is its ordinal's creation counter; the kubelet's
  // and the API's rules tie phase, readiness, binding and termination.
  // (`uid_ok` says how the pod's UID relates to its ordinal's creation counter.)
  const auto pod_fact = [&](const FlatPod<D>& p, const B& uid_ok) {
    const B empty = p.uid == num(0) && p.phase == num(0) && !p.ready && p.ready_seconds == num(0) &&
                    !p.terminating && p.revision == num(0) && !p.node_bound && !p.controlled && !p.node_lost &&
                    p.identity == num(0) && !p.unlabeled;
    B broken = d.ff();
    for (const auto t : cfg.broken_templates) broken = broken || p.revision == num(t);
    const B running = p.phase == num(world::kRunning);
    const B pending = p.phase == num(world::kPending);
    const B live = uid_ok && p.uid >= num(1) && in(p.phase, 0, 3) && in(p.revision, 0, templates - 1) &&
                   in(p.identity, 0, sh.ordinals - 1) && implies(p.ready, running && !broken) &&
                   implies(!pending, p.node_bound) &&
                   implies(p.terminating, p.node_bound && (pending || running || p.node_lost)) &&
                   implies(p.node_lost, p.terminating && !p.ready) &&
                   (p.ready_seconds == num(0) || (p.ready_seconds == num(mrs) && p.ready));
    return d.ite(p.exists, live, empty);
  };
  for (int o = 0; o < sh.ordinals; ++o) {
    const auto& p = s.pods[static_cast<std::size_t>(o)];
    const I& counter = s.pod_uid_counters[static_cast<std::size_t>(o)];
    fact("pods[" + std::to_string(o) + "]", counter >= num(0) && pod_fact(p, p.uid == counter));
  }

  // Claims: the same for UIDs; owner references are a used prefix, unused ones zero, a set
  // reference has UID 0 in the flat form, a pod reference names a pod created before (or the
  // empty UID).
  const auto claim_fact = [&](const FlatClaim<D>& c, int o, const B& uid_ok) {
    B refs = d.tt();
    for (std::size_t r = 0; r < c.refs.size(); ++r) {
      const auto& ref = c.refs[r];
      if (r + 1 < c.refs.size()) refs = refs && implies(!ref.used, !c.refs[r + 1].used);
      refs = refs && implies(!ref.used, !ref.pod && ref.uid == num(0)) &&
             implies(ref.used && !ref.pod, ref.uid == num(0)) &&
             implies(ref.used && ref.pod,
                     num(0) <= ref.uid && ref.uid <= s.pod_uid_counters[static_cast<std::size_t>(o)]);
    }
    const B empty = c.uid == num(0) && !c.bound && !c.terminating && !c.refs[0].used;
    return refs && d.ite(c.exists, uid_ok && c.uid >= num(1), empty);
  };
  // The controller adds a reference only where none with the owner's UID exists, and leaves a
  // claim with a stale pod reference alone: so at most one set reference, one pod reference
  // with a UID and one with the empty UID (a placeholder's), and the owner-reference slots
  // never run out (what the encoding's assumption needs).
  const auto few_owners = [&](const FlatClaim<D>& c) {
    I set_refs = num(0), pod_refs = num(0), empty_pod_refs = num(0);
    for (const auto& ref : c.refs) {
      set_refs = set_refs + d.ite(ref.used && !ref.pod, num(1), num(0));
      pod_refs = pod_refs + d.ite(ref.used && ref.pod && ref.uid != num(0), num(1), num(0));
      empty_pod_refs = empty_pod_refs + d.ite(ref.used && ref.pod && ref.uid == num(0), num(1), num(0));
    }
    return set_refs <= num(1) && pod_refs <= num(1) && empty_pod_refs <= num(1);
  };
  // No pod reference with a UID is ever added under whenScaled=Retain (below).
  const B retain_scaled = s.when_scaled == num(static_cast<std::int64_t>(spec::RetentionPolicyType::kRetain));
  const auto refs_by_policy = [&](const FlatClaim<D>& c) {
    B named = d.ff();
    for (const auto& ref : c.refs) named = named || (ref.used && ref.pod && ref.uid != num(0));
    return implies(s.set_exists && named, !retain_scaled || spent(budget::kSetRetentionPolicy));
  };
  for (int t = 0; t < sh.claim_templates; ++t)
    for (int o = 0; o < sh.ordinals; ++o) {
      const auto i = static_cast<std::size_t>(sh.claim_index(t, o));
      const auto& c = s.claims[i];
      const I& counter = s.claim_uid_counters[i];
      fact("claims[" + std::to_string(i) + "]", counter >= num(0) && claim_fact(c, o, c.uid == counter));
      fact("claims[" + std::to_string(i) + "] owners: one set, one pod and one empty-UID pod reference at most",
           few_owners(c));
      // PodClaimIsStale: under whenScaled=Delete the controller creates no pod while one of its
      // claims has a reference to a pod of that name with another UID, and it removes a pod
      // reference only by UID. So a live pod's claim has a reference to an earlier incarnation
      // only if the pod was created under whenScaled=Retain, which an edit of the policy must
      // have set (no pod reference is ever added under Retain). Both facts speak of a set that
      // exists: a deleted set's fields read as zero (Retain), and its controller is gone.
      {
        const auto& p = s.pods[static_cast<std::size_t>(o)];
        B stale = d.ff();  // some reference names an earlier pod by UID
        for (const auto& ref : c.refs) stale = stale || (ref.used && ref.pod && ref.uid != num(0) && ref.uid != p.uid);
        fact("claims[" + std::to_string(i) + "]: a live pod's claim names no earlier pod unless the policy was edited to Retain",
             implies(s.set_exists && p.exists && stale, retain_scaled && spent(budget::kSetRetentionPolicy)));
        fact("claims[" + std::to_string(i) + "]: references to pods with a UID only under whenScaled=Delete or after a policy edit",
             refs_by_policy(c));
      }
    }

  // Revisions: numbered from 1, each number once (not under stale reads: a lagging revision
  // lister has the controller number a new revision after the ones it lists).
  B numbered = d.tt(), once = d.tt();
  for (std::size_t t = 0; t < s.revisions.size(); ++t) {
    const auto& r = s.revisions[t];
    numbered = numbered && d.ite(r.exists, r.number >= num(1), r.number == num(0));
    for (std::size_t u = t + 1; u < s.revisions.size(); ++u) {
      const auto& q = s.revisions[u];
      once = once && implies(r.exists && q.exists, r.number != q.number);
    }
  }
  fact("revisions numbered from 1", numbered);
  fact("revisions: each number once", once);

  // The lagging listers (stale reads): a kind that does not lag has an all-zero copy; a copy
  // holds an earlier version of its kind's objects, so each object is one the store could have
  // held (created no later than its counter says; the set may be gone from the store since).
  if (s.listers) {
    const FlatListers<D>& l = *s.listers;
    const FlatListers<D> zero(d, sh);
    fact("listers: a kind that does not lag has an empty copy",
         implies(!l.pods_lag, !flat_differ(d, l.pods, zero.pods)) &&
             implies(!l.claims_lag, !flat_differ(d, l.claims, zero.claims)) &&
             implies(!l.revisions_lag, !flat_differ(d, l.revisions, zero.revisions)) &&
             implies(!l.set_lag, !flat_differ(d, l.set, zero.set)));
    for (int o = 0; o < sh.ordinals; ++o) {
      const auto& p = l.pods[static_cast<std::size_t>(o)];
      fact("listers.pods[" + std::to_string(o) + "]",
           pod_fact(p, p.uid <= s.pod_uid_counters[static_cast<std::size_t>(o)]));
    }
    for (int t = 0; t < sh.claim_templates; ++t)
      for (int o = 0; o < sh.ordinals; ++o) {
        const auto i = static_cast<std::size_t>(sh.claim_index(t, o));
        const auto& c = l.claims[i];
        const std::string name = "listers.claims[" + std::to_string(i) + "]";
        fact(name, claim_fact(c, o, c.uid <= s.claim_uid_counters[i]));
        fact(name + " owners: one set, one pod and one empty-UID pod reference at most", few_owners(c));
        fact(name + ": references to pods with a UID only under whenScaled=Delete or after a policy edit",
             refs_by_policy(c));
      }
    B listed = d.tt();
    for (const auto& r : l.revisions) listed = listed && d.ite(r.exists, r.number >= num(1), r.number == num(0));
    fact("listers.revisions numbered from 1", listed);
    const FlatSet<D>& ls = l.set;
    B counts = d.tt();
    for (const I* v : {&ls.status_replicas, &ls.ready_replicas, &ls.current_replicas, &ls.updated_replicas,
                       &ls.available_replicas})
      counts = counts && in(*v, 0, sh.ordinals);
    const std::int64_t max_replicas = std::max<std::int64_t>(cfg.bounds.max_replicas, sp.replicas);
    const std::int64_t max_partition =
        std::max<std::int64_t>(cfg.bounds.max_replicas, sp.update_strategy.partition.value_or(0));
    fact("listers.set: an earlier version of the set",
         implies(ls.set_exists,
                 num(0) <= ls.generation && implies(s.set_exists, ls.generation <= s.generation) &&
                     num(0) <= ls.observed_generation && ls.observed_generation <= ls.generation &&
                     d.ite(spent(budget::kScale), in(ls.replicas, 0, max_replicas), ls.replicas == num(sp.replicas)) &&
                     d.ite(spent(budget::kUpdateTemplate), in(ls.pod_template, 0, templates - 1),
                           ls.pod_template == num(sp.pod_template)) &&
                     d.ite(spent(budget::kSetUpdateStrategy), in(ls.strategy_type, 0, 1),
                           ls.strategy_type == num(static_cast<std::int64_t>(sp.update_strategy.type))) &&
                     in(ls.partition, 0, max_partition) && implies(!ls.has_partition, ls.partition == num(0)) &&
                     d.ite(spent(budget::kSetRetentionPolicy), in(ls.when_deleted, 0, 1) && in(ls.when_scaled, 0, 1),
                           ls.when_deleted == num(static_cast<std::int64_t>(sp.retention_policy.when_deleted)) &&
                               ls.when_scaled == num(static_cast<std::int64_t>(sp.retention_policy.when_scaled))) &&
                     d.ite(spent(budget::kSetStartOrdinal), in(ls.start, 0, 1),
                           ls.has_start == d.lit(sp.ordinals_start.has_value()) &&
                               ls.start == num(sp.ordinals_start.value_or(0))) &&
                     implies(!ls.has_start, ls.start == num(0)) && ls.min_ready_seconds == num(mrs) && counts &&
                     d.ite(ls.has_current_revision, in(ls.current_revision, 0, templates - 1),
                           ls.current_revision == num(0)) &&
                     d.ite(ls.has_update_revision, in(ls.update_revision, 0, templates - 1),
                           ls.update_revision == num(0))));
  }
  return facts;
}

/// Every domain fact at once (for tests and the explicit side: true on every reachable state).
template <class D>
typename D::Bool well_formed(const D& d, const ModelConfig& cfg, const Shape& sh, const FlatState<D>& s) {
  typename D::Bool w = d.tt();
  for (auto& f : domain_facts(d, cfg, sh, s)) w = w && f.holds;
  return w;
}

}  // namespace stsmc::model::symbolic
