// Safety violations that a property calls known upstream behaviour (Property::known_hit): they
// do not decide the property in explore, the walks or the path evaluation; a violation that is
// not known is reported instead when there is one, the known one otherwise, with its note.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "checker/evaluate.h"
#include "checker/explore.h"
#include "checker/testing/explore_testing.h"
#include "checker/testing/fixture_models.h"
#include "checker/walk.h"

namespace stsmc::checker::known_hits_test {
namespace {

namespace fx = stsmc::checker::testing;
using fx::explore_all_threads;
using fx::test_config;

int sum(const fx::LatticeState& s) {
  int n = 0;
  for (auto x : s.x) n += x;
  return n;
}

/// "The counters sum to less than 3", where a state whose first counter is at least `known_from`
/// breaks it as known upstream behaviour.
Property<fx::Lattice> below_three(int known_from) {
  Property<fx::Lattice> p;
  p.id = "below-three";
  p.kind = PropertyKind::kInvariant;
  p.invariant = [](const fx::Lattice&, const fx::LatticeState& s) -> std::optional<std::string> {
    if (sum(s) < 3) return std::nullopt;
    return "sum " + std::to_string(sum(s));
  };
  p.known_hit = [known_from](const fx::Lattice&, const fx::LatticeState& s, const fx::LatticeMove* a,
                             const fx::LatticeState&) -> std::string {
    EXPECT_EQ(a, nullptr) << "an invariant's state comes without an action";
    return s.x[0] >= known_from ? "known: first counter " + std::to_string(s.x[0]) : "";
  };
  return p;
}

/// "No step reaches a sum of 3", known when the step moves axis `known_axis`.
Property<fx::Lattice> no_step_to_three(int known_axis) {
  Property<fx::Lattice> p;
  p.id = "no-step-to-three";
  p.kind = PropertyKind::kStep;
  p.step = [](const fx::Lattice&, const fx::LatticeState&, const fx::LatticeMove&,
              const fx::LatticeState& n) -> std::optional<std::string> {
    if (sum(n) != 3) return std::nullopt;
    return std::string("reached 3");
  };
  p.known_hit = [known_axis](const fx::Lattice&, const fx::LatticeState&, const fx::LatticeMove* a,
                             const fx::LatticeState&) -> std::string {
    EXPECT_NE(a, nullptr);
    return a && a->axis == known_axis ? "known: axis " + std::to_string(known_axis) : "";
  };
  return p;
}

const fx::Lattice kLattice{.dims = 2, .max = 4, .down = false};

TEST(KnownHits, AnUnexplainedViolationIsReportedOverAKnownOneFoundFirst) {
  // Level 3 is (3,0), (2,1), (1,2), (0,3) in frontier order; the first two are known.
  const auto r = explore_all_threads(kLattice, {below_three(2)});
  ASSERT_EQ(r.discoveries.size(), 1u);
  const auto& d = r.discoveries[0];
  EXPECT_EQ(d.note, "");
  EXPECT_EQ(d.path.length(), 3u);
  EXPECT_LT(d.path.states.back().x[0], 2);
  EXPECT_EQ(r.stats.stop_reason, "all-violated");  // the unexplained one decides the property
}

TEST(KnownHits, OnlyKnownViolationsAreReportedWithTheirNoteAfterTheWholeSearch) {
  const auto r = explore_all_threads(kLattice, {below_three(0)});
  ASSERT_EQ(r.discoveries.size(), 1u);
  const auto& d = r.discoveries[0];
  EXPECT_EQ(d.note, "known: first counter 3");  // the first in frontier order at the least depth
  EXPECT_EQ(d.message, "sum 3");
  EXPECT_EQ(d.path.length(), 3u);
  EXPECT_TRUE(r.stats.complete) << "a known violation decides nothing: the search runs on";
  EXPECT_EQ(r.stats.distinct_states, 25u);
}

TEST(KnownHits, KnownViolationsCountAsViolationsWhenAskedTo) {
  auto c = test_config();
  c.known_are_violations = true;
  const auto r = explore_all_threads(kLattice, {below_three(0)}, c);
  ASSERT_EQ(r.discoveries.size(), 1u);
  EXPECT_EQ(r.discoveries[0].note, "known: first counter 3");
  EXPECT_EQ(r.stats.stop_reason, "all-violated");
  EXPECT_FALSE(r.stats.complete);
}

TEST(KnownHits, StepPropertiesTellKnownStepsApartToo) {
  const auto r = explore_all_threads(kLattice, {no_step_to_three(0)});
  ASSERT_EQ(r.discoveries.size(), 1u);
  const auto& d = r.discoveries[0];
  EXPECT_EQ(d.note, "");
  ASSERT_EQ(d.path.length(), 3u);
  EXPECT_EQ(d.path.actions.back().axis, 1);
  // Nothing known: the first step in frontier order, (2,0) -> (3,0), is the one reported.
  const auto plain = explore_all_threads(kLattice, {no_step_to_three(7)});
  ASSERT_EQ(plain.discoveries.size(), 1u);
  EXPECT_EQ(plain.discoveries[0].path.actions.back().axis, 0);
}

TEST(KnownHits, PathEvaluationPrefersTheUnexplainedViolation) {
  const fx::Lattice m = kLattice;
  auto p = below_three(0);
  p.known_hit = [](const fx::Lattice&, const fx::LatticeState& s, const fx::LatticeMove*, const fx::LatticeState&) {
    return s.x[1] == 0 ? std::string("known") : std::string();
  };
  Path<fx::Lattice> path;
  path.states.push_back({{0, 0}});
  for (const fx::LatticeMove a : {fx::LatticeMove{0, true}, {0, true}, {0, true}, {1, true}}) {
    path.actions.push_back(a);
    path.states.push_back(*m.next_state(path.states.back(), a));
  }
  const auto v = first_safety_violation(m, path, p);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->step, 4u);  // (3,0) at step 3 is known; (3,1) is not
  EXPECT_EQ(v->note, "");
  path.states.pop_back();
  path.actions.pop_back();
  const auto known = first_safety_violation(m, path, p);
  ASSERT_TRUE(known.has_value());
  EXPECT_EQ(known->step, 3u);
  EXPECT_EQ(known->note, "known");
}

TEST(KnownHits, OneIndexOfAPathIsJudgedWithTheStepIntoIt) {
  const fx::Lattice m = kLattice;
  const auto p = no_step_to_three(1);
  Path<fx::Lattice> path;
  path.states.push_back({{0, 0}});
  for (const fx::LatticeMove a : {fx::LatticeMove{0, true}, {0, true}, {1, true}, {1, true}}) {
    path.actions.push_back(a);
    path.states.push_back(*m.next_state(path.states.back(), a));
  }
  EXPECT_FALSE(safety_violation_at(m, p, path, 0).has_value()) << "no step leads into the initial state";
  EXPECT_FALSE(safety_violation_at(m, p, path, 2).has_value());
  const auto v = safety_violation_at(m, p, path, 3);  // (2,0) --axis 1--> (2,1)
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->step, 3u);
  EXPECT_EQ(v->message, "reached 3");
  EXPECT_EQ(v->note, "known: axis 1");
  EXPECT_FALSE(safety_violation_at(m, p, path, 4).has_value()) << "(2,2) is reached from 3, not 2";
  const auto again = first_safety_violation(m, path, p);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->note, v->note) << "a path's evaluation reads the same index alike";
}

