// Model construction shared by the commands.
#include "cli/model_setup.h"

#include <fmt/core.h>

#include <filesystem>

#include "spec/manifest_loader.h"
#include "spec/mutants.h"
#include "spec/profile.h"
#include "spec/validation.h"

namespace stsmc::cli {

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

std::string default_manifest() {
  // The bundled default: spec/examples/myapp.yaml of the source tree this binary was built from.
  for (const std::string& candidate : {std::string(STSMC_SOURCE_DIR) + "/spec/examples/myapp.yaml",
                                       std::string("spec/examples/myapp.yaml")})
    if (std::filesystem::exists(candidate)) return candidate;
  return "spec/examples/myapp.yaml";
}

Expected<ModelSetup> setup_from_options(const std::string& manifest, const ModelOptions& o) {
  ModelSetup s;
  spec::LoadOptions lo;
  lo.pick = o.statefulset;
  auto loaded = spec::load_manifest_file(manifest.empty() ? default_manifest() : manifest, lo);
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
  // What the API server would reject (no containers, replicas out of range) is bad input.
  spec::Diagnostics diag("manifest");
  spec::validate_stateful_set(s.manifest.set, diag);
  if (diag.has_errors()) return Error{ErrorCode::kBadTrace, diag.to_error().message};
  auto checked = model::bounds_from_json(bounds, "bounds");
  if (!checked) return checked.error();
  s.bounds = *checked;
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
