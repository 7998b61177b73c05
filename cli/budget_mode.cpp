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

/// The properties of `props` whose rows are still undecided.
std::vector<properties::Property> undecided(const std::vector<properties::Property>& props, const CheckSummary& s,
                                            bool safety_only) {
  std::vector<properties::Property> out;
  for (const auto& p : props) {
    if (safety_only && p.kind == checker::PropertyKind::kLiveness) continue;
    const auto it = std::find_if(s.rows.begin(), s.rows.end(), [&](const auto& r) { return r.property == p.id; });
    if (it != s.rows.end() && !decided(*it)) out.push_back(p);
  }
  return out;
}

/// One set: explore, prove, simulate. `deadline` ends the set's share of the budget. Without an
/// `exhaustive` setup (more replicas than the explorer models) only simulate runs.
Expected<SetReport> run_set(const CheckOptions& o, const std::vector<properties::Property>& props,
                            const std::optional<ModelSetup>& exhaustive, const ModelSetup& random_setup, Seed seed,
                            Clock::time_point deadline, bool several_sets) {
  const bool progress = !o.quiet && !o.json;
  const double share = seconds_until(deadline);
  const auto began = Clock::now();
  const ModelSetup& setup = exhaustive ? *exhaustive : random_setup;
  SetReport out;
  out.context = context_of(setup, "time-budget", seed);
  out.context.bounds = Json{{"exhaustive", exhaustive ? to_json(exhaustive->bounds) : Json(nullptr)},
                            {"random", to_json(random_setup.bounds)}};
  CheckSummary& sum = out.summary;
  sum.phases = Json::array();
  for (const auto& p : props) {
    PropertyRow row;
    row.property = p.id;
    row.kind = std::string(enum_name(p.kind));
    row.verdict = "unknown";
    row.message = "no engine decided it within the time budget";
    sum.rows.push_back(std::move(row));
  }
  sum.unchecked = unchecked_properties(props, "explore");
  if (!o.json)
    fmt::print("{}\ntime budget {:.0f} s for this StatefulSet: explore, then prove and simulate for what it leaves "
               "undecided\n",
               describe_setup(setup), share);

  if (!exhaustive) {
    const std::string why = fmt::format("spec.replicas {} is more than the explorer and prove model ({})",
                                        random_setup.manifest.set.replicas, kMaxExploreReplicas);
    sum.phases.push_back(Json{{"engine", "explore"}, {"skipped", why}});
    sum.phases.push_back(Json{{"engine", "prove"}, {"skipped", why}});
    for (auto& r : sum.rows) r.message = "explore and prove skipped: " + why;
  }
  // 1. The explorer, with half of the share.
  const Model model = setup.build();
  if (exhaustive) {
    CheckOptions eo = o;
    eo.time_limit = std::max(share / 2, 0.001);
    const auto ereport = checker::explore(model, props, explore_config(eo));
    CheckSummary es = summarize(model, props, ereport, o.fail_on_known);
    if (auto w = write_traces(setup, model, es, "explore", seed, o.out_dir); !w) return w.error();
    out.stats = ereport.stats;
    sum.never_fired = es.never_fired;
    for (auto& w : es.write_errors) sum.write_errors.push_back(w);
    for (auto& r : es.rows) {
      if (!decided(r)) {
        row_of(sum, r.property)->message = "explore: " + r.message;
        continue;
      }
      const std::string evidence =
          r.verdict == "holds" ? fmt::format("exhaustive within the bounds ({} states)", human_count(ereport.stats.distinct_states))
                               : fmt::format("found by the explorer ({} steps)", r.trace_length);
      PropertyRow* row = row_of(sum, r.property);
      take(*row, std::move(r), "explore", evidence);
    }
    sum.phases.push_back(Json{{"engine", "explore"},
                              {"seconds", ereport.stats.seconds},
                              {"time_limit", *eo.time_limit},
                              {"complete", ereport.stats.complete},
                              {"stop_reason", ereport.stats.stop_reason},
                              {"states", ereport.stats.distinct_states},
                              {"depth", ereport.stats.max_depth}});
    if (progress)
      fmt::print(stderr, "time budget: explore {} after {:.1f} s ({} states)\n",
                 ereport.stats.complete ? "finished" : "stopped (" + ereport.stats.stop_reason + ")", ereport.stats.seconds,
                 human_count(ereport.stats.distinct_states));
  }

  // 2. prove, for the safety properties the explorer left undecided.
  const auto to_prove = exhaustive ? undecided(props, sum, true) : std::vector<properties::Property>{};
  const std::int64_t start = setup.manifest.set.ordinals_start.value_or(0);
  if (!to_prove.empty() && start > kMaxSymbolicStart) {
    sum.phases.push_back(Json{{"engine", "prove"},
                              {"skipped", fmt::format("spec.ordinals.start {} > {}", start, kMaxSymbolicStart)}});
  } else if (!to_prove.empty()) {
    SymbolicRun run;
    run.prove = true;
    run.max_k = checker::kDefaultMaxK;
    run.time_limit_seconds = std::max(seconds_until(deadline) / 2, 0.001);
    run.progress = progress;
    run.fail_on_known = o.fail_on_known;
    const auto preport = run_symbolic(model, to_prove, run);
    if (preport.encoding_error)
      return Error{ErrorCode::kInternal,
                   "internal error in the symbolic encoding: a counterexample did not replay: " + *preport.encoding_error};
    CheckSummary ps = summarize_symbolic(to_prove, preport, run);
    if (auto w = write_traces(setup, model, ps, "prove", seed, o.out_dir); !w) return w.error();
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
    sum.lemmas.clear();
    sum.phases.push_back(Json{{"engine", "prove"},
                              {"seconds", preport.stats.seconds},
                              {"time_limit", *run.time_limit_seconds},
                              {"k", preport.stats.k},
                              {"properties", to_prove.size()}});
    if (progress) fmt::print(stderr, "time budget: prove ran {:.1f} s (k up to {})\n", preport.stats.seconds, preport.stats.k);
  }

  // 3. simulate, with the rest, for every property still undecided.
  const auto to_sample = undecided(props, sum, false);
  if (!to_sample.empty()) {
    const Model rmodel = random_setup.build();
    RandomRun run;
    run.engine = "simulate";
    run.seed = seed;
    run.walks = static_cast<std::size_t>(kMaxWalks);
    run.limits.steps = o.steps;
    run.limits.settle_steps = o.settle_steps.value_or(default_settle_steps(random_setup.bounds));
    run.swarm = !o.no_swarm;
    run.threads = o.threads;
    run.stop_at_first_violation = true;  // a violation decides the run (exit 1): no need to spend the rest
    const double left = seconds_until(deadline);
    run.shrink_seconds = std::min(o.shrink_time, std::max(left / 4, 0.001));
    run.time_limit_seconds = std::max(left - run.shrink_seconds, 0.001);
    run.progress = progress;
    const auto sreport = run_random(rmodel, to_sample, run);
    CheckSummary ss = summarize(rmodel, to_sample, sreport, o.fail_on_known);
    if (auto w = write_traces(random_setup, rmodel, ss, "simulate", seed, o.out_dir); !w) return w.error();
    for (auto& w : ss.write_errors) sum.write_errors.push_back(w);
    // A find's walk must be among those re-run: simulate's walk w is derived from (seed, w).
    std::uint64_t walks = sreport.stats.walks;
    for (const auto& d : sreport.discoveries)
      if (d.origin.starts_with("walk ")) walks = std::max<std::uint64_t>(walks, std::stoull(d.origin.substr(5)) + 1);
    const std::string again = simulate_line(o, to_sample, seed, walks,
                                            several_sets && !o.model.statefulset ? setup.manifest.set.name : "");
    for (auto& r : ss.rows) {
      PropertyRow* row = row_of(sum, r.property);
      if (r.discovery) {
        take(*row, std::move(r), "simulate", fmt::format("found by simulate (seed {})", seed));
        sum.reproduce = again;
      } else if (sreport.stats.walks > 0) {
        r.verdict = "no-violation";
        r.message = fmt::format("no violation in {} random steps ({} walks, seed {}); sampled, not exhaustive",
                                human_count(sreport.stats.steps), human_count(sreport.stats.walks), seed);
        take(*row, std::move(r), "simulate",
             fmt::format("no violation in {} random steps (simulate, seed {})", human_count(sreport.stats.steps), seed));
      }
    }
    sum.phases.push_back(Json{{"engine", "simulate"},
                              {"seconds", sreport.stats.seconds},
                              {"time_limit", *run.time_limit_seconds},
                              {"seed", seed},
                              {"walks", sreport.stats.walks},
                              {"steps", sreport.stats.steps},
                              {"reproduce", again}});
    if (progress)
      fmt::print(stderr, "time budget: simulate ran {:.1f} s ({} walks, {} steps, seed {})\n", sreport.stats.seconds,
                 human_count(sreport.stats.walks), human_count(sreport.stats.steps), seed);
  }

  bool violated = false, sampled = false;
  for (const auto& r : sum.rows) {
    violated = violated || r.verdict == "violated";
    sampled = sampled || !(r.verdict == "holds" || r.verdict == "proved" || r.verdict == "known-upstream");
  }
  sum.exit_code = violated ? kExitViolation : sampled ? kExitLimit : kExitOk;
  out.stats.engine = "time-budget";
  out.stats.complete = sum.exit_code != kExitLimit;
  out.stats.stop_reason = out.stats.complete ? "" : "some properties only sampled or undecided within the time budget";
  out.stats.seconds = std::chrono::duration<double>(Clock::now() - began).count();
  if (!o.json) print_budget_table(sum, out.stats);
  return out;
}

}  // namespace

