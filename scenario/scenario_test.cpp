// Tests of `stsmc run` scenarios: parsing (with locations for malformed input), the runner on
// the bundled walkthrough, failing expectations, settle on OnDelete, the fault steps, and the
// issue-18 additions (status, sync, settle rounds, holds, event modes, revision names, time).
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "scenario/runner.h"
#include "scenario/scenario.h"

namespace stsmc::scenario {

using namespace model;  // the world this folder drives
namespace {

const std::string kScenarios = std::string(STSMC_SOURCE_DIR) + "/spec/examples/scenarios/";
const std::string kWalkthrough = kScenarios + "myapp-walkthrough.yaml";

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Replaces the one occurrence of `from` in `text` (fails the test when it is not there once).
std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

struct Run {
  Expected<RunResult> result;
  std::string output;
};

// Parses `text` as if it were a file in spec/examples/scenarios/ and runs it.
Run run_text(const std::string& text, const RunSettings& settings = {}) {
  auto sc = parse_scenario(text, kScenarios + "test.yaml");
  if (!sc) return Run{sc.error(), ""};
  std::ostringstream out;
  auto r = run_scenario(*sc, settings, out);
  return Run{std::move(r), out.str()};
}

TEST(ScenarioRun, WalkthroughPasses) {
  auto sc = load_scenario_file(kWalkthrough);
  ASSERT_TRUE(sc) << sc.error().message;
  std::ostringstream out;
  auto r = run_scenario(*sc, {}, out);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->ok) << r->failure << "\n" << out.str();
  EXPECT_EQ(r->expects_passed, 10u);
  EXPECT_EQ(r->steps_run, sc->steps.size());
  EXPECT_NE(out.str().find("manifest "), std::string::npos);
  EXPECT_NE(out.str().find("kubernetes 1.28"), std::string::npos);
  EXPECT_NE(out.str().find("myapp-0   1/1     Running   2          myappdata-myapp-0(1)"), std::string::npos)
      << out.str();
}

TEST(ScenarioRun, WrongRevisionFailsWithThePreciseMismatch) {
  const auto text = replace_once(read(kWalkthrough), "myapp-3: {revision: 3}", "myapp-3: {revision: 2}");
  auto run = run_text(text);
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_FALSE(run.result->ok);
  EXPECT_EQ(run.result->expects_passed, 9u);
  EXPECT_NE(run.result->failure.find("expect #10: pods.myapp-3.revision: expected 2, got 3"), std::string::npos)
      << run.result->failure;
  EXPECT_NE(run.output.find("FAILED (1 mismatch)\n  pods.myapp-3.revision: expected 2, got 3"), std::string::npos);
}

TEST(ScenarioRun, WrongEventOrderFailsAndStopsThere) {
  const auto text = replace_once(read(kWalkthrough), "events: [delete myapp-4, delete myapp-3]",
                                 "events: [delete myapp-3, delete myapp-4]");
  auto run = run_text(text);
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_FALSE(run.result->ok);
  EXPECT_EQ(run.result->expects_passed, 3u);
  EXPECT_NE(run.result->failure.find("events: expected [delete myapp-3, delete myapp-4], got [delete myapp-4, "
                                     "delete myapp-3] (first difference at events[0]"),
            std::string::npos)
      << run.result->failure;
  EXPECT_EQ(run.output.find("expect #5"), std::string::npos);  // stopped at the first failure
}

TEST(ScenarioRun, SettleReachesAFixpointOnDelete) {
  auto run = run_text(R"(manifest: ../queue-ondelete.yaml
steps:
  - settle: {}
  - update-template: {image: rabbitmq:4.0}
  - settle: {}
  - expect:
      pods: {queue-0: {revision: 1}, queue-1: {revision: 1}, queue-2: {revision: 1}}
      events: []
  - delete-pod: {name: queue-1}
  - settle: {}
  - expect:
      pods: {queue-1: {revision: 2, incarnation: 2, ready: true}, queue-2: {revision: 1}}
      same-pvc: [mnesia-queue-1]
      events: [delete queue-1, create queue-1]
  - settle: {}
  - expect:
      events: []
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  EXPECT_NE(run.output.find("step  8  settle (nothing to do)"), std::string::npos) << run.output;
}

TEST(ScenarioRun, SettleThatRunsOutOfRoundsFails) {
  auto run = run_text("manifest: ../myapp.yaml\nsteps:\n  - settle: {max-rounds: 1}\n");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_FALSE(run.result->ok);
  EXPECT_NE(run.result->failure.find("did not settle after 1 rounds"), std::string::npos) << run.result->failure;
  EXPECT_NE(run.output.find("NAME"), std::string::npos) << run.output;  // the table is shown
}

TEST(ScenarioRun, EventsCoverTheLastActOnly) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - scale: {replicas: 3}
  - settle: {}
  - scale: {replicas: 2}
  - delete-pod: {name: myapp-0}
  - settle: {}
  - expect:
      events: [delete myapp-0, create myapp-0, delete myapp-2]
      pvcs: [myappdata-myapp-0, myappdata-myapp-1, myappdata-myapp-2]
      dns: [myapp-0.myapp-svc.default.svc.cluster.local, myapp-1.myapp-svc.default.svc.cluster.local]
      absent-pods: [myapp-2]
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  EXPECT_NE(run.output.find("events of steps 1-3 (an earlier act, not compared): create myapp-0, create myapp-1, "
                            "create myapp-2\nevents of steps 4-6: delete myapp-0, create myapp-0, delete myapp-2\n"),
            std::string::npos)
      << run.output;
}

TEST(ScenarioRun, NodeLostPodStaysTerminatingUntilForceDeleted) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - node-lost: {name: myapp-1}
  - settle: {}
  - expect:
      pods: {myapp-1: {terminating: true, ready: false, incarnation: 1}}
      events: [delete myapp-1]
  - delete-pod: {name: myapp-1, force: true}
  - settle: {}
  - expect:
      pods: {myapp-1: {terminating: false, ready: true, incarnation: 2, phase: Running}}
      same-pvc: [myappdata-myapp-1]
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
}

