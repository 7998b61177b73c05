#pragma once
// ProgressMeter: the explorer's progress line on stderr, at most once a second, e.g.
//   14 s  states 1.2M  expanded 1.1M (78.6k/s)  depth 12: 45% of 230.1k  mem 512 MiB
// One line per report (no \r tricks, so logs stay readable). The caller prints the summary.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace stsmc::checker::detail {

using Clock = std::chrono::steady_clock;

/// "999", "45.6k", "1.2M": a rate or count in three significant figures or so.
inline std::string human_count(double v) {
  char buf[32];
  if (v < 1e3)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (v < 1e6)
    std::snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
  return buf;
}

class ProgressMeter {
 public:
  ProgressMeter(bool enabled, Clock::time_point start)
      : enabled_(enabled), start_(start), last_(start) {}

  /// Prints a line if enabled and a second has passed since the last one, also in the middle of
  /// a level. Any thread may call; a caller that finds another one printing skips. `found`:
  /// distinct states numbered so far; `expanded`: states whose successors were generated (it
  /// moves within a level), and the rate is of those; `scanned` of `level_size` is the current
  /// level's progress; `mem_bytes` what --max-memory limits (resident memory).
  void maybe_print(std::uint64_t found, std::uint64_t expanded, std::uint32_t depth, std::uint64_t scanned,
                   std::uint64_t level_size, std::uint64_t mem_bytes) {
    if (!enabled_) return;
    std::unique_lock lock(mu_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::seconds(1)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const unsigned pct = level_size ? static_cast<unsigned>(100.0 * static_cast<double>(scanned) / static_cast<double>(level_size)) : 0;
    std::fprintf(stderr, "%.0f s  states %s  expanded %s (%s/s)  depth %u: %u%% of %s  mem %llu MiB\n", secs,
                 human_count(static_cast<double>(found)).c_str(), human_count(static_cast<double>(expanded)).c_str(),
                 human_count(static_cast<double>(expanded) / std::max(secs, 1e-9)).c_str(), depth, pct,
                 human_count(static_cast<double>(level_size)).c_str(),
                 static_cast<unsigned long long>(mem_bytes >> 20));
  }

 private:
  bool enabled_;
  Clock::time_point start_;
  Clock::time_point last_;
  std::mutex mu_;
};

}  // namespace stsmc::checker::detail
