#pragma once
// Parsing manifest text into YAML documents with yaml-cpp 0.7, guarded: a dry run over the
// parser's events comes first. It counts nodes and aliases exactly and stops the stray-','
// infinite loop of yaml-cpp's LoadAll (jbeder/yaml-cpp#1040). Only then is the text loaded.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"

namespace stsmc::spec {

/// Most aliases (*name) accepted: real manifests use few, alias bombs many.
inline constexpr int kMaxAliases = 100;
/// Most nodes accepted in the text (yaml-cpp spends about 0.5 KB per node).
inline constexpr std::size_t kMaxYamlNodes = 1'000'000;

/// Every document of `text` (empty ones as null nodes). Syntax errors and the limits above are
/// bad-input errors "source:line:col: ...". Expects text that passed check_text().
Expected<std::vector<YAML::Node>> parse_yaml_documents(std::string_view text, const std::string& source);

}  // namespace stsmc::spec
