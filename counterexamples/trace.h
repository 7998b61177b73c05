#pragma once
// Counterexample traces (docs/architecture.md §6, a Contract): a Path written as one stsmc-trace/1 JSON
// document, and read back with every field checked; errors name the file and the JSON path.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/model.h"
#include "checker/path.h"
#include "core/check.h"
#include "core/expected.h"
#include "core/json.h"

namespace stsmc::counterexamples {

/// The format this build writes, and the only major version it reads (docs/trace-format.md).
inline constexpr std::string_view kTraceFormat = "stsmc-trace/1";
/// Trace files larger than this are rejected unread.
inline constexpr std::uintmax_t kMaxTraceFileBytes = std::uintmax_t{256} << 20;

/// Everything about a trace except its steps.
struct TraceMeta {
  std::string property;               ///< the property id, e.g. "partition-semantics"
  std::string kind = "safety";        ///< "safety" or "liveness"
  std::string engine;                 ///< "explore", "simulate", "fuzz", "bmc", ...
  std::optional<std::uint64_t> seed;  ///< the run's root seed, if it had one
  std::optional<std::string> mutant;  ///< the mutant the model ran with, if any
  Json manifest;                   ///< the StatefulSet as loaded (an object; null is written as {})
  Json bounds;                     ///< the bounds of the run (an object; null is written as {})
  std::size_t violation_step = 0;  ///< index of the step where the property fails
  std::string violation_message;   ///< what the property said
  std::string note;                ///< known-upstream note; empty when none
  Json extra;                      ///< written as "config" (Kubernetes version, feature gates)
  friend bool operator==(const TraceMeta&, const TraceMeta&) = default;
};

/// A trace as stored: raw JSON for actions and states, so it can be checked, shown and compared
/// without a model. Replay decodes the actions with a model.
struct StoredTrace {
  TraceMeta meta;
  std::vector<Json> actions;              ///< steps[1..].action, raw
  std::vector<std::string> fingerprints;  ///< one per step; "" when step 0 records none
  std::vector<Json> states;               ///< steps[*].state, raw
  std::optional<std::size_t> loop_start;  ///< for a lasso: the step where the loop starts
  std::string source;                     ///< where it was read from (for messages); not written
  friend bool operator==(const StoredTrace&, const StoredTrace&) = default;
};

/// `fp` as 16 lowercase hex digits, the form traces store.
std::string fingerprint_hex(Fingerprint fp);

/// The stsmc-trace/1 document for `trace` (key order as in docs/architecture.md §6).
Json stored_trace_to_json(const StoredTrace& trace);

/// Parses and validates a trace document. `source` (a file name) prefixes every error message;
/// errors have code kBadTrace and name the JSON path, e.g. "t.json: steps[3].i: expected 3, got 5".
Expected<StoredTrace> parse_trace(std::string_view text, const std::string& source);

/// Reads and parses a trace file: kIo when it cannot be read, kBadTrace when it is too large
/// (kMaxTraceFileBytes) or invalid.
Expected<StoredTrace> read_trace_file(const std::string& path);

/// The stored form of `path`: states and actions serialised by the model, fingerprints computed.
template <checker::Model M>
StoredTrace to_stored_trace(const M& model, const checker::Path<M>& path, const TraceMeta& meta) {
  STSMC_CHECK(path.states.size() == path.actions.size() + 1);
  STSMC_CHECK(meta.violation_step < path.states.size());
  STSMC_CHECK(meta.kind == "safety" || meta.kind == "liveness");
  StoredTrace t;
  t.meta = meta;
  for (const auto& s : path.states) {
    t.states.push_back(model.state_json(s));
    t.fingerprints.push_back(fingerprint_hex(model.fingerprint(s)));
  }
  for (const auto& a : path.actions) t.actions.push_back(model.action_json(a));
  t.loop_start = path.loop_start;
  return t;
}

/// The stsmc-trace/1 document for a counterexample `path` of `model`.
template <checker::Model M>
Json trace_to_json(const M& model, const checker::Path<M>& path, const TraceMeta& meta) {
  return stored_trace_to_json(to_stored_trace(model, path, meta));
}

}  // namespace stsmc::counterexamples
