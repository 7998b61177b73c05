// The SPIN peer at N=5 (12.4 M states, 131 M transitions): explorer throughput at 1 and 2
// threads, and the bytes per stored state (visited set plus parent links).
// Run: ./build/bin/sts_peer_benchmark  (figures in docs/performance.md; compare.sh runs SPIN too)
#include <benchmark/benchmark.h>

#include "bench/peers/sts_peer_model.h"
#include "checker/explore.h"

namespace {

void BM_StsPeer(benchmark::State& state) {
  stsmc::peers::StsPeerModel model;
  model.n = static_cast<std::uint8_t>(state.range(0));
  const auto props = stsmc::peers::sts_peer_properties();
  stsmc::checker::ExploreConfig cfg;
  cfg.threads = static_cast<std::size_t>(state.range(1));
  cfg.progress = false;
  std::uint64_t states = 0, edges = 0, stored = 0, peak = 0;
  for (auto _ : state) {
    const auto report = stsmc::checker::explore(model, props, cfg);
    STSMC_CHECK(report.stats.complete && report.discoveries.empty());
    states = report.stats.distinct_states;
    edges = report.stats.transitions;
    stored = report.stats.stored_bytes;
    peak = report.stats.peak_memory_bytes;
  }
  const auto n = static_cast<double>(states);
  state.counters["states"] = n;
  state.counters["edges"] = static_cast<double>(edges);
  state.counters["states/s"] = benchmark::Counter(n, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["bytes/state"] = static_cast<double>(stored) / n;
  state.counters["peak_bytes/state"] = static_cast<double>(peak) / n;
}

}  // namespace

BENCHMARK(BM_StsPeer)->Args({5, 1})->Args({5, 2})->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

BENCHMARK_MAIN();
