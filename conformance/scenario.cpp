// Reading conformance scenarios and traces, and the scenario's StatefulSet after defaulting.
#include "conformance/scenario.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/setup.h"
#include "spec/profile.h"

namespace stsmc::conformance {

using namespace model;  // the world this folder drives
namespace fs = std::filesystem;
namespace {

Expected<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kIo, path + ": cannot open"};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Error bad(const std::string& where, const std::string& what) { return Error{ErrorCode::kBadTrace, where + ": " + what}; }

template <class T>
Expected<T> field(const Json& obj, const char* key, T fallback, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return fallback;
  T out{};
  if (auto r = from_json(*it, out, key); !r) return bad(where, r.error().message);
  return out;
}

Expected<spec::IntOrPercent> int_or_percent(const Json& v, const std::string& where) {
  if (v.is_number_integer()) return spec::IntOrPercent{v.get<std::int32_t>(), false};
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (!s.empty() && s.back() == '%') {
      try {
        return spec::IntOrPercent{std::stoi(s.substr(0, s.size() - 1)), true};
      } catch (const std::exception&) {
      }
    }
  }
  return bad(where, "expected an int or \"N%\", got " + v.dump());
}

}  // namespace

Expected<std::vector<spec::FailRule>> parse_fail_writes(const Json& list, const std::string& where) {
  if (!list.is_array()) return bad(where, "expected a list of rules");
  std::vector<spec::FailRule> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& r = list[i];
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!r.is_object()) return bad(at, "expected an object");
    for (const auto& [k, v] : r.items())
      if (k != "verb" && k != "resource" && k != "nth" && k != "name" && k != "error") return bad(at, "unknown key '" + k + "'");
    spec::FailRule rule{};
    // The values a rule may name, spelt by spec's one table of names (verb_name and its kin).
    const auto pick = [&](const char* key, auto& into, const auto& values, auto name_of) -> Expected<void> {
      if (!r.contains(key) || !r[key].is_string()) return bad(at + "." + key, "missing or not a string");
      for (const auto v : values)
        if (r[key].template get<std::string>() == name_of(v)) { into = v; return {}; }
      return bad(at + "." + key, "unknown value " + r[key].dump());
    };
    if (auto e = pick("verb", rule.verb, spec::kFailVerbs, spec::verb_name); !e) return e.error();
    if (auto e = pick("resource", rule.resource, spec::kFailResources, spec::resource_name); !e) return e.error();
    if (auto e = pick("error", rule.error, spec::kFailErrors, spec::api_code_name); !e) return e.error();
    if (r.contains("nth")) {
      if (!r["nth"].is_number_integer() || r["nth"].get<std::int64_t>() < 1 ||
          r["nth"].get<std::int64_t>() > spec::kMaxFailNth)
        return bad(at + ".nth", "expected an int in [1, " + std::to_string(spec::kMaxFailNth) + "], got " + r["nth"].dump());
      rule.nth = r["nth"].get<int>();
    }
    if (r.contains("name")) {
      if (!r["name"].is_string()) return bad(at + ".name", "expected a string");
      if (rule.resource == spec::Resource::kRevisions)
        return bad(at + ".name", "revision names are hashes stsmc does not compute; select the write by nth");
      rule.name = r["name"].get<std::string>();
    }
    out.push_back(std::move(rule));
  }
  return out;
}

Expected<Scenario> read_scenario(const std::string& path) {
  Scenario sc;
  sc.path = path;
  auto text = slurp(path);
  if (!text) return text.error();
  Json doc = Json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return bad(path, "not a JSON object");
  static const std::vector<std::string> kKeys = {"name", "description", "options", "set", "steps"};
  for (const auto& [k, v] : doc.items())
    if (std::find(kKeys.begin(), kKeys.end(), k) == kKeys.end()) return bad(path, "unknown key '" + k + "'");
  sc.name = doc.value("name", fs::path(path).stem().string());
  sc.options = doc.value("options", Json::object());
  sc.set = doc.value("set", Json::object());
  if (!doc.contains("steps") || !doc["steps"].is_array()) return bad(path, "steps: expected an array");
  // Strict step fields (FORMAT.md §2.3, FORMAT-faults.md §2.2): a misspelt fault must not
  // replay as a step without it.
  static const std::vector<std::string> kStepKeys = {"op", "pod", "value", "times", "max", "force", "seconds", "key",
                                                     "whenScaled", "whenDeleted", "comment", "failWrites", "staleView"};
  for (const auto& s : doc["steps"]) {
    const std::string where = path + ": steps[" + std::to_string(sc.steps.size()) + "]";
    if (!s.is_object()) return bad(where, "expected an object");
    for (const auto& [k, v] : s.items())
      if (std::find(kStepKeys.begin(), kStepKeys.end(), k) == kStepKeys.end()) return bad(where, "unknown key '" + k + "'");
    // On a step without a sync (the generated corpus has some) the rules match no write.
    if (s.contains("failWrites")) {
      if (auto r = parse_fail_writes(s["failWrites"], where + ".failWrites"); !r) return r.error();
    }
    if (s.contains("staleView")) {
      const Json& sv = s["staleView"];
      if (!sv.is_object()) return bad(where + ".staleView", "expected an object of kind -> steps");
      for (const auto& [k, v] : sv.items()) {
        if (k != "pods" && k != "persistentvolumeclaims" && k != "controllerrevisions" && k != "statefulsets")
          return bad(where + ".staleView", "unknown kind '" + k + "'");
        if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 1000000)
          return bad(where + ".staleView." + k, "expected an int in [0, 1000000], got " + v.dump());
      }
    }
    sc.steps.push_back(s);
  }
  sc.auto_gc = sc.options.value("autoGC", false);

  std::string base = path;
  if (base.size() > 5 && base.ends_with(".json")) base.resize(base.size() - 5);
  sc.trace_path = base + ".trace.jsonl";
  auto trace = slurp(sc.trace_path);
  if (!trace) return trace.error();
  std::istringstream lines(*trace);
  std::string line;
  for (int n = 1; std::getline(lines, line); ++n) {
    if (line.empty()) continue;
    Json j = Json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return bad(sc.trace_path + ":" + std::to_string(n), "not a JSON object");
    if (n == 1) {
      if (j.value("kind", "") != "header") return bad(sc.trace_path + ":1", "expected the header line");
      sc.header = std::move(j);
    } else {
      if (j.value("kind", "") != "step" || !j.contains("state"))
        return bad(sc.trace_path + ":" + std::to_string(n), "expected a step line with a state");
      sc.recorded.push_back(std::move(j));
    }
  }
  if (sc.recorded.size() != sc.steps.size() + 1)
    return bad(sc.trace_path, "has " + std::to_string(sc.recorded.size()) + " step lines for " +
                                  std::to_string(sc.steps.size()) + " scenario steps (expected steps + 1)");
  return sc;
}

