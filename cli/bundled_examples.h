#pragma once
// The example manifests of spec/examples, compiled into the binary (cmake/BundledExamples.cmake),
// so `stsmc check` without a manifest and `stsmc selftest` work wherever the binary is installed.
// They are named "<bundled>/NAME.yaml" in messages, traces and on the command line.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace stsmc::cli {

/// One embedded file: its base name and its bytes.
struct BundledFile {
  std::string_view name;  ///< e.g. "myapp.yaml"
  std::string_view text;
};

/// Every bundled file, in the order CMake listed them (defined in a generated source).
std::span<const BundledFile> bundled_files();

/// The prefix that names a bundled file: "<bundled>/myapp.yaml".
inline constexpr std::string_view kBundledPrefix = "<bundled>/";

/// The manifest `stsmc check` and `prove` use when none is given.
inline constexpr std::string_view kDefaultManifest = "<bundled>/myapp.yaml";

/// The text of `path` when it names a bundled file ("<bundled>/NAME"), nullopt otherwise.
inline std::optional<std::string_view> find_bundled(std::string_view path) {
  if (!path.starts_with(kBundledPrefix)) return std::nullopt;
  path.remove_prefix(kBundledPrefix.size());
  for (const auto& f : bundled_files())
    if (f.name == path) return f.text;
  return std::nullopt;
}

}  // namespace stsmc::cli
