// The CLI contract (docs/architecture.md §7) through the built binary: exit codes, trace and JUnit files,
// the JSON summary, lint and conform.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "core/json.h"
#include "e2e_support.h"

namespace stsmc::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kStallOptions =
    "--broken-template --budget update-template=2 --budget pod-failed=0 --budget delete-pod=0";

/// The <testcase name="NAME" ...>...</testcase> element of a JUnit report ("" if absent).
std::string junit_testcase(const std::string& xml, const std::string& name) {
  const auto begin = xml.find("name=\"" + name + "\"");
  if (begin == std::string::npos) return "";
  const auto end = xml.find("</testcase>", begin);
  return xml.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

TEST(Cli, CheckDefaultManifestHoldsAndWritesJunitWithTenTestcases) {
  TempDir dir("check");
  const auto r = run_stsmc("check --quiet --out " + quoted(dir.str()) + " --junit " + quoted(dir.str("j.xml")));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const std::string xml = read_text(dir.path() / "j.xml");
  EXPECT_EQ(count(xml, "<testcase "), 10u) << xml;
  EXPECT_EQ(count(xml, "<failure"), 0u) << xml;
  for (const auto* id : {"ordered-creation", "reverse-deletion", "identity-stability", "pvc-retention",
                         "partition-semantics", "status-accuracy", "creates-accepted", "deletes-accepted",
                         "status-accepted", "convergence"})
    EXPECT_FALSE(junit_testcase(xml, id).empty()) << id;
}

TEST(Cli, KnownStallExitsZeroAndWritesTheConvergenceTrace) {
  TempDir dir("stall");
  const auto r = run_stsmc("check --quiet " + kStallOptions + " --out " + quoted(dir.str()) + " --junit " +
                           quoted(dir.str("j.xml")));
  EXPECT_EQ(r.exit_code, 0) << "a known upstream violation is not a failure by default\n" << r.output;
  EXPECT_NE(r.output.find("kubernetes#67250"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "myapp.myapp.convergence.json"));
  const std::string xml = read_text(dir.path() / "j.xml");
  EXPECT_EQ(junit_testcase(xml, "convergence").find("<failure"), std::string::npos) << xml;
}

TEST(Cli, FailOnKnownMakesTheKnownStallAFailure) {
  TempDir dir("failonknown");
  const auto r = run_stsmc("check --quiet --fail-on-known " + kStallOptions + " --out " + quoted(dir.str()) +
                           " --junit " + quoted(dir.str("j.xml")));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  const std::string xml = read_text(dir.path() / "j.xml");
  const std::string tc = junit_testcase(xml, "convergence");
  ASSERT_FALSE(tc.empty()) << xml;
  EXPECT_NE(tc.find("<failure"), std::string::npos) << xml;
  EXPECT_NE(tc.find("myapp.myapp.convergence.json"), std::string::npos) << "the failure names the trace\n" << xml;
  // and status-accepted's known negative currentReplicas of the second template switch
  EXPECT_NE(junit_testcase(xml, "status-accepted").find("<failure"), std::string::npos) << xml;
  EXPECT_EQ(count(xml, "<failure"), 2u) << xml;
}

TEST(Cli, ReplayOfTheStallTraceIsViolatedAndATruncatedCopyIsRejected) {
  TempDir dir("replay");
  ASSERT_EQ(run_stsmc("check --quiet " + kStallOptions + " --out " + quoted(dir.str())).exit_code, 0);
  const fs::path trace = dir.path() / "myapp.myapp.convergence.json";
  ASSERT_TRUE(fs::is_regular_file(trace));

  const auto ok = run_stsmc("replay " + quoted(trace.string()) + " --expect violated");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("kubernetes#67250"), std::string::npos) << ok.output;
  EXPECT_EQ(run_stsmc("replay " + quoted(trace.string()) + " --expect holds").exit_code, 1);

  const std::string text = read_text(trace);
  const fs::path cut = dir.path() / "truncated.json";
  write_text(cut, text.substr(0, text.size() / 2));
  const auto bad = run_stsmc("replay " + quoted(cut.string()) + " --expect violated");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("truncated.json"), std::string::npos) << "the error names the file\n" << bad.output;
}

TEST(Cli, MaxStatesStopsWithExitThree) {
  TempDir dir("limit");
  const auto r = run_stsmc("check --max-states 100 --quiet --out " + quoted(dir.str()));
  EXPECT_EQ(r.exit_code, 3) << r.output;
}

class CliUsageError : public ::testing::TestWithParam<std::string> {};

TEST_P(CliUsageError, ExitsTwoWithAMessage) {
  TempDir dir("usage");
  const auto r = run_stsmc("check " + GetParam() + " --quiet --out " + quoted(dir.str()));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("error"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_empty(dir.path())) << "nothing is written on a usage error";
}

