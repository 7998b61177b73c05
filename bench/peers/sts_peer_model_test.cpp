// The SPIN peer as a model: the explorer must reproduce SPIN's state space of sts.pml exactly
// (states stored; transitions = SPIN's "transitions" minus the one that stores the initial
// state), find nothing in the faithful model, and catch each of the Promela file's mutants.
#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <unordered_set>
#include <vector>

#include "bench/peers/sts_peer_model.h"
#include "checker/explore.h"
#include "checker/testing/explore_testing.h"
#include "core/packed_key.h"

namespace stsmc::peers {
namespace {

using checker::testing::explore_all_threads;
using checker::testing::find_discovery;
using checker::testing::test_config;

StsPeerModel model_of(std::uint8_t n) {
  StsPeerModel m;
  m.n = n;
  return m;
}

/// `stops`: states where no alternative is enabled; every process then waits at its `end:` label,
/// a valid end state for SPIN, which does not count them.
void expect_spin_counts(std::uint8_t n, std::uint64_t states, std::uint64_t edges,
                        std::uint64_t stops) {
  const auto report = checker::explore(model_of(n), sts_peer_properties(), test_config(2));
  EXPECT_TRUE(report.stats.complete) << report.stats.stop_reason;
  EXPECT_EQ(report.stats.distinct_states, states);
  EXPECT_EQ(report.stats.transitions, edges);
  EXPECT_EQ(report.stats.deadlocks, stops);
  EXPECT_TRUE(report.discoveries.empty());
  EXPECT_TRUE(report.stats.exact_keys);
  EXPECT_EQ(report.stats.collision_probability, 0.0);
}

// spin -a -DN=3 sts.pml; gcc -O2 -DSAFETY: 107694 states, stored; 699139 transitions.
TEST(StsPeer, ReproducesSpinCountsForThreeOrdinals) { expect_spin_counts(3, 107694, 699138, 112); }

// N=4: 1182161 states, stored; 10091770 transitions.
TEST(StsPeer, ReproducesSpinCountsForFourOrdinals) {
#ifdef STSMC_SANITIZE
  GTEST_SKIP() << "large state space: pinned by the optimised build";
#endif
  expect_spin_counts(4, 1182161, 10091769, 355);
}

// actions() evaluates the guards' quantified macros once per state: in every reachable state (of
// the faithful model and of each mutant) it must list what the guards as written enable, in order.
TEST(StsPeer, ActionsAreTheAlternativesWhoseGuardsHold) {
  for (int variant = 0; variant < 5; ++variant) {
    auto m = model_of(3);
    m.bug_unordered_create = variant == 1;
    m.bug_pvc_delete = variant == 2;
    m.bug_ignore_partition = variant == 3;
    m.bug_roll_no_wait = variant == 4;
    std::unordered_set<std::uint64_t> seen;
    std::vector<StsState> todo = m.init_states();
    std::vector<StsAction> fast, reference;
    std::size_t states = 0;
    while (!todo.empty()) {
      const StsState s = todo.back();
      todo.pop_back();
      if (!seen.insert(fingerprint(s)).second) continue;
      ++states;
      fast.clear();
      reference.clear();
      m.actions(s, fast);
      m.enabled_actions_by_guard(s, reference);
      ASSERT_EQ(fast, reference) << "variant " << variant << ", state " << to_json(s).dump();
      for (const auto& a : fast)
        if (auto t = m.next_state(s, a)) todo.push_back(*t);
    }
    EXPECT_GT(states, 100000u) << variant;
  }
}

TEST(StsPeer, SameReportForAnyThreadCount) {
  const auto report = explore_all_threads(model_of(2), sts_peer_properties());
  EXPECT_TRUE(report.stats.complete);
  EXPECT_GT(report.stats.distinct_states, 100u);
}

TEST(StsPeer, StateKeyRoundTripsAndFitsInAWord) {
  const auto m = model_of(5);
  const auto packer = KeyPacker<StsState>::make(m.state_bounds());
  ASSERT_TRUE(packer.has_value());
  EXPECT_EQ(packer->bits(), 5u * (3u + 1u + 1u) + 3u * 3u + 2u + 1u + 2u + 2u);  // 41: 5 slots of 7
  StsState s = m.init_states().front();
  s.pod[4] = Phase::kTerminating;
  s.rev[2] = true;
  s.hiwater = 5;
  EXPECT_EQ(packer->unpack(packer->pack(s)), s);
  StsState t = s;
  t.npart = 1;
  EXPECT_NE(packer->pack(t), packer->pack(s));
  t = s;
  t.pod[0] = Phase::kReady;
  t.pvc[4] = true;
  EXPECT_NE(packer->pack(t), packer->pack(s));
  EXPECT_EQ(packer->unpack(packer->pack(t)), t);
}

struct MutantCase {
  std::string name;
  void (*apply)(StsPeerModel&);
  std::string property;
  /// What gtest prints for the parameter (else a byte dump in every test's name line).
  friend void PrintTo(const MutantCase& c, std::ostream* os) { *os << c.name << " -> " << c.property; }
};

class StsPeerMutant : public ::testing::TestWithParam<MutantCase> {};

TEST_P(StsPeerMutant, IsCaughtWithAShortestTrace) {
  auto m = model_of(3);
  GetParam().apply(m);
  const auto report = explore_all_threads(m, sts_peer_properties());
  const auto* d = find_discovery(report, GetParam().property);
  ASSERT_NE(d, nullptr);
  EXPECT_GT(d->path.length(), 0u);
  // The trace is a run of the model that ends in the violation.
  const auto rebuilt = checker::rebuild_path(m, d->path.states.front(), d->path.actions);
  ASSERT_TRUE(rebuilt.has_value());
  EXPECT_EQ(rebuilt->states.back(), d->path.states.back());
}

INSTANTIATE_TEST_SUITE_P(
    Mutants, StsPeerMutant,
    ::testing::Values(
        MutantCase{"unordered_create", [](StsPeerModel& m) { m.bug_unordered_create = true; },
                   "ordered-create"},
        MutantCase{"pvc_delete", [](StsPeerModel& m) { m.bug_pvc_delete = true; }, "pvc-retained"},
        MutantCase{"ignore_partition", [](StsPeerModel& m) { m.bug_ignore_partition = true; },
                   "update-order"},
        MutantCase{"roll_no_wait", [](StsPeerModel& m) { m.bug_roll_no_wait = true; },
                   "update-order"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace stsmc::peers
