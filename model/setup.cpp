// The one way a manifest, a release, gates, a mutant and bounds become a model.
#include "model/setup.h"

#include <algorithm>
#include <cstdint>

#include "core/check.h"
#include "core/limits.h"
#include "spec/mutants.h"

namespace stsmc::model {

Expected<Setup> Setup::make(spec::Manifest manifest, std::string_view kubernetes, std::string_view gate_overrides,
                            std::optional<std::string> mutant) {
  Setup s;
  auto profile = spec::find_profile(kubernetes);
  if (!profile) return profile.error();
  s.kubernetes = profile->version;
  s.gates = profile->default_gates;
  if (auto r = spec::apply_feature_gates(gate_overrides, s.gates); !r) return r.error();
  if (mutant)
    if (auto m = spec::find_mutant(*mutant); !m) return m.error();
  s.mutant = std::move(mutant);
  s.bounds = default_bounds(manifest.set.replicas);
  s.manifest = std::move(manifest);
  return s;
}

Expected<void> Setup::check_ordinals() const {
  const std::int64_t start = manifest.set.ordinals_start.value_or(0);
  const std::int64_t settable = bounds.budgets.set_start_ordinal > 0 ? 1 : 0;  // set-start-ordinal's values: 0..1
  const std::int64_t replicas = std::max<std::int64_t>(manifest.set.replicas, bounds.max_replicas);
  const bool beyond = mutant && *mutant == "create-beyond-range";  // creates one pod past the range
  const std::int64_t last = std::max(start, settable) + replicas - 1 + (beyond ? 1 : 0);
  if (limits::ordinals_fit(std::max(start, settable), replicas + (beyond ? 1 : 0))) return {};
  return Error{ErrorCode::kBadInput,
               manifest.source + ": StatefulSet " + manifest.set.name + ": spec.ordinals.start " +
                   std::to_string(start) + " with up to " + std::to_string(replicas) +
                   " replicas (spec.replicas, --max-replicas) reaches ordinal " + std::to_string(last) +
                   ", past the largest stsmc models (2147483647): lower --max-replicas or ordinals.start"};
}

spec::Rules Setup::rules() const {
  auto profile = spec::find_profile(kubernetes);
  STSMC_CHECK(profile.has_value());  // validated when the setup was made
  spec::Rules rules = profile->rules;
  if (mutant) {
    auto m = spec::find_mutant(*mutant);
    STSMC_CHECK(m.has_value());
    rules = m->apply(rules);
  }
  return rules;
}

ModelConfig Setup::config() const { return make_config(manifest, rules(), gates); }

StatefulSetModel Setup::build() const { return make_checker_model(manifest, rules(), gates, bounds); }

Json Setup::config_json() const { return Json{{"kubernetes", kubernetes}, {"featureGates", to_json(gates)}}; }

}  // namespace stsmc::model