std::string usage_case_name(const ::testing::TestParamInfo<std::string>& info) {
  static const std::vector<std::string> kNames = {"max_replicas_999", "unknown_budget", "unknown_property",
                                                  "missing_manifest"};
  return kNames.at(info.index);
}

INSTANTIATE_TEST_SUITE_P(Check, CliUsageError,
                         ::testing::Values("--max-replicas 999", "--budget nope=1", "--property nope",
                                           "/nonexistent.yaml"),
                         usage_case_name);

TEST(Cli, LintAcceptsEveryExample) {
  std::vector<fs::path> examples;
  for (const auto& f : fs::directory_iterator(source_path("spec/examples")))
    if (f.path().extension() == ".yaml") examples.push_back(f.path());
  ASSERT_EQ(examples.size(), 6u);
  for (const auto& e : examples) {
    const auto r = run_stsmc("lint " + quoted(e.string()));
    EXPECT_EQ(r.exit_code, 0) << e << "\n" << r.output;
  }
}

TEST(Cli, LintRejectsAMalformedManifestWithFileLineColumn) {
  TempDir dir("lint");
  const fs::path bad = dir.path() / "broken.yaml";
  write_text(bad, "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: -3\n");
  const auto r = run_stsmc("lint " + quoted(bad.string()));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex("broken\\.yaml:6:[0-9]+: spec\\.replicas"))) << r.output;

  const fs::path syntax = dir.path() / "syntax.yaml";
  write_text(syntax, "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: [oops\n");
  const auto s = run_stsmc("lint " + quoted(syntax.string()));
  EXPECT_EQ(s.exit_code, 2) << s.output;
  EXPECT_TRUE(std::regex_search(s.output, std::regex("syntax\\.yaml:[0-9]+:[0-9]+: "))) << s.output;
}

TEST(Cli, ConformReplaysTheWholeKubernetes128Corpus) {
  const auto r = run_stsmc("conform " + quoted(source_path("tests/conformance/kubernetes-1.28")));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("67 scenarios"), std::string::npos) << r.output;
}

TEST(Cli, ConformReportsAnAlteredFieldWithScenarioStepAndField) {
  TempDir dir("conform");
  const std::string stem = "03-rolling-update-partition-1";
  const fs::path src = source_path("tests/conformance/kubernetes-1.28");
  fs::copy_file(src / (stem + ".json"), dir.path() / (stem + ".json"));
  // Alter the first "ready":true of the recorded step with index 18 (late in the rollout).
  std::ifstream in(src / (stem + ".trace.jsonl"));
  std::string line, altered;
  bool done = false;
  while (std::getline(in, line)) {
    if (!done && line.find("\"index\":18,") != std::string::npos) {
      const auto at = line.find("\"ready\":true");
      ASSERT_NE(at, std::string::npos) << line;
      line.replace(at, 12, "\"ready\":false");
      done = true;
    }
    altered += line + "\n";
  }
  ASSERT_TRUE(done) << "no step with index 18 in " << stem;
  write_text(dir.path() / (stem + ".trace.jsonl"), altered);

  const auto r = run_stsmc("conform " + quoted(dir.str()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("rolling-update-partition-1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("step 18"), std::string::npos) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex("pods\\.web-[0-9]+\\.ready"))) << r.output;
}

TEST(Cli, CheckJsonPrintsOneValidSummaryWithTenProperties) {
  TempDir dir("json");
  const auto r = run_stsmc("check --json --quiet --out " + quoted(dir.str()), /*merge_stderr=*/false);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const Json j = Json::parse(r.output, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(j.is_discarded()) << "not JSON:\n" << r.output;
  ASSERT_TRUE(j.contains("properties") && j["properties"].is_array()) << r.output;
  EXPECT_EQ(j["properties"].size(), 10u);
  for (const auto& p : j["properties"]) EXPECT_EQ(p.value("verdict", ""), "holds") << p.dump();
  EXPECT_EQ(j.value("exit_code", -1), 0);
  EXPECT_EQ(j.value("complete", false), true);
  EXPECT_EQ(j.value("states", 0), 12790) << "myapp with partial-order reduction (docs/checking.md)";
  EXPECT_EQ(j.value("partial_order_reduction", false), true);
  // --no-por: the full state space, the golden count of myapp (golden_counts_test.cpp).
  const auto full = run_stsmc("check --json --quiet --no-por --out " + quoted(dir.str()), /*merge_stderr=*/false);
  const Json f = Json::parse(full.output, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(f.is_discarded()) << "not JSON:\n" << full.output;
  EXPECT_EQ(f.value("states", 0), 16294);
  EXPECT_EQ(f.value("partial_order_reduction", true), false);
  EXPECT_EQ(f["properties"], j["properties"]);  // the same verdicts
}

}  // namespace
}  // namespace stsmc::e2e
