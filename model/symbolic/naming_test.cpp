// same_up_to_naming is the explicit model's state identity: on pairs of states the explorer
// reaches (and renamings of them), the concrete instance is true exactly when the two states'
// search keys (hashes of StatefulSetModel::canonical's bytes) are equal, and the Z3 instance
// with both states pinned evaluates to the concrete value. The pairs include states reached by different paths
// whose raw UIDs or revision numbers differ but whose canonical forms agree, and renamings that
// keep or break the order of names (swapping or merging two UIDs of an ordinal, swapping two
// revision numbers).
#include "model/symbolic/naming.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <unordered_map>
#include <utility>

#include "model/symbolic/symbolic_model.h"
#include "model/testing/worlds.h"

namespace stsmc::model::symbolic {
namespace {

using C = Concrete;

// About a second in an optimised build; less under the sanitizers.
#ifdef STSMC_SANITIZE
constexpr std::size_t kStates = 1500, kRandomPairs = 1000, kZ3Pairs = 10;
#else
constexpr std::size_t kStates = 1500, kRandomPairs = 4000, kZ3Pairs = 60;
#endif

/// The default bounds plus pod deletions and failures, so pods are recreated with new UIDs.
Bounds renaming_bounds(const StatefulSetModel& base) {
  Bounds b = base.config().bounds;
  b.budgets.delete_pod = std::max<std::uint8_t>(b.budgets.delete_pod, 2);
  b.budgets.pod_failed = std::max<std::uint8_t>(b.budgets.pod_failed, 1);
  b.budgets.update_template = std::max<std::uint8_t>(b.budgets.update_template, 2);
  return b;
}

struct Pair {
  ClusterState x, y;
};

/// Breadth-first over `m` like testing::reachable, also keeping pairs of raw states with one
/// canonical form (the first state reached with it and a later different one).
struct World {
  std::vector<ClusterState> states;
  std::vector<Pair> same;
};
World explore(const StatefulSetModel& m, std::size_t cap) {
  World w;
  std::unordered_map<Fingerprint, std::size_t> first;  // search key -> index into seen
  std::vector<ClusterState> seen;
  std::size_t head = 0;
  for (auto& s : m.init_states()) {
    first.emplace(m.search_key(s), seen.size());
    seen.push_back(std::move(s));
  }
  std::vector<Action> actions;
  while (head < seen.size() && w.states.size() < cap) {
    const ClusterState s = seen[head++];
    actions.clear();
    m.actions(s, actions);
    for (const auto& a : actions) {
      auto n = m.next_state(s, a);
      if (!n) continue;
      const auto [it, fresh] = first.emplace(m.search_key(*n), seen.size());
      if (fresh) seen.push_back(std::move(*n));
      else if (!(seen[it->second] == *n) && w.same.size() < cap) w.same.push_back(Pair{seen[it->second], *n});
    }
    w.states.push_back(s);
  }
  return w;
}

/// `s` with names changed by `pod(ordinal, uid)` and `rev(number)` (0 UIDs kept), claim UIDs
/// shifted and the counters raised past every name.
template <class PodF, class RevF>
ClusterState renamed(const ClusterState& s, PodF pod, RevF rev) {
  ClusterState r = s;
  auto& api = r.api;
  for (auto& p : api.pods)
    if (p.uid) p.uid = pod(p.ordinal, p.uid);
  for (auto& c : api.pvcs) {
    c.uid += 7;
    for (auto& o : c.owners)
      if (o.kind == spec::OwnerKind::kPod && o.uid) o.uid = pod(o.ordinal, o.uid);
  }
  for (auto& v : api.revisions) v.number = rev(v.number);
  std::sort(api.revisions.begin(), api.revisions.end(),
            [](const spec::Revision& a, const spec::Revision& b) { return a.number < b.number; });
  for (auto& [o, n] : api.pod_uids) n = n * 5 + 11;
  for (auto& [k, n] : api.pvc_uids) n += 13;
  return r;
}

/// The concrete answer for (x, y), checked against the explorer's state identity (its search
/// key: a hash of the canonical form's bytes, every field in). (Not the fingerprint under
/// stale reads: it leaves an added field out at its default, so a spent informer-lag budget and
/// a longer cache list can hash alike; docs/faults.md.)
bool concrete(const StatefulSetModel& m, const Shape& sh, const ClusterState& x, const ClusterState& y,
              const std::string& what) {
  const auto fx = to_flat(sh, x), fy = to_flat(sh, y);
  EXPECT_TRUE(fx && fy) << what;
  if (!fx || !fy) return false;
  const bool got = same_up_to_naming(C{}, sh, *fx, *fy);
  EXPECT_EQ(got, m.search_key(x) == m.search_key(y)) << what << "\n" << to_json(x).dump() << "\n" << to_json(y).dump();
  return got;
}

/// The Z3 instance over two frames of constants, evaluated with the constants pinned to states.
class Pinned {
 public:
  explicit Pinned(const SymbolicModel& sm)
      : sm_(sm), a_(sm.frame(ctx_, 0)), b_(sm.frame(ctx_, 1)), same_(sm.same_up_to_naming(a_, b_)) {}
  /// The Z3 instance's value with the frames pinned to (x, y) is `expected`.
  void check(const ClusterState& x, const ClusterState& y, bool expected) {
    z3::model mdl(ctx_);
    pin(mdl, a_, x);
    pin(mdl, b_, y);
    const z3::expr v = mdl.eval(same_, true);
    EXPECT_TRUE(v.is_true() || v.is_false()) << v;
    EXPECT_EQ(v.is_true(), expected);
  }

