// Parsing `stsmc run` scenarios: steps and their arguments, `fail-writes` on a sync, and every
// malformed input as exit-2 bad input whose message names the line and the field.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <variant>

#include "scenario/runner.h"
#include "scenario/scenario.h"
#include "scenario/scenario_test_support.h"

// A namespace of its own: CI compiles the scenario tests as one unity source.
namespace stsmc::scenario::parse_tests {

using namespace model;  // the world this folder drives
using namespace testing_support;
namespace {

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
  // A partial sync may fail some of its writes too.
  auto partial = parse_scenario(
      "manifest: m.yaml\nsteps:\n  - sync: {writes: 2, fail-writes: [{verb: create, resource: pods, error: Conflict}]}\n",
      "dir/p.yaml");
  ASSERT_TRUE(partial) << partial.error().message;
  const auto& both = std::get<Sync>(partial->steps[0].body);
  EXPECT_EQ(both.writes, 2);
  EXPECT_EQ(both.fail_writes.size(), 1u);
  EXPECT_EQ(describe(partial->steps[0]), "sync {writes: 2, fail-writes: [create pods: Conflict]}");
  EXPECT_EQ(e.sync->writes, (std::vector<std::pair<std::string, std::int64_t>>{{"create pods", 2},
                                                                              {"updateStatus statefulsets", 0}}));
}

// A failed create has no effect, the sync returns its error, the step line shows both, and the
// next sync recovers (upstream's CreatePodFailure).

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
    Malformed{"PartialSyncOfNoWrite", "manifest: ../myapp.yaml\nsteps:\n  - sync: {writes: 0}\n",
              "test.yaml:3:20: steps[0].sync.writes: must be >= 1, got 0"},
    Malformed{"PartialSyncWithNoRuleToFail", "manifest: ../myapp.yaml\nsteps:\n  - sync: {writes: 2, fail-writes: []}\n",
              "steps[0].sync.fail-writes: name at least one write to fail"},
    Malformed{"RestartWithArguments", "manifest: ../myapp.yaml\nsteps:\n  - restart-controller: {hard: true}\n",
              "steps[0].restart-controller.hard: unknown field"},
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
}  // namespace stsmc::scenario::parse_tests
