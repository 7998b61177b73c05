// The random engines' throughput: actions per second of simulate walks (every property checked
// at every step, the settle phase included) on the myapp example with the random engines' bounds,
// at 12 and 50 scale targets and walks of 200 and 500 steps, 1 and 2 threads; and fuzz test cases
// (one thread, RapidCheck) at 12 and 50. Run: ./build/bin/random_walk_benchmark
// (numbers in docs/performance.md).
#include <benchmark/benchmark.h>

#include <string>

#include "checker/fuzz.h"
#include "checker/simulate.h"
#include "instances/statefulset.h"
#include "model/bounds.h"
#include "model/checker_model.h"
#include "model/setup.h"
#include "properties/catalog.h"
#include "spec/manifest_loader.h"
#include "spec/profile.h"

namespace {

stsmc::model::StatefulSetModel random_model(int max_replicas) {
  auto loaded = stsmc::spec::load_manifest_file(std::string(STSMC_SOURCE_DIR) + "/spec/examples/myapp.yaml");
  STSMC_CHECK(loaded.has_value());
  auto setup = stsmc::model::Setup::make(loaded->manifest);
  STSMC_CHECK(setup.has_value());
  setup->bounds = stsmc::model::random_bounds(loaded->manifest.set.replicas);
  setup->bounds.max_replicas = max_replicas;
  return setup->build();
}

/// Args: max replicas, steps per walk, threads.
void BM_Simulate(benchmark::State& state) {
  const auto model = random_model(static_cast<int>(state.range(0)));
  const auto props = stsmc::properties::all_properties();
  stsmc::checker::SimulateConfig c;
  c.seed = 42;
  c.walks = 20;
  c.limits.steps = static_cast<std::size_t>(state.range(1));
  c.limits.settle_steps = 200 + 50 * static_cast<std::size_t>(state.range(0));
  c.threads = static_cast<std::size_t>(state.range(2));
  c.progress = false;
  std::uint64_t steps = 0;
  for (auto _ : state) {
    const auto report = stsmc::checker::simulate(model, props, c);
    STSMC_CHECK(report.stats.complete);
    steps = report.stats.steps;
  }
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsIterationInvariantRate);
}

/// Args: max replicas, steps per case.
void BM_Fuzz(benchmark::State& state) {
  const auto model = random_model(static_cast<int>(state.range(0)));
  const auto props = stsmc::properties::all_properties();
  stsmc::checker::FuzzConfig c;
  c.seed = 42;
  c.runs = 100;
  c.limits.steps = static_cast<std::size_t>(state.range(1));
  c.limits.settle_steps = 200 + 50 * static_cast<std::size_t>(state.range(0));
  c.progress = false;
  std::uint64_t steps = 0;
  for (auto _ : state) {
    const auto report = stsmc::checker::fuzz(model, props, c);
    steps = report.stats.steps;
  }
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["cases/s"] = benchmark::Counter(static_cast<double>(c.runs), benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(BM_Simulate)->ArgNames({"replicas", "steps", "threads"})
    ->Args({12, 200, 1})->Args({12, 200, 2})->Args({50, 500, 1})->Args({50, 500, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Fuzz)->ArgNames({"replicas", "steps"})->Args({12, 200})->Args({50, 500})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
