// The step written over value domains is the explicit model's step: on every state the explorer
// reaches (breadth-first, plus seeded random walks for deeper states) and for every candidate
// action (every kind, every argument value in and just outside the ranges, enabled or not), the
// concrete step agrees with StatefulSetModel::actions + next_state; the Z3 encoding of the same
// template gives the same successor; well_formed holds on every reachable state, also under the
// mutants, and action_well_formed on every enabled action.
//
// Reconcile goes through reconcile<D> (model/rules/sync.h, tested rule by rule in
// sync_test.cpp); here it is one more action kind whose successor and event flag must be the
// explicit model's.
#include "model/symbolic/domain_facts.h"
#include "model/rules/transition.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <random>
#include <sstream>

#include "model/symbolic/z3_domain.h"
#include "model/testing/worlds.h"
#include "spec/mutants.h"

namespace stsmc::model::symbolic {
namespace {

using C = Concrete;

// How much each test covers: about 20 s for the concrete comparison and 35 s for the Z3 one in
// an optimised build (about 1,100 pairs at 20 ms a check; every 60th state took 57 s); far less
// under the sanitizers (same assertions, fewer states; the Z3 checks, uninstrumented, cost the
// same there, so that test samples four times fewer).
#ifdef STSMC_SANITIZE
constexpr std::size_t kBreadthFirst = 100, kOwnerListStates = 1, kOwnerListStride = 5, kMutantBreadthFirst = 100,
                      kZ3BreadthFirst = 100;
constexpr int kWalks = 4, kDepth = 60, kMutantWalks = 2, kZ3Stride = 240;
#else
constexpr std::size_t kBreadthFirst = 2000, kOwnerListStates = 3, kOwnerListStride = 1, kMutantBreadthFirst = 1000,
                      kZ3BreadthFirst = 400;
constexpr int kWalks = 40, kDepth = 80, kMutantWalks = 10, kZ3Stride = 120;
#endif

/// The default bounds with a budget for every user and fault kind and a broken template.
Bounds wide_bounds(const StatefulSetModel& base) {
  Bounds b = base.config().bounds;
  b.broken_template = true;
  auto& g = b.budgets;
  g.set_partition = 1;
  g.set_max_unavailable = 1;
  g.set_update_strategy = 1;
  g.set_retention_policy = 1;
  g.set_start_ordinal = 1;
  g.pod_unready = 1;
  g.pod_succeeded = 1;
  g.node_lost = 1;
  g.delete_statefulset = 1;
  g.write_error = 1;
  g.delete_pvc = 1;
  g.orphan_pod = 1;
  g.label_pod = 1;
  g.orphan_pvc = 1;
  return b;
}

/// `m` with pods created unbound (auto_schedule off), so that the scheduler's PodAssigned and
/// the deletion of never-bound pods happen (the checking model binds pods at creation).
StatefulSetModel unscheduled(const StatefulSetModel& m) {
  ModelConfig cfg = m.config();
  cfg.controller.auto_schedule = false;
  return StatefulSetModel(std::move(cfg));
}

/// The configurations compared per example: default bounds, wide bounds, wide bounds with
/// unbound pods.
std::vector<std::pair<std::string, StatefulSetModel>> configurations(const std::string& name,
                                                                     const std::string& mutant = "") {
  const auto base = testing::example_model(name, mutant);
  auto wide = testing::example_model(name, mutant, wide_bounds(base));
  std::vector<std::pair<std::string, StatefulSetModel>> out;
  out.emplace_back(name, base);
  out.emplace_back(name + " (wide)", wide);
  out.emplace_back(name + " (wide, unbound pods)", unscheduled(wide));
  // Stale reads: two lags (so two kinds can lag at once) of one write, and a restart.
  Bounds stale = wide_bounds(base);
  stale.budgets.informer_lag = 2;
  stale.budgets.controller_restart = 1;
  stale.cache_lag = 1;
  out.emplace_back(name + " (wide, stale reads)", testing::example_model(name, mutant, stale));
  return out;
}

/// The explicit model's successor for `a` (if enabled) and whether the sync recorded an event.
struct ModelStep {
  std::optional<ClusterState> next;
  bool events = false;
};
ModelStep expected(const StatefulSetModel& m, const ClusterState& s, const std::vector<Action>& enabled,
                    const Action& a) {
  ModelStep e;
  if (std::find(enabled.begin(), enabled.end(), a) == enabled.end()) return e;
  e.next = m.next_state(s, a);
  if (e.next && is_sync(a)) {
    ClusterState again = s;
    StepLog log;
    EXPECT_TRUE(apply_action(m.config(), again, a, &log).has_value());
    if (std::holds_alternative<Reconcile>(a)) {  // a WriteError also spends its budget
      EXPECT_EQ(again, *e.next);
    }
    e.events = !log.sync.events.empty();
  }
  return e;
}

/// The flat action of kind k with arguments a, b, c.
FlatAction<C> flat_action(std::int64_t k, std::int64_t a, std::int64_t b = 0, std::int64_t c = 0) {
  FlatAction<C> f{C{}};
  f.kind = k;
  f.a = a;
  f.b = b;
  f.c = c;
  return f;
}

/// Every action kind with every argument value in its range and one past each end.
std::vector<FlatAction<C>> candidates(const ModelConfig& cfg, const Shape& sh) {
  std::vector<FlatAction<C>> out;
  const auto add = [&](std::int64_t k, std::int64_t a, std::int64_t b = 0, std::int64_t c = 0) {
    out.push_back(flat_action(k, a, b, c));
  };
  const int O = sh.ordinals, CT = sh.claim_templates, T = static_cast<int>(cfg.controller.templates.size());
  const int R = cfg.bounds.max_replicas, mrs = cfg.initial_spec.min_ready_seconds;
  add(kind_of<Reconcile>, 0);
  for (std::int64_t k : {kind_of<PodAssigned>, kind_of<PodScheduled>, kind_of<PodReady>, kind_of<PodUnready>,
                         kind_of<PodFailed>, kind_of<PodSucceeded>, kind_of<TerminationFinished>, kind_of<NodeLost>})
    for (int o = -1; o <= O; ++o) add(k, o);
  for (int o = -1; o <= O; ++o)
    for (int s = 0; s <= mrs + 1; ++s) add(kind_of<PodAvailable>, o, s);
  for (int t = 0; t <= CT; ++t)
    for (int o = -1; o <= O; ++o) add(kind_of<PvcBound>, t, o);
  for (int o = -1; o <= O; ++o) {
    add(kind_of<GcDelete>, 0, o, 0);
    add(kind_of<GcDelete>, 0, o, 1);
    for (int t = 0; t <= CT; ++t) add(kind_of<GcDelete>, 1, o, t);
  }
  for (int r = -1; r <= R + 1; ++r) add(kind_of<Scale>, r);
  for (int t = 0; t <= T; ++t) add(kind_of<UpdateTemplate>, t);
  for (int p = -1; p <= R + 1; ++p) add(kind_of<SetPartition>, p);
  for (int m = 0; m <= 3; ++m)
    for (int pct = 0; pct <= 1; ++pct) add(kind_of<SetMaxUnavailable>, m, pct);
  for (int t = 0; t <= 1; ++t) add(kind_of<SetUpdateStrategy>, t);
  for (int wd = 0; wd <= 1; ++wd)
    for (int ws = 0; ws <= 1; ++ws) add(kind_of<SetRetentionPolicy>, wd, ws);
  for (int has = 0; has <= 1; ++has)
    for (int st = -1; st <= 2; ++st) add(kind_of<SetStartOrdinal>, has, st);
  for (int m = 0; m <= mrs + 1; ++m) add(kind_of<SetMinReadySeconds>, m);
  for (int o = -1; o <= O; ++o)
    for (int f = 0; f <= 1; ++f) add(kind_of<DeletePod>, o, f);
  for (int orphan = 0; orphan <= 1; ++orphan) add(kind_of<DeleteStatefulSet>, orphan);
  for (int t = 0; t <= CT; ++t)
    for (int o = -1; o <= O; ++o) {
      add(kind_of<DeletePvc>, t, o);
      add(kind_of<OrphanPvc>, t, o);
    }
  for (int o = -1; o <= O; ++o) {
    add(kind_of<OrphanPod>, o);
    for (int m = 0; m <= 2; ++m) add(kind_of<LabelPod>, o, m);
  }
  for (int k = -1; k <= static_cast<int>(kListerKinds.size()); ++k) {
    add(kind_of<InformerLag>, k);
    add(kind_of<InformerSync>, k);
  }
  add(kind_of<ControllerRestart>, 0);
  return out;
}

/// The write errors for a sync that makes `attempts` write attempts: attempt 0, each attempt and
/// one past, each with an error a write can get and one no write can.
void add_write_errors(std::vector<FlatAction<C>>& out, std::size_t attempts) {
  for (std::size_t n = 0; n <= attempts + 1; ++n)
    for (const auto code : {spec::ApiCode::kInternal, spec::ApiCode::kConflict, spec::ApiCode::kNotFound})
      out.push_back(flat_action(kind_of<WriteError>, static_cast<std::int64_t>(n), static_cast<std::int64_t>(code)));
}

bool same(const FlatRef<C>& x, const FlatRef<C>& y) { return x.used == y.used && x.pod == y.pod && x.uid == y.uid; }
bool same(const FlatPod<C>& x, const FlatPod<C>& y) {
  return x.exists == y.exists && x.uid == y.uid && x.phase == y.phase && x.ready == y.ready &&
         x.ready_seconds == y.ready_seconds && x.terminating == y.terminating && x.revision == y.revision &&
         x.node_bound == y.node_bound && x.controlled == y.controlled && x.node_lost == y.node_lost &&
         x.identity == y.identity;
}
bool same(const FlatClaim<C>& x, const FlatClaim<C>& y) {
  if (!(x.exists == y.exists && x.uid == y.uid && x.bound == y.bound && x.terminating == y.terminating)) return false;
  return std::equal(x.refs.begin(), x.refs.end(), y.refs.begin(), y.refs.end(),
                    [](const auto& p, const auto& q) { return same(p, q); });
}
bool same(const FlatRevision<C>& x, const FlatRevision<C>& y) { return x.exists == y.exists && x.number == y.number; }
template <class V>
bool same_all(const V& x, const V& y) {
  return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](const auto& p, const auto& q) { return same(p, q); });
}
/// Field-by-field equality of flat states, without building field names.
bool same(const FlatState<C>& x, const FlatState<C>& y) {
  const auto scalars = [](const FlatSet<C>& f) {
    return std::tuple(f.set_exists, f.generation, f.replicas, f.pod_template, f.strategy_type, f.has_partition,
                      f.partition, f.has_max_unavailable, f.max_unavailable, f.max_unavailable_percent,
                      f.when_deleted, f.when_scaled, f.has_start, f.start, f.min_ready_seconds,
                      f.observed_generation, f.status_replicas, f.ready_replicas, f.current_replicas,
                      f.updated_replicas, f.available_replicas, f.has_current_revision, f.current_revision,
                      f.has_update_revision, f.update_revision, f.has_collision_count, f.collision_count);
  };
  const auto same_listers = [&](const FlatListers<C>& l, const FlatListers<C>& m) {
    return l.pods_lag == m.pods_lag && l.claims_lag == m.claims_lag && l.revisions_lag == m.revisions_lag &&
           l.set_lag == m.set_lag && same_all(l.pods, m.pods) && same_all(l.claims, m.claims) &&
           same_all(l.revisions, m.revisions) && scalars(l.set) == scalars(m.set);
  };
  return scalars(x) == scalars(y) && x.budgets == y.budgets && same_all(x.pods, y.pods) &&
         same_all(x.claims, y.claims) && same_all(x.revisions, y.revisions) &&
         x.pod_uid_counters == y.pod_uid_counters && x.claim_uid_counters == y.claim_uid_counters &&
         x.listers.has_value() == y.listers.has_value() && (!x.listers || same_listers(*x.listers, *y.listers));
}

