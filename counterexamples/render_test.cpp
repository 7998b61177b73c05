// Rendering: the text walk-through (tables, change marks, violation and loop markers) on a
// StatefulSet-shaped trace and the toy, the Mermaid diagram, and the JSON view.
#include "core/testing/text.h"
#include "counterexamples/render.h"

#include <gtest/gtest.h>

#include "counterexamples/testing/toy_traces.h"

namespace stsmc::counterexamples {
namespace {

using stsmc::testing::count;

Json pod(int ordinal, bool ready, int revision = 1) {
  return Json{{"ordinal", ordinal},   {"uid", 1},           {"phase", "Running"},
              {"ready", ready},       {"ready_seconds", 0}, {"terminating", false},
              {"revision", revision}, {"node_bound", true}, {"controlled", true},
              {"identity", ordinal}};
}

Json pvc(int ordinal) {
  return Json{{"claim_template", 0},
              {"ordinal", ordinal},
              {"uid", 1},
              {"bound", true},
              {"terminating", false},
              {"owners", Json::array({Json{{"kind", "StatefulSet"}, {"ordinal", 0}, {"uid", 1}}})}};
}

Json cluster(Json pods, Json pvcs, int ready_replicas) {
  const Json spec = {{"replicas", 2},
                     {"pod_template", 1},
                     {"update_strategy",
                      {{"type", "RollingUpdate"},
                       {"partition", 0},
                       {"max_unavailable", {{"value", 1}, {"percent", false}}}}}};
  const Json status = {{"replicas", 2},         {"ready_replicas", ready_replicas},
                       {"current_replicas", 2}, {"updated_replicas", 2},
                       {"current_revision", 1}, {"update_revision", 1}};
  const Json set = {{"exists", true}, {"generation", 1}, {"spec", spec}, {"status", status}};
  return Json{{"api",
               {{"set", set},
                {"pods", std::move(pods)},
                {"pvcs", std::move(pvcs)},
                {"revisions", Json::array({Json{{"number", 1}, {"pod_template", 1}}})}}},
              {"budgets", {{"delete_pod", 1}}}};
}

/// Two replicas; the user deletes web-1 (gone at step 1, with its PVC kept), web-0 becomes ready.
StoredTrace statefulset_trace() {
  StoredTrace t;
  t.meta = testing::toy_meta("partition-semantics", "safety", 1, "pod web-1 deleted for an update");
  t.meta.manifest =
      Json{{"set",
            {{"name", "web"}, {"volume_claim_templates", Json::array({Json{{"name", "data"}}})}}}};
  t.states = {cluster(Json::array({pod(0, false), pod(1, true)}), Json::array({pvc(0), pvc(1)}), 1),
              cluster(Json::array({pod(0, true)}), Json::array({pvc(0), pvc(1)}), 2)};
  t.states[1]["budgets"]["delete_pod"] = 0;
  t.actions = {
      Json{{"actor", "user"}, {"name", "delete-pod"}, {"args", {{"pod", 1}, {"force", false}}}}};
  t.fingerprints = {"0000000000000001", "0000000000000002"};
  return t;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ObjectNames, ReadTheStoredFormAndTheManifestsOwnFields) {
  const auto stored = object_names(Json::parse(
      R"({"set": {"name": "web", "volume_claim_templates": [{"name": "data"}, {"name": "logs"}]}})"));
  EXPECT_EQ(stored.pod(Json(2)), "web-2");
  EXPECT_EQ(stored.pvc(Json(1), Json(0)), "logs-web-0");
  EXPECT_EQ(stored.pvc(Json(5), Json(0)), "claim5-web-0");  // a template the manifest does not name
  const auto raw = object_names(Json::parse(
      R"({"metadata": {"name": "db"}, "spec": {"volumeClaimTemplates": [{"metadata": {"name": "pgdata"}}]}})"));
  EXPECT_EQ(raw.pod(Json(0)), "db-0");
  EXPECT_EQ(raw.pvc(Json(0), Json(3)), "pgdata-db-3");
  const auto none = object_names(Json::object());
  EXPECT_EQ(none.pod(Json()), "pod--");  // a missing ordinal shows as "-"
}

TEST(RenderText, DescribesActions) {
  EXPECT_EQ(
      describe_action(Json{
          {"actor", "user"}, {"name", "delete-pod"}, {"args", {{"pod", 1}, {"force", false}}}}),
      "user delete-pod pod=1 force=false");
  EXPECT_EQ(describe_action(
                Json{{"actor", "controller"}, {"name", "reconcile"}, {"args", Json::object()}}),
            "controller reconcile");
  EXPECT_EQ(describe_action(Json{{"x", 1}}), "{\"x\":1}");
}

TEST(RenderText, ShowsTablesAndMarksChanges) {
  const auto text = render_text(statefulset_trace());
  EXPECT_TRUE(contains(text, "step 1  user delete-pod pod=1 force=false\n")) << text;
  EXPECT_TRUE(contains(text, "<<< violates partition-semantics: pod web-1 deleted for an update\n"))
      << text;
  EXPECT_TRUE(contains(text, "    NAME   PHASE    READY  TERM  REV  UID\n")) << text;
  EXPECT_TRUE(contains(text, "    web-1  Running  yes    no    1    1\n"))
      << text;  // step 0, unmarked
  EXPECT_TRUE(contains(text, "*   web-0  Running  yes    no    1    1\n")) << text;  // became ready
  EXPECT_TRUE(contains(text, "-   web-1 (gone)\n")) << text;
  EXPECT_TRUE(contains(text, "    data-web-1  1    yes    no    StatefulSet#1\n"))
      << text;  // unchanged PVC
  EXPECT_TRUE(contains(text, "* status replicas=2 ready=2 current=2")) << text;
  EXPECT_TRUE(contains(text, "max_unavailable=1")) << text;
  EXPECT_TRUE(contains(text, "*   budgets.delete_pod: 1 -> 0\n")) << text;
  EXPECT_FALSE(contains(text, "--- loop")) << text;
}

TEST(RenderText, ListsChangedFieldsTheColumnsHide) {
  auto t = statefulset_trace();
  t.states[1]["api"]["pods"][0]["ready"] = false;
  t.states[1]["api"]["pods"][0]["node_bound"] = false;
  const auto text = render_text(t);
  EXPECT_TRUE(
      contains(text, "*   web-0  Running  no     no    1    1  (node_bound: true -> false)\n"))
      << text;
}

TEST(RenderText, FallsBackToJsonLeavesForOtherModels) {
  const auto text = render_text(testing::toy_safety_trace());
  EXPECT_TRUE(
      contains(text, "trace below-five (safety), engine explore, seed 42, mutant -, 6 steps\n"))
      << text;
  EXPECT_TRUE(contains(text, "\nstep 0  init\n    counter = 0\n")) << text;
  EXPECT_TRUE(contains(
      text, "\nstep 5  kubelet inc\n<<< violates below-five: counter is 5\n*   counter: 4 -> 5\n"))
      << text;
}

TEST(RenderText, MarksTheLoopOfALasso) {
  const auto text = render_text(testing::toy_liveness_trace());
  EXPECT_TRUE(contains(text, "note: toy#1: the 1-2 loop\n")) << text;
  EXPECT_TRUE(contains(text, "--- loop starts here ---\n\nstep 1  kubelet inc\n")) << text;
  EXPECT_TRUE(contains(text, "--- loop returns to step 1 and repeats forever ---\n")) << text;
}

TEST(RenderMermaid, DrawsOneArrowPerStep) {
  const auto t = testing::toy_safety_trace();
  const auto m = render_mermaid(t);
  EXPECT_TRUE(m.starts_with("sequenceDiagram\n")) << m;
  EXPECT_EQ(count(m, "->>apiserver: "), t.states.size() - 1) << m;
  for (const char* p : {"user", "controller", "kubelet", "provisioner", "gc", "fault"})
    EXPECT_TRUE(contains(m, std::string("  participant ") + p + "\n")) << m;
  EXPECT_TRUE(contains(m, "  participant apiserver as API server\n")) << m;
  EXPECT_TRUE(contains(m,
                       "  kubelet->>apiserver: 5: inc\n  Note over user,apiserver: step 5 violates "
                       "below-five: counter is 5\n"))
      << m;
}

TEST(RenderMermaid, WrapsTheLassoLoop) {
  const auto m = render_mermaid(testing::toy_liveness_trace());
  EXPECT_TRUE(contains(m,
                       "  loop back to step 1 forever\n  kubelet->>apiserver: 2: inc\n  "
                       "controller->>apiserver: 3: dec\n"))
      << m;
  EXPECT_TRUE(contains(m, "  end\n")) << m;
}

TEST(RenderMermaid, EscapesArgumentsAndUnknownActors) {
  auto t = statefulset_trace();
  t.actions[0] = Json{{"actor", "loop"}, {"name", "x"}, {"args", {{"s", "a;b#c"}}}};
  const auto m = render_mermaid(t);
  EXPECT_TRUE(contains(m, "  participant loop_\n")) << m;
  EXPECT_TRUE(contains(m, "  loop_->>apiserver: 1: x s=a,b#35;c\n")) << m;
}

/// The set moves from template 0 (revision 2) to template 1 (revision 3) at step 1.
StoredTrace revision_trace() {
  auto t = statefulset_trace();
  for (auto& s : t.states) {
    s["api"]["revisions"] = Json::array({Json{{"number", 2}, {"pod_template", 0}}, Json{{"number", 3}, {"pod_template", 1}}});
    s["api"]["set"]["status"]["current_revision"] = 0;
    s["api"]["set"]["status"]["update_revision"] = 0;
  }
  t.states[1]["api"]["set"]["status"]["update_revision"] = 1;
  return t;
}

TEST(RenderRevisions, TextShowsControllerRevisionNumbersNotTemplateIndices) {
  const auto text = render_text(revision_trace());
  EXPECT_TRUE(contains(text, "currentRevision=2 updateRevision=2")) << text;
  EXPECT_TRUE(contains(text, "currentRevision=2 updateRevision=3")) << text;
  EXPECT_TRUE(contains(text, "    web-1  Running  yes    no    3    1\n")) << text;  // template 1 is revision 3
}

TEST(RenderRevisions, JsonAndMermaidCarryTheNumbers) {
  const auto t = revision_trace();
  const Json j = Json::parse(render_json(t));
  const Json& status = j["steps"][1]["state"]["api"]["set"]["status"];
  EXPECT_EQ(status["current_revision"], 0);  // the stored template index stays
  EXPECT_EQ(status["current_revision_number"], 2);
  EXPECT_EQ(status["update_revision_number"], 3);
  EXPECT_EQ(j["steps"][1]["state"]["api"]["pods"][0]["revision_number"], 3);
  const auto m = render_mermaid(t);
  EXPECT_TRUE(contains(m, "Note over apiserver: currentRevision=2 updateRevision=3\n")) << m;
}

TEST(RenderRevisions, ATemplateWithoutARevisionIsNamedAsTemplate) {
  auto t = revision_trace();
  t.states[1]["api"]["revisions"] = Json::array();
  EXPECT_TRUE(contains(render_text(t), "currentRevision=t0 updateRevision=t1")) << render_text(t);
  EXPECT_EQ(revision_number(t.states[0], Json(1)), 3);
  EXPECT_FALSE(revision_number(t.states[1], Json(1)).has_value());
}

TEST(RenderJson, IsTheDocumentPrettyPrinted) {
  const auto t = testing::toy_liveness_trace();
  const auto text = render_json(t);
  EXPECT_TRUE(contains(text, "\n  \"format\": \"stsmc-trace/1\",\n")) << text;
  EXPECT_EQ(Json::parse(text), stored_trace_to_json(t));  // the toy has no revisions to add
}

}  // namespace
}  // namespace stsmc::counterexamples
