// Maps each recorded op to model actions, runs them, and compares normalised views of the model
// and the recording after every step. Only the fields FORMAT.md §4.1 calls authoritative are in
// the normalised view; revision names (hashes) are compared through revision numbers.
#include "conformance/replay.h"

#include <algorithm>
#include <optional>

#include "conformance/view.h"
#include "spec/fail_writes.h"

namespace stsmc::conformance {

using namespace model;  // the world this folder drives
namespace {

Error step_error(std::size_t i, const std::string& what) {
  return Error{ErrorCode::kBadTrace, "step " + std::to_string(i) + ": " + what};
}

// Runs one recorded op. Returns the model's error text for the step ("" when it succeeded).
struct Runner {
  model::ModelConfig& cfg;
  model::ClusterState& s;
  model::StepLog log;
  std::vector<spec::Event> events;
  std::vector<std::string> errors;
  int reconciles = 0;
  std::vector<spec::WriteAttempt> writes;
  spec::WriteFaults* faults = nullptr;
  model::Listers listers;

  void sync() {
    model::StepLog l;
    (void)model::reconcile(cfg, s, &l, faults, listers);
    ++reconciles;
    writes.insert(writes.end(), l.sync.writes.begin(), l.sync.writes.end());
    events.insert(events.end(), l.sync.events.begin(), l.sync.events.end());
    for (const auto& e : l.sync.errors) errors.push_back(spec::error_message(cfg.controller, e));
    last_sync_quiet = l.sync.events.empty();
  }
  bool last_sync_quiet = true;

  std::string act(const model::Action& a) {
    auto r = apply_action(cfg, s, a, &log);
    return r ? "" : r.error().message;
  }

  spec::PodTemplate current_template() const {
    return cfg.controller.templates.at(s.api.set.spec.pod_template);
  }

