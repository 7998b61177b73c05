// Writing and reading stsmc-trace/1 documents: round trips, the contract's key order, and files.
#include "counterexamples/trace.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "counterexamples/atomic_file.h"
#include "counterexamples/testing/toy_traces.h"

namespace stsmc::counterexamples {
namespace {

using testing::ToyModel;
namespace fs = std::filesystem;

fs::path scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = fs::temp_directory_path() /
             ("stsmc-trace-test-" + std::to_string(::getpid()) + "-" + info->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(Trace, WritesTheContractShape) {
  const Json j = stored_trace_to_json(testing::toy_safety_trace());
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"format", "property", "kind", "engine", "seed",
                                            "mutant", "manifest", "bounds", "config", "steps",
                                            "loop_start", "violation", "note"}));
  EXPECT_EQ(j["format"], "stsmc-trace/1");
  EXPECT_EQ(j["steps"][0]["action"], (Json{{"actor", "init"}}));
  EXPECT_EQ(j["steps"][1]["action"],
            (Json{{"actor", "kubelet"}, {"name", "inc"}, {"args", Json::object()}}));
  EXPECT_EQ(j["steps"][5]["state"], (Json{{"counter", 5}}));
  EXPECT_EQ(j["steps"][5]["i"], 5);
  EXPECT_EQ(j["violation"], (Json{{"step", 5}, {"message", "counter is 5"}}));
  EXPECT_TRUE(j["loop_start"].is_null());
  EXPECT_TRUE(j["mutant"].is_null());
  EXPECT_TRUE(j["note"].is_null());
  EXPECT_EQ(j["config"], (Json{{"kubernetes", "1.28"}}));
}

TEST(Trace, FingerprintsAreSixteenLowercaseHexDigitsOfTheModelsFingerprint) {
  EXPECT_EQ(fingerprint_hex(0), "0000000000000000");
  EXPECT_EQ(fingerprint_hex(0xABCDEF0123456789ULL), "abcdef0123456789");
  const auto t = testing::toy_safety_trace();
  ASSERT_EQ(t.fingerprints.size(), 6u);
  EXPECT_EQ(t.fingerprints[3], fingerprint_hex(ToyModel{}.fingerprint(testing::ToyState{3})));
}

TEST(Trace, RoundTripsThroughText) {
  for (const auto& original : {testing::toy_safety_trace(), testing::toy_liveness_trace()}) {
    auto parsed = parse_trace(testing::text_of(original), "t.json");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->source, "t.json");
    parsed->source.clear();
    EXPECT_TRUE(*parsed == original) << testing::text_of(*parsed);
    EXPECT_EQ(stored_trace_to_json(*parsed), stored_trace_to_json(original));
  }
}

TEST(Trace, NullManifestAndBoundsAreWrittenAsEmptyObjects) {
  auto t = testing::toy_safety_trace();
  t.meta.manifest = nullptr;
  t.meta.bounds = nullptr;
  t.meta.extra = nullptr;
  t.meta.seed.reset();
  t.meta.mutant = "skip-partition";
  const Json j = stored_trace_to_json(t);
  EXPECT_EQ(j["manifest"], Json::object());
  EXPECT_EQ(j["bounds"], Json::object());
  EXPECT_EQ(j["config"], Json::object());
  EXPECT_TRUE(j["seed"].is_null());
  auto back = parse_trace(j.dump(), "t.json");
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_FALSE(back->meta.seed.has_value());
  EXPECT_EQ(back->meta.mutant, "skip-partition");
}

TEST(Trace, AcceptsTheContractExampleShape) {
  // docs/architecture.md §6 shows step 0 without a fingerprint and no "config" or "note".
  Json j = stored_trace_to_json(testing::toy_safety_trace());
  j["steps"][0].erase("fingerprint");
  j.erase("config");
  j.erase("note");
  j["added-by-a-later-writer"] = true;  // unknown fields are ignored within a major version
  auto t = parse_trace(j.dump(), "t.json");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(t->fingerprints[0], "");
  EXPECT_EQ(t->meta.extra, Json::object());
  EXPECT_EQ(t->meta.note, "");
}

TEST(Trace, ReadsAFile) {
  const auto dir = scratch_dir();
  const auto file = (dir / "t.json").string();
  ASSERT_TRUE(
      write_file_atomically(file, testing::text_of(testing::toy_liveness_trace())).has_value());
  auto t = read_trace_file(file);
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(t->source, file);
  EXPECT_EQ(t->loop_start, 1u);
  EXPECT_EQ(t->meta.note, "toy#1: the 1-2 loop");
  fs::remove_all(dir);
}

TEST(Trace, ReportsUnreadableFilesAsIo) {
  const auto dir = scratch_dir();
  auto missing = read_trace_file((dir / "nope.json").string());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  EXPECT_NE(missing.error().message.find("nope.json: cannot read: no such file"),
            std::string::npos);
  auto directory = read_trace_file(dir.string());
  ASSERT_FALSE(directory.has_value());
  EXPECT_EQ(directory.error().code, ErrorCode::kIo);
  EXPECT_NE(directory.error().message.find("is a directory"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Trace, RejectsHugeFilesUnread) {
  const auto dir = scratch_dir();
  const auto file = dir / "huge.json";
  { std::ofstream(file) << "{"; }
  fs::resize_file(file, kMaxTraceFileBytes + 1);  // sparse: no disk space used
  auto t = read_trace_file(file.string());
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, ErrorCode::kBadTrace);
  EXPECT_NE(t.error().message.find("too large for a trace"), std::string::npos)
      << t.error().message;
  fs::remove_all(dir);
}

TEST(Trace, TheDocumentedExampleIsValid) {
  std::ifstream in(std::string(STSMC_SOURCE_DIR) + "/docs/trace-format.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const auto text = doc.str();
  const auto begin = text.find("```json\n");
  ASSERT_NE(begin, std::string::npos) << "docs/trace-format.md has no example";
  const auto end = text.find("```", begin + 8);
  auto t = parse_trace(text.substr(begin + 8, end - begin - 8), "docs/trace-format.md");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(t->meta.violation_step, 2u);
  EXPECT_EQ(t->meta.extra["kubernetes"], "1.28");
}

}  // namespace
}  // namespace stsmc::counterexamples
