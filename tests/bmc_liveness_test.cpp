// End to end: `stsmc check --engine bmc` finds the convergence mutants' lassos at the selftest's
// bounds and the explorer's trace lengths (cli/selftest_command.cpp's exposure_of), writes traces
// that `stsmc replay` confirms, and agrees with the explorer on the unmutated model.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "e2e_support.h"

namespace stsmc::e2e {
namespace {

namespace fs = std::filesystem;

struct LiveMutant {
  std::string name, manifest, budgets;
  int depth;  // the explorer's trace length (counterexamples/corpus/mutant-<name>.json)
};

const LiveMutant kMutants[] = {
    {"failed-not-recreated", "myapp", "", 6},
    {"succeeded-not-recreated", "myapp", "--budget pod-succeeded=1 --budget pod-failed=0", 6},
};
// ignore-stale-claims (queue-ondelete, depth 9: about 63 s) is killed by bmc in the selftest test.

class BmcLiveness : public ::testing::TestWithParam<LiveMutant> {};

TEST_P(BmcLiveness, FindsTheMutantsLassoAndItReplays) {
  const auto& m = GetParam();
  TempDir dir("bmc-live-" + m.name);
  const auto r = run_stsmc("check --quiet --engine bmc --property convergence --depth " + std::to_string(m.depth) +
                           " --mutant " + m.name + " " + m.budgets + " --out " + quoted(dir.str()) + " " +
                           quoted(source_path("spec/examples/" + m.manifest + ".yaml")));
  ASSERT_EQ(r.exit_code, 1) << r.output;
  fs::path trace;
  for (const auto& e : fs::directory_iterator(dir.path()))
    if (e.path().filename().string().find("convergence") != std::string::npos) trace = e.path();
  ASSERT_FALSE(trace.empty()) << r.output;
  const std::string text = read_text(trace);
  EXPECT_NE(text.find("\"loop_start\""), std::string::npos);
  EXPECT_NE(text.find("\"engine\": \"bmc\""), std::string::npos) << text.substr(0, 400);
  const auto replay = run_stsmc("replay " + quoted(trace.string()) + " --expect violated");
  EXPECT_EQ(replay.exit_code, 0) << replay.output;
}

INSTANTIATE_TEST_SUITE_P(ConvergenceMutants, BmcLiveness, ::testing::ValuesIn(kMutants),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

/// The unmutated myapp example: the explorer says convergence holds, so must bmc (to a depth).
TEST(BmcLivenessUnmutated, MyappAgreesWithTheExplorer) {
  TempDir dir("bmc-live-myapp");
  const std::string manifest = quoted(source_path("spec/examples/myapp.yaml"));
  const auto ex = run_stsmc("check --quiet --property convergence --out " + quoted(dir.str()) + " " + manifest);
  ASSERT_EQ(ex.exit_code, 0) << ex.output;
#ifdef STSMC_SANITIZE
  const std::string depth = "3";
#else
  const std::string depth = "6";
#endif
  const auto r = run_stsmc("check --quiet --engine bmc --property convergence --depth " + depth + " --out " +
                           quoted(dir.str()) + " " + manifest);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no-violation"), std::string::npos) << r.output;
}

TEST(BmcLivenessUnmutated, ProveRejectsConvergence) {
  const auto r = run_stsmc("prove " + quoted(source_path("spec/examples/myapp.yaml")) + " --property convergence");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("liveness"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace stsmc::e2e
