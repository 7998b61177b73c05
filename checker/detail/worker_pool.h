#pragma once
// WorkerPool: a fixed set of threads that run the tasks of one parallel step (a BFS phase) and
// then wait for the next. The caller's thread works too. Which worker runs which task varies
// from run to run, so callers write each task's results to a slot of its own.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

#include "core/check.h"

namespace stsmc::checker::detail {

class WorkerPool {
 public:
  /// A pool of `threads` workers (at least 1): the caller plus threads - 1 background threads.
  explicit WorkerPool(std::size_t threads) {
    for (std::size_t w = 1; w < threads; ++w) threads_.emplace_back([this, w] { loop(w); });
  }
  ~WorkerPool() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    start_cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Number of workers, the caller included.
  std::size_t size() const { return threads_.size() + 1; }

  /// Runs f(task, worker) for every task in [0, tasks) and returns when all have finished.
  /// `worker` is in [0, size()); a worker runs one task at a time. One task runs inline.
  /// Waits for the tasks, not for the workers: a worker the OS has not woken yet is not waited
  /// for (the caller takes its share), which matters on a loaded machine.
  template <class F>
  void run(std::size_t tasks, F&& f) {
    using Fn = std::remove_reference_t<F>;
    if (tasks == 0) return;
    STSMC_CHECK(tasks < (std::uint64_t{1} << 32));
    if (tasks == 1 || threads_.empty()) {
      for (std::size_t t = 0; t < tasks; ++t) f(t, std::size_t{0});
      return;
    }
    Job job{0, const_cast<void*>(static_cast<const void*>(std::addressof(f))),
            [](void* fn, std::size_t task, std::size_t worker) {
              (*static_cast<Fn*>(fn))(task, worker);
            },
            tasks};
    {
      std::lock_guard lock(mu_);
      job.generation = ++generation_;
      job_ = job;
      done_.store(0);
      claim_.store(std::uint64_t{job.generation} << 32);
    }
    start_cv_.notify_all();
    drain(job, 0);
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [&] { return done_.load() == tasks; });
  }

 private:
  struct Job {
    std::uint32_t generation;
    void* fn;
    void (*invoke)(void*, std::size_t, std::size_t);
    std::size_t tasks;
  };

  /// Claims and runs tasks of `job` until none is left. The claim counter carries the generation,
  /// so a worker that wakes late, holding an old job, can never claim a task of a newer one.
  void drain(const Job& job, std::size_t worker) {
    for (;;) {
      std::uint64_t v = claim_.load();
      do {
        if ((v >> 32) != job.generation || (v & 0xffffffffu) >= job.tasks) return;
      } while (!claim_.compare_exchange_weak(v, v + 1));
      job.invoke(job.fn, v & 0xffffffffu, worker);
      if (done_.fetch_add(1) + 1 == job.tasks) {
        std::lock_guard lock(mu_);
        done_cv_.notify_all();
      }
    }
  }

  void loop(std::size_t worker) {
    std::uint32_t seen = 0;
    for (;;) {
      Job job{};
      {
        std::unique_lock lock(mu_);
        start_cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        job = job_;
      }
      drain(job, worker);
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable start_cv_;
  std::condition_variable done_cv_;
  std::uint32_t generation_ = 0;
  bool stop_ = false;
  Job job_{};
  std::atomic<std::uint64_t> claim_{0};  // generation << 32 | next task
  std::atomic<std::size_t> done_{0};
};

}  // namespace stsmc::checker::detail