TEST(ScenarioRun, RejectedActionFailsWithStepAndReason) {
  auto run = run_text(
      "manifest: ../myapp.yaml\nsteps:\n  - set-update-strategy: {type: OnDelete}\n  - set-partition: {partition: 1}\n");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_FALSE(run.result->ok);
  EXPECT_EQ(run.result->failure, "step 2 (line 4): the model rejected it: partition needs updateStrategy RollingUpdate");
}

// The sync runs on a shape fitted to the state: a range that ends at the largest ordinal runs,
// next to the pods left at the old ordinals; a faulty controller that would create one past it
// is refused as input, never an overflow.
TEST(ScenarioRun, RangeEndingAtTheLargestOrdinalRuns) {
  const std::string text =
      "manifest: ../myapp.yaml\nsteps:\n  - settle: {}\n  - set-start-ordinal: {start: 2147483646}\n"
      "  - settle: {}\n  - expect:\n      pods: {myapp-2147483646: {ready: true}, myapp-2147483647: {ready: true}}\n"
      "      absent-pods: [myapp-0, myapp-1]\n";
  auto run = run_text(text);
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  RunSettings faulty;
  faulty.mutant = "create-beyond-range";
  auto refused = run_text(text, faulty);
  ASSERT_TRUE(refused.result) << refused.result.error().message;
  EXPECT_FALSE(refused.result->ok);
  EXPECT_NE(refused.result->failure.find("reaches ordinal 2147483648, past the largest stsmc models"), std::string::npos)
      << refused.result->failure;
}

TEST(ScenarioRun, CommandLineProfileOverridesTheScenario) {
  RunSettings settings;
  settings.kubernetes = "1.33";
  settings.feature_gates = "MaxUnavailableStatefulSet=true";
  auto run = run_text("manifest: ../myapp.yaml\nkubernetes: \"1.28\"\nsteps:\n  - settle: {}\n", settings);
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_NE(run.output.find("kubernetes 1.33 (from --kubernetes)"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("MaxUnavailableStatefulSet=true"), std::string::npos) << run.output;
}

TEST(ScenarioRun, StatusExpectations) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - expect:
      status: {replicas: 0, readyReplicas: 0, currentRevision: 0, updateRevision: 0, observedGeneration: 0}
  - settle: {}
  - expect:
      status: {replicas: 2, readyReplicas: 2, availableReplicas: 2, currentReplicas: 2, updatedReplicas: 2,
               currentRevision: 1, updateRevision: 1, observedGeneration: 1}
  - update-template: {image: v2}
  - settle: {}
  - expect:
      status: {currentReplicas: 2, updatedReplicas: 2, currentRevision: 2, updateRevision: 2, observedGeneration: 2}
  - update-template: {image: 192.168.10.110/k8s/myapp:v1}
  - settle: {}
  - expect:
      status: {currentRevision: 3, updateRevision: 3}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
}

TEST(ScenarioRun, StatusMismatchNamesTheField) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - expect:
      status: {readyReplicas: 5, updateRevision: 1}
  - delete-statefulset: {}
  - settle: {}
  - expect:
      status: {replicas: 0}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_FALSE(run.result->ok);
  EXPECT_NE(run.result->failure.find("expect #1: status.readyReplicas: expected 5, got 2"), std::string::npos)
      << run.result->failure;
  const auto deleted = run_text(R"(manifest: ../myapp.yaml
steps:
  - delete-statefulset: {}
  - expect:
      status: {replicas: 0}
)");
  ASSERT_TRUE(deleted.result) << deleted.result.error().message;
  EXPECT_NE(deleted.result->failure.find("status: expected the StatefulSet's status, got no StatefulSet"),
            std::string::npos)
      << deleted.result->failure;
}

TEST(ScenarioRun, SyncRunsExactlyOneControllerSync) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - sync: {}
  - expect:
      pods: {myapp-0: {phase: Pending, ready: false}}
      absent-pods: [myapp-1]
      pvcs: [myappdata-myapp-0]
      events: [create myapp-0]
  - sync:
  - expect:
      absent-pods: [myapp-1]
      events: []
      status: {replicas: 1, readyReplicas: 0}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  EXPECT_NE(run.output.find("step  1  sync: create myapp-0\n"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("step  3  sync\n"), std::string::npos) << run.output;
}

TEST(ScenarioRun, SettleWithRoundsStopsWithoutFailing) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - settle: {rounds: 1}
  - expect:
      pods: {myapp-0: {ready: true}}
      absent-pods: [myapp-1]
      events: [create myapp-0]
  - settle: {rounds: 50}
  - expect:
      pods: {myapp-1: {ready: true}}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  EXPECT_NE(run.output.find("step  1  settle {rounds: 1} (1 round, stopped: not settled yet): create myapp-0"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("step  3  settle {rounds: 50} (2 rounds)"), std::string::npos) << run.output;
}

// e2e "Scaling should happen in predictable order and halt if any stateful pod is unhealthy".
TEST(ScenarioRun, HeldUnreadyPodHaltsOrderedScaling) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - hold: {pod: myapp-0, unready: true}
  - scale: {replicas: 3}
  - settle: {}
  - expect:
      pods: {myapp-0: {ready: false, phase: Running}, myapp-1: {ready: true}}
      absent-pods: [myapp-2]
      events: []
      status: {replicas: 2, readyReplicas: 1}
  - delete-pod: {name: myapp-0}
  - settle: {}
  - expect:
      pods: {myapp-0: {ready: false, incarnation: 2}}
      absent-pods: [myapp-2]
      events: [delete myapp-0, create myapp-0]
  - release: {pod: myapp-0}
  - settle: {}
  - expect:
      pods: {myapp-0: {ready: true}, myapp-2: {ready: true}}
      events: [create myapp-2]
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  EXPECT_NE(run.output.find("step  2  hold {pod: myapp-0, unready: true} (myapp-0 is now unready)"), std::string::npos)
      << run.output;
}

