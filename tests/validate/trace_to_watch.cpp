// Conformance trace -> kubectl watch stream (see trace_to_watch.h). Within one recorded step the
// writes are listed as the controller makes them: ControllerRevisions, then claims, then pods,
// then the StatefulSet (its status is written last in a sync).
#include "tests/validate/trace_to_watch.h"

#include <map>

namespace stsmc::validate::testing {

namespace {

using nlohmann::json;

struct Converter {
  const conformance::Scenario& sc;
  std::string name, ns = "default", set_uid;
  json tmpl;                                  ///< the set's current spec.template
  std::map<std::string, json> revision_tmpl;  ///< ControllerRevision name -> template
  std::map<std::string, int> pvc_incarnation;
  std::uint64_t rv = 100;
  std::string out;

  explicit Converter(const conformance::Scenario& s) : sc(s) {
    name = sc.set.value("name", "web");
    set_uid = name + "-set-uid";
    tmpl = {{"metadata", {{"labels", {{"app", name}}}}},
            {"spec", {{"containers", json::array({{{"name", "app"}, {"image", sc.set.value("image", "nginx:1.0")}}})}}}};
  }

  void apply_op(const Json& step) {
    const std::string op = step.value("op", "");
    if (op == "setImage") tmpl["spec"]["containers"][0]["image"] = step["value"].get<std::string>();
    if (op == "setTemplateAnnotation")
      tmpl["metadata"]["annotations"][step.value("key", "")] =
          step["value"].is_string() ? step["value"].get<std::string>() : step["value"].dump();
  }

  json meta(const std::string& n, const std::string& uid) const {
    return {{"name", n}, {"namespace", ns}, {"uid", uid}};
  }
  json set_ref() const {
    return {{"apiVersion", "apps/v1"}, {"kind", "StatefulSet"}, {"name", name}, {"uid", set_uid},
            {"controller", true}, {"blockOwnerDeletion", true}};
  }

