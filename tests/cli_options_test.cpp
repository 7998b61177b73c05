// The command line as a CI pipeline meets it (issue 15), through the built binary: options in
// any order, every number range-checked and every output path checked before any work, traces
// named by file and set, several StatefulSets of one file checked in one run, `run --mutant`,
// revision numbers in `show`, and the version and context in --version, JSON, JUnit and traces.
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

const std::string kStall = "--broken-template --budget update-template=2 --budget pod-failed=0 --budget delete-pod=0";

std::string myapp() { return quoted(source_path("spec/examples/myapp.yaml")); }

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

/// myapp.yaml's StatefulSet under `name`, with `replicas` and `policy` (a document, no Service).
std::string set_document(const std::string& name, int replicas, const std::string& policy = "OrderedReady") {
  return "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: " + name +
         "\nspec:\n  serviceName: myapp-svc\n  replicas: " + std::to_string(replicas) +
         "\n  podManagementPolicy: " + policy +
         "\n  selector:\n    matchLabels:\n      app: " + name + "\n  template:\n    metadata:\n      labels:\n"
         "        app: " + name + "\n    spec:\n      containers:\n        - name: nginx\n          image: nginx:1\n";
}

// --- 1. options in any order -------------------------------------------------------------------

TEST(CliOptions, RepeatableOptionsBeforeTheManifestLeaveItToThePositional) {
  TempDir dir("order");
  const auto r = run_stsmc("check --budget scale=2 --property ordered-creation --property reverse-deletion " + myapp() +
                               " --json --out " + quoted(dir.str()),
                           false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json j = Json::parse(r.output);
  EXPECT_EQ(j["properties"].size(), 2u) << r.output;
  EXPECT_EQ(j["bounds"]["budgets"]["scale"], 2) << r.output;
  EXPECT_TRUE(j["manifest"].get<std::string>().ends_with("myapp.yaml")) << r.output;

  const auto p = run_stsmc("prove --budget scale=1 --property ordered-creation " + myapp() + " --max-k 2 --quiet --out " +
                           quoted(dir.str()));
  EXPECT_EQ(p.exit_code, 0) << p.output;
  EXPECT_TRUE(has(p.output, "ordered-creation       step       proved")) << p.output;
}

TEST(CliOptions, FaultsTurnOnWriteErrorsAndRefuseWhatIsNotModelled) {
  TempDir dir("faults");
  const std::string out = " --out " + quoted(dir.str());
  const auto plain = run_stsmc("check " + myapp() + " --json" + out, false);
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  const auto faulty = run_stsmc("check " + myapp() + " --faults write-errors --json" + out, false);
  ASSERT_EQ(faulty.exit_code, 0) << faulty.output;
  const Json p = Json::parse(plain.output), f = Json::parse(faulty.output);
  EXPECT_FALSE(p["bounds"]["budgets"].contains("write_error")) << "left out at zero, as in older traces";
  EXPECT_EQ(f["bounds"]["budgets"]["write_error"], 1);
  EXPECT_GT(f["coverage"]["write-error"].get<std::int64_t>(), 0) << faulty.output;
  EXPECT_GT(f["states"].get<std::int64_t>(), p["states"].get<std::int64_t>());
  // --budget overrides the kind's default; `all` is every modelled kind; the random engines get 8.
  const auto two = run_stsmc("check " + myapp() + " --faults all --budget write-error=2 --max-states 10 --json" + out, false);
  EXPECT_EQ(Json::parse(two.output)["bounds"]["budgets"]["write_error"], 2) << two.output;
  const auto walks = run_stsmc("check " + myapp() + " --faults write-errors,restart --engine simulate --walks 20 --seed 1 --json" + out, false);
  ASSERT_EQ(walks.exit_code, 0) << walks.output;
  EXPECT_EQ(Json::parse(walks.output)["bounds"]["budgets"]["write_error"], 8);
  // Misspelt, or for an engine without the fault: exit 2 before any work.
  auto r = run_stsmc("check " + myapp() + " --faults write-erors" + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.output, "(did you mean 'write-errors'?)")) << r.output;
  // bmc has the write-error action: the unmutated controller keeps every safety property with
  // one failed write, to a small depth.
  r = run_stsmc("check --engine bmc --depth 4 " + myapp() + " --faults write-errors --json" + out, false);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(Json::parse(r.output)["bounds"]["budgets"]["write_error"], 1);
}

