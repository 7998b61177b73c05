#pragma once
// Loading apps/v1 StatefulSet manifests (yaml-cpp): multi-document files, `kind: List` documents,
// standard input ("-"), a headless Service in the same file for DNS names, the API server's
// defaulting and validation. Every error names file:line:column and the field path; unknown and
// duplicate fields are errors, as kubectl's strict field validation makes them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "spec/input_file.h"
#include "spec/label_selector.h"
#include "spec/stateful_set.h"

namespace stsmc::spec {

/// How to load a manifest.
struct LoadOptions {
  /// metadata.name of the StatefulSet to use when the file holds several.
  std::optional<std::string> pick;
  /// Unknown and duplicate fields are warnings, not errors (`--allow-unknown-fields`, kubectl's
  /// --validate=warn); of duplicate fields the last one counts.
  bool allow_unknown_fields = false;
  /// A pipe or FIFO (not stdin) that sends nothing this many seconds is an error.
  double pipe_idle_seconds = 60;
};

/// A loaded manifest plus the warnings (unknown fields, ignored documents) to print.
struct LoadResult {
  Manifest manifest;
  std::vector<std::string> warnings;
  /// spec.selector as written; manifest.set.selector holds its matchLabels only (all the model
  /// needs: validation has checked that the template's labels match the whole selector).
  LabelSelector selector;
};

/// One StatefulSet of a file.
struct LoadedSet {
  Manifest manifest;  ///< manifest.set.name / namespace_ name it; manifest.service is its Service
  LabelSelector selector;
  int line = 1;  ///< where its document (or List item) starts
};

/// Every StatefulSet of a file, in file order, plus the warnings to print once.
struct LoadAllResult {
  std::vector<LoadedSet> sets;
  std::vector<std::string> warnings;
};

/// Reads and validates the manifest at `path` ("-": standard input). Errors (exit code 2 in the
/// CLI) look like "web.yaml:14:7: spec.updateStrategy.rollingUpdate.partition: must be >= 0, got -2".
/// A file with several StatefulSets needs options.pick.
Expected<LoadResult> load_manifest_file(const std::string& path, const LoadOptions& options = {});

/// Same, from text; `source` names the file in messages.
Expected<LoadResult> parse_manifest(std::string_view text, const std::string& source,
                                    const LoadOptions& options = {});

/// Every StatefulSet at `path` ("-": standard input), each validated, in file order; an error in
/// any of them fails the load, as does a file without one or two with the same namespace and
/// name. options.pick keeps only the set of that name.
Expected<LoadAllResult> load_manifest_sets(const std::string& path, const LoadOptions& options = {});

/// Same, from text; `source` names the file in messages.
Expected<LoadAllResult> parse_manifest_sets(std::string_view text, const std::string& source,
                                            const LoadOptions& options = {});

/// Human-readable rendering of the StatefulSet as the model sees it (for `stsmc lint`); the
/// selector shown is manifest.set.selector's matchLabels.
std::string describe(const Manifest& manifest);

/// Same, showing the whole selector (matchExpressions too).
std::string describe(const Manifest& manifest, const LabelSelector& selector);

}  // namespace stsmc::spec
