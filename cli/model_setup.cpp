// Model construction shared by the commands.
#include "cli/model_setup.h"

#include <fmt/core.h>

#include "cli/bundled_examples.h"
#include "spec/manifest_loader.h"
#include "spec/mutants.h"
#include "spec/profile.h"
#include "spec/validation.h"

namespace stsmc::cli {
namespace {

/// Loads `path`, or the bundled file it names ("<bundled>/NAME", see cli/bundled_examples.h):
/// the bundled ones are in the binary, so nothing depends on where the source tree was.
Expected<spec::LoadResult> load_manifest(const std::string& path, const spec::LoadOptions& options) {
  if (path.starts_with(kBundledPrefix)) {
    if (const auto text = find_bundled(path)) return spec::parse_manifest(*text, path, options);
    std::string names;
    for (const auto& f : bundled_files()) names += (names.empty() ? "" : ", ") + std::string(f.name);
    return Error{ErrorCode::kBadInput, fmt::format("{}: no such bundled manifest (bundled: {})", path, names)};
  }
  return spec::load_manifest_file(path, options);
}

}  // namespace

Expected<ModelSetup> setup_from_options(const std::string& manifest, const ModelOptions& o) {
  spec::LoadOptions lo;
  lo.pick = o.statefulset;
  lo.allow_unknown_fields = o.allow_unknown_fields;
  auto loaded = load_manifest(manifest.empty() ? std::string(kDefaultManifest) : manifest, lo);
  if (!loaded) return loaded.error();
  return setup_from_loaded(*loaded, o);
}

Expected<ModelSetup> setup_from_loaded(const spec::LoadResult& loaded, const ModelOptions& o) {
  for (const auto& w : loaded.warnings) fmt::print(stderr, "warning: {}\n", w);
  return model::Setup::make(loaded.manifest, o.kubernetes.value_or(std::string(spec::kDefaultRelease)),
                            o.feature_gates, o.mutant);
}

Expected<ModelSetup> setup_from_trace(const Json& manifest, const Json& bounds, const Json& config,
                                      const std::optional<std::string>& mutant) {
  spec::Manifest m;
  if (auto r = from_json(manifest, m, "manifest"); !r) return r.error();
  // What the API server would reject (no containers, replicas out of range) is bad input.
  spec::Diagnostics diag("manifest");
  spec::DecodedSet decoded;  // as the loader would have decoded it (a trace keeps matchLabels only)
  decoded.set = m.set;
  decoded.selector.match_labels = m.set.selector;
  spec::validate_stateful_set(decoded, diag);
  if (diag.has_errors()) return Error{ErrorCode::kBadTrace, diag.to_error().message};
  auto checked = model::bounds_from_json(bounds, "bounds");
  if (!checked) return checked.error();
  const std::string version = config.is_object() ? config.value("kubernetes", std::string(spec::kDefaultRelease))
                                                 : std::string(spec::kDefaultRelease);
  auto s = model::Setup::make(std::move(m), version, "", mutant);
  if (!s) return s.error();
  s->bounds = *checked;
  if (auto r = s->check_ordinals(); !r) return r.error();
  if (config.is_object() && config.contains("featureGates"))
    if (auto r = from_json(config["featureGates"], s->gates, "config.featureGates"); !r) return r.error();
  return s;
}

std::string describe_setup(const ModelSetup& s) {
  std::string gates;
  for_each_field(s.gates, [&](std::string_view name, bool on) {
    gates += (gates.empty() ? "" : ",") + std::string(name) + "=" + (on ? "true" : "false");
  });
  return fmt::format("stsmc: {} (StatefulSet {}/{}), kubernetes {}, gates {}, mutant {}, bounds {}", s.manifest.source,
                     s.manifest.set.namespace_, s.manifest.set.name, s.kubernetes, gates, s.mutant.value_or("none"),
                     to_json(s.bounds).dump());
}

}  // namespace stsmc::cli
