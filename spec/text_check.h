#pragma once
// Checks on manifest text before yaml-cpp parses it: size, text encoding and nesting depth
// (yaml-cpp's parser recurses once per level, so depth must be bounded before it runs).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/limits.h"
#include "spec/yaml_reader.h"

namespace stsmc::spec {

/// Largest manifest accepted.
inline constexpr std::size_t kMaxManifestBytes = std::size_t{16} << 20;
/// Deepest nesting of collections accepted (yaml-cpp parses recursively).
inline constexpr int kMaxTextNesting = limits::kMaxValueNesting;

/// A problem with the text and where it is.
struct TextProblem {
  Pos pos;
  std::string message;
};

/// The first problem with `text`, if any: larger than kMaxManifestBytes; not text (NUL bytes,
/// control characters, invalid UTF-8); nesting deeper than kMaxTextNesting. The nesting scan is
/// a conservative estimate made without parsing (it knows quotes, comments, flow collections and
/// block scalars); yaml-cpp's own limit of 2000 levels stays behind it.
std::optional<TextProblem> check_text(std::string_view text);

}  // namespace stsmc::spec