/// The fields where two flat states differ, "name: got vs want".
std::string diff(FlatState<C> got, FlatState<C> want) {
  std::vector<std::pair<std::string, std::int64_t>> g, w;
  got.fields([&](const char* n, auto& v) { g.emplace_back(n, static_cast<std::int64_t>(v)); });
  want.fields([&](const char* n, auto& v) { w.emplace_back(n, static_cast<std::int64_t>(v)); });
  std::ostringstream out;
  for (std::size_t i = 0; i < g.size(); ++i)
    if (g[i].second != w[i].second) out << "  " << g[i].first << ": " << g[i].second << " vs " << w[i].second << "\n";
  return out.str();
}

std::string show(const FlatAction<C>& a) {
  std::ostringstream out;
  out << "{kind " << a.kind << " a " << a.a << " b " << a.b << " c " << a.c << "}";
  if (auto act = from_flat(a)) out << " = " << action_to_json(*act).dump();
  return out.str();
}

/// Seeded random walks from the initial state: `walks` walks of up to `depth` steps. Every
/// other walk takes a user or fault action only one time in ten (when a quiet one is enabled),
/// so that pods get far (ready, available) before the budgets are spent.
std::vector<ClusterState> random_states(const StatefulSetModel& m, int walks, int depth, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<ClusterState> out;
  std::vector<Action> actions, quiet;
  for (int w = 0; w < walks; ++w) {
    ClusterState s = m.init_states().front();
    for (int i = 0; i < depth; ++i) {
      actions.clear();
      m.actions(s, actions);
      quiet.clear();
      for (const auto& a : actions)
        if (m.is_quiet(a)) quiet.push_back(a);
      const bool calm = w % 2 == 1 && !quiet.empty() && std::uniform_int_distribution<int>(0, 9)(rng) != 0;
      const auto& pool = calm ? quiet : actions;
      if (pool.empty()) break;
      auto n = m.next_state(s, pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)]);
      if (!n) continue;
      s = std::move(*n);
      out.push_back(s);
    }
  }
  return out;
}

