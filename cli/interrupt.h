#pragma once
// SIGINT and SIGTERM during `check` and `prove`: the first one asks the running engine to stop as
// at a limit; it keeps what it found, and the command prints the partial table, writes the traces
// found so far, the JUnit and SARIF files and the JSON document, and exits 1 (a violation found)
// or 3 (stopped, nothing found). The first signal restores the default action, so a second one
// ends the process at once.
#include "checker/interrupt.h"

namespace stsmc::cli {

/// Installs the handlers (idempotent) and returns the flag they set to the signal's number.
checker::InterruptFlag catch_interrupts();

/// The signal that interrupted the run, 0 if none came.
int interrupt_signal();

/// "SIGINT", "SIGTERM", or "signal N".
const char* signal_name(int sig);

}  // namespace stsmc::cli