// e2e "Burst scaling should run to completion even with unhealthy pods".
TEST(ScenarioRun, HeldUnreadyPodDoesNotHaltParallelScaling) {
  auto run = run_text(R"(manifest: ../web-parallel.yaml
steps:
  - settle: {}
  - hold: {pod: web-0, unready: true}
  - scale: {replicas: 5}
  - settle: {}
  - expect:
      pods: {web-0: {ready: false}, web-3: {ready: true}, web-4: {ready: true}}
      events: [create web-3, create web-4]
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
}

TEST(ScenarioRun, HeldPendingAndTerminatingPods) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - hold: {pod: myapp-1, pending: true}
  - settle: {}
  - expect:
      pods: {myapp-0: {ready: true}, myapp-1: {phase: Pending}}
  - release: {pod: myapp-1, pending: true}
  - hold: {pod: myapp-0, terminating: true}
  - settle: {}
  - expect:
      pods: {myapp-1: {phase: Running, ready: true}}
  - delete-pod: {name: myapp-0}
  - settle: {}
  - expect:
      pods: {myapp-0: {terminating: true, incarnation: 1}}
      events: [delete myapp-0]
  - release: {pod: myapp-0}
  - settle: {}
  - expect:
      pods: {myapp-0: {terminating: false, incarnation: 2, ready: true}}
      events: [create myapp-0]
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
}

TEST(ScenarioRun, EventsInOrderAndInOneSync) {
  auto run = run_text(R"(manifest: ../web-parallel.yaml
steps:
  - settle: {}
  - expect:
      events:
        contains-in-order: [create web-0, create web-2]
        same-sync: [create web-2, create web-0, create web-1]
  - scale: {replicas: 1}
  - delete-pod: {name: web-0}
  - settle: {}
  - expect:
      events:
        exactly: [delete web-0, delete web-2, delete web-1, create web-0]
        contains-in-order: [delete web-0, create web-0]
        same-sync: [[delete web-2, delete web-1], [create web-0]]
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
}

TEST(ScenarioRun, EventsModesReportWhatTheyFound) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - expect:
      events:
        contains-in-order: [create myapp-1, create myapp-0]
        same-sync: [create myapp-0, create myapp-1]
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_FALSE(run.result->ok);
  EXPECT_NE(run.output.find("events.contains-in-order[1]: expected \"create myapp-0\" after \"create myapp-1\", but "
                            "it comes earlier; got [create myapp-0, create myapp-1]"),
            std::string::npos)
      << run.output;
  // OrderedReady: one pod per sync, so the two creations are never in one sync.
  EXPECT_NE(run.output.find("events.same-sync: expected [create myapp-0, create myapp-1] in one controller sync, got "
                            "the syncs [create myapp-0] [create myapp-1]"),
            std::string::npos)
      << run.output;
  auto missing = run_text("manifest: ../myapp.yaml\nsteps:\n  - settle: {}\n  - expect: {events: {contains-in-order: "
                          "[delete myapp-0]}}\n");
  ASSERT_TRUE(missing.result) << missing.result.error().message;
  EXPECT_NE(missing.result->failure.find("events.contains-in-order[0]: expected \"delete myapp-0\", but there is no "
                                         "such event"),
            std::string::npos)
      << missing.result->failure;
}

// e2e "should perform rolling updates and roll backs of template modifications": after the
// rollback the old ControllerRevision is back, under a new number.
TEST(ScenarioRun, RevisionIdentityAcrossARollback) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - expect:
      pods: {myapp-0: {revision: 1, revision-as: prior, image: 192.168.10.110/k8s/myapp:v1}}
      status: {currentRevision-as: prior-status}
  - update-template: {image: v2}
  - settle: {}
  - expect:
      pods: {myapp-0: {revision: 2, image: v2, revision-as: second}, myapp-1: {revision-is: second}}
      status: {updateRevision-is: second, currentRevision-is: second}
  - update-template: {image: 192.168.10.110/k8s/myapp:v1}
  - settle: {}
  - expect:
      pods: {myapp-0: {revision: 3, revision-is: prior, image: 192.168.10.110/k8s/myapp:v1},
             myapp-1: {revision-is: prior-status}}
      status: {currentRevision: 3, currentRevision-is: prior, updateRevision-is: prior}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
}

TEST(ScenarioRun, RevisionIdentityAndImageMismatches) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - expect:
      pods: {myapp-0: {revision-as: prior}}
  - update-template: {image: v2}
  - settle: {}
  - expect:
      pods: {myapp-0: {revision-is: prior, image: v3}}
      status: {updateRevision-is: prior}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_FALSE(run.result->ok);
  EXPECT_NE(run.output.find("pods.myapp-0.revision-is: expected the revision named 'prior', now revision 1 (image "
                            "192.168.10.110/k8s/myapp:v1); got another: revision 2 (image v2)"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("pods.myapp-0.image: expected v3, got v2"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("status.updateRevision-is: expected the revision named 'prior'"), std::string::npos)
      << run.output;
}

// e2e "MinReadySeconds should be honored when enabled": not available at 0 s, available after.
TEST(ScenarioRun, WaitAgesReadyPodsUnderAHeldClock) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - hold: {clock: true}
  - set-min-ready-seconds: {seconds: 30}
  - settle: {}
  - expect:
      pods: {myapp-0: {ready: true, available: false}}
      absent-pods: [myapp-1]
      status: {readyReplicas: 1, availableReplicas: 0}
  - wait: {seconds: 29}
  - sync: {}
  - expect:
      pods: {myapp-0: {available: false}}
      status: {availableReplicas: 0}
      events: []
  - wait: {seconds: 1}
  - sync: {}
  - expect:
      pods: {myapp-0: {available: true}}
      status: {availableReplicas: 1}
      events: [create myapp-1]
  - settle: {}
  - expect:
      pods: {myapp-1: {ready: true, available: false}}
      status: {readyReplicas: 2, availableReplicas: 1}
  - release: {clock: true}
  - settle: {}
  - expect:
      pods: {myapp-1: {available: true}}
      status: {availableReplicas: 2}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  EXPECT_NE(run.output.find("step  5  wait {seconds: 29} (1 Ready pod aged)"), std::string::npos) << run.output;
}

