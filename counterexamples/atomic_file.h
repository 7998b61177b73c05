#pragma once
// Atomic file replacement for traces, JUnit files and reports: readers see either the old file
// or the complete new one, never a half-written file, even if the process dies mid-write.
#include <string>
#include <string_view>

#include "core/expected.h"

namespace stsmc::counterexamples {

/// Writes `content` to `path` atomically: creates missing parent directories, writes a temporary
/// file in the same directory, fsyncs it, renames it over `path` and fsyncs the directory.
/// On failure (kIo) `path` is untouched and no temporary file is left behind.
[[nodiscard]] Expected<void> write_file_atomically(const std::string& path,
                                                   std::string_view content);

}  // namespace stsmc::counterexamples