  Expected<std::string> run(const Json& op, std::size_t i);
};

Expected<std::string> Runner::run(const Json& step, std::size_t i) {
  const std::string op = step.value("op", "");
  const auto pod = [&]() -> model::Ordinal { return step.value("pod", 0); };
  const Json value = step.contains("value") ? step["value"] : Json();
  if (op == "reconcile") {
    const int times = std::max(1, step.value("times", 1));
    for (int k = 0; k < times; ++k) sync();
    return std::string();
  }
  if (op == "reconcileUntilStable") {
    const int max = step.value("max", 50);
    for (int k = 0; k < max; ++k) {
      const model::ClusterState before = s;
      const std::size_t errors_before = errors.size();
      sync();
      if (errors.size() != errors_before) return std::string();
      if (s == before && last_sync_quiet) return std::string();
    }
    errors.push_back("not stable after " + std::to_string(max) + " reconciles");
    return std::string();
  }
  if (op == "setReplicas") return act(Scale{value.get<std::int32_t>()});
  if (op == "setImage" || op == "setTemplateAnnotation") {
    spec::PodTemplate t = current_template();
    if (op == "setImage") t.containers.at(0).image = value.get<std::string>();
    else t.annotations[step.value("key", "")] = value.is_string() ? value.get<std::string>() : value.dump();
    return act(UpdateTemplate{add_template(cfg, t)});
  }
  if (op == "setPartition") return act(SetPartition{value.get<std::int32_t>()});
  if (op == "setMaxUnavailable") {
    spec::IntOrPercent mu{};
    if (value.is_number_integer()) mu = {value.get<std::int32_t>(), false};
    else mu = {std::stoi(value.get<std::string>()), true};
    return act(SetMaxUnavailable{mu});
  }
  if (op == "setUpdateStrategy") {
    auto t = parse_enum<spec::UpdateStrategyType>(value.get<std::string>());
    if (!t) return step_error(i, "unknown strategy");
    return act(SetUpdateStrategy{*t});
  }
  if (op == "setPVCRetentionPolicy") {
    auto ws = parse_enum<spec::RetentionPolicyType>(step.value("whenScaled", "Retain"));
    auto wd = parse_enum<spec::RetentionPolicyType>(step.value("whenDeleted", "Retain"));
    if (!ws || !wd) return step_error(i, "bad retention policy");
    return act(SetRetentionPolicy{spec::RetentionPolicy{*wd, *ws}});
  }
  if (op == "setMinReadySeconds") return act(SetMinReadySeconds{value.get<std::int32_t>()});
  if (op == "setOrdinalsStart")
    return act(SetStartOrdinal{value.is_null() ? std::nullopt : std::optional<std::int32_t>(value.get<std::int32_t>())});
  if (op == "deleteSet") return act(DeleteStatefulSet{false});
  if (op == "deletePod") return act(DeletePod{pod(), step.value("force", false)});
  if (op == "schedule") return act(PodAssigned{pod()});
  if (op == "markRunning") return act(PodScheduled{pod()});
  if (op == "markReady") return act(PodReady{pod()});
  if (op == "markNotReady") return act(PodUnready{pod()});
  if (op == "markRunningReady") {
    std::string e = act(PodScheduled{pod()});
    return e.empty() ? act(PodReady{pod()}) : e;
  }
  if (op == "markFailed") return act(PodFailed{pod()});
  if (op == "markSucceeded") return act(PodSucceeded{pod()});
  if (op == "ageReady") return act(PodAvailable{pod(), step.value("seconds", 0u)});
  if (op == "finishTermination") return act(TerminationFinished{pod()});
  // A fresh controller over the server's objects: the model's controller keeps nothing between
  // syncs (as 1.28's StatefulSet controller: no expectations), so nothing changes.
  if (op == "restartController") return std::string();
  if (op == "gc") {
    gc_sweep(cfg, s, &log.gc);
    return std::string();
  }
  return step_error(i, "unsupported op '" + op + "'");
}

// Finds the first difference between two normalised views; returns its path.
std::string first_difference(const Json& expected, const Json& actual, const std::string& path,
                             std::string& detail) {
  const bool structured = expected.is_structured() || actual.is_structured();
  if ((structured && expected.type() != actual.type()) || (!structured && expected != actual)) {
    detail = "recorded " + expected.dump() + ", model " + actual.dump();
    return path.empty() ? "(root)" : path;
  }
  if (expected.is_object()) {
    for (const auto& [k, v] : expected.items()) {
      const std::string sub = path.empty() ? k : path + "." + k;
      if (!actual.contains(k)) { detail = "recorded " + v.dump() + ", model has none"; return sub; }
      if (auto d = first_difference(v, actual[k], sub, detail); !d.empty()) return d;
    }
    for (const auto& [k, v] : actual.items())
      if (!expected.contains(k)) {
        detail = "recorded none, model " + v.dump();
        return path.empty() ? k : path + "." + k;
      }
  } else if (expected.is_array()) {
    for (std::size_t i = 0; i < std::min(expected.size(), actual.size()); ++i)
      if (auto d = first_difference(expected[i], actual[i], path + "[" + std::to_string(i) + "]", detail); !d.empty())
        return d;
    if (expected.size() != actual.size()) {
      detail = "recorded " + std::to_string(expected.size()) + " entries " + expected.dump() + ", model " +
               std::to_string(actual.size()) + " " + actual.dump();
      return path;
    }
  }
  return "";
}

}  // namespace

namespace {
// The recorded line i in comparable form, with its writes when it lists them.
Json normalize_recorded_at(const Scenario& sc, std::size_t i) {
  Json v = normalize_recorded(sc.recorded[i]);
  if (i > 0 && sc.recorded[i].contains("writes"))
    v["writes"] = recorded_writes_view(sc.recorded[i - 1], sc.recorded[i]);
  return v;
}
}  // namespace

Expected<Result> replay(const Scenario& sc, const std::string& kubernetes) {
  auto cfg = scenario_config(sc, kubernetes);
  if (!cfg) return cfg.error();
  model::ClusterState s = initial_state(*cfg);
  Result res;
  res.scenario = sc.name;
  res.steps = sc.steps.size();
  const auto compare = [&](std::size_t i, const Json& actual) {
    const Json expected = normalize_recorded_at(sc, i);
    std::string detail;
    const std::string path = first_difference(expected, actual, "", detail);
    if (path.empty()) { ++res.steps_matched; return true; }
    res.step = i;
    res.field = path;
    const Json op = sc.recorded[i].value("op", Json::object());
    res.divergence = sc.name + ": step " + std::to_string(i) + " " + op.dump() + ": " + path + ": " + detail;
    return false;
  };
  if (!compare(0, model_view(*cfg, s, {}, {}, 0, {}))) return res;
  std::vector<model::ClusterState> history{s};  // the model's state after each step (index = trace line)
  for (std::size_t i = 0; i < sc.steps.size(); ++i) {
    const Json& step = sc.steps[i];
    Runner run{*cfg, s, {}, {}, {}, 0, {}, nullptr, {}};
    // staleView (FORMAT-faults.md §2.2): at line i + 1 the lister of a kind K steps stale serves
    // the state of line max(0, i - K).
    if (step.contains("staleView"))
      for (const auto& [kind, k] : step["staleView"].items()) {
        const auto lag = k.get<std::int64_t>();
        if (lag == 0) continue;
        const model::ClusterState* old = &history[static_cast<std::size_t>(std::max<std::int64_t>(0, static_cast<std::int64_t>(i) - lag))];
        if (kind == "pods") run.listers.pods = old;
        else if (kind == "persistentvolumeclaims") run.listers.claims = old;
        else if (kind == "controllerrevisions") run.listers.revisions = old;
        else run.listers.set = old;
      }
    std::optional<spec::FailWrites> faults;
    if (step.contains("failWrites")) {
      auto rules = parse_fail_writes(step["failWrites"], sc.path + ": steps[" + std::to_string(i) + "].failWrites");
      if (!rules) return rules.error();
      faults.emplace(cfg->controller, std::move(*rules));
      run.faults = &*faults;
    }
    const model::ClusterState before = s;
    auto err = run.run(step, i + 1);
    if (!err) return err.error();
    if (!err->empty()) run.errors.push_back(*err);
    if (sc.auto_gc) gc_sweep(*cfg, s, &run.log.gc);
    const bool controller = step.value("op", "").starts_with("reconcile");
    Json actual = model_view(*cfg, s, run.events, run.errors, controller ? run.reconciles : 0, run.log.gc);
    if (sc.recorded[i + 1].contains("writes"))
      actual["writes"] = writes_view(*cfg, before, s, run.writes);
    if (!compare(i + 1, actual)) return res;
    history.push_back(s);
  }
  res.ok = true;
  return res;
}

}  // namespace stsmc::conformance
