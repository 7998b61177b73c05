#pragma once
// fuzz: RapidCheck stateful testing over a Model. A test case is a swarm mask and a vector of
// choices; choice i picks the (value mod n)-th of the n actions the model enables (and the swarm
// allows) at step i. Every vector is a valid run, so RapidCheck's shrinking (dropping choices,
// moving values towards 0, clearing swarm bits) only ever proposes valid runs, and the minimal
// failing case it settles on is a trace the model can make. The same walk machinery as simulate
// (checker/walk.h) checks the properties: safety at every step, liveness after a fair settle.
//
// Reproducibility: RapidCheck is given the root seed, and the property is a pure function of the
// case, so one seed finds the same case and shrinks it to the same trace on every run. Shrinking
// stops after a number of tries (deterministic) or, as a safety net, a time budget (which a slow
// machine may reach first; the report then says so).
#include <rapidcheck.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "checker/detail/progress.h"
#include "checker/explore.h"
#include "checker/walk.h"
#include "core/rng.h"

namespace stsmc::checker {

/// Knobs of a fuzzing run.
struct FuzzConfig {
  Seed seed = 0;
  std::size_t runs = 1000;  ///< test cases (RapidCheck's maxSuccess)
  WalkLimits limits;        ///< limits.steps: the longest choice vector
  bool swarm = true;        ///< each case also carries a swarm mask
  /// Stop shrinking this long after the first failure and keep the smallest case so far.
  std::optional<double> shrink_seconds = 60;
  /// Stop shrinking after this many candidates: a count, unlike the time, gives the same case on
  /// every machine.
  std::optional<std::size_t> shrink_tries = 20'000;
  std::optional<std::uint64_t> max_steps;    ///< stop testing after this many actions in all
  std::optional<double> time_limit_seconds;  ///< stop testing after this much wall time
  bool progress = true;
  InterruptFlag interrupt = nullptr;         ///< set: stop testing and shrinking ("interrupted")
};

namespace detail {

/// RapidCheck's size runs over 0..kFuzzMaxSize; the choice vector's length scales with it.
inline constexpr int kFuzzMaxSize = 100;

template <Model M>
class Fuzzer final : public rc::detail::TestListener {
 public:
  Fuzzer(const M& model, const std::vector<Property<M>>& props, const FuzzConfig& c)
      : model_(model), props_(props), c_(c), inits_(model.init_states()) {}

  ExploreReport<M> run() {
    ExploreReport<M> report;
    auto& st = report.stats;
    st.engine = "fuzz";
    st.threads = 1;
    if (inits_.empty()) {
      st.stop_reason = "the model has no initial state";
      return report;
    }
    rc::detail::TestParams params;
    params.seed = c_.seed;
    params.maxSuccess = static_cast<int>(std::min<std::size_t>(c_.runs, 1u << 30));
    params.maxSize = kFuzzMaxSize;
    rc::detail::TestMetadata meta;
    meta.id = meta.description = "stsmc fuzz";
    // RapidCheck announces its global configuration ("Using configuration: seed=...") on
    // std::cerr the first time it is used. Our seed travels in `params`, so that line would name
    // a second, irrelevant seed: std::cerr is muted while RapidCheck runs (our progress lines
    // use stdio, not std::cerr).
    std::streambuf* const cerr_buf = std::cerr.rdbuf(nullptr);
    const auto result = [&] {
      try {
        return rc::detail::checkTestable([this] { test_case(); }, meta, params, *this);
      } catch (...) {
        std::cerr.rdbuf(cerr_buf);
        throw;
      }
    }();
    std::cerr.rdbuf(cerr_buf);
    rc::detail::FailureResult failure;
    rc::detail::Error error;
    if (result.match(failure) && !found_)  // a failure no property reported: an exception, a bug
      throw std::runtime_error("fuzz: the model failed outside any property: " +
                               failure.description);
    if (result.match(error)) throw std::runtime_error("fuzz: RapidCheck: " + error.description);
    st.walks = cases_;
    st.steps = steps_;
    st.converged = converged_;
    st.unsettled = unsettled_;
    st.longest_walk = longest_;
    st.action_counts = std::move(coverage_);
    st.stop_reason = stop_reason_;
    st.complete = stop_reason_.empty();
    if (found_) {
      found_->origin = "test case " + std::to_string(cases_) + " of seed " +
                       std::to_string(c_.seed) + ", shrunk by RapidCheck in " +
                       std::to_string(shrinks_accepted_) + " of " +
                       std::to_string(shrinks_tried_) + " tries" +
                       (shrink_cut_ ? " (shrink budget reached)" : "");
      report.discoveries.push_back(std::move(*found_));
    } else if (known_) {  // nothing unexplained failed: report the known behaviour it met
      known_->origin = "test case of seed " + std::to_string(c_.seed) + " (known upstream; not shrunk by RapidCheck)";
      report.discoveries.push_back(std::move(*known_));
    }
    st.seconds = seconds_since(start_);
    return report;
  }

  // rc::detail::TestListener
  void onTestCaseFinished(const rc::detail::CaseDescription&) override { progress(); }
  void onShrinkTried(const rc::detail::CaseDescription&, bool accepted) override {
    ++shrinks_tried_;
    shrinks_accepted_ += accepted;
    progress();
  }
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}

 private:
  static double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  }

  bool shrinking() const { return target_.has_value(); }

