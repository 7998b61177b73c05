// Tests of `stsmc run` scenarios: the runner on the bundled walkthrough, failing expectations,
// settle on OnDelete, the fault steps, and the issue-18 additions (status, sync, settle rounds,
// holds, event modes, revision names, time). Parsing: scenario_parse_test.cpp; the steps on
// single objects: object_steps_test.cpp.
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "scenario/runner.h"
#include "scenario/scenario.h"
#include "scenario/scenario_test_support.h"

namespace stsmc::scenario {

using namespace model;  // the world this folder drives
using namespace testing_support;
namespace {

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

// A partial sync (docs/faults.md): each write attempt is a step, and the writes after the first
// follow from what the sync read at its start, here replicas 3 although the user scaled to 0
// in between; the next sync reads replicas 0.
TEST(ScenarioRun, APartialSyncWritesFromWhatItReadAtItsStart) {
  auto run = run_text(R"(manifest: ../web-parallel.yaml
steps:
  - sync: {writes: 3}
  - expect:
      pods: {web-0: {phase: Pending}}
      absent-pods: [web-1, web-2]
      sync: {writes: {create controllerrevisions: 1, create persistentvolumeclaims: 1, create pods: 1}}
  - scale: {replicas: 0}
  - sync: {}
  - expect:
      pods: {web-1: {phase: Pending}, web-2: {phase: Pending}}
      sync: {writes: {create pods: 2, updateStatus statefulsets: 1}}
      status: {replicas: 0}
  - sync: {}
  - expect:
      sync: {writes: {delete pods: 3}}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  EXPECT_NE(run.output.find("step  1  sync {writes: 3} (3 writes; the sync is in flight): create web-0\n"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("(5 writes; the sync ended)"), std::string::npos) << run.output;
}

// A partial sync's writes may fail too: fail-writes rules count the step's attempts, and the
// sync goes on from a failed one as upstream's does. Parallel's first slow-start batch is web-0
// alone: its failed create ends the creates, the status is still written (on a Conflict the
// status updater tries again), and the sync's error is reported once.
TEST(ScenarioRun, APartialSyncMayFailSomeOfItsWrites) {
  auto run = run_text(R"(manifest: ../web-parallel.yaml
steps:
  - sync:
      writes: 3
      fail-writes: [{verb: create, resource: pods, name: web-0, error: InternalError}]
  - expect:
      absent-pods: [web-0, web-1, web-2]
      sync: {error: InternalError, writes: {create controllerrevisions: 1, create persistentvolumeclaims: 1, create pods: 1}}
  - sync: {fail-writes: [{verb: updateStatus, resource: statefulsets, error: Conflict}]}
  - expect:
      absent-pods: [web-0, web-1, web-2]
      sync: {writes: {updateStatus statefulsets: 2}}
  - sync: {}
  - expect:
      pods: {web-0: {phase: Pending}, web-1: {phase: Pending}, web-2: {phase: Pending}}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_TRUE(run.result->ok) << run.result->failure << "\n" << run.output;
  EXPECT_NE(run.output.find("(3 writes; the sync is in flight)\n          (injected InternalError into create pods web-0"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("(2 writes; the sync ended)\n          (injected Conflict into updateStatus statefulsets web)\n"),
            std::string::npos)
      << run.output;
}

// A restart abandons the sync in flight after the writes it made; the next sync starts afresh.
// Without a sync in flight a restart is not a step the model takes.
TEST(ScenarioRun, ARestartAbandonsTheSyncInFlight) {
  auto run = run_text(R"(manifest: ../web-parallel.yaml
steps:
  - sync: {writes: 3}
  - restart-controller:
  - expect:
      absent-pods: [web-1, web-2]
  - sync: {}
  - expect:
      pods: {web-0: {phase: Pending}, web-1: {phase: Pending}, web-2: {phase: Pending}}
      sync: {writes: {create pods: 2}}
  - restart-controller: {}
)");
  ASSERT_TRUE(run.result) << run.result.error().message;
  EXPECT_FALSE(run.result->ok) << run.output;
  EXPECT_EQ(run.result->steps_run, 5u) << run.output;
  EXPECT_NE(run.result->failure.find("step 6 (line 11): the model rejected it: no sync in flight"), std::string::npos)
      << run.result->failure;
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

}  // namespace
}  // namespace stsmc::scenario
