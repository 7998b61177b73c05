#pragma once
// The bodies of bmc() and prove(). One z3::context per run, one Unrolling (BMC, and the base case
// of induction) and one InductionWindow. k-induction at k, for a goal with bad(s, a, t): the base
// case is "no run of 1..k steps (0..k for a state invariant) ends in a bad transition"; the
// inductive step is "no path s0..s(k+1) in the domain (and the proved lemmas), with s0..sk
// pairwise different, has k good transitions followed by a bad one". Together they cover every
// run: a shortest violation longer than k ends in such a path, whose first k+1 states differ.
// z3::exception is caught here and becomes "unknown" (docs/style.md §6).
#include <z3++.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "checker/bmc_domain.h"
#include "checker/bmc_liveness.h"
#include "checker/bmc_replay.h"
#include "checker/bmc_solvers.h"

namespace stsmc::checker {
namespace detail {

/// Lassos<S> for a model with a liveness encoding, else nothing.
template <class S>
struct LassosFor {
  struct None {
    None(const S&, z3::context&) {}
  };
  using type = None;
};
template <class S>
  requires SymbolicLiveness<S>
struct LassosFor<S> {
  using type = Lassos<S>;
};
template <class S>
using LassosOf = typename LassosFor<S>::type;

template <SymbolicModel S>
class SymbolicRun {
  using M = typename S::Explicit;

 public:
  SymbolicRun(const S& sm, std::optional<double> time_limit, bool progress, InterruptFlag interrupt)
      : sm_(sm),
        deadline_(time_limit, interrupt),
        progress_(progress),
        base_(sm, ctx_),
        window_(sm, ctx_),
        watchdog_(ctx_, deadline_) {}

  SymbolicReport<M> bmc(const std::vector<Property<M>>& props, std::uint32_t max_depth) {
    origin_ = "bmc";
    prove_domain();
    auto open = open_goals(props, true);
    auto assumed = open_assumptions();
    for (std::uint32_t d = 0; d <= max_depth && !(open.empty() && assumed.empty()); ++d) {
      std::erase_if(open, [&](Open& o) {
        return !(d == 0 && !o.goal.state && !o.live) && !base_clean(o, d, report_.results);
      });
      std::erase_if(assumed, [&](Open& o) { return !base_clean(o, d, report_.assumptions); });
      if (progress_)
        std::fprintf(stderr, "bmc: depth %u done, %.2f s, %zu propert%s open\n", d,
                     deadline_.elapsed(), open.size(), open.size() == 1 ? "y" : "ies");
    }
    for (const auto& o : open)
      report_.results[o.result] = {o.goal.id, SymbolicVerdict::kHolds, max_depth, ""};
    for (const auto& o : assumed)
      report_.assumptions[o.result] = {o.goal.id, SymbolicVerdict::kHolds, max_depth, ""};
    qualify(SymbolicVerdict::kHolds);
    return finish();
  }

  SymbolicReport<M> prove(const std::vector<Property<M>>& props, std::uint32_t max_k) {
    origin_ = "k-induction base case,";
    prove_domain();
    for (const auto& lemma : sm_.lemmas()) {
      report_.lemmas.push_back({lemma.name, SymbolicVerdict::kUnknown, 0, ""});
      auto holds = lemma.holds;
      Open o{Goal<S>{lemma.name,
                     [holds](const auto&, const auto&, const auto& t) { return !holds(t); }, true,
                     next_key_++},
             nullptr, report_.lemmas.size() - 1, 0, std::nullopt};
      if (!induct(o, max_k, report_.lemmas)) continue;
      try {
        window_.assume(lemma);
      } catch (const z3::exception& e) {
        report_.lemmas.back() = {lemma.name, SymbolicVerdict::kUnknown, 0,
                                 z3_failure(e, deadline_)};
      }
    }
    // The encoding's assumptions, with the proved lemmas, before anything that relies on them;
    // with a small k (kAssumptionK): a shape assumption that needs more has no strengthening yet,
    // and deeper windows grow costly fast.
    for (auto& o : open_assumptions()) induct(o, std::min(max_k, kAssumptionK), report_.assumptions);
    for (auto& o : open_goals(props, false)) induct(o, max_k, report_.results);
    qualify(SymbolicVerdict::kProved);
    return finish();
  }

