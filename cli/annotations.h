#pragma once
// Pointing CI at the manifest: for each violated property (and each known-upstream finding), the
// manifest field that causes it where one can be named (spec.podManagementPolicy,
// spec.updateStrategy, spec.persistentVolumeClaimRetentionPolicy, ...), else the StatefulSet's
// metadata.name, as GitHub workflow commands (`::error file=…,line=…::…`) or a SARIF 2.1.0 log.
#include <string>
#include <vector>

#include "cli/check_report.h"
#include "core/expected.h"

namespace stsmc::cli {

/// Where a finding points in the manifest.
struct ManifestLocation {
  std::string file;   ///< the manifest path as given; empty for standard input and bundled files
  int line = 0;       ///< 1-based; 0 when the file could not be read again
  int column = 0;     ///< 1-based
  std::string field;  ///< the field path, e.g. "spec.podManagementPolicy" or "metadata.name"
  std::string why;    ///< why that field, e.g. "not set: OrderedReady by default"
};

/// The field of `property`'s violation (with its known-upstream `note`, if any) in the
/// StatefulSet `ns`/`name` of the manifest file `manifest`: the first candidate field the
/// property names that the manifest sets; else metadata.name. Reads and parses the file again.
ManifestLocation cause_location(const std::string& manifest, const std::string& ns, const std::string& name,
                                const std::string& property, const std::string& note);

/// One GitHub workflow command per violated (::error) or known-upstream (::warning) property.
std::vector<std::string> github_annotations(const std::vector<SetReport>& sets);

/// The SARIF 2.1.0 log of the run: one rule per property, one result per violated (error) or
/// known-upstream (warning) property, located in the manifest. Written atomically.
Expected<void> write_sarif(const std::string& path, const std::vector<SetReport>& sets);

}  // namespace stsmc::cli
