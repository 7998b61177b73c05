// Loading every StatefulSet of a manifest file; see cli/manifest_sets.h. The loader picks one
// set by name (spec::LoadOptions::pick); the names come from a look at the YAML documents
// (kind StatefulSet, or the items of a kind: List), and each set is then loaded by the loader.
#include "cli/manifest_sets.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include "spec/text_check.h"
#include "spec/yaml_parse.h"

namespace stsmc::cli {
namespace {

/// The text of standard input (at most one byte over the loader's limit, so it reports it).
std::string read_stdin() {
  std::string text;
  std::array<char, 1 << 16> buffer{};
  while (std::cin.read(buffer.data(), buffer.size()) || std::cin.gcount() > 0) {
    text.append(buffer.data(), static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > spec::kMaxManifestBytes) break;
  }
  return text;
}

/// The text of a regular file, when it can be read and is not larger than the loader takes.
std::optional<std::string> read_small_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  std::array<char, 1 << 16> buffer{};
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > spec::kMaxManifestBytes) return std::nullopt;
  }
  if (in.bad()) return std::nullopt;
  return text;
}

std::optional<std::string> scalar(const YAML::Node& map, const char* key) {
  if (!map.IsMap()) return std::nullopt;
  const YAML::Node v = map[key];
  if (!v || !v.IsScalar()) return std::nullopt;
  return v.Scalar();
}

void add_if_set(const YAML::Node& doc, std::vector<std::string>& names) {
  if (scalar(doc, "kind") != "StatefulSet") return;
  const YAML::Node meta = doc["metadata"];
  const std::string name = scalar(meta, "name").value_or("");
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

/// metadata.name of every StatefulSet document (and of every StatefulSet item of a List), in
/// order, without repeats; empty when the text cannot be read as YAML (the loader then says why).
std::vector<std::string> set_names(const std::string& text, const std::string& source) {
  std::vector<std::string> names;
  if (spec::check_text(text)) return names;
  auto docs = spec::parse_yaml_documents(text, source);
  if (!docs) return names;
  try {
    for (const auto& doc : *docs) {
      if (!doc.IsMap()) continue;
      const auto kind = scalar(doc, "kind");
      if (kind && kind->ends_with("List") && doc["items"] && doc["items"].IsSequence())
        for (const auto& item : doc["items"]) add_if_set(item, names);
      else
        add_if_set(doc, names);
    }
  } catch (const YAML::Exception&) {
    names.clear();
  }
  return names;
}

Expected<std::vector<spec::LoadResult>> load_each(const std::string& text, const std::string& source,
                                                   const std::vector<std::string>& names) {
  std::vector<spec::LoadResult> out;
  for (const auto& name : names) {
    spec::LoadOptions one;
    one.pick = name;
    auto r = spec::parse_manifest(text, source, one);
    if (!r) return r.error();
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace

Expected<std::vector<spec::LoadResult>> load_every_set(const std::string& path, const spec::LoadOptions& options) {
  if (path == "-") {
    const std::string source = "<stdin>";
    const std::string text = read_stdin();
    const auto names = options.pick ? std::vector<std::string>{} : set_names(text, source);
    if (names.size() > 1) return load_each(text, source, names);
    auto r = spec::parse_manifest(text, source, options);
    if (!r) return r.error();
    return std::vector<spec::LoadResult>{std::move(*r)};
  }
  // The loader reads the file itself (and explains what is wrong with it); only a file with
  // several StatefulSets is read again here, to take them one by one.
  auto r = spec::load_manifest_file(path, options);
  if (r) return std::vector<spec::LoadResult>{std::move(*r)};
  if (options.pick) return r.error();
  const auto text = read_small_file(path);
  if (!text) return r.error();
  const auto names = set_names(*text, path);
  if (names.size() < 2) return r.error();
  return load_each(*text, path, names);
}

}  // namespace stsmc::cli
