// The CI features through the built binary: `check --time-budget` (which engine established
// which verdict, exit codes 0/1/3, bad budgets), annotations (`--annotations github`, `--sarif`)
// that point at the manifest line of the cause, and `recheck` (the regression corpus: a trace
// re-run against another manifest or mutant without its fingerprints). Tiny bounds throughout.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/json.h"
#include "e2e_support.h"

namespace stsmc::e2e {
namespace {

namespace fs = std::filesystem;

/// Bounds under which myapp's known #67250 stall (OrderedReady, broken template) is reachable.
const std::string kStallOptions =
    "--max-replicas 2 --broken-template --budget update-template=2 --budget pod-failed=0 --budget delete-pod=0";

/// myapp.yaml with `extra` inserted after its `  replicas: 2` line.
std::string myapp_with(const std::string& extra) {
  std::string text = read_text(source_path("spec/examples/myapp.yaml"));
  const std::string anchor = "  replicas: 2\n";
  const auto at = text.find(anchor);
  EXPECT_NE(at, std::string::npos);
  if (!extra.empty()) text.insert(at + anchor.size(), extra);
  return text;
}

/// The 1-based line of the first line of `text` that contains `needle`, or that equals it when
/// `whole` (0 if none).
int line_of(const std::string& text, const std::string& needle, bool whole = false) {
  int line = 1;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const auto end = text.find('\n', begin);
    const std::string here = text.substr(begin, end - begin);
    if (whole ? here == needle : here.find(needle) != std::string::npos) return line;
    if (end == std::string::npos) break;
    begin = end + 1;
    ++line;
  }
  return 0;
}

Json parse_json(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j;
}

// --- check --time-budget -------------------------------------------------------------------

TEST(CiMode, ExplorerFinishingWithinTheBudgetMeansHoldsExhaustivelyAndExitZero) {
  TempDir dir("budget-holds");
  const auto r = run_stsmc("check --time-budget 60 --max-replicas 2 --json --out " + quoted(dir.str()) + " --junit " +
                               quoted(dir.str("j.xml")),
                           false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json j = parse_json(r.output);
  EXPECT_EQ(j["engine"], "time-budget");
  ASSERT_EQ(j["properties"].size(), 10u) << r.output;
  for (const auto& p : j["properties"]) {
    EXPECT_EQ(p["verdict"], "holds") << p.dump();
    EXPECT_EQ(p["engine"], "explore") << p.dump();
    EXPECT_NE(p["evidence"].get<std::string>().find("exhaustive"), std::string::npos) << p.dump();
  }
  ASSERT_EQ(j["phases"].size(), 1u) << "nothing else runs when the explorer finishes\n" << r.output;
  EXPECT_EQ(j["phases"][0]["engine"], "explore");
  EXPECT_EQ(j["phases"][0]["complete"], true);
  const std::string xml = read_text(dir.path() / "j.xml");
  EXPECT_NE(xml.find("holds (explore: exhaustive"), std::string::npos) << xml;
}

TEST(CiMode, WhatTheExplorerLeavesOpenGoesToProveAndSimulateAndSamplingIsExitThree) {
  TempDir dir("budget-fallback");
  // --max-states stops the explorer at once; the safety properties go to prove, the rest (and
  // whatever prove does not settle in time) to simulate with the printed seed.
  const auto r = run_stsmc("check --time-budget 4 --max-replicas 2 --max-states 50 --budget pod-failed=0 "
                           "--budget delete-pod=0 --seed 11 --quiet --out " +
                           quoted(dir.str()) + " --junit " + quoted(dir.str("j.xml")) + " --json",
                           false);
  const Json j = parse_json(r.output);
  ASSERT_TRUE(j.contains("phases")) << r.output;
  EXPECT_EQ(j["phases"][0]["engine"], "explore");
  EXPECT_EQ(j["phases"][0]["complete"], false);
  std::set<std::string> engines;
  bool sampled = false, violated = false;
  for (const auto& p : j["properties"]) {
    const std::string engine = p.value("engine", "");
    const std::string verdict = p["verdict"];
    engines.insert(engine);
    EXPECT_TRUE(engine == "prove" || engine == "simulate" || verdict == "unknown") << p.dump();
    if (verdict == "proved") {
      EXPECT_EQ(engine, "prove") << p.dump();
      EXPECT_NE(p["evidence"].get<std::string>().find("k = "), std::string::npos) << p.dump();
    }
    if (verdict == "no-violation") {
      EXPECT_EQ(engine, "simulate") << p.dump();
      EXPECT_NE(p["evidence"].get<std::string>().find("seed 11"), std::string::npos) << p.dump();
      EXPECT_NE(p["evidence"].get<std::string>().find("random steps"), std::string::npos) << p.dump();
    }
    if (p["kind"] == "liveness") {
      EXPECT_NE(engine, "prove") << "prove does not prove liveness\n" << p.dump();
    }
    sampled = sampled || verdict == "no-violation" || verdict == "unknown";
    violated = violated || verdict == "violated";
    if (!p["trace"].get<std::string>().empty()) {
      const auto replay = run_stsmc("replay " + quoted(p["trace"].get<std::string>()) + " --expect violated");
      EXPECT_EQ(replay.exit_code, 0) << "every trace replays\n" << replay.output;
    }
  }
  EXPECT_FALSE(violated) << r.output;
  EXPECT_EQ(r.exit_code, sampled ? 3 : 0) << r.output;
  // The prove phase runs on the safety properties; whether it settles any of them within its
  // share of four seconds depends on the machine (under the sanitizers on a slow CI machine it
  // can stop at k = 0), so what is asserted is that it ran, on the seven safety properties it
  // proves by default (properties::prove_gap), and
  // that whatever it settled is attributed to it (above).
  bool prove_phase = false;
  for (const auto& ph : j["phases"]) {
    if (ph.value("engine", "") != "prove") continue;
    prove_phase = true;
    EXPECT_EQ(ph.value("properties", 0), 7) << ph.dump();
  }
  EXPECT_TRUE(prove_phase) << r.output;
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "j.xml"));
  double total = 0;
  for (const auto& ph : j["phases"]) total += ph.value("seconds", 0.0);
  EXPECT_LT(total, 4.5) << "the phases keep to the budget\n" << r.output;
}

