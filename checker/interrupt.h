#pragma once
// A request from outside a run to stop it early, as a limit would: the command line sets it on
// SIGINT or SIGTERM (cli/interrupt.h), a test from another thread. Every engine polls it where it
// checks its time limit and then stops with stop reason "interrupted", keeping what it found.
#include <atomic>

namespace stsmc::checker {

/// The stop reason of an interrupted run.
inline constexpr const char* kInterrupted = "interrupted";

/// Points at a flag that turns nonzero when the run must stop; null: never.
using InterruptFlag = const std::atomic<int>*;

inline bool interrupted(InterruptFlag flag) {
  return flag != nullptr && flag->load(std::memory_order_relaxed) != 0;
}

}  // namespace stsmc::checker
