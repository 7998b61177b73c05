// Loading a manifest file: reading it, pre-checking the text, parsing every YAML document (and the
// items of kind: List documents), choosing the StatefulSets and their governing Services, then
// decoding and validating them.
#include "spec/manifest_loader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <utility>

#include "spec/decode.h"
#include "spec/known_fields.h"
#include "spec/text_check.h"
#include "spec/validation.h"
#include "spec/yaml_parse.h"
#include "spec/yaml_reader.h"

namespace stsmc::spec {

namespace {

constexpr std::string_view kStatefulSetApi = "apps/v1";
constexpr std::string_view kServiceApi = "v1";
constexpr std::string_view kListApi = "v1";

// One StatefulSet or Service document of the file, or one item of a List.
struct Document {
  YAML::Node node;
  Pos pos;
  std::string name;
  std::string prefix;  // "items[2]" for an item of a List, "" for a document
};

struct Inventory {
  std::vector<Document> sets;
  std::vector<Document> services;
  std::vector<std::string> others;  // "Kind name" of ignored documents
  bool any_document = false;
};

// apiVersion must be `expected` for a document of this kind.
bool check_api_version(const Field& root, std::string_view expected) {
  const Field api = root.get("apiVersion");
  const auto version = api.str();
  if (!api.present()) api.error("Required value");
  else if (version && *version != expected)
    api.error(fmt::format("Unsupported value: \"{}\": supported values: \"{}\"", *version, expected));
  return version == expected;
}

// Sorts one object (a document or a List item) by kind; others become warnings, malformed ones
// errors. A List's items are sorted in turn, as kubectl flattens them.
void classify(const YAML::Node& node, const std::string& prefix, Inventory& inv, Diagnostics& diag) {
  diag.set_path_prefix(prefix);
  const Field root = Field::root(node, diag);
  if (root.kind() != NodeKind::kMap) {
    root.error("expected a Kubernetes object (a map), got " + root.kind_name());
    return;
  }
  const Field kind_field = root.get("kind");
  const auto kind = kind_field.str();
  if (!kind_field.present()) kind_field.error("Required value");
  if (!kind) return;
  Document doc{node, root.pos(), document_name(root), prefix};
  if (*kind == "StatefulSet") {
    if (check_api_version(root, kStatefulSetApi)) inv.sets.push_back(std::move(doc));
  } else if (*kind == "Service") {
    if (check_api_version(root, kServiceApi)) inv.services.push_back(std::move(doc));
  } else if (*kind == "List" || *kind == "StatefulSetList" || *kind == "ServiceList") {
    // kubectl's FlattenListVisitor: the items are objects of their own; the items of a typed
    // list (`kubectl get --raw`) may leave out kind and apiVersion, which the list then gives.
    const std::string_view api = *kind == "StatefulSetList" ? kStatefulSetApi : *kind == "ServiceList" ? kServiceApi : kListApi;
    if (!check_api_version(root, api)) return;
    root.check_keys(known::kList);
    (void)root.get("metadata").expect_map();
    const Field items = root.get("items");
    if (items.kind() == NodeKind::kAbsent) items.error("Required value");
    std::vector<std::pair<YAML::Node, std::string>> children;
    for (const Field& item : items.items()) children.emplace_back(item.node(), join_path(prefix, item.path()));
    for (auto& [child, child_prefix] : children) {
      if (*kind != "List" && child.IsMap() && !child["kind"] && !child["apiVersion"]) {
        child["kind"] = kind->substr(0, kind->size() - 4);
        child["apiVersion"] = std::string(api);
      }
      classify(child, child_prefix, inv, diag);
    }
  } else {
    diag.warn(root.pos(), fmt::format("ignoring {}of kind {}", prefix.empty() ? "document " : prefix + " ", *kind));
    inv.others.push_back(fmt::format("{} {}", *kind, doc.name));
  }
}

Inventory take_inventory(const std::vector<YAML::Node>& nodes, Diagnostics& diag) {
  Inventory inv;
  for (const auto& node : nodes) {
    if (node.IsNull()) continue;
    inv.any_document = true;
    classify(node, "", inv, diag);
  }
  diag.set_path_prefix("");
  return inv;
}

std::string names_of(const std::vector<Document>& docs) {
  std::string out;
  for (const auto& d : docs) out += (out.empty() ? "" : ", ") + (d.name.empty() ? "(unnamed)" : d.name);
  return out;
}

// The file must hold a StatefulSet.
Expected<void> require_sets(const Inventory& inv, const std::string& source) {
  if (!inv.any_document) return located(source, Pos{}, "no StatefulSet: the file holds no YAML documents (it is empty or only comments)");
  if (!inv.sets.empty()) return {};
  std::string found;
  for (const auto& d : inv.services) found += (found.empty() ? "Service " : ", Service ") + d.name;
  for (const auto& o : inv.others) found += (found.empty() ? "" : ", ") + o;
  return located(source, Pos{}, fmt::format("no StatefulSet (apiVersion apps/v1) in the file (found: {})",
                                            found.empty() ? "an empty List" : found));
}

// The sets named `pick` (all of them without a pick); an error when there are none.
Expected<std::vector<const Document*>> pick_sets(const Inventory& inv, const std::optional<std::string>& pick,
                                                 const std::string& source) {
  std::vector<const Document*> out;
  for (const auto& d : inv.sets)
    if (!pick || d.name == *pick) out.push_back(&d);
  if (out.empty())
    return located(source, Pos{}, fmt::format("no StatefulSet named \"{}\" in the file (it holds: {})", *pick,
                                              names_of(inv.sets)));
  return out;
}

Expected<const Document*> choose_set(const Inventory& inv, const LoadOptions& options, const std::string& source) {
  if (auto r = require_sets(inv, source); !r) return r.error();
  if (!options.pick && inv.sets.size() > 1)
    return located(source, inv.sets[1].pos,
                   fmt::format("the file holds {} StatefulSets ({}); choose one with --statefulset NAME",
                               inv.sets.size(), names_of(inv.sets)));
  auto picked = pick_sets(inv, options.pick, source);
  if (!picked) return picked.error();
  if (picked->size() > 1)
    return located(source, (*picked)[1]->pos, fmt::format("the file holds several StatefulSets named \"{}\"", *options.pick));
  return picked->front();
}

// Every Service of the file, decoded (their fields are checked like the sets').
std::vector<std::pair<Service, Pos>> decode_services(const Inventory& inv, Diagnostics& diag) {
  std::vector<std::pair<Service, Pos>> out;
  for (const auto& d : inv.services) {
    diag.forget_places();
    diag.set_path_prefix(d.prefix);
    out.emplace_back(decode_service(Field::root(d.node, diag)), d.pos);
  }
  diag.set_path_prefix("");
  return out;
}

// The Service named by spec.serviceName in the set's namespace, if the file has it.
std::optional<Service> find_service(const std::vector<std::pair<Service, Pos>>& services, const StatefulSet& set,
                                    Diagnostics& diag) {
  if (set.service_name.empty()) return std::nullopt;
  for (const auto& [service, pos] : services) {
    if (service.name != set.service_name) continue;
    if (service.namespace_ == set.namespace_) return service;
    diag.warn(pos, fmt::format("ignoring Service {} in namespace {}: the StatefulSet {} is in namespace {}", service.name,
                               service.namespace_, set.name, set.namespace_));
  }
  return std::nullopt;
}

// Decodes and validates one set.
LoadedSet load_set(const Document& doc, const std::string& source, Diagnostics& diag) {
  diag.forget_places();
  diag.set_path_prefix(doc.prefix);
  DecodedSet decoded = decode_stateful_set(Field::root(doc.node, diag));
  validate_stateful_set(decoded, diag);
  check_model_limits(decoded.set, diag);
  diag.set_path_prefix("");
  LoadedSet out;
  out.manifest.source = source;
  out.manifest.set = std::move(decoded.set);
  out.selector = std::move(decoded.selector);
  out.line = doc.pos.line;
  return out;
}

// Reads every document and sorts them; errors in the documents' kinds end the load here.
Expected<Inventory> inventory_of(const std::vector<YAML::Node>& nodes, Diagnostics& diag) {
  Inventory inv = take_inventory(nodes, diag);
  if (diag.has_errors()) return diag.to_error();
  return inv;
}

Expected<LoadResult> load_documents(const std::vector<YAML::Node>& nodes, const std::string& source,
                                    const LoadOptions& options) {
  Diagnostics diag(source, !options.allow_unknown_fields);
  auto inv = inventory_of(nodes, diag);
  if (!inv) return inv.error();
  auto chosen = choose_set(*inv, options, source);
  if (!chosen) return chosen.error();
  const auto services = decode_services(*inv, diag);
  LoadedSet set = load_set(**chosen, source, diag);
  if (!diag.has_errors()) set.manifest.service = find_service(services, set.manifest.set, diag);
  if (diag.has_errors()) return diag.to_error();
  return LoadResult{std::move(set.manifest), diag.warnings(), std::move(set.selector)};
}

Expected<LoadAllResult> load_all_documents(const std::vector<YAML::Node>& nodes, const std::string& source,
                                           const LoadOptions& options) {
  Diagnostics diag(source, !options.allow_unknown_fields);
  auto inv = inventory_of(nodes, diag);
  if (!inv) return inv.error();
  if (auto r = require_sets(*inv, source); !r) return r.error();
  auto picked = pick_sets(*inv, options.pick, source);
  if (!picked) return picked.error();
  const auto services = decode_services(*inv, diag);
  LoadAllResult result;
  std::set<std::pair<std::string, std::string>> seen;
  for (const Document* doc : *picked) {
    LoadedSet set = load_set(*doc, source, diag);
    const auto& s = set.manifest.set;
    if (!s.name.empty() && !seen.emplace(s.namespace_, s.name).second)
      diag.error(doc->pos, "", fmt::format("a second StatefulSet {}/{} in the file (the API server would keep only "
                                           "the last one applied)", s.namespace_, s.name));
    if (!diag.has_errors()) set.manifest.service = find_service(services, s, diag);
    result.sets.push_back(std::move(set));
  }
  if (diag.has_errors()) return diag.to_error();
  result.warnings = diag.warnings();
  return result;
}

// Text to documents; an error when the text itself is the problem.
Expected<std::vector<YAML::Node>> documents_of(std::string_view text, const std::string& source) {
  if (auto problem = check_text(text)) return located(source, problem->pos, problem->message);
  return parse_yaml_documents(text, source);
}

Expected<std::string> read_manifest(const std::string& path, const LoadOptions& options) {
  return read_input(path, InputLimits{kMaxManifestBytes, options.pipe_idle_seconds});
}

std::string source_name(const std::string& path) { return path == kStdinPath ? std::string(kStdinName) : path; }

}  // namespace

Expected<LoadResult> parse_manifest(std::string_view text, const std::string& source, const LoadOptions& options) {
  auto nodes = documents_of(text, source);
  if (!nodes) return nodes.error();
  try {
    return load_documents(*nodes, source, options);
  } catch (const YAML::Exception& e) {  // a yaml-cpp surprise: still an input problem
    return located(source, pos_of(e.mark), "cannot read YAML: " + e.msg);
  }
}

Expected<LoadAllResult> parse_manifest_sets(std::string_view text, const std::string& source, const LoadOptions& options) {
  auto nodes = documents_of(text, source);
  if (!nodes) return nodes.error();
  try {
    return load_all_documents(*nodes, source, options);
  } catch (const YAML::Exception& e) {
    return located(source, pos_of(e.mark), "cannot read YAML: " + e.msg);
  }
}

Expected<LoadResult> load_manifest_file(const std::string& path, const LoadOptions& options) {
  auto text = read_manifest(path, options);
  if (!text) return text.error();
  return parse_manifest(*text, source_name(path), options);
}

Expected<LoadAllResult> load_manifest_sets(const std::string& path, const LoadOptions& options) {
  auto text = read_manifest(path, options);
  if (!text) return text.error();
  return parse_manifest_sets(*text, source_name(path), options);
}

}  // namespace stsmc::spec
