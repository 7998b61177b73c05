// render_mermaid, render_json and describe_action. The diagram has one participant per actor of
// docs/architecture.md §3 plus the apiserver every action goes through.
#include "counterexamples/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <utility>

namespace stsmc::counterexamples {
namespace {

constexpr std::array<std::string_view, 6> kActors = {"user",        "controller", "kubelet",
                                                     "provisioner", "gc",         "fault"};

/// Mermaid message text: no line breaks, and none of the characters its parser treats specially.
std::string mermaid_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r')
      out += ' ';
    else if (c == ';')
      out += ',';
    else if (c == '#')
      out += "#35;";
    else
      out += c;
  }
  return out;
}

/// Words Mermaid's sequence diagram parser reserves; an actor named so gets a '_' appended.
constexpr std::array<std::string_view, 16> kKeywords = {
    "actor", "participant", "loop", "end",      "note",  "alt", "else",     "opt",
    "par",   "and",         "rect", "critical", "break", "box", "activate", "deactivate"};

/// A participant id: letters, digits, '-' and '_' only ("unknown" when there is none).
std::string participant(const Json& action) {
  const auto it = action.is_object() ? action.find("actor") : action.end();
  std::string s = it != action.end() && it->is_string() ? it->get<std::string>() : "";
  std::replace_if(
      s.begin(), s.end(),
      [](char c) { return !std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_'; },
      '_');
  if (s.empty()) return "unknown";
  if (std::find(kKeywords.begin(), kKeywords.end(), s) != kKeywords.end()) s += '_';
  return s;
}

/// "name args" of an action, without the actor (the arrow shows it).
std::string message(const Json& action) {
  if (!action.is_object() || !action.contains("name")) return describe_action(action);
  Json rest = action;
  rest.erase("actor");
  return describe_action(rest);
}

void participants(std::string& out, const StoredTrace& t) {
  out += "sequenceDiagram\n";
  std::vector<std::string> seen(kActors.begin(), kActors.end());
  for (const auto& a : t.actions)
    if (const auto p = participant(a); std::find(seen.begin(), seen.end(), p) == seen.end())
      seen.push_back(p);
  for (const auto& p : seen) out += "  participant " + p + "\n";
  out += "  participant apiserver as API server\n";
}

/// "currentRevision=R updateRevision=S" of a StatefulSet state (ControllerRevision numbers;
/// "tT" where the state has no revision of template T); empty for other shapes.
std::string revisions_line(const Json& state) {
  if (!state.is_object() || !state.contains("api") || !state["api"].is_object()) return {};
  const Json& api = state["api"];
  if (!api.contains("set") || !api["set"].is_object() || !api["set"].contains("status")) return {};
  const Json& status = api["set"]["status"];
  if (!status.is_object()) return {};
  std::string out;
  for (const auto& [key, label] : {std::pair{"current_revision", "currentRevision"}, std::pair{"update_revision", "updateRevision"}}) {
    if (!status.contains(key)) continue;
    const auto n = revision_number(state, status[key]);
    out += fmt::format("{}{}={}", out.empty() ? "" : " ", label,
                       n ? std::to_string(*n) : "t" + status[key].dump());
  }
  return out;
}

}  // namespace

std::string describe_action(const Json& action) {
  if (!action.is_object() || !action.contains("name")) return action.dump();
  std::string s;
  if (const auto a = action.find("actor"); a != action.end())
    s = a->is_string() ? a->get<std::string>() : a->dump();
  const auto& name = action["name"];
  s += (s.empty() ? "" : " ") + (name.is_string() ? name.get<std::string>() : name.dump());
  if (const auto args = action.find("args"); args != action.end() && args->is_object()) {
    for (const auto& [k, v] : args->items())
      s += " " + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  } else if (args != action.end() && !args->is_null()) {
    s += " " + args->dump();
  }
  return s;
}

std::optional<std::int64_t> revision_number(const Json& state, const Json& template_index) {
  if (!state.is_object() || !template_index.is_number_integer()) return std::nullopt;
  const auto api = state.find("api");
  if (api == state.end() || !api->is_object()) return std::nullopt;
  const auto revisions = api->find("revisions");
  if (revisions == api->end() || !revisions->is_array()) return std::nullopt;
  for (const auto& r : *revisions) {
    if (!r.is_object()) continue;
    const auto t = r.find("pod_template");
    const auto n = r.find("number");
    if (t != r.end() && *t == template_index && n != r.end() && n->is_number_integer()) return n->get<std::int64_t>();
  }
  return std::nullopt;
}