TEST(CliOptions, StaleReadsLetListersLagAndFindWhatUpstreamDoesOnItsCaches) {
  TempDir dir("stale");
  const std::string out = " --out " + quoted(dir.str());
  // Only the scale (the findings need no other user action): 1.4 k states instead of 290 k,
  // since a known finding does not end the search.
  const std::string small = " --budget update-template=0 --budget delete-pod=0 --budget pod-failed=0";
  // A pod lister that has not seen myapp-1 yet, and a scale to 0: the controller deletes
  // myapp-0 while myapp-1 exists (docs/faults.md, "Stale reads"). Upstream does that on its
  // caches: known upstream behaviour, exit 0; with --fail-on-known a violation, exit 1.
  const auto r = run_stsmc("check " + myapp() + " --faults stale-reads --property reverse-deletion --json" + small + out, false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json j = Json::parse(r.output);
  EXPECT_EQ(j["properties"][0]["verdict"], "known-upstream") << r.output;
  EXPECT_TRUE(has(j["properties"][0]["note"].get<std::string>(), "lagging listers (pods)")) << r.output;
  TempDir other_dir("stale-other");  // the runs below must not overwrite r's trace
  const std::string other = " --out " + quoted(other_dir.str());
  const auto strict = run_stsmc(
      "check " + myapp() + " --faults stale-reads --property reverse-deletion --fail-on-known --json" + small + other, false);
  ASSERT_EQ(strict.exit_code, 1) << strict.output;
  EXPECT_EQ(Json::parse(strict.output)["properties"][0]["verdict"], "violated") << strict.output;
  // A mutant's own step on a lagging lister is not upstream's: scale-down-lowest-first deletes
  // the lowest pod also with up-to-date listers, and that is reported as a violation.
  const auto mutant = run_stsmc("check " + myapp() +
                                    " --faults stale-reads --mutant scale-down-lowest-first --property reverse-deletion --json" + small + other,
                                false);
  ASSERT_EQ(mutant.exit_code, 1) << mutant.output;
  EXPECT_EQ(Json::parse(mutant.output)["properties"][0]["note"], "") << mutant.output;
  // A search that stopped early has not decided a property it only saw known behaviour of.
  const auto cut = run_stsmc(
      "check " + myapp() + " --faults stale-reads --property status-accuracy --max-states 2000 --json" + other, false);
  ASSERT_EQ(cut.exit_code, 3) << cut.output;
  const Json c = Json::parse(cut.output)["properties"][0];
  EXPECT_EQ(c["verdict"], "unknown") << cut.output;
  EXPECT_TRUE(has(c["message"].get<std::string>(), "met known upstream behaviour")) << cut.output;
  EXPECT_NE(c["note"], "") << cut.output;
  EXPECT_EQ(j["bounds"]["budgets"]["informer_lag"], 1);
  EXPECT_EQ(j["bounds"]["cache_lag"], 1);
  EXPECT_GT(j["coverage"]["informer-lag"].get<std::int64_t>(), 0) << r.output;
  EXPECT_GT(j["coverage"]["informer-sync"].get<std::int64_t>(), 0) << r.output;
  const std::string trace = j["properties"][0]["trace"];
  const auto replay = run_stsmc("replay " + quoted(trace) + " --expect violated");
  EXPECT_EQ(replay.exit_code, 0) << replay.output;
  const Json t = Json::parse(read_text(trace));
  bool lagged = false;
  for (const auto& s : t["steps"]) lagged = lagged || s["state"].contains("caches");
  EXPECT_TRUE(lagged) << "the trace's states carry the lagging lister";
  // --cache-lag: 1..3, and only with the fault; bmc and prove model a lag of one.
  const auto two = run_stsmc("check " + myapp() + " --faults stale-reads --cache-lag 2 --max-states 10 --json" + out, false);
  EXPECT_EQ(Json::parse(two.output)["bounds"]["cache_lag"], 2) << two.output;
  for (const std::string bad : {"--cache-lag 1", "--faults stale-reads --cache-lag 4", "--faults stale-reads --cache-lag 0"}) {
    const auto e = run_stsmc("check " + myapp() + " " + bad + out);
    EXPECT_EQ(e.exit_code, 2) << bad << "\n" << e.output;
    EXPECT_TRUE(has(e.output, "--cache-lag")) << e.output;
  }
  const auto lag2 = run_stsmc("check --engine bmc " + myapp() + " --faults stale-reads --cache-lag 2" + out);
  EXPECT_EQ(lag2.exit_code, 2);
  EXPECT_TRUE(has(lag2.output, "model listers that lag one write per kind")) << lag2.output;
  // bmc finds the explorer's f13 (a create of a pod the lagging pod lister does not list) at the
  // same depth, and its trace replays through the explicit model.
  const auto bmc = run_stsmc("check --engine bmc " + myapp() +
                                 " --faults stale-reads --property creates-accepted --depth 3 --json" + out,
                             false);
  ASSERT_EQ(bmc.exit_code, 0) << bmc.output;
  const Json b = Json::parse(bmc.output);
  EXPECT_EQ(b["properties"][0]["verdict"], "known-upstream") << bmc.output;
  EXPECT_EQ(b["properties"][0]["trace_length"], 3) << bmc.output;
  const auto bmc_replay = run_stsmc("replay " + quoted(b["properties"][0]["trace"].get<std::string>()) + " --expect violated");
  EXPECT_EQ(bmc_replay.exit_code, 0) << bmc_replay.output;
}

TEST(CliOptions, PartialSyncsFindWhatUpstreamDoesBetweenItsWrites) {
  TempDir dir("partial");
  const std::string out = " --out " + quoted(dir.str());
  // A sync in flight, a scale to 0 between its writes: it still creates myapp-0, which it
  // decided on at 2 replicas (docs/faults.md, "Partial syncs"): known upstream behaviour.
  const std::string small = " --budget update-template=0 --budget delete-pod=0 --budget pod-failed=0";
  const auto r = run_stsmc("check " + myapp() + " --faults partial-sync --property ordered-creation --json" + small + out, false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json j = Json::parse(r.output);
  EXPECT_EQ(j["properties"][0]["verdict"], "known-upstream") << r.output;
  EXPECT_TRUE(has(j["properties"][0]["note"].get<std::string>(), "a sync other actors interleave with")) << r.output;
  EXPECT_EQ(j["bounds"]["budgets"]["partial_sync"], 1);
  EXPECT_GT(j["coverage"]["partial-sync"].get<std::int64_t>(), 0) << r.output;
  const std::string trace = j["properties"][0]["trace"];
  const auto replay = run_stsmc("replay " + quoted(trace) + " --expect violated");
  EXPECT_EQ(replay.exit_code, 0) << replay.output;
  bool in_flight = false;
  const Json stored = Json::parse(read_text(trace));
  for (const auto& s : stored["steps"]) in_flight = in_flight || s["state"].contains("in_flight");
  EXPECT_TRUE(in_flight) << "the trace's states carry the sync in flight";
  TempDir other_dir("partial-other");
  const std::string other = " --out " + quoted(other_dir.str());
  const auto strict = run_stsmc(
      "check " + myapp() + " --faults partial-sync --property ordered-creation --fail-on-known --json" + small + other, false);
  EXPECT_EQ(strict.exit_code, 1) << strict.output;
  // A restart abandons the sync in flight; the random engines get 8 of each.
  const auto walks = run_stsmc("check " + myapp() + " --faults partial-sync,restart --engine simulate --walks 30 --seed 7 --json" + other, false);
  ASSERT_EQ(walks.exit_code, 0) << walks.output;
  const Json w = Json::parse(walks.output);
  EXPECT_EQ(w["bounds"]["budgets"]["partial_sync"], 8);
  EXPECT_EQ(w["bounds"]["budgets"]["controller_restart"], 8);
  for (const std::string cmd : {"check --engine bmc", "prove"}) {
    const auto e = run_stsmc(cmd + " " + myapp() + " --faults partial-sync" + out);
    EXPECT_EQ(e.exit_code, 2) << cmd;
    EXPECT_TRUE(has(e.output, "do not model a sync in flight yet")) << e.output;
  }
}

TEST(CliOptions, NumbersAreDecimal) {
  TempDir dir("decimal");
  const auto r = run_stsmc("check --max-replicas 010 --max-states 1 --json --out " + quoted(dir.str()), false);
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_EQ(Json::parse(r.output)["bounds"]["max_replicas"], 10) << "not octal 8\n" << r.output;
  EXPECT_EQ(run_stsmc("check --seed 0x10 --out " + quoted(dir.str())).exit_code, 2);
}

TEST(CliOptions, ASecondManifestIsAUsageError) {
  const auto r = run_stsmc("check " + myapp() + " " + myapp() + " --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "error:")) << r.output;
}

// --- 2. options validated before any work ------------------------------------------------------

class CliRange : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(CliRange, IsExitTwoNamingTheOptionBeforeAnyWork) {
  const auto& [args, option] = GetParam();
  TempDir dir("range");
  const auto r = run_stsmc(args + " --out " + quoted(dir.str("out")));
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
  EXPECT_TRUE(has(r.output, "error: " + option)) << args << "\n" << r.output;
  EXPECT_FALSE(has(r.output, "PROPERTY")) << "nothing ran\n" << r.output;
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

INSTANTIATE_TEST_SUITE_P(
    Check, CliRange,
    ::testing::Values(std::pair{"check --threads -1", "--threads"}, std::pair{"check --threads 100000", "--threads"},
                      std::pair{"check --max-memory inf", "--max-memory"},
                      std::pair{"check --max-memory nan", "--max-memory"},
                      std::pair{"check --max-memory -1", "--max-memory"},
                      std::pair{"check --time-limit inf", "--time-limit"},
                      std::pair{"check --time-limit -0.5", "--time-limit"},
                      std::pair{"check --seed -1", "--seed"}, std::pair{"check --depth -1", "--depth"},
                      std::pair{"check --max-states -3", "--max-states"},
                      std::pair{"check --templates 17", "--templates"},
                      std::pair{"check --max-replicas 33", "--max-replicas"},
                      std::pair{"check --engine simulate --max-replicas 501", "--max-replicas"},
                      std::pair{"check --engine bmc --depth 1001", "--depth"},
                      std::pair{"check --mutant no-such-mutant", "--mutant"},
                      std::pair{"prove --max-k 0", "--max-k"}, std::pair{"prove --time-limit nan", "--time-limit"},
                      std::pair{"prove --max-replicas 40", "--max-replicas"},
                      std::pair{"selftest --threads 100000", "--threads"},
                      std::pair{"selftest --part some", "--part"}));

TEST(CliOptions, UnwritableOutputPathsAreRejectedBeforeTheSearch) {
  TempDir dir("paths");
  write_text(dir.path() / "file", "x");
  for (const auto& [args, path] : std::vector<std::pair<std::string, std::string>>{
           {"--out " + quoted(dir.str("file/traces")), dir.str("file/traces")},
           {"--junit " + quoted(dir.str()), dir.str()},
           {"--junit " + quoted(dir.str("file/j.xml")), dir.str("file/j.xml")},
       }) {
    const auto r = run_stsmc("check --quiet " + kStall + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_TRUE(has(r.output, "error: --")) << r.output;
    EXPECT_TRUE(has(r.output, path)) << "the error names the path\n" << r.output;
    EXPECT_FALSE(has(r.output, "PROPERTY")) << "no search ran\n" << r.output;
  }
  const auto shrink = run_stsmc("shrink " + quoted(dir.str("file")) + " -o " + quoted(dir.str("file/out.json")));
  EXPECT_EQ(shrink.exit_code, 2) << shrink.output;
  EXPECT_TRUE(has(shrink.output, dir.str("file/out.json"))) << shrink.output;
  const auto selftest = run_stsmc("selftest --quiet --out " + quoted(dir.str("file/self")));
  EXPECT_EQ(selftest.exit_code, 2) << selftest.output;
  EXPECT_TRUE(has(selftest.output, dir.str("file/self"))) << selftest.output;
}

TEST(CliOptions, ATraceThatCannotBeWrittenAfterTheSearchComesAfterTheTable) {
  TempDir dir("lost");
  // The folder is writable, but a folder sits where the trace goes: only the write itself fails.
  fs::create_directories(dir.path() / "myapp.myapp.convergence.json");
  const auto r = run_stsmc("check --quiet " + kStall + " --out " + quoted(dir.str()) + " --junit " +
                           quoted(dir.str("j.xml")));
  EXPECT_EQ(r.exit_code, 4) << r.output;
  const auto table = r.output.find("convergence            liveness   known-upstream");
  const auto error = r.output.find("error: trace of convergence not written");
  ASSERT_NE(table, std::string::npos) << "the result is printed\n" << r.output;
  ASSERT_NE(error, std::string::npos) << r.output;
  EXPECT_LT(table, error) << "table first, then the error\n" << r.output;
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "j.xml")) << "the JUnit file is still written";
}

// --- 3 and 4. several StatefulSets of one file --------------------------------------------------

TEST(CliOptions, EverySetOfAFileIsCheckedWithItsOwnTableSuiteAndTraces) {
  TempDir dir("sets");
  write_text(dir.path() / "two.yaml", set_document("alpha", 2) + "---\n" + set_document("beta", 2));
  const auto r = run_stsmc("check --quiet " + kStall + " " + quoted(dir.str("two.yaml")) + " --out " +
                           quoted(dir.str("out")) + " --junit " + quoted(dir.str("j.xml")));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(count(r.output, "PROPERTY "), 2u) << "one table per set\n" << r.output;
  EXPECT_TRUE(has(r.output, "StatefulSet default/alpha")) << r.output;
  EXPECT_TRUE(has(r.output, "StatefulSet default/beta")) << r.output;
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "out" / "two.alpha.convergence.json")) << r.output;
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "out" / "two.beta.convergence.json")) << r.output;
  const std::string xml = read_text(dir.path() / "j.xml");
  EXPECT_EQ(count(xml, "<testsuite "), 2u) << xml;
  EXPECT_TRUE(has(xml, "two.yaml:alpha\"")) << xml;
  EXPECT_TRUE(has(xml, "two.yaml:beta\"")) << xml;
  EXPECT_EQ(count(xml, "<testcase "), 20u) << xml;

  const auto one = run_stsmc("check --quiet --json --property ordered-creation --statefulset beta " +
                                 quoted(dir.str("two.yaml")) + " --out " + quoted(dir.str("out")),
                             false);
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_EQ(Json::parse(one.output)["set"], "default/beta");
}