  /// Every object of a recorded state, keyed "kind/name", in write order.
  std::vector<std::pair<std::string, json>> objects(const Json& state, std::map<std::string, bool>& pvc_present) {
    std::vector<std::pair<std::string, json>> objs;
    for (const auto& r : state["revisions"]) {
      const std::string n = r["name"].get<std::string>();
      if (!revision_tmpl.contains(n)) revision_tmpl[n] = tmpl;
      json data_tmpl = revision_tmpl[n];
      data_tmpl["$patch"] = "replace";
      json o = {{"apiVersion", "apps/v1"}, {"kind", "ControllerRevision"}, {"metadata", meta(n, n + "-uid")},
                {"data", {{"spec", {{"template", data_tmpl}}}}}, {"revision", r["revision"]}};
      o["metadata"]["labels"] = {{"app", name}, {"controller.kubernetes.io/hash", n.substr(name.size() + 1)}};
      o["metadata"]["ownerReferences"] = json::array({set_ref()});
      objs.emplace_back("ControllerRevision/" + n, o);
    }
    for (const auto& c : state["pvcs"]) {
      const std::string n = c["name"].get<std::string>();
      if (!pvc_present[n]) ++pvc_incarnation[n];
      pvc_present[n] = true;
      json o = {{"apiVersion", "v1"}, {"kind", "PersistentVolumeClaim"},
                {"metadata", meta(n, n + "-uid-" + std::to_string(pvc_incarnation[n]))},
                {"spec", {{"accessModes", {"ReadWriteOnce"}}, {"resources", {{"requests", {{"storage", "1Gi"}}}}}}},
                {"status", {{"phase", "Bound"}}}};
      o["metadata"]["labels"] = {{"app", name}};
      json refs = json::array();
      for (const auto& ow : c["owners"]) {
        const std::string kind = ow["kind"].get<std::string>();
        refs.push_back({{"apiVersion", kind == "Pod" ? "v1" : "apps/v1"}, {"kind", kind}, {"name", ow["name"]}, {"uid", ow["uid"]}});
      }
      if (!refs.empty()) o["metadata"]["ownerReferences"] = refs;
      if (c.value("terminating", false)) o["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
      objs.emplace_back("PersistentVolumeClaim/" + n, o);
    }
    for (auto& [n, present] : pvc_present) {
      bool still = false;
      for (const auto& c : state["pvcs"]) still = still || c["name"] == n;
      present = still;
    }
    for (const auto& p : state["pods"]) {
      const std::string n = p["name"].get<std::string>();
      json o = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", meta(n, p["uid"].get<std::string>())}};
      o["metadata"]["labels"] = {{"app", name},
                                 {"controller-revision-hash", p["revision"]},
                                 {"statefulset.kubernetes.io/pod-name", n},
                                 {"apps.kubernetes.io/pod-index", std::to_string(p["ordinal"].get<int>())}};
      // Two keys no recorded state has, for tests that edit states: a pod the user orphaned
      // (no owner references) and one whose labels no longer match the selector.
      if (p.value("unlabeled", false)) o["metadata"]["labels"].erase("app");
      o["metadata"]["ownerReferences"] = p.value("orphaned", false) ? json::array() : json::array({set_ref()});
      if (p.value("terminating", false)) o["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
      o["spec"] = {{"containers", json::array({{{"name", "app"}, {"image", p.value("image", "")}}})}};
      if (p.contains("nodeName")) o["spec"]["nodeName"] = p["nodeName"];
      o["status"] = {{"phase", p["phase"]},
                     {"conditions", json::array({{{"type", "Ready"}, {"status", p.value("ready", false) ? "True" : "False"}}})}};
      objs.emplace_back("Pod/" + n, o);
    }
    const Json& spec = state["spec"];
    if (spec.value("exists", false)) {
      json s = {{"replicas", spec["replicas"]},
                {"selector", {{"matchLabels", {{"app", name}}}}},
                {"serviceName", name},
                {"template", tmpl},
                {"podManagementPolicy", spec["podManagementPolicy"]},
                {"updateStrategy", {{"type", spec["updateStrategy"]}}},
                {"persistentVolumeClaimRetentionPolicy", spec["pvcRetentionPolicy"]},
                {"revisionHistoryLimit", sc.set.value("revisionHistoryLimit", 10)}};
      if (spec.contains("partition")) s["updateStrategy"]["rollingUpdate"]["partition"] = spec["partition"];
      if (spec.contains("maxUnavailable")) s["updateStrategy"]["rollingUpdate"]["maxUnavailable"] = spec["maxUnavailable"];
      if (spec.value("minReadySeconds", 0) != 0) s["minReadySeconds"] = spec["minReadySeconds"];
      if (spec.contains("ordinalsStart")) s["ordinals"] = {{"start", spec["ordinalsStart"]}};
      json claims = json::array();
      if (sc.set.contains("volumeClaimTemplates"))
        for (const auto& t : sc.set["volumeClaimTemplates"])
          claims.push_back({{"metadata", {{"name", t}}}, {"spec", {{"accessModes", {"ReadWriteOnce"}}}}});
      if (!claims.empty()) s["volumeClaimTemplates"] = claims;
      const Json& st = state["status"];
      json status = {{"observedGeneration", st["observedGeneration"]}, {"replicas", st["replicas"]},
                     {"readyReplicas", st["readyReplicas"]}, {"currentReplicas", st["currentReplicas"]},
                     {"updatedReplicas", st["updatedReplicas"]}, {"availableReplicas", st["availableReplicas"]}};
      if (st.value("currentRevision", "") != "") status["currentRevision"] = st["currentRevision"];
      if (st.value("updateRevision", "") != "") status["updateRevision"] = st["updateRevision"];
      if (st.contains("collisionCount")) status["collisionCount"] = st["collisionCount"];
      json o = {{"apiVersion", "apps/v1"}, {"kind", "StatefulSet"}, {"metadata", meta(name, set_uid)}, {"spec", s}, {"status", status}};
      o["metadata"]["generation"] = spec["generation"];
      objs.emplace_back("StatefulSet/" + name, o);
    }
    return objs;
  }

  void emit(const char* type, json object) {
    object["metadata"]["resourceVersion"] = std::to_string(++rv);
    out += json{{"type", type}, {"object", object}}.dump(4) + "\n";
  }

  std::string run(const std::vector<Json>& states) {
    std::map<std::string, bool> pvc_present;
    std::vector<std::pair<std::string, json>> prev;
    for (std::size_t i = 0; i < states.size(); ++i) {
      if (i > 0 && i - 1 < sc.steps.size()) apply_op(sc.steps[i - 1]);
      auto cur = objects(states[i], pvc_present);
      auto find = [](const std::vector<std::pair<std::string, json>>& v, const std::string& k) -> const json* {
        for (const auto& [key, o] : v)
          if (key == k) return &o;
        return nullptr;
      };
      // Write order within a step: the set's deletion; revisions, claims and pods created or
      // changed (a pod's deletion before its re-creation); claims collected after their pods;
      // the set (its status is a sync's last write); revisions dropped by the history limit.
      auto kind_of = [](const std::string& k) { return k.substr(0, k.find('/')); };
      auto gone = [&](const std::string& k, const json& o) {
        const json* now = find(cur, k);
        return !now || (*now)["metadata"]["uid"] != o["metadata"]["uid"];
      };
      auto deletions = [&](const std::string& kind) {
        for (const auto& [k, o] : prev)
          if (kind_of(k) == kind && gone(k, o)) emit("DELETED", o);
      };
      auto writes = [&](const std::string& kind) {
        for (const auto& [k, o] : cur) {
          if (kind_of(k) != kind) continue;
          const json* before = find(prev, k);
          if (!before || (*before)["metadata"]["uid"] != o["metadata"]["uid"]) {
            if (kind == "Pod" && before) emit("DELETED", *before);
            emit("ADDED", o);
          } else {
            json a = *before;
            a["metadata"].erase("resourceVersion");
            if (a != o) emit("MODIFIED", o);
          }
        }
      };
      deletions("StatefulSet");
      writes("ControllerRevision");
      writes("PersistentVolumeClaim");
      for (const auto& [k, o] : prev)  // pods gone for good (re-created ones are handled in writes)
        if (kind_of(k) == "Pod" && !find(cur, k)) emit("DELETED", o);
      writes("Pod");
      deletions("PersistentVolumeClaim");
      writes("StatefulSet");
      deletions("ControllerRevision");
      prev = cur;
    }
    return out;
  }
};

}  // namespace

std::vector<Json> recorded_states(const conformance::Scenario& sc) {
  std::vector<Json> out;
  for (const auto& line : sc.recorded) out.push_back(line["state"]);
  return out;
}

std::string watch_stream(const conformance::Scenario& sc, const std::vector<Json>& states) {
  Converter c(sc);
  return c.run(states);
}

std::string manifest_yaml(const conformance::Scenario& sc) {
  const std::string name = sc.set.value("name", "web");
  std::string y = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: " + name + "\nspec:\n";
  y += "  replicas: " + std::to_string(sc.set.value("replicas", 1)) + "\n";
  y += "  serviceName: " + name + "\n  selector:\n    matchLabels:\n      app: " + name + "\n";
  y += "  template:\n    metadata:\n      labels:\n        app: " + name + "\n    spec:\n      containers:\n";
  y += "      - name: app\n        image: " + sc.set.value("image", std::string("nginx:1.0")) + "\n";
  const Json& s = sc.set;
  auto scalar = [](const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  if (s.contains("podManagementPolicy")) y += "  podManagementPolicy: " + scalar(s["podManagementPolicy"]) + "\n";
  y += "  updateStrategy:\n    type: " + s.value("updateStrategy", std::string("RollingUpdate")) + "\n";
  if (s.contains("partition") || s.contains("maxUnavailable")) {
    y += "    rollingUpdate:\n";
    if (s.contains("partition")) y += "      partition: " + scalar(s["partition"]) + "\n";
    if (s.contains("maxUnavailable")) y += "      maxUnavailable: " + (s["maxUnavailable"].is_string() ? "\"" + scalar(s["maxUnavailable"]) + "\"" : scalar(s["maxUnavailable"])) + "\n";
  }
  if (s.contains("pvcRetentionPolicy"))
    y += "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: " + s["pvcRetentionPolicy"].value("whenDeleted", std::string("Retain")) +
         "\n    whenScaled: " + s["pvcRetentionPolicy"].value("whenScaled", std::string("Retain")) + "\n";
  if (s.contains("minReadySeconds")) y += "  minReadySeconds: " + scalar(s["minReadySeconds"]) + "\n";
  if (s.contains("ordinalsStart")) y += "  ordinals:\n    start: " + scalar(s["ordinalsStart"]) + "\n";
  if (s.contains("revisionHistoryLimit")) y += "  revisionHistoryLimit: " + scalar(s["revisionHistoryLimit"]) + "\n";
  if (sc.set.contains("volumeClaimTemplates")) {
    y += "  volumeClaimTemplates:\n";
    for (const auto& t : sc.set["volumeClaimTemplates"])
      y += "  - metadata:\n      name: " + t.get<std::string>() +
           "\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 1Gi\n";
  }
  return y;
}

}  // namespace stsmc::validate::testing
