// reconcile<D> against the explicit model: over Concrete it must give exactly the explicit sync's
// successor (and its "recorded an event" flag) on every reachable state of every example, for the
// unmutated model, every mutant, every release profile and several gate settings; over Symbolic
// the Z3 term must admit no successor but the concrete one.
#include "model/symbolic/sync.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "model/symbolic/testing/worlds.h"

namespace stsmc::model::symbolic {
namespace {

/// One controller configuration: rules (a profile, maybe mutated) and gates.
struct Variant {
  std::string label;
  spec::Rules rules;
  spec::FeatureGates gates;
};

const spec::FeatureGates kAllOn{true, true, true};
const spec::FeatureGates kAllOff{false, false, false};

std::vector<Variant> variants() {
  std::vector<Variant> out;
  const auto base = *spec::find_profile("1.28");
  out.push_back({"1.28", base.rules, base.default_gates});
  out.push_back({"1.28 gates off", base.rules, kAllOff});
  for (const auto& m : spec::mutants()) out.push_back({"1.28 mutant " + m.name, m.apply(base.rules), base.default_gates});
  for (const auto& p : spec::profiles()) {
    if (p.version != "1.28") out.push_back({p.version, p.rules, p.default_gates});
    if (!(p.default_gates == kAllOn)) out.push_back({p.version + " gates on", p.rules, kAllOn});
  }
  return out;
}

spec::Manifest manifest(const std::string& name) {
  auto loaded = spec::load_manifest_file(std::string(STSMC_SOURCE_DIR) + "/spec/examples/" + name + ".yaml");
  EXPECT_TRUE(loaded.has_value()) << name;
  return loaded ? loaded->manifest : spec::Manifest{};
}

/// Bounds that reach the paths the default ones do not: partition, maxUnavailable, strategy,
/// retention policy and start ordinal edits, a crash-looping template, unready/succeeded pods,
/// lost nodes, and (unless `walk`: it ends a random walk early) set deletion.
Bounds wide_bounds(std::int32_t replicas, bool walk = false) {
  Bounds b = default_bounds(replicas);
  b.broken_template = true;
  auto& g = b.budgets;
  g.scale = g.update_template = g.delete_pod = 2;
  g.set_partition = g.set_max_unavailable = g.set_update_strategy = g.set_retention_policy = 1;
  g.set_start_ordinal = g.pod_unready = g.pod_succeeded = g.node_lost = 1;
  g.delete_statefulset = walk ? 0 : 1;
  return b;
}

/// `count` random walks of `length` steps from the initial state (seeded: reproducible), every
/// state visited; they reach deeper than a breadth-first prefix of a wide state space.
std::vector<ClusterState> walks(const StatefulSetModel& m, int count, int length, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<ClusterState> out;
  std::vector<Action> actions;
  for (int w = 0; w < count; ++w) {
    ClusterState s = m.init_states().front();
    for (int i = 0; i < length; ++i) {
      out.push_back(s);
      actions.clear();
      m.actions(s, actions);
      std::vector<ClusterState> next;
      for (const auto& a : actions)
        if (auto n = m.next_state(s, a)) next.push_back(std::move(*n));
      if (next.empty()) break;
      s = std::move(next[std::uniform_int_distribution<std::size_t>(0, next.size() - 1)(rng)]);
    }
  }
  return out;
}

struct Tally {
  std::size_t configs = 0;
  std::size_t states = 0;
  std::size_t with_events = 0;
  std::size_t mismatches = 0;
};

/// Compares the flat sync with the explicit one on `states`; prints the first mismatches whole.
void compare(const StatefulSetModel& m, const std::string& label, const std::vector<ClusterState>& states, Tally& tally) {
  const Shape sh = shape_of(m.config());
  ++tally.configs;
  for (const auto& s : states) {
    auto flat = to_flat(sh, s);
    ASSERT_TRUE(flat.has_value()) << label << ": " << flat.error().message;
    bool overflow = false;
    const bool events = reconcile(Concrete{}, m.config(), sh, *flat, &overflow);
    const ClusterState got = from_flat(sh, *flat);
    ClusterState want = s;
    StepLog log;
    ASSERT_TRUE(apply_action(m.config(), want, Reconcile{}, &log).has_value());
    ++tally.states;
    tally.with_events += events ? 1 : 0;
    const bool same = got == want && events == !log.sync.events.empty() && !overflow;
    if (same) continue;
    if (++tally.mismatches <= 3) {
      ADD_FAILURE() << label << ": the flat sync differs from the explicit one"
                    << "\n  overflow: " << overflow << "; events flat " << events << ", explicit "
                    << !log.sync.events.empty() << "\n  before:   " << to_json(s).dump()
                    << "\n  explicit: " << to_json(want).dump() << "\n  flat:     " << to_json(got).dump();
    }
  }
}

TEST(SyncConcrete, MatchesTheExplicitSyncOnReachableStatesOfEveryVariant) {
  const auto t0 = std::chrono::steady_clock::now();
  Tally tally;
  const auto all = variants();
  for (const auto& name : testing::example_names()) {
    const spec::Manifest man = manifest(name);
    for (const auto& v : all) {
      const auto m = make_checker_model(man, v.rules, v.gates, default_bounds(man.set.replicas));
      compare(m, name + " / " + v.label, testing::reachable(m, 1500), tally);
      if (tally.mismatches > 3) return;
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("default bounds: %zu states over %zu configurations (%zu with events), %.1f s\n", tally.states,
              tally.configs, tally.with_events, secs);
  EXPECT_EQ(tally.mismatches, 0u);
}

TEST(SyncConcrete, MatchesTheExplicitSyncUnderWideBounds) {
  const auto t0 = std::chrono::steady_clock::now();
  Tally tally;
  const auto all = variants();
  unsigned seed = 1;
  for (const auto& name : testing::example_names()) {
    const spec::Manifest man = manifest(name);
    for (const auto& v : all) {
      const auto m = make_checker_model(man, v.rules, v.gates, wide_bounds(man.set.replicas));
      compare(m, name + " / " + v.label + " / wide", testing::reachable(m, 500), tally);
      const auto w = make_checker_model(man, v.rules, v.gates, wide_bounds(man.set.replicas, true));
      compare(w, name + " / " + v.label + " / walks", walks(w, 10, 80, seed++), tally);
      if (tally.mismatches > 3) return;
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("wide bounds: %zu states over %zu configurations (%zu with events), %.1f s\n", tally.states,
              tally.configs, tally.with_events, secs);
  EXPECT_EQ(tally.mismatches, 0u);
}

/// The flat fields of a concrete state as Z3 values (in the order of FlatState::fields).
std::vector<z3::expr> values(z3::context& ctx, FlatState<Concrete>& f) {
  std::vector<z3::expr> out;
  f.fields([&](const char*, auto& v) {
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, bool>) out.push_back(ctx.bool_val(v));
    else out.push_back(ctx.int_val(static_cast<int64_t>(v)));
  });
  return out;
}

std::vector<z3::expr> terms(FlatState<Symbolic>& f) {
  std::vector<z3::expr> out;
  f.fields([&](const char*, z3::expr& v) { out.push_back(v); });
  return out;
}

/// The symbolic sync of one configuration: fresh constants in, terms out.
struct Relation {
  std::vector<z3::expr> in, next;
  z3::expr events, overflow;
  double build_seconds;
};

Relation relation(z3::context& ctx, const ModelConfig& cfg, const Shape& sh) {
  const Symbolic d{&ctx};
  FlatState<Symbolic> s(d, sh);
  s.fields([&](const char* name, z3::expr& v) {
    v = v.is_bool() ? ctx.bool_const(name) : ctx.int_const(name);
  });
  std::vector<z3::expr> in = terms(s);
  const auto t0 = std::chrono::steady_clock::now();
  z3::expr overflow = d.ff();
  z3::expr events = reconcile(d, cfg, sh, s, &overflow);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return Relation{std::move(in), terms(s), events, overflow, secs};
}

TEST(SyncSymbolic, AdmitsOnlyTheConcreteSuccessor) {
  std::size_t checked = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const auto base = *spec::find_profile("1.28");
  const auto p133 = *spec::find_profile("1.33");
  const auto p137 = *spec::find_profile("1.37");
  const std::vector<Variant> sample = {
      {"1.28", base.rules, base.default_gates},
      {"1.28 mutant create-beyond-range", spec::find_mutant("create-beyond-range")->apply(base.rules), base.default_gates},
      {"1.28 mutant pod-ref-in-range", spec::find_mutant("pod-ref-in-range")->apply(base.rules), base.default_gates},
      {"1.33 gates on", p133.rules, kAllOn},
      {"1.37", p137.rules, p137.default_gates},
  };
  for (const auto& name : testing::example_names()) {
    const spec::Manifest man = manifest(name);
    for (const auto& v : sample) {
      const auto m = make_checker_model(man, v.rules, v.gates, wide_bounds(man.set.replicas, true));
      const Shape sh = shape_of(m.config());
      z3::context ctx;
      const Relation r = relation(ctx, m.config(), sh);
      const auto states = walks(m, 2, 50, 7);
      for (std::size_t i = 0; i < states.size(); i += 10) {
        auto flat = to_flat(sh, states[i]);
        ASSERT_TRUE(flat.has_value());
        const auto before = values(ctx, *flat);
        std::vector<std::string> names;
        flat->fields([&](const char* n, auto&) { names.push_back(n); });
        bool overflow = false;
        const bool events = reconcile(Concrete{}, m.config(), sh, *flat, &overflow);
        ASSERT_FALSE(overflow);
        const auto after = values(ctx, *flat);
        z3::solver solver(ctx);
        for (std::size_t k = 0; k < before.size(); ++k) solver.add(r.in[k] == before[k]);
        z3::expr_vector differs(ctx);
        for (std::size_t k = 0; k < after.size(); ++k) differs.push_back(r.next[k] != after[k]);
        differs.push_back(r.events != ctx.bool_val(events));
        differs.push_back(r.overflow);
        solver.add(z3::mk_or(differs));
        if (solver.check() != z3::unsat) {
          const z3::model model = solver.get_model();
          std::string diff;
          for (std::size_t k = 0; k < after.size(); ++k)
            if (!z3::eq(model.eval(r.next[k], true), after[k]))
              diff += " " + names[k] + "=" + model.eval(r.next[k], true).to_string() + " (concrete " + after[k].to_string() + ")";
          diff += " events=" + model.eval(r.events, true).to_string() + " overflow=" + model.eval(r.overflow, true).to_string();
          FAIL() << name << " / " << v.label << ": another successor:" << diff << "\n  state " << to_json(states[i]).dump();
        }
        ++checked;
      }
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("symbolic: %zu states checked unsat in %.1f s\n", checked, secs);
  EXPECT_GE(checked, 200u);
}

TEST(SyncSymbolic, BuildsQuickly) {
  for (const auto& name : testing::example_names()) {
    const spec::Manifest man = manifest(name);
    const auto p137 = *spec::find_profile("1.37");
    for (const auto& [label, rules, gates] : {Variant{"1.28", spec::find_profile("1.28")->rules, kAllOn},
                                               Variant{"1.37 burst", p137.rules, kAllOn}}) {
      const auto m = make_checker_model(man, rules, gates, wide_bounds(man.set.replicas));
      const Shape sh = shape_of(m.config());
      z3::context ctx;
      const Relation r = relation(ctx, m.config(), sh);
      std::printf("%-16s %-10s shape %d ordinals x %d claim templates x %d templates: %zu fields, built in %.3f s\n",
                  name.c_str(), label.c_str(), sh.ordinals, sh.claim_templates, sh.templates, r.in.size(),
                  r.build_seconds);
      EXPECT_LT(r.build_seconds, 5.0) << name;
    }
  }
}

}  // namespace
}  // namespace stsmc::model::symbolic