// The same under the 1.33 rules; a wrong `available` shows how long the pod has been Ready.
TEST(ScenarioRun, AvailabilityUnder133AndItsMismatch) {
  auto run = run_text(R"(manifest: ../myapp.yaml
kubernetes: "1.33"
steps:
  - hold: {clock: true}
  - set-min-ready-seconds: {seconds: 10}
  - settle: {}
  - expect:
      pods: {myapp-0: {ready: true, available: false}}
      absent-pods: [myapp-1]
  - wait: {seconds: 10}
  - settle: {}
  - expect:
      pods: {myapp-0: {available: true}, myapp-1: {ready: true, available: false}}
      events: [create myapp-1]
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  auto wrong = run_text(R"(manifest: ../myapp.yaml
steps:
  - hold: {clock: true}
  - set-min-ready-seconds: {seconds: 10}
  - settle: {}
  - expect:
      pods: {myapp-0: {available: true}}
)");
  ASSERT_TRUE(wrong.result) << wrong.result.error().message;
  EXPECT_NE(wrong.result->failure.find("pods.myapp-0.available: expected true, got false (Ready for 0 s, "
                                       "minReadySeconds 10)"),
            std::string::npos)
      << wrong.result->failure;
}

TEST(ScenarioRun, SucceededPodIsReplaced) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - succeed-pod: {name: myapp-1}
  - expect:
      pods: {myapp-1: {phase: Succeeded, ready: false, incarnation: 1}}
  - settle: {}
  - expect:
      pods: {myapp-1: {phase: Running, ready: true, incarnation: 2}}
      events: {contains-in-order: [delete myapp-1, create myapp-1]}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
}

// StatefulSetAutoDeletePVC: whenDeleted Delete makes the set own the claims; whenScaled Delete
// makes a condemned pod own its claim while it is scaled down.
TEST(ScenarioRun, ClaimOwnerReferences) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - expect:
      pvc-owners: {myappdata-myapp-0: [], myappdata-myapp-1: []}
  - set-retention-policy: {when-scaled: Retain, when-deleted: Delete}
  - settle: {}
  - expect:
      pvc-owners: {myappdata-myapp-0: [StatefulSet myapp], myappdata-myapp-1: [StatefulSet myapp]}
  - set-retention-policy: {when-scaled: Delete, when-deleted: Retain}
  - scale: {replicas: 1}
  - sync: {}
  - expect:
      pvc-owners: {myappdata-myapp-0: [], myappdata-myapp-1: [Pod myapp-1]}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  auto wrong = run_text(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - expect:
      pvc-owners: {myappdata-myapp-0: [StatefulSet myapp], myappdata-myapp-7: []}
)");
  ASSERT_TRUE(wrong.result) << wrong.result.error().message;
  EXPECT_NE(wrong.output.find("pvc-owners.myappdata-myapp-0: expected [StatefulSet myapp], got []"), std::string::npos)
      << wrong.output;
  EXPECT_NE(wrong.output.find("pvc-owners.myappdata-myapp-7: expected the PVC to exist, got no such PVC"),
            std::string::npos)
      << wrong.output;
}

TEST(ScenarioParse, SyncWithFailWrites) {
  auto sc = parse_scenario(R"(manifest: m.yaml
steps:
  - sync: {}
  - sync:
      fail-writes:
        - {verb: create, resource: pods, name: web-1, error: InternalError}
        - {verb: updateStatus, resource: statefulsets, nth: 3, error: Conflict}
  - expect:
      sync: {error: InternalError, writes: {create pods: 2, updateStatus statefulsets: 0}}
)",
                           "dir/s.yaml");
  ASSERT_TRUE(sc) << sc.error().message;
  ASSERT_EQ(sc->steps.size(), 3u);
  EXPECT_TRUE(std::get<Sync>(sc->steps[0].body).fail_writes.empty());
  const auto& rules = std::get<Sync>(sc->steps[1].body).fail_writes;
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0], (spec::FailRule{spec::Verb::kCreate, spec::Resource::kPods, 1, "web-1", spec::ApiCode::kInternal}));
  EXPECT_EQ(rules[1], (spec::FailRule{spec::Verb::kUpdateStatus, spec::Resource::kStatefulSets, 3, std::nullopt,
                                      spec::ApiCode::kConflict}));
  EXPECT_EQ(describe(sc->steps[0]), "sync");
  EXPECT_EQ(describe(sc->steps[1]),
            "sync {fail-writes: [create pods web-1: InternalError, updateStatus statefulsets #3: Conflict]}");
  const auto& e = std::get<Expect>(sc->steps[2].body);
  ASSERT_TRUE(e.sync);
  EXPECT_EQ(e.sync->error, "InternalError");
  EXPECT_EQ(e.sync->writes, (std::vector<std::pair<std::string, std::int64_t>>{{"create pods", 2},
                                                                              {"updateStatus statefulsets", 0}}));
}