 private:
  void pin(z3::model& mdl, const SymbolicModel::Frame& f, const ClusterState& s) {
    const auto vars = terms_of(f);
    const auto vals = values_of(*to_flat(sm_.shape(), s));
    for (std::size_t i = 0; i < vars.size(); ++i) {
      z3::func_decl decl = vars[i].decl();
      z3::expr val = vars[i].is_bool() ? ctx_.bool_val(vals[i] != 0) : ctx_.int_val(static_cast<int64_t>(vals[i]));
      mdl.add_const_interp(decl, val);
    }
  }

  const SymbolicModel& sm_;
  z3::context ctx_;
  SymbolicModel::Frame a_, b_;
  z3::expr same_;
};

TEST(SameUpToNaming, IsFingerprintEqualityOnReachableStates) {
  std::size_t total_same = 0, total_renamed = 0, total_broken = 0;
  for (const auto& name : testing::example_names()) {
    const auto base = testing::example_model(name);
    const auto m = testing::example_model(name, "", renaming_bounds(base));
    const SymbolicModel sm(m);
    const Shape& sh = sm.shape();
    const World w = explore(m, kStates);
    ASSERT_GT(w.states.size(), 50u) << name;
    std::vector<Pair> z3_true, z3_false;

    // Reached by different paths, same canonical form, different raw state.
    for (const auto& p : w.same) {
      EXPECT_TRUE(concrete(m, sh, p.x, p.y, name + ": two paths")) << name;
      if (z3_true.size() < kZ3Pairs) z3_true.push_back(p);
    }
    total_same += w.same.size();

    // Renamed by hand: monotone renamings keep the canonical form, swapping two UIDs of an
    // ordinal (or two revision numbers) changes it when both occur.
    for (std::size_t i = 0; i < w.states.size(); i += 3) {
      const auto& s = w.states[i];
      const auto up = renamed(s, [](spec::Ordinal o, std::uint32_t u) { return 3 * u + static_cast<std::uint32_t>(o) + 1; },
                              [](std::int64_t n) { return 2 * n + 3; });
      EXPECT_TRUE(concrete(m, sh, s, up, name + ": monotone renaming"));
      ++total_renamed;
      std::map<spec::Ordinal, std::vector<std::uint32_t>> uids;
      for (const auto& c : s.api.pvcs)
        for (const auto& o : c.owners)
          if (o.kind == spec::OwnerKind::kPod && o.uid) uids[o.ordinal].push_back(o.uid);
      for (const auto& p : s.api.pods)
        if (p.uid) uids[p.ordinal].push_back(p.uid);
      for (auto& [o, us] : uids) {
        std::sort(us.begin(), us.end());
        us.erase(std::unique(us.begin(), us.end()), us.end());
        if (us.size() < 2) continue;
        const std::uint32_t lo = us.front(), hi = us.back();
        const spec::Ordinal ord = o;
        const auto swap = renamed(
            s, [&](spec::Ordinal q, std::uint32_t u) { return q != ord ? u : u == lo ? hi : u == hi ? lo : u; },
            [](std::int64_t n) { return n; });
        EXPECT_FALSE(concrete(m, sh, s, swap, name + ": swapped UIDs"));
        const auto merge = renamed(s, [&](spec::Ordinal q, std::uint32_t u) { return q == ord && u == hi ? lo : u; },
                                   [](std::int64_t n) { return n; });
        EXPECT_FALSE(concrete(m, sh, s, merge, name + ": merged UIDs"));
        const auto merge_up = renamed(s, [&](spec::Ordinal q, std::uint32_t u) { return q == ord && u == lo ? hi : u; },
                                      [](std::int64_t n) { return n; });
        EXPECT_FALSE(concrete(m, sh, s, merge_up, name + ": merged UIDs"));
        total_broken += 3;
        if (z3_false.size() < kZ3Pairs) z3_false.push_back(Pair{s, swap});
        if (z3_false.size() < kZ3Pairs) z3_false.push_back(Pair{s, merge});
        if (z3_false.size() < kZ3Pairs) z3_false.push_back(Pair{s, merge_up});
      }
      if (s.api.revisions.size() >= 2) {
        const auto lo = s.api.revisions.front().number, hi = s.api.revisions.back().number;
        const auto swap = renamed(s, [](spec::Ordinal, std::uint32_t u) { return u; },
                                  [&](std::int64_t n) { return n == lo ? hi : n == hi ? lo : n; });
        EXPECT_FALSE(concrete(m, sh, s, swap, name + ": swapped revisions"));
        ++total_broken;
        if (z3_false.size() < 2 * kZ3Pairs) z3_false.push_back(Pair{s, swap});
      }
      if (z3_true.size() < 2 * kZ3Pairs) z3_true.push_back(Pair{s, up});

      // One pod reference of a claim and its ordinal's pod renamed independently: every pair
      // of variants, the UIDs below, equal to and above each other and 0.
      for (std::size_t c = 0; c < s.api.pvcs.size(); ++c)
        for (std::size_t k = 0; k < s.api.pvcs[c].owners.size(); ++k) {
          const auto& ref = s.api.pvcs[c].owners[k];
          if (ref.kind != spec::OwnerKind::kPod) continue;
          std::vector<ClusterState> variants;
          for (std::uint32_t pod_uid : {1u, 3u})
            for (std::uint32_t ref_uid : {0u, 1u, 2u, 3u, 4u}) {
              ClusterState v = s;
              v.api.pvcs[c].owners[k].uid = ref_uid;
              if (auto* p = v.api.find_pod(ref.ordinal)) p->uid = pod_uid;
              variants.push_back(std::move(v));
            }
          for (std::size_t i = 0; i < variants.size(); ++i)
            for (std::size_t j = 0; j < variants.size(); ++j) {
              const bool same = concrete(m, sh, variants[i], variants[j], name + ": reference variants");
              ++(same ? total_renamed : total_broken);
              auto& to = same ? z3_true : z3_false;
              if (to.size() < 3 * kZ3Pairs) to.push_back(Pair{variants[i], variants[j]});
            }
        }
    }

    // Random pairs (nearly always different).
    std::mt19937 rng(7);
    std::uniform_int_distribution<std::size_t> pick(0, w.states.size() - 1);
    for (std::size_t n = 0; n < kRandomPairs; ++n) {
      const auto& x = w.states[pick(rng)];
      const auto& y = w.states[pick(rng)];
      concrete(m, sh, x, y, name + ": random pair");
    }

    Pinned z3(sm);
    for (const auto& p : z3_true) z3.check(p.x, p.y, true);
    for (const auto& p : z3_false) z3.check(p.x, p.y, false);
  }
  // The interesting pairs exist at all.
  EXPECT_GT(total_same, 20u);
  EXPECT_GT(total_renamed, 100u);
  EXPECT_GT(total_broken, 100u);
  std::printf("pairs: %zu by two paths, %zu renamed, %zu with the order of names broken\n", total_same, total_renamed,
              total_broken);
}

// Under stale reads the listers' copies hold names too (pod UIDs of their ordinals, revision
// numbers, which the canonical form then shifts rather than ranks): states reached by two
// paths and random pairs, concretely and through Z3.
TEST(SameUpToNaming, IsTheExplorersStateIdentityUnderStaleReads) {
  std::size_t total_same = 0, lagging = 0;
  for (const auto& name : testing::example_names()) {
    const auto base = testing::example_model(name);
    Bounds b = renaming_bounds(base);
    b.budgets.informer_lag = 2;
    b.cache_lag = 1;
    const auto m = testing::example_model(name, "", b);
    const SymbolicModel sm(m);
    const Shape& sh = sm.shape();
    ASSERT_TRUE(sh.listers);
    const World w = explore(m, kStates);
    std::vector<Pair> z3_true, z3_false;
    for (const auto& p : w.same) {
      EXPECT_TRUE(concrete(m, sh, p.x, p.y, name + ": two paths (stale reads)")) << name;
      if (z3_true.size() < kZ3Pairs) z3_true.push_back(p);
      lagging += !p.x.caches.empty();
    }
    total_same += w.same.size();
    std::mt19937 rng(11);
    std::uniform_int_distribution<std::size_t> pick(0, w.states.size() - 1);
    for (std::size_t n = 0; n < kRandomPairs; ++n) {
      const auto& x = w.states[pick(rng)];
      const auto& y = w.states[pick(rng)];
      if (!concrete(m, sh, x, y, name + ": random pair (stale reads)") && z3_false.size() < kZ3Pairs)
        z3_false.push_back(Pair{x, y});
    }
    Pinned z3(sm);
    for (const auto& p : z3_true) z3.check(p.x, p.y, true);
    for (const auto& p : z3_false) z3.check(p.x, p.y, false);
  }
  EXPECT_GT(total_same, 10u);
  EXPECT_GT(lagging, 2u);
  std::printf("stale reads: %zu pairs by two paths, %zu of them with a lagging lister\n", total_same, lagging);
}

}  // namespace
}  // namespace stsmc::model::symbolic
