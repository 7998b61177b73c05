#pragma once
// Loading apps/v1 StatefulSet manifests (yaml-cpp): multi-document files, a headless Service in
// the same file for DNS names, the API server's defaulting and validation. Every error names
// file:line:column and the field path; unknown fields are warnings, as kubectl prints them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "spec/stateful_set.h"

namespace stsmc::spec {

/// How to load a manifest.
struct LoadOptions {
  /// metadata.name of the StatefulSet to use when the file holds several.
  std::optional<std::string> pick;
};

/// A loaded manifest plus the warnings (unknown fields, ignored documents) to print.
struct LoadResult {
  Manifest manifest;
  std::vector<std::string> warnings;
};

/// Reads and validates the manifest at `path`. Errors (exit code 2 in the CLI) look like
/// "web.yaml:14:7: spec.updateStrategy.rollingUpdate.partition: must be >= 0, got -2".
Expected<LoadResult> load_manifest_file(const std::string& path, const LoadOptions& options = {});

/// Same, from text; `source` names the file in messages.
Expected<LoadResult> parse_manifest(std::string_view text, const std::string& source,
                                    const LoadOptions& options = {});

/// Human-readable rendering of the StatefulSet as the model sees it (for `stsmc lint`).
std::string describe(const Manifest& manifest);

}  // namespace stsmc::spec