TEST(CliOptions, TheExitCodeOfSeveralSetsIsTheWorst) {
  TempDir dir("worst");
  // The broken template stalls the OrderedReady set (a known upstream lasso, a failure with
  // --fail-on-known); the Parallel one replaces the broken pod and converges.
  write_text(dir.path() / "mixed.yaml", set_document("ordered", 1) + "---\n" + set_document("parallel", 1, "Parallel"));
  const auto r = run_stsmc("check --json --fail-on-known --property convergence " + kStall + " " +
                               quoted(dir.str("mixed.yaml")) + " --out " + quoted(dir.str("out")),
                           false);
  const Json j = Json::parse(r.output, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.output;
  ASSERT_EQ(j["sets"].size(), 2u) << r.output;
  EXPECT_EQ(j["sets"][0]["set"], "default/ordered");
  EXPECT_EQ(j["sets"][0]["exit_code"], 1) << r.output;
  EXPECT_EQ(j["sets"][1]["exit_code"], 0) << r.output;
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(r.exit_code, 1);
}

TEST(CliOptions, AnInvalidSetStopsTheRunBeforeAnySearch) {
  TempDir dir("badset");
  write_text(dir.path() / "bad.yaml", set_document("good", 1) + "---\n" + set_document("bad", -1));
  const auto r = run_stsmc("check --quiet " + quoted(dir.str("bad.yaml")) + " --out " + quoted(dir.str("out")));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "replicas")) << r.output;
  EXPECT_FALSE(has(r.output, "PROPERTY")) << r.output;
}

