// Corrupted trace files: each is rejected by parse_trace with kBadTrace and a message naming the
// file, the JSON path and what is wrong.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "counterexamples/testing/toy_traces.h"
#include "counterexamples/trace.h"

namespace stsmc::counterexamples {
namespace {

struct Corruption {
  std::string name;
  std::function<std::string()> text;  ///< the corrupted file
  std::string expected;               ///< must appear in the message, after "bad.json: "
};

/// The safety trace's document, changed by `edit`.
std::function<std::string()> edited(std::function<void(Json&)> edit, bool liveness = false) {
  return [edit, liveness] {
    Json j = stored_trace_to_json(liveness ? testing::toy_liveness_trace()
                                           : testing::toy_safety_trace());
    edit(j);
    return j.dump(2);
  };
}

std::function<std::string()> raw(std::string text) {
  return [text] { return text; };
}

const Corruption kCorruptions[] = {
    {"TruncatedJson",
     [] {
       const auto s = testing::text_of(testing::toy_safety_trace());
       return s.substr(0, s.size() / 2);
     },
     "not JSON: parse error at line"},
    {"EmptyFile", raw(""), "empty file (expected a stsmc-trace/1 JSON document)"},
    {"OnlyWhitespace", raw(" \n\t\n"), "empty file"},
    {"BinaryJunk",
     raw(std::string("\x7f"
                     "ELF\x02\x01\x01\x00\x00",
                     9)),
     "binary data, not a JSON trace (byte 0x02 at offset 4)"},
    {"TrailingGarbage", [] { return testing::text_of(testing::toy_safety_trace()) + "\n}"; },
     "not JSON: parse error"},
    {"RootIsAnArray", raw("[1, 2]"), "(root): expected an object, got array"},
    {"MissingFormat", edited([](Json& j) { j.erase("format"); }),
     "format: missing field (expected \"stsmc-trace/1\""},
    {"WrongFormat", edited([](Json& j) { j["format"] = "otel-trace"; }),
     "format: not a stsmc trace: 'otel-trace'"},
    {"FutureFormatVersion", edited([](Json& j) { j["format"] = "stsmc-trace/2"; }),
     "format: unsupported trace format version 'stsmc-trace/2' (this build reads stsmc-trace/1 "
     "only)"},
    {"FormatNotAString", edited([](Json& j) { j["format"] = 1; }),
     "format: expected a string, got number"},
    {"MissingProperty", edited([](Json& j) { j.erase("property"); }), "property: missing field"},
    {"BadKind", edited([](Json& j) { j["kind"] = "maybe"; }),
     "kind: expected \"safety\" or \"liveness\", got 'maybe'"},
    {"SeedNotANumber", edited([](Json& j) { j["seed"] = "42"; }),
     "seed: expected a non-negative integer, got string"},
    {"MutantNotAString", edited([](Json& j) { j["mutant"] = 3; }),
     "mutant: expected a string or null, got number"},
    {"ManifestNotAnObject", edited([](Json& j) { j["manifest"] = Json::array(); }),
     "manifest: expected an object, got array"},
    {"MissingBounds", edited([](Json& j) { j.erase("bounds"); }), "bounds: missing field"},
    {"MissingSteps", edited([](Json& j) { j.erase("steps"); }), "steps: missing field"},
    {"StepsNotAnArray", edited([](Json& j) { j["steps"] = Json::object(); }),
     "steps: expected an array, got object"},
    {"NoSteps", edited([](Json& j) { j["steps"] = Json::array(); }),
     "steps: empty; a trace has at least the initial state"},
    {"StepNotAnObject", edited([](Json& j) { j["steps"][1] = 7; }),
     "steps[1]: expected an object, got number"},
    {"BadStepNumbering", edited([](Json& j) { j["steps"][2]["i"] = 5; }),
     "steps[2].i: steps must be numbered 0, 1, 2, ...: expected 2, got 5"},
    {"NegativeStepNumber", edited([](Json& j) { j["steps"][0]["i"] = -1; }),
     "steps[0].i: expected a non-negative integer, got -1"},
    {"StepZeroNotInit", edited([](Json& j) { j["steps"][0]["action"] = j["steps"][1]["action"]; }),
     "steps[0].action: step 0 must be the initial state, {\"actor\": \"init\"}"},
    {"InitAfterStepZero", edited([](Json& j) {
       j["steps"][3]["action"] = Json{{"actor", "init"}};
     }),
     "steps[3].action.actor: \"init\" is allowed only at step 0"},
    {"ActionNotAnObject", edited([](Json& j) { j["steps"][1]["action"] = "inc"; }),
     "steps[1].action: expected an object, got string"},
    {"MissingAction", edited([](Json& j) { j["steps"][4].erase("action"); }),
     "steps[4].action: missing field"},
    {"StateNotAnObject", edited([](Json& j) { j["steps"][2]["state"] = Json::array({3}); }),
     "steps[2].state: expected an object, got array"},
    {"BadFingerprint", edited([](Json& j) { j["steps"][4]["fingerprint"] = "xyz"; }),
     "steps[4].fingerprint: expected 16 lowercase hex digits, got 'xyz'"},
    {"UppercaseFingerprint",
     edited([](Json& j) { j["steps"][1]["fingerprint"] = "ABCDEF0123456789"; }),
     "steps[1].fingerprint: expected 16 lowercase hex digits, got 'ABCDEF0123456789'"},
    {"MissingFingerprint", edited([](Json& j) { j["steps"][3].erase("fingerprint"); }),
     "steps[3].fingerprint: missing field"},
    {"MissingViolation", edited([](Json& j) { j.erase("violation"); }), "violation: missing field"},
    {"ViolationStepOutOfRange", edited([](Json& j) { j["violation"]["step"] = 99; }),
     "violation.step: out of range: 99 but the trace has steps 0..5"},
    {"ViolationWithoutMessage", edited([](Json& j) { j["violation"].erase("message"); }),
     "violation.message: missing field"},
    {"LoopStartInSafetyTrace", edited([](Json& j) { j["loop_start"] = 1; }),
     "loop_start: must be null in a safety trace"},
    {"LivenessWithoutLoop", edited([](Json& j) { j["loop_start"] = nullptr; }, true),
     "loop_start: a liveness trace must be a lasso: loop_start is null"},
    {"LoopStartOutOfRange", edited([](Json& j) { j["loop_start"] = 4; }, true),
     "loop_start: out of range: 4 but the trace has steps 0..3"},
    {"LoopDoesNotClose", edited([](Json& j) { j["loop_start"] = 2; }, true),
     "loop_start: not a lasso: step 3 (fingerprint"},
    {"NoteNotAString", edited([](Json& j) { j["note"] = Json::array(); }),
     "note: expected a string or null, got array"},
};

class CorruptTrace : public ::testing::TestWithParam<Corruption> {};

TEST_P(CorruptTrace, IsRejectedWithAPreciseMessage) {
  const auto& c = GetParam();
  const auto r = parse_trace(c.text(), "bad.json");
  ASSERT_FALSE(r.has_value()) << c.name << " was accepted";
  EXPECT_EQ(r.error().code, ErrorCode::kBadTrace);
  const auto& m = r.error().message;
  EXPECT_TRUE(m.starts_with("bad.json: ")) << m;
  EXPECT_NE(m.find(c.expected), std::string::npos)
      << "message: " << m << "\nexpected to contain: " << c.expected;
}

INSTANTIATE_TEST_SUITE_P(Files, CorruptTrace, ::testing::ValuesIn(kCorruptions),
                         [](const auto& info) { return info.param.name; });

TEST(CorruptTrace, TruncatedJsonNamesTheByteOffset) {
  const auto text = testing::text_of(testing::toy_safety_trace()).substr(0, 40);
  const auto r = parse_trace(text, "bad.json");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("(byte offset 40)"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace stsmc::counterexamples
