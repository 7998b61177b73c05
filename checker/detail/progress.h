#pragma once
// ProgressMeter: the explorer's progress line on stderr, at most once a second, e.g.
//   states 123456  (45.6k/s)  depth 12  queue 3456  mem 120 MiB
// One line per report (no \r tricks, so logs stay readable). The caller prints the summary.
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

  /// Prints a line if enabled and a second has passed since the last one. Any thread may call;
  /// a caller that finds another one printing skips. The rate is distinct states per second
  /// since the start.
  void maybe_print(std::uint64_t states, std::uint32_t depth, std::uint64_t queue,
                   std::uint64_t mem_bytes) {
    if (!enabled_) return;
    std::unique_lock lock(mu_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::seconds(1)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "states %llu  (%s/s)  depth %u  queue %llu  mem %llu MiB\n",
                 static_cast<unsigned long long>(states), human_count(states / secs).c_str(), depth,
                 static_cast<unsigned long long>(queue),
                 static_cast<unsigned long long>(mem_bytes >> 20));
  }

 private:
  bool enabled_;
  Clock::time_point start_;
  Clock::time_point last_;
  std::mutex mu_;
};

}  // namespace stsmc::checker::detail