TEST(CliOptions, ManifestFromStandardInput) {
  TempDir dir("stdin");
  const auto r = run_stsmc("check --quiet --property ordered-creation --out " + quoted(dir.str()) + " - < " + myapp());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "StatefulSet default/myapp")) << r.output;
}

// --- 5. run --mutant ----------------------------------------------------------------------------

TEST(CliOptions, RunHonoursTheMutantAndRejectsAnUnknownOne) {
  const std::string scenario = quoted(source_path("spec/examples/scenarios/myapp-walkthrough.yaml"));
  EXPECT_EQ(run_stsmc("run " + scenario).exit_code, 0);
  const auto mutated = run_stsmc("run " + scenario + " --mutant scale-down-lowest-first");
  EXPECT_EQ(mutated.exit_code, 1) << "the mutant deletes myapp-0 first: the walkthrough's expect fails\n"
                                  << mutated.output;
  EXPECT_TRUE(has(mutated.output, "mutant scale-down-lowest-first")) << mutated.output;
  for (const std::string& cmd : {"run " + scenario, "check " + myapp(), "prove " + myapp(), "lint " + myapp()}) {
    const auto r = run_stsmc(cmd + " --mutant no-such-mutant");
    EXPECT_EQ(r.exit_code, 2) << cmd << "\n" << r.output;
    EXPECT_TRUE(has(r.output, "no-such-mutant")) << cmd << "\n" << r.output;
  }
}

