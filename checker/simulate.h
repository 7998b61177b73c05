#pragma once
// simulate: seeded random walks over a Model, far beyond the bounds exhaustive search can finish
// (TLC's -simulate, SPIN's random simulation). Walk i draws every choice from a SplitMix64 seeded
// with derive_seed(seed, i), so a walk is reproducible from the root seed and its index alone, on
// any thread. Each walk checks every safety property at every step and, unless it failed, settles
// the quiet world to judge liveness (checker/walk.h). Walks run in parallel; the report keeps, per
// property, the violation of the lowest-numbered walk, so results do not depend on the number of
// threads (except when a time limit cuts the run short).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "checker/detail/progress.h"
#include "checker/detail/worker_pool.h"
#include "checker/explore.h"
#include "checker/walk.h"
#include "core/rng.h"

namespace stsmc::checker {

/// Knobs of a simulation.
struct SimulateConfig {
  Seed seed = 0;
  std::size_t walks = 1000;
  WalkLimits limits;
  bool swarm = true;        ///< each walk draws its own swarm (Swarm::random)
  std::size_t threads = 0;  ///< 0: all cores
  std::optional<std::uint64_t> max_steps;    ///< stop after this many actions over all walks
  std::optional<double> time_limit_seconds;  ///< stop after this much wall time
  bool progress = true;                      ///< a progress line on stderr once a second
  bool stop_at_first_violation = false;      ///< else every walk runs
  InterruptFlag interrupt = nullptr;         ///< set: stop the walks ("interrupted")
};

namespace detail {

/// What the report needs of one finished walk.
struct WalkSummary {
  std::uint64_t steps = 0;
  WalkEnd end = WalkEnd::kNotSettled;
  bool ran = false;
};

template <Model M>
class Simulator {
 public:
  Simulator(const M& model, const std::vector<Property<M>>& props, const SimulateConfig& c)
      : model_(model), props_(props), c_(c), inits_(model.init_states()),
        pool_(c.threads ? c.threads : std::max(1u, std::thread::hardware_concurrency())),
        found_(props.size()), coverage_(pool_.size()) {}

  /// Walks run in batches, so that the per-walk summaries take bounded memory for any --walks
  /// and a batch's statistics are folded in only up to the walk that stopped the run.
  ExploreReport<M> run() {
    ExploreReport<M> report;
    for (std::size_t base = 0; base < c_.walks && !inits_.empty(); base += kBatch) {
      const std::size_t n = std::min(kBatch, c_.walks - base);
      summaries_.assign(n, WalkSummary{});
      base_ = base;
      pool_.run(n, [this](std::size_t i, std::size_t worker) { run_walk(base_ + i, worker); });
      fold_batch(report.stats);
      if (stop_after_.load() != SIZE_MAX || stop_reason_set_.load()) break;
    }
    return finish(std::move(report));
  }

 private:
  struct Found {
    std::size_t walk = 0;
    Discovery<M> discovery;
  };

  double elapsed() const {
    return std::chrono::duration<double>(Clock::now() - start_).count();
  }

  /// False once the run must stop: a limit, or (stop-at-first) a violation in an earlier walk.
  bool keep_going(std::size_t w) {
    if (w > stop_after_.load(std::memory_order_relaxed)) return false;
    if (stop_reason_set_.load(std::memory_order_relaxed)) return false;
    const auto total = steps_.fetch_add(1, std::memory_order_relaxed) + 1;
    if (c_.max_steps && total > *c_.max_steps) return stop("max-steps");
    if ((total & 63) == 0 && interrupted(c_.interrupt)) return stop(kInterrupted);
    if (c_.time_limit_seconds && (total & 63) == 0 && elapsed() >= *c_.time_limit_seconds)
      return stop("time-limit");
    return true;
  }

  bool stop(const char* reason) {
    std::lock_guard lock(mu_);
    if (!stop_reason_set_.exchange(true)) stop_reason_ = reason;
    return false;
  }

  void run_walk(std::size_t w, std::size_t worker) {
    if (w > stop_after_.load() || stop_reason_set_.load()) return;
    const Seed seed = derive_seed(c_.seed, w);
    SplitMix64 rng(seed);
    const Swarm swarm = c_.swarm ? Swarm::random(derive_seed(seed, 1)) : Swarm();
    const auto& init = inits_[rng.below(inits_.size())];
    auto choose = [&rng](std::size_t n) { return rng.below(n); };
    bool abandoned = false;
    auto r = walk(model_, props_, init, c_.limits, swarm, choose, choose, [&] {
      abandoned = abandoned || !keep_going(w);
      return !abandoned;
    });
    if (w > stop_after_.load() || (abandoned && !r.violation)) return;  // cut short: not counted
    summaries_[w - base_] = {r.path.length(), r.end, true};
    for (const auto& [name, n] : r.action_counts) coverage_[worker][name] += n;
    walks_done_.fetch_add(1, std::memory_order_relaxed);
    if (r.violation) record(w, swarm, std::move(r));
    maybe_progress();
  }