Json with_revision_numbers(const Json& state) {
  Json out = state;
  if (!out.is_object() || !out.contains("api") || !out["api"].is_object()) return out;
  Json& api = out["api"];
  const auto number = [&](const Json& t) { const auto n = revision_number(state, t); return n ? Json(*n) : Json(nullptr); };
  if (api.contains("set") && api["set"].is_object() && api["set"].contains("status") &&
      api["set"]["status"].is_object()) {
    Json& status = api["set"]["status"];
    for (const char* key : {"current_revision", "update_revision"})
      if (status.contains(key)) status[std::string(key) + "_number"] = number(status[key]);
  }
  if (api.contains("pods") && api["pods"].is_array())
    for (auto& pod : api["pods"])
      if (pod.is_object() && pod.contains("revision")) pod["revision_number"] = number(pod["revision"]);
  return out;
}

std::string render_json(const StoredTrace& trace) {
  StoredTrace shown = trace;
  for (auto& s : shown.states) s = with_revision_numbers(s);
  return stored_trace_to_json(shown).dump(2) + "\n";
}

std::string render_mermaid(const StoredTrace& t) {
  std::string out;
  participants(out, t);
  out += "  Note over apiserver: step 0: initial state\n";
  const std::size_t last = t.states.size() - 1;
  const auto violation = [&](std::size_t k) {
    if (k == t.meta.violation_step)
      out += fmt::format("  Note over user,apiserver: step {} violates {}: {}\n", k,
                         mermaid_text(t.meta.property), mermaid_text(t.meta.violation_message));
  };
  violation(0);
  for (std::size_t k = 1; k <= last; ++k) {
    if (t.loop_start && k == *t.loop_start + 1)
      out += fmt::format("  loop back to step {} forever\n", *t.loop_start);
    out += fmt::format("  {}->>apiserver: {}: {}\n", participant(t.actions[k - 1]), k,
                       mermaid_text(message(t.actions[k - 1])));
    if (const auto now = revisions_line(t.states[k]); !now.empty() && now != revisions_line(t.states[k - 1]))
      out += fmt::format("  Note over apiserver: {}\n", now);
    violation(k);
  }
  if (t.loop_start && *t.loop_start < last) out += "  end\n";
  if (t.loop_start && *t.loop_start == last)
    out += fmt::format("  Note over apiserver: stuck at step {} forever\n", last);
  return out;
}

const Json* json_at(const Json& j, std::initializer_list<const char*> keys) {
  const Json* p = &j;
  for (const char* k : keys) {
    if (!p->is_object()) return nullptr;
    const auto it = p->find(k);
    if (it == p->end()) return nullptr;
    p = &*it;
  }
  return p;
}

namespace {

/// A JSON scalar as part of a name: strings bare, null (a missing field) as "-", others as
/// compact JSON.
std::string name_part(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  return j.is_null() ? "-" : j.dump();
}

}  // namespace

std::string ObjectNames::pod(const Json& ordinal) const { return set + "-" + name_part(ordinal); }

std::string ObjectNames::pvc(const Json& claim_template, const Json& ordinal) const {
  const auto t = claim_template.is_number_integer() && claim_template.get<std::int64_t>() >= 0
                     ? claim_template.get<std::size_t>()
                     : claims.size();
  const std::string name = t < claims.size() ? claims[t] : "claim" + name_part(claim_template);
  return name + "-" + set + "-" + name_part(ordinal);
}

ObjectNames object_names(const Json& manifest) {
  ObjectNames n;
  for (const Json* p :
       {json_at(manifest, {"set", "name"}), json_at(manifest, {"metadata", "name"}), json_at(manifest, {"name"})})
    if (p != nullptr && p->is_string()) {
      n.set = p->get<std::string>();
      break;
    }
  for (const Json* p : {json_at(manifest, {"set", "volume_claim_templates"}),
                        json_at(manifest, {"spec", "volumeClaimTemplates"})}) {
    if (p == nullptr || !p->is_array()) continue;
    for (const auto& c : *p) {
      const Json* name = c.contains("name") ? json_at(c, {"name"}) : json_at(c, {"metadata", "name"});
      n.claims.push_back(name != nullptr && name->is_string() ? name->get<std::string>() : "claim");
    }
    break;
  }
  return n;
}

}  // namespace stsmc::counterexamples
