#pragma once
// The bodies of bmc() and prove(). One z3::context per run, one Unrolling (BMC, and the base case
// of induction) and one InductionWindow. k-induction at k, for a goal with bad(s, a, t): the base
// case is "no run of 1..k steps (0..k for a state invariant) ends in a bad transition"; the
// inductive step is "no path s0..s(k+1) in the domain (and the proved lemmas), with s0..sk
// pairwise different, has k good transitions followed by a bad one". Together they cover every
// run: a shortest violation longer than k ends in such a path, whose first k+1 states differ.
// z3::exception is caught here and becomes "unknown" (STYLE 6).
#include <z3++.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <variant>
#include <vector>

#include "checker/bmc_replay.h"
#include "checker/bmc_solvers.h"

namespace stsmc::checker {
namespace detail {

template <SymbolicModel S>
class SymbolicRun {
  using M = typename S::Explicit;

 public:
  SymbolicRun(const S& sm, std::optional<double> time_limit, bool progress)
      : sm_(sm),
        deadline_(time_limit),
        progress_(progress),
        base_(sm, ctx_),
        window_(sm, ctx_),
        watchdog_(ctx_, deadline_) {}

  SymbolicReport<M> bmc(const std::vector<Property<M>>& props, std::uint32_t max_depth) {
    origin_ = "bmc";
    auto open = open_goals(props);
    for (std::uint32_t d = 0; d <= max_depth && !open.empty(); ++d) {
      std::erase_if(open, [&](Open& o) {
        return !(d == 0 && !o.goal.state) && !base_clean(o, d, report_.results);
      });
      if (progress_)
        std::fprintf(stderr, "bmc: depth %u done, %.2f s, %zu propert%s open\n", d,
                     deadline_.elapsed(), open.size(), open.size() == 1 ? "y" : "ies");
    }
    for (const auto& o : open)
      report_.results[o.result] = {o.goal.id, SymbolicVerdict::kHolds, max_depth, ""};
    return finish();
  }

  SymbolicReport<M> prove(const std::vector<Property<M>>& props, std::uint32_t max_k) {
    origin_ = "k-induction base case,";
    for (const auto& lemma : sm_.lemmas()) {
      report_.lemmas.push_back({lemma.name, SymbolicVerdict::kUnknown, 0, ""});
      auto holds = lemma.holds;
      Open o{Goal<S>{lemma.name,
                     [holds](const auto&, const auto&, const auto& t) { return !holds(t); }, true,
                     next_key_++},
             nullptr, report_.lemmas.size() - 1};
      if (!induct(o, max_k, report_.lemmas)) continue;
      try {
        window_.assume(lemma);
      } catch (const z3::exception& e) {
        report_.lemmas.back() = {lemma.name, SymbolicVerdict::kUnknown, 0,
                                 z3_failure(e, deadline_)};
      }
    }
    for (auto& o : open_goals(props)) induct(o, max_k, report_.results);
    return finish();
  }

 private:
  /// A goal still being decided, and where its result goes.
  struct Open {
    Goal<S> goal;
    const Property<M>* prop = nullptr;  // nullptr for a lemma
    std::size_t result = 0;             // index into the results (or lemmas) vector
    std::uint32_t clean = 0;            // no violation within this many steps
  };

  /// A result per property; a goal for each one with a symbolic encoding, the rest unsupported.
  std::vector<Open> open_goals(const std::vector<Property<M>>& props) {
    const auto symbolic = sm_.symbolic_properties();
    std::vector<Open> open;
    for (const auto& p : props) {
      report_.results.push_back({p.id, SymbolicVerdict::kUnsupported, 0, ""});
      auto& r = report_.results.back();
      const auto it = std::find_if(symbolic.begin(), symbolic.end(),
                                   [&](const auto& sp) { return sp.id == p.id; });
      if (p.kind == PropertyKind::kLiveness)
        r.reason = "liveness is not checked by the symbolic engine";
      else if (it == symbolic.end() || !it->bad)
        r.reason = "the symbolic model has no encoding of '" + p.id + "'";
      else
        open.push_back({Goal<S>{p.id, it->bad, p.kind == PropertyKind::kInvariant, next_key_++}, &p,
                        report_.results.size() - 1});
    }
    return open;
  }

  /// Depth `d` of the unrolling for `o`: true when clean; else `o`'s result is settled.
  bool base_clean(Open& o, std::uint32_t d, std::vector<SymbolicResult>& results) {
    CheckOutcome out;
    try {
      out = base_.query(o.goal, d, deadline_, report_.stats.solver_checks);
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

  /// The solver found a run of `d` steps violating `o`: replayed, a violation; else an encoding
  /// error.
  void settle_violation(const Open& o, std::uint32_t d, SymbolicResult& r, std::string origin) {
    auto c = confirm(sm_, o.prop, base_.model(), base_.steps(), d);
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
  Watchdog watchdog_;  // after the solvers: stopped before they and the context go
  SymbolicReport<M> report_;
  std::size_t next_key_ = 0;
  std::string origin_;  // of discoveries: "bmc depth 4"
};

}  // namespace detail

template <SymbolicModel S>
SymbolicReport<typename S::Explicit> bmc(
    const S& sm, const std::vector<Property<typename S::Explicit>>& properties,
    const BmcConfig& config) {
  detail::SymbolicRun<S> run(sm, config.time_limit_seconds, config.progress);
  return run.bmc(properties, config.depth);
}

template <SymbolicModel S>
SymbolicReport<typename S::Explicit> prove(
    const S& sm, const std::vector<Property<typename S::Explicit>>& properties,
    const ProveConfig& config) {
  detail::SymbolicRun<S> run(sm, config.time_limit_seconds, config.progress);
  return run.prove(properties, config.max_k);
}

}  // namespace stsmc::checker