 private:
  /// A goal still being decided, and where its result goes.
  struct Open {
    Goal<S> goal;
    const Property<M>* prop = nullptr;  // nullptr for a lemma
    std::size_t result = 0;             // index into the results (or lemmas) vector
    std::uint32_t clean = 0;            // no violation within this many steps
    std::optional<std::size_t> live;    // a liveness property: its index in symbolic_liveness()
  };

  /// Proves the model's candidate domain facts (bmc_domain.h) and hands the proved ones to both
  /// solvers: nothing is assumed on a frame that was not proved first.
  void prove_domain() {
    const ProvedDomain<S> domain(sm_, ctx_, deadline_, report_.stats.solver_checks);
    report_.domain_kept = domain.kept();
    report_.domain_candidates = domain.candidates();
    report_.domain_dropped = domain.dropped();
    if (progress_)
      std::fprintf(stderr, "%s: domain: %zu of %zu candidate facts proved inductive, %.2f s\n",
                   origin_ == "bmc" ? "bmc" : "prove", domain.kept(), domain.candidates(), deadline_.elapsed());
    auto shared = std::make_shared<const ProvedDomain<S>>(domain);
    base_.set_domain([shared](const typename S::Frame& f) { return (*shared)(f); });
    window_.set_domain([shared](const typename S::Frame& f) { return (*shared)(f); });
  }

  /// A state goal per encoding assumption (its violation by a fresh action of the next step);
  /// their results go to report_.assumptions.
  std::vector<Open> open_assumptions() {
    std::vector<Open> open;
    if constexpr (EncodingAssumptions<S>) {
      for (const auto& as : sm_.assumptions()) {
        report_.assumptions.push_back({as.name, SymbolicVerdict::kUnknown, 0, ""});
        auto violated = as.violated;
        auto bad = [this, violated](const auto&, const auto&, const typename S::Frame& t) {
          return violated(t, sm_.step(ctx_, kFreshSteps + static_cast<int>(fresh_steps_++)));
        };
        open.push_back({Goal<S>{as.name, bad, true, next_key_++}, nullptr, report_.assumptions.size() - 1, 0,
                        std::nullopt});
      }
    }
    return open;
  }

  /// A verdict `established` (holds for bmc, proved for prove) that rests on an encoding
  /// assumption that was not established the same way becomes unknown, and says so.
  void qualify(SymbolicVerdict established) {
    std::string missing;
    for (const auto& a : report_.assumptions)
      if (a.verdict != established && a.verdict != SymbolicVerdict::kProved)
        missing += (missing.empty() ? "" : "; ") + a.property + " (" +
                   std::string(enum_name(a.verdict)) +
                   (a.reason.empty() ? "" : ": " + a.reason) + ")";
    if (missing.empty()) return;
    for (auto& r : report_.results)
      if (r.verdict == established)
        r = {r.property, SymbolicVerdict::kUnknown, r.depth,
             std::string(established == SymbolicVerdict::kProved ? "proved" : "holds") + " at " +
                 std::to_string(r.depth) + " only under the encoding's assumption " + missing +
                 ", which is not established"};
  }

  /// The index of liveness property `id` in the model's symbolic_liveness(), if it has one.
  std::optional<std::size_t> liveness_index(const std::string& id) const {
    if constexpr (SymbolicLiveness<S>) {
      const auto live = sm_.symbolic_liveness();
      for (std::size_t i = 0; i < live.size(); ++i)
        if (live[i].id == id) return i;
    }
    return std::nullopt;
  }

