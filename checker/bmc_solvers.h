#pragma once
// The two incremental solvers of the symbolic engine: the BMC unrolling from the initial states
// (bmc(), and prove()'s base case) and the k-induction window. Each is one z3::solver for the
// whole run: frames are added as the depth grows and every query is made under fresh assumption
// literals, so nothing is ever retracted or rebuilt. Transitions, simple-path constraints and
// lemmas are guarded by literals too, so a query at depth k sees only frames 0..k.
// Part of checker/bmc.h (included by bmc_impl.h): include that.
#include <z3++.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "checker/interrupt.h"

namespace stsmc::checker::detail {

inline constexpr const char* kTimeLimit = "time limit";

/// A solver that leaves SIGINT alone: by default Z3 takes the signal over while it checks
/// (scoped_ctrl_c) and only cancels that one check, so Ctrl-C would never reach the run. The
/// Watchdog interrupts the context instead, for the time limit and for the interrupt flag.
///
/// Arithmetic: Z3's solver 2 (the simplex of its "old" arithmetic module) rather than the
/// default. Our terms are linear integer arithmetic over many ite's and equalities; with
/// Debian's Z3 4.8.12 solver 2 took `stsmc selftest --part mutants` from 7 min 19 s to 4 min
/// 20 s and `--part baselines` from 92 s to 51 s, bmc to depth 4 on db-canary from 13.4 s to
/// 9.1 s, with the same verdicts (docs/symbolic.md, "Solver settings"). Both are decision
/// procedures for the same theory: only the time changes. The logic QF_LIA, tried too, was 3-4
/// times slower.
inline z3::solver quiet_solver(z3::context& ctx) {
  z3::solver s(ctx);
  s.set("ctrl_c", false);
  s.set("arith.solver", 2u);
  return s;
}

/// The run's time limit and interrupt flag, shared by every check.
class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Deadline(std::optional<double> limit_seconds, InterruptFlag interrupt = nullptr)
      : limit_(limit_seconds), interrupt_(interrupt) {}
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  /// The time limit passed or the run was interrupted: no further check is started.
  bool expired() const { return interrupted(interrupt_) || (limit_ && elapsed() >= *limit_); }
  /// Why, once expired: "interrupted" or "time limit".
  const char* why() const { return interrupted(interrupt_) ? kInterrupted : kTimeLimit; }
  /// When the limit passes, if there is one.
  std::optional<Clock::time_point> at() const {
    if (!limit_) return std::nullopt;
    return start_ +
           std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*limit_));
  }
  InterruptFlag interrupt() const { return interrupt_; }

 private:
  Clock::time_point start_ = Clock::now();
  std::optional<double> limit_;
  InterruptFlag interrupt_;
};

