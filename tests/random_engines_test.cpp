// End-to-end: the random engines through the binary. A seed reproduces the same trace, finds
// replay, the reproduce line is printed, bad options exit 2, and the unmutated model stays clean
// on a short seeded fuzz of every example (the CI-sized version of the 10,000-case run that
// docs/mutants.md reports).
#include <gtest/gtest.h>

#include <string>

#include "core/json.h"
#include "e2e_support.h"

namespace stsmc::e2e {
namespace {

std::string example(const std::string& name) { return quoted(source_path("spec/examples/" + name + ".yaml")); }

Json steps_of(const std::string& file) { return Json::parse(read_text(file)).at("steps"); }

TEST(RandomEngines, OneSeedFindsTheSameFuzzTraceAndItReplays) {
  TempDir a("fuzz-a"), b("fuzz-b");
  const std::string args = example("web-parallel") + " --engine fuzz --mutant no-wait-on-update --seed 7 --walks 3000 --quiet";
  const auto r1 = run_stsmc("check " + args + " --out " + a.str());
  const auto r2 = run_stsmc("check " + args + " --out " + b.str());
  ASSERT_EQ(r1.exit_code, 1) << r1.output;
  ASSERT_EQ(r2.exit_code, 1) << r2.output;
  const std::string file = "web-parallel.web.partition-semantics.json";
  EXPECT_EQ(steps_of(a.str(file)), steps_of(b.str(file)));
  EXPECT_NE(r1.output.find("reproduce: stsmc check"), std::string::npos) << r1.output;
  EXPECT_NE(r1.output.find("--seed 7"), std::string::npos);
  const Json trace = Json::parse(read_text(a.str(file)));
  EXPECT_EQ(trace.at("engine"), "fuzz");
  EXPECT_EQ(trace.at("seed"), 7);
  EXPECT_EQ(trace.at("steps").size(), 5u);  // 4 actions: the explorer's shortest length
  EXPECT_EQ(run_stsmc("replay " + quoted(a.str(file)) + " --expect violated").exit_code, 0);
}

TEST(RandomEngines, SimulateFindsAMutantAndTheSameSeedGivesTheSameTraceOnAnyThreads) {
  TempDir a("sim-a"), b("sim-b");
  const std::string args =
      example("web-parallel") + " --engine simulate --mutant no-wait-on-update --seed 11 --walks 60 --quiet";
  const auto r1 = run_stsmc("check " + args + " --threads 1 --out " + a.str());
  const auto r2 = run_stsmc("check " + args + " --threads 2 --out " + b.str());
  ASSERT_EQ(r1.exit_code, 1) << r1.output;
  ASSERT_EQ(r2.exit_code, 1) << r2.output;
  const std::string file = "web-parallel.web.partition-semantics.json";
  EXPECT_EQ(steps_of(a.str(file)), steps_of(b.str(file)));
  EXPECT_EQ(run_stsmc("replay " + quoted(a.str(file)) + " --expect violated").exit_code, 0);
}

TEST(RandomEngines, AnUnseededRunPrintsItsSeedAndTheLineThatReproducesIt) {
  TempDir d("unseeded");
  const auto r = run_stsmc("check --engine fuzz --mutant wrong-identity --walks 50 --quiet --out " + d.str());
  ASSERT_EQ(r.exit_code, 1) << r.output;
  const auto at = r.output.find("engine fuzz: seed ");
  ASSERT_NE(at, std::string::npos) << r.output;
  const std::string seed = r.output.substr(at + 18, r.output.find(',', at) - at - 18);
  EXPECT_NE(r.output.find("reproduce: stsmc check --engine fuzz --mutant wrong-identity --walks 50 --quiet --out " +
                          d.str() + " --seed " + seed),
            std::string::npos)
      << r.output;
}

TEST(RandomEngines, JsonSummaryCountsWalksAndSaysNoViolation) {
  const auto r = run_stsmc("check --engine simulate --seed 3 --walks 40 --steps 50 --json", false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json j = Json::parse(r.output);
  EXPECT_EQ(j.at("engine"), "simulate");
  EXPECT_EQ(j.at("walks"), 40);
  EXPECT_GT(j.at("steps").get<int>(), 40 * 10);
  // status-accepted may meet upstream's own negative currentReplicas (two template switches in
  // a walk): known, not a violation.
  for (const auto& p : j.at("properties")) {
    if (p.at("property") == "status-accepted" && p.at("verdict") == "known-upstream") continue;
    EXPECT_EQ(p.at("verdict"), "no-violation") << p.dump();
  }
}

TEST(RandomEngines, LimitsStopWithExitThree) {
  const auto r = run_stsmc("check --engine simulate --seed 3 --walks 100000 --max-states 2000 --quiet");
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("STOPPED EARLY: max-steps"), std::string::npos) << r.output;
}

TEST(RandomEngines, BadOptionsExitTwoWithTheOptionNamed) {
  for (const auto& [args, needle] : std::vector<std::pair<std::string, std::string>>{
           {"--engine fuzz --walks 0", "--walks"},
           {"--engine simulate --steps 0", "--steps"},
           {"--engine simulate --steps 1000000", "--steps"},
           {"--engine fuzz --shrink-time -1", "--shrink-time"},
           {"--engine fuzz --budget scale=256", "--budget scale"},
           {"--engine simulate --max-replicas 501", "--max-replicas"},
           {"--engine warp", "--engine warp"},
       }) {
    const auto r = run_stsmc("check " + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(needle), std::string::npos) << args << "\n" << r.output;
  }
}

TEST(RandomEngines, FiftyReplicasAndFiveHundredStepWalksRun) {
  const auto r = run_stsmc("check --engine simulate --max-replicas 50 --steps 500 --walks 4 --seed 9 --json", false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json j = Json::parse(r.output);
  EXPECT_EQ(j.at("walks"), 4);
  EXPECT_GE(j.at("longest_walk").get<int>(), 500);
}

/// The CI-sized version of "no violation in 10,000 fuzz runs on each example".
TEST(RandomEngines, TheUnmutatedModelSurvivesASeededFuzzOfEveryExample) {
#ifdef STSMC_SANITIZE
  const int cases = 20;
#else
  const int cases = 200;
#endif
  for (const char* name : {"myapp", "db-canary", "queue-ondelete", "web-parallel", "cache-autodelete"}) {
    const auto r = run_stsmc("check " + example(name) + " --engine fuzz --seed 20261125 --shrink-time 2 --walks " +
                             std::to_string(cases) + " --json", false);
    EXPECT_EQ(r.exit_code, 0) << name << "\n" << r.output;
  }
}

}  // namespace
}  // namespace stsmc::e2e
