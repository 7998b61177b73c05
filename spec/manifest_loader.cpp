// Loading a manifest file: reading it, pre-checking the text, parsing every YAML document,
// choosing the StatefulSet and its governing Service, then decoding and validating them.
#include "spec/manifest_loader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "spec/decode.h"
#include "spec/text_check.h"
#include "spec/validation.h"
#include "spec/yaml_parse.h"
#include "spec/yaml_reader.h"

namespace stsmc::spec {

namespace {

constexpr std::string_view kStatefulSetApi = "apps/v1";
constexpr std::string_view kServiceApi = "v1";

// One StatefulSet or Service document of the file.
struct Document {
  YAML::Node node;
  Pos pos;
  std::string name;
};

struct Inventory {
  std::vector<Document> sets;
  std::vector<Document> services;
  std::vector<std::string> others;  // "Kind name" of ignored documents
  bool any_document = false;
};

Error located(const std::string& source, Pos pos, std::string_view message) {
  return bad_input(fmt::format("{}:{}:{}: {}", source, pos.line, pos.col, message));
}

// apiVersion must be `expected` for a document of this kind.
bool check_api_version(const Field& root, std::string_view expected) {
  const Field api = root.get("apiVersion");
  const auto version = api.str();
  if (!api.present()) api.error("Required value");
  else if (version && *version != expected)
    api.error(fmt::format("Unsupported value: \"{}\": supported values: \"{}\"", *version, expected));
  return version == expected;
}

// Sorts documents by kind; others become warnings, malformed ones errors.
Inventory take_inventory(const std::vector<YAML::Node>& nodes, Diagnostics& diag) {
  Inventory inv;
  for (const auto& node : nodes) {
    if (node.IsNull()) continue;
    inv.any_document = true;
    const Field root = Field::root(node, diag);
    if (root.kind() != NodeKind::kMap) {
      root.error("expected a Kubernetes object (a map), got " + root.kind_name());
      continue;
    }
    const Field kind_field = root.get("kind");
    const auto kind = kind_field.str();
    if (!kind_field.present()) kind_field.error("Required value");
    if (!kind) continue;
    Document doc{node, root.pos(), document_name(root)};
    if (*kind == "StatefulSet") {
      if (check_api_version(root, kStatefulSetApi)) inv.sets.push_back(std::move(doc));
    } else if (*kind == "Service") {
      if (check_api_version(root, kServiceApi)) inv.services.push_back(std::move(doc));
    } else {
      diag.warn(root.pos(), "ignoring document of kind " + *kind);
      inv.others.push_back(fmt::format("{} {}", *kind, doc.name));
    }
  }
  return inv;
}

std::string names_of(const std::vector<Document>& docs) {
  std::string out;
  for (const auto& d : docs) out += (out.empty() ? "" : ", ") + (d.name.empty() ? "(unnamed)" : d.name);
  return out;
}

Expected<const Document*> choose_set(const Inventory& inv, const LoadOptions& options, const std::string& source) {
  if (!inv.any_document) return located(source, Pos{}, "no StatefulSet: the file holds no YAML documents (it is empty or only comments)");
  if (inv.sets.empty()) {
    std::string found;
    for (const auto& d : inv.services) found += (found.empty() ? "Service " : ", Service ") + d.name;
    for (const auto& o : inv.others) found += (found.empty() ? "" : ", ") + o;
    return located(source, Pos{}, fmt::format("no StatefulSet (apiVersion apps/v1) in the file (found: {})", found));
  }
  if (!options.pick) {
    if (inv.sets.size() == 1) return &inv.sets.front();
    return located(source, inv.sets[1].pos,
                   fmt::format("the file holds {} StatefulSets ({}); choose one with --statefulset NAME",
                               inv.sets.size(), names_of(inv.sets)));
  }
  const Document* chosen = nullptr;
  for (const auto& d : inv.sets) {
    if (d.name != *options.pick) continue;
    if (chosen) return located(source, d.pos, fmt::format("the file holds several StatefulSets named \"{}\"", d.name));
    chosen = &d;
  }
  if (!chosen)
    return located(source, Pos{}, fmt::format("no StatefulSet named \"{}\" in the file (it holds: {})", *options.pick,
                                              names_of(inv.sets)));
  return chosen;
}

// The Service named by spec.serviceName in the set's namespace, if the file has it.
std::optional<Service> find_service(const Inventory& inv, const StatefulSet& set, Diagnostics& diag) {
  for (const auto& d : inv.services) {
    if (d.name != set.service_name) continue;
    diag.forget_places();
    Service service = decode_service(Field::root(d.node, diag));
    if (service.namespace_ == set.namespace_) return service;
    diag.warn(d.pos, fmt::format("ignoring Service {} in namespace {}: the StatefulSet is in namespace {}",
                                 service.name, service.namespace_, set.namespace_));
  }
  return std::nullopt;
}

Expected<LoadResult> load_documents(const std::vector<YAML::Node>& nodes, const std::string& source,
                                    const LoadOptions& options) {
  Diagnostics diag(source);
  const Inventory inv = take_inventory(nodes, diag);
  if (diag.has_errors()) return diag.to_error();
  auto chosen = choose_set(inv, options, source);
  if (!chosen) return chosen.error();
  diag.forget_places();
  LoadResult result;
  result.manifest.source = source;
  result.manifest.set = decode_stateful_set(Field::root((*chosen)->node, diag));
  validate_stateful_set(result.manifest.set, diag);
  if (!diag.has_errors()) result.manifest.service = find_service(inv, result.manifest.set, diag);
  if (diag.has_errors()) return diag.to_error();
  result.warnings = diag.warnings();
  return result;
}

Expected<std::string> read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return Error{ErrorCode::kIo, path + ": cannot read: is a directory"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kIo, fmt::format("{}: cannot read: {}", path, std::strerror(errno))};
  std::string text;
  std::array<char, 1 << 16> buffer{};
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxManifestBytes)
      return located(path, Pos{}, fmt::format("file is larger than {} bytes (16 MiB), the most a manifest may be",
                                              kMaxManifestBytes));
  }
  if (in.bad()) return Error{ErrorCode::kIo, fmt::format("{}: read error: {}", path, std::strerror(errno))};
  return text;
}

}  // namespace

Expected<LoadResult> parse_manifest(std::string_view text, const std::string& source, const LoadOptions& options) {
  if (auto problem = check_text(text)) return located(source, problem->pos, problem->message);
  auto nodes = parse_yaml_documents(text, source);
  if (!nodes) return nodes.error();
  try {
    return load_documents(*nodes, source, options);
  } catch (const YAML::Exception& e) {  // a yaml-cpp surprise: still an input problem
    return located(source, pos_of(e.mark), "cannot read YAML: " + e.msg);
  }
}

Expected<LoadResult> load_manifest_file(const std::string& path, const LoadOptions& options) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse_manifest(*text, path, options);
}

}  // namespace stsmc::spec