/// What one configuration's comparison covered.
struct Coverage {
  std::size_t states = 0, compared = 0, enabled = 0;
  std::array<std::size_t, std::variant_size_v<Action>> by_kind{};
  std::size_t gc_claim_removed = 0, gc_claim_terminating = 0, gc_refs_compacted = 0, orphaned_refs = 0;
  std::size_t sync_events = 0, overflows = 0;
  void add(const Coverage& o) {
    sync_events += o.sync_events;
    overflows += o.overflows;
    states += o.states;
    compared += o.compared;
    enabled += o.enabled;
    for (std::size_t i = 0; i < by_kind.size(); ++i) by_kind[i] += o.by_kind[i];
    gc_claim_removed += o.gc_claim_removed;
    gc_claim_terminating += o.gc_claim_terminating;
    gc_refs_compacted += o.gc_refs_compacted;
    orphaned_refs += o.orphaned_refs;
  }
};

std::size_t used_refs(const FlatClaim<C>& c) {
  return static_cast<std::size_t>(std::count_if(c.refs.begin(), c.refs.end(), [](const auto& r) { return r.used; }));
}

/// Every domain fact meant to hold on the reachable states of this configuration: all of them,
/// but under stale reads not "each number once" (a revision lister that lags has the controller
/// number a new revision after the ones it lists, so two can share a number; the engines prove
/// each fact inductive before they assume it, so none is taken on trust).
bool holds_on_reachable(const C& d, const ModelConfig& cfg, const Shape& sh, const FlatState<C>& s) {
  for (const auto& f : domain_facts(d, cfg, sh, s))
    if (!f.holds && !(sh.listers && f.name == "revisions: each number once")) return false;
  return true;
}

