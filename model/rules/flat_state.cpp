// Conversions between ClusterState / Action and their flat forms.
#include "model/rules/flat_state.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

#include "core/check.h"

namespace stsmc::model::rules {
namespace {

using C = Concrete;

Error misfit(std::string what) { return Error{ErrorCode::kInternal, "flat state: " + std::move(what)}; }

template <class E> std::int64_t e(E v) { return static_cast<std::int64_t>(v); }

// The byte offset in Budgets of each budget, in field order, found once through reflection: the
// checking model reads a budget per enabled action, so no walk over the fields per call. (A
// function's static, not a namespace-scope one: other files' static initialisers may ask.)
const std::array<std::size_t, FlatState<Concrete>::kBudgetCount>& budget_offsets() {
  static const auto offsets = [] {
    std::array<std::size_t, FlatState<Concrete>::kBudgetCount> o{};
    Budgets b{};
    std::size_t i = 0;
    for_each_field_mut(b, [&](std::string_view, std::uint8_t& v) {
      o.at(i++) = static_cast<std::size_t>(&v - reinterpret_cast<std::uint8_t*>(&b));
    });
    STSMC_CHECK(i == o.size());
    return o;
  }();
  return offsets;
}

}  // namespace

std::uint8_t& budget_at(Budgets& b, std::size_t i) { return reinterpret_cast<std::uint8_t*>(&b)[budget_offsets().at(i)]; }
std::uint8_t budget_at(const Budgets& b, std::size_t i) {
  return reinterpret_cast<const std::uint8_t*>(&b)[budget_offsets().at(i)];
}

Shape shape_of(const ModelConfig& cfg) {
  Shape sh;
  // 64 bits: start + replicas may pass int32's range. A slot per ordinal from 0 is only for small
  // starts (the CLI refuses larger ones for bmc and prove).
  const std::int64_t start = std::max<std::int64_t>(cfg.initial_spec.start(), cfg.budgets.set_start_ordinal > 0 ? 1 : 0);
  const std::int64_t replicas = std::max(cfg.initial_spec.replicas, cfg.bounds.max_replicas);
  STSMC_CHECK(start + replicas + 1 <= 1 << 20);
  sh.ordinals = static_cast<int>(start + replicas + 1);
  sh.claim_templates = static_cast<int>(cfg.controller.claim_templates.size());
  sh.templates = static_cast<int>(cfg.controller.templates.size());
  // Stale reads: the listers' copies ride along (a lag of one; the engines refuse more).
  sh.listers = cfg.budgets.informer_lag > 0 && cfg.bounds.cache_lag > 0;
  return sh;
}

int Shape::sparse_slot(std::int64_t o) const {
  const auto it = std::lower_bound(slot_ordinals.begin(), slot_ordinals.end(), o);
  return it != slot_ordinals.end() && *it == o ? static_cast<int>(it - slot_ordinals.begin()) : -1;
}

namespace {

// The ordinals state `s` mentions, and its claims' largest number of owner references.
void mentioned_ordinals(const ModelConfig& cfg, const ClusterState& s, decltype(Shape::slot_ordinals)& os,
                        std::size_t& refs) {
  const auto& api = s.api;
  os.reserve(os.size() + api.pods.size() + api.pod_uids.size() +
             static_cast<std::size_t>(std::max(0, api.set.spec.replicas)) + 2);
  for (const auto& p : api.pods) os.push_back(p.ordinal);
  for (const auto& c : api.pvcs) {
    os.push_back(c.ordinal);
    refs = std::max(refs, c.owners.size());
  }
  for (const auto& [o, n] : api.pod_uids) os.push_back(o);
  for (const auto& [k, n] : api.pvc_uids) os.push_back(k.second);
  if (api.set.exists) {
    // The range as the sync reads it (ordinals.start counts only under its gate), one past it.
    const std::int64_t start = cfg.controller.gates.StatefulSetStartOrdinal ? api.set.spec.start() : 0;
    // The one past the range only where an ordinal can be (int32): a faulty controller's pod
    // there is then refused as an overflow of the shape.
    const std::int64_t past = std::min<std::int64_t>(start + std::max(0, api.set.spec.replicas),
                                                     std::numeric_limits<spec::Ordinal>::max());
    for (std::int64_t o = start; o <= past; ++o) os.push_back(o);
  }
}

}  // namespace

Shape fitted_shape(const ModelConfig& cfg, const ClusterState& s) { return fitted_shape(cfg, s, {}); }

Shape fitted_shape(const ModelConfig& cfg, const ClusterState& s, std::span<const ClusterState* const> also) {
  Shape sh;
  sh.claim_templates = static_cast<int>(cfg.controller.claim_templates.size());
  sh.templates = static_cast<int>(cfg.controller.templates.size());
  auto& os = sh.slot_ordinals;
  std::size_t refs = 0;
  mentioned_ordinals(cfg, s, os, refs);
  for (const ClusterState* other : also)
    if (other) mentioned_ordinals(cfg, *other, os, refs);
  std::sort(os.begin(), os.end());
  os.erase(std::unique(os.begin(), os.end()), os.end());
  // Every entry point refuses what would reach past int32 (model::Setup::check_ordinals, the
  // model's own edits), so a slot's ordinal always fits spec::Ordinal.
  STSMC_CHECK(os.empty() || (os.front() >= std::numeric_limits<spec::Ordinal>::min() &&
                             os.back() <= std::numeric_limits<spec::Ordinal>::max()));
  sh.fitted = true;
  sh.ordinals = static_cast<int>(os.size());
  if (!os.empty() && os.back() - os.front() + 1 == static_cast<std::int64_t>(os.size())) {  // no gaps
    sh.first_ordinal = os.front();
    os.clear();
  }
  // One sync appends at most one reference per call that rewrites a claim's references, and
  // reaches a claim in at most two such calls (create or fix, then update): 4 is ample.
  sh.ref_slots = static_cast<int>(std::max<std::size_t>(4, refs + 4));
  return sh;
}

void set_to_flat(const spec::SetObject& set, FlatState<Concrete>& f) {
  const auto& sp = set.spec;
  const auto& st = set.status;
  f.set_exists = set.exists;
  f.generation = set.generation;
  f.replicas = sp.replicas;
  f.pod_template = sp.pod_template;
  f.strategy_type = e(sp.update_strategy.type);
  f.has_partition = sp.update_strategy.partition.has_value();
  f.partition = sp.update_strategy.partition.value_or(0);
  f.has_max_unavailable = sp.update_strategy.max_unavailable.has_value();
  f.max_unavailable = sp.update_strategy.max_unavailable ? sp.update_strategy.max_unavailable->value : 0;
  f.max_unavailable_percent = sp.update_strategy.max_unavailable && sp.update_strategy.max_unavailable->percent;
  f.when_deleted = e(sp.retention_policy.when_deleted);
  f.when_scaled = e(sp.retention_policy.when_scaled);
  f.has_start = sp.ordinals_start.has_value();
  f.start = sp.ordinals_start.value_or(0);
  f.min_ready_seconds = sp.min_ready_seconds;
  f.observed_generation = st.observed_generation;
  f.status_replicas = st.replicas;
  f.ready_replicas = st.ready_replicas;
  f.current_replicas = st.current_replicas;
  f.updated_replicas = st.updated_replicas;
  f.available_replicas = st.available_replicas;
  f.has_current_revision = st.current_revision.has_value();
  f.current_revision = st.current_revision.value_or(0);
  f.has_update_revision = st.update_revision.has_value();
  f.update_revision = st.update_revision.value_or(0);
  f.has_collision_count = st.collision_count.has_value();
  f.collision_count = st.collision_count.value_or(0);
}

namespace {

// One kind's objects into their slots (which the caller has zeroed), and back.
template <class Pods>
Expected<void> pods_to_flat(const Shape& sh, const Pods& pods, Slots<FlatPod<C>>& out) {
  for (const auto& p : pods) {
    if (sh.slot(p.ordinal) < 0) return misfit("pod ordinal " + std::to_string(p.ordinal) + " outside the slots");
    auto& q = out[static_cast<std::size_t>(sh.slot(p.ordinal))];
    if (q.exists) return misfit("two pods with ordinal " + std::to_string(p.ordinal));
    q = to_flat(p);
  }
  return {};
}

template <class Claims>
Expected<void> claims_to_flat(const Shape& sh, const Claims& pvcs, Slots<FlatClaim<C>>& out) {
  for (const auto& c : pvcs) {
    if (sh.slot(c.ordinal) < 0 || c.claim_template >= sh.claim_templates)
      return misfit("claim of ordinal " + std::to_string(c.ordinal) + " outside the slots");
    auto& q = out[static_cast<std::size_t>(sh.claim_index(c.claim_template, sh.slot(c.ordinal)))];
    if (q.exists) return misfit("two claims for one slot");
    if (c.owners.size() > q.refs.size()) return misfit("more owner references than slots");
    q.exists = true;
    q.uid = c.uid;
    q.bound = c.bound;
    q.terminating = c.terminating;
    for (std::size_t i = 0; i < c.owners.size(); ++i) {
      const auto& r = c.owners[i];
      auto& fr = q.refs[i];
      fr.used = true;
      fr.pod = r.kind == spec::OwnerKind::kPod;
      if (fr.pod) {
        if (r.ordinal != c.ordinal) return misfit("a pod reference naming another ordinal");
        fr.uid = r.uid;
      } else if (r.uid != spec::kSetUid || r.ordinal != 0) {
        return misfit("a set reference with another UID");
      }
    }
  }
  return {};
}

template <class Revisions>
Expected<void> revisions_to_flat(const Shape& sh, const Revisions& revisions, Slots<FlatRevision<C>>& out) {
  for (const auto& r : revisions) {
    if (r.pod_template >= sh.templates) return misfit("revision of an unknown template");
    auto& q = out[r.pod_template];
    q.exists = true;
    q.number = r.number;
  }
  return {};
}

template <class Pods>
void pods_from_flat(const Shape& sh, const Slots<FlatPod<C>>& in, Pods& pods) {
  pods.clear();
  for (int i = 0; i < sh.ordinals; ++i) {
    const auto& q = in[static_cast<std::size_t>(i)];
    if (!q.exists) continue;
    spec::Pod p{};
    p.ordinal = static_cast<spec::Ordinal>(sh.ordinal(i));
    from_flat(q, p);
    pods.push_back(p);
  }
}

template <class Claims>
void claims_from_flat(const Shape& sh, const Slots<FlatClaim<C>>& in, Claims& pvcs) {
  pvcs.clear();
  for (int t = 0; t < sh.claim_templates; ++t)
    for (int slot = 0; slot < sh.ordinals; ++slot) {
      const auto& q = in[static_cast<std::size_t>(sh.claim_index(t, slot))];
      if (!q.exists) continue;
      spec::Pvc& c = pvcs.emplace_back();
      c.claim_template = static_cast<std::uint8_t>(t);
      c.ordinal = static_cast<spec::Ordinal>(sh.ordinal(slot));
      from_flat(q, c);
    }
}

template <class Revisions>
void revisions_from_flat(const Shape& sh, const Slots<FlatRevision<C>>& in, Revisions& revisions) {
  revisions.clear();
  Slots<std::pair<std::int64_t, spec::TemplateId>> revs;
  for (int t = 0; t < sh.templates; ++t)
    if (in[static_cast<std::size_t>(t)].exists)
      revs.emplace_back(in[static_cast<std::size_t>(t)].number, static_cast<spec::TemplateId>(t));
  std::sort(revs.begin(), revs.end());
  for (const auto& [n, t] : revs) revisions.push_back(spec::Revision{n, t});
}

// The lagging listers of s.caches (model::Caches) in FlatListers' form: a kind lags when it has
// undelivered versions; its lister serves the first. With a lag of at most one write, a second
// version can only be the API state's objects (model::advance_caches pushes a version only when
// the objects change, and drops the oldest past the lag): that one is implied, so not kept.
Expected<void> listers_to_flat(const Shape& sh, const ClusterState& s, FlatState<C>& f) {
  if (!sh.listers) {
    f.listers.reset();
    return {};
  }
  f.listers.emplace(C{}, sh);
  auto& l = *f.listers;
  const auto kind = [&](const auto& pending, const auto& objects, bool& lag, auto&& to) -> Expected<void> {
    if (pending.empty()) return {};
    if (pending.size() > 2 || (pending.size() == 2 && !(pending.back() == objects)))
      return misfit("a lister more than one write behind (the symbolic step models a lag of one)");
    lag = true;
    return to(pending.front());
  };
  if (auto r = kind(s.caches.pods, s.api.pods, l.pods_lag, [&](const auto& v) { return pods_to_flat(sh, v, l.pods); }); !r)
    return r;
  if (auto r = kind(s.caches.claims, s.api.pvcs, l.claims_lag,
                    [&](const auto& v) { return claims_to_flat(sh, v, l.claims); });
      !r)
    return r;
  if (auto r = kind(s.caches.revisions, s.api.revisions, l.revisions_lag,
                    [&](const auto& v) { return revisions_to_flat(sh, v, l.revisions); });
      !r)
    return r;
  FlatState<C> set_only(C{}, Shape{});
  return kind(s.caches.set, s.api.set, l.set_lag, [&](const spec::SetObject& v) -> Expected<void> {
    set_to_flat(v, set_only);
    l.set = set_only.set();
    return {};
  });
}

void listers_from_flat(const Shape& sh, const FlatState<C>& f, ClusterState& s) {
  if (!sh.listers || !f.listers) return;
  const auto& l = *f.listers;
  s.caches = Caches{};
  if (l.pods_lag) pods_from_flat(sh, l.pods, s.caches.pods.emplace_back());
  if (l.claims_lag) claims_from_flat(sh, l.claims, s.caches.claims.emplace_back());
  if (l.revisions_lag) revisions_from_flat(sh, l.revisions, s.caches.revisions.emplace_back());
  if (l.set_lag) {
    FlatState<C> set_only(C{}, Shape{});
    set_only.set() = l.set;
    set_from_flat(set_only, s.caches.set.emplace_back());
  }
}

}  // namespace

Expected<FlatState<Concrete>> to_flat(const Shape& sh, const ClusterState& s) {
  FlatState<C> f(C{}, Shape{});
  if (auto ok = to_flat(sh, s, f); !ok) return ok.error();
  return f;
}

Expected<void> to_flat(const Shape& sh, const ClusterState& s, FlatState<Concrete>& f) {
  const C d;
  // Every slot back to its initial value (the set's fields are all written below): assign
  // reuses f's storage, so a buffer kept across calls costs no allocation and no copy of its
  // inline storage.
  f.budgets.assign(FlatState<C>::kBudgetCount, 0);
  f.pods.assign(static_cast<std::size_t>(sh.ordinals), FlatPod<C>(d));
  f.claims.assign(static_cast<std::size_t>(sh.claims()), FlatClaim<C>(d, sh.ref_slots));
  f.revisions.assign(static_cast<std::size_t>(sh.templates), FlatRevision<C>(d));
  f.pod_uid_counters.assign(static_cast<std::size_t>(sh.ordinals), 0);
  f.claim_uid_counters.assign(static_cast<std::size_t>(sh.claims()), 0);
  set_to_flat(s.api.set, f);
  for (std::size_t i = 0; i < f.budgets.size(); ++i) f.budgets[i] = budget_at(s.budgets, i);

  if (auto r = pods_to_flat(sh, s.api.pods, f.pods); !r) return r;
  if (auto r = claims_to_flat(sh, s.api.pvcs, f.claims); !r) return r;
  if (auto r = revisions_to_flat(sh, s.api.revisions, f.revisions); !r) return r;
  if (auto r = listers_to_flat(sh, s, f); !r) return r;
  const auto slot = [&](spec::Ordinal o) { return sh.slot(o) >= 0; };
  const auto at = [&](spec::Ordinal o) { return static_cast<std::size_t>(sh.slot(o)); };
  for (const auto& [o, n] : s.api.pod_uids) {
    if (!slot(o)) return misfit("pod uid counter outside the slots");
    f.pod_uid_counters[at(o)] = n;
  }
  for (const auto& [k, n] : s.api.pvc_uids) {
    if (!slot(k.second) || k.first >= sh.claim_templates) return misfit("claim uid counter outside the slots");
    f.claim_uid_counters[static_cast<std::size_t>(sh.claim_index(k.first, sh.slot(k.second)))] = n;
  }
  return {};
}

ClusterState from_flat(const Shape& sh, const FlatState<Concrete>& f) {
  ClusterState s{};
  from_flat(sh, f, s);
  return s;
}

void set_from_flat(const FlatState<Concrete>& f, spec::SetObject& set) {
  set = spec::SetObject{};
  auto& sp = set.spec;
  auto& st = set.status;
  set.exists = f.set_exists;
  set.generation = f.generation;
  sp.replicas = static_cast<std::int32_t>(f.replicas);
  sp.pod_template = static_cast<spec::TemplateId>(f.pod_template);
  sp.update_strategy.type = static_cast<spec::UpdateStrategyType>(f.strategy_type);
  if (f.has_partition) sp.update_strategy.partition = static_cast<std::int32_t>(f.partition);
  if (f.has_max_unavailable)
    sp.update_strategy.max_unavailable = spec::IntOrPercent{static_cast<std::int32_t>(f.max_unavailable), f.max_unavailable_percent};
  sp.retention_policy.when_deleted = static_cast<spec::RetentionPolicyType>(f.when_deleted);
  sp.retention_policy.when_scaled = static_cast<spec::RetentionPolicyType>(f.when_scaled);
  if (f.has_start) sp.ordinals_start = static_cast<std::int32_t>(f.start);
  sp.min_ready_seconds = static_cast<std::int32_t>(f.min_ready_seconds);
  st.observed_generation = f.observed_generation;
  st.replicas = static_cast<std::int32_t>(f.status_replicas);
  st.ready_replicas = static_cast<std::int32_t>(f.ready_replicas);
  st.current_replicas = static_cast<std::int32_t>(f.current_replicas);
  st.updated_replicas = static_cast<std::int32_t>(f.updated_replicas);
  st.available_replicas = static_cast<std::int32_t>(f.available_replicas);
  if (f.has_current_revision) st.current_revision = static_cast<spec::TemplateId>(f.current_revision);
  if (f.has_update_revision) st.update_revision = static_cast<spec::TemplateId>(f.update_revision);
  if (f.has_collision_count) st.collision_count = static_cast<std::int32_t>(f.collision_count);
}

void from_flat(const Shape& sh, const FlatState<Concrete>& f, ClusterState& s) {
  // Written over `s` in place: its vectors keep their capacity and its counter maps their nodes,
  // so a sync on a state allocates only for objects it creates.
  set_from_flat(f, s.api.set);
  for (std::size_t i = 0; i < f.budgets.size(); ++i) budget_at(s.budgets, i) = static_cast<std::uint8_t>(f.budgets[i]);

  // A counter map holds exactly the slots with a nonzero counter (ordinals outside the slots
  // are dropped: a state's own fitted shape has a slot for each of its counters).
  const auto counters = [](auto& map, const auto& key, std::int64_t n) {
    if (n) map.insert_or_assign(key, static_cast<std::uint32_t>(n));
    else map.erase(key);
  };
  const auto in_slots = [&](spec::Ordinal o) { return sh.slot(o) >= 0; };
  const auto erase_if = [](auto& map, auto&& drop) {
    for (auto it = map.begin(); it != map.end();) it = drop(*it) ? map.erase(it) : std::next(it);
  };
  erase_if(s.api.pod_uids, [&](const auto& kv) { return !in_slots(kv.first); });
  erase_if(s.api.pvc_uids, [&](const auto& kv) {
    return !in_slots(kv.first.second) || kv.first.first >= sh.claim_templates;
  });
  s.api.pods.clear();
  for (int i = 0; i < sh.ordinals; ++i) {
    const auto& q = f.pods[static_cast<std::size_t>(i)];
    const auto o = static_cast<spec::Ordinal>(sh.ordinal(i));
    if (q.exists) {
      spec::Pod p{};
      p.ordinal = o;
      from_flat(q, p);
      s.api.pods.push_back(p);
    }
    counters(s.api.pod_uids, o, f.pod_uid_counters[static_cast<std::size_t>(i)]);
  }
  std::size_t k = 0;  // claims written so far (each reuses the storage of the claim it replaces)
  for (int t = 0; t < sh.claim_templates; ++t)
    for (int slot = 0; slot < sh.ordinals; ++slot) {
      const auto i = static_cast<std::size_t>(sh.claim_index(t, slot));
      const auto& q = f.claims[i];
      const auto o = static_cast<spec::Ordinal>(sh.ordinal(slot));
      const auto key = std::pair{static_cast<std::uint8_t>(t), o};
      counters(s.api.pvc_uids, key, f.claim_uid_counters[i]);
      if (!q.exists) continue;
      if (k == s.api.pvcs.size()) s.api.pvcs.emplace_back();
      spec::Pvc& c = s.api.pvcs[k++];
      c.claim_template = key.first;
      c.ordinal = o;
      from_flat(q, c);
    }
  s.api.pvcs.resize(k);
  s.api.revisions.clear();
  Slots<std::pair<std::int64_t, spec::TemplateId>> revs;
  for (int t = 0; t < sh.templates; ++t)
    if (f.revisions[static_cast<std::size_t>(t)].exists)
      revs.emplace_back(f.revisions[static_cast<std::size_t>(t)].number, static_cast<spec::TemplateId>(t));
  std::sort(revs.begin(), revs.end());
  for (const auto& [n, t] : revs) s.api.revisions.push_back(spec::Revision{n, t});
  listers_from_flat(sh, f, s);
}

FlatAction<Concrete> to_flat(const Action& a) {
  FlatAction<C> f{C{}};
  f.kind = static_cast<std::int64_t>(a.index());
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, PodAvailable>) { f.a = x.pod; f.b = x.seconds; }
        else if constexpr (std::is_same_v<T, PvcBound> || std::is_same_v<T, DeletePvc> || std::is_same_v<T, OrphanPvc>) { f.a = x.claim_template; f.b = x.ordinal; }
        else if constexpr (std::is_same_v<T, GcDelete>) { f.a = e(x.kind); f.b = x.ordinal; f.c = x.claim_template; }
        else if constexpr (std::is_same_v<T, Scale>) f.a = x.replicas;
        else if constexpr (std::is_same_v<T, UpdateTemplate>) f.a = x.pod_template;
        else if constexpr (std::is_same_v<T, SetPartition>) f.a = x.partition;
        else if constexpr (std::is_same_v<T, SetMaxUnavailable>) { f.a = x.max_unavailable.value; f.b = x.max_unavailable.percent; }
        else if constexpr (std::is_same_v<T, SetUpdateStrategy>) f.a = e(x.type);
        else if constexpr (std::is_same_v<T, SetRetentionPolicy>) { f.a = e(x.policy.when_deleted); f.b = e(x.policy.when_scaled); }
        else if constexpr (std::is_same_v<T, SetStartOrdinal>) { f.a = x.start.has_value(); f.b = x.start.value_or(0); }
        else if constexpr (std::is_same_v<T, SetMinReadySeconds>) f.a = x.seconds;
        else if constexpr (std::is_same_v<T, DeletePod>) { f.a = x.pod; f.b = x.force; }
        else if constexpr (std::is_same_v<T, LabelPod>) { f.a = x.pod; f.b = x.matching; }
        else if constexpr (std::is_same_v<T, DeleteStatefulSet>) f.a = x.orphan;
        else if constexpr (std::is_same_v<T, WriteError>) { f.a = x.attempt; f.b = e(x.error); }
        else if constexpr (std::is_same_v<T, InformerLag> || std::is_same_v<T, InformerSync>) f.a = e(x.kind);
        else if constexpr (requires { x.pod; }) f.a = x.pod;
      },
      a);
  return f;
}