TEST(CiMode, TableSaysWhichEngineEstablishedEachVerdictAndWhatExitThreeMeans) {
  TempDir dir("budget-table");
  const auto r = run_stsmc("check --time-budget 3 --max-replicas 2 --max-states 50 --property convergence "
                           "--budget pod-failed=0 --budget delete-pod=0 --budget scale=0 --seed 5 --quiet --out " +
                           quoted(dir.str()));
  EXPECT_NE(r.output.find("BY"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("explore: 50 states"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("prove:"), std::string::npos) << "no safety property to prove\n" << r.output;
  EXPECT_NE(r.output.find("simulate: "), std::string::npos) << r.output;
  if (r.exit_code == 3) {
    EXPECT_NE(r.output.find("exit 3: "), std::string::npos) << r.output;
  }
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 3) << r.output;
}

TEST(CiMode, AViolationIsExitOneWithAReplayedTraceAndAnnotationsAtTheCausingField) {
  TempDir dir("budget-violation");
  const fs::path manifest = dir.path() / "db-canary.yaml";
  const std::string text = read_text(source_path("spec/examples/db-canary.yaml"));
  write_text(manifest, text);
  const auto r = run_stsmc("check " + quoted(manifest.string()) +
                           " --time-budget 60 --mutant update-below-partition --property partition-semantics --quiet "
                           "--annotations github --sarif " +
                           quoted(dir.str("out/s.sarif")) + " --out " + quoted(dir.str("out")));
  ASSERT_EQ(r.exit_code, 1) << r.output;
  const fs::path trace = dir.path() / "out" / "db-canary.db.partition-semantics.json";
  ASSERT_TRUE(fs::is_regular_file(trace)) << r.output;
  EXPECT_EQ(run_stsmc("replay " + quoted(trace.string()) + " --expect violated").exit_code, 0);
  const int line = line_of(text, "partition:");
  ASSERT_GT(line, 0);
  const std::string want = "::error file=" + manifest.string() + ",line=" + std::to_string(line) + ",col=";
  EXPECT_NE(r.output.find(want), std::string::npos) << want << "\n" << r.output;
  EXPECT_NE(r.output.find("cause: spec.updateStrategy.rollingUpdate.partition"), std::string::npos) << r.output;

  const Json sarif = parse_json(read_text(dir.path() / "out" / "s.sarif"));
  EXPECT_EQ(sarif["version"], "2.1.0");
  ASSERT_EQ(sarif["runs"][0]["results"].size(), 1u) << sarif.dump(2);
  const Json& result = sarif["runs"][0]["results"][0];
  EXPECT_EQ(result["ruleId"], "partition-semantics");
  EXPECT_EQ(result["level"], "error");
  const Json& loc = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], manifest.string());
  EXPECT_EQ(loc["region"]["startLine"], line);
  EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["rules"].size(), 10u);
}

