// Model construction shared by the commands.
#include "cli/model_setup.h"

#include <fmt/core.h>

#include "cli/bundled_examples.h"
#include "spec/manifest_loader.h"
#include "spec/mutants.h"
#include "spec/profile.h"

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

model::StatefulSetModel ModelSetup::build() const {
  auto profile = spec::find_profile(kubernetes);
  STSMC_CHECK(profile.has_value());
  spec::Rules rules = profile->rules;
  if (mutant) {
    auto m = spec::find_mutant(*mutant);
    STSMC_CHECK(m.has_value());  // validated when the setup was made
    rules = m->apply(rules);
  }
  return model::make_checker_model(manifest, rules, gates, bounds);
}

Json ModelSetup::config_json() const {
  return Json{{"kubernetes", kubernetes}, {"featureGates", to_json(gates)}};
}

Expected<ModelSetup> setup_from_options(const std::string& manifest, const ModelOptions& o) {
  ModelSetup s;
  spec::LoadOptions lo;
  lo.pick = o.statefulset;
  auto loaded = load_manifest(manifest.empty() ? std::string(kDefaultManifest) : manifest, lo);
  if (!loaded) return loaded.error();
  for (const auto& w : loaded->warnings) fmt::print(stderr, "warning: {}\n", w);
  s.manifest = loaded->manifest;
  auto profile = spec::find_profile(o.kubernetes.value_or("1.28"));
  if (!profile) return profile.error();
  s.kubernetes = profile->version;
  s.gates = profile->default_gates;
  if (auto r = spec::apply_feature_gates(o.feature_gates, s.gates); !r) return r.error();
  s.bounds = model::default_bounds(s.manifest.set.replicas);
  if (o.mutant) {
    if (auto m = spec::find_mutant(*o.mutant); !m) return m.error();
    s.mutant = o.mutant;
  }
  return s;
}

Expected<ModelSetup> setup_from_trace(const Json& manifest, const Json& bounds, const Json& config,
                                      const std::optional<std::string>& mutant) {
  ModelSetup s;
  if (mutant) {
    if (auto m = spec::find_mutant(*mutant); !m) return m.error();
    s.mutant = mutant;
  }
  if (auto r = from_json(manifest, s.manifest, "manifest"); !r) return r.error();
  if (auto r = from_json(bounds, s.bounds, "bounds"); !r) return r.error();
  const std::string version = config.is_object() ? config.value("kubernetes", "1.28") : "1.28";
  auto profile = spec::find_profile(version);
  if (!profile) return profile.error();
  s.kubernetes = profile->version;
  s.gates = profile->default_gates;
  if (config.is_object() && config.contains("featureGates"))
    if (auto r = from_json(config["featureGates"], s.gates, "config.featureGates"); !r) return r.error();
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