namespace {
template <std::size_t I = 0>
Expected<Action> build(const FlatAction<Concrete>& f) {
  if constexpr (I < std::variant_size_v<Action>) {
    if (f.kind != static_cast<std::int64_t>(I)) return build<I + 1>(f);
    using T = std::variant_alternative_t<I, Action>;
    T x{};
    const auto i32 = [](std::int64_t v) { return static_cast<std::int32_t>(v); };
    if constexpr (std::is_same_v<T, PodAvailable>) { x.pod = i32(f.a); x.seconds = static_cast<std::uint32_t>(f.b); }
    else if constexpr (std::is_same_v<T, PvcBound> || std::is_same_v<T, DeletePvc> || std::is_same_v<T, OrphanPvc>) { x.claim_template = static_cast<std::uint8_t>(f.a); x.ordinal = i32(f.b); }
    else if constexpr (std::is_same_v<T, GcDelete>) { x.kind = static_cast<Dependent>(f.a); x.ordinal = i32(f.b); x.claim_template = static_cast<std::uint8_t>(f.c); }
    else if constexpr (std::is_same_v<T, Scale>) x.replicas = i32(f.a);
    else if constexpr (std::is_same_v<T, UpdateTemplate>) x.pod_template = static_cast<spec::TemplateId>(f.a);
    else if constexpr (std::is_same_v<T, SetPartition>) x.partition = i32(f.a);
    else if constexpr (std::is_same_v<T, SetMaxUnavailable>) x.max_unavailable = spec::IntOrPercent{i32(f.a), f.b != 0};
    else if constexpr (std::is_same_v<T, SetUpdateStrategy>) x.type = static_cast<spec::UpdateStrategyType>(f.a);
    else if constexpr (std::is_same_v<T, SetRetentionPolicy>) x.policy = spec::RetentionPolicy{static_cast<spec::RetentionPolicyType>(f.a), static_cast<spec::RetentionPolicyType>(f.b)};
    else if constexpr (std::is_same_v<T, SetStartOrdinal>) { if (f.a) x.start = i32(f.b); }
    else if constexpr (std::is_same_v<T, SetMinReadySeconds>) x.seconds = i32(f.a);
    else if constexpr (std::is_same_v<T, DeletePod>) { x.pod = i32(f.a); x.force = f.b != 0; }
    else if constexpr (std::is_same_v<T, LabelPod>) { x.pod = i32(f.a); x.matching = f.b != 0; }
    else if constexpr (std::is_same_v<T, DeleteStatefulSet>) x.orphan = f.a != 0;
    else if constexpr (std::is_same_v<T, WriteError>) { x.attempt = static_cast<std::uint8_t>(f.a); x.error = static_cast<spec::ApiCode>(f.b); }
    else if constexpr (std::is_same_v<T, InformerLag> || std::is_same_v<T, InformerSync>) x.kind = static_cast<ListerKind>(f.a);
    else if constexpr (requires { x.pod; }) x.pod = i32(f.a);
    return Action{x};
  } else {
    return Error{ErrorCode::kInternal, "flat action: unknown kind " + std::to_string(f.kind)};
  }
}
}  // namespace

Expected<Action> from_flat(const FlatAction<Concrete>& a) { return build(a); }

}  // namespace stsmc::model::rules