TEST(CiMode, MoreReplicasThanTheExplorerModelsAreSampledOnlyAndSaySo) {
  TempDir dir("budget-big");
  std::string text = myapp_with("");
  text.replace(text.find("  replicas: 2\n"), 13, "  replicas: 40\n");
  write_text(dir.path() / "big.yaml", text);
  const auto r = run_stsmc("check " + quoted(dir.str("big.yaml")) + " --time-budget 2 --seed 3 --json --out " +
                               quoted(dir.str("out")),
                           false);
  EXPECT_EQ(r.exit_code, 3) << "sampled only\n" << r.output;
  const Json j = parse_json(r.output);
  ASSERT_GE(j["phases"].size(), 3u) << r.output;
  EXPECT_NE(j["phases"][0].value("skipped", "").find("spec.replicas 40"), std::string::npos) << r.output;
  EXPECT_EQ(j["phases"][1]["engine"], "prove");
  EXPECT_TRUE(j["phases"][1].contains("skipped")) << r.output;
  EXPECT_EQ(j["phases"][2]["engine"], "simulate");
  EXPECT_EQ(j["phases"][2]["seed"], 3);
  for (const auto& p : j["properties"]) EXPECT_EQ(p["engine"], "simulate") << p.dump();
}

TEST(CiMode, ARandomFindEndsTheRunEarlyAndItsReproduceLineFindsItAgain) {
  TempDir dir("budget-early");
  // The explorer stops at once (--max-states), prove takes no liveness: simulate finds the
  // mutant's stall, and a violation decides the run, so most of the minute is left unused.
  const auto r = run_stsmc("check --time-budget 60 --max-states 10 --mutant failed-not-recreated --property convergence "
                           "--seed 9 --quiet --json --out " +
                               quoted(dir.str("out")),
                           false);
  ASSERT_EQ(r.exit_code, 1) << r.output;
  const Json j = parse_json(r.output);
  EXPECT_EQ(j["properties"][0]["verdict"], "violated");
  EXPECT_EQ(j["properties"][0]["engine"], "simulate");
  EXPECT_LT(j["seconds"].get<double>(), 30.0) << r.output;
  const std::string again = j["reproduce"];
  ASSERT_TRUE(again.starts_with("stsmc check ")) << again;
  EXPECT_NE(again.find("--out " + dir.str("out")), std::string::npos) << "keeps --out\n" << again;
  const auto re = run_stsmc(again.substr(std::string("stsmc ").size()));
  EXPECT_EQ(re.exit_code, 1) << again << "\n" << re.output;
}

class CiModeBadBudget : public ::testing::TestWithParam<std::string> {};

TEST_P(CiModeBadBudget, ExitsTwoBeforeAnyWork) {
  TempDir dir("budget-bad");
  const auto r = run_stsmc("check " + GetParam() + " --quiet --out " + quoted(dir.str("out")) + " --junit " +
                           quoted(dir.str("j.xml")));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("error: --"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_empty(dir.path())) << "nothing is written on a usage error";
}

