// The explorer merges states with equal canonical forms (model/checker_model.cpp). Sound only if
// such states are indistinguishable: same enabled actions, successors with equal fingerprints,
// and the same verdict from every property. Checked on seeded random walks with rich bounds.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/rng.h"
#include "model/setup.h"
#include "properties/catalog.h"
#include "spec/manifest_loader.h"
#include "spec/profile.h"

namespace {

using namespace stsmc;

model::StatefulSetModel rich_model(const std::string& example) {
  auto loaded = spec::load_manifest_file(std::string(STSMC_SOURCE_DIR) + "/spec/examples/" + example);
  EXPECT_TRUE(loaded.has_value());
  auto setup = model::Setup::make(loaded->manifest);
  EXPECT_TRUE(setup.has_value());
  setup->bounds.broken_template = true;
  setup->bounds.budgets = model::Budgets{3, 3, 2, 2, 2, 2, 2, 3, 1, 2, 2, 2, 1, 1, 2, 1, 1, 1, 1, 2, 1};
  setup->bounds.cache_lag = 2;  // lagging listers, whose copies the canonical form renumbers too
  return setup->build();
}

// The canonical form drops the creation counters. As a state it needs them back, consistent with
// its UIDs as in every reachable state (a counter is at least every UID it issued): else a new pod
// could get the UID of a claim's dangling owner ref to an earlier pod of its ordinal, which the
// rich bounds reach with write errors. The explorer never steps from a canonical form: it keys
// states by it and steps from the states themselves, whose counters are consistent.
model::ClusterState consistent(model::ClusterState c) {
  const auto bump = [&](spec::Ordinal o, std::uint32_t uid) { c.api.pod_uids[o] = std::max(c.api.pod_uids[o], uid); };
  const auto pods = [&](const auto& list) {
    for (const auto& p : list) bump(p.ordinal, p.uid);
  };
  const auto claims = [&](const auto& list) {
    for (const auto& pvc : list)
      for (const auto& r : pvc.owners)
        if (r.kind == spec::OwnerKind::kPod) bump(r.ordinal, r.uid);
  };
  pods(c.api.pods);
  claims(c.api.pvcs);
  for (const auto& v : c.caches.pods) pods(v);  // a lagging lister's pods were issued their UIDs too
  for (const auto& v : c.caches.claims) claims(v);
  if (c.in_flight) {
    // A sync in flight issues UIDs from its start's counters, which cover what its start holds.
    auto& start = c.in_flight->store;
    for (const auto& p : start.pods) start.pod_uids[p.ordinal] = std::max(start.pod_uids[p.ordinal], p.uid);
    for (const auto& pvc : start.pvcs)
      for (const auto& r : pvc.owners)
        if (r.kind == spec::OwnerKind::kPod) start.pod_uids[r.ordinal] = std::max(start.pod_uids[r.ordinal], r.uid);
  }
  return c;
}

void expect_indistinguishable(const model::StatefulSetModel& m, const model::ClusterState& s,
                              const std::vector<properties::Property>& props) {
  const model::ClusterState c = consistent(m.canonical(s));
  ASSERT_EQ(m.fingerprint(s), m.fingerprint(c));
  std::vector<model::Action> as, ac;
  m.actions(s, as);
  m.actions(c, ac);
  ASSERT_EQ(as, ac) << "enabled actions differ";
  for (const auto& a : as) {
    const auto ns = m.next_state(s, a), nc = m.next_state(c, a);
    ASSERT_EQ(ns.has_value(), nc.has_value()) << model::describe(a);
    if (!ns) continue;
    EXPECT_EQ(m.fingerprint(*ns), m.fingerprint(*nc)) << model::describe(a);
    for (const auto& p : props) {
      if (p.step) {
        EXPECT_EQ(p.step(m, s, a, *ns).has_value(), p.step(m, c, a, *nc).has_value()) << p.id;
      }
    }
  }
  for (const auto& p : props) {
    if (p.invariant) {
      EXPECT_EQ(p.invariant(m, s).has_value(), p.invariant(m, c).has_value()) << p.id;
    }
    if (p.goal) {
      EXPECT_EQ(p.goal(m, s), p.goal(m, c)) << p.id;
    }
  }
}

class CanonicalForm : public ::testing::TestWithParam<std::string> {};

TEST_P(CanonicalForm, StatesWithTheSameCanonicalFormAreIndistinguishable) {
  const auto m = rich_model(GetParam());
  const auto props = properties::all_properties();
  SplitMix64 rng(20261125);  // fixed seed: reproducible
  std::size_t checked = 0;
  for (int walk = 0; walk < 60; ++walk) {
    model::ClusterState s = m.init_states().front();
    for (int step = 0; step < 60; ++step) {
      expect_indistinguishable(m, s, props);
      if (::testing::Test::HasFailure()) return;
      ++checked;
      std::vector<model::Action> acts;
      m.actions(s, acts);
      if (acts.empty()) break;
      auto next = m.next_state(s, acts[rng.below(acts.size())]);
      if (next) s = std::move(*next);
    }
  }
  EXPECT_GT(checked, 300u);
}

INSTANTIATE_TEST_SUITE_P(Examples, CanonicalForm,
                         ::testing::Values("myapp.yaml", "cache-autodelete.yaml", "web-parallel.yaml", "queue-ondelete.yaml"),
                         [](const auto& info) {
                           std::string n = info.param.substr(0, info.param.find('.'));
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(CanonicalForm, ForgetsNamingCountersButKeepsWhatMatters) {
  const auto m = rich_model("myapp.yaml");
  model::ClusterState a = m.init_states().front(), b = a;
  a.api.pods.push_back(spec::Pod{0, 7, spec::PodPhase::kRunning, true, 0, false, 0, true, true, false, 0, false});
  b.api.pods.push_back(spec::Pod{0, 2, spec::PodPhase::kRunning, true, 0, false, 0, true, true, false, 0, false});
  a.api.pod_uids[0] = 7;
  b.api.pod_uids[0] = 2;
  EXPECT_EQ(m.fingerprint(a), m.fingerprint(b));  // only the incarnation number differs
  b.api.pods[0].ready = false;
  EXPECT_NE(m.fingerprint(a), m.fingerprint(b));
}

}  // namespace
