#pragma once
// Lassos for bmc(): the liveness query at depth k over the BMC unrolling. Each frame's liveness
// facts (SymbolicLiveness::live_frame) and each step's class are defined once, as fresh Boolean
// constants equal to their terms (definitions constrain nothing else, so they are added for
// good); the loop constraints are specific to (property, k, loop start j) and live behind the
// query's activation literal. Loop start j is a defined constant too, so the solver's choice is
// read back from the model. Part of checker/bmc.h (included by bmc_impl.h): include that.
#include <z3++.h>

#include <concepts>
#include <cstdint>
#include <string>
#include <vector>

#include "checker/bmc_solvers.h"

namespace stsmc::checker::detail {

template <SymbolicModel S>
  requires SymbolicLiveness<S>
class Lassos {
  using M = typename S::Explicit;

 public:
  Lassos(const S& sm, z3::context& ctx) : sm_(sm), ctx_(ctx) {}

  /// "Steps 0..k of `u` end in a lasso violating liveness property `p` (index into
  /// symbolic_liveness())": for some j < k a fair non-goal loop sj..sk of quiet steps with sk
  /// the same state as sj (closes()), or the empty loop at sk (no goal, no quiet action
  /// enabled). `key` names the loop-start constants.
  z3::expr at(Unrolling<S>& u, std::size_t p, std::size_t key, std::uint32_t k) {
    define_up_to(u, k);
    const auto& frames = u.frames();
    z3::expr_vector any(ctx_);
    for (std::uint32_t j = 0; j < k; ++j) {
      z3::expr_vector all(ctx_);
      all.push_back(closes(frames[k], frames[j]));
      for (std::uint32_t i = j; i <= k; ++i) {
        all.push_back(!state_[i].goals[p]);
        all.push_back(state_[i].exact);
        if (i < k) all.push_back(quiet_[i]);
      }
      for (std::size_t c = 0; c < M::kActorClasses; ++c) {
        z3::expr_vector fair(ctx_);
        for (std::uint32_t i = j; i < k; ++i) {
          fair.push_back(class_[i][c]);
          fair.push_back(!state_[i].moving[c]);
        }
        all.push_back(z3::mk_or(fair));
      }
      const z3::expr loop = ctx_.bool_const(loop_name(key, k, j).c_str());
      u.define(loop == z3::mk_and(all));
      any.push_back(loop);
    }
    any.push_back(!state_[k].goals[p] && state_[k].exact && !state_[k].quiet_enabled);
    return z3::mk_or(any);
  }

  /// The loop start of the lasso the solver found for at(u, p, key, k): the smallest j whose loop
  /// holds in `zm`, else k (the empty loop).
  std::uint32_t loop_start(const z3::model& zm, std::size_t key, std::uint32_t k) const {
    for (std::uint32_t j = 0; j < k; ++j)
      if (zm.eval(ctx_.bool_const(loop_name(key, k, j).c_str()), true).is_true())
        return j;
    return k;
  }

 private:
  /// sk closes the loop back to sj: the model's state identity when it has one (the explicit
  /// explorer's, e.g. equality up to renaming of UIDs), else equality of every field.
  z3::expr closes(const typename S::Frame& sk, const typename S::Frame& sj) const {
    if constexpr (requires { { sm_.same_up_to_naming(sk, sj) } -> std::convertible_to<z3::expr>; })
      return sm_.same_up_to_naming(sk, sj);
    else
      return !sm_.differ(sk, sj);
  }

  static std::string loop_name(std::size_t key, std::uint32_t k, std::uint32_t j) {
    return literal_name("live.loop", key, k) + "/" + std::to_string(j);
  }

  struct Facts {
    std::vector<z3::expr> goals, moving;
    z3::expr quiet_enabled, exact;
  };

  /// A fresh constant named for frame or step `i`, defined equal to `term`.
  z3::expr defined(Unrolling<S>& u, const std::string& what, std::size_t i, const z3::expr& term) {
    const z3::expr v = ctx_.bool_const(literal_name(what.c_str(), 0, i).c_str());
    u.define(v == term);
    return v;
  }

  void define_up_to(Unrolling<S>& u, std::uint32_t k) {
    u.extend_to(k);
    const auto& frames = u.frames();
    const auto& steps = u.steps();
    while (state_.size() <= k) {
      const std::size_t i = state_.size();
      const auto lf = sm_.live_frame(frames[i]);
      Facts f{{}, {}, defined(u, "live.enabled", i, lf.quiet_enabled), defined(u, "live.exact", i, lf.exact)};
      for (std::size_t p = 0; p < lf.goals.size(); ++p)
        f.goals.push_back(defined(u, "live.goal" + std::to_string(p), i, lf.goals[p]));
      for (std::size_t c = 0; c < M::kActorClasses; ++c)
        f.moving.push_back(defined(u, "live.moving" + std::to_string(c), i, lf.moving[c]));
      state_.push_back(std::move(f));
    }
    while (quiet_.size() < k) {
      // Pushed together once all are defined: a Z3 call that throws leaves both as they were.
      const std::size_t i = quiet_.size();
      const z3::expr quiet = defined(u, "live.quiet", i, sm_.quiet(steps[i]));
      std::vector<z3::expr> cls;
      for (std::size_t c = 0; c < M::kActorClasses; ++c)
        cls.push_back(defined(u, "live.class" + std::to_string(c), i, sm_.actor_class_is(steps[i], c)));
      quiet_.push_back(quiet);
      class_.push_back(std::move(cls));
    }
  }

  const S& sm_;
  z3::context& ctx_;
  std::vector<Facts> state_;                  // per frame
  std::vector<z3::expr> quiet_;               // per step
  std::vector<std::vector<z3::expr>> class_;  // per step, per class
};

}  // namespace stsmc::checker::detail
