// Replay on the toy model: still-violating traces, fixed ones, and traces that no longer fit the
// model (changed fingerprints, non-applicable or unknown actions, unknown properties).
#include "counterexamples/replay.h"

#include <gtest/gtest.h>

#include "counterexamples/testing/toy_traces.h"

namespace stsmc::counterexamples {
namespace {

using testing::ToyModel;

ReplayResult<ToyModel> replay_text(const std::string& text, const ToyModel& model = ToyModel{}) {
  auto t = parse_trace(text, "t.json");
  STSMC_CHECK(t.has_value());
  return replay(model, *t, testing::toy_properties());
}

/// The safety trace's document, changed by `edit`, replayed.
template <class Edit>
ReplayResult<ToyModel> replay_edited(Edit edit,
                                     const StoredTrace& base = testing::toy_safety_trace()) {
  Json j = stored_trace_to_json(base);
  edit(j);
  return replay_text(j.dump());
}

TEST(Replay, DetectsAnInvariantViolation) {
  const auto r = replay(ToyModel{}, testing::toy_safety_trace(), testing::toy_properties());
  ASSERT_TRUE(r.replayed_ok) << r.error;
  EXPECT_TRUE(r.violated);
  EXPECT_EQ(r.violation_step, 5u);
  EXPECT_EQ(r.message, "counter is 5");
  EXPECT_EQ(r.path.length(), 5u);
  EXPECT_EQ(r.path.states.back().counter, 5);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Replay, DetectsAStepViolationAtTheTransitionsTarget) {
  const auto path = testing::toy_path({testing::Inc{}, testing::Add{2}, testing::Dec{}});
  const auto t = to_stored_trace(
      ToyModel{}, path, testing::toy_meta("small-steps", "safety", 2, "jumped from 1 to 3"));
  const auto r = replay(ToyModel{}, t, testing::toy_properties());
  ASSERT_TRUE(r.replayed_ok) << r.error;
  EXPECT_TRUE(r.violated);
  EXPECT_EQ(r.violation_step, 2u);
  EXPECT_EQ(r.message, "jumped from 1 to 3");
}

TEST(Replay, ReportsAFixedTraceAsHolding) {
  const auto path = testing::toy_path({testing::Inc{}, testing::Inc{}});
  const auto t = to_stored_trace(ToyModel{}, path,
                                 testing::toy_meta("below-five", "safety", 2, "counter is 5"));
  const auto r = replay(ToyModel{}, t, testing::toy_properties());
  ASSERT_TRUE(r.replayed_ok) << r.error;
  EXPECT_FALSE(r.violated);
  EXPECT_EQ(r.message, "holds: no step of the replayed path violates below-five");
}

TEST(Replay, WarnsWhenTheViolationMoved) {
  auto t = testing::toy_safety_trace();
  t.meta.violation_step = 4;
  const auto r = replay(ToyModel{}, t, testing::toy_properties());
  ASSERT_TRUE(r.violated);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "violated at step 5; the trace says step 4");
}

TEST(Replay, LivenessLassoStillViolates) {
  const auto r = replay(ToyModel{}, testing::toy_liveness_trace(), testing::toy_properties());
  ASSERT_TRUE(r.replayed_ok) << r.error;
  EXPECT_TRUE(r.violated);
  EXPECT_EQ(r.violation_step, 3u);
  EXPECT_EQ(r.message, "steps 1..3 repeat forever and never reach the goal");
  EXPECT_EQ(r.note, "toy#1: the 1-2 loop");
  EXPECT_EQ(r.path.loop_start, 1u);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
}

TEST(Replay, LivenessHoldsWhenTheLoopReachesTheGoal) {
  const auto path = testing::toy_path({testing::Inc{}, testing::Dec{}}, 0);
  const auto t =
      to_stored_trace(ToyModel{}, path, testing::toy_meta("returns-to-zero", "liveness", 2, "old"));
  const auto r = replay(ToyModel{}, t, testing::toy_properties());
  ASSERT_TRUE(r.replayed_ok) << r.error;
  EXPECT_FALSE(r.violated);
  EXPECT_EQ(r.message, "holds: step 0 inside the loop is a goal state");
}

TEST(Replay, AnUnfairLoopDoesNotViolate) {
  // Stuck at 1 forever although inc (kubelet) and dec (controller) are enabled there: weak
  // fairness rules that run out, so the lasso is no counterexample.
  const auto path = testing::toy_path({testing::Inc{}}, 1);
  const auto t = to_stored_trace(ToyModel{}, path,
                                 testing::toy_meta("returns-to-zero", "liveness", 1, "stuck"));
  const auto r = replay(ToyModel{}, t, testing::toy_properties());
  ASSERT_TRUE(r.replayed_ok) << r.error;
  EXPECT_FALSE(r.violated);
  EXPECT_EQ(r.message, "holds: the loop is not weakly fair: actor class 0 is enabled in every loop state but never acts");
}

TEST(Replay, DetectsATamperedFingerprint) {
  const auto r = replay_edited([](Json& j) { j["steps"][3]["fingerprint"] = "0123456789abcdef"; });
  EXPECT_FALSE(r.replayed_ok);
  EXPECT_NE(r.error.find("t.json: step 3: fingerprint differs: trace 0123456789abcdef, model "),
            std::string::npos)
      << r.error;
  EXPECT_EQ(r.path.length(), 3u);  // as far as it got
}

TEST(Replay, DetectsAChangedModelAtTheInitialState) {
  const auto r = replay_text(testing::text_of(testing::toy_safety_trace()), ToyModel{7});
  EXPECT_FALSE(r.replayed_ok);
  EXPECT_NE(r.error.find("t.json: step 0: initial state differs: trace "), std::string::npos)
      << r.error;
}

TEST(Replay, ReportsANonApplicableAction) {
  const auto r = replay_edited([](Json& j) {
    j["steps"][1]["action"] =
        Json{{"actor", "controller"}, {"name", "dec"}, {"args", Json::object()}};
  });
  EXPECT_FALSE(r.replayed_ok);
  EXPECT_NE(
      r.error.find("t.json: step 1: action {\"actor\":\"controller\",\"name\":\"dec\",\"args\":{}} "
                   "is not enabled in the state of step 0"),
      std::string::npos)
      << r.error;
  EXPECT_FALSE(r.bad_trace);  // a valid trace that does not fit the model
}

TEST(Replay, ReportsAnUnknownActionName) {
  const auto r = replay_edited([](Json& j) { j["steps"][2]["action"]["name"] = "jump"; });
  EXPECT_FALSE(r.replayed_ok);
  EXPECT_EQ(r.error, "t.json: step 2: steps[2].action.name: unknown action 'jump'");
  EXPECT_TRUE(r.bad_trace);  // an invalid trace (exit 2), not a changed model
}

TEST(Replay, ReportsBadActionArguments) {
  const auto path = testing::toy_path({testing::Add{2}});
  auto t =
      to_stored_trace(ToyModel{}, path, testing::toy_meta("small-steps", "safety", 1, "jumped"));
  t.actions[0]["args"]["n"] = "two";
  const auto r = replay(ToyModel{}, t, testing::toy_properties());
  EXPECT_FALSE(r.replayed_ok);
  EXPECT_EQ(r.error, "<trace>: step 1: steps[1].action.args.n: expected an integer, got string");
  EXPECT_TRUE(r.bad_trace);
}

TEST(Replay, ReportsAnUnknownProperty) {
  const auto r = replay_edited([](Json& j) { j["property"] = "no-such-property"; });
  EXPECT_FALSE(r.replayed_ok);
  EXPECT_EQ(r.error,
            "t.json: property 'no-such-property' is not known to the model (known: below-five, "
            "small-steps, returns-to-zero)");
  EXPECT_TRUE(r.bad_trace);
}

TEST(Replay, EscapesControlCharactersOfAnUnknownProperty) {
  const auto r = replay_edited([](Json& j) { j["property"] = "x\x1b[2J\u202e"; });
  EXPECT_TRUE(r.bad_trace);
  EXPECT_EQ(r.error.find('\x1b'), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("property 'x\\u001b[2J\\u202e'"), std::string::npos) << r.error;
}

TEST(Replay, ReportsAKindMismatch) {
  const auto r = replay_edited([](Json& j) { j["property"] = "returns-to-zero"; });
  EXPECT_FALSE(r.replayed_ok);
  EXPECT_EQ(r.error,
            "t.json: kind: the trace says 'safety' but returns-to-zero is a liveness property");
  EXPECT_TRUE(r.bad_trace);
}

}  // namespace
}  // namespace stsmc::counterexamples