INSTANTIATE_TEST_SUITE_P(Check, CiModeBadBudget,
                         ::testing::Values("--time-budget 0", "--time-budget -5", "--time-budget nan",
                                           "--time-budget inf", "--time-budget 700000", "--time-budget 1e400",
                                           "--time-budget ten", "--time-budget 10 --engine fuzz",
                                           "--time-budget 10 --time-limit 5", "--annotations gitlab"));

// --- annotations without the CI mode --------------------------------------------------------

TEST(Annotations, KnownStallPointsAtThePolicyLineOrAtTheNameWhenThePolicyIsDefaulted) {
  TempDir dir("annotations");
  const fs::path defaulted = dir.path() / "defaulted.yaml";
  const fs::path explicit_policy = dir.path() / "explicit.yaml";
  write_text(defaulted, myapp_with(""));
  write_text(explicit_policy, myapp_with("  podManagementPolicy: OrderedReady\n"));

  const auto d = run_stsmc("check " + quoted(defaulted.string()) + " " + kStallOptions +
                           " --quiet --annotations github --out " + quoted(dir.str("o1")));
  EXPECT_EQ(d.exit_code, 0) << "known upstream: a warning, not a failure\n" << d.output;
  const int name_line = line_of(myapp_with(""), "  name: myapp", true);
  EXPECT_NE(d.output.find("::warning file=" + defaulted.string() + ",line=" + std::to_string(name_line) + ","),
            std::string::npos)
      << d.output;
  EXPECT_NE(d.output.find("spec.podManagementPolicy not set: OrderedReady by default"), std::string::npos) << d.output;

  const auto e = run_stsmc("check " + quoted(explicit_policy.string()) + " " + kStallOptions +
                           " --quiet --annotations github --out " + quoted(dir.str("o2")));
  const int policy_line = line_of(myapp_with("  podManagementPolicy: OrderedReady\n"), "podManagementPolicy");
  EXPECT_NE(e.output.find("::warning file=" + explicit_policy.string() + ",line=" + std::to_string(policy_line) + ","),
            std::string::npos)
      << e.output;

  // With --json the annotations go to stderr: stdout stays one JSON document.
  const auto j = run_stsmc("check " + quoted(defaulted.string()) + " " + kStallOptions +
                               " --json --annotations github --out " + quoted(dir.str("o3")),
                           false);
  EXPECT_FALSE(Json::parse(j.output, nullptr, false).is_discarded()) << j.output;
}

TEST(Annotations, AStaleReadFindingIsAWarningAtTheSetsNameNotAtAField) {
  TempDir dir("annotations-stale");
  const fs::path manifest = dir.path() / "myapp.yaml";
  write_text(manifest, myapp_with("  podManagementPolicy: OrderedReady\n"));
  const auto r = run_stsmc("check " + quoted(manifest.string()) +
                           " --faults stale-reads --property ordered-creation --budget update-template=0 --budget delete-pod=0 "
                           "--budget pod-failed=0 --quiet --annotations github --out " +
                           quoted(dir.str("o")));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const int name_line = line_of(myapp_with("  podManagementPolicy: OrderedReady\n"), "  name: myapp", true);
  EXPECT_NE(r.output.find("::warning file=" + manifest.string() + ",line=" + std::to_string(name_line) + ","),
            std::string::npos)
      << "the lagging cache is the cause, not the policy line\n"
      << r.output;
}

TEST(Annotations, PointIntoTheRightItemOfAListWithSeveralSets) {
  TempDir dir("annotations-list");
  // kind: List holding myapp's set first and db-canary's second, as `kubectl get -o yaml` prints.
  std::string items = "apiVersion: v1\nkind: List\nitems:\n";
  const auto as_item = [](const std::string& doc) {
    std::string out;
    bool first = true;
    std::size_t begin = 0;
    while (begin < doc.size()) {
      const auto end = doc.find('\n', begin);
      const std::string line = doc.substr(begin, end - begin);
      begin = end == std::string::npos ? doc.size() : end + 1;
      if (line.empty() || line[0] == '#') continue;
      out += (first ? "- " : "  ") + line + "\n";
      first = false;
    }
    return out;
  };
  const std::string myapp = myapp_with("");
  items += as_item(myapp.substr(myapp.find("apiVersion: apps/v1")));
  items += as_item(read_text(source_path("spec/examples/db-canary.yaml")));
  const fs::path list = dir.path() / "list.yaml";
  write_text(list, items);
  const auto r = run_stsmc("check " + quoted(list.string()) +
                           " --statefulset db --mutant update-below-partition --property partition-semantics --quiet "
                           "--annotations github --out " +
                           quoted(dir.str("out")));
  ASSERT_EQ(r.exit_code, 1) << items << r.output;
  const int line = line_of(items, "partition: 2");
  ASSERT_GT(line, 0);
  EXPECT_NE(r.output.find("::error file=" + list.string() + ",line=" + std::to_string(line) + ","), std::string::npos)
      << items << r.output;
}