/// Compares the concrete step with the explicit model on `states` for every candidate action.
/// A sync that overflows the shape (possible only on synthetic states: a claim with every ref
/// slot used and one more ref to append) is counted, not compared: its successor does not fit.
Coverage compare(const std::string& label, const StatefulSetModel& m, const std::vector<ClusterState>& states,
                 bool reachable = true) {
  Coverage cov;
  const auto& cfg = m.config();
  const Shape sh = shape_of(cfg);
  const C d;
  const auto cands = candidates(cfg, sh);
  std::vector<FlatAction<C>> here;  // cands and the write errors of one state
  std::vector<Action> actions;
  int failures = 0;
  for (const auto& s : states) {
    auto fs = to_flat(sh, s);
    EXPECT_TRUE(fs.has_value()) << label << ": " << fs.error().message;
    if (!fs) return cov;
    ++cov.states;
    if (reachable) {
      EXPECT_TRUE(holds_on_reachable(d, cfg, sh, *fs)) << label << ": not well formed:\n" << to_json(s).dump();
    }
    actions.clear();
    m.actions(s, actions);
    std::size_t expected_enabled = 0;  // distinct enabled actions of the model
    {
      std::vector<Action> distinct;
      for (const auto& act : actions)
        if (std::find(distinct.begin(), distinct.end(), act) == distinct.end() && m.next_state(s, act)) {
          distinct.push_back(act);
        }
      expected_enabled = distinct.size();
    }
    std::size_t enabled_here = 0;
    here = cands;
    if (cfg.budgets.write_error > 0) add_write_errors(here, sync_write_attempts(cfg, s).size());
    for (const auto& fa : here) {
      ++cov.compared;
      const auto act = from_flat(fa);
      EXPECT_TRUE(act.has_value());
      if (!act) continue;
      const auto exp = expected(m, s, actions, *act);
      const auto& want = exp.next;
      bool overflow = false;
      const auto t = transition(d, cfg, sh, *fs, fa, &overflow);
      if (overflow) {
        EXPECT_FALSE(reachable) << label << ": a sync overflows the shape on a reachable state\n" << to_json(s).dump();
        ++cov.overflows;
        // The sync that overflowed is not the model's: it may make fewer write attempts, so a
        // WriteError the model enables may find no attempt of its number. Counted as the model's.
        if (fa.kind == kind_of<WriteError> ? exp.next.has_value() : t.enabled) ++enabled_here;
        continue;
      }
      bool ok = t.enabled == want.has_value() && t.sync_events == exp.events;
      std::string why = t.sync_events == exp.events ? "" : "the event flags differ\n";
      if (ok && want) {
        auto wf = to_flat(sh, *want);
        EXPECT_TRUE(wf.has_value()) << label;
        if (!wf) continue;
        ok = same(t.next, *wf);
        if (!ok) why = diff(t.next, *wf);
      } else if (ok && !same(t.next, *fs)) {
        ok = false;
        why = "a disabled action changed the state:\n" + diff(t.next, *fs);
      }
      if (!ok && failures++ < 5) {
        ADD_FAILURE() << label << ": action " << show(fa) << " enabled " << t.enabled << " (model: " << want.has_value()
                      << ")\n"
                      << why << "state: " << to_json(s).dump()
                      << (want ? "\nmodel's successor: " + to_json(*want).dump() : std::string());
      }
      if (!t.enabled) continue;
      ++enabled_here;
      if (t.sync_events) ++cov.sync_events;
      ++cov.by_kind[static_cast<std::size_t>(fa.kind)];
      EXPECT_TRUE(action_well_formed(d, cfg, sh, fa)) << label << ": " << show(fa);
      if (fa.kind == kind_of<GcDelete> && fa.a == 1) {
        const auto i = static_cast<std::size_t>(sh.claim_index(static_cast<int>(fa.c), static_cast<int>(fa.b)));
        const auto &before = fs->claims[i], &after = t.next.claims[i];
        if (!after.exists) ++cov.gc_claim_removed;
        else if (after.terminating && !before.terminating) ++cov.gc_claim_terminating;
        else if (used_refs(after) < used_refs(before)) ++cov.gc_refs_compacted;
      }
      if (fa.kind == kind_of<DeleteStatefulSet> && fa.a == 1)
        for (std::size_t i = 0; i < fs->claims.size(); ++i)
          if (used_refs(t.next.claims[i]) < used_refs(fs->claims[i])) ++cov.orphaned_refs;
    }
    EXPECT_EQ(enabled_here, expected_enabled) << label << ": the candidates miss an enabled action\n"
                                              << to_json(s).dump();
    cov.enabled += enabled_here;
  }
  return cov;
}

