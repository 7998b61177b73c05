// `stsmc recheck TRACE [--manifest FILE]`: the regression corpus. Re-runs a stored trace's
// actions (user, fault, controller and world steps, not its states or fingerprints) against
// another manifest, profile, gates or mutant, or against this build's model of the trace's own
// manifest, and answers holds, violated or not applicable for the trace's property.
#include <fmt/core.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "checker/evaluate.h"
#include "checker/path.h"
#include "checker/walk.h"
#include "cli/commands.h"
#include "cli/findings.h"
#include "cli/manifest_sets.h"
#include "cli/model_setup.h"
#include "cli/version.h"
#include "counterexamples/terminal_text.h"
#include "counterexamples/trace.h"
#include "instances/statefulset.h"
#include "properties/catalog.h"

namespace stsmc::cli {
namespace {

using Path = checker::Path<Model>;

/// What a re-check answers.
struct Answer {
  std::string verdict;      ///< "holds", "violated", "not-applicable" or "unknown"
  std::size_t step = 0;     ///< violated: the failing step; not-applicable: the action's step
  std::string message;      ///< the violation, why it holds, or why not applicable
  std::string note;         ///< the violation's known-upstream note, if it is known
  std::size_t applied = 0;  ///< the trace's actions that were re-run
};

int input_error(const std::string& message) {
  fmt::print(stderr, "error: {}\n", counterexamples::terminal_safe(message, true));
  return kExitUsage;
}

/// Why `action` (the trace's JSON) is not enabled in `state` of the new model, as far as the
/// state tells: a pod or claim it names does not exist, or the user's budget for it is spent.
std::string why_not_enabled(const Model& model, const Model::State& state, const Json& action,
                            std::size_t templates) {
  const Json s = model.state_json(state);
  const Json args = action.contains("args") && action["args"].is_object() ? action["args"] : Json::object();
  const Json& api = s["api"];
  const auto has_pod = [&](std::int64_t ordinal) {
    for (const auto& p : api["pods"])
      if (p.value("ordinal", std::int64_t{-1}) == ordinal) return true;
    return false;
  };
  if (args.contains("pod") && args["pod"].is_number_integer() && !has_pod(args["pod"].get<std::int64_t>()))
    return fmt::format("there is no pod of ordinal {} at that point", args["pod"].get<std::int64_t>());
  if (args.contains("ordinal") && args.contains("claim_template") && args["ordinal"].is_number_integer() &&
      args["claim_template"].is_number_integer()) {
    const auto ord = args["ordinal"].get<std::int64_t>();
    const auto ct = args["claim_template"].get<std::int64_t>();
    if (ct < 0 || static_cast<std::size_t>(ct) >= templates)
      return fmt::format("the manifest has {} volumeClaimTemplate(s), not a template {}", templates, ct);
    bool found = false;
    for (const auto& c : api["pvcs"])
      found = found || (c.value("ordinal", std::int64_t{-1}) == ord && c.value("claim_template", std::int64_t{-1}) == ct);
    if (!found) return fmt::format("there is no claim {} of ordinal {} at that point", ct, ord);
  }
  const std::string actor = action.value("actor", "");
  if (actor == "user" || actor == "fault") {
    std::string key = action.value("name", "");
    std::replace(key.begin(), key.end(), '-', '_');
    if (s["budgets"].contains(key) && s["budgets"][key].is_number_integer() && s["budgets"][key].get<std::int64_t>() <= 0)
      return fmt::format("the budget of {} is used up", action.value("name", ""));
  }
  if (!api["set"].value("exists", true)) return "the StatefulSet has been deleted at that point";
  return "the new model's state at that point does not allow it";
}

/// Re-runs `actions` from the model's initial state into `path`, evaluating the safety property
/// `prop` (if it is one) after every step, as replay does (checker::safety_violation_at): it
/// stops at a violation that is not known upstream behaviour, and goes on past a known one,
/// which it returns if nothing else fails. An action that is not enabled ends the re-run: the
/// known violation before it if there was one, else "not-applicable".
std::optional<Answer> rerun(const Model& model, const counterexamples::StoredTrace& trace,
                            const std::vector<Model::Action>& actions, const properties::Property& prop,
                            std::size_t claim_templates, Path& path) {
  path.states.push_back(model.init_states().front());
  const bool safety = prop.kind != checker::PropertyKind::kLiveness;
  std::optional<Answer> known;
  // The answer at the path's last state when it ends the re-run; a known violation is kept.
  const auto violated_at_end = [&]() -> std::optional<Answer> {
    if (!safety) return std::nullopt;
    auto v = checker::safety_violation_at(model, prop, path, path.states.size() - 1);
    if (!v) return std::nullopt;
    Answer a{"violated", v->step, std::move(v->message), std::move(v->note), path.actions.size()};
    if (a.note.empty()) return a;
    if (!known) known = std::move(a);
    return std::nullopt;
  };
  if (auto a = violated_at_end()) return a;
  for (std::size_t k = 0; k < actions.size(); ++k) {
    auto next = checker::enabled_next(model, path.states.back(), actions[k]);
    if (!next) {
      if (known) return known;
      return Answer{"not-applicable", k + 1,
                    fmt::format("step {}: action {} is not enabled: {}", k + 1, trace.actions[k].dump(),
                                why_not_enabled(model, path.states.back(), trace.actions[k], claim_templates)),
                    "", k};
    }
    path.actions.push_back(actions[k]);
    path.states.push_back(std::move(*next));
    if (auto a = violated_at_end()) return a;
  }
  return known;
}

/// The liveness answer once the trace's actions ran as far as they could: its own lasso if the
/// loop still closes and violates; otherwise the quiet world is left to settle from the loop's
/// start, under weak fairness (as the random engines judge liveness).
Answer judge_liveness(const Model& model, const counterexamples::StoredTrace& trace, const properties::Property& prop,
                      Path path, bool all_applied, std::size_t settle_steps) {
  const std::size_t applied = path.actions.size();
  const std::size_t start = trace.loop_start.value_or(path.states.size() - 1);
  if (all_applied && trace.loop_start && *trace.loop_start < path.states.size()) {
    path.loop_start = trace.loop_start;
    const auto v = checker::check_lasso(model, path, prop);
    if (v.violates)
      return Answer{"violated", v.step, v.reason, checker::known_upstream_note(model, prop, path), applied};
  }
  // Settle from the loop's start (the actions before it are the scenario; the loop was the old
  // model's quiet world).
  checker::WalkResult<Model> r;
  r.path.states.assign(path.states.begin(), path.states.begin() + static_cast<std::ptrdiff_t>(std::min(start + 1, path.states.size())));
  r.path.actions.assign(path.actions.begin(), path.actions.begin() + static_cast<std::ptrdiff_t>(r.path.states.size() - 1));
  const std::vector<properties::Property> only{prop};
  checker::detail::settle(model, only, settle_steps, [](std::size_t) { return std::uint64_t{0}; }, r);
  const std::size_t from = r.path.states.size() > 0 ? std::min(start, r.path.states.size() - 1) : 0;
  switch (r.end) {
    case checker::WalkEnd::kViolation:
      return Answer{"violated", r.path.states.size() - 1,
                    fmt::format("from step {} the quiet world (weakly fair) never reaches the goal: {}", from,
                                r.violation ? r.violation->message : std::string()),
                    checker::known_upstream_note(model, prop, r.path), applied};
    case checker::WalkEnd::kConverged:
      return Answer{"holds",
                    0,
                    fmt::format("from step {} the quiet world reaches the goal ({} quiet steps)", from,
                                r.path.actions.size() - (r.path.states.size() > 0 ? from : 0)),
                    "", applied};
    default:
      return Answer{"unknown", 0,
                    fmt::format("from step {} the quiet world did not settle within {} steps", from, settle_steps), "",
                    applied};
  }
}

/// A trace, valid on its own: its setup, its property and every action decoded.
struct Recorded {
  counterexamples::StoredTrace trace;
  ModelSetup setup;
  properties::Property prop;
  std::vector<Model::Action> actions;
};

Expected<Recorded> read_recorded(const std::string& path) {
  auto trace = counterexamples::read_trace_file(path);
  if (!trace) return trace.error();
  auto setup = setup_from_trace(trace->meta.manifest, trace->meta.bounds, trace->meta.extra, trace->meta.mutant);
  if (!setup) return bad_input(path + ": " + setup.error().message);
  const auto all = properties::all_properties();
  const auto prop = std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.id == trace->meta.property; });
  if (prop == all.end()) return bad_input(path + ": property '" + trace->meta.property + "' is not known");
  const bool liveness = prop->kind == checker::PropertyKind::kLiveness;
  if (liveness != (trace->meta.kind == "liveness"))
    return bad_input(fmt::format("{}: kind: the trace says '{}' but {} is a {} property", path, trace->meta.kind,
                                 prop->id, liveness ? "liveness" : "safety"));
  Recorded r{std::move(*trace), std::move(*setup), *prop, {}};
  for (std::size_t k = 0; k < r.trace.actions.size(); ++k) {
    auto a = model::action_from_json(r.trace.actions[k]);
    if (!a) return bad_input(fmt::format("{}: steps[{}].action: {}", path, k + 1, a.error().message));
    r.actions.push_back(std::move(*a));
  }
  return r;
}

