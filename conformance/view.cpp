// Building the comparable view from the model and from recorded trace lines.
#include "conformance/view.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "conformance/replay.h"

namespace stsmc::conformance {

using namespace model;  // the world this folder drives
namespace {

Json spec_view(const model::ModelConfig& cfg, const model::ClusterState& s) {
  const auto& set = s.api.set;
  Json j = Json::object();
  j["exists"] = set.exists;
  j["generation"] = set.generation;
  j["replicas"] = set.spec.replicas;
  if (!set.exists) {
    j["image"] = "";
    j["podManagementPolicy"] = "";
    j["updateStrategy"] = "";
    j["minReadySeconds"] = 0;
    return j;
  }
  const auto& sp = set.spec;
  j["image"] = cfg.controller.templates.at(sp.pod_template).image();
  j["podManagementPolicy"] = std::string(enum_name(cfg.controller.pod_management_policy));
  j["updateStrategy"] = std::string(enum_name(sp.update_strategy.type));
  if (sp.update_strategy.partition) j["partition"] = *sp.update_strategy.partition;
  if (const auto& mu = sp.update_strategy.max_unavailable)
    j["maxUnavailable"] = mu->percent ? Json(mu->str()) : Json(mu->value);
  j["pvcRetentionPolicy"] = Json{{"whenScaled", std::string(enum_name(sp.retention_policy.when_scaled))},
                                 {"whenDeleted", std::string(enum_name(sp.retention_policy.when_deleted))}};
  j["minReadySeconds"] = sp.min_ready_seconds;
  if (sp.ordinals_start) j["ordinalsStart"] = *sp.ordinals_start;
  return j;
}

std::string owner_key(const std::string& kind, const std::string& name, const std::string& uid, bool exists) {
  return kind + " " + name + " uid=" + uid + " exists=" + (exists ? "true" : "false");
}

// Stably sorts each maximal run of `v` whose elements `same_run` puts with the run's first one.
template <class T, class SameRun, class Less>
void sort_runs(std::vector<T>& v, SameRun&& same_run, Less&& less) {
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i;
    while (j < v.size() && same_run(v[i], v[j])) ++j;
    std::stable_sort(v.begin() + static_cast<std::ptrdiff_t>(i), v.begin() + static_cast<std::ptrdiff_t>(j), less);
    i = std::max(j, i + 1);
  }
}

// "<pod>-uid-<n>" -> "n"; "<set>-set-uid" -> "set".
std::string uid_counter(const std::string& uid) {
  if (uid.ends_with("-set-uid")) return "set";
  const auto dash = uid.rfind('-');
  return dash == std::string::npos ? uid : uid.substr(dash + 1);
}

}  // namespace

std::vector<spec::Event> recorder_order(const spec::ControllerConfig& cfg, std::vector<spec::Event> events) {
  if (!cfg.monotonic())
    std::stable_sort(events.begin(), events.end(),
                     [](const spec::Event& a, const spec::Event& b) { return a.pod < b.pod; });
  sort_runs(
      events,
      [](const spec::Event& first, const spec::Event& e) {
        return e.kind == spec::EventKind::kCreateClaim && e.pod == first.pod;
      },
      [&](const spec::Event& a, const spec::Event& b) {
        return cfg.claim_name(a.claim_template, a.pod) < cfg.claim_name(b.claim_template, b.pod);
      });
  return events;
}

namespace {

std::string revision_label(std::optional<std::int64_t> after, std::optional<std::int64_t> before) {
  if (after) return "revision " + std::to_string(*after);
  if (before) return "revision " + std::to_string(*before);
  return "revision new";
}

std::optional<std::int64_t> model_revision_number(const model::ClusterState& s, spec::TemplateId t) {
  for (const auto& r : s.api.revisions)
    if (r.pod_template == t) return r.number;
  return std::nullopt;
}

std::optional<std::int64_t> recorded_revision_number(const Json& line, const std::string& name) {
  for (const auto& r : line.at("state").value("revisions", Json::array()))
    if (r.value("name", "") == name) return r.value("revision", std::int64_t{0});
  return std::nullopt;
}

std::string write_entry(std::string_view verb, std::string_view resource, const std::string& name, bool failed) {
  return std::string(verb) + " " + std::string(resource) + " " + name + (failed ? " error" : "");
}

}  // namespace

