// Explorer throughput on the example manifests: states per second and bytes per stored state,
// at 1 and 2 threads, with every property checked (what `stsmc check` does by default).
// Run: ./build/bin/explore_benchmark  (numbers in docs/performance.md)
#include <benchmark/benchmark.h>

#include <string>

#include "checker/explore.h"
#include "instances/statefulset.h"
#include "model/bounds.h"
#include "model/checker_model.h"
#include "model/setup.h"
#include "properties/catalog.h"
#include "spec/manifest_loader.h"
#include "spec/profile.h"

namespace {

/// The example's checking model on its default bounds, with `write_errors` faulty syncs per run
/// (check --faults write-errors: 1), `stale_reads` informers that may lag, one write behind
/// (check --faults stale-reads: 1), and `partial_syncs` syncs in flight with as many restarts
/// (check --faults partial-sync,restart: 1).
stsmc::model::StatefulSetModel example_model(const std::string& name, int write_errors = 0, int stale_reads = 0,
                                             int partial_syncs = 0) {
  auto loaded = stsmc::spec::load_manifest_file(std::string(STSMC_SOURCE_DIR) + "/spec/examples/" + name + ".yaml");
  STSMC_CHECK(loaded.has_value());
  auto setup = stsmc::model::Setup::make(loaded->manifest);
  STSMC_CHECK(setup.has_value());
  setup->bounds.budgets.write_error = static_cast<std::uint8_t>(write_errors);
  setup->bounds.budgets.informer_lag = static_cast<std::uint8_t>(stale_reads);
  setup->bounds.cache_lag = stale_reads > 0 ? 1 : 0;
  setup->bounds.budgets.partial_sync = static_cast<std::uint8_t>(partial_syncs);
  setup->bounds.budgets.controller_restart = static_cast<std::uint8_t>(partial_syncs);
  return setup->build();
}

/// `por`: with partial-order reduction, as `stsmc check` runs by default (docs/checking.md); the
/// rows without it are the full state space (`--no-por`), the golden counts.
void BM_Explore(benchmark::State& state, const std::string& manifest, int write_errors = 0, int stale_reads = 0,
                bool por = false, int partial_syncs = 0) {
  const auto model = example_model(manifest, write_errors, stale_reads, partial_syncs).with_partial_order_reduction(por);
  const auto props = stsmc::properties::all_properties();
  stsmc::checker::ExploreConfig cfg;
  cfg.threads = static_cast<std::size_t>(state.range(0));
  cfg.progress = false;
  std::uint64_t states = 0, bytes = 0;
  for (auto _ : state) {
    const auto report = stsmc::checker::explore(model, props, cfg);
    STSMC_CHECK(report.stats.complete);
    states = report.stats.distinct_states;
    bytes = report.stats.peak_memory_bytes;
  }
  state.counters["states"] = static_cast<double>(states);
  state.counters["states/s"] = benchmark::Counter(static_cast<double>(states), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["bytes/state"] = static_cast<double>(bytes) / static_cast<double>(states);
}

}  // namespace

BENCHMARK_CAPTURE(BM_Explore, myapp, std::string("myapp"))->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Explore, queue_ondelete, std::string("queue-ondelete"))->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(BM_Explore, db_canary, std::string("db-canary"))->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(BM_Explore, web_parallel, std::string("web-parallel"))->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(BM_Explore, cache_autodelete, std::string("cache-autodelete"))->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
// The realistic file of issue 14 (Parallel, two claim templates, minReadySeconds, partition 1).
BENCHMARK_CAPTURE(BM_Explore, orders, std::string("orders"))->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// What `--faults write-errors` costs (docs/faults.md): the same examples with one faulty sync per
// run, next to the runs above.
BENCHMARK_CAPTURE(BM_Explore, myapp_write_errors, std::string("myapp"), 1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Explore, queue_ondelete_write_errors, std::string("queue-ondelete"), 1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(BM_Explore, web_parallel_write_errors, std::string("web-parallel"), 1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Partial-order reduction (what `stsmc check` runs), next to the full runs above.
BENCHMARK_CAPTURE(BM_Explore, myapp_por, std::string("myapp"), 0, 0, true)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Explore, db_canary_por, std::string("db-canary"), 0, 0, true)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(BM_Explore, web_parallel_por, std::string("web-parallel"), 0, 0, true)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(BM_Explore, orders_por, std::string("orders"), 0, 0, true)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// What `--faults partial-sync,restart` costs (docs/faults.md, "Partial syncs"), with the reduction
// as check runs it; and every fault kind at once (check --faults all) on myapp.
BENCHMARK_CAPTURE(BM_Explore, myapp_partial_sync, std::string("myapp"), 0, 0, true, 1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(BM_Explore, queue_ondelete_partial_sync, std::string("queue-ondelete"), 0, 0, true, 1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(BM_Explore, myapp_all_faults, std::string("myapp"), 1, 1, true, 1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

BENCHMARK_MAIN();

// What `--faults stale-reads` costs (docs/faults.md, "Stale reads"): one lagging informer per run.
BENCHMARK_CAPTURE(BM_Explore, myapp_stale_reads, std::string("myapp"), 0, 1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(BM_Explore, queue_ondelete_stale_reads, std::string("queue-ondelete"), 0, 1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
