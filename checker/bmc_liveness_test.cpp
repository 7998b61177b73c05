// bmc() on liveness: lassos over fixture graphs (testing/fixture_models.h's GraphModel, whose
// edges have actor classes and may be user actions), encoded in Z3 edge by edge. A fair loop
// without the goal is found at its shortest, replayed by check_lasso and agreed with explore();
// an unfair loop is not reported; a dead end is an empty loop; a loop through user actions is
// none; a model without a liveness encoding reports liveness unsupported.
#include "checker/bmc.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "checker/evaluate.h"
#include "checker/explore.h"
#include "checker/testing/fixture_models.h"

namespace stsmc::checker {
namespace {

using fx = stsmc::checker::testing::GraphModel;
using testing::GraphEdge;

/// GraphModel in Z3: a frame is the node, a step the edge index.
struct SymbolicGraph {
  using Explicit = fx;
  using Frame = z3::expr;
  using Step = z3::expr;

  fx model;
  std::vector<std::uint32_t> goal_nodes;
  bool wrong_goal = false;  ///< a deliberate bug: the encoding's goal misses the goal nodes

  const Explicit& explicit_model() const { return model; }
  Frame frame(z3::context& ctx, int i) const { return ctx.int_const(("node@" + std::to_string(i)).c_str()); }
  Step step(z3::context& ctx, int i) const { return ctx.int_const(("edge@" + std::to_string(i)).c_str()); }
  z3::expr init(const Frame& f) const {
    z3::expr_vector any(f.ctx());
    for (auto n : model.inits) any.push_back(f == num(f, n));
    return z3::mk_or(any);
  }
  struct Fact {
    std::string name;
    z3::expr holds;
  };
  std::vector<Fact> domain_facts(const Frame& f) const { return {{"node in 0..100", f >= 0 && f <= 100}}; }
  z3::expr trans(const Frame& s, const Step& a, const Frame& t) const {
    z3::expr_vector any(s.ctx());
    for (std::uint32_t k = 0; k < model.edges.size(); ++k)
      any.push_back(a == num(a, k) && s == num(s, model.edges[k].from) && t == num(t, model.edges[k].to));
    return z3::mk_or(any);
  }
  z3::expr differ(const Frame& a, const Frame& b) const { return a != b; }
  Expected<testing::GraphAction> decode(const z3::model& m, const Step& a) const {
    std::int64_t k = -1;
    if (!m.eval(a, true).is_numeral_i64(k) || k < 0) return Error{ErrorCode::kInternal, "no edge"};
    return testing::GraphAction{static_cast<std::uint32_t>(k)};
  }
  std::vector<SymbolicProperty<SymbolicGraph>> symbolic_properties() const { return {}; }
  std::vector<Lemma<SymbolicGraph>> lemmas() const { return {}; }

  struct Liveness {
    std::string id;
  };
  std::vector<Liveness> symbolic_liveness() const { return {{"reaches-goal"}}; }
  struct LiveFrame {
    std::vector<z3::expr> goals, moving;
    z3::expr quiet_enabled, exact;
  };
  LiveFrame live_frame(const Frame& f) const {
    z3::expr_vector goal(f.ctx()), enabled(f.ctx());
    std::vector<z3::expr_vector> moving;  // one vector each: copies would share one Z3 vector
    for (std::size_t c = 0; c < fx::kActorClasses; ++c) moving.emplace_back(f.ctx());
    if (!wrong_goal)
      for (auto n : goal_nodes) goal.push_back(f == num(f, n));
    for (const auto& e : model.edges) {
      if (!e.quiet) continue;
      enabled.push_back(f == num(f, e.from));
      if (e.from != e.to) moving[e.cls].push_back(f == num(f, e.from));
    }
    LiveFrame out{{z3::mk_or(goal)}, {}, z3::mk_or(enabled), f.ctx().bool_val(true)};
    for (auto& m : moving) out.moving.push_back(z3::mk_or(m));
    return out;
  }
  z3::expr quiet(const Step& a) const { return edges_where(a, [](const GraphEdge& e) { return e.quiet; }); }
  z3::expr actor_class_is(const Step& a, std::size_t c) const {
    return edges_where(a, [c](const GraphEdge& e) { return e.quiet && e.cls == c; });
  }