// --- recheck: the regression corpus ---------------------------------------------------------

TEST(Recheck, AStallTraceHoldsAgainstTheFixedManifestAndIsViolatedAgainstTheOriginal) {
  TempDir dir("recheck-fix");
  const fs::path original = dir.path() / "web.yaml";
  const fs::path fixed = dir.path() / "web-fixed.yaml";
  write_text(original, myapp_with(""));
  write_text(fixed, myapp_with("  podManagementPolicy: Parallel\n"));
  ASSERT_EQ(run_stsmc("check " + quoted(original.string()) + " " + kStallOptions + " --quiet --out " +
                      quoted(dir.str("t")))
                .exit_code,
            0);
  const std::string trace = quoted(dir.str("t/web.myapp.convergence.json"));

  const auto same = run_stsmc("recheck " + trace + " --manifest " + quoted(original.string()));
  EXPECT_EQ(same.exit_code, 1) << same.output;
  EXPECT_NE(same.output.find("convergence violated at step"), std::string::npos) << same.output;
  EXPECT_NE(same.output.find("kubernetes#67250"), std::string::npos) << same.output;
  EXPECT_EQ(run_stsmc("recheck " + trace + " --manifest " + quoted(original.string()) + " --expect violated").exit_code,
            0);

  const auto fix = run_stsmc("recheck " + trace + " --manifest " + quoted(fixed.string()));
  EXPECT_EQ(fix.exit_code, 0) << fix.output;
  EXPECT_NE(fix.output.find("convergence holds"), std::string::npos) << fix.output;
  EXPECT_EQ(run_stsmc("recheck " + trace + " --manifest " + quoted(fixed.string()) + " --expect holds").exit_code, 0);
  EXPECT_EQ(run_stsmc("recheck " + trace + " --manifest " + quoted(fixed.string()) + " --expect violated").exit_code,
            1);

  // A file with several sets: the one with the trace's set name is re-checked.
  const fs::path both = dir.path() / "both.yaml";
  write_text(both, read_text(source_path("spec/examples/db-canary.yaml")) + "---\n" +
                       myapp_with("  podManagementPolicy: Parallel\n"));
  const auto picked = run_stsmc("recheck " + trace + " --manifest " + quoted(both.string()));
  EXPECT_EQ(picked.exit_code, 0) << picked.output;
  EXPECT_NE(picked.output.find("(StatefulSet default/myapp)"), std::string::npos) << picked.output;

  const auto j = run_stsmc("recheck " + trace + " --manifest " + quoted(fixed.string()) + " --json", false);
  const Json doc = parse_json(j.output);
  EXPECT_EQ(doc["answer"], "holds");
  EXPECT_EQ(doc["against"]["manifest"], fixed.string());
  EXPECT_EQ(doc["actions_applied"], doc["actions"]);
}

TEST(Recheck, IgnoresFingerprintsThatReplayRejects) {
  TempDir dir("recheck-fp");
  const fs::path manifest = dir.path() / "web.yaml";
  write_text(manifest, myapp_with(""));
  ASSERT_EQ(run_stsmc("check " + quoted(manifest.string()) + " " + kStallOptions + " --quiet --out " +
                      quoted(dir.str("t")))
                .exit_code,
            0);
  Json doc = Json::parse(read_text(dir.path() / "t" / "web.myapp.convergence.json"));
  for (auto& step : doc["steps"]) step["fingerprint"] = "0123456789abcdef";
  const fs::path edited = dir.path() / "edited.json";
  write_text(edited, doc.dump(2));
  EXPECT_EQ(run_stsmc("replay " + quoted(edited.string())).exit_code, 2) << "replay checks fingerprints";
  const auto r = run_stsmc("recheck " + quoted(edited.string()) + " --expect violated");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("states and fingerprints not compared"), std::string::npos) << r.output;
}

