// `stsmc lint MANIFEST...`: load and validate only, and print every StatefulSet of each file as
// the model sees it ("-" reads standard input).
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
    lo.allow_unknown_fields = o.model.allow_unknown_fields;
    auto r = spec::load_manifest_sets(path, lo);
    if (!r) {
      fmt::print(stderr, "error: {}\n", r.error().message);
      rc = kExitUsage;
      continue;
    }
    for (const auto& w : r->warnings) fmt::print(stderr, "warning: {}\n", w);
    for (const auto& set : r->sets) fmt::print("{}", spec::describe(set.manifest, set.selector));
  }
  return rc;
}

}  // namespace stsmc::cli
