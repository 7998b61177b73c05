// The steps on single objects in `stsmc run` (docs/scenarios.md): `delete-pvc`, `orphan-pvc`,
// `cordon` and `uncordon`, `orphan-pod` and `label-pod`. A claim the user deletes goes at once
// unless a scheduled pod holds it under PVC protection; an orphaned claim gets back what its
// policy asks for; a cordoned node keeps new pods Pending without a node; an orphaned pod is
// adopted again, a pod whose labels stop matching is released.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "scenario/runner.h"
#include "scenario/scenario.h"

// A namespace of its own: CI compiles the scenario tests as one unity source.
namespace stsmc::scenario::object_steps {
namespace {

const std::string kScenarioDir = std::string(STSMC_SOURCE_DIR) + "/spec/examples/scenarios/";

struct Outcome {
  bool ok = false;
  std::string failure;
  std::string output;
};

Outcome run_steps(const std::string& text) {
  auto sc = parse_scenario(text, kScenarioDir + "test.yaml");
  EXPECT_TRUE(sc) << sc.error().message;
  if (!sc) return {};
  std::ostringstream out;
  auto r = run_scenario(*sc, {}, out);
  EXPECT_TRUE(r) << r.error().message;
  if (!r) return {};
  return {r->ok, r->failure, out.str()};
}

// A running pod is scheduled: pvc-protection holds its deleted claim until the pod is gone;
// then the claim goes and the controller makes a new one with the new pod.
TEST(ClaimSteps, AClaimDeletedUnderARunningPodIsHeldThenReplacedWithThePod) {
  const auto r = run_steps(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - delete-pvc: {name: myappdata-myapp-1}
  - settle: {}
  - expect:
      pvcs: [myappdata-myapp-0, myappdata-myapp-1]
      same-pvc: [myappdata-myapp-0, myappdata-myapp-1]
      pods: {myapp-1: {ready: true, incarnation: 1}}
  - delete-pod: {name: myapp-1}
  - settle: {}
  - expect:
      pvcs: [myappdata-myapp-0, myappdata-myapp-1]
      same-pvc: [myappdata-myapp-0]
      pods: {myapp-1: {ready: true, incarnation: 2}}
)");
  EXPECT_TRUE(r.ok) << r.failure << "\n" << r.output;
  EXPECT_NE(r.output.find("delete-pvc {name: myappdata-myapp-1} (terminating: a scheduled pod uses it)"),
            std::string::npos)
      << r.output;
}

// Negative control: the same claim must not count as the one first seen once it was replaced.
TEST(ClaimSteps, AReplacedClaimIsNotTheSamePvc) {
  const auto r = run_steps(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - delete-pvc: {name: myappdata-myapp-1}
  - delete-pod: {name: myapp-1}
  - settle: {}
  - expect:
      same-pvc: [myappdata-myapp-1]
)");
  EXPECT_FALSE(r.ok) << r.output;
}

// Deleted under a pod that is scheduled but not started, the claim stays Terminating and the pod
// Pending: upstream's stall (docs/checking.md, "Known upstream behaviour"), until the pod is
// deleted by hand.
TEST(ClaimSteps, AClaimDeletedUnderAScheduledPendingPodStallsUntilThePodIsDeleted) {
  const auto r = run_steps(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - hold: {pod: myapp-1, pending: true}
  - delete-pod: {name: myapp-1}
  - settle: {}
  - expect:
      pods: {myapp-1: {phase: Pending, incarnation: 2}}
  - delete-pvc: {name: myappdata-myapp-1}
  - release: {pod: myapp-1}
  - settle: {rounds: 5}
  - expect:
      pods: {myapp-1: {phase: Pending, incarnation: 2}}
      pvcs: [myappdata-myapp-0, myappdata-myapp-1]
  - delete-pod: {name: myapp-1}
  - settle: {}
  - expect:
      pods: {myapp-1: {ready: true, incarnation: 3}}
      same-pvc: [myappdata-myapp-0]
)");
  EXPECT_TRUE(r.ok) << r.failure << "\n" << r.output;
}

// While the node is cordoned a re-created pod has no node, so its claim goes at once and the
// controller re-creates it for the Pending pod; after uncordon the pod runs on the new claim.
TEST(ClaimSteps, ACordonedNodeLeavesNewPodsUnscheduledSoTheirClaimsGoAndComeBack) {
  const auto r = run_steps(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - cordon:
  - delete-pod: {name: myapp-0}
  - settle: {}
  - expect:
      pods: {myapp-0: {phase: Pending, incarnation: 2}, myapp-1: {ready: true}}
  - delete-pvc: {name: myappdata-myapp-0}
  - expect:
      pvcs: [myappdata-myapp-1]
  - uncordon:
  - settle: {}
  - expect:
      pods: {myapp-0: {ready: true, incarnation: 2}}
      pvcs: [myappdata-myapp-0, myappdata-myapp-1]
      same-pvc: [myappdata-myapp-1]
)");
  EXPECT_TRUE(r.ok) << r.failure << "\n" << r.output;
  EXPECT_NE(r.output.find("delete-pvc {name: myappdata-myapp-0} (gone)"), std::string::npos) << r.output;
}

TEST(ClaimSteps, DeletingOrOrphaningAClaimThatIsNotThereFailsTheRunWithItsName) {
  for (const std::string step : {"delete-pvc", "orphan-pvc"}) {
    const auto r = run_steps("manifest: ../myapp.yaml\nsteps:\n  - " + step + ": {name: myappdata-myapp-0}\n");
    EXPECT_FALSE(r.ok) << step;
    EXPECT_NE(r.failure.find("claim myappdata-myapp-0 does not exist"), std::string::npos) << step << ": " << r.failure;
  }
}

// The user strips a claim's owner references; the next sync gives back what the policy asks
// for (here whenDeleted=Delete: the set's reference). Under Retain nothing comes back.
TEST(ClaimSteps, AnOrphanedClaimGetsBackTheReferencesItsPolicyAsksFor) {
  const auto r = run_steps(R"(manifest: ../myapp.yaml
steps:
  - set-retention-policy: {when-deleted: Delete, when-scaled: Retain}
  - settle: {}
  - expect:
      pvc-owners: {myappdata-myapp-0: [StatefulSet myapp], myappdata-myapp-1: [StatefulSet myapp]}
  - orphan-pvc: {name: myappdata-myapp-1}
  - expect:
      pvc-owners: {myappdata-myapp-0: [StatefulSet myapp], myappdata-myapp-1: []}
      same-pvc: [myappdata-myapp-0, myappdata-myapp-1]
  - sync: {}
  - expect:
      pvc-owners: {myappdata-myapp-1: [StatefulSet myapp]}
      same-pvc: [myappdata-myapp-1]
  - set-retention-policy: {when-deleted: Retain, when-scaled: Retain}
  - settle: {}
  - expect:
      pvc-owners: {myappdata-myapp-0: [], myappdata-myapp-1: []}
)");
  EXPECT_TRUE(r.ok) << r.failure << "\n" << r.output;
  EXPECT_NE(r.output.find("orphan-pvc {name: myappdata-myapp-1}"), std::string::npos) << r.output;
}

// upstream's "should adopt matching orphans and release non-matching pods", shortened: the
// orphan is adopted by the next sync; a pod whose labels stop matching is released, blocks its
// replica (AlreadyExists) and is not counted; with its labels back it is adopted again.
TEST(PodMetadataSteps, AnOrphanIsAdoptedAndAPodWithoutTheSelectorsLabelsIsReleased) {
  const auto r = run_steps(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - orphan-pod: {name: myapp-1}
  - expect:
      pods: {myapp-1: {controlled: false}}
  - sync: {}
  - expect:
      pods: {myapp-1: {controlled: true, incarnation: 1}}
  - label-pod: {name: myapp-1, matching: false}
  - settle: {}
  - expect:
      pods: {myapp-1: {controlled: false, incarnation: 1, ready: true}}
      status: {replicas: 1}
      sync: {error: AlreadyExists}
  - label-pod: {name: myapp-1, matching: true}
  - settle: {}
  - expect:
      pods: {myapp-1: {controlled: true, incarnation: 1}}
      status: {replicas: 2, readyReplicas: 2}
)");
  EXPECT_TRUE(r.ok) << r.failure << "\n" << r.output;
}

// Negative control: an orphan is not adopted before a sync runs.
TEST(PodMetadataSteps, AnOrphanIsNotControlledBeforeTheControllerSyncs) {
  const auto r = run_steps(R"(manifest: ../myapp.yaml
steps:
  - settle: {}
  - orphan-pod: {name: myapp-0}
  - expect:
      pods: {myapp-0: {controlled: true}}
)");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.failure.find("pods.myapp-0.controlled"), std::string::npos) << r.failure;
}

}  // namespace
}  // namespace stsmc::scenario::object_steps
