// A user's program on the installed stsmc library: load a manifest, build the checking model of
// Kubernetes 1.28 with the default bounds, explore it and print each property's verdict.
#include <cstdio>
#include <string>

#include "checker/explore.h"
#include "model/bounds.h"
#include "model/checker_model.h"
#include "properties/catalog.h"
#include "spec/manifest_loader.h"
#include "spec/profile.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer MANIFEST\n");
    return 2;
  }
  using namespace stsmc;
  auto loaded = spec::load_manifest_file(argv[1]);
  if (!loaded) {
    std::fprintf(stderr, "error: %s\n", loaded.error().message.c_str());
    return 2;
  }
  auto profile = spec::find_profile("1.28");
  if (!profile) return 2;
  const auto& manifest = loaded->manifest;
  const auto model = model::make_checker_model(manifest, profile->rules, profile->default_gates,
                                               model::default_bounds(manifest.set.replicas));
  checker::ExploreConfig config;
  config.threads = 1;
  config.progress = false;
  const auto props = properties::all_properties();
  const auto report = checker::explore(model, props, config);
  std::printf("consumer: %s, %llu states, complete=%s\n", manifest.set.name.c_str(),
              static_cast<unsigned long long>(report.stats.distinct_states), report.stats.complete ? "yes" : "no");
  for (const auto& p : props) {
    bool violated = false;
    for (const auto& d : report.discoveries) violated = violated || d.property == p.id;
    std::printf("%s %s\n", p.id.c_str(), violated ? "violated" : "holds");
  }
  return report.discoveries.empty() ? 0 : 1;
}