  void record(std::size_t w, const Swarm& swarm, WalkResult<M>&& r) {
    const std::size_t property = r.violation->property;
    Discovery<M> d = walk_discovery(model_, props_, std::move(r));
    d.origin = "walk " + std::to_string(w) + " of seed " + std::to_string(c_.seed) +
               (swarm.active() ? " (swarm " + swarm.describe() + ")" : "");
    // Per property, an unexplained violation beats known upstream behaviour (which must not
    // hide it), then the lowest walk wins.
    const bool known = !d.note.empty();
    std::lock_guard lock(mu_);
    auto& slot = found_[property];
    const bool slot_known = slot && !slot->discovery.note.empty();
    if (!slot || (slot_known && !known) || (slot_known == known && w < slot->walk))
      slot = Found{w, std::move(d)};
    if (c_.stop_at_first_violation && !known && w < stop_after_.load()) stop_after_.store(w);
  }

  void maybe_progress() {
    if (!c_.progress) return;
    std::unique_lock lock(progress_mu_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    const auto now = Clock::now();
    if (now - last_progress_ < std::chrono::seconds(1)) return;
    last_progress_ = now;
    const double secs = elapsed();
    const auto steps = steps_.load();
    std::size_t violations = 0;
    {
      std::lock_guard l(mu_);
      for (const auto& f : found_) violations += f.has_value();
    }
    std::fprintf(stderr, "simulate: walks %llu/%zu  steps %s (%s/s)  violated properties %zu\n",
                 static_cast<unsigned long long>(walks_done_.load()), c_.walks,
                 human_count(static_cast<double>(steps)).c_str(),
                 human_count(static_cast<double>(steps) / std::max(secs, 1e-9)).c_str(), violations);
  }

  /// Adds the batch's walks, up to the one that stopped the run, to the statistics.
  void fold_batch(ExploreStats& st) const {
    const std::size_t last = stop_after_.load();
    for (std::size_t i = 0; i < summaries_.size() && base_ + i <= last; ++i) {
      const auto& s = summaries_[i];
      if (!s.ran) continue;
      ++st.walks;
      st.steps += s.steps;
      st.longest_walk = std::max<std::uint64_t>(st.longest_walk, s.steps);
      st.converged += s.end == WalkEnd::kConverged;
      st.unsettled += s.end == WalkEnd::kUnsettled;
    }
  }

  ExploreReport<M> finish(ExploreReport<M> report) {
    auto& st = report.stats;
    st.engine = "simulate";
    st.threads = pool_.size();
    for (const auto& m : coverage_)
      for (const auto& [name, n] : m) st.action_counts[name] += n;
    st.stop_reason = stop_reason_;
    st.complete = stop_reason_.empty();  // every walk ran, or stop-at-first stopped after one
    if (inits_.empty()) st.stop_reason = "the model has no initial state";
    for (auto& f : found_)
      if (f) report.discoveries.push_back(std::move(f->discovery));
    st.seconds = elapsed();
    return report;
  }

  const M& model_;
  const std::vector<Property<M>>& props_;
  const SimulateConfig& c_;
  const Clock::time_point start_ = Clock::now();
  std::vector<typename M::State> inits_;
  WorkerPool pool_;
  static constexpr std::size_t kBatch = 4096;
  std::size_t base_ = 0;                  // the first walk of the current batch
  std::vector<WalkSummary> summaries_;    // of the current batch
  std::vector<std::optional<Found>> found_;
  std::vector<std::map<std::string, std::uint64_t>> coverage_;  // per worker
  std::mutex mu_;
  std::atomic<std::size_t> stop_after_{SIZE_MAX};
  std::atomic<bool> stop_reason_set_{false};
  std::string stop_reason_;
  std::atomic<std::uint64_t> steps_{0};
  std::atomic<std::uint64_t> walks_done_{0};
  std::mutex progress_mu_;
  Clock::time_point last_progress_ = start_;
};

}  // namespace detail

/// Runs `config.walks` seeded random walks over `model` and checks `properties` on them. Every
/// discovery is a run of the model (its actions are enabled ones), not yet shrunk.
template <Model M>
ExploreReport<M> simulate(const M& model, const std::vector<Property<M>>& properties,
                          const SimulateConfig& config) {
  detail::Simulator<M> sim(model, properties, config);
  return sim.run();
}

}  // namespace stsmc::checker
