// Loading every StatefulSet of a manifest file; see cli/manifest_sets.h. The loader reads the
// file (or standard input) once and validates every set (spec::load_manifest_sets).
#include "cli/manifest_sets.h"

namespace stsmc::cli {

Expected<std::vector<spec::LoadResult>> load_every_set(const std::string& path, const spec::LoadOptions& options) {
  auto all = spec::load_manifest_sets(path, options);
  if (!all) return all.error();
  std::vector<spec::LoadResult> out;
  for (std::size_t i = 0; i < all->sets.size(); ++i) {
    spec::LoadResult r;
    r.manifest = std::move(all->sets[i].manifest);
    r.selector = std::move(all->sets[i].selector);
    if (i == 0) r.warnings = all->warnings;  // printed once, with the first set
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace stsmc::cli