/// The model to re-check against: the other manifest (or the trace's own), with the trace's
/// profile, gates, mutant and bounds unless the options say otherwise.
Expected<ModelSetup> target_setup(const RecheckOptions& o, const ModelSetup& recorded) {
  ModelOptions mo = o.model;
  if (!mo.kubernetes) mo.kubernetes = recorded.kubernetes;
  if (mo.mutant && *mo.mutant == "none") mo.mutant.reset();
  else if (!mo.mutant) mo.mutant = recorded.mutant;
  Expected<ModelSetup> target = Error{ErrorCode::kInternal, ""};
  if (o.manifest.empty()) {
    target = model::Setup::make(recorded.manifest, *mo.kubernetes, "", mo.mutant);
  } else {
    spec::LoadOptions lo;
    lo.pick = mo.statefulset;
    lo.allow_unknown_fields = mo.allow_unknown_fields;
    auto sets = load_every_set(o.manifest, lo);
    if (!sets) return sets.error();
    const spec::LoadResult* chosen = sets->size() == 1 ? &sets->front() : nullptr;
    for (const auto& s : *sets)
      if (!chosen && s.manifest.set.name == recorded.manifest.set.name) chosen = &s;
    if (!chosen)
      return bad_input(fmt::format("{}: holds several StatefulSets and none is named {} as in the trace; pick one "
                                   "with --statefulset NAME",
                                   o.manifest, recorded.manifest.set.name));
    ModelOptions no_gates = mo;
    no_gates.feature_gates.clear();
    target = setup_from_loaded(*chosen, no_gates);
  }
  if (!target) return target.error();
  if (!o.model.kubernetes) target->gates = recorded.gates;  // the trace's gates, then --feature-gates
  if (auto g = spec::apply_feature_gates(mo.feature_gates, target->gates); !g) return g.error();
  target->bounds = recorded.bounds;
  if (auto r = target->check_ordinals(); !r) return r.error();
  return target;
}

