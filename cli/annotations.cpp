// Locating a finding's cause in the manifest and writing it for CI; see cli/annotations.h. The
// manifest is read again and parsed with the loader's guarded parser (spec/yaml_parse.h): key
// positions come from yaml-cpp's marks, as the loader's own error positions do.
#include "cli/annotations.h"

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <utility>

#include "cli/bundled_examples.h"
#include "cli/version.h"
#include "core/json.h"
#include "counterexamples/atomic_file.h"
#include "properties/catalog.h"
#include "spec/input_file.h"
#include "spec/text_check.h"
#include "spec/yaml_parse.h"

namespace stsmc::cli {
namespace {

/// A candidate cause: the field path (keys under the StatefulSet) and what it is when unset.
struct Candidate {
  std::vector<std::string> path;
  std::string default_text;  ///< "" when unset is no cause
};

/// The fields that decide whether `property` can fail the way it did, most specific first.
std::vector<Candidate> candidates(const std::string& property, const std::string& note) {
  const Candidate policy{{"spec", "podManagementPolicy"}, "OrderedReady by default"};
  const Candidate retention{{"spec", "persistentVolumeClaimRetentionPolicy"}, ""};
  const Candidate strategy{{"spec", "updateStrategy"}, "RollingUpdate by default"};
  // A finding of lagging informer caches (properties/known_hits.cpp) has no manifest field for
  // its cause: it is placed at the set's name.
  if (note.find("under stale reads") != std::string::npos) return {};
  if (property == "ordered-creation" || property == "reverse-deletion") return {policy, {{"spec", "replicas"}, ""}};
  if (property == "partition-semantics")
    return {{{"spec", "updateStrategy", "rollingUpdate", "partition"}, ""},
            {{"spec", "updateStrategy", "rollingUpdate", "maxUnavailable"}, ""},
            strategy};
  if (property == "pvc-retention") return {retention, {{"spec", "volumeClaimTemplates"}, ""}};
  if (property == "identity-stability") return {{{"spec", "volumeClaimTemplates"}, ""}};
  if (property == "status-accuracy") return {{{"spec", "minReadySeconds"}, ""}};
  if (property == "convergence") {
    if (note.find("#67250") != std::string::npos || note.find("#36333") != std::string::npos) return {policy};
    if (note.find("KEP-1847") != std::string::npos || note.find("#99728") != std::string::npos) return {retention};
    if (note.find("#54368") != std::string::npos || note.find("podUsesPVC") != std::string::npos ||
        note.find("ClaimPods") != std::string::npos)
      return {};
    return {policy, strategy};
  }
  return {};
}

std::optional<std::string> scalar(const YAML::Node& n, const char* key) {
  if (!n.IsMap()) return std::nullopt;
  const YAML::Node v = n[key];
  if (!v || !v.IsScalar()) return std::nullopt;
  return v.Scalar();
}

/// The key node `key` of map `n` (its position is the field's), if present.
std::optional<YAML::Node> key_of(const YAML::Node& n, const std::string& key) {
  if (!n.IsMap()) return std::nullopt;
  for (const auto& kv : n)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.first;
  return std::nullopt;
}

bool real_file(const std::string& manifest) {
  return manifest != "-" && manifest != std::string(spec::kStdinName) && !manifest.starts_with(kBundledPrefix);
}

/// The manifest's text again: the file, or the bundled copy; nothing for standard input.
std::optional<std::string> manifest_text(const std::string& manifest) {
  if (manifest.starts_with(kBundledPrefix)) {
    const auto t = find_bundled(manifest);
    if (t) return std::string(*t);
    return std::nullopt;
  }
  if (!real_file(manifest)) return std::nullopt;
  auto t = spec::read_input(manifest, spec::InputLimits{spec::kMaxManifestBytes, 1});
  if (!t || spec::check_text(*t)) return std::nullopt;
  return std::move(*t);
}

/// The key node at `path` under `root` (its position is the field's), if every key is there.
std::optional<YAML::Node> key_at(const YAML::Node& root, const std::vector<std::string>& path) {
  // Node::reset, not operator=: assigning a yaml-cpp node overwrites the node it refers to.
  YAML::Node at;
  at.reset(root);
  std::optional<YAML::Node> key;
  for (const auto& k : path) {
    key = key_of(at, k);
    if (!key) return std::nullopt;
    const YAML::Node child = static_cast<const YAML::Node&>(at)[k];
    at.reset(child);
  }
  return key;
}

/// The StatefulSet `ns`/`name` among the documents (and `kind: ...List` items) of `docs`.
std::optional<YAML::Node> find_set(const std::vector<YAML::Node>& docs, const std::string& ns, const std::string& name) {
  std::vector<YAML::Node> objects;
  for (const auto& d : docs) {
    const auto kind = scalar(d, "kind");
    if (kind && kind->ends_with("List") && d["items"] && d["items"].IsSequence())
      for (const auto& item : d["items"]) objects.push_back(item);
    else
      objects.push_back(d);
  }
  for (const auto& o : objects) {
    if (scalar(o, "kind") != std::optional<std::string>("StatefulSet")) continue;
    const YAML::Node meta = o["metadata"];
    if (scalar(meta, "name") != name) continue;
    const std::string its_ns = scalar(meta, "namespace").value_or("default");
    if (its_ns != ns && !(ns.empty() && its_ns == "default")) continue;
    return o;
  }
  return std::nullopt;
}

std::string join(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& p : path) out += (out.empty() ? "" : ".") + p;
  return out;
}

/// `::error`'s message escaping, and its properties' (docs.github.com, workflow commands).
std::string escape_data(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}
std::string escape_property(const std::string& s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

/// Each violated or known-upstream row of every set, with its location.
struct Finding {
  const SetReport* set;
  const PropertyRow* row;
  ManifestLocation where;
};

std::vector<Finding> findings(const std::vector<SetReport>& sets) {
  std::vector<Finding> out;
  for (const auto& s : sets) {
    const auto slash = s.context.set.find('/');
    const std::string ns = slash == std::string::npos ? "" : s.context.set.substr(0, slash);
    for (const auto& r : s.summary.rows)
      if (r.verdict == "violated" || r.verdict == "known-upstream")
        out.push_back({&s, &r, cause_location(s.context.manifest, ns, s.context.set_name, r.property, r.note)});
  }
  return out;
}

std::string finding_message(const Finding& f) {
  std::string m = fmt::format("stsmc: {} {} for StatefulSet {}{}: {}", f.row->property, f.row->verdict,
                              f.set->context.set, f.row->engine.empty() ? "" : " (" + f.row->engine + ")", f.row->message);
  if (!f.row->note.empty()) m += "\n" + f.row->note;
  if (!f.where.field.empty())
    m += fmt::format("\ncause: {}{}", f.where.field, f.where.why.empty() ? "" : " (" + f.where.why + ")");
  if (!f.row->trace_file.empty()) m += "\ntrace: " + f.row->trace_file + " (stsmc show TRACE)";
  return m;
}

}  // namespace

ManifestLocation cause_location(const std::string& manifest, const std::string& ns, const std::string& name,
                                const std::string& property, const std::string& note) {
  ManifestLocation loc;
  if (real_file(manifest)) loc.file = manifest;
  const auto text = manifest_text(manifest);
  if (!text) return loc;
  auto docs = spec::parse_yaml_documents(*text, manifest);
  if (!docs) return loc;
  const auto set = find_set(*docs, ns, name);
  if (!set) return loc;
  const auto place = [&](const YAML::Node& key, const std::string& field, std::string why) {
    loc.line = key.Mark().line + 1;
    loc.column = key.Mark().column + 1;
    loc.field = field;
    loc.why = std::move(why);
  };
  std::optional<std::string> unset_default;
  for (const auto& c : candidates(property, note)) {
    if (const auto key = key_at(*set, c.path)) {
      place(*key, join(c.path), "");
      return loc;
    }
    if (!unset_default && !c.default_text.empty()) unset_default = join(c.path) + " not set: " + c.default_text;
  }
  if (const auto n = key_at(*set, {"metadata", "name"})) place(*n, "metadata.name", unset_default.value_or(""));
  else if (const auto m = key_at(*set, {"metadata"})) place(*m, "metadata", unset_default.value_or(""));
  return loc;
}

std::vector<std::string> github_annotations(const std::vector<SetReport>& sets) {
  std::vector<std::string> out;
  for (const auto& f : findings(sets)) {
    std::string props;
    if (!f.where.file.empty()) props += "file=" + escape_property(f.where.file);
    if (!f.where.file.empty() && f.where.line > 0) props += fmt::format(",line={},col={}", f.where.line, f.where.column);
    props += (props.empty() ? "" : ",") + std::string("title=") +
             escape_property(fmt::format("stsmc {} {}", f.row->property, f.row->verdict));
    out.push_back(fmt::format("::{} {}::{}", f.row->verdict == "violated" ? "error" : "warning", props,
                              escape_data(finding_message(f))));
  }
  return out;
}

Expected<void> write_sarif(const std::string& path, const std::vector<SetReport>& sets) {
  Json rules = Json::array();
  for (const auto& p : properties::all_properties())
    rules.push_back(Json{{"id", p.id},
                         {"name", p.id},
                         {"shortDescription", Json{{"text", p.statement}}},
                         {"properties", Json{{"kind", std::string(enum_name(p.kind))}}}});
  Json results = Json::array();
  for (const auto& f : findings(sets)) {
    Json r = Json::object();
    r["ruleId"] = f.row->property;
    r["level"] = f.row->verdict == "violated" ? "error" : "warning";
    r["message"] = Json{{"text", finding_message(f)}};
    if (!f.where.file.empty()) {
      Json physical = Json{{"artifactLocation", Json{{"uri", f.where.file}}}};
      if (f.where.line > 0) physical["region"] = Json{{"startLine", f.where.line}, {"startColumn", f.where.column}};
      r["locations"] = Json::array({Json{{"physicalLocation", physical}}});
    }
    r["properties"] = Json{{"statefulset", f.set->context.set},
                           {"verdict", f.row->verdict},
                           {"engine", f.row->engine.empty() ? f.set->context.engine : f.row->engine},
                           {"cause", f.where.field},
                           {"trace", f.row->trace_file},
                           {"note", f.row->note}};
    results.push_back(std::move(r));
  }
  Json log = Json::object();
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = Json::array({Json{{"tool", Json{{"driver", Json{{"name", "stsmc"},
                                                                 {"version", tool_version()},
                                                                 {"rules", rules}}}}},
                                  {"results", results}}});
  return counterexamples::write_file_atomically(path, log.dump(2) + "\n");
}

}  // namespace stsmc::cli