Expected<model::ModelConfig> scenario_config(const Scenario& sc, const std::string& kubernetes) {
  // The release is validated first, so an unknown one is reported before any field.
  if (auto profile = spec::find_profile(kubernetes); !profile) return profile.error();
  const Json& s = sc.set;
  const std::string where = sc.path + ": set";
  spec::Manifest m{};
  m.source = sc.path;
  auto& set = m.set;
  auto name = field<std::string>(s, "name", "web", where);
  if (!name) return name.error();
  set.name = *name;
  set.namespace_ = "default";
  set.service_name = set.name;
  auto replicas = field<std::int32_t>(s, "replicas", 1, where);
  if (!replicas) return replicas.error();
  set.replicas = *replicas;
  set.selector = {{"app", set.name}};
  auto image = field<std::string>(s, "image", "nginx:1.0", where);
  if (!image) return image.error();
  set.pod_template = spec::PodTemplate{{{"app", set.name}}, {}, {spec::Container{"app", *image}}};
  auto policy = field<spec::PodManagementPolicy>(s, "podManagementPolicy", spec::PodManagementPolicy::kOrderedReady, where);
  if (!policy) return policy.error();
  set.pod_management_policy = *policy;
  auto strategy = field<spec::UpdateStrategyType>(s, "updateStrategy", spec::UpdateStrategyType::kRollingUpdate, where);
  if (!strategy) return strategy.error();
  set.update_strategy.type = *strategy;
  if (s.contains("partition")) {
    auto p = field<std::int32_t>(s, "partition", 0, where);
    if (!p) return p.error();
    set.update_strategy.partition = *p;
  }
  if (s.contains("maxUnavailable")) {
    auto mu = int_or_percent(s["maxUnavailable"], where + ".maxUnavailable");
    if (!mu) return mu.error();
    set.update_strategy.max_unavailable = *mu;
  }
  for (const auto& t : s.value("volumeClaimTemplates", Json::array()))
    set.volume_claim_templates.push_back(spec::ClaimTemplate{t.get<std::string>(), {}, {"ReadWriteOnce"}, "1Gi", ""});
  if (s.contains("pvcRetentionPolicy")) {
    const Json& p = s["pvcRetentionPolicy"];
    auto ws = field<spec::RetentionPolicyType>(p, "whenScaled", spec::RetentionPolicyType::kRetain, where);
    auto wd = field<spec::RetentionPolicyType>(p, "whenDeleted", spec::RetentionPolicyType::kRetain, where);
    if (!ws) return ws.error();
    if (!wd) return wd.error();
    set.retention_policy = spec::RetentionPolicy{*wd, *ws};
  }
  auto mrs = field<std::int32_t>(s, "minReadySeconds", 0, where);
  if (!mrs) return mrs.error();
  set.min_ready_seconds = *mrs;
  if (s.contains("ordinalsStart") && !s["ordinalsStart"].is_null()) {
    auto st = field<std::int32_t>(s, "ordinalsStart", 0, where);
    if (!st) return st.error();
    set.ordinals_start = *st;
  }
  auto limit = field<std::int32_t>(s, "revisionHistoryLimit", 10, where);
  if (!limit) return limit.error();
  set.revision_history_limit = *limit;
  auto setup = model::Setup::make(std::move(m), kubernetes);
  if (!setup) return setup.error();
  const Json hg = sc.header.value("featureGates", Json::object());  // the recorded cluster's gates
  for_each_field_mut(setup->gates, [&](std::string_view name, bool& g) {
    auto it = hg.find(std::string(name));
    if (it != hg.end() && it->is_boolean()) g = it->get<bool>();
  });
  model::ModelConfig cfg = setup->config();
  cfg.controller.auto_schedule = sc.options.value("autoSchedule", true);
  cfg.controller.instant_binding = true;
  cfg.pvc_protection = false;
  // The recording harness has no API validation of the status (FORMAT-faults.md §1): f16's
  // currentReplicas -1 is stored there, where a real API server answers Invalid.
  cfg.status_validation = false;
  return cfg;
}

Expected<std::vector<std::string>> find_scenarios(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
        const auto f = e.path().string();
        if (e.is_regular_file() && f.ends_with(".json") && !f.ends_with(".trace.json")) out.push_back(f);
      }
    } else if (fs::is_regular_file(p, ec)) {
      out.push_back(p);
    } else {
      return Error{ErrorCode::kIo, p + ": no such file or folder"};
    }
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) return Error{ErrorCode::kBadInput, "no scenario files (*.json) found"};
  return out;
}

}  // namespace stsmc::conformance