  static z3::expr num(const z3::expr& e, std::uint32_t v) { return e.ctx().int_val(v); }
  template <class P>
  z3::expr edges_where(const Step& a, P p) const {
    z3::expr_vector any(a.ctx());
    for (std::uint32_t k = 0; k < model.edges.size(); ++k)
      if (p(model.edges[k])) any.push_back(a == num(a, k));
    return z3::mk_or(any);
  }

  Property<fx> property() const {
    Property<fx> p;
    p.id = "reaches-goal";
    p.kind = PropertyKind::kLiveness;
    p.goal = [nodes = goal_nodes](const fx&, const testing::GraphNode& s) {
      return std::find(nodes.begin(), nodes.end(), s.node) != nodes.end();
    };
    p.known_upstream = [](const fx&, const std::vector<testing::GraphNode>& loop) {
      return std::any_of(loop.begin(), loop.end(), [](const auto& s) { return s.node == 7; }) ? "node 7 is known"
                                                                                            : "";
    };
    return p;
  }
};
static_assert(SymbolicLiveness<SymbolicGraph>);

SymbolicGraph graph(std::vector<GraphEdge> edges, std::vector<std::uint32_t> goal) {
  return SymbolicGraph{fx{{0}, std::move(edges)}, std::move(goal)};
}

SymbolicReport<fx> run(const SymbolicGraph& g, std::uint32_t depth) {
  BmcConfig c;
  c.depth = depth;
  c.progress = false;
  return bmc(g, {g.property()}, c);
}

/// The explorer's verdict on the same graph: the length of its lasso, or -1.
int explore_length(const SymbolicGraph& g) {
  ExploreConfig c;
  c.progress = false;
  const auto r = explore(g.model, {g.property()}, c);
  return r.discoveries.empty() ? -1 : static_cast<int>(r.discoveries.front().path.length());
}

TEST(BmcLiveness, AFairLoopWithoutTheGoalIsTheShortestLasso) {
  // 0 -> 1 -> 2 -> 3 -> 1 (class 0), and 0 -> 4 (goal) by class 1, disabled inside the loop.
  const auto g = graph({{0, 1, 0}, {1, 2, 0}, {2, 3, 0}, {3, 1, 0}, {0, 4, 1}}, {4});
  const auto report = run(g, 6);
  ASSERT_EQ(report.results.size(), 1u);
  EXPECT_EQ(report.results[0].verdict, SymbolicVerdict::kViolated) << report.results[0].reason;
  EXPECT_EQ(report.results[0].depth, 4u);
  ASSERT_EQ(report.discoveries.size(), 1u);
  const auto& d = report.discoveries[0];
  EXPECT_EQ(d.kind, PropertyKind::kLiveness);
  EXPECT_EQ(d.path.loop_start, 1u);
  EXPECT_TRUE(check_lasso(g.model, d.path, g.property()).violates);
  EXPECT_EQ(d.message, "the quiet world loops forever (3 states) without reaching the goal");
  EXPECT_EQ(d.note, "");
  EXPECT_EQ(explore_length(g), 4);
}

TEST(BmcLiveness, NothingWithinTooSmallADepth) {
  const auto g = graph({{0, 1, 0}, {1, 2, 0}, {2, 3, 0}, {3, 1, 0}, {0, 4, 1}}, {4});
  const auto report = run(g, 3);
  EXPECT_EQ(report.results[0].verdict, SymbolicVerdict::kHolds);
  EXPECT_EQ(report.results[0].depth, 3u);
}

TEST(BmcLiveness, AnUnfairLoopIsNotReported) {
  // A no-op loop of class 0 at 0 while class 1 can always move 0 to the goal: unfair.
  const auto g = graph({{0, 0, 0}, {0, 1, 1}, {1, 1, 0}}, {1});
  const auto report = run(g, 5);
  EXPECT_EQ(report.results[0].verdict, SymbolicVerdict::kHolds) << report.results[0].reason;
  EXPECT_EQ(explore_length(g), -1);
}

TEST(BmcLiveness, ANoOpLoopIsFairWhenNothingElseMoves) {
  const auto g = graph({{0, 1, 0}, {1, 1, 2}}, {3});
  const auto report = run(g, 5);
  ASSERT_EQ(report.results[0].verdict, SymbolicVerdict::kViolated);
  EXPECT_EQ(report.results[0].depth, 2u);  // 0 -> 1, then the no-op at 1
  EXPECT_EQ(report.discoveries[0].path.loop_start, 1u);
  EXPECT_TRUE(check_lasso(g.model, report.discoveries[0].path, g.property()).violates);
  EXPECT_EQ(explore_length(g), 2);
}

TEST(BmcLiveness, AClassThatCanMoveMustActInTheLoop) {
  // The no-op at 1 is unfair to class 1 (which can move 1 to 2): the loop must go 1 -> 2 -> 1.
  const auto g = graph({{0, 1, 0}, {1, 1, 2}, {1, 2, 1}, {2, 1, 1}}, {3});
  const auto report = run(g, 5);
  ASSERT_EQ(report.results[0].verdict, SymbolicVerdict::kViolated);
  EXPECT_EQ(report.results[0].depth, 3u);
  EXPECT_TRUE(check_lasso(g.model, report.discoveries[0].path, g.property()).violates);
  EXPECT_EQ(explore_length(g), 3);
}

TEST(BmcLiveness, ADeadEndIsAnEmptyLoop) {
  // 0 -> 1 -> 2, nothing quiet enabled at 2 (only a user action), goal 3 unreachable.
  const auto g = graph({{0, 1, 0}, {1, 2, 1}, {2, 0, 0, false}}, {3});
  const auto report = run(g, 5);
  ASSERT_EQ(report.results[0].verdict, SymbolicVerdict::kViolated);
  EXPECT_EQ(report.results[0].depth, 2u);
  const auto& d = report.discoveries[0];
  EXPECT_EQ(d.path.loop_start, 2u);
  EXPECT_EQ(d.message, "the quiet world stops (no quiet action is enabled) without reaching the goal");
  EXPECT_TRUE(check_lasso(g.model, d.path, g.property()).violates);
  EXPECT_EQ(explore_length(g), 2);
}

TEST(BmcLiveness, AnInitialDeadEndIsFoundAtDepthZero) {
  const auto g = graph({{0, 1, 0, false}}, {1});
  const auto report = run(g, 3);
  ASSERT_EQ(report.results[0].verdict, SymbolicVerdict::kViolated);
  EXPECT_EQ(report.results[0].depth, 0u);
  EXPECT_EQ(report.discoveries[0].path.loop_start, 0u);
}

TEST(BmcLiveness, AGoalInsideTheLoopOrAUserStepBreaksIt) {
  // 0 -> 1 -> 0 quiet with 1 a goal; 0 -> 2 -> 0 through a user action: no violation.
  const auto g = graph({{0, 1, 0}, {1, 0, 0}, {0, 2, 1}, {2, 0, 1, false}, {2, 1, 0}}, {1});
  EXPECT_EQ(run(g, 6).results[0].verdict, SymbolicVerdict::kHolds);
  EXPECT_EQ(explore_length(g), -1);
}

TEST(BmcLiveness, TheKnownUpstreamNoteComesWithTheLasso) {
  const auto g = graph({{0, 7, 0}, {7, 7, 0}}, {1});
  const auto report = run(g, 3);
  ASSERT_EQ(report.discoveries.size(), 1u);
  EXPECT_EQ(report.discoveries[0].note, "node 7 is known");
}

TEST(BmcLiveness, ALassoTheExplicitModelRejectsIsAnEncodingError) {
  auto g = graph({{0, 1, 0}, {1, 1, 0}}, {1});
  g.wrong_goal = true;
  const auto report = run(g, 3);
  EXPECT_EQ(report.results[0].verdict, SymbolicVerdict::kEncodingError);
  ASSERT_TRUE(report.encoding_error.has_value());
  EXPECT_NE(report.encoding_error->find("goal state"), std::string::npos) << *report.encoding_error;
  EXPECT_TRUE(report.discoveries.empty());
}

TEST(BmcLiveness, ProveLeavesLivenessUnsupported) {
  const auto g = graph({{0, 1, 0}, {1, 1, 0}}, {1});
  ProveConfig c;
  c.progress = false;
  const auto report = prove(g, {g.property()}, c);
  EXPECT_EQ(report.results[0].verdict, SymbolicVerdict::kUnsupported);
}

}  // namespace
}  // namespace stsmc::checker
