#pragma once
// The version of this build: the project version (CMake's project()) and the git commit the
// build tree was configured from (`git describe --always --dirty`), for --version, reports and
// traces.
#include <string>
#include <string_view>

namespace stsmc::cli {

/// The project version, e.g. "0.1.0".
std::string_view project_version();

/// The commit, e.g. "244379c" or "244379c-dirty"; "unknown" when the source tree was not a git
/// checkout at configure time.
std::string_view git_commit();

/// "0.1.0 (commit 244379c)": what --version prints after "stsmc", and what JSON summaries, JUnit
/// files and traces record.
std::string tool_version();

}  // namespace stsmc::cli
