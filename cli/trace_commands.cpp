// `stsmc replay`, `stsmc show` and `stsmc shrink`: the lifecycle of a counterexample trace.
#include <fmt/core.h>

#include <chrono>

#include "cli/commands.h"
#include "cli/model_setup.h"
#include "cli/output_paths.h"
#include "cli/version.h"
#include "counterexamples/atomic_file.h"
#include "counterexamples/render.h"
#include "counterexamples/replay.h"
#include "counterexamples/shorten.h"
#include "counterexamples/terminal_text.h"
#include "counterexamples/trace.h"
#include "instances/statefulset.h"
#include "properties/catalog.h"

namespace stsmc::cli {
namespace {

struct Loaded {
  counterexamples::StoredTrace trace;
  ModelSetup setup;
};

Expected<Loaded> load(const std::string& path) {
  auto t = counterexamples::read_trace_file(path);
  if (!t) return t.error();
  auto s = setup_from_trace(t->meta.manifest, t->meta.bounds, t->meta.extra, t->meta.mutant);
  if (!s) return Error{ErrorCode::kBadTrace, path + ": " + s.error().message};
  return Loaded{std::move(*t), std::move(*s)};
}

int fail(const Error& e) {
  fmt::print(stderr, "error: {}\n", counterexamples::terminal_safe(e.message, true));
  return e.code == ErrorCode::kInternal ? kExitInternal : kExitUsage;
}

}  // namespace

int run_replay(const TraceOptions& o) {
  if (!o.expect.empty() && o.expect != "violated" && o.expect != "holds") {
    fmt::print(stderr, "error: --expect: must be 'violated' or 'holds', got '{}'\n", o.expect);
    return kExitUsage;
  }
  auto l = load(o.trace);
  if (!l) return fail(l.error());
  const auto model = l->setup.build();
  const auto r = counterexamples::replay(model, l->trace, properties::all_properties());
  if (!r.replayed_ok) {
    fmt::print(stderr, "error: {}\n", r.error);
    // An invalid trace, or one that does not fit this build's model (edited, or written by a
    // version whose model differs: see its config.stsmc_version), is input stsmc cannot replay:
    // exit 2 either way. Exit 4 stays for stsmc's own bugs.
    if (!r.bad_trace) fmt::print(stderr, "note: the trace does not fit this build's model (edited, or written by another version)\n");
    return kExitUsage;
  }
  for (const auto& w : r.warnings) fmt::print(stderr, "warning: {}\n", w);
  fmt::print("{}: {} steps replayed, every fingerprint matched\n", o.trace, l->trace.actions.size());
  if (r.violated) {
    fmt::print("{} still violated at step {}: {}\n", l->trace.meta.property, r.violation_step, r.message);
    if (!r.note.empty()) fmt::print("note: {}\n", r.note);
  } else {
    fmt::print("{} now holds on this trace (fixed): {}\n", l->trace.meta.property, r.message);
  }
  if (o.expect == "violated") return r.violated ? kExitOk : kExitViolation;
  if (o.expect == "holds") return r.violated ? kExitViolation : kExitOk;
  return r.violated ? kExitViolation : kExitOk;
}

int run_show(const TraceOptions& o) {
  auto t = counterexamples::read_trace_file(o.trace);
  if (!t) return fail(t.error());
  std::string out;
  if (o.format == "text") out = counterexamples::terminal_safe(counterexamples::render_text(*t), true);
  else if (o.format == "mermaid") out = counterexamples::terminal_safe(counterexamples::render_mermaid(*t), true);
  else if (o.format == "json") out = counterexamples::terminal_safe(counterexamples::render_json(*t), true);
  else if (o.format == "html") out = counterexamples::terminal_safe(counterexamples::render_html(*t), true);
  else {
    fmt::print(stderr, "error: --format: expected text, json, mermaid or html, got '{}'\n", o.format);
    return kExitUsage;
  }
  auto bounded = counterexamples::bounded_output(std::move(out), o.trace);
  if (!bounded) return fail(bounded.error());
  fmt::print("{}", *bounded);
  return kExitOk;
}

int run_shrink(const TraceOptions& o) {
  if (auto w = check_output_file(o.out, "--out"); !w) return fail(w.error());
  auto l = load(o.trace);
  if (!l) return fail(l.error());
  const auto model = l->setup.build();
  const auto props = properties::all_properties();
  const auto r = counterexamples::replay(model, l->trace, props);
  if (!r.replayed_ok) {
    fmt::print(stderr, "error: {}\n", r.error);
    return kExitUsage;  // as for replay: the trace is input that does not fit this model
  }
  if (!r.violated) {
    fmt::print(stderr, "error: {}: the trace no longer violates {}; nothing to shrink\n", o.trace, l->trace.meta.property);
    return kExitViolation;
  }
  const auto* prop = &props.front();
  for (const auto& p : props) if (p.id == l->trace.meta.property) prop = &p;
  counterexamples::ShrinkOptions so = counterexamples::default_work_limits();
  so.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(o.shrink_seconds * 1000));
  const auto shrunk = counterexamples::shorten(model, r.path, *prop, so);
  // Re-evaluate the shrunk path so the stored violation step and message are its own.
  auto meta = l->trace.meta;
  meta.violation_step = shrunk.length();
  const auto again = counterexamples::replay(model, counterexamples::to_stored_trace(model, shrunk, meta), props);
  meta.violation_step = again.violation_step;
  meta.violation_message = again.message;
  if (!meta.extra.is_object()) meta.extra = Json::object();
  meta.extra["stsmc_version"] = tool_version();  // this build wrote the shrunk trace
  const auto json = counterexamples::trace_to_json(model, shrunk, meta);
  if (auto w = counterexamples::write_file_atomically(o.out, json.dump(2) + "\n"); !w) return fail(w.error());
  fmt::print("{}: {} -> {} steps, still violates {}; written to {}\n", o.trace, r.path.length(), shrunk.length(),
             meta.property, o.out);
  return kExitOk;
}

}  // namespace stsmc::cli