  /// A result per property; a goal for each one with a symbolic encoding (liveness only when
  /// `liveness`: bmc), the rest unsupported.
  std::vector<Open> open_goals(const std::vector<Property<M>>& props, bool liveness) {
    const auto symbolic = sm_.symbolic_properties();
    std::vector<Open> open;
    for (const auto& p : props) {
      report_.results.push_back({p.id, SymbolicVerdict::kUnsupported, 0, ""});
      auto& r = report_.results.back();
      const auto it = std::find_if(symbolic.begin(), symbolic.end(),
                                   [&](const auto& sp) { return sp.id == p.id; });
      if (p.kind == PropertyKind::kLiveness && !liveness)
        r.reason = "liveness is not proved by k-induction (bmc looks for lassos)";
      else if (p.kind == PropertyKind::kLiveness && !liveness_index(p.id))
        r.reason = "the symbolic model has no liveness encoding of '" + p.id + "'";
      else if (p.kind == PropertyKind::kLiveness)
        open.push_back({Goal<S>{p.id, nullptr, true, next_key_++}, &p, report_.results.size() - 1, 0,
                        liveness_index(p.id)});
      else if (it == symbolic.end() || !it->bad)
        r.reason = "the symbolic model has no encoding of '" + p.id + "'";
      else
        open.push_back({Goal<S>{p.id, it->bad, p.kind == PropertyKind::kInvariant, next_key_++}, &p,
                        report_.results.size() - 1, 0, std::nullopt});
    }
    return open;
  }

  /// Depth `d` of the unrolling for `o`: true when clean; else `o`'s result is settled.
  bool base_clean(Open& o, std::uint32_t d, std::vector<SymbolicResult>& results) {
    CheckOutcome out;
    try {
      out = o.live ? lasso_query(o, d) : base_.query(o.goal, d, deadline_, report_.stats.solver_checks);
      report_.stats.depth = std::max(report_.stats.depth, base_.depth());
      if (out.result == z3::sat) {
        settle_violation(o, d, results[o.result], origin_ + " depth " + std::to_string(d));
        return false;
      }
    } catch (const z3::exception& e) {
      out = {z3::unknown, z3_failure(e, deadline_)};
    }
    if (out.result == z3::unsat) {
      o.clean = d;
      return true;
    }
    results[o.result] = {o.goal.id, SymbolicVerdict::kUnknown, o.clean, out.reason};
    return false;
  }

  /// Is there a lasso of `d` steps violating the liveness goal `o`?
  CheckOutcome lasso_query(const Open& o, std::uint32_t d) {
    if constexpr (SymbolicLiveness<S>) {
      if (!lassos_) lassos_.emplace(sm_, ctx_);
      const z3::expr lasso = lassos_->at(base_, *o.live, o.goal.key, d);
      return base_.query(literal_name("bmc.live", o.goal.key, d), lasso, d, deadline_,
                         report_.stats.solver_checks);
    } else {
      (void)o;
      (void)d;
      return {z3::unknown, "no liveness encoding"};  // not reached: open_goals needs one
    }
  }

  /// The solver found a run of `d` steps violating `o` (for liveness: a lasso): replayed, a
  /// violation; else an encoding error.
  void settle_violation(const Open& o, std::uint32_t d, SymbolicResult& r, std::string origin) {
    auto c = o.live ? confirm_live(o, d) : confirm(sm_, o.prop, base_.model(), base_.steps(), d);
    if (auto* found = std::get_if<Discovery<M>>(&c)) {
      r = {o.goal.id, SymbolicVerdict::kViolated, d,
           o.prop ? "" : "false after " + std::to_string(d) + " step(s)"};
      found->origin = std::move(origin);
      if (o.prop) report_.discoveries.push_back(std::move(*found));
      return;
    }
    r = {o.goal.id, SymbolicVerdict::kEncodingError, d, std::get<std::string>(c)};
    if (!report_.encoding_error) report_.encoding_error = o.goal.id + ": " + r.reason;
  }

