// Parsing scenario files (docs/scenarios.md): the top-level keys and each step kind (the
// `expect` block in expect_parse.cpp). The first problem stops the parse with its place and
// field path.
#include "scenario/scenario.h"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "core/limits.h"
#include "core/terminal_text.h"
#include "scenario/expect_parse.h"
#include "scenario/yaml_value.h"
#include "spec/profile.h"
#include "spec/text_check.h"
#include "spec/text_util.h"
#include "spec/yaml_parse.h"

namespace stsmc::scenario {

using namespace model;  // the world this folder drives

std::string Location::format(std::string_view message) const {
  std::string s = file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ";
  if (!path.empty()) s += path + ": ";
  // Keys and values quoted from the file may hold escape sequences ("\e[2J" in YAML).
  return terminal_safe(s + std::string(message), true);
}

Error error_at(const Location& at, std::string_view message) {
  return Error{ErrorCode::kBadInput, at.format(message)};
}

namespace {

using namespace detail;

std::int32_t read_int32(const Val& map, std::string_view key, std::int64_t lo) {
  return static_cast<std::int32_t>(read_int(require(map, key), lo, kMaxInt));
}

StepBody parse_settle(const Val& a) {
  Settle s;
  if (is_null(a)) return s;
  check_map(a, {"max-rounds", "rounds"});
  const Val max = field(a, "max-rounds"), rounds = field(a, "rounds");
  if (!max.absent && !rounds.absent)
    fail(rounds.at, "give either rounds (stop after N rounds) or max-rounds (fail after N rounds), not both");
  if (!max.absent) s.max_rounds = static_cast<std::int32_t>(read_int(max, 1, 1'000'000));
  if (!rounds.absent) {
    s.max_rounds = static_cast<std::int32_t>(read_int(rounds, 1, 1'000'000));
    s.stop_at_limit = true;
  }
  return s;
}

// One of `values`, spelt as `name_of` spells it (spec's one table of names).
template <class T, std::size_t N, class NameOf>
T read_named(const Val& v, const std::array<T, N>& values, NameOf name_of) {
  const std::string s = read_string(v);
  std::string names;
  for (const T x : values) {
    if (name_of(x) == s) return x;
    names += (names.empty() ? "" : ", ") + std::string(name_of(x));
  }
  fail(v.at, "expected one of " + names + ", got " + kind_of(v.y));
}

// One rule of `fail-writes` (FORMAT-faults.md §2.2 `failWrites`, with the same keys).
spec::FailRule parse_fail_rule(const Val& v) {
  check_map(v, {"verb", "resource", "nth", "name", "error"});
  spec::FailRule r;
  r.verb = read_named(require(v, "verb"), spec::kFailVerbs, spec::verb_name);
  r.resource = read_named(require(v, "resource"), spec::kFailResources, spec::resource_name);
  r.error = read_named(require(v, "error"), spec::kFailErrors, spec::api_code_name);
  if (Val f = field(v, "nth"); !f.absent) r.nth = static_cast<int>(read_int(f, 1, spec::kMaxFailNth));
  if (Val f = field(v, "name"); !f.absent) {
    if (r.resource == spec::Resource::kRevisions)
      fail(f.at, "revision names are hashes stsmc does not compute; select the write by nth");
    r.name = read_string(f);
  }
  return r;
}

StepBody parse_sync(const Val& a) {
  Sync s;
  if (is_null(a)) return s;
  check_map(a, {"fail-writes", "writes"});
  if (entries(a).empty()) return s;  // sync: {}
  if (Val w = field(a, "writes"); !w.absent)
    s.writes = static_cast<std::int32_t>(read_int(w, 1, limits::kMaxWriteAttempt, "the most write attempts of one sync"));
  const Val rules = field(a, "fail-writes");
  if (rules.absent) return s;
  const auto list = items(rules);
  if (list.empty()) fail(rules.at, "name at least one write to fail (or write sync: {})");
  for (const auto& item : list) {
    s.fail_writes.push_back(parse_fail_rule(item));
    const Val name = field(item, "name");
    s.fail_writes_at.push_back(name.absent ? item.at : name.at);
  }
  return s;
}

StepBody parse_scale(const Val& a) {
  check_map(a, {"replicas"});
  // The model allocates per replica: a billion is minutes of work, so the limit applies here.
  const auto replicas = read_int(require(a, "replicas"), 0, limits::kMaxReplicas, "the model's limit on replicas");
  return model::Action{Scale{static_cast<std::int32_t>(replicas)}};
}

StepBody parse_update_template(const Val& a) {
  check_map(a, {"image"});
  return UpdateImage{read_string(require(a, "image"))};
}

StepBody parse_partition(const Val& a) {
  check_map(a, {"partition"});
  return model::Action{SetPartition{read_int32(a, "partition", 0)}};
}

// maxUnavailable: an integer >= 1 or a percentage "1%".."100%" (apps/v1 validation).
StepBody parse_max_unavailable(const Val& a) {
  check_map(a, {"max-unavailable"});
  const Val v = require(a, "max-unavailable");
  if (v.y.IsScalar() && v.y.Scalar().ends_with('%')) {
    const auto pct = spec::parse_int32(std::string_view(v.y.Scalar()).substr(0, v.y.Scalar().size() - 1));
    if (!pct.ok || pct.value < 1 || pct.value > 100)
      fail(v.at, "expected a percentage from 1% to 100%, got " + kind_of(v.y));
    return model::Action{SetMaxUnavailable{spec::IntOrPercent{pct.value, true}}};
  }
  if (!v.y.IsScalar() || v.y.Tag() != "?")
    fail(v.at, "expected an integer or a percentage such as \"50%\", got " + kind_of(v.y));
  return model::Action{SetMaxUnavailable{spec::IntOrPercent{static_cast<std::int32_t>(read_int(v, 1, kMaxInt)), false}}};
}

StepBody parse_update_strategy(const Val& a) {
  check_map(a, {"type"});
  const auto type = read_choice(require(a, "type"), {"RollingUpdate", "OnDelete"});
  return model::Action{SetUpdateStrategy{*parse_enum<spec::UpdateStrategyType>(type)}};
}

StepBody parse_retention(const Val& a) {
  check_map(a, {"when-scaled", "when-deleted"});
  const auto scaled = read_choice(require(a, "when-scaled"), {"Retain", "Delete"});
  const auto deleted = read_choice(require(a, "when-deleted"), {"Retain", "Delete"});
  return model::Action{SetRetentionPolicy{spec::RetentionPolicy{*parse_enum<spec::RetentionPolicyType>(deleted),
                                                         *parse_enum<spec::RetentionPolicyType>(scaled)}}};
}

StepBody parse_start_ordinal(const Val& a) {
  check_map(a, {"start"});
  const Val v = require(a, "start");
  if (is_null(v)) return model::Action{SetStartOrdinal{std::nullopt}};
  return model::Action{SetStartOrdinal{static_cast<std::int32_t>(
      read_int(v, 0, limits::kMaxOrdinalStart, "the API server's limit on ordinals.start"))}};
}

StepBody parse_min_ready(const Val& a) {
  check_map(a, {"seconds"});
  return model::Action{SetMinReadySeconds{read_int32(a, "seconds", 0)}};
}

StepBody parse_wait(const Val& a) {
  check_map(a, {"seconds"});
  return Wait{static_cast<std::uint32_t>(read_int32(a, "seconds", 1))};
}

StepBody parse_restart(const Val& a) {
  if (!is_null(a)) check_map(a, {});
  return model::Action{ControllerRestart{}};
}

StepBody parse_delete_set(const Val& a) {
  if (is_null(a)) return model::Action{DeleteStatefulSet{false}};
  check_map(a, {"orphan"});
  const Val v = field(a, "orphan");
  return model::Action{DeleteStatefulSet{!v.absent && read_bool(v)}};
}

template <PodOp Op>
StepBody parse_pod_step(const Val& a) {
  PodStep s{Op, {}, false, true};
  if (Op == PodOp::kDelete) {
    check_map(a, {"name", "force"});
    if (Val f = field(a, "force"); !f.absent) s.force = read_bool(f);
  } else if (Op == PodOp::kLabel) {
    check_map(a, {"name", "matching"});
    s.matching = read_bool(require(a, "matching"));
  } else {
    check_map(a, {"name"});
  }
  s.pod = read_pod_name(require(a, "name"));
  return s;
}

template <ClaimOp Op>
StepBody parse_claim_step(const Val& a) {
  check_map(a, {"name"});
  return ClaimStep{Op, read_pod_name(require(a, "name"))};
}

// `cordon: {}` / `uncordon: {}` (or no value at all).
template <bool On>
StepBody parse_cordon(const Val& a) {
  if (!is_null(a)) check_map(a, {});
  return Cordon{On};
}

// `hold: {pod: NAME, unready: true}` and `release: {pod: NAME}` / `release: {pod: NAME, unready: true}`.
template <bool Release>
StepBody parse_hold(const Val& a) {
  check_map(a, {"pod", "unready", "pending", "terminating", "clock"});
  if (Val c = field(a, "clock"); !c.absent) {
    if (!read_bool(c))
      fail(c.at, Release ? "write true to release the clock" : "the clock is let go with a release step, not with false");
    if (entries(a).size() > 1) fail(a.at, "the clock is held and released in a step of its own");
    return ClockHold{!Release};
  }
  Hold h;
  h.release = Release;
  h.pod = read_pod_name(require(a, "pod"));
  const auto flag = [&](std::string_view key, bool& out) {
    const Val v = field(a, key);
    if (v.absent) return;
    if (!read_bool(v))
      fail(v.at, Release ? "write true to release this hold, or leave the key out"
                         : "a hold is ended with a release step, not with false");
    out = true;
  };
  flag("unready", h.what.unready);
  flag("pending", h.what.pending);
  flag("terminating", h.what.terminating);
  if (!Release && !h.what.any()) fail(a.at, "say what to hold: unready, pending or terminating (true), or clock");
  return h;
}

std::string hold_names(const HoldSet& h) {
  std::string s;
  for (const auto& [on, name] : {std::pair{h.unready, "unready"}, {h.pending, "pending"}, {h.terminating, "terminating"}})
    if (on) s += (s.empty() ? "" : ", ") + std::string(name);
  return s;
}

// Revision names: each `-as` names a new one; each `-is` names one of this expect or before.
void check_revision_names(const std::vector<Step>& steps) {
  std::map<std::string, Location> named;
  for (const auto& step : steps) {
    const auto* e = std::get_if<Expect>(&step.body);
    if (!e) continue;
    std::vector<const RevisionName*> as, is;
    for (const auto& p : e->pods) {
      if (p.revision_as) as.push_back(&*p.revision_as);
      if (p.revision_is) is.push_back(&*p.revision_is);
    }
    if (e->status) {
      for (const auto* n : {&e->status->current_revision_as, &e->status->update_revision_as})
        if (*n) as.push_back(&**n);
      for (const auto* n : {&e->status->current_revision_is, &e->status->update_revision_is})
        if (*n) is.push_back(&**n);
    }
    for (const RevisionName* n : as)
      if (auto [it, added] = named.emplace(n->name, n->at); !added)
        fail(n->at, fmt::format("the revision name '{}' is taken (line {}); use another name", n->name,
                                it->second.line));
    for (const RevisionName* n : is)
      if (!named.contains(n->name))
        fail(n->at, fmt::format("no revision is named '{}' (name one first with revision-as, currentRevision-as or "
                                "updateRevision-as)", n->name));
  }
}

// Holds are sequential: a release must end a hold in force, a hold must not repeat one.
void check_holds(const std::vector<Step>& steps) {
  std::map<std::string, std::pair<HoldSet, std::size_t>> held;  // pod -> holds and the step of the last
  std::optional<std::size_t> clock;  // the step that holds the clock
  std::optional<std::size_t> cordoned;  // the step that cordoned the node
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (const auto* c = std::get_if<Cordon>(&steps[i].body)) {
      if (c->on && cordoned) fail(steps[i].at, fmt::format("the node is already cordoned (since step {})", *cordoned + 1));
      if (!c->on && !cordoned) fail(steps[i].at, "nothing to uncordon: the node is not cordoned");
      cordoned = c->on ? std::optional<std::size_t>(i) : std::nullopt;
      continue;
    }
    if (const auto* c = std::get_if<ClockHold>(&steps[i].body)) {
      if (c->hold && clock) fail(steps[i].at, fmt::format("the clock is already held (since step {})", *clock + 1));
      if (!c->hold && !clock) fail(steps[i].at, "nothing to release: the clock is not held");
      clock = c->hold ? std::optional<std::size_t>(i) : std::nullopt;
      continue;
    }
    const auto* h = std::get_if<Hold>(&steps[i].body);
    if (!h) continue;
    auto& [now, since] = held[h->pod.name];
    if (!h->release) {
      const HoldSet both{h->what.unready && now.unready, h->what.pending && now.pending,
                         h->what.terminating && now.terminating};
      if (both.any())
        fail(steps[i].at, fmt::format("{} is already held {} (since step {})", h->pod.name, hold_names(both), since + 1));
      now = HoldSet{now.unready || h->what.unready, now.pending || h->what.pending,
                    now.terminating || h->what.terminating};
      since = i;
      continue;
    }
    const HoldSet want = h->what.any() ? h->what : now;
    const HoldSet missing{want.unready && !now.unready, want.pending && !now.pending,
                          want.terminating && !now.terminating};
    if (!want.any() || missing.any())
      fail(steps[i].at, fmt::format("nothing to release: {} is not held {}", h->pod.name,
                                    want.any() ? hold_names(missing) : "at all"));
    now = HoldSet{now.unready && !want.unready, now.pending && !want.pending, now.terminating && !want.terminating};
  }
}

struct StepKind {
  std::string_view name;
  StepBody (*parse)(const Val& args);
};

constexpr StepKind kStepKinds[] = {
    {"settle", parse_settle},
    {"sync", parse_sync},
    {"expect", parse_expect},
    {"scale", parse_scale},
    {"update-template", parse_update_template},
    {"set-partition", parse_partition},
    {"set-max-unavailable", parse_max_unavailable},
    {"set-update-strategy", parse_update_strategy},
    {"set-retention-policy", parse_retention},
    {"set-start-ordinal", parse_start_ordinal},
    {"set-min-ready-seconds", parse_min_ready},
    {"delete-pod", parse_pod_step<PodOp::kDelete>},
    {"delete-statefulset", parse_delete_set},
    {"restart-controller", parse_restart},
    {"fail-pod", parse_pod_step<PodOp::kFail>},
    {"succeed-pod", parse_pod_step<PodOp::kSucceed>},
    {"pod-unready", parse_pod_step<PodOp::kUnready>},
    {"node-lost", parse_pod_step<PodOp::kNodeLost>},
    {"delete-pvc", parse_claim_step<ClaimOp::kDelete>},
    {"orphan-pvc", parse_claim_step<ClaimOp::kOrphan>},
    {"orphan-pod", parse_pod_step<PodOp::kOrphan>},
    {"label-pod", parse_pod_step<PodOp::kLabel>},
    {"cordon", parse_cordon<true>},
    {"uncordon", parse_cordon<false>},
    {"wait", parse_wait},
    {"hold", parse_hold<false>},
    {"release", parse_hold<true>},
};

std::string step_kind_names() {
  std::string s;
  for (const auto& k : kStepKinds) s += (s.empty() ? "" : ", ") + std::string(k.name);
  return s;
}

Step parse_step(const Val& v) {
  const auto es = entries(v);
  if (es.size() != 1)
    fail(v.at, "a step is a map with exactly one key, the step kind (one of " + step_kind_names() + "), got " +
                   std::to_string(es.size()) + " keys");
  const Entry& e = es.front();
  for (const auto& k : kStepKinds) {
    if (k.name != e.key) continue;
    Location at = e.key_at;
    at.path = v.at.path;
    return Step{e.key, at, flow(e.value.y), k.parse(e.value)};
  }
  fail(e.key_at, "unknown step '" + e.key + "' (known: " + step_kind_names() + ")");
}

// "--kubernetes: unknown version ..." -> "unknown version ..." (the location names the field).
std::string without_flag(const std::string& message) {
  return message.starts_with("--") && message.find(": ") != std::string::npos
             ? message.substr(message.find(": ") + 2) : message;
}

// `feature-gates:` as a map {Name: true} or as the command line's "Name=true,Other=false".
std::string parse_gates(const Val& v) {
  spec::FeatureGates scratch{};
  const auto check = [&](const Location& at, const std::string& text) {
    if (auto r = spec::apply_feature_gates(text, scratch); !r) {
      std::string m = r.error().message;
      if (m.starts_with("--feature-gates: ")) m.erase(0, 17);
      fail(at, m);
    }
  };
  if (v.y.IsScalar()) {
    check(v.at, read_string(v));
    return v.y.Scalar();
  }
  std::string text;
  for (const auto& e : entries(v)) {
    const std::string item = e.key + "=" + (read_bool(e.value) ? "true" : "false");
    check(e.key_at, item);
    text += (text.empty() ? "" : ",") + item;
  }
  return text;
}

std::string resolve_manifest(const std::string& source, const std::string& manifest) {
  const std::filesystem::path m(manifest);
  if (m.is_absolute()) return m.lexically_normal().string();
  return (std::filesystem::path(source).parent_path() / m).lexically_normal().string();
}

Scenario parse_root(const YAML::Node& root, const std::string& source) {
  const Val doc{root, Location{source, 1, 1, ""}};
  if (!root.IsMap()) fail(doc.at, "a scenario is a map with the keys manifest and steps, got " + kind_of(root));
  check_map(doc, {"manifest", "kubernetes", "feature-gates", "steps"});
  Scenario sc;
  sc.source = source;
  const Val m = require(doc, "manifest");
  sc.manifest = resolve_manifest(source, read_string(m));
  sc.manifest_at = m.at;
  if (Val k = field(doc, "kubernetes"); !k.absent) {
    sc.kubernetes = read_string(k);
    sc.kubernetes_at = k.at;
    if (auto p = spec::find_profile(*sc.kubernetes); !p) fail(k.at, without_flag(p.error().message));
  }
  if (Val g = field(doc, "feature-gates"); !g.absent) {
    sc.feature_gates = parse_gates(g);
    sc.feature_gates_at = g.at;
  }
  const auto steps = items(require(doc, "steps"));
  if (steps.empty()) fail(field(doc, "steps").at, "no steps: nothing to run");
  for (const auto& s : steps) sc.steps.push_back(parse_step(s));
  check_holds(sc.steps);
  check_revision_names(sc.steps);
  return sc;
}

}  // namespace