// --- 6. revision numbers in show ----------------------------------------------------------------

TEST(CliOptions, ShowPrintsControllerRevisionNumbers) {
  TempDir dir("show");
  ASSERT_EQ(run_stsmc("check --quiet " + kStall + " --out " + quoted(dir.str())).exit_code, 0);
  const std::string trace = quoted(dir.str("myapp.myapp.convergence.json"));
  const Json doc = Json::parse(read_text(dir.path() / "myapp.myapp.convergence.json"));
  const Json& last = doc["steps"].back()["state"]["api"];
  // The revision number of the template the status names as current, from the state itself.
  std::string current;
  for (const auto& rev : last["revisions"])
    if (rev["pod_template"] == last["set"]["status"]["current_revision"]) current = rev["number"].dump();
  ASSERT_FALSE(current.empty()) << doc.dump();
  const auto text = run_stsmc("show " + trace);
  ASSERT_EQ(text.exit_code, 0) << text.output;
  const auto last_step = text.output.rfind("\nstep ");
  EXPECT_TRUE(has(text.output.substr(last_step), "currentRevision=" + current + " ")) << text.output;
  const auto json = run_stsmc("show --format json " + trace, false);
  const Json shown = Json::parse(json.output);
  EXPECT_EQ(shown["steps"].back()["state"]["api"]["set"]["status"]["current_revision_number"].dump(), current);
  const auto mermaid = run_stsmc("show --format mermaid " + trace);
  EXPECT_TRUE(has(mermaid.output, "Note over apiserver: currentRevision=")) << mermaid.output;
}

