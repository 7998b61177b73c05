#pragma once
// Checking output paths before the work that fills them: a folder for traces and a file for a
// report must be writable (or creatable) before a search of minutes or hours starts.
#include <string>

#include "core/expected.h"

namespace stsmc::cli {

/// OK when files can be written under `dir`: it is a writable folder, or it does not exist and
/// its nearest existing ancestor is a writable folder (it is not created here). The error
/// (kBadInput) names `option` and the path: "--out /x/y: cannot create it: /x is not a folder".
Expected<void> check_output_dir(const std::string& dir, const std::string& option);

/// OK when a file can be written at `path` (atomically: a temporary file beside it, renamed):
/// `path` is not a folder and its folder passes check_output_dir.
Expected<void> check_output_file(const std::string& path, const std::string& option);

}  // namespace stsmc::cli