/// The answer for the recorded trace re-run through `target`'s model.
Answer recheck(const Recorded& rec, const ModelSetup& target, std::optional<std::size_t> settle_steps) {
  const Model model = target.build();
  const bool liveness = rec.prop.kind == checker::PropertyKind::kLiveness;
  const std::size_t settle = settle_steps.value_or(default_settle_steps(target.bounds));
  Path path;
  auto answer = rerun(model, rec.trace, rec.actions, rec.prop, target.manifest.set.volume_claim_templates.size(), path);
  if (!answer) {
    if (liveness) return judge_liveness(model, rec.trace, rec.prop, path, true, settle);
    return Answer{"holds", 0, fmt::format("no step of the re-run violates {}", rec.prop.id), "", rec.actions.size()};
  }
  // Only the old model's quiet loop does not apply: judge from the loop's start.
  if (answer->verdict == "not-applicable" && liveness && rec.trace.loop_start && answer->step > *rec.trace.loop_start)
    return judge_liveness(model, rec.trace, rec.prop, path, false, settle);
  return *answer;
}

void print_json(const RecheckOptions& o, const Recorded& rec, const ModelSetup& target, const Answer& a, int rc) {
  Json j = Json::object();
  j["exit_code"] = rc;
  j["tool_version"] = tool_version();
  j["trace"] = o.trace;
  j["property"] = rec.prop.id;
  j["against"] = Json{{"manifest", target.manifest.source},
                      {"set", target.manifest.set.namespace_ + "/" + target.manifest.set.name},
                      {"profile", target.kubernetes},
                      {"gates", to_json(target.gates)},
                      {"mutant", target.mutant ? Json(*target.mutant) : Json(nullptr)}};
  j["answer"] = a.verdict;
  j["step"] = a.step;
  j["message"] = a.message;
  j["note"] = a.note;
  j["actions"] = rec.actions.size();
  j["actions_applied"] = a.applied;
  j["expect"] = o.expect.empty() ? Json(nullptr) : Json(o.expect);
  fmt::print("{}\n", j.dump(2));
}

