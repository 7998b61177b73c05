#pragma once
// The three hostile-input paths the fuzzers drive (docs/fuzzing.md), as plain functions so the
// libFuzzer targets (clang) and the regression test (the default build) run the same code.
#include <string_view>

namespace stsmc::fuzz {

/// What an input did: accepted (and run as far as the path goes) or rejected as bad input.
/// Anything else (a crash, an abort, a sanitizer report, an exception) is a finding.
enum class Outcome { kAccepted, kRejected };

/// A manifest from bytes: spec::parse_manifest, then describe() and the checking model's
/// initial states and their actions.
Outcome manifest_input(std::string_view text);

/// A trace from bytes, as `replay`, `show` and `shrink` read it: parse_trace, the model it was
/// recorded with (cli::setup_from_trace), every rendering within the output limit, replay, and
/// on a still-violating trace a shrink with small work limits. A trace that is invalid for
/// replay (ReplayResult::bad_trace) is rejected; one that no longer fits the model is accepted.
Outcome trace_input(std::string_view text);

/// A scenario from bytes: parse_scenario, then its steps run against the bundled example
/// manifest (spec/examples/myapp.yaml) whatever manifest it names.
Outcome scenario_input(std::string_view text);

}  // namespace stsmc::fuzz