TEST(KnownHits, AWalkGoesOnPastAKnownViolationAndReportsItOnlyIfNothingElseFails) {
  const std::vector props{below_three(2)};
  const auto run = [&](std::uint64_t choice) {
    return walk(kLattice, props, kLattice.init_states().front(), WalkLimits{.steps = 8, .settle_steps = 0}, Swarm{},
                [&](std::size_t) { return choice; }, [](std::size_t) { return std::uint64_t{0}; },
                [] { return true; });
  };
  // Always axis 0: (1,0), (2,0), (3,0) known, (4,0) known, then axis 1: (4,1) ... all known.
  auto r = run(0);
  ASSERT_TRUE(r.violation.has_value());
  EXPECT_EQ(r.end, WalkEnd::kViolation);
  EXPECT_EQ(r.violation->note, "known: first counter 3");
  EXPECT_EQ(r.path.length(), 3u) << "cut where the known violation showed";
  const auto d = walk_discovery(kLattice, props, std::move(r));
  EXPECT_EQ(d.note, "known: first counter 3");
  // Always axis 1: (0,1), (0,2), (0,3) is not known: the walk ends there.
  r = run(1);
  ASSERT_TRUE(r.violation.has_value());
  EXPECT_EQ(r.violation->note, "");
  EXPECT_EQ(r.path.length(), 3u);
  EXPECT_EQ(r.path.states.back().x[1], 3);
}

}  // namespace
}  // namespace stsmc::checker::known_hits_test