// --- 7. version and context ---------------------------------------------------------------------

TEST(CliOptions, VersionNamesTheBuildAndTracesRecordIt) {
  const auto v = run_stsmc("--version");
  EXPECT_EQ(v.exit_code, 0);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(v.output, m, std::regex(R"(^stsmc (\d+\.\d+\.\d+ \(commit [0-9a-z.-]+\))\n$)")))
      << v.output;
  const std::string version = m[1];
  TempDir dir("version");
  ASSERT_EQ(run_stsmc("check --quiet " + kStall + " --out " + quoted(dir.str())).exit_code, 0);
  const Json trace = Json::parse(read_text(dir.path() / "myapp.myapp.convergence.json"));
  EXPECT_EQ(trace["config"]["stsmc_version"], version);
  // An old trace without it still replays.
  Json old = trace;
  old["config"].erase("stsmc_version");
  write_text(dir.path() / "old.json", old.dump(2));
  EXPECT_EQ(run_stsmc("replay " + quoted(dir.str("old.json")) + " --expect violated").exit_code, 0);
}

TEST(CliOptions, JsonAndJunitNameManifestSetProfileGatesBoundsEngineAndVersion) {
  TempDir dir("context");
  const auto r = run_stsmc("check --json --property ordered-creation " + myapp() + " --out " + quoted(dir.str()) +
                               " --junit " + quoted(dir.str("j.xml")),
                           false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json j = Json::parse(r.output);
  EXPECT_TRUE(j["manifest"].get<std::string>().ends_with("spec/examples/myapp.yaml"));
  EXPECT_EQ(j["set"], "default/myapp");
  EXPECT_EQ(j["profile"], "1.28");
  EXPECT_TRUE(j["gates"].contains("MaxUnavailableStatefulSet")) << r.output;
  EXPECT_EQ(j["bounds"]["max_replicas"], 2) << r.output;
  EXPECT_EQ(j["engine"], "explore");
  EXPECT_TRUE(j["tool_version"].get<std::string>().find("(commit ") != std::string::npos) << r.output;
  EXPECT_EQ(j["not_checked"].size(), 9u) << r.output;
  const std::string xml = read_text(dir.path() / "j.xml");
  EXPECT_TRUE(has(xml, "<testsuite name=\"" + source_path("spec/examples/myapp.yaml") + ":myapp\"")) << xml;
  EXPECT_TRUE(std::regex_search(xml, std::regex(R"(<testsuite [^>]*skipped="9" time="\d+\.\d{3}")"))) << xml;
  EXPECT_TRUE(std::regex_search(xml, std::regex(R"(<testcase [^>]*name="ordered-creation" time="\d+\.\d{3}">)")))
      << xml;
  EXPECT_EQ(count(xml, "<skipped message=\"not checked: not selected by --property\"/>"), 9u) << xml;
  EXPECT_TRUE(has(xml, "<property name=\"tool_version\"")) << xml;
}

TEST(CliOptions, JunitSkipsWhatALimitLeftUndecided) {
  TempDir dir("limit");
  const auto r = run_stsmc("check --quiet --max-states 10 --junit " + quoted(dir.str("j.xml")) + " --out " +
                           quoted(dir.str()));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  const std::string xml = read_text(dir.path() / "j.xml");
  EXPECT_EQ(count(xml, "<skipped message=\"unknown: stopped before"), 10u) << xml;
}

// --- 8. replicas the model cannot hold ----------------------------------------------------------

TEST(CliOptions, ReplicasBeyondTheModelAreExitTwoNamingTheLimitAndTheOption) {
  TempDir dir("replicas");
  write_text(dir.path() / "huge.yaml", set_document("huge", 1000000000));
  const auto huge = run_stsmc("check --quiet " + quoted(dir.str("huge.yaml")) + " --out " + quoted(dir.str("out")));
  EXPECT_EQ(huge.exit_code, 2) << huge.output;
  EXPECT_TRUE(has(huge.output, "replicas")) << huge.output;
  EXPECT_FALSE(has(huge.output, "internal error")) << huge.output;

  write_text(dir.path() / "forty.yaml", set_document("forty", 40));
  const auto explore = run_stsmc("check --quiet " + quoted(dir.str("forty.yaml")) + " --out " + quoted(dir.str("out")));
  EXPECT_EQ(explore.exit_code, 2) << explore.output;
  EXPECT_TRUE(has(explore.output, "spec.replicas: 40")) << explore.output;
  EXPECT_TRUE(has(explore.output, "at most 32")) << explore.output;
  EXPECT_TRUE(has(explore.output, "--engine simulate")) << "names the option that raises the limit\n"
                                                        << explore.output;
  const auto simulate = run_stsmc("check --quiet --engine simulate --walks 2 --steps 20 --seed 1 " +
                                  quoted(dir.str("forty.yaml")) + " --out " + quoted(dir.str("out")));
  EXPECT_NE(simulate.exit_code, 2) << "the random engines take 40 replicas\n" << simulate.output;
  EXPECT_NE(simulate.exit_code, 4) << simulate.output;
}

}  // namespace
}  // namespace stsmc::e2e
