// The StatefulSet world as a checker model: enabled actions under bounds and budgets, budget
// charging, fairness classes and the canonical form behind fingerprints.
#include "model/checker_model.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <utility>

#include <boost/container/small_vector.hpp>

#include "model/rules/flat_state.h"
#include "model/rules/world.h"

namespace stsmc::model {

std::uint64_t StatefulSetModel::next_instance() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

StatefulSetModel::StatefulSetModel(ModelConfig cfg) : cfg_(std::move(cfg)), instance_(next_instance()) {
  if (cfg_.controller.rules.fault == spec::Fault::kNone) return;
  ModelConfig clean = cfg_;
  clean.controller.rules.fault = spec::Fault::kNone;
  upstream_ = std::make_shared<const StatefulSetModel>(std::move(clean));
}
namespace {

using spec::PodPhase;

// The budget action kind `kind` spends, if it is a bounded kind.
std::uint8_t* budget_of(Budgets& b, std::int64_t kind) {
  const int i = rules::budget_of_kind(kind);
  return i < 0 ? nullptr : &rules::budget_at(b, static_cast<std::size_t>(i));
}

std::uint8_t* budget_of(Budgets& b, const Action& a) { return budget_of(b, static_cast<std::int64_t>(a.index())); }

// True when kind `kind` is not bounded or has budget left.
bool budget_left(const Budgets& b, std::int64_t kind) {
  const int i = rules::budget_of_kind(kind);
  return i < 0 || rules::budget_at(b, static_cast<std::size_t>(i)) > 0;
}

// Every claim of ordinal o is usable (world::claim_usable).
bool claims_bound(const ModelConfig& cfg, const spec::ApiState& api, spec::Ordinal o) {
  rules::FlatClaim<rules::Concrete> f(rules::Concrete{}, 0);
  for (std::size_t t = 0; t < cfg.controller.claim_templates.size(); ++t) {
    const spec::Pvc* c = api.find_pvc(static_cast<std::uint8_t>(t), o);
    if (!c) return false;
    rules::to_flat(*c, 0, f);
    if (!rules::world::claim_usable(f)) return false;
  }
  return true;
}

}  // namespace

bool StatefulSetModel::broken(spec::TemplateId t) const { return rules::world::broken(rules::Concrete{}, cfg_, t); }

namespace {

// The pod action of kind `kind` (one of world::kKubeletPodKinds or kUserPodKinds) on pod `o`, with
// second argument `b` (built directly: rules::from_flat's general path costs more per successor).
Action pod_action(std::int64_t kind, spec::Ordinal o, std::int64_t b) {
  switch (kind) {
    case rules::kind_of<TerminationFinished>: return TerminationFinished{o};
    case rules::kind_of<PodAssigned>: return PodAssigned{o};
    case rules::kind_of<PodScheduled>: return PodScheduled{o};
    case rules::kind_of<PodReady>: return PodReady{o};
    case rules::kind_of<PodAvailable>: return PodAvailable{o, static_cast<std::uint32_t>(b)};
    case rules::kind_of<PodFailed>: return PodFailed{o};
    case rules::kind_of<PodSucceeded>: return PodSucceeded{o};
    case rules::kind_of<PodUnready>: return PodUnready{o};
    case rules::kind_of<NodeLost>: return NodeLost{o};
    case rules::kind_of<DeletePod>: return DeletePod{o, b != 0};
    case rules::kind_of<OrphanPod>: return OrphanPod{o};
    case rules::kind_of<LabelPod>: return LabelPod{o, b != 0};
    default: STSMC_CHECK(false && "not a pod action kind"); return Reconcile{};
  }
}

}  // namespace

void StatefulSetModel::pod_actions(const State& s, std::span<const std::int64_t> kinds, bool budgeted,
                                   std::vector<Action>& out) const {
  const rules::Concrete d;
  const std::int64_t mrs = s.api.set.spec.min_ready_seconds;
  rules::Slots<std::int64_t, 8> live;  // the kinds with budget left
  for (const auto k : kinds)
    if (!budgeted || budget_left(s.budgets, k)) live.push_back(k);
  if (live.empty()) return;
  for (const auto& p : s.api.pods) {
    const auto fp = rules::to_flat(p);
    // claims_bound scans the claims: only PodScheduled reads it, and only for a pending bound pod.
    const bool scheduling = !budgeted && p.phase == PodPhase::kPending && p.node_bound;
    const rules::world::PodContext<rules::Concrete> ctx{scheduling && claims_bound(cfg_, s.api, p.ordinal),
                                                        broken(p.revision), mrs, s.api.set.exists};
    for (const auto k : live) {
      // PodAvailable ages the condition exactly to minReadySeconds; deletes are graceful; the
      // labels are toggled.
      const std::int64_t b = k == rules::kind_of<PodAvailable> ? mrs - fp.ready_seconds
                             : k == rules::kind_of<LabelPod>   ? std::int64_t{p.unlabeled}
                                                               : 0;
      if (!rules::world::pod_enabled(d, k, fp, ctx, b)) continue;
      out.push_back(pod_action(k, p.ordinal, b));
    }
  }
}

void StatefulSetModel::kubelet_actions(const State& s, std::vector<Action>& out) const {
  pod_actions(s, rules::world::kKubeletPodKinds, false, out);
  rules::FlatClaim<rules::Concrete> f(rules::Concrete{}, 0);
  for (const auto& c : s.api.pvcs) {
    rules::to_flat(c, 0, f);
    if (rules::world::bind_enabled(f)) out.push_back(PvcBound{c.claim_template, c.ordinal});
  }
}

void StatefulSetModel::gc_actions(const State& s, std::vector<Action>& out) const {
  for (const auto& p : s.api.pods)
    if (GcDelete g{Dependent::kPod, p.ordinal, 0}; gc_applicable(cfg_, s, g)) out.push_back(g);
  for (const auto& c : s.api.pvcs)
    if (GcDelete g{Dependent::kPvc, c.ordinal, c.claim_template}; gc_applicable(cfg_, s, g)) out.push_back(g);
}

void StatefulSetModel::user_actions(const State& s, std::vector<Action>& out) const {
  pod_actions(s, rules::world::kUserPodKinds, true, out);
  if (s.budgets.delete_pvc || s.budgets.orphan_pvc) {
    rules::FlatClaim<rules::Concrete> f(rules::Concrete{}, 0);
    for (const auto& c : s.api.pvcs) {
      rules::to_flat(c, 0, f);
      if (s.budgets.delete_pvc && rules::world::delete_claim_enabled(f))
        out.push_back(DeletePvc{c.claim_template, c.ordinal});
      if (s.budgets.orphan_pvc && rules::world::orphan_claim_enabled(rules::Concrete{}, f))
        out.push_back(OrphanPvc{c.claim_template, c.ordinal});
    }
  }
  if (!s.api.set.exists) return;
  rules::Slots<std::int64_t, 10> live;  // the edits with budget left, then the delete
  for (const auto k : rules::world::kSpecEditKinds)
    if (budget_left(s.budgets, k)) live.push_back(k);
  const bool delete_left = budget_left(s.budgets, rules::kind_of<DeleteStatefulSet>);
  if (live.empty() && !delete_left) return;
  // Every argument the bounds allow, kept where the rules (model/rules/world.h) enable the edit.
  const rules::Concrete d;
  // The set's fields only (no slots): one per thread, overwritten per state.
  thread_local rules::FlatState<rules::Concrete> set(d, rules::Shape{});
  rules::set_to_flat(s.api.set, set);
  const auto try_kind = [&](std::int64_t kind, auto&& enabled) {
    const rules::world::ArgRange r = rules::world::user_args(cfg_, kind);
    for (std::int64_t b = r.b_lo; b <= r.b_hi; ++b)
      for (std::int64_t a = r.a_lo; a <= r.a_hi; ++a) {
        if (!enabled(a, b)) continue;
        rules::FlatAction<rules::Concrete> f(d);
        f.kind = kind;
        f.a = a;
        f.b = b;
        auto act = rules::from_flat(f);
        STSMC_CHECK(act.has_value());
        out.push_back(std::move(*act));
      }
  };
  for (const auto k : live)
    try_kind(k, [&](std::int64_t a, std::int64_t b) { return rules::world::edit_enabled(d, cfg_, k, set, a, b); });
  if (delete_left)
    try_kind(rules::kind_of<DeleteStatefulSet>,
             [&](std::int64_t a, std::int64_t) { return rules::world::delete_set_enabled(d, cfg_, set, a); });
}

void StatefulSetModel::fault_actions(const State& s, std::vector<Action>& out) const {
  // An informer that stops delivering (only while the controller has a set to sync, and only
  // one that is up to date: a lagging one already lags).
  if (s.budgets.informer_lag && cfg_.bounds.cache_lag > 0 && s.api.set.exists)
    for (const auto kind : kListerKinds)
      if (!cache_lagging(s, kind)) out.push_back(InformerLag{kind});
  // A sync in flight makes its next write as a Reconcile, or that write fails (write-error 1:
  // with InternalError, or with Conflict where the write is an update), or a restart abandons
  // it; none starts besides it. (Without one, a restart reaches nothing informer-sync does not.)
  if (s.in_flight) {
    if (s.budgets.controller_restart) out.push_back(ControllerRestart{});
    if (s.budgets.write_error) write_error_actions(cfg_, s, out);
    return;
  }
  if (s.budgets.partial_sync && s.api.set.exists) out.push_back(PartialSync{});
  if (!s.budgets.write_error || !s.api.set.exists) return;
  // A sync in which one write fails: any attempt the sync would make (one more sync, to learn
  // them), with InternalError, and an update also with Conflict.
  write_error_actions(cfg_, s, out);
}

void StatefulSetModel::informer_actions(const State& s, std::vector<Action>& out) const {
  for (const auto kind : kListerKinds)
    if (cache_lag(s, kind) > 0) out.push_back(InformerSync{kind});
}

// Why a single binding is an ample set (docs/checking.md, "Partial-order reduction", has the
// argument in full). The provisioner's PvcBound sets one claim's `bound`; only the kubelet's
// PodScheduled reads it (world::claims_usable), and only once it is true, so binding disables
// nothing and commutes with every action that does not delete the claim: the controller's sync
// never reads `bound` (it creates a missing claim, and its status counts pods), no property reads
// it, and convergence's goal does not either. What could delete the claim before it is bound:
// the user (delete-pvc), the garbage collector through a pod reference (written only while
// whenScaled is Delete) or a set reference (once the set is deleted). A lagging lister keeps its
// own copy of the claim, which would differ. A sync in flight does not (its start keeps no
// claim's `bound`, model/partial_sync.cpp), and its later writes read the API state's claims
// only for whether they exist, and change only their owner references. When all of these are
// ruled out for the rest of the run, binding the claim first loses no behaviour: every path
// that binds it later, or never (then the provisioner is starved, which a weakly fair run rules
// out on a cycle), has a counterpart that binds it now. No cycle passes a reduced state (the
// claim stays bound), so the cycle proviso holds and the liveness search sees every reduced
// state as acyclic.
std::optional<PvcBound> StatefulSetModel::ample_binding(const State& s) const {
  const auto& b = s.budgets;
  const auto& set = s.api.set;
  if (!set.exists || b.delete_pvc || b.delete_statefulset || b.set_retention_policy || b.informer_lag ||
      !s.caches.empty() || set.spec.retention_policy.when_scaled != spec::RetentionPolicyType::kRetain)
    return std::nullopt;
  for (const auto& c : s.api.pvcs) {
    if (c.bound || c.terminating) continue;
    const bool pod_ref = std::any_of(c.owners.begin(), c.owners.end(),
                                     [](const spec::OwnerRef& r) { return r.kind == spec::OwnerKind::kPod; });
    if (!pod_ref) return PvcBound{c.claim_template, c.ordinal};
  }
  return std::nullopt;
}

void StatefulSetModel::actions(const State& s, std::vector<Action>& out) const {
  if (por_) {
    if (const auto bind = ample_binding(s)) {
      out.push_back(*bind);
      return;
    }
  }
  if (s.api.set.exists || s.in_flight) out.push_back(Reconcile{});
  fault_actions(s, out);
  informer_actions(s, out);
  kubelet_actions(s, out);
  gc_actions(s, out);
  user_actions(s, out);
}

std::optional<ClusterState> StatefulSetModel::next_state(const State& s, const Action& a) const {
  State next = s;
  if (std::uint8_t* budget = budget_of(next.budgets, a)) {
    if (*budget == 0) return std::nullopt;
    --*budget;
  }
  if (!apply_action_or_discard(cfg_, next, a)) return std::nullopt;
  return next;
}

std::size_t StatefulSetModel::actor_class(const Action& a) const {
  Budgets scratch{};
  if (budget_of(scratch, a)) return actor_of(a) == Actor::kUser ? kClassUser : kClassFault;
  switch (actor_of(a)) {
    case Actor::kController: return kClassController;
    case Actor::kProvisioner: return kClassProvisioner;
    case Actor::kGc: return kClassGc;
    case Actor::kUser: return kClassUser;
    case Actor::kFault: return kClassFault;
    case Actor::kInformer: return kClassInformer;
    default: return kClassKubelet;
  }
}

bool StatefulSetModel::is_quiet(const Action& a) const {
  const auto c = actor_class(a);
  return c != kClassUser && c != kClassFault;
}

ClusterState StatefulSetModel::canonical(const State& s) const {
  State c;
  canonical_into(s, c);
  return c;
}

namespace {

/// Calls `pods`, `claims` and `revisions` on every copy of those objects a state keeps: the API
/// state's, each lagging lister's undelivered versions and, with a sync in flight, the API state
/// it started from and the lister versions it read then. The canonical form renumbers UIDs and
/// revisions in all of them alike.
template <class Pods, class Claims, class Revisions>
void for_each_copy(ClusterState& c, Pods&& pods, Claims&& claims, Revisions&& revisions) {
  const auto visit = [&](spec::ApiState& api, Caches& caches) {
    pods(api.pods);
    claims(api.pvcs);
    revisions(api.revisions);
    for (auto& v : caches.pods) pods(v);
    for (auto& v : caches.claims) claims(v);
    for (auto& v : caches.revisions) revisions(v);
  };
  visit(c.api, c.caches);
  if (c.in_flight) visit(c.in_flight->store, c.in_flight->caches);
}

constexpr auto kSkip = [](const auto&) {};

}  // namespace

void StatefulSetModel::canonical_into(const State& s, State& c) const {
  // Built field by field over `c`'s storage: the creation counters are dropped, so they are never
  // copied, and the vectors keep their capacity from the last state.
  c.budgets = s.budgets;
  auto& api = c.api;
  api.set = s.api.set;
  api.pods = s.api.pods;
  api.pvcs = s.api.pvcs;
  api.revisions = s.api.revisions;
  c.caches = s.caches;
  c.in_flight = s.in_flight;
  const bool lag_to_come = s.budgets.informer_lag > 0 && cfg_.bounds.cache_lag > 0;
  // A sync in flight numbers a new revision after the revisions of its start (the revisions
  // it listed then), which the API state may no longer have: the gaps matter, as for a lag.
  if (!lag_to_come && c.caches.revisions.empty() && !c.in_flight) {
    // Every revision the controller creates gets a number above all stored ones, so only their
    // order matters: ranks.
    for (std::size_t i = 0; i < api.revisions.size(); ++i) api.revisions[i].number = static_cast<std::int64_t>(i + 1);
  } else {
    // A lagging revision lister (now, or after an informer-lag still in the budget) makes the
    // controller number a new revision max(listed) + 1, which may fall between, or on, stored
    // numbers: the gaps matter too. Shifting every number by one constant keeps them all.
    std::int64_t least = std::numeric_limits<std::int64_t>::max();
    for_each_copy(c, kSkip, kSkip, [&](const auto& revisions) {
      for (const auto& r : revisions) least = std::min(least, r.number);
    });
    for_each_copy(c, kSkip, kSkip, [&](auto& revisions) {
      for (auto& r : revisions) r.number -= least - 1;
    });
  }
  // The pod UIDs in use per ordinal (pods' and claims' pod references, in every copy), sorted: a
  // UID's rank is its position among its ordinal's. A sync in flight gives its next pod or claim
  // a UID above every one of its ordinal, in its start as in the API state (only the controller
  // creates them), so no creation counter need be kept.
  boost::container::small_vector<std::pair<spec::Ordinal, std::uint32_t>, 32> uids;
  for_each_copy(
      c,
      [&](const auto& pods) {
        for (const auto& p : pods) uids.emplace_back(p.ordinal, p.uid);
      },
      [&](const auto& pvcs) {
        for (const auto& pvc : pvcs)
          for (const auto& r : pvc.owners)
            if (r.kind == spec::OwnerKind::kPod && r.uid != 0) uids.emplace_back(r.ordinal, r.uid);
      },
      kSkip);
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  const auto rank = [&](spec::Ordinal o, std::uint32_t uid) -> std::uint32_t {
    if (uid == 0) return 0;
    const auto first = std::lower_bound(uids.begin(), uids.end(), std::pair{o, std::uint32_t{0}});
    const auto at = std::lower_bound(first, uids.end(), std::pair{o, uid});
    return static_cast<std::uint32_t>(at - first + 1);
  };
  for_each_copy(
      c,
      [&](auto& pods) {
        for (auto& p : pods) p.uid = rank(p.ordinal, p.uid);
      },
      [&](auto& pvcs) {
        for (auto& pvc : pvcs) {
          pvc.uid = 0;
          for (auto& r : pvc.owners)
            if (r.kind == spec::OwnerKind::kPod) r.uid = rank(r.ordinal, r.uid);
        }
      },
      kSkip);
  api.pod_uids.clear();
  api.pvc_uids.clear();
  if (c.in_flight) {
    c.in_flight->store.pod_uids.clear();
    c.in_flight->store.pvc_uids.clear();
  }
}

Fingerprint StatefulSetModel::search_key(const State& s) const {
  thread_local State c;  // per explorer thread: no allocation per state
  thread_local std::string bytes;
  canonical_into(s, c);
  bytes.clear();
  stsmc::pack_append(bytes, c);
  Hasher h;
  h.bytes(bytes.data(), bytes.size());
  return h.digest();
}

StatefulSetModel::Packed StatefulSetModel::pack(const State& s) const {
  thread_local std::string scratch;  // one buffer per explorer thread
  return stsmc::pack(s, scratch);
}

void StatefulSetModel::unpack(const Packed& p, State& out) const { stsmc::unpack(p, out); }

void StatefulSetModel::pack_append(const State& s, std::string& out) const { stsmc::pack_append(out, s); }

void StatefulSetModel::unpack(std::span<const std::uint8_t> bytes, State& out) const {
  const std::uint8_t* p = bytes.data();
  const std::uint8_t* const end = p + bytes.size();
  unpack_from(p, end, out);
  STSMC_CHECK(p == end);
}

Fingerprint StatefulSetModel::fingerprint(const State& s) const {
  thread_local State c;  // one canonical buffer per explorer thread: no allocation per state
  canonical_into(s, c);
  return stsmc::fingerprint(c);
}

StatefulSetModel make_checker_model(const spec::Manifest& manifest, const spec::Rules& rules,
                                    const spec::FeatureGates& gates, const Bounds& bounds) {
  ModelConfig cfg = make_config(manifest, rules, gates);
  cfg.bounds = bounds;
  cfg.budgets = bounds.budgets;
  cfg.controller.instant_binding = false;
  cfg.pvc_protection = true;
  const spec::PodTemplate base = cfg.controller.templates.front();
  for (std::int32_t i = 0; i < bounds.extra_templates; ++i) {
    spec::PodTemplate t = base;
    t.containers.at(0).image = base.image() + "-v" + std::to_string(i + 2);
    add_template(cfg, t);
  }
  if (bounds.broken_template) {
    spec::PodTemplate t = base;
    t.containers.at(0).image = base.image() + "-broken";
    cfg.broken_templates.push_back(add_template(cfg, t));
  }
  return StatefulSetModel(std::move(cfg));
}

}  // namespace stsmc::model
