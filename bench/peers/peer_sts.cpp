// peer_sts N [--threads T] [--quiet]: explores sts.pml's transition system (StsPeerModel) with N
// ordinals exhaustively, checking its six properties, and prints one line of figures for
// bench/peers/compare.sh: states, edges, seconds, states/s, bytes per stored state, peak RSS.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench/peers/sts_peer_model.h"
#include "checker/explore.h"

int main(int argc, char** argv) {
  stsmc::peers::StsPeerModel model;
  stsmc::checker::ExploreConfig config;
  config.progress = true;
  int n = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      config.threads = static_cast<std::size_t>(std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--quiet") == 0) {
      config.progress = false;
    } else {
      n = std::atoi(argv[i]);
    }
  }
  if (n < 1 || n > static_cast<int>(stsmc::peers::kMaxOrdinals)) {
    std::fprintf(stderr, "usage: peer_sts N [--threads T] [--quiet]   (N in 1..7)\n");
    return 2;
  }
  model.n = static_cast<std::uint8_t>(n);
  const auto report = stsmc::checker::explore(model, stsmc::peers::sts_peer_properties(), config);
  const auto& st = report.stats;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "stsmc N=%d threads=%zu states %llu edges %llu depth %u seconds %.2f states/s %.0f "
      "bytes/state %.1f search-bytes %llu peak-rss-kib %ld violations %zu complete %s\n",
      n, st.threads, static_cast<unsigned long long>(st.distinct_states),
      static_cast<unsigned long long>(st.transitions), st.max_depth, st.seconds,
      static_cast<double>(st.distinct_states) / st.seconds,
      static_cast<double>(st.stored_bytes) / static_cast<double>(st.distinct_states),
      static_cast<unsigned long long>(st.peak_memory_bytes), usage.ru_maxrss,
      report.discoveries.size(), st.complete ? "yes" : "no");
  for (const auto& d : report.discoveries)
    std::printf("violated %s: %s (%zu steps)\n", d.property.c_str(), d.message.c_str(), d.path.length());
  return report.discoveries.empty() && st.complete ? 0 : 1;
}