Expected<Scenario> parse_scenario(std::string_view text, const std::string& source) {
  if (auto problem = spec::check_text(text))
    return error_at(Location{source, problem->pos.line, problem->pos.col, ""}, problem->message);
  try {
    // The manifest loader's guarded parse: alias and node limits, and no yaml-cpp LoadAll hang.
    auto docs = spec::parse_yaml_documents(text, source);
    if (!docs) return Error{ErrorCode::kBadInput, docs.error().message};
    if (docs->size() > 1) return error_at(Location{source, 1, 1, ""}, "a scenario is one YAML document, got " +
                                                                        std::to_string(docs->size()));
    return parse_root(docs->empty() ? YAML::Node() : docs->front(), source);
  } catch (const ParseFailure& f) {
    return f.error;
  } catch (const YAML::Exception& e) {
    const Location at{source, e.mark.is_null() ? 1 : e.mark.line + 1, e.mark.is_null() ? 1 : e.mark.column + 1, ""};
    return error_at(at, "invalid YAML: " + e.msg);
  }
}

Expected<Scenario> load_scenario_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return Error{ErrorCode::kIo, path + ": cannot read: is a directory"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kIo, path + ": cannot read: " + std::strerror(errno)};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path);
}

std::string describe(const Step& step) {
  if (std::holds_alternative<Expect>(step.body)) return step.kind;
  if (const auto* s = std::get_if<Settle>(&step.body))
    return s->max_rounds == Settle{}.max_rounds && !s->stop_at_limit ? step.kind
                                                                     : step.kind + " " + terminal_safe(step.args);
  if (const auto* s = std::get_if<Sync>(&step.body)) {
    const std::string writes = s->writes ? fmt::format("writes: {}", *s->writes) : "";
    if (s->fail_writes.empty()) return s->writes ? fmt::format("{} {{{}}}", step.kind, writes) : step.kind;
    std::vector<std::string> rules;
    for (const auto& r : s->fail_writes) rules.push_back(spec::describe(r));
    return terminal_safe(fmt::format("{} {{{}{}fail-writes: [{}]}}", step.kind, writes, s->writes ? ", " : "",
                                     fmt::join(rules, ", ")));
  }
  return step.kind + " " + terminal_safe(step.args);
}

}  // namespace stsmc::scenario
