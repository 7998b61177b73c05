// Loading every StatefulSet of a manifest file; see cli/manifest_sets.h. The loader reads the
// file (or standard input) once and validates every set (spec::load_manifest_sets).
#include "cli/manifest_sets.h"

#include "cli/bundled_examples.h"

namespace stsmc::cli {

Expected<std::vector<spec::LoadResult>> load_every_set(const std::string& path, const spec::LoadOptions& options) {
  Expected<spec::LoadAllResult> all = Error{ErrorCode::kInternal, ""};
  if (path.starts_with(kBundledPrefix)) {  // a manifest compiled into the binary
    const auto text = find_bundled(path);
    if (!text) {
      std::string names;
      for (const auto& f : bundled_files()) names += (names.empty() ? "" : ", ") + std::string(f.name);
      return Error{ErrorCode::kBadInput, path + ": no such bundled manifest (bundled: " + names + ")"};
    }
    all = spec::parse_manifest_sets(*text, path, options);
  } else {
    all = spec::load_manifest_sets(path, options);
  }
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
