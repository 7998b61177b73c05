#pragma once
// Every StatefulSet of one manifest file, for `check` and `prove`, which check a file that holds
// several set by set in one run. "-" names standard input.
#include <string>
#include <vector>

#include "core/expected.h"
#include "spec/manifest_loader.h"

namespace stsmc::cli {

/// Loads and validates each StatefulSet of the manifest at `path` ("-": standard input, read
/// once), in file order: with `options.pick` only that one; otherwise every one (a file with
/// a single set gives one). The first invalid set is the error, so nothing is checked unless
/// every set loads.
Expected<std::vector<spec::LoadResult>> load_every_set(const std::string& path, const spec::LoadOptions& options);

}  // namespace stsmc::cli
