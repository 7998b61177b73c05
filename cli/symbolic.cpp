// The symbolic engine for the CLI; see cli/symbolic.h.
#include "cli/symbolic.h"

#include <fmt/core.h>

#include "cli/commands.h"
#include "instances/statefulset.h"
#include "model/symbolic/symbolic_model.h"

namespace stsmc::cli {

SymbolicReport run_symbolic(const model::StatefulSetModel& model, const std::vector<properties::Property>& props,
                            const SymbolicRun& run) {
  const model::symbolic::SymbolicModel sm(model);
  if (run.prove) {
    checker::ProveConfig c;
    c.max_k = run.max_k;
    c.time_limit_seconds = run.time_limit_seconds;
    c.progress = run.progress;
    c.interrupt = run.interrupt;
    return checker::prove(sm, props, c);
  }
  checker::BmcConfig c;
  c.depth = run.depth;
  c.time_limit_seconds = run.time_limit_seconds;
  c.progress = run.progress;
  c.interrupt = run.interrupt;
  return checker::bmc(sm, props, c);
}

CheckSummary summarize_symbolic(const std::vector<properties::Property>& props, const SymbolicReport& report,
                                const SymbolicRun& run) {
  using V = checker::SymbolicVerdict;
  CheckSummary s;
  bool violated = false, undecided = false;
  for (const auto& p : props) {
    PropertyRow row;
    row.property = p.id;
    row.kind = std::string(enum_name(p.kind));
    const auto it = std::find_if(report.results.begin(), report.results.end(),
                                 [&](const auto& r) { return r.property == p.id; });
    if (it == report.results.end()) continue;
    switch (it->verdict) {
      case V::kHolds:
        row.verdict = "no-violation";
        row.message = fmt::format("none within {} steps of the initial state", it->depth);
        break;
      case V::kProved:
        row.verdict = "proved";
        row.message = fmt::format("k-induction, k = {}", it->depth);
        break;
      case V::kViolated:
        // A violation that is known upstream behaviour is reported as such, as the explorer does.
        // bmc stops at a property's first violation: unlike the explorer's, its search does not
        // look on for one that is not known.
        row.verdict = "violated";
        if (take_discovery(row, report.discoveries, run.fail_on_known) || !row.discovery) violated = true;
        else if (p.kind != checker::PropertyKind::kLiveness)
          row.message += fmt::format(" (bmc stops at a property's first violation, here at depth {}: a violation that "
                                     "is not known may lie deeper; the explorer looks on for one)",
                                     row.trace_length);
        break;
      case V::kUnsupported:
        row.verdict = "unsupported";
        row.message = it->reason;
        break;
      default:
        row.verdict = "unknown";
        row.message = it->reason;
        undecided = true;
    }
    s.rows.push_back(std::move(row));
  }
  s.exit_code = report.encoding_error ? kExitInternal : violated ? kExitViolation : undecided ? kExitLimit : kExitOk;
  return s;
}

}  // namespace stsmc::cli