// A failed create has no effect, the sync returns its error, the step line shows both, and the
// next sync recovers (upstream's CreatePodFailure).
TEST(ScenarioRun, FailWritesFailOneCreateAndTheNextSyncRecovers) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - sync:
      fail-writes: [{verb: create, resource: pods, name: myapp-0, error: InternalError}]
  - expect:
      absent-pods: [myapp-0]
      pvcs: [myappdata-myapp-0]
      sync: {error: InternalError, writes: {create pods: 1, create persistentvolumeclaims: 1}}
  - sync: {}
  - expect:
      pods: {myapp-0: {incarnation: 1}}
      sync: {error: none, writes: {create pods: 1}}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  EXPECT_NE(run.output.find("step  1  sync {fail-writes: [create pods myapp-0: InternalError]}\n"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("injected InternalError into create pods myapp-0"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("sync error: create pods \"myapp-0\": InternalError"), std::string::npos) << run.output;
}

TEST(ScenarioRun, ExpectSyncMismatchesAndUnusedRules) {
  auto run = run_text(R"(manifest: ../myapp.yaml
steps:
  - sync:
      fail-writes: [{verb: delete, resource: pods, error: InternalError}]
  - expect:
      sync: {error: any, writes: {create pods: 2}}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_FALSE(run.result->ok);
  EXPECT_NE(run.output.find("fail-writes rule delete pods: InternalError matched no write"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("  sync.error: expected an error, got no error\n"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("  sync.writes.create pods: expected 2 attempts, got 1\n"), std::string::npos)
      << run.output;
}

TEST(ScenarioRun, ExpectSyncBeforeAnySyncFails) {
  auto run = run_text("manifest: ../myapp.yaml\nsteps:\n  - expect: {sync: {error: none}}\n");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_FALSE(run.result->ok);
  EXPECT_NE(run.result->failure.find("sync: expected a controller sync to check, got none yet"), std::string::npos)
      << run.result->failure;
}

TEST(ScenarioParse, StepsAndArguments) {
  auto sc = parse_scenario(R"(manifest: m.yaml
kubernetes: 1.33
feature-gates: {MaxUnavailableStatefulSet: true, StatefulSetAutoDeletePVC: false}
steps:
  - set-max-unavailable: {max-unavailable: 50%}
  - set-start-ordinal: {start: null}
  - delete-statefulset: {orphan: true}
  - settle: {max-rounds: 7}
)",
                           "dir/s.yaml");
  ASSERT_TRUE(sc) << sc.error().message;
  EXPECT_EQ(sc->manifest, "dir/m.yaml");
  EXPECT_EQ(sc->kubernetes, "1.33");
  EXPECT_EQ(sc->feature_gates, "MaxUnavailableStatefulSet=true,StatefulSetAutoDeletePVC=false");
  ASSERT_EQ(sc->steps.size(), 4u);
  EXPECT_EQ(std::get<model::Action>(sc->steps[0].body), (model::Action{SetMaxUnavailable{spec::IntOrPercent{50, true}}}));
  EXPECT_EQ(std::get<model::Action>(sc->steps[1].body), (model::Action{SetStartOrdinal{std::nullopt}}));
  EXPECT_EQ(std::get<model::Action>(sc->steps[2].body), (model::Action{DeleteStatefulSet{true}}));
  EXPECT_EQ(std::get<Settle>(sc->steps[3].body).max_rounds, 7);
  EXPECT_EQ(describe(sc->steps[0]), "set-max-unavailable {max-unavailable: 50%}");
  EXPECT_EQ(sc->steps[3].at.line, 8);
}

struct Malformed {
  const char* name;
  const char* text;
  const char* error;  ///< expected substring of the message
};

class MalformedScenario : public testing::TestWithParam<Malformed> {};

TEST_P(MalformedScenario, IsBadInputWithLocation) {
  auto run = run_text(GetParam().text);
  ASSERT_FALSE(run.result) << run.output;
  EXPECT_EQ(run.result.error().code, ErrorCode::kBadInput);
  const std::string& m = run.result.error().message;
  EXPECT_NE(m.find(GetParam().error), std::string::npos) << m;
  EXPECT_EQ(m.rfind(kScenarios + "test.yaml:", 0), 0u) << m;  // starts with file:line:col
  EXPECT_TRUE(run.output.empty()) << run.output;                // nothing ran
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(Inputs, MalformedScenario, testing::Values(
    Malformed{"UnknownStep", "manifest: ../myapp.yaml\nsteps:\n  - settle: {}\n  - sclae: {replicas: 3}\n",
              "test.yaml:4:5: steps[1].sclae: unknown step 'sclae'"},
    Malformed{"UnknownExpectKey", "manifest: ../myapp.yaml\nsteps:\n  - expect:\n      podz: {}\n",
              "test.yaml:4:7: steps[0].expect.podz: unknown field; did you mean 'pods'?"},
    Malformed{"UnknownPodField", "manifest: ../myapp.yaml\nsteps:\n  - expect: {pods: {myapp-0: {redy: true}}}\n",
              "test.yaml:3:31: steps[0].expect.pods.myapp-0.redy: unknown field"},
    Malformed{"MissingManifest", "steps:\n  - settle: {}\n", "test.yaml:1:1: missing field 'manifest'"},
    Malformed{"ManifestNotFound", "manifest: nope.yaml\nsteps:\n  - settle: {}\n",
              "test.yaml:1:11: manifest: "},
    Malformed{"ReplicasNotANumber", "manifest: ../myapp.yaml\nsteps:\n  - scale: {replicas: three}\n",
              "test.yaml:3:23: steps[0].scale.replicas: expected an integer, got the string \"three\""},
    Malformed{"ReplicasQuoted", "manifest: ../myapp.yaml\nsteps:\n  - scale: {replicas: \"3\"}\n",
              "steps[0].scale.replicas: expected an integer, got the string \"3\""},
    Malformed{"ReplicasNegative", "manifest: ../myapp.yaml\nsteps:\n  - scale: {replicas: -1}\n",
              "steps[0].scale.replicas: must be >= 0, got -1"},
    Malformed{"MissingReplicas", "manifest: ../myapp.yaml\nsteps:\n  - scale: {}\n",
              "test.yaml:3:12: steps[0].scale: missing field 'replicas'"},
    Malformed{"TwoKeysInAStep", "manifest: ../myapp.yaml\nsteps:\n  - scale: {replicas: 3}\n    settle: {}\n",
              "test.yaml:3:5: steps[0]: a step is a map with exactly one key"},
    Malformed{"BadEvent", "manifest: ../myapp.yaml\nsteps:\n  - expect: {events: [restart myapp-0]}\n",
              "steps[0].expect.events[0]: expected \"create NAME\" or \"delete NAME\""},
    Malformed{"UnknownStatusField", "manifest: ../myapp.yaml\nsteps:\n  - expect: {status: {ready: 1}}\n",
              "test.yaml:3:23: steps[0].expect.status.ready: unknown field"},
    Malformed{"NegativeStatusValue", "manifest: ../myapp.yaml\nsteps:\n  - expect: {status: {readyReplicas: -1}}\n",
              "test.yaml:3:38: steps[0].expect.status.readyReplicas: must be >= 0, got -1"},
    Malformed{"SettleRoundsAndMaxRounds", "manifest: ../myapp.yaml\nsteps:\n  - settle: {max-rounds: 3, rounds: 2}\n",
              "test.yaml:3:37: steps[0].settle.rounds: give either rounds (stop after N rounds) or max-rounds"},
    Malformed{"SettleZeroRounds", "manifest: ../myapp.yaml\nsteps:\n  - settle: {rounds: 0}\n",
              "steps[0].settle.rounds: must be >= 1, got 0"},
    Malformed{"SyncWithArguments", "manifest: ../myapp.yaml\nsteps:\n  - sync: {rounds: 2}\n",
              "test.yaml:3:12: steps[0].sync.rounds: unknown field"},
    // fail-writes on a sync (FORMAT-faults.md §2.2's rules).
    Malformed{"FailWritesUnknownKey",
              "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: [{verb: create, resource: pods, error: InternalError, nht: 2}]}\n",
              "test.yaml:3:79: steps[0].sync.fail-writes[0].nht: unknown field; did you mean 'nth'?"},
    Malformed{"FailWritesBadVerb",
              "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: [{verb: patch, resource: pods, error: InternalError}]}\n",
              "test.yaml:3:33: steps[0].sync.fail-writes[0].verb: expected one of create, update, delete, updateStatus, got the string \"patch\""},
    Malformed{"FailWritesBadResource",
              "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: [{verb: create, resource: pod, error: InternalError}]}\n",
              "steps[0].sync.fail-writes[0].resource: expected one of pods, persistentvolumeclaims, statefulsets, controllerrevisions"},
    Malformed{"FailWritesBadError",
              "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: [{verb: create, resource: pods, error: Invalid}]}\n",
              "steps[0].sync.fail-writes[0].error: expected one of AlreadyExists, Conflict, NotFound, InternalError, got the string \"Invalid\""},
    Malformed{"FailWritesNthZero",
              "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: [{verb: create, resource: pods, nth: 0, error: Conflict}]}\n",
              "test.yaml:3:62: steps[0].sync.fail-writes[0].nth: must be >= 1, got 0"},
    Malformed{"FailWritesNthTooLarge",
              "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: [{verb: create, resource: pods, nth: 1000001, error: Conflict}]}\n",
              "steps[0].sync.fail-writes[0].nth: must be <= 1000000, got 1000001"},
    Malformed{"FailWritesMissingError",
              "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: [{verb: create, resource: pods}]}\n",
              "test.yaml:3:26: steps[0].sync.fail-writes[0]: missing field 'error'"},
    Malformed{"FailWritesEmpty", "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: []}\n",
              "test.yaml:3:25: steps[0].sync.fail-writes: name at least one write to fail"},
    Malformed{"FailWritesNotAList", "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: {verb: create}}\n",
              "steps[0].sync.fail-writes: expected a list, got a map"},
    Malformed{"FailWritesRevisionName",
              "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: [{verb: create, resource: controllerrevisions, name: r, error: AlreadyExists}]}\n",
              "steps[0].sync.fail-writes[0].name: revision names are hashes stsmc does not compute"},
    Malformed{"FailWritesPodOfAnotherSet",
              "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: [{verb: delete, resource: pods, name: web-1, error: NotFound}]}\n",
              "test.yaml:3:63: steps[0].sync.fail-writes[0].name: 'web-1' is not a pod of StatefulSet myapp"},
    Malformed{"FailWritesUnknownClaim",
              "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: [{verb: create, resource: persistentvolumeclaims, name: data-myapp-0, error: InternalError}]}\n",
              "steps[0].sync.fail-writes[0].name: 'data-myapp-0' is not a claim of StatefulSet myapp"},
    Malformed{"FailWritesOtherSet",
              "manifest: ../myapp.yaml\nsteps:\n  - sync: {fail-writes: [{verb: updateStatus, resource: statefulsets, name: web, error: Conflict}]}\n",
              "steps[0].sync.fail-writes[0].name: 'web' is not the StatefulSet myapp"},
    Malformed{"ExpectSyncUnknownError", "manifest: ../myapp.yaml\nsteps:\n  - expect: {sync: {error: Internal}}\n",
              "test.yaml:3:28: steps[0].expect.sync.error: expected one of none, any, AlreadyExists"},
    Malformed{"ExpectSyncEmpty", "manifest: ../myapp.yaml\nsteps:\n  - expect: {sync: {}}\n",
              "test.yaml:3:20: steps[0].expect.sync: say what to check: error or writes"},
    Malformed{"ExpectSyncBadWriteKind", "manifest: ../myapp.yaml\nsteps:\n  - expect: {sync: {writes: {delete pod: 1}}}\n",
              "test.yaml:3:30: steps[0].expect.sync.writes.delete pod: expected \"VERB RESOURCE\""},
    Malformed{"ExpectSyncNegativeCount", "manifest: ../myapp.yaml\nsteps:\n  - expect: {sync: {writes: {delete pods: -1}}}\n",
              "steps[0].expect.sync.writes.delete pods: must be >= 0, got -1"},
    Malformed{"DeletePvcOfAnotherTemplate", "manifest: ../myapp.yaml\nsteps:\n  - delete-pvc: {name: data-myapp-0}\n",
              "test.yaml:3:24: steps[0].delete-pvc.name: 'data-myapp-0' is not a claim of StatefulSet myapp "
              "(claims are named <template>-myapp-<ordinal>, templates: myappdata)"},
    Malformed{"DeletePvcWithoutName", "manifest: ../myapp.yaml\nsteps:\n  - delete-pvc: {}\n",
              "steps[0].delete-pvc: missing field 'name'"},
    Malformed{"OrphanPvcOfAnotherTemplate", "manifest: ../myapp.yaml\nsteps:\n  - orphan-pvc: {name: data-myapp-0}\n",
              "test.yaml:3:24: steps[0].orphan-pvc.name: 'data-myapp-0' is not a claim of StatefulSet myapp"},
    Malformed{"OrphanPvcWithAnUnknownField", "manifest: ../myapp.yaml\nsteps:\n  - orphan-pvc: {name: myappdata-myapp-0, force: true}\n",
              "steps[0].orphan-pvc.force: unknown field"},
    Malformed{"LabelPodWithoutMatching", "manifest: ../myapp.yaml\nsteps:\n  - label-pod: {name: myapp-0}\n",
              "steps[0].label-pod: missing field 'matching'"},
    Malformed{"LabelPodMatchingNotABool", "manifest: ../myapp.yaml\nsteps:\n  - label-pod: {name: myapp-0, matching: maybe}\n",
              "steps[0].label-pod.matching: expected true or false"},
    Malformed{"OrphanPodWithForce", "manifest: ../myapp.yaml\nsteps:\n  - orphan-pod: {name: myapp-0, force: true}\n",
              "steps[0].orphan-pod.force: unknown field"},
    Malformed{"OrphanPodOfAnotherSet", "manifest: ../myapp.yaml\nsteps:\n  - orphan-pod: {name: web-0}\n",
              "steps[0].orphan-pod.name: 'web-0' is not a pod of StatefulSet myapp"},
    Malformed{"ExpectControlledNotABool", "manifest: ../myapp.yaml\nsteps:\n  - expect: {pods: {myapp-0: {controlled: 1}}}\n",
              "steps[0].expect.pods.myapp-0.controlled: expected true or false"},
    Malformed{"CordonWithArguments", "manifest: ../myapp.yaml\nsteps:\n  - cordon: {node: n1}\n",
              "steps[0].cordon.node: unknown field"},
    Malformed{"CordonTwice", "manifest: ../myapp.yaml\nsteps:\n  - cordon: {}\n  - cordon:\n",
              "test.yaml:4:5: steps[1]: the node is already cordoned (since step 1)"},
    Malformed{"UncordonWithoutCordon", "manifest: ../myapp.yaml\nsteps:\n  - uncordon: {}\n",
              "test.yaml:3:5: steps[0]: nothing to uncordon: the node is not cordoned"},
    Malformed{"ReleaseWithoutHold", "manifest: ../myapp.yaml\nsteps:\n  - settle: {}\n  - release: {pod: myapp-0}\n",
              "test.yaml:4:5: steps[1]: nothing to release: myapp-0 is not held at all"},
    Malformed{"ReleaseOfAnotherHold",
              "manifest: ../myapp.yaml\nsteps:\n  - hold: {pod: myapp-0, pending: true}\n  - release: {pod: myapp-0, unready: true}\n",
              "test.yaml:4:5: steps[1]: nothing to release: myapp-0 is not held unready"},
    Malformed{"HoldTwice",
              "manifest: ../myapp.yaml\nsteps:\n  - hold: {pod: myapp-0, unready: true}\n  - hold: {pod: myapp-0, unready: true}\n",
              "test.yaml:4:5: steps[1]: myapp-0 is already held unready (since step 1)"},
    Malformed{"HoldNothing", "manifest: ../myapp.yaml\nsteps:\n  - hold: {pod: myapp-0}\n",
              "test.yaml:3:11: steps[0].hold: say what to hold"},
    Malformed{"HoldFalse", "manifest: ../myapp.yaml\nsteps:\n  - hold: {pod: myapp-0, unready: false}\n",
              "test.yaml:3:35: steps[0].hold.unready: a hold is ended with a release step"},
    Malformed{"HoldOtherSet", "manifest: ../myapp.yaml\nsteps:\n  - hold: {pod: web-0, unready: true}\n",
              "test.yaml:3:17: steps[0].hold.pod: 'web-0' is not a pod of StatefulSet myapp"},
    Malformed{"EventsModeUnknown", "manifest: ../myapp.yaml\nsteps:\n  - expect: {events: {in-order: []}}\n",
              "test.yaml:3:23: steps[0].expect.events.in-order: unknown field"},
    Malformed{"EventsNoMode", "manifest: ../myapp.yaml\nsteps:\n  - expect: {events: {}}\n",
              "test.yaml:3:22: steps[0].expect.events: say how to match"},
    Malformed{"EmptySameSync", "manifest: ../myapp.yaml\nsteps:\n  - expect: {events: {same-sync: []}}\n",
              "steps[0].expect.events.same-sync: a same-sync group names at least one event"},
    Malformed{"BadEventInOrder", "manifest: ../myapp.yaml\nsteps:\n  - expect: {events: {contains-in-order: [start myapp-0]}}\n",
              "steps[0].expect.events.contains-in-order[0]: expected \"create NAME\" or \"delete NAME\""},
    Malformed{"RevisionIsUnnamed", "manifest: ../myapp.yaml\nsteps:\n  - expect: {pods: {myapp-0: {revision-is: old}}}\n",
              "test.yaml:3:44: steps[0].expect.pods.myapp-0.revision-is: no revision is named 'old'"},
    Malformed{"RevisionNamedTwice",
              "manifest: ../myapp.yaml\nsteps:\n  - expect: {pods: {myapp-0: {revision-as: a}}}\n"
              "  - expect: {status: {updateRevision-as: a}}\n",
              "test.yaml:4:42: steps[1].expect.status.updateRevision-as: the revision name 'a' is taken (line 3)"},
    Malformed{"WaitZero", "manifest: ../myapp.yaml\nsteps:\n  - wait: {seconds: 0}\n",
              "test.yaml:3:21: steps[0].wait.seconds: must be >= 1, got 0"},
    Malformed{"ClockReleasedUnheld", "manifest: ../myapp.yaml\nsteps:\n  - release: {clock: true}\n",
              "test.yaml:3:5: steps[0]: nothing to release: the clock is not held"},
    Malformed{"ClockHeldTwice", "manifest: ../myapp.yaml\nsteps:\n  - hold: {clock: true}\n  - hold: {clock: true}\n",
              "test.yaml:4:5: steps[1]: the clock is already held (since step 1)"},
    Malformed{"ClockWithAPod", "manifest: ../myapp.yaml\nsteps:\n  - hold: {clock: true, pod: myapp-0}\n",
              "steps[0].hold: the clock is held and released in a step of its own"},
    Malformed{"AvailableNotABool", "manifest: ../myapp.yaml\nsteps:\n  - expect: {pods: {myapp-0: {available: yes}}}\n",
              "steps[0].expect.pods.myapp-0.available: "},
    Malformed{"BadOwnerRef", "manifest: ../myapp.yaml\nsteps:\n  - expect: {pvc-owners: {myappdata-myapp-0: [Node n1]}}\n",
              "test.yaml:3:47: steps[0].expect.pvc-owners.myappdata-myapp-0[0]: expected \"StatefulSet NAME\" or \"Pod NAME\""},
    Malformed{"BadYaml", "manifest: ../myapp.yaml\nsteps:\n  - scale: {replicas: 3\n", "invalid YAML"},
    Malformed{"DuplicateKey", "manifest: ../myapp.yaml\nsteps:\n  - scale: {replicas: 3, replicas: 4}\n",
              "test.yaml:3:26: steps[0].scale.replicas: duplicate key"},
    Malformed{"BadPercent", "manifest: ../myapp.yaml\nsteps:\n  - set-max-unavailable: {max-unavailable: 0%}\n",
              "max-unavailable: expected a percentage from 1% to 100%"},
    Malformed{"BadStrategy", "manifest: ../myapp.yaml\nsteps:\n  - set-update-strategy: {type: Rolling}\n",
              "steps[0].set-update-strategy.type: expected one of RollingUpdate, OnDelete"},
    Malformed{"UnknownProfile", "manifest: ../myapp.yaml\nkubernetes: \"1.99\"\nsteps:\n  - settle: {}\n",
              "test.yaml:2:13: kubernetes: unknown version '1.99'"},
    Malformed{"UnknownGate", "manifest: ../myapp.yaml\nfeature-gates: {Nope: true}\nsteps:\n  - settle: {}\n",
              "test.yaml:2:17: feature-gates.Nope: unknown gate 'Nope'"},
    Malformed{"NotAPodOfTheSet", "manifest: ../myapp.yaml\nsteps:\n  - delete-pod: {name: web-1}\n",
              "test.yaml:3:24: steps[0].delete-pod.name: 'web-1' is not a pod of StatefulSet myapp"},
    Malformed{"StepsNotAList", "manifest: ../myapp.yaml\nsteps: {settle: {}}\n",
              "test.yaml:2:8: steps: expected a list, got a map"},
    Malformed{"EmptyFile", "", "test.yaml:1:1: a scenario is a map"},
    Malformed{"UnknownTopLevelKey", "manifest: ../myapp.yaml\nstep:\n  - settle: {}\n",
              "test.yaml:2:1: step: unknown field; did you mean 'steps'?"},
    // Issue 16: a billion replicas was bad_alloc (exit 4) or minutes of allocation.
    Malformed{"ScaleBeyondTheModelsLimit", "manifest: ../myapp.yaml\nsteps:\n  - scale: {replicas: 1000000000}\n",
              "test.yaml:3:23: steps[0].scale.replicas: must be <= 1000 (the model's limit on replicas), got 1000000000"},
    Malformed{"StartOrdinalBeyondInt32", "manifest: ../myapp.yaml\nsteps:\n  - set-start-ordinal: {start: 2147483648}\n",
              "test.yaml:3:32: steps[0].set-start-ordinal.start: 2147483648 is out of range for a 32-bit integer"},
    Malformed{"NestedTooDeep", "manifest: ../myapp.yaml\nsteps:\n  - expect: {dns: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}\n",
              "test.yaml:3:"},
    Malformed{"EscapeSequenceInAPodName", "manifest: ../myapp.yaml\nsteps:\n  - delete-pod: {name: \"\\e[2J\\u202e\"}\n",
              "steps[0].delete-pod.name: '\\u001b[2J\\u202e' is not a pod of StatefulSet myapp"},
    Malformed{"AliasBomb", "manifest: ../myapp.yaml\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
                           "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                           "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                           "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                           "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                           "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                           "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
                           "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
                           "j: &j [*i, *i, *i, *i, *i, *i, *i, *i, *i, *i]\n"
                           "k: &k [*j, *j, *j, *j, *j, *j, *j, *j, *j, *j]\n"
                           "l: &l [*k, *k, *k, *k, *k, *k, *k, *k, *k, *k]\n"
                           "steps:\n  - settle: {}\n",
              "more than 100 aliases"}),
    [](const testing::TestParamInfo<Malformed>& info) { return std::string(info.param.name); });
// clang-format on

}  // namespace
}  // namespace stsmc::scenario
