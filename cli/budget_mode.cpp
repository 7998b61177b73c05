// `stsmc check --time-budget SECONDS`, the CI mode: per StatefulSet, the explorer with half of its
// share of the budget, then `prove` and `simulate` for what it left undecided; one report says
// per property what was established and by which engine.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "cli/check_steps.h"
#include "cli/symbolic.h"
#include "properties/catalog.h"

namespace stsmc::cli {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_until(Clock::time_point t) {
  return std::max(0.0, std::chrono::duration<double>(t - Clock::now()).count());
}

std::string human_count(std::uint64_t n) {
  if (n >= 10'000'000) return fmt::format("{:.1f}M", static_cast<double>(n) / 1e6);
  if (n >= 10'000) return fmt::format("{:.1f}k", static_cast<double>(n) / 1e3);
  return std::to_string(n);
}

/// The words of a shell line as command_line() in cli/main.cpp quotes them ('...' with '\'').
std::vector<std::string> shell_words(const std::string& line) {
  std::vector<std::string> out;
  std::string word;
  bool quoted = false, any = false;
  for (char c : line) {
    if (c == '\'') {
      quoted = !quoted;
      any = true;
      word += c;
    } else if (c == ' ' && !quoted) {
      if (any) out.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) out.push_back(word);
  return out;
}

/// The command that re-runs the sampling phase on its own: the given command line without the
/// options of the CI mode and of the explorer's limits and reports, plus the engine, the seed,
/// the walks that ran and the properties sampled.
std::string simulate_line(const CheckOptions& o, const std::vector<properties::Property>& sampled, Seed seed,
                          std::uint64_t walks, const std::string& set) {
  static const std::vector<std::string> drop = {"--time-budget", "--seed",    "--max-states", "--max-memory",
                                                "--depth",       "--junit",   "--sarif",      "--annotations",
                                                "--property",    "--walks",   "--json"};
  const auto words = shell_words(o.command_line.empty() ? "stsmc check" : o.command_line);
  std::string line;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const auto eq = w.find('=');
    const std::string name = w.starts_with("--") && eq != std::string::npos ? w.substr(0, eq) : w;
    if (std::find(drop.begin(), drop.end(), name) != drop.end()) {
      if (name == w && name != "--json") ++i;  // the value is the next word
      continue;
    }
    line += (line.empty() ? "" : " ") + w;
  }
  line += fmt::format(" --engine simulate --seed {} --walks {}", seed, std::max<std::uint64_t>(walks, 1));
  if (!o.properties.empty() || sampled.size() != properties::all_properties().size())
    for (const auto& p : sampled) line += " --property " + p.id;
  if (!set.empty()) line += " --statefulset " + set;
  return line;
}

bool decided(const PropertyRow& r) {
  return r.verdict == "holds" || r.verdict == "proved" || r.verdict == "violated" || r.verdict == "known-upstream";
}

/// Copies the verdict of `from` (a row of one engine's summary) into `to`, naming the engine.
void take(PropertyRow& to, PropertyRow from, const std::string& engine, const std::string& evidence) {
  const std::string kind = to.kind;
  to = std::move(from);
  to.kind = kind;
  to.engine = engine;
  to.evidence = evidence;
}

PropertyRow* row_of(CheckSummary& s, const std::string& id) {
  for (auto& r : s.rows)
    if (r.property == id) return &r;
  return nullptr;
}

/// The properties of `props` whose rows are still undecided (`safety_only`: those prove checks).
std::vector<properties::Property> undecided(const std::vector<properties::Property>& props, const CheckSummary& s,
                                            bool safety_only) {
  std::vector<properties::Property> out;
  for (const auto& p : props) {
    if (safety_only && !properties::proved_by_default(p)) continue;
    const auto it = std::find_if(s.rows.begin(), s.rows.end(), [&](const auto& r) { return r.property == p.id; });
    if (it != s.rows.end() && !decided(*it)) out.push_back(p);
  }
  return out;
}

/// One StatefulSet's run: what its phases share and the report they fill.
struct SetRun {
  const CheckOptions& o;
  const std::vector<properties::Property>& props;
  const ModelSetup& setup;  ///< the exhaustive setup, or the random one when there is none
  Seed seed;
  Clock::time_point deadline;  ///< the end of the set's share of the budget
  bool progress;
  SetReport out;
};

/// The report before any engine ran: every property unknown.
void start_report(SetRun& run, const std::optional<ModelSetup>& exhaustive, const ModelSetup& random_setup) {
  run.out.context = context_of(run.setup, "time-budget", run.seed);
  run.out.context.bounds = Json{{"exhaustive", exhaustive ? to_json(exhaustive->bounds) : Json(nullptr)},
                                {"random", to_json(random_setup.bounds)}};
  CheckSummary& sum = run.out.summary;
  sum.phases = Json::array();
  for (const auto& p : run.props) {
    PropertyRow row;
    row.property = p.id;
    row.kind = std::string(enum_name(p.kind));
    row.verdict = "unknown";
    row.message = exhaustive ? "no engine decided it within the time budget"
                             : fmt::format("explore and prove skipped: spec.replicas {} is more than they model ({})",
                                           random_setup.manifest.set.replicas, kMaxExploreReplicas);
    sum.rows.push_back(std::move(row));
  }
  sum.unchecked = unchecked_properties(run.props, "explore");
  if (!exhaustive)
    for (const char* engine : {"explore", "prove"})
      sum.phases.push_back(Json{{"engine", engine},
                                {"skipped", fmt::format("spec.replicas {} is more than the explorer and prove model ({})",
                                                        random_setup.manifest.set.replicas, kMaxExploreReplicas)}});
}

/// 1. The explorer, with half of the set's share: its verdicts are final where it decided.
Expected<void> explore_phase(SetRun& run, const Model& model) {
  CheckSummary& sum = run.out.summary;
  CheckOptions eo = run.o;
  eo.time_limit = std::max(seconds_until(run.deadline) / 2, 0.001);
  const auto report = run_explorer(model, run.props, explore_config(eo), partial_order_reduction(eo));
  CheckSummary es = summarize(model, run.props, report, run.o.fail_on_known);
  if (auto w = write_traces(run.setup, model, es, "explore", run.seed, run.o.out_dir); !w) return w.error();
  run.out.stats = report.stats;
  sum.never_fired = es.never_fired;
  for (auto& w : es.write_errors) sum.write_errors.push_back(w);
  for (auto& r : es.rows) {
    PropertyRow* row = row_of(sum, r.property);
    if (!decided(r)) {
      row->message = "explore: " + r.message;
      continue;
    }
    const std::string evidence =
        r.verdict == "holds" ? fmt::format("exhaustive within the bounds ({} states)", human_count(report.stats.distinct_states))
                             : fmt::format("found by the explorer ({} steps)", r.trace_length);
    take(*row, std::move(r), "explore", evidence);
  }
  sum.phases.push_back(Json{{"engine", "explore"},
                            {"seconds", report.stats.seconds},
                            {"time_limit", *eo.time_limit},
                            {"complete", report.stats.complete},
                            {"stop_reason", report.stats.stop_reason},
                            {"states", report.stats.distinct_states},
                            {"depth", report.stats.max_depth}});
  if (run.progress)
    fmt::print(stderr, "time budget: explore {} after {:.1f} s ({} states)\n",
               report.stats.complete ? "finished" : "stopped (" + report.stats.stop_reason + ")", report.stats.seconds,
               human_count(report.stats.distinct_states));
  return {};
}

/// 2. prove, with half of what is left, for the safety properties the explorer left undecided.
Expected<void> prove_phase(SetRun& run, const Model& model) {
  CheckSummary& sum = run.out.summary;
  const auto to_prove = undecided(run.props, sum, true);
  if (to_prove.empty()) return {};
  const std::int64_t start = run.setup.manifest.set.ordinals_start.value_or(0);
  if (start > kMaxSymbolicStart) {
    sum.phases.push_back(Json{{"engine", "prove"},
                              {"skipped", fmt::format("spec.ordinals.start {} > {}", start, kMaxSymbolicStart)}});
    return {};
  }
  if (model.config().budgets.informer_lag > 0 && model.config().bounds.cache_lag > 1) {
    sum.phases.push_back(Json{{"engine", "prove"},
                              {"skipped", "the symbolic encoding has listers that lag one write per kind, not more"}});
    return {};
  }
  if (model.config().budgets.partial_sync > 0) {
    sum.phases.push_back(Json{{"engine", "prove"}, {"skipped", "a sync in flight is not in the symbolic encoding yet"}});
    return {};
  }
  SymbolicRun prove;
  prove.prove = true;
  prove.max_k = checker::kDefaultMaxK;
  prove.time_limit_seconds = std::max(seconds_until(run.deadline) / 2, 0.001);
  prove.progress = run.progress;
  prove.fail_on_known = run.o.fail_on_known;
  prove.interrupt = run.o.interrupt;
  const auto report = run_symbolic(model, to_prove, prove);
  if (report.encoding_error)
    return Error{ErrorCode::kInternal,
                 "internal error in the symbolic encoding: a counterexample did not replay: " + *report.encoding_error};
  CheckSummary ps = summarize_symbolic(to_prove, report, prove);
  if (auto w = write_traces(run.setup, model, ps, "prove", run.seed, run.o.out_dir); !w) return w.error();
  for (auto& w : ps.write_errors) sum.write_errors.push_back(w);
  for (auto& r : ps.rows) {
    PropertyRow* row = row_of(sum, r.property);
    if (r.verdict == "proved") {
      const std::string evidence = r.message;  // "k-induction, k = N"
      take(*row, std::move(r), "prove", evidence);
    } else if (r.verdict == "violated" || r.verdict == "known-upstream") {
      take(*row, std::move(r), "prove", "found by prove (k-induction's base case)");
    } else {
      row->message += "; prove: " + r.message;
    }
  }
  sum.phases.push_back(Json{{"engine", "prove"},
                            {"seconds", report.stats.seconds},
                            {"time_limit", *prove.time_limit_seconds},
                            {"k", report.stats.k},
                            {"properties", to_prove.size()}});
  if (run.progress)
    fmt::print(stderr, "time budget: prove ran {:.1f} s (k up to {})\n", report.stats.seconds, report.stats.k);
  return {};
}

/// How to run simulate with what is left of the set's share: walks until the time is up or the
/// first violation that is not known upstream behaviour.
RandomRun simulate_config(const SetRun& run, const ModelSetup& random_setup) {
  RandomRun r;
  r.engine = "simulate";
  r.seed = run.seed;
  r.walks = static_cast<std::size_t>(kMaxWalks);
  r.limits.steps = run.o.steps;
  r.limits.settle_steps = run.o.settle_steps.value_or(default_settle_steps(random_setup.bounds));
  r.swarm = !run.o.no_swarm;
  r.threads = run.o.threads;
  r.stop_at_first_violation = true;  // a violation decides the run (exit 1): no need to spend the rest
  const double left = seconds_until(run.deadline);
  r.shrink_seconds = std::min(run.o.shrink_time, std::max(left / 4, 0.001));
  r.time_limit_seconds = std::max(left - r.shrink_seconds, 0.001);
  r.progress = run.progress;
  r.interrupt = run.o.interrupt;
  return r;
}

/// 3. simulate, within the random engines' bounds, for every property still undecided.
Expected<void> simulate_phase(SetRun& run, const ModelSetup& random_setup, const std::string& pick_set) {
  CheckSummary& sum = run.out.summary;
  const auto to_sample = undecided(run.props, sum, false);
  if (to_sample.empty()) return {};
  const Model model = random_setup.build();
  const RandomRun config = simulate_config(run, random_setup);
  const auto report = run_random(model, to_sample, config);
  CheckSummary ss = summarize(model, to_sample, report, run.o.fail_on_known);
  if (auto w = write_traces(random_setup, model, ss, "simulate", run.seed, run.o.out_dir); !w) return w.error();
  for (auto& w : ss.write_errors) sum.write_errors.push_back(w);
  // A find's walk must be among those re-run: simulate's walk w is derived from (seed, w).
  std::uint64_t walks = report.stats.walks;
  for (const auto& d : report.discoveries)
    if (d.origin.starts_with("walk ")) walks = std::max<std::uint64_t>(walks, std::stoull(d.origin.substr(5)) + 1);
  const std::string again = simulate_line(run.o, to_sample, run.seed, walks, pick_set);
  const std::string steps = human_count(report.stats.steps);
  for (auto& r : ss.rows) {
    PropertyRow* row = row_of(sum, r.property);
    if (r.discovery) {
      take(*row, std::move(r), "simulate", fmt::format("found by simulate (seed {})", run.seed));
      sum.reproduce = again;
    } else if (report.stats.walks > 0) {
      r.verdict = "no-violation";
      r.message = fmt::format("no violation in {} random steps ({} walks, seed {}); sampled, not exhaustive", steps,
                              human_count(report.stats.walks), run.seed);
      take(*row, std::move(r), "simulate",
           fmt::format("no violation in {} random steps (simulate, seed {})", steps, run.seed));
    }
  }
  sum.phases.push_back(Json{{"engine", "simulate"},
                            {"seconds", report.stats.seconds},
                            {"time_limit", *config.time_limit_seconds},
                            {"seed", run.seed},
                            {"walks", report.stats.walks},
                            {"steps", report.stats.steps},
                            {"reproduce", again}});
  if (run.progress)
    fmt::print(stderr, "time budget: simulate ran {:.1f} s ({} walks, {} steps, seed {})\n", report.stats.seconds,
               human_count(report.stats.walks), steps, run.seed);
  return {};
}

/// The set's exit code: 1 for a violation, 0 when everything holds exhaustively, is proved or
/// is known upstream behaviour, else 3 (sampled or undecided).
void close_report(SetRun& run, Clock::time_point began) {
  CheckSummary& sum = run.out.summary;
  bool violated = false, sampled = false;
  for (const auto& r : sum.rows) {
    violated = violated || r.verdict == "violated";
    sampled = sampled || !(r.verdict == "holds" || r.verdict == "proved" || r.verdict == "known-upstream");
  }
  sum.exit_code = violated ? kExitViolation : sampled ? kExitLimit : kExitOk;
  checker::ExploreStats& st = run.out.stats;
  st.engine = "time-budget";
  st.complete = sum.exit_code != kExitLimit;
  st.stop_reason = st.complete ? "" : "some properties only sampled or undecided within the time budget";
  st.seconds = std::chrono::duration<double>(Clock::now() - began).count();
}

/// One set: explore, prove, simulate, each for what the ones before left undecided. Without an
/// `exhaustive` setup (more replicas than the explorer models) only simulate runs.
Expected<SetReport> run_set(const CheckOptions& o, const std::vector<properties::Property>& props,
                            const std::optional<ModelSetup>& exhaustive, const ModelSetup& random_setup, Seed seed,
                            Clock::time_point deadline, const std::string& pick_set) {
  const auto began = Clock::now();
  SetRun run{o, props, exhaustive ? *exhaustive : random_setup, seed, deadline, !o.quiet && !o.json, {}};
  start_report(run, exhaustive, random_setup);
  if (!o.json)
    fmt::print("{}\ntime budget {:.0f} s for this StatefulSet: explore, then prove and simulate for what it leaves "
               "undecided\n",
               describe_setup(run.setup), seconds_until(deadline));
  if (exhaustive) {
    const Model model = exhaustive->build();
    if (auto r = explore_phase(run, model); !r) return r.error();
    if (auto r = prove_phase(run, model); !r) return r.error();
  }
  if (auto r = simulate_phase(run, random_setup, pick_set); !r) return r.error();
  close_report(run, began);
  if (!o.json) print_budget_table(run.out.summary, run.out.stats);
  return std::move(run.out);
}

/// The explorer's and prove's setup of each set: the random engines' setup with the exhaustive
/// bounds; none for a set with more replicas than they model.
Expected<std::vector<std::optional<ModelSetup>>> exhaustive_setups(const CheckOptions& o,
                                                                   const std::vector<ModelSetup>& random_setups) {
  std::vector<std::optional<ModelSetup>> out;
  CheckOptions eo = o;
  eo.engine = "explore";
  for (const auto& rs : random_setups) {
    if (rs.manifest.set.replicas > kMaxExploreReplicas) {
      out.emplace_back();
      continue;
    }
    ModelSetup es = rs;
    es.bounds = model::default_bounds(rs.manifest.set.replicas);
    if (auto r = apply_bounds(eo, es.bounds); !r) return r.error();
    if (auto r = es.check_ordinals(); !r) return r.error();
    out.push_back(std::move(es));
  }
  return out;
}

/// Exit 2 for what --time-budget does not go with.
Expected<void> validate_budget(const CheckOptions& o) {
  const double budget = *o.time_budget;
  if (!(budget > 0) || budget > kMaxTimeBudgetSeconds)
    return bad_input(fmt::format("--time-budget: must be a positive number of seconds, at most {:.0f} (7 days), got {}",
                                 kMaxTimeBudgetSeconds, budget));
  if (o.engine != "explore")
    return bad_input("--time-budget chooses the engines itself (explore, then prove and simulate); leave out --engine " +
                     o.engine);
  if (o.time_limit) return bad_input("--time-budget and --time-limit exclude each other");
  return validate_options(o, "explore");
}

}  // namespace

int run_check_budget(const CheckOptions& o) {
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*o.time_budget));
  if (auto r = validate_budget(o); !r) return usage_error(r.error());
  auto props = properties::select_properties(o.properties);
  if (!props) return usage_error(props.error());
  // Loaded once (the loader's warnings are printed once) with the random engines' bounds.
  auto random_setups = load_setups(o, "simulate");
  if (!random_setups) return usage_error(random_setups.error());
  auto setups = exhaustive_setups(o, *random_setups);
  if (!setups) return usage_error(setups.error());
  const Seed seed = o.seed ? *o.seed : std::random_device{}() * 0x100000001ULL ^ std::random_device{}();
  std::vector<SetReport> reports;
  const std::size_t n = setups->size();
  for (std::size_t i = 0; i < n; ++i) {
    if (!reports.empty() && !o.json) fmt::print("\n");
    // An equal share of what is left: time a set does not use passes to the next.
    const auto set_deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                                 seconds_until(deadline) / static_cast<double>(n - i)));
    const std::string pick = n > 1 && !o.model.statefulset ? (*random_setups)[i].manifest.set.name : "";
    auto r = run_set(o, *props, (*setups)[i], (*random_setups)[i], seed, set_deadline, pick);
    if (!r) {
      fmt::print(stderr, "error: {}\n", r.error().message);
      return r.error().code == ErrorCode::kInternal ? kExitInternal : kExitUsage;
    }
    reports.push_back(std::move(*r));
    if (checker::interrupted(o.interrupt)) break;
  }
  return finish_interruptible(o, reports, n);
}

}  // namespace stsmc::cli
