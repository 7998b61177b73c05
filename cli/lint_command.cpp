// `stsmc lint MANIFEST...`: load and validate only, and print the StatefulSet as the model sees it.
#include <fmt/core.h>

#include "cli/commands.h"
#include "spec/manifest_loader.h"
#include "spec/mutants.h"

namespace stsmc::cli {

int run_lint(const LintOptions& o) {
  if (o.model.mutant)
    if (auto m = spec::find_mutant(*o.model.mutant); !m) {
      fmt::print(stderr, "error: {}\n", m.error().message);
      return kExitUsage;
    }
  int rc = kExitOk;
  for (const auto& path : o.manifests) {
    spec::LoadOptions lo;
    lo.pick = o.model.statefulset;
    auto r = spec::load_manifest_file(path, lo);
    if (!r) {
      fmt::print(stderr, "error: {}\n", r.error().message);
      rc = kExitUsage;
      continue;
    }
    for (const auto& w : r->warnings) fmt::print(stderr, "warning: {}\n", w);
    fmt::print("{}", spec::describe(r->manifest));
  }
  return rc;
}

}  // namespace stsmc::cli