  std::variant<Discovery<M>, std::string> confirm_live(const Open& o, std::uint32_t d) {
    if constexpr (SymbolicLiveness<S>) {
      return confirm_lasso(sm_, *o.prop, base_.model(), base_.steps(), d,
                           lassos_->loop_start(base_.model(), o.goal.key, d));
    } else {
      (void)o;
      (void)d;
      return std::string("no liveness encoding");
    }
  }

  /// k-induction for k = 1..max_k; true when proved. Settles `o`'s result either way.
  bool induct(Open& o, std::uint32_t max_k, std::vector<SymbolicResult>& results) {
    std::uint32_t next_depth = o.goal.state ? 0 : 1;
    for (std::uint32_t k = 1; k <= max_k; ++k) {
      for (; next_depth <= k; ++next_depth)
        if (!base_clean(o, next_depth, results)) return false;
      CheckOutcome out;
      try {
        out = window_.query(o.goal, k, deadline_, report_.stats.solver_checks);
      } catch (const z3::exception& e) {
        out = {z3::unknown, z3_failure(e, deadline_)};
      }
      report_.stats.k = std::max(report_.stats.k, k);
      if (progress_)
        std::fprintf(stderr, "prove: %s k=%u %s, %.2f s\n", o.goal.id.c_str(), k,
                     out.result == z3::unsat ? "inductive"
                     : out.result == z3::sat ? "not inductive"
                                             : "unknown",
                     deadline_.elapsed());
      if (out.result == z3::unsat) {
        results[o.result] = {o.goal.id, SymbolicVerdict::kProved, k, ""};
        return true;
      }
      if (out.result == z3::unknown) {
        results[o.result] = {o.goal.id, SymbolicVerdict::kUnknown, o.clean, out.reason};
        return false;
      }
    }
    results[o.result] = {o.goal.id, SymbolicVerdict::kUnknown, o.clean,
                         "k limit " + std::to_string(max_k) +
                             " reached: the inductive step has a counterexample at k = " +
                             std::to_string(max_k) + " (not strengthened enough)"};
    return false;
  }

  SymbolicReport<M> finish() {
    report_.stats.seconds = deadline_.elapsed();
    return std::move(report_);
  }

  const S& sm_;
  Deadline deadline_;
  bool progress_;
  z3::context ctx_;  // before the solvers, which it must outlive
  Unrolling<S> base_;
  InductionWindow<S> window_;
  std::optional<LassosOf<S>> lassos_;  // built at the first liveness query
  Watchdog watchdog_;  // after the solvers: stopped before they and the context go
  SymbolicReport<M> report_;
  std::size_t next_key_ = 0;
  std::string origin_;  // of discoveries: "bmc depth 4"
  // Fresh actions for the assumptions' goals are steps numbered from here (clear of the frames').
  static constexpr int kFreshSteps = 1000000;
  static constexpr std::uint32_t kAssumptionK = 3;
  std::size_t fresh_steps_ = 0;
};

}  // namespace detail

template <SymbolicModel S>
SymbolicReport<typename S::Explicit> bmc(
    const S& sm, const std::vector<Property<typename S::Explicit>>& properties,
    const BmcConfig& config) {
  detail::SymbolicRun<S> run(sm, config.time_limit_seconds, config.progress, config.interrupt);
  return run.bmc(properties, config.depth);
}

template <SymbolicModel S>
SymbolicReport<typename S::Explicit> prove(
    const S& sm, const std::vector<Property<typename S::Explicit>>& properties,
    const ProveConfig& config) {
  detail::SymbolicRun<S> run(sm, config.time_limit_seconds, config.progress, config.interrupt);
  return run.prove(properties, config.max_k);
}

}  // namespace stsmc::checker
