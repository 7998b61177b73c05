#pragma once
// The domain the symbolic engines assume on every frame, proved before it is assumed. A model
// offers candidate facts (domain_facts); the engine keeps the largest subset that holds in every
// initial state and that every transition preserves given the subset (Houdini: drop each fact a
// counterexample breaks, repeat until none breaks). What is kept is then an inductive invariant,
// true on every reachable state, so assuming it is sound; what is dropped is reported.
#include <z3++.h>

#include <cstdint>
#include <string>
#include <vector>

#include "checker/bmc_solvers.h"
#include "core/check.h"

namespace stsmc::checker::detail {

/// The proved part of a model's candidate domain.
template <SymbolicModel S>
class ProvedDomain {
 public:
  /// Runs the fixpoint in its own solver over frames 0 and 1 of `ctx`.
  ProvedDomain(const S& sm, z3::context& ctx, const Deadline& deadline, std::uint64_t& checks) : sm_(sm) {
    const auto s = sm.frame(ctx, 0);
    const auto a = sm.step(ctx, 0);
    const auto t = sm.frame(ctx, 1);
    const auto before = sm.domain_facts(s);
    const auto after = sm.domain_facts(t);
    for (const auto& f : before) names_.push_back(f.name);
    keep_.assign(before.size(), true);
    try {
      // Initial states: a fact false in some initial state is dropped.
      z3::solver init = quiet_solver(ctx);
      init.add(sm.init(s));
      fixpoint(init, before, {}, deadline, checks, "initial");
      // Transitions: a fact the kept ones do not carry across some step is dropped.
      z3::solver step = quiet_solver(ctx);
      step.add(sm.trans(s, a, t));
      std::vector<z3::expr> guards;
      for (std::size_t i = 0; i < before.size(); ++i) {
        guards.push_back(ctx.bool_const(literal_name("dom.keep", i, 0).c_str()));
        step.add(z3::implies(guards.back(), before[i].holds));
      }
      fixpoint(step, after, guards, deadline, checks, "inductive");
    } catch (const z3::exception& e) {
      failure_ = z3_failure(e, deadline);
      keep_.assign(keep_.size(), false);
    }
  }

  /// The kept facts over `f`.
  z3::expr operator()(const typename S::Frame& f) const {
    const auto facts = sm_.domain_facts(f);
    z3::expr_vector all(facts.front().holds.ctx());
    for (std::size_t i = 0; i < facts.size(); ++i)
      if (keep_[i]) all.push_back(facts[i].holds);
    return z3::mk_and(all);
  }

  /// Names of the dropped facts (each with why), for reports.
  const std::vector<std::string>& dropped() const { return dropped_; }
  std::size_t kept() const {
    std::size_t n = 0;
    for (bool k : keep_) n += k;
    return n;
  }
  std::size_t candidates() const { return keep_.size(); }
  /// Set when the solver could not decide (time limit, Z3 error): then nothing is kept.
  const std::string& failure() const { return failure_; }

 private:
  /// Drops facts until no model of `solver` (under the `guards` of the kept facts, if any)
  /// breaks a kept one.
  template <class Facts>
  void fixpoint(z3::solver& solver, const Facts& facts, const std::vector<z3::expr>& guards, const Deadline& deadline,
                std::uint64_t& checks, const char* why) {
    z3::context& ctx = solver.ctx();
    for (std::size_t round = 0;; ++round) {
      z3::expr_vector broken(ctx);
      for (std::size_t i = 0; i < facts.size(); ++i)
        if (keep_[i]) broken.push_back(!facts[i].holds);
      if (broken.empty()) return;
      const z3::expr act = ctx.bool_const(literal_name(why, round, 0).c_str());
      solver.add(z3::implies(act, z3::mk_or(broken)));
      z3::expr_vector assumptions(ctx);
      assumptions.push_back(act);
      for (std::size_t i = 0; i < guards.size(); ++i)
        if (keep_[i]) assumptions.push_back(guards[i]);
      const CheckOutcome out = run_check(solver, assumptions, deadline, checks);
      if (out.result == z3::unsat) {
        solver.add(!act);
        return;
      }
      if (out.result != z3::sat) {
        failure_ = out.reason;
        for (std::size_t i = 0; i < keep_.size(); ++i)
          if (keep_[i]) drop(i, "undecided: " + out.reason);
        return;
      }
      const z3::model m = solver.get_model();  // before the next assertion invalidates it
      solver.add(!act);
      std::size_t dropped = 0;
      for (std::size_t i = 0; i < facts.size(); ++i)
        if (keep_[i] && m.eval(facts[i].holds, true).is_false()) {
          drop(i, std::string(why == std::string("initial") ? "false in an initial state"
                                                            : "not preserved by some transition"));
          ++dropped;
        }
      STSMC_CHECK(dropped > 0);  // the model breaks some kept fact, or the query was wrong
    }
  }

  void drop(std::size_t i, const std::string& why) {
    keep_[i] = false;
    dropped_.push_back(names_[i] + " (" + why + ")");
  }

  const S& sm_;
  std::vector<std::string> names_;
  std::vector<bool> keep_;
  std::vector<std::string> dropped_;
  std::string failure_;
};

}  // namespace stsmc::checker::detail
