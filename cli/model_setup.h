#pragma once
// Building the checking model from the command line or from a stored trace, so that `check`
// and `replay`/`show`/`shrink` construct exactly the same model.
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/expected.h"
#include "core/json.h"
#include "model/bounds.h"
#include "model/checker_model.h"
#include "model/setup.h"
#include "spec/manifest_loader.h"
#include "spec/stateful_set.h"

namespace stsmc::cli {

/// Everything that determines a checking model (model/setup.h); stored in traces.
using ModelSetup = model::Setup;

/// Loads the manifest (the bundled default when `manifest` is empty) and applies the options.
/// Prints loader warnings to stderr.
Expected<ModelSetup> setup_from_options(const std::string& manifest, const ModelOptions& options);

/// The same for a manifest already loaded (one StatefulSet of a file that holds several).
/// Prints the loader's warnings to stderr.
Expected<ModelSetup> setup_from_loaded(const spec::LoadResult& loaded, const ModelOptions& options);

/// The setup a trace was recorded with.
Expected<ModelSetup> setup_from_trace(const Json& manifest, const Json& bounds, const Json& config,
                                      const std::optional<std::string>& mutant);

/// One line describing the run, printed first (docs/style.md §7).
std::string describe_setup(const ModelSetup& s);

}  // namespace stsmc::cli