/// Interrupts the check running on `ctx` when the deadline passes (Z3_interrupt is thread-safe);
/// after that, run_check answers "time limit" without asking the solver. Not the solver's
/// "timeout" parameter: with Z3 4.8.12 a 1 s timeout on a nonlinear (factoring) query never
/// returned, both threads blocked inside libz3's timer (scoped_timer deadlocks are
/// Z3Prover/z3#5371 and #5990), while an interrupt from our own thread returns promptly.
class Watchdog {
 public:
  /// With an interrupt flag, the thread also looks at it every 100 ms.
  Watchdog(z3::context& ctx, const Deadline& deadline) {
    const auto at = deadline.at();
    const InterruptFlag flag = deadline.interrupt();
    if (!at && !flag) return;
    thread_ = std::thread([this, &ctx, at, flag] {
      std::unique_lock lock(mu_);
      while (!done_) {
        auto when = Deadline::Clock::now() + std::chrono::milliseconds(100);
        if (!flag) when = *at;
        else if (at) when = std::min(when, *at);
        if (cv_.wait_until(lock, when, [this] { return done_; })) return;
        if ((at && Deadline::Clock::now() >= *at) || interrupted(flag)) {
          ctx.interrupt();
          return;
        }
      }
    });
  }
  ~Watchdog() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

/// A check's answer; for unknown, why ("time limit", "z3: <reason_unknown>", "z3 error: ...").
struct CheckOutcome {
  z3::check_result result = z3::unknown;
  std::string reason;
};

/// Why a Z3 call threw: the watchdog's interrupt ("canceled") once the deadline passed or the run
/// was interrupted is that, anything else a Z3 error.
inline std::string z3_failure(const z3::exception& e, const Deadline& deadline) {
  return deadline.expired() ? std::string(deadline.why()) : std::string("z3 error: ") + e.msg();
}

/// Checks under `assumptions`; the run's Watchdog interrupts it at the deadline.
inline CheckOutcome run_check(z3::solver& solver, const z3::expr_vector& assumptions,
                              const Deadline& deadline, std::uint64_t& checks) {
  if (deadline.expired()) return {z3::unknown, deadline.why()};
  ++checks;
  const z3::check_result r = solver.check(assumptions);
  if (r != z3::unknown) return {r, ""};
  if (deadline.expired()) return {r, deadline.why()};
  return {r, "z3: " + solver.reason_unknown()};
}

/// A property or lemma as the solvers see it. `key` is unique in the run (it names literals).
template <class S>
struct Goal {
  std::string id;
  std::function<z3::expr(const typename S::Frame&, const typename S::Step&,
                         const typename S::Frame&)>
      bad;
  bool state = false;  ///< an invariant over the target state: also checked on initial states
  std::size_t key = 0;
};

inline std::string literal_name(const char* what, std::size_t key, std::size_t i) {
  return std::string("stsmc!") + what + "." + std::to_string(key) + "@" + std::to_string(i);
}

/// Frames 0..depth from the initial states, for bounded model checking.
template <SymbolicModel S>
class Unrolling {
 public:
  Unrolling(const S& sm, z3::context& ctx) : sm_(sm), ctx_(ctx), solver_(quiet_solver(ctx)) {}

  /// The facts assumed on every frame (checker/bmc_domain.h): set before the first frame.
  void set_domain(std::function<z3::expr(const typename S::Frame&)> domain) { domain_ = std::move(domain); }

  /// Builds frames up to `depth` and the guarded transitions between them. Step `depth` exists
  /// unconstrained: a state goal's depth-0 query passes step 0 as bad's (ignored) action.
  ///
  /// A frame joins only once everything about it is in the solver: a Z3 call that throws (an
  /// interrupt, an error) leaves the unrolling as it was, and the next call builds that frame
  /// again under the same names (what the failed attempt added is then said twice, which changes
  /// nothing). Frames, steps and transition literals stay the same length.
  void extend_to(std::uint32_t depth) {
    while (frames_.size() <= depth) {
      const int i = static_cast<int>(frames_.size());
      auto frame = sm_.frame(ctx_, i);
      auto step = sm_.step(ctx_, i);
      solver_.add(domain_(frame));
      if (i == 0) {
        solver_.add(sm_.init(frame));
      } else {
        const z3::expr lit = ctx_.bool_const(literal_name("bmc.trans", 0, i - 1).c_str());
        solver_.add(z3::implies(lit, sm_.trans(frames_.back(), steps_.back(), frame)));
        trans_.push_back(lit);
      }
      frames_.push_back(std::move(frame));
      steps_.push_back(std::move(step));
    }
  }

  /// Is there a run of `depth` steps whose last transition is bad for `g` (for a state goal at
  /// depth 0: an initial state that is bad)? On sat, model() holds the run.
  CheckOutcome query(const Goal<S>& g, std::uint32_t depth, const Deadline& deadline,
                     std::uint64_t& checks) {
    extend_to(depth);
    return query(literal_name("bmc.act", g.key, depth),
                 depth == 0 ? g.bad(frames_[0], steps_[0], frames_[0])
                            : g.bad(frames_[depth - 1], steps_[depth - 1], frames_[depth]),
                 depth, deadline, checks);
  }