Json writes_view(const model::ModelConfig& cfg, const model::ClusterState& before, const model::ClusterState& after,
                 const std::vector<spec::WriteAttempt>& writes) {
  const auto& c = cfg.controller;
  std::vector<spec::WriteAttempt> w = writes;
  const auto object = [](const spec::WriteAttempt& a) {
    return a.resource == spec::Resource::kPods || a.resource == spec::Resource::kClaims;
  };
  if (!c.monotonic())
    sort_runs(w, [&](const spec::WriteAttempt&, const spec::WriteAttempt& b) { return object(b); },
              [](const spec::WriteAttempt& a, const spec::WriteAttempt& b) { return a.pod < b.pod; });
  sort_runs(w, [](const spec::WriteAttempt& a, const spec::WriteAttempt& b) {
         return a.resource == spec::Resource::kClaims && b.resource == spec::Resource::kClaims && a.verb == b.verb &&
                a.pod == b.pod;
       },
       [&](const spec::WriteAttempt& a, const spec::WriteAttempt& b) {
         return c.claim_name(a.claim_template, a.pod) < c.claim_name(b.claim_template, b.pod);
       });
  Json out = Json::array();
  for (const auto& a : w) {
    std::string name;
    switch (a.resource) {
      case spec::Resource::kPods: name = c.pod_name(a.pod); break;
      case spec::Resource::kClaims: name = c.claim_name(a.claim_template, a.pod); break;
      case spec::Resource::kStatefulSets: name = c.set_name; break;
      case spec::Resource::kRevisions:
        name = revision_label(model_revision_number(after, a.revision), model_revision_number(before, a.revision));
        break;
    }
    out.push_back(write_entry(spec::verb_name(a.verb), spec::resource_name(a.resource), name, a.error != spec::ApiCode::kNone));
  }
  return out;
}

Json recorded_writes_view(const Json& previous, const Json& step) {
  Json out = Json::array();
  for (const auto& w : step.value("writes", Json::array())) {
    const std::string resource = w.value("resource", "");
    std::string name = w.value("name", "");
    if (resource == "controllerrevisions")
      name = revision_label(recorded_revision_number(step, name), recorded_revision_number(previous, name));
    out.push_back(write_entry(w.value("verb", ""), resource, name, w.contains("error")));
  }
  return out;
}

Json model_view(const model::ModelConfig& cfg, const model::ClusterState& s, const std::vector<spec::Event>& events,
                const std::vector<std::string>& errors, int reconciles, const std::vector<std::string>& gc) {
  const auto& api = s.api;
  const auto& st = api.set.status;
  Json v = Json::object();
  v["spec"] = spec_view(cfg, s);
  v["status"] = Json{{"observedGeneration", st.observed_generation}, {"replicas", st.replicas},
                     {"readyReplicas", st.ready_replicas}, {"currentReplicas", st.current_replicas},
                     {"updatedReplicas", st.updated_replicas}, {"availableReplicas", st.available_replicas},
                     {"currentRevisionNumber", api.revision_number(st.current_revision)},
                     {"updateRevisionNumber", api.revision_number(st.update_revision)},
                     {"collisionCount", st.collision_count.has_value()}};
  Json pods = Json::object();
  for (const auto& p : api.pods) {
    pods[cfg.controller.pod_name(p.ordinal)] =
        Json{{"phase", std::string(enum_name(p.phase))}, {"ready", p.ready}, {"terminating", p.terminating},
             {"uid", std::to_string(p.uid)}, {"revisionNumber", api.revision_number(p.revision)},
             {"isUpdateRevision", api.set.exists && st.update_revision == p.revision},
             {"isCurrentRevision", api.set.exists && st.current_revision == p.revision},
             {"nodeName", p.node_bound}};
  }
  v["pods"] = pods;
  Json pvcs = Json::object();
  for (const auto& c : api.pvcs) {
    std::vector<std::string> owners;
    for (const auto& r : c.owners) {
      const bool set = r.kind == spec::OwnerKind::kStatefulSet;
      owners.push_back(owner_key(set ? "StatefulSet" : "Pod", set ? cfg.controller.set_name : cfg.controller.pod_name(r.ordinal),
                                 set ? "set" : std::to_string(r.uid), api.owner_exists(r)));
    }
    std::sort(owners.begin(), owners.end());
    pvcs[cfg.controller.claim_name(c.claim_template, c.ordinal)] = Json{{"owners", owners}, {"terminating", c.terminating}};
  }
  v["pvcs"] = pvcs;
  Json revs = Json::array();
  for (const auto& r : api.revisions)
    revs.push_back(Json::array({r.number, cfg.controller.templates.at(r.pod_template).image()}));
  v["revisions"] = revs;
  Json ev = Json::array();
  for (const auto& e : recorder_order(cfg.controller, events))
    ev.push_back(spec::event_type(e.kind) + " " + spec::event_reason(e.kind) + " " + spec::event_message(cfg.controller, e));
  v["events"] = ev;
  v["error"] = !errors.empty();
  v["reconciles"] = reconciles;
  v["gc"] = gc;
  return v;
}

