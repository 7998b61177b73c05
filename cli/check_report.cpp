// Rendering the outcome of `stsmc check`.
#include "cli/check_report.h"

#include <fmt/core.h>

#include <algorithm>

#include "cli/commands.h"
#include "counterexamples/atomic_file.h"

namespace stsmc::cli {
namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

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
    if (row.discovery) {
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

void print_summary(const CheckSummary& s, const checker::ExploreStats& st, bool json) {
  if (json) {
    Json j = Json::object();
    j["exit_code"] = s.exit_code;
    j["engine"] = st.engine;
    j["complete"] = st.complete;
    j["stop_reason"] = st.stop_reason;
    j["states"] = st.distinct_states;
    j["transitions"] = st.transitions;
    j["depth"] = st.max_depth;
    j["seconds"] = st.seconds;
    j["threads"] = st.threads;
    j["peak_memory_bytes"] = st.peak_memory_bytes;
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
    Json rows = Json::array();
    for (const auto& r : s.rows)
      rows.push_back(Json{{"property", r.property}, {"kind", r.kind}, {"verdict", r.verdict},
                          {"message", r.message}, {"note", r.note}, {"trace_length", r.trace_length},
                          {"trace", r.trace_file}});
    j["properties"] = rows;
    j["coverage"] = st.action_counts;
    j["never_fired"] = s.never_fired;
    fmt::print("{}\n", j.dump(2));
    return;
  }
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
  fmt::print("fingerprints: 64-bit, collision probability < {:.1e}; search memory {:.1f} MiB ({:.0f} bytes/state); "
             "{} deadlock state(s)\n",
             st.collision_probability, static_cast<double>(st.peak_memory_bytes) / (1024.0 * 1024.0),
             st.distinct_states ? static_cast<double>(st.peak_memory_bytes) / static_cast<double>(st.distinct_states) : 0.0,
             st.deadlocks);
  print_coverage(s, "within these bounds");
}

Expected<void> write_junit(const std::string& path, const CheckSummary& s, const checker::ExploreStats& st) {
  std::size_t failures = 0;
  for (const auto& r : s.rows) failures += r.verdict == "violated";
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += fmt::format("<testsuites><testsuite name=\"stsmc\" tests=\"{}\" failures=\"{}\" time=\"{:.3f}\">\n",
                   s.rows.size(), failures, st.seconds);
  for (const auto& r : s.rows) {
    x += fmt::format("  <testcase classname=\"stsmc.{}\" name=\"{}\">", r.kind, xml_escape(r.property));
    if (r.verdict == "violated")
      x += fmt::format("<failure message=\"{}\">trace: {}</failure>", xml_escape(r.message), xml_escape(r.trace_file));
    else if (r.verdict == "unknown" || r.verdict == "unsupported")
      x += fmt::format("<skipped message=\"{}\"/>", xml_escape(r.message));
    else if (r.verdict == "known-upstream")
      x += fmt::format("<system-out>{} (trace: {})</system-out>", xml_escape(r.note), xml_escape(r.trace_file));
    x += "</testcase>\n";
  }
  x += "</testsuite></testsuites>\n";
  return counterexamples::write_file_atomically(path, x);
}

}  // namespace stsmc::cli