void print_text(const RecheckOptions& o, const Recorded& rec, const ModelSetup& target, const Answer& a) {
  const auto safe = [](const std::string& s) { return counterexamples::terminal_safe(s, true); };
  const std::string against = fmt::format("{} (StatefulSet {}/{}), kubernetes {}, mutant {}", target.manifest.source,
                                          target.manifest.set.namespace_, target.manifest.set.name, target.kubernetes,
                                          target.mutant.value_or("none"));
  fmt::print("{}: {} re-checked against {}: {} of {} actions re-run (states and fingerprints not compared)\n",
             safe(o.trace), rec.prop.id, safe(against), a.applied, rec.actions.size());
  if (a.verdict == "violated") fmt::print("{} violated at step {}: {}\n", rec.prop.id, a.step, safe(a.message));
  else if (a.verdict == "holds") fmt::print("{} holds: {}\n", rec.prop.id, safe(a.message));
  else if (a.verdict == "not-applicable") fmt::print("not applicable: {}\n", safe(a.message));
  else fmt::print("unknown: {}\n", safe(a.message));
  if (!a.note.empty()) fmt::print("note: {}\n", safe(a.note));
}

}  // namespace

int run_recheck(const RecheckOptions& o) {
  if (!o.expect.empty() && o.expect != "violated" && o.expect != "holds")
    return input_error(fmt::format("--expect: must be 'violated' or 'holds', got '{}'", o.expect));
  auto rec = read_recorded(o.trace);
  if (!rec) return input_error(rec.error().message);
  auto target = target_setup(o, rec->setup);
  if (!target) return input_error(target.error().message);
  const Answer answer = recheck(*rec, *target, o.settle_steps);
  int rc = answer.verdict == "holds" ? kExitOk : answer.verdict == "violated" ? kExitViolation : kExitLimit;
  if (!o.expect.empty() && (answer.verdict == "holds" || answer.verdict == "violated"))
    rc = answer.verdict == o.expect ? kExitOk : kExitViolation;
  if (o.json) print_json(o, *rec, *target, answer, rc);
  else print_text(o, *rec, *target, answer);
  return rc;
}

}  // namespace stsmc::cli