  /// Is there a run of `depth` steps (frames built) on which `goal` holds? `act_name` names the
  /// query's fresh activation literal. On sat, model() holds the run.
  CheckOutcome query(const std::string& act_name, const z3::expr& goal, std::uint32_t depth,
                     const Deadline& deadline, std::uint64_t& checks) {
    const z3::expr act = ctx_.bool_const(act_name.c_str());
    solver_.add(z3::implies(act, goal));
    z3::expr_vector assumptions(ctx_);
    for (std::uint32_t i = 0; i < depth; ++i) assumptions.push_back(trans_[i]);
    assumptions.push_back(act);
    CheckOutcome out = run_check(solver_, assumptions, deadline, checks);
    if (out.result == z3::sat) model_.emplace(solver_.get_model());
    solver_.add(!act);  // retired: this literal is never assumed again
    return out;
  }

  const z3::model& model() const { return *model_; }
  const std::vector<typename S::Frame>& frames() const { return frames_; }
  const std::vector<typename S::Step>& steps() const { return steps_; }
  /// For definitions that constrain nothing but fresh constants (liveness facts).
  void define(const z3::expr& e) { solver_.add(e); }
  std::uint32_t depth() const {
    return frames_.empty() ? 0 : static_cast<std::uint32_t>(frames_.size() - 1);
  }

 private:
  const S& sm_;
  z3::context& ctx_;
  z3::solver solver_;
  std::vector<typename S::Frame> frames_;
  std::vector<typename S::Step> steps_;
  std::vector<z3::expr> trans_;  // trans_[i] guards the transition i -> i+1
  std::optional<z3::model> model_;
  std::function<z3::expr(const typename S::Frame&)> domain_;
};

/// The inductive step: frames s0..s(k+1) anywhere in the domain (no initial state), for every k.
template <SymbolicModel S>
class InductionWindow {
 public:
  InductionWindow(const S& sm, z3::context& ctx) : sm_(sm), ctx_(ctx), solver_(quiet_solver(ctx)) {}

  /// The facts assumed on every frame (checker/bmc_domain.h): set before the first frame.
  void set_domain(std::function<z3::expr(const typename S::Frame&)> domain) { domain_ = std::move(domain); }

  /// Assumes a proved lemma on every frame, present and future, in every later query.
  template <class L>
  void assume(const L& lemma) {
    const z3::expr lit = ctx_.bool_const(literal_name("ind.lemma", lemmas_.size(), 0).c_str());
    for (const auto& f : frames_) solver_.add(z3::implies(lit, lemma.holds(f)));
    lemmas_.push_back(Lemma<S>{lemma.name, lemma.holds});
    lemma_lits_.push_back(lit);
  }