void report(const std::string& label, const Coverage& c, double seconds) {
  std::printf("%-32s %6zu states x %3zu candidates = %9zu compared, %7zu enabled, %.1f s\n", label.c_str(), c.states,
              c.states ? c.compared / c.states : 0, c.compared, c.enabled, seconds);
}


TEST(Transition, ConcreteStepIsTheModelsStepOnEveryCandidateAction) {
  Coverage total;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& name : testing::example_names())
    for (const auto& [label, m] : configurations(name)) {
      const auto start = std::chrono::steady_clock::now();
      auto states = testing::reachable(m, kBreadthFirst);
      const auto deep = random_states(m, kWalks, kDepth, 7);
      states.insert(states.end(), deep.begin(), deep.end());
      const auto cov = compare(label, m, states);
      report(label, cov, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      total.add(cov);
    }
  report("total", total, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  std::printf("enabled by kind:");
  for (std::size_t k = 0; k < total.by_kind.size(); ++k) std::printf(" %zu:%zu", k, total.by_kind[k]);
  std::printf("\ngc: %zu claims removed, %zu marked terminating, %zu dangling-ref removals; %zu orphanings stripped refs\n",
              total.gc_claim_removed, total.gc_claim_terminating, total.gc_refs_compacted, total.orphaned_refs);
  // Every kind the model can enumerate was enabled somewhere.
  for (std::size_t k = 0; k < total.by_kind.size(); ++k) {
    const auto kind = static_cast<std::int64_t>(k);
    // set-min-ready-seconds is never generated; a sync in flight has no symbolic step yet (the
    // encoding refuses a model with its budget: docs/faults.md), and the model offers a restart
    // only with one.
    if (kind == kind_of<SetMinReadySeconds> || kind == kind_of<PartialSync> || kind == kind_of<ControllerRestart>) {
      EXPECT_EQ(total.by_kind[k], 0u);
      continue;
    }
    EXPECT_GT(total.by_kind[k], 0u) << "kind " << k << " never enabled";
  }
  std::printf("%zu syncs recorded events\n", total.sync_events);
  EXPECT_GT(total.sync_events, 0u);
  EXPECT_GT(total.gc_claim_removed, 0u);
  EXPECT_GT(total.gc_claim_terminating, 0u);
  EXPECT_GT(total.orphaned_refs, 0u);
}

/// The owner-reference lists of up to `slots` references over {set, pod with the empty UID, the
/// ordinal's newest pod, an older (dead) pod}.
std::vector<std::vector<spec::OwnerRef>> owner_lists(spec::Ordinal o, std::uint32_t newest, int slots) {
  std::vector<spec::OwnerRef> alphabet = {{spec::OwnerKind::kStatefulSet, 0, spec::kSetUid},
                                          {spec::OwnerKind::kPod, o, 0}};
  if (newest >= 1) alphabet.push_back({spec::OwnerKind::kPod, o, newest});
  if (newest >= 2) alphabet.push_back({spec::OwnerKind::kPod, o, newest - 1});
  std::vector<std::vector<spec::OwnerRef>> out = {{}}, level = {{}};
  for (int n = 1; n <= slots; ++n) {
    std::vector<std::vector<spec::OwnerRef>> next;
    for (const auto& l : level)
      for (const auto& r : alphabet) {
        next.push_back(l);
        next.back().push_back(r);
      }
    out.insert(out.end(), next.begin(), next.end());
    level = std::move(next);
  }
  return out;
}

// The garbage collector's dangling-reference removal and the orphaning's stripping of set
// references compact the reference slots; reachable states seldom carry more than one reference,
// so here every claim of sampled states gets every list of references that fits the slots (live and
// dead pod references, set references, in every order), with the pod present or not.
TEST(Transition, ConcreteStepIsTheModelsStepOnEveryOwnerReferenceList) {
  Coverage total;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& name : testing::example_names()) {
    const auto base = testing::example_model(name);
    const auto m = testing::example_model(name, "", wide_bounds(base));
    std::vector<ClusterState> variants;
    // Walks under the default bounds get far (few user actions to choose from); the variants
    // then get the wide budgets (orphaning needs one).
    const auto states = random_states(base, 8, 40, 13);
    std::vector<std::size_t> with_claims;
    for (std::size_t i = 0; i < states.size(); ++i)
      if (!states[i].api.pvcs.empty()) with_claims.push_back(i);
    for (std::size_t j = 1; j <= kOwnerListStates && !with_claims.empty(); ++j) {
      const auto& s = states[with_claims[with_claims.size() * j / (kOwnerListStates + 1)]];
      const auto& claim = s.api.pvcs[j % s.api.pvcs.size()];
      const spec::Ordinal o = claim.ordinal;
      const auto counter = s.api.pod_uids.count(o) ? s.api.pod_uids.at(o) : 0u;
      const auto lists = owner_lists(o, std::max(counter, 2u), shape_of(m.config()).ref_slots);
      for (std::size_t l = 0; l < lists.size(); l += kOwnerListStride) {
        const auto& owners = lists[l];
        ClusterState v = s;
        v.budgets = m.config().budgets;
        auto* c = v.api.find_pvc(claim.claim_template, o);
        c->owners.assign(owners.begin(), owners.end());
        c->terminating = false;
        variants.push_back(v);
        // And with the pod gone (its references dead), or present when it was not.
        if (v.api.find_pod(o)) {
          spec::erase_if(v.api.pods, [&](const spec::Pod& p) { return p.ordinal == o; });
        } else {
          spec::Pod p{};
          p.ordinal = o;
          p.identity = o;
          p.uid = std::max(counter, 2u);
          p.controlled = true;
          p.node_bound = true;
          v.api.pods.push_back(p);
          std::sort(v.api.pods.begin(), v.api.pods.end(),
                    [](const auto& x, const auto& y) { return x.ordinal < y.ordinal; });
        }
        variants.push_back(std::move(v));
      }
    }
    total.add(compare(name + " (owner lists)", m, variants, /*reachable=*/false));
  }
  report("total (owner lists)", total, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  std::printf("gc: %zu claims removed, %zu marked terminating, %zu dangling-ref removals; %zu orphanings stripped refs\n",
              total.gc_claim_removed, total.gc_claim_terminating, total.gc_refs_compacted, total.orphaned_refs);
  std::printf("%zu syncs skipped: they would append a fifth owner reference (overflow)\n", total.overflows);
  EXPECT_GT(total.gc_refs_compacted, 0u);
  EXPECT_GT(total.orphaned_refs, 0u);
}

TEST(Transition, WellFormedHoldsUnderEveryMutant) {
  const C d;
  std::size_t checked = 0;
  for (const auto& mutant : spec::mutants())
    for (const auto& name : testing::example_names())
      for (const auto& [label, m] : configurations(name, mutant.name)) {
        const Shape sh = shape_of(m.config());
        auto states = testing::reachable(m, kMutantBreadthFirst);
        const auto deep = random_states(m, kMutantWalks, kDepth, 11);
        states.insert(states.end(), deep.begin(), deep.end());
        for (const auto& s : states) {
          auto fs = to_flat(sh, s);
          ASSERT_TRUE(fs.has_value()) << mutant.name << " " << label << ": " << fs.error().message;
          ASSERT_TRUE(holds_on_reachable(d, m.config(), sh, *fs)) << mutant.name << " " << label << ": " << to_json(s).dump();
          ++checked;
        }
      }
  std::printf("well_formed holds on %zu states reachable under the %zu mutants\n", checked, spec::mutants().size());
}

// ---- the Z3 encoding ----------------------------------------------------------------------

/// A flat state whose every field is a fresh constant named after the field.
template <class T>
void fresh(z3::context& ctx, T& f, const std::string& prefix) {
  f.fields([&](const char* n, z3::expr& v) {
    const std::string name = prefix + n;
    v = v.is_bool() ? ctx.bool_const(name.c_str()) : ctx.int_const(name.c_str());
  });
}

/// The constraints "each field of `sym` equals the concrete value".
template <class TS, class TC>
z3::expr equal(z3::context& ctx, TS& sym, TC& con) {
  std::vector<std::int64_t> values;
  con.fields([&](const char*, auto& v) { values.push_back(static_cast<std::int64_t>(v)); });
  z3::expr_vector eqs(ctx);
  std::size_t i = 0;
  sym.fields([&](const char*, z3::expr& v) {
    const auto x = values[i++];
    eqs.push_back(v.is_bool() ? v == ctx.bool_val(x != 0) : v == ctx.int_val(static_cast<int64_t>(x)));
  });
  return z3::mk_and(eqs);
}

TEST(Transition, BudgetIndicesFollowTheBudgetsFields) {
  const std::vector<std::string> keys = budget_keys();
  ASSERT_EQ(keys.size(), FlatState<C>::kBudgetCount);
  const std::vector<std::pair<int, std::string>> named = {
      {budget::kScale, "scale"},
      {budget::kUpdateTemplate, "update-template"},
      {budget::kSetPartition, "set-partition"},
      {budget::kSetMaxUnavailable, "set-max-unavailable"},
      {budget::kSetUpdateStrategy, "set-update-strategy"},
      {budget::kSetRetentionPolicy, "set-retention-policy"},
      {budget::kSetStartOrdinal, "set-start-ordinal"},
      {budget::kDeletePod, "delete-pod"},
      {budget::kDeleteStatefulSet, "delete-statefulset"},
      {budget::kPodFailed, "pod-failed"},
      {budget::kPodSucceeded, "pod-succeeded"},
      {budget::kPodUnready, "pod-unready"},
      {budget::kNodeLost, "node-lost"}};
  for (const auto& [i, key] : named) EXPECT_EQ(keys.at(static_cast<std::size_t>(i)), key);
  // Each budgeted kind spends the budget of its name (the action names are dashed the same way).
  for (std::size_t k = 0; k < std::variant_size_v<Action>; ++k) {
    const int i = transition_detail::budget_of_kind(static_cast<std::int64_t>(k));
    if (i < 0) continue;
    FlatAction<C> fa{C{}};
    fa.kind = static_cast<std::int64_t>(k);
    EXPECT_EQ(std::string(name_of(*from_flat(fa))), keys.at(static_cast<std::size_t>(i)));
  }
}

/// "Each field of `x` equals the same field of `y`".
z3::expr equal_terms(z3::context& ctx, FlatState<Symbolic>& x, FlatState<Symbolic>& y) {
  std::vector<z3::expr> ys;
  y.fields([&](const char*, z3::expr& v) { ys.push_back(v); });
  z3::expr_vector eqs(ctx);
  std::size_t i = 0;
  x.fields([&](const char*, z3::expr& v) { eqs.push_back(v == ys[i++]); });
  return z3::mk_and(eqs);
}

TEST(Transition, Z3EncodingAdmitsExactlyTheModelsSuccessor) {
  std::size_t checked = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& name : testing::example_names())
    for (const auto& [label, model] : configurations(name)) {
      const auto* m = &model;
      const auto& cfg = m->config();
      const Shape sh = shape_of(cfg);
      // Stale reads through Z3 on two examples (OrderedReady with claims; Parallel with
      // auto-delete): their terms are the largest, and the concrete comparison above covers
      // every example with them.
      if (sh.listers && name != "myapp" && name != "cache-autodelete") continue;
      z3::context ctx;
      const Symbolic d{&ctx};
      FlatState<Symbolic> s(d, sh);
      FlatAction<Symbolic> a(d);
      fresh(ctx, s, "s.");
      fresh(ctx, a, "a.");
      z3::expr overflow = d.ff();
      const auto t = transition(d, cfg, sh, s, a, &overflow);
      // What the model says, as constants too: the step's terms are asserted once, each pair
      // only fixes the constants (push/pop around small equalities keeps the big terms).
      FlatState<Symbolic> want(d, sh);
      fresh(ctx, want, "want.");
      const z3::expr want_enabled = ctx.bool_const("want.enabled"), want_events = ctx.bool_const("want.events");
      FlatState<Symbolic> next = t.next;
      const z3::expr agree = ctx.bool_const("agree");
      z3::solver solver(ctx);
      solver.add(agree == (t.enabled == want_enabled && equal_terms(ctx, next, want) && t.sync_events == want_events &&
                           !overflow && well_formed(d, cfg, sh, s) &&
                           z3::implies(want_enabled, action_well_formed(d, cfg, sh, a))));
      auto states = testing::reachable(*m, kZ3BreadthFirst);
      const auto deep = random_states(*m, 4, 60, 3);
      states.insert(states.end(), deep.begin(), deep.end());
      const auto cands = candidates(cfg, sh);
      std::vector<Action> actions;
      std::mt19937 rng(5);
      for (std::size_t i = 0; i < states.size(); i += kZ3Stride) {
        const auto& cs = states[i];
        auto fs = to_flat(sh, cs);
        ASSERT_TRUE(fs.has_value());
        actions.clear();
        m->actions(cs, actions);
        // The enabled actions (of the write errors, one the sync's attempts offer, at random:
        // each is a whole sync through the injection's counter) and a few random candidates.
        std::vector<FlatAction<C>> sample, write_errors;
        for (const auto& act : actions)
          (std::holds_alternative<WriteError>(act) ? write_errors : sample).push_back(to_flat(act));
        if (!write_errors.empty())
          sample.push_back(write_errors[std::uniform_int_distribution<std::size_t>(0, write_errors.size() - 1)(rng)]);
        for (int j = 0; j < 4; ++j)
          sample.push_back(cands[std::uniform_int_distribution<std::size_t>(0, cands.size() - 1)(rng)]);
        for (auto fa : sample) {
          const auto act = from_flat(fa);
          ASSERT_TRUE(act.has_value());
          const auto exp = expected(*m, cs, actions, *act);
          FlatState<C> wn = exp.next ? *to_flat(sh, *exp.next) : *fs;
          solver.push();
          solver.add(equal(ctx, s, *fs));
          solver.add(equal(ctx, a, fa));
          solver.add(equal(ctx, want, wn));
          solver.add(want_enabled == ctx.bool_val(exp.next.has_value()) && want_events == ctx.bool_val(exp.events));
          // Everything the step says for this state and action must be what the model says.
          solver.add(!agree);
          const auto r = solver.check();
          solver.pop();
          ++checked;
          EXPECT_EQ(r, z3::unsat) << label << ": action " << show(fa) << " in state " << to_json(cs).dump();
          if (r != z3::unsat) return;
        }
      }
    }
  std::printf("%zu (state, action) pairs checked with Z3 in %.1f s\n", checked,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  EXPECT_GT(checked, 100u);
}

// Not needed for the domain of k-induction (it must only hold on reachable states), but a check
// that the facts fit together: no environment step leaves well_formed. (A sync can: from some
// well-formed but unreachable states its status counts leave their ranges, e.g. a negative
// currentReplicas; so Reconcile is left out here.)
TEST(Transition, WellFormedIsPreservedByEveryEnvironmentStep) {
  for (const auto& name : testing::example_names()) {
    const auto base = testing::example_model(name);
    const auto m = testing::example_model(name, "", wide_bounds(base));
    const auto& cfg = m.config();
    const Shape sh = shape_of(cfg);
    z3::context ctx;
    const Symbolic d{&ctx};
    FlatState<Symbolic> s(d, sh);
    FlatAction<Symbolic> a(d);
    fresh(ctx, s, "s.");
    fresh(ctx, a, "a.");
    const auto t = environment_step(d, cfg, sh, s, a);
    FlatState<Symbolic> next = t.next;
    z3::solver solver(ctx);
    solver.add(well_formed(d, cfg, sh, s) && action_well_formed(d, cfg, sh, a) && t.enabled);
    ASSERT_EQ(solver.check(), z3::sat) << name << ": no well-formed state has an enabled step";
    solver.add(!well_formed(d, cfg, sh, next));
    const auto r = solver.check();
    EXPECT_EQ(r, z3::unsat) << name;
    if (r != z3::sat) continue;
    const auto model = solver.get_model();
    std::ostringstream out;
    FlatAction<Symbolic> fa = a;
    fa.fields([&](const char* n, z3::expr& v) { out << " " << n << "=" << model.eval(v, true); });
    out << "\n";
    std::vector<std::string> before;
    FlatState<Symbolic> cur = s;
    cur.fields([&](const char*, z3::expr& v) { before.push_back(model.eval(v, true).to_string()); });
    std::size_t i = 0;
    next.fields([&](const char* n, z3::expr& v) {
      out << "  " << n << " = " << before[i] << (model.eval(v, true).to_string() != before[i] ? " -> " + model.eval(v, true).to_string() : "") << "\n";
      ++i;
    });
    ADD_FAILURE() << name << ": a step leaves well_formed; action" << out.str();
  }
}

}  // namespace
}  // namespace stsmc::model::symbolic