TEST(Recheck, AMutantTraceIsViolatedWithItsMutantAndHoldsOnThisBuildsController) {
  const std::string trace = quoted(source_path("counterexamples/corpus/mutant-update-below-partition.json"));
  const auto kept = run_stsmc("recheck " + trace);
  EXPECT_EQ(kept.exit_code, 1) << kept.output;
  EXPECT_NE(kept.output.find("partition-semantics violated at step"), std::string::npos) << kept.output;
  const auto fixed = run_stsmc("recheck " + trace + " --mutant none");
  EXPECT_EQ(fixed.exit_code, 0) << fixed.output;
  EXPECT_NE(fixed.output.find("partition-semantics holds"), std::string::npos) << fixed.output;
}

TEST(Recheck, EveryMutantTraceOfTheCorpusIsViolatedWithItsMutantAndHoldsWithout) {
  std::size_t traces = 0;
  for (const auto& f : fs::directory_iterator(source_path("counterexamples/corpus"))) {
    const std::string name = f.path().filename().string();
    if (!name.starts_with("mutant-") || f.path().extension() != ".json") continue;
    ++traces;
    const std::string trace = quoted(f.path().string());
    const auto kept = run_stsmc("recheck " + trace + " --expect violated");
    EXPECT_EQ(kept.exit_code, 0) << name << "\n" << kept.output;
    const auto fixed = run_stsmc("recheck " + trace + " --mutant none --expect holds");
    EXPECT_EQ(fixed.exit_code, 0) << name << ": this build's controller does not do what the mutant does\n"
                                  << fixed.output;
  }
  EXPECT_GE(traces, 20u);
}

TEST(Recheck, AnActionTheNewManifestCannotTakeIsNotApplicableWithStepAndReason) {
  // The db-canary trace binds a claim of a second volumeClaimTemplate, which myapp does not have.
  const auto r = run_stsmc("recheck " + quoted(source_path("counterexamples/corpus/mutant-update-below-partition.json")) +
                           " --manifest " + quoted(source_path("spec/examples/myapp.yaml")) + " --expect holds");
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex("not applicable: step [0-9]+: action .*pvc-bound")))
      << r.output;
  EXPECT_NE(r.output.find("volumeClaimTemplate"), std::string::npos) << "says why\n" << r.output;
}

TEST(Recheck, BadInputIsExitTwo) {
  TempDir dir("recheck-bad");
  const std::string good = quoted(source_path("counterexamples/corpus/mutant-update-below-partition.json"));
  write_text(dir.path() / "junk.json", "{\"format\": \"stsmc-trace/1\"");
  write_text(dir.path() / "two.yaml", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: a}\nspec:\n"
                                      "  selector: {matchLabels: {app: a}}\n  serviceName: a\n  template:\n"
                                      "    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c, image: i}]}\n"
                                      "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: b}\nspec:\n"
                                      "  selector: {matchLabels: {app: b}}\n  serviceName: b\n  template:\n"
                                      "    metadata: {labels: {app: b}}\n    spec: {containers: [{name: c, image: i}]}\n");
  for (const std::string& args :
       {"recheck " + quoted(dir.str("missing.json")), "recheck " + quoted(dir.str("junk.json")),
        "recheck " + good + " --expect maybe", "recheck " + good + " --manifest " + quoted(dir.str("missing.yaml")),
        "recheck " + good + " --manifest " + quoted(dir.str("two.yaml")), "recheck " + good + " --mutant nope",
        "recheck " + good + " --kubernetes 0.1"}) {
    const auto r = run_stsmc(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find("error"), std::string::npos) << args << "\n" << r.output;
  }
}

}  // namespace
}  // namespace stsmc::e2e
