// The fuzzed paths: each mirrors what the CLI does with a file, minus printing, and reports
// bad input as kRejected. Every error must be bad input (kInternal is a finding: it aborts).
#include "fuzz/entry_points.h"

#include <sstream>
#include <string>

#include "cli/model_setup.h"
#include "core/check.h"
#include "counterexamples/render.h"
#include "counterexamples/replay.h"
#include "counterexamples/shorten.h"
#include "counterexamples/terminal_text.h"
#include "counterexamples/trace.h"
#include "instances/statefulset.h"
#include "properties/catalog.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"
#include "spec/manifest_loader.h"
#include "spec/profile.h"

namespace stsmc::fuzz {
namespace {

/// Bad input must never be reported as an internal error.
Outcome rejected(const Error& e) {
  STSMC_CHECK(e.code != ErrorCode::kInternal);
  return Outcome::kRejected;
}

void render_all(const counterexamples::StoredTrace& t) {
  (void)counterexamples::bounded_output(counterexamples::terminal_safe(counterexamples::render_text(t), true),
                                        t.source);
  (void)counterexamples::bounded_output(counterexamples::render_json(t), t.source);
  (void)counterexamples::bounded_output(counterexamples::render_mermaid(t), t.source);
}

}  // namespace

Outcome manifest_input(std::string_view text) {
  auto loaded = spec::parse_manifest(text, "fuzz.yaml");
  if (!loaded) return rejected(loaded.error());
  (void)spec::describe(loaded->manifest);
  // Built as `stsmc check` builds it: a manifest whose ordinals the model cannot hold is an input
  // error there, not a model to run.
  auto setup = model::Setup::make(loaded->manifest);
  STSMC_CHECK(setup.has_value());
  if (auto fits = setup->check_ordinals(); !fits) return rejected(fits.error());
  const auto model = setup->build();
  std::vector<model::Action> actions;
  for (const auto& s : model.init_states()) {
    (void)model.fingerprint(s);
    model.actions(s, actions);
    for (const auto& a : actions) (void)model.next_state(s, a);
    actions.clear();
  }
  return Outcome::kAccepted;
}

Outcome trace_input(std::string_view text) {
  auto t = counterexamples::parse_trace(text, "fuzz.json");
  if (!t) return rejected(t.error());
  render_all(*t);
  auto setup = cli::setup_from_trace(t->meta.manifest, t->meta.bounds, t->meta.extra, t->meta.mutant);
  if (!setup) return rejected(setup.error());
  const auto model = setup->build();
  const auto props = properties::all_properties();
  const auto r = counterexamples::replay(model, *t, props);
  if (!r.replayed_ok) return r.bad_trace ? Outcome::kRejected : Outcome::kAccepted;  // exit 2 : exit 4
  if (!r.violated) return Outcome::kAccepted;
  const auto* prop = counterexamples::detail::find_property(props, t->meta.property);
  STSMC_CHECK(prop != nullptr);
  counterexamples::ShrinkOptions small;
  small.max_attempts = 50;
  small.max_search_states = 2'000;
  (void)counterexamples::shorten(model, r.path, *prop, small);
  return Outcome::kAccepted;
}

Outcome scenario_input(std::string_view text) {
  auto sc = scenario::parse_scenario(text, "fuzz.yaml");
  if (!sc) return rejected(sc.error());
  sc->manifest = std::string(STSMC_SOURCE_DIR) + "/spec/examples/myapp.yaml";
  std::ostringstream out;
  auto run = scenario::run_scenario(*sc, scenario::RunSettings{}, out);
  if (!run) return rejected(run.error());
  return Outcome::kAccepted;
}

}  // namespace stsmc::fuzz
