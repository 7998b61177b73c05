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

/// The safety trace with `levels` nested arrays at the place `edit` marks with the string
/// "@DEEP@" (spliced into the text: building so deep a Json would itself recurse).
std::function<std::string()> deepened(std::function<void(Json&)> edit, int levels) {
  return [edit, levels] {
    Json j = stored_trace_to_json(testing::toy_safety_trace());
    edit(j);
    std::string text = j.dump();
    const auto at = text.find("\"@DEEP@\"");
    STSMC_CHECK(at != std::string::npos);
    const auto n = static_cast<std::size_t>(levels);
    return text.replace(at, 8, std::string(n, '[') + std::string(n, ']'));
  };
}

/// The minimized crashing input of issue 16: ~65k nested arrays in a step's state.
constexpr int kCrashDepth = 65'000;

const Corruption kCorruptions[] = {
    {"DeepState", deepened([](Json& j) { j["steps"][2]["state"]["x"] = "@DEEP@"; }, kCrashDepth),
     "steps[2].state: nested deeper than 64 levels (arrays and objects)"},
    {"DeepStateJustOverTheLimit",
     deepened([](Json& j) { j["steps"][2]["state"]["x"] = "@DEEP@"; }, 64),
     "steps[2].state: nested deeper than 64 levels"},
    {"DeepAction",
     deepened([](Json& j) { j["steps"][1]["action"]["args"]["n"] = "@DEEP@"; }, kCrashDepth),
     "steps[1].action: nested deeper than 64 levels"},
    {"DeepManifest", deepened([](Json& j) { j["manifest"]["set"] = "@DEEP@"; }, kCrashDepth),
     "manifest: nested deeper than 64 levels"},
    {"DeepBounds", deepened([](Json& j) { j["bounds"]["max"] = "@DEEP@"; }, 100),
     "bounds: nested deeper than 64 levels"},
    {"DeepUnknownField", deepened([](Json& j) { j["extra"] = "@DEEP@"; }, kCrashDepth),
     "extra: nested deeper than 64 levels"},
    {"DeepStepThatIsNotAnObject", deepened([](Json& j) { j["steps"][1] = "@DEEP@"; }, 100),
     "steps[1]: nested deeper than 64 levels"},
    {"DeepRoot", raw(std::string(70'000, '[') + std::string(70'000, ']')),
     "(root): nested deeper than 64 levels"},
    {"ConfigKubernetesANumber", edited([](Json& j) { j["config"]["kubernetes"] = 1.28; }),
     "config.kubernetes: expected a version string such as \"1.28\", got number"},
    {"ConfigKubernetesNull", edited([](Json& j) { j["config"]["kubernetes"] = nullptr; }),
     "config.kubernetes: expected a version string such as \"1.28\", got null"},
    {"ConfigFeatureGatesNotAnObject", edited([](Json& j) { j["config"]["featureGates"] = "on"; }),
     "config.featureGates: expected an object, got string"},
    {"ConfigFeatureGateNotABoolean",
     edited([](Json& j) { j["config"]["featureGates"]["StatefulSetStartOrdinal"] = 1; }),
     "config.featureGates.StatefulSetStartOrdinal: expected true or false, got number"},
    {"EscapeSequenceInKind", edited([](Json& j) { j["kind"] = "\x1b[2J\x1b]0;pwned\x07"; }),
     "kind: expected \"safety\" or \"liveness\", got '\\u001b[2J\\u001b]0;pwned\\u0007'"},
    {"BidiOverrideInFingerprint",
     edited([](Json& j) { j["steps"][1]["fingerprint"] = "\u202e0123456789abcde"; }),
     "steps[1].fingerprint: expected 16 lowercase hex digits, got '\\u202e0123456789abcde'"},
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
      << "message: " << m.substr(0, 500) << "\nexpected to contain: " << c.expected;
  EXPECT_EQ(m.find('\x1b'), std::string::npos) << "a raw escape reaches the terminal";
}

TEST(CorruptTrace, NestingUpToTheLimitIsAccepted) {
  // The state object is level 1, so 63 arrays inside it make 64 levels.
  const auto r = parse_trace(
      deepened([](Json& j) { j["steps"][2]["state"]["x"] = "@DEEP@"; }, 63)(), "ok.json");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->states[2]["x"].is_array());
}

TEST(CorruptTrace, AMillionLevelsAreRejectedQuickly) {
  const std::string text = deepened(
      [](Json& j) { j["steps"][1]["state"]["x"] = "@DEEP@"; }, 1'000'000)();
  const auto r = parse_trace(text, "bad.json");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("steps[1].state: nested deeper"), std::string::npos);
}

// nlohmann::json (3.11) destroys values with a heap stack, not recursion, so a deep value that
// some other reader built cannot overflow the stack when it goes away. Checked here because the
// trace reader relies on it (its own depth check comes before any copy or print).
TEST(CorruptTrace, NlohmannDestroysADeepValueWithoutRecursion) {
  const std::size_t n = 1'000'000;
  {
    Json deep = Json::parse(std::string(n, '[') + std::string(n, ']'));
    EXPECT_TRUE(deep.is_array());
  }
  SUCCEED();
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