Json normalize_recorded(const Json& step) {
  const Json& state = step.at("state");
  Json v = Json::object();
  v["spec"] = state.at("spec");
  const Json& st = state.at("status");
  v["status"] = Json{{"observedGeneration", st.value("observedGeneration", 0)}, {"replicas", st.value("replicas", 0)},
                     {"readyReplicas", st.value("readyReplicas", 0)}, {"currentReplicas", st.value("currentReplicas", 0)},
                     {"updatedReplicas", st.value("updatedReplicas", 0)}, {"availableReplicas", st.value("availableReplicas", 0)},
                     {"currentRevisionNumber", st.value("currentRevisionNumber", 0)},
                     {"updateRevisionNumber", st.value("updateRevisionNumber", 0)},
                     {"collisionCount", st.contains("collisionCount")}};
  Json pods = Json::object();
  for (const auto& p : state.value("pods", Json::array()))
    pods[p.at("name").get<std::string>()] =
        Json{{"phase", p.value("phase", "")}, {"ready", p.value("ready", false)},
             {"terminating", p.value("terminating", false)}, {"uid", uid_counter(p.value("uid", ""))},
             {"revisionNumber", p.value("revisionNumber", 0)}, {"isUpdateRevision", p.value("isUpdateRevision", false)},
             {"isCurrentRevision", p.value("isCurrentRevision", false)},
             {"nodeName", !p.value("nodeName", std::string()).empty()}};
  v["pods"] = pods;
  Json pvcs = Json::object();
  for (const auto& c : state.value("pvcs", Json::array())) {
    std::vector<std::string> owners;
    for (const auto& o : c.value("owners", Json::array()))
      owners.push_back(owner_key(o.value("kind", ""), o.value("name", ""), uid_counter(o.value("uid", "")),
                                 o.value("ownerExists", false)));
    std::sort(owners.begin(), owners.end());
    pvcs[c.at("name").get<std::string>()] = Json{{"owners", owners}, {"terminating", c.value("terminating", false)}};
  }
  v["pvcs"] = pvcs;
  Json revs = Json::array();
  for (const auto& r : state.value("revisions", Json::array()))
    revs.push_back(Json::array({r.value("revision", 0), r.value("image", "")}));
  v["revisions"] = revs;
  Json ev = Json::array();
  // A failure event's message ends with " error: <the API error>", which is informational
  // (FORMAT-faults.md §4): compared are the reason and the objects named.
  for (const auto& e : step.value("events", Json::array())) {
    std::string message = e.value("message", "");
    if (e.value("type", "") == "Warning")
      if (const auto at = message.find(" failed error: "); at != std::string::npos) message.resize(at + 7);
    ev.push_back(e.value("type", "") + " " + e.value("reason", "") + " " + message);
  }
  v["events"] = ev;
  v["error"] = step.contains("error") && !step["error"].get<std::string>().empty();
  v["reconciles"] = step.value("reconciles", 0);
  v["gc"] = step.value("gc", Json::array());
  return v;
}

}  // namespace stsmc::conformance