  /// Is there a path s0..s(k+1) within the domain and the assumed lemmas, with s0..sk pairwise
  /// different, whose first k transitions are good for `g` and whose last one is bad? Unsat:
  /// `g` is k-inductive.
  ///
  /// The simple-path constraint is added lazily, pair by pair, as Eén and Sörensson's temporal
  /// induction does: a query first holds only the pairs earlier queries needed; when the solver's
  /// path repeats a state among s0..sk, "those two differ" joins the query and it is asked again.
  /// Every pair held is a clause of the full constraint, so unsat here is unsat with all of them,
  /// and sat is only answered for a path whose s0..sk are pairwise different: the same answers as
  /// the whole O(k^2) constraint, which made a k = 9 step of max-unavailable-ignored's prove take
  /// twice as long.
  CheckOutcome query(const Goal<S>& g, std::uint32_t k, const Deadline& deadline,
                     std::uint64_t& checks) {
    extend_to(k + 1);
    auto& good = good_[g.key];
    while (good.size() < k) {
      const std::size_t i = good.size();
      const z3::expr lit = ctx_.bool_const(literal_name("ind.good", g.key, i).c_str());
      solver_.add(z3::implies(lit, !g.bad(frames_[i], steps_[i], frames_[i + 1])));
      good.push_back(lit);  // only once it means something: assumed, it must constrain
    }
    const z3::expr act = ctx_.bool_const(literal_name("ind.act", g.key, k).c_str());
    solver_.add(z3::implies(act, g.bad(frames_[k], steps_[k], frames_[k + 1])));
    z3::expr_vector assumptions(ctx_);
    for (std::uint32_t i = 0; i <= k; ++i) assumptions.push_back(trans_[i]);
    for (const auto& [pair, lit] : distinct_)
      if (pair.second <= k) assumptions.push_back(lit);
    for (std::uint32_t i = 0; i < k; ++i) assumptions.push_back(good[i]);
    for (const auto& l : lemma_lits_) assumptions.push_back(l);
    assumptions.push_back(act);
    CheckOutcome out = run_check(solver_, assumptions, deadline, checks);
    while (out.result == z3::sat) {
      const std::size_t held = assumptions.size();
      const z3::model m = solver_.get_model();
      for (std::uint32_t b = 1; b <= k; ++b)
        for (std::uint32_t a = 0; a < b; ++a)
          if (!distinct_.contains({a, b}) && !m.eval(differ(a, b), true).is_true())
            assumptions.push_back(distinct_.emplace(std::pair{a, b}, pair_literal(a, b)).first->second);
      if (assumptions.size() == held) break;  // s0..sk pairwise different: a real answer
      out = run_check(solver_, assumptions, deadline, checks);
    }
    solver_.add(!act);
    return out;
  }

 private:
  /// As Unrolling::extend_to: a frame joins once everything about it is in the solver.
  void extend_to(std::uint32_t last) {
    while (frames_.size() <= last) {
      const std::size_t i = frames_.size();
      auto f = sm_.frame(ctx_, static_cast<int>(i));
      auto step = sm_.step(ctx_, static_cast<int>(i));
      solver_.add(domain_(f));
      for (std::size_t j = 0; j < lemmas_.size(); ++j)
        solver_.add(z3::implies(lemma_lits_[j], lemmas_[j].holds(f)));
      if (i > 0) {
        const z3::expr lit = ctx_.bool_const(literal_name("ind.trans", 0, i - 1).c_str());
        solver_.add(z3::implies(lit, sm_.trans(frames_.back(), steps_.back(), f)));
        trans_.push_back(lit);
      }
      frames_.push_back(std::move(f));
      steps_.push_back(std::move(step));
    }
  }

  /// Frames a and b differ, as a term (built once per pair).
  const z3::expr& differ(std::uint32_t a, std::uint32_t b) {
    auto it = differ_.find({a, b});
    if (it == differ_.end()) it = differ_.emplace(std::pair{a, b}, sm_.differ(frames_[a], frames_[b])).first;
    return it->second;
  }

  /// The literal that holds "frames a and b differ" in every later query that reaches b.
  z3::expr pair_literal(std::uint32_t a, std::uint32_t b) {
    const z3::expr lit = ctx_.bool_const(literal_name("ind.distinct", a, b).c_str());
    solver_.add(z3::implies(lit, differ(a, b)));
    return lit;
  }

  const S& sm_;
  z3::context& ctx_;
  z3::solver solver_;
  std::vector<typename S::Frame> frames_;
  std::vector<typename S::Step> steps_;
  std::vector<z3::expr> trans_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, z3::expr> distinct_;  // pairs (a, b), a < b, held so far
  std::map<std::pair<std::uint32_t, std::uint32_t>, z3::expr> differ_;
  std::vector<Lemma<S>> lemmas_;
  std::vector<z3::expr> lemma_lits_;
  std::map<std::size_t, std::vector<z3::expr>> good_;  // per goal key: good_[key][i] guards ¬bad(i)
  std::function<z3::expr(const typename S::Frame&)> domain_;
};

}  // namespace stsmc::checker::detail