int run_check_budget(const CheckOptions& o) {
  const double budget = *o.time_budget;
  if (!(budget > 0) || budget > kMaxTimeBudgetSeconds)
    return usage_error(bad_input(fmt::format("--time-budget: must be a positive number of seconds, at most {:.0f} "
                                             "(7 days), got {}",
                                             kMaxTimeBudgetSeconds, budget)));
  if (o.engine != "explore")
    return usage_error(bad_input("--time-budget chooses the engines itself (explore, then prove and simulate); "
                                 "leave out --engine " + o.engine));
  if (o.time_limit) return usage_error(bad_input("--time-budget and --time-limit exclude each other"));
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(budget));
  if (auto r = validate_options(o, "explore"); !r) return usage_error(r.error());
  auto props = properties::select_properties(o.properties);
  if (!props) return usage_error(props.error());
  // Loaded once (the loader's warnings are printed once) with the random engines' bounds; the
  // explorer's and prove's setups are the same model with the exhaustive bounds, for every set
  // whose replicas the explorer can model.
  auto random_setups = load_setups(o, "simulate");
  if (!random_setups) return usage_error(random_setups.error());
  std::vector<std::optional<ModelSetup>> setups;
  CheckOptions eo = o;
  eo.engine = "explore";
  for (const auto& rs : *random_setups) {
    if (rs.manifest.set.replicas > kMaxExploreReplicas) {
      setups.emplace_back();
      continue;
    }
    ModelSetup es = rs;
    es.bounds = model::default_bounds(rs.manifest.set.replicas);
    if (auto r = apply_bounds(eo, es.bounds); !r) return usage_error(r.error());
    if (auto r = es.check_ordinals(); !r) return usage_error(r.error());
    setups.push_back(std::move(es));
  }
  const Seed seed = o.seed ? *o.seed : std::random_device{}() * 0x100000001ULL ^ std::random_device{}();
  std::vector<SetReport> reports;
  for (std::size_t i = 0; i < setups.size(); ++i) {
    if (!reports.empty() && !o.json) fmt::print("\n");
    const double left = seconds_until(deadline);
    const auto set_deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                                 left / static_cast<double>(setups.size() - i)));
    auto r = run_set(o, *props, setups[i], (*random_setups)[i], seed, set_deadline, setups.size() > 1);
    if (!r) {
      fmt::print(stderr, "error: {}\n", r.error().message);
      return r.error().code == ErrorCode::kInternal ? kExitInternal : kExitUsage;
    }
    reports.push_back(std::move(*r));
  }
  return finish(o, reports);
}

}  // namespace stsmc::cli