  /// One RapidCheck test case (or shrink candidate): draw the case, walk it, fail on the target
  /// property (any property while none has failed yet).
  void test_case() {
    if (shrinking()) {
      if ((c_.shrink_seconds && seconds_since(shrink_start_) >= *c_.shrink_seconds) ||
          (c_.shrink_tries && shrinks_tried_ >= *c_.shrink_tries) || interrupted(c_.interrupt)) {
        shrink_cut_ = true;
        return;  // out of shrink time: every further candidate "passes", so none is taken
      }
    } else if (!stop_reason_.empty()) {
      return;  // a limit was reached: the remaining cases pass without running
    }
    const std::uint32_t mask = c_.swarm ? *rc::gen::arbitrary<std::uint32_t>() : 0u;
    const std::size_t init =
        inits_.size() > 1 ? *rc::gen::inRange<std::size_t>(0, inits_.size()) : 0;
    const double scale = static_cast<double>(c_.limits.steps) / kFuzzMaxSize;
    const auto choices = *rc::gen::scale(
        scale, rc::gen::container<std::vector<std::uint32_t>>(
                   rc::gen::resize(kFuzzMaxSize, rc::gen::arbitrary<std::uint32_t>())));
    WalkLimits limits = c_.limits;
    limits.steps = std::min(choices.size(), c_.limits.steps);
    std::size_t next = 0;
    auto choose = [&](std::size_t) -> std::uint64_t {
      return next < choices.size() ? choices[next++] : 0;
    };
    auto first = [](std::size_t) -> std::uint64_t { return 0; };
    auto r = walk(model_, props_, inits_[init], limits, Swarm::masked(mask), choose, first,
                  [this] { return within_limits(); });
    if (!shrinking()) count(r);
    if (!r.violation || (target_ && r.violation->property != *target_)) return;
    const std::size_t failed = r.violation->property;
    // RapidCheck only moves on to a candidate that fails too, so the last failing case kept is
    // the minimal one it ends with.
    auto d = walk_discovery(model_, props_, std::move(r));
    if (!d.note.empty()) {  // known upstream behaviour: remember the first, keep testing
      if (!shrinking() && !known_) known_ = std::move(d);
      return;
    }
    if (!target_) {
      target_ = failed;
      shrink_start_ = Clock::now();
    }
    found_ = std::move(d);
    RC_FAIL(props_[*target_].id + ": " + found_->message);
  }

  bool within_limits() {
    if (shrinking()) return true;
    ++steps_;
    if (c_.max_steps && steps_ > *c_.max_steps) stop_reason_ = "max-steps";
    if ((steps_ & 63) == 0 && interrupted(c_.interrupt)) stop_reason_ = kInterrupted;
    if (c_.time_limit_seconds && (steps_ & 63) == 0 && seconds_since(start_) >= *c_.time_limit_seconds)
      stop_reason_ = "time-limit";
    return stop_reason_.empty();
  }

  void count(const WalkResult<M>& r) {
    ++cases_;
    longest_ = std::max<std::uint64_t>(longest_, r.path.length());
    converged_ += r.end == WalkEnd::kConverged;
    unsettled_ += r.end == WalkEnd::kUnsettled;
    for (const auto& [name, n] : r.action_counts) coverage_[name] += n;
  }

  void progress() {
    if (!c_.progress) return;
    const auto now = Clock::now();
    if (now - last_progress_ < std::chrono::seconds(1)) return;
    last_progress_ = now;
    if (shrinking())
      std::fprintf(stderr, "fuzz: shrinking %s: %zu tries, %zu taken, trace length %zu\n",
                   props_[*target_].id.c_str(), shrinks_tried_, shrinks_accepted_,
                   found_ ? found_->path.length() : 0);
    else
      std::fprintf(stderr, "fuzz: case %llu/%zu  steps %s (%s/s)\n",
                   static_cast<unsigned long long>(cases_), c_.runs,
                   human_count(static_cast<double>(steps_)).c_str(),
                   human_count(static_cast<double>(steps_) / std::max(seconds_since(start_), 1e-9)).c_str());
  }

  const M& model_;
  const std::vector<Property<M>>& props_;
  const FuzzConfig& c_;
  const Clock::time_point start_ = Clock::now();
  Clock::time_point last_progress_ = start_;
  Clock::time_point shrink_start_{};
  std::vector<typename M::State> inits_;
  std::optional<std::size_t> target_;
  std::optional<Discovery<M>> found_;
  std::optional<Discovery<M>> known_;  ///< the first violation explained as known upstream
  std::string stop_reason_;
  bool shrink_cut_ = false;
  std::size_t shrinks_tried_ = 0, shrinks_accepted_ = 0;
  std::uint64_t cases_ = 0, steps_ = 0, converged_ = 0, unsettled_ = 0, longest_ = 0;
  std::map<std::string, std::uint64_t> coverage_;
};

}  // namespace detail

/// Runs RapidCheck over `model` with `config.runs` cases from `config.seed`, checking
/// `properties` on each walk; at the first failure it shrinks the case (within the shrink
/// budget) and reports the smallest failing run it found, for the first property that failed.
/// A violation explained as known upstream behaviour does not fail a case; the first one met is
/// reported (unshrunk) when nothing else fails.
template <Model M>
ExploreReport<M> fuzz(const M& model, const std::vector<Property<M>>& properties,
                      const FuzzConfig& config) {
  detail::Fuzzer<M> f(model, properties, config);
  return f.run();
}

}  // namespace stsmc::checker
