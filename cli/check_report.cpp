// Rendering the outcome of `stsmc check`.
#include "cli/check_report.h"

#include <fmt/core.h>

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "cli/commands.h"
#include "cli/version.h"
#include "counterexamples/atomic_file.h"
#include "counterexamples/render_html_parts.h"

namespace stsmc::cli {
namespace {

// The same entities as the HTML trace viewer's, valid in XML attributes and text alike.
std::string xml_escape(const std::string& s) { return counterexamples::html::escape(s); }

std::string human(std::uint64_t n) {
  if (n >= 10'000'000) return fmt::format("{:.1f}M", static_cast<double>(n) / 1e6);
  if (n >= 10'000) return fmt::format("{:.1f}k", static_cast<double>(n) / 1e3);
  return std::to_string(n);
}

void print_coverage(const CheckSummary& s, const char* within) {
  if (s.never_fired.empty()) return;
  std::string names;
  for (const auto& n : s.never_fired) names += (names.empty() ? "" : ", ") + n;
  fmt::print("coverage: never fired {}: {}\n", within, names);
}

/// The closing lines of a simulate or fuzz run: walks, steps, how walks ended, and how to
/// reproduce what was found.
void print_random_stats(const CheckSummary& s, const checker::ExploreStats& st) {
  fmt::print("\n{} {}, {} steps (longest walk {}), {:.2f} s ({}/s), {} thread(s){}\n", human(st.walks),
             st.engine == "fuzz" ? "test cases" : "walks", human(st.steps), st.longest_walk, st.seconds,
             human(static_cast<std::uint64_t>(static_cast<double>(st.steps) / std::max(st.seconds, 1e-9))),
             st.threads, st.complete ? "" : ", STOPPED EARLY: " + st.stop_reason);
  fmt::print("liveness: {} walk(s) settled into the goal, {} could not be judged (settle steps ran out)\n",
             st.converged, st.unsettled);
  print_coverage(s, "in these walks");
  if (!s.reproduce.empty()) fmt::print("reproduce: {}\n", s.reproduce);
}

}  // namespace

bool take_discovery(PropertyRow& row,
                    const std::vector<checker::Discovery<model::StatefulSetModel>>& discoveries,
                    bool fail_on_known) {
  for (const auto& d : discoveries)
    if (d.property == row.property) row.discovery = d;
  if (!row.discovery) return false;
  row.message = row.discovery->message;
  row.note = row.discovery->note;
  row.trace_length = row.discovery->path.length();
  const bool known = !row.note.empty() && !fail_on_known;
  row.verdict = known ? "known-upstream" : "violated";
  return !known;
}

CheckSummary summarize(const model::StatefulSetModel&, const std::vector<properties::Property>& props,
                       const checker::ExploreReport<model::StatefulSetModel>& report, bool fail_on_known) {
  CheckSummary s;
  bool violated = false;
  for (const auto& p : props) {
    PropertyRow row;
    row.property = p.id;
    row.kind = std::string(enum_name(p.kind));
    if (take_discovery(row, report.discoveries, fail_on_known)) violated = true;
    if (row.discovery && row.verdict == "known-upstream" && p.kind != checker::PropertyKind::kLiveness &&
        report.stats.engine == "explore" && !report.stats.complete) {
      // Known upstream behaviour does not decide a safety property: what the stopped search left
      // out may hold a violation that is not known. The trace is written all the same.
      row.verdict = "unknown";
      row.message = "stopped before the state space was exhausted (" + report.stats.stop_reason +
                    "); met known upstream behaviour: " + row.message;
    } else if (row.discovery) {
      // verdict, message and note are the discovery's
    } else if (report.stats.complete) {
      row.verdict = report.stats.engine == "explore" ? "holds" : "no-violation";
    } else {
      row.verdict = "unknown";
      row.message = report.stats.engine == "explore"
                        ? "stopped before the state space was exhausted (" + report.stats.stop_reason + ")"
                        : "stopped before every walk ran (" + report.stats.stop_reason + ")";
    }
    s.rows.push_back(std::move(row));
  }
  for (const auto& name : model::all_action_names())
    if (!report.stats.action_counts.count(name)) s.never_fired.push_back(name);
  s.exit_code = violated ? kExitViolation : (report.stats.complete ? kExitOk : kExitLimit);
  return s;
}

Json summary_json(const SetReport& r) {
  const CheckSummary& s = r.summary;
  const checker::ExploreStats& st = r.stats;
  const RunContext& c = r.context;
  Json j = Json::object();
  j["exit_code"] = s.exit_code;
  j["tool_version"] = tool_version();
  j["manifest"] = c.manifest;
  j["set"] = c.set;
  j["profile"] = c.kubernetes;
  j["gates"] = c.gates;
  j["bounds"] = c.bounds;
  j["mutant"] = c.mutant ? Json(*c.mutant) : Json(nullptr);
  j["seed"] = c.seed ? Json(*c.seed) : Json(nullptr);
  j["engine"] = st.engine;
  j["complete"] = st.complete;
  j["stop_reason"] = st.stop_reason;
  j["states"] = st.distinct_states;
  j["transitions"] = st.transitions;
  j["depth"] = st.max_depth;
  j["seconds"] = st.seconds;
  j["threads"] = st.threads;
  j["peak_memory_bytes"] = st.peak_memory_bytes;
  if (s.partial_order_reduction) j["partial_order_reduction"] = *s.partial_order_reduction;
  j["peak_resident_bytes"] = st.peak_resident_bytes;
  j["deadlocks"] = st.deadlocks;
  j["collision_probability"] = st.collision_probability;
  if (!s.lemmas.empty()) j["lemmas"] = s.lemmas;
  if (st.engine == "bmc" || st.engine == "prove") {
    j["assumptions"] = s.assumptions;
    j["domain"] = Json{{"proved", s.domain_kept}, {"candidates", s.domain_candidates}, {"dropped", s.domain_dropped}};
  }
  if (st.engine == "simulate" || st.engine == "fuzz") {
    j["walks"] = st.walks;
    j["steps"] = st.steps;
    j["longest_walk"] = st.longest_walk;
    j["converged"] = st.converged;
    j["unsettled"] = st.unsettled;
  }
  if (!s.reproduce.empty()) j["reproduce"] = s.reproduce;
  if (!s.phases.empty()) j["phases"] = s.phases;
  Json rows = Json::array();
  for (const auto& row : s.rows) {
    rows.push_back(Json{{"property", row.property}, {"kind", row.kind}, {"verdict", row.verdict},
                        {"message", row.message}, {"note", row.note}, {"trace_length", row.trace_length},
                        {"trace", row.trace_file}});
    if (!row.engine.empty()) {
      rows.back()["engine"] = row.engine;
      rows.back()["evidence"] = row.evidence;
    }
  }
  j["properties"] = rows;
  Json unchecked = Json::array();
  for (const auto& u : s.unchecked)
    unchecked.push_back(Json{{"property", u.property}, {"kind", u.kind}, {"reason", u.reason}});
  j["not_checked"] = unchecked;
  j["coverage"] = st.action_counts;
  j["never_fired"] = s.never_fired;
  if (!s.write_errors.empty()) j["write_errors"] = s.write_errors;
  return j;
}

void print_json(const std::vector<SetReport>& sets, int exit_code) {
  if (sets.size() == 1) {
    fmt::print("{}\n", summary_json(sets.front()).dump(2));
    return;
  }
  Json j = Json::object();
  j["exit_code"] = exit_code;
  j["tool_version"] = tool_version();
  j["manifest"] = sets.empty() ? "" : sets.front().context.manifest;
  Json all = Json::array();
  for (const auto& r : sets) all.push_back(summary_json(r));
  j["sets"] = all;
  fmt::print("{}\n", j.dump(2));
}

int worst_exit_code(int a, int b) {
  const auto rank = [](int code) {
    switch (code) {
      case kExitOk: return 0;
      case kExitLimit: return 1;
      case kExitViolation: return 2;
      case kExitUsage: return 3;
      default: return 4;
    }
  };
  return rank(a) >= rank(b) ? a : b;
}

void print_table(const CheckSummary& s, const checker::ExploreStats& st) {
  fmt::print("\n{:<22} {:<10} {:<15} {:>6}  {}\n", "PROPERTY", "KIND", "VERDICT", "LENGTH", "TRACE / NOTE");
  for (const auto& r : s.rows) {
    fmt::print("{:<22} {:<10} {:<15} {:>6}  {}\n", r.property, r.kind, r.verdict,
               r.discovery ? std::to_string(r.trace_length) : "-", r.trace_file);
    if (!r.message.empty() && r.verdict != "holds") fmt::print("{:>24}{}\n", "", r.message);
    if (!r.note.empty()) fmt::print("{:>24}{}\n", "", r.note);
    if (r.discovery && !r.discovery->origin.empty()) fmt::print("{:>24}found by {}\n", "", r.discovery->origin);
  }
  if (st.engine == "bmc" || st.engine == "prove") {
    for (const auto& l : s.lemmas) fmt::print("lemma {}\n", l);
    for (const auto& a : s.assumptions) fmt::print("assumption {}\n", a);
    fmt::print("domain: {} of {} candidate facts proved inductive and assumed{}\n", s.domain_kept, s.domain_candidates,
               s.domain_dropped.empty() ? "" : "; not assumed:");
    for (const auto& d : s.domain_dropped) fmt::print("  {}\n", d);
    fmt::print("\n{} {}, {} solver calls, {:.2f} s{}\n", st.engine == "bmc" ? "unrolled to depth" : "largest k tried:",
               st.max_depth, st.transitions, st.seconds, st.complete ? "" : ", STOPPED EARLY: some properties undecided");
    if (st.engine == "bmc")
      fmt::print("bounded: no-violation means none within the depth from the initial state; `stsmc prove` proves\n");
    return;
  }
  if (st.engine != "explore") {
    print_random_stats(s, st);
    return;
  }
  fmt::print("\n{} distinct states, {} transitions, depth {}, {:.2f} s, {} thread(s){}\n", human(st.distinct_states),
             human(st.transitions), st.max_depth, st.seconds, st.threads,
             st.complete ? ", exhaustive within the bounds" : ", INCOMPLETE: " + st.stop_reason);
  if (s.partial_order_reduction)
    fmt::print("partial-order reduction: {}\n", *s.partial_order_reduction ? "on (claim binding; --no-por for the full state space)" : "off");
  fmt::print("fingerprints: 64-bit, collision probability < {:.1e}; search memory {:.1f} MiB ({:.0f} bytes/state), "
             "peak resident memory {:.1f} MiB; {} deadlock state(s)\n",
             st.collision_probability, static_cast<double>(st.peak_memory_bytes) / (1024.0 * 1024.0),
             st.distinct_states ? static_cast<double>(st.peak_memory_bytes) / static_cast<double>(st.distinct_states) : 0.0,
             static_cast<double>(st.peak_resident_bytes) / (1024.0 * 1024.0), st.deadlocks);
  print_coverage(s, "within these bounds");
}

void print_budget_table(const CheckSummary& s, const checker::ExploreStats&) {
  fmt::print("\n{:<22} {:<10} {:<15} {:<9} {:>6}  {}\n", "PROPERTY", "KIND", "VERDICT", "BY", "LENGTH", "EVIDENCE / TRACE");
  for (const auto& r : s.rows) {
    fmt::print("{:<22} {:<10} {:<15} {:<9} {:>6}  {}\n", r.property, r.kind, r.verdict, r.engine.empty() ? "-" : r.engine,
               r.discovery ? std::to_string(r.trace_length) : "-", r.trace_file.empty() ? r.evidence : r.trace_file);
    if (r.verdict == "violated" || r.verdict == "known-upstream" || r.verdict == "unknown")
      fmt::print("{:>24}{}\n", "", r.message);
    if (!r.note.empty()) fmt::print("{:>24}{}\n", "", r.note);
  }
  fmt::print("\n");
  for (const auto& p : s.phases) {
    const std::string engine = p.value("engine", "");
    if (p.contains("skipped")) {
      fmt::print("{}: skipped ({})\n", engine, p.value("skipped", ""));
    } else if (engine == "explore") {
      fmt::print("explore: {} states, depth {}, {:.2f} s of {:.2f} s{}\n", human(p.value("states", std::uint64_t{0})),
                 p.value("depth", 0), p.value("seconds", 0.0), p.value("time_limit", 0.0),
                 p.value("complete", false) ? ", exhaustive within the bounds" : ", stopped: " + p.value("stop_reason", std::string()));
    } else if (engine == "prove") {
      fmt::print("prove: k-induction up to k = {} for {} safety propert{}, {:.2f} s of {:.2f} s\n", p.value("k", 0),
                 p.value("properties", 0), p.value("properties", 0) == 1 ? "y" : "ies", p.value("seconds", 0.0),
                 p.value("time_limit", 0.0));
    } else if (engine == "simulate") {
      fmt::print("simulate: {} walks, {} steps, seed {}, {:.2f} s of {:.2f} s (random bounds; reproduce: {})\n",
                 human(p.value("walks", std::uint64_t{0})), human(p.value("steps", std::uint64_t{0})),
                 p.value("seed", std::uint64_t{0}), p.value("seconds", 0.0), p.value("time_limit", 0.0),
                 p.value("reproduce", std::string()));
    }
  }
  print_coverage(s, "by the explorer");
  if (!s.reproduce.empty()) fmt::print("reproduce the find: {}\n", s.reproduce);
  if (s.exit_code == kExitLimit)
    fmt::print("exit 3: no violation found, but not every property holds exhaustively or is proved: "
               "the properties marked no-violation or unknown were only sampled or not decided\n");
}

Expected<void> write_junit(const std::string& path, const std::vector<SetReport>& sets) {
  std::size_t all_tests = 0, all_failures = 0, all_skipped = 0;
  double all_seconds = 0;
  std::string suites;
  for (const auto& set : sets) {
    const CheckSummary& s = set.summary;
    std::size_t failures = 0, skipped = s.unchecked.size();
    for (const auto& r : s.rows) {
      failures += r.verdict == "violated";
      skipped += r.verdict == "unknown" || r.verdict == "unsupported";
    }
    const std::size_t tests = s.rows.size() + s.unchecked.size();
    // The engines check every property in one search: each checked case gets an equal share.
    const double share = s.rows.empty() ? 0.0 : set.stats.seconds / static_cast<double>(s.rows.size());
    const std::string suite = set.context.manifest + ":" + set.context.set_name;
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
        xml_escape(suite), tests, failures, skipped, set.stats.seconds);
    suites += "    <properties>";
    for (const auto& [k, v] : std::initializer_list<std::pair<const char*, std::string>>{
             {"tool_version", tool_version()},
             {"manifest", set.context.manifest},
             {"set", set.context.set},
             {"profile", set.context.kubernetes},
             {"gates", set.context.gates.dump()},
             {"bounds", set.context.bounds.dump()},
             {"engine", set.context.engine},
             {"mutant", set.context.mutant.value_or("")},
             {"seed", set.context.seed ? std::to_string(*set.context.seed) : ""}})
      suites += fmt::format("<property name=\"{}\" value=\"{}\"/>", k, xml_escape(v));
    suites += "</properties>\n";
    const std::string classname = "stsmc." + set.context.set_name;
    for (const auto& r : s.rows) {
      suites += fmt::format("    <testcase classname=\"{}.{}\" name=\"{}\" time=\"{:.3f}\">", xml_escape(classname),
                            r.kind, xml_escape(r.property), share);
      if (r.verdict == "violated")
        suites += fmt::format("<failure message=\"{}\">trace: {}</failure>", xml_escape(r.message),
                              xml_escape(r.trace_file));
      else if (r.verdict == "unknown" || r.verdict == "unsupported")
        suites += fmt::format("<skipped message=\"{}\"/>", xml_escape(r.verdict + ": " + r.message));
      else if (r.verdict == "known-upstream")
        suites += fmt::format("<system-out>{} (trace: {})</system-out>", xml_escape(r.note), xml_escape(r.trace_file));
      else if (!r.engine.empty())
        suites += fmt::format("<system-out>{} ({}: {})</system-out>", xml_escape(r.verdict), xml_escape(r.engine),
                              xml_escape(r.evidence));
      suites += "</testcase>\n";
    }
    for (const auto& u : s.unchecked)
      suites += fmt::format("    <testcase classname=\"{}.{}\" name=\"{}\" time=\"0.000\"><skipped message=\"{}\"/></testcase>\n",
                            xml_escape(classname), u.kind, xml_escape(u.property), xml_escape("not checked: " + u.reason));
    suites += "  </testsuite>\n";
    all_tests += tests;
    all_failures += failures;
    all_skipped += skipped;
    all_seconds += set.stats.seconds;
  }
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += fmt::format("<testsuites name=\"stsmc {}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
                   xml_escape(tool_version()), all_tests, all_failures, all_skipped, all_seconds);
  x += suites;
  x += "</testsuites>\n";
  return counterexamples::write_file_atomically(path, x);
}

}  // namespace stsmc::cli
