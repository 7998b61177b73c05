// Long runs that users stop or limit (issue 14, items 4 and 5), against the built binary: SIGINT
// and SIGTERM stop the search and keep what it found (table, traces, JUnit, JSON); --max-memory
// bounds the process's peak resident memory; the first line (manifest and bounds) is out before
// the search starts, even when the process is killed; a violation is announced and its trace
// written when it is found, and --fail-fast stops there.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "e2e_support.h"

namespace stsmc::e2e {
namespace {

using namespace std::chrono_literals;

/// A running `stsmc ARGS` with stdout and stderr going to files.
class Child {
 public:
  Child(const std::vector<std::string>& args, const TempDir& dir)
      : out_(dir.str("stdout")), err_(dir.str("stderr")) {
    pid_ = ::fork();
    if (pid_ == 0) {
      if (!std::freopen(out_.c_str(), "w", stdout) || !std::freopen(err_.c_str(), "w", stderr)) ::_exit(127);
      std::vector<char*> argv;
      std::string bin = STSMC_BINARY;
      argv.push_back(bin.data());
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
  }
  ~Child() {
    if (!status_) {
      ::kill(pid_, SIGKILL);
      wait_for(60s);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  std::string out() const { return read_text(out_); }
  std::string err() const { return read_text(err_); }
  void signal(int sig) const { ::kill(pid_, sig); }

  /// Waits until stderr contains `text`, at most `limit`; false when it never did.
  bool wait_for_stderr(const std::string& text, std::chrono::seconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (err().find(text) != std::string::npos) return true;
      if (poll()) return err().find(text) != std::string::npos;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  /// Waits for the exit, at most `limit`: its exit code (128 + signal when killed), or nullopt.
  std::optional<int> wait_for(std::chrono::seconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!poll() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
    if (!status_) return std::nullopt;
    return WIFEXITED(*status_) ? WEXITSTATUS(*status_) : 128 + (WIFSIGNALED(*status_) ? WTERMSIG(*status_) : 0);
  }

  /// The child's peak resident set, in bytes, once it has exited.
  std::uint64_t peak_rss_bytes() const { return static_cast<std::uint64_t>(usage_.ru_maxrss) * 1024; }

 private:
  bool poll() {
    if (status_) return true;
    int st = 0;
    if (::wait4(pid_, &st, WNOHANG, &usage_) == pid_) status_ = st;
    return status_.has_value();
  }

  std::string out_, err_;
  pid_t pid_ = -1;
  std::optional<int> status_;
  rusage usage_{};
};

/// A configuration the explorer cannot finish in minutes (issue 14: 4 replicas, not finished in
/// 600 s), so any stop is the signal's or the limit's doing.
std::vector<std::string> big_run(const TempDir& dir) {
  return {"check",    source_path("spec/examples/myapp.yaml"), "--max-replicas", "4", "--budget", "scale=2",
          "--budget", "set-partition=1", "--budget", "pod-unready=1", "--budget", "delete-pod=2",
          "--threads", "2", "--out", dir.str("traces"), "--junit", dir.str("junit.xml")};
}

TEST(Interrupt, SigintStopsTheSearchAndPrintsThePartialTableAndTheJUnitFile) {
  TempDir dir("sigint");
  Child c(big_run(dir), dir);
  ASSERT_TRUE(c.wait_for_stderr("expanded", 120s)) << "no progress line: " << c.err();
  c.signal(SIGINT);
  const auto rc = c.wait_for(60s);
  ASSERT_TRUE(rc.has_value()) << "still running 60 s after SIGINT";
  EXPECT_EQ(*rc, 3) << c.out() << c.err();
  EXPECT_NE(c.out().find("stsmc: " + source_path("spec/examples/myapp.yaml")), std::string::npos) << c.out();
  EXPECT_NE(c.out().find("interrupted"), std::string::npos) << c.out();
  EXPECT_NE(c.err().find("interrupted by SIGINT"), std::string::npos) << c.err();
  const std::string junit = read_text(dir.path() / "junit.xml");
  EXPECT_NE(junit.find("<testsuite"), std::string::npos) << junit;
}

TEST(Interrupt, SigtermAfterAViolationWritesItsTraceAndTheJsonDocument) {
  TempDir dir("sigterm");
  auto args = big_run(dir);
  args.insert(args.end(), {"--mutant", "scale-down-lowest-first", "--json"});
  Child c(args, dir);
  // The mutant breaks reverse-deletion within a dozen levels; the search goes on for the rest.
  std::this_thread::sleep_for(4s);
  c.signal(SIGTERM);
  const auto rc = c.wait_for(60s);
  ASSERT_TRUE(rc.has_value()) << "still running 60 s after SIGTERM";
  EXPECT_EQ(*rc, 1) << c.out() << c.err();
  EXPECT_NE(c.err().find("interrupted by SIGTERM"), std::string::npos) << c.err();
  const Json doc = Json::parse(c.out(), nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << c.out();
  EXPECT_NE(doc.dump().find("interrupted"), std::string::npos) << doc.dump(2);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "traces" / "myapp.myapp.reverse-deletion.json"));
  EXPECT_NE(read_text(dir.path() / "junit.xml").find("reverse-deletion"), std::string::npos);
}

TEST(Interrupt, TheFirstLineIsOutBeforeTheSearchEvenWhenTheProcessIsKilled) {
  TempDir dir("sigkill");
  Child c(big_run(dir), dir);
  ASSERT_TRUE(c.wait_for_stderr("expanded", 120s)) << c.err();
  c.signal(SIGKILL);
  ASSERT_TRUE(c.wait_for(60s).has_value());
  const std::string out = c.out();
  EXPECT_EQ(out.rfind("stsmc: " + source_path("spec/examples/myapp.yaml"), 0), 0u) << out;
  EXPECT_NE(out.find("\"max_replicas\":4"), std::string::npos) << out;
}

TEST(Interrupt, SigintStopsProveBetweenSolverCallsAndReportsTheUndecidedPropertiesAsUnknown) {
  TempDir dir("prove");
  // Z3 takes SIGINT over while it checks unless told not to (checker/bmc_solvers.h, quiet_solver).
  Child c({"prove", source_path("spec/examples/cache-autodelete.yaml"), "--out", dir.str("traces"), "--junit",
           dir.str("junit.xml")},
          dir);
  ASSERT_TRUE(c.wait_for_stderr("prove:", 120s)) << c.err();
  c.signal(SIGINT);
  const auto rc = c.wait_for(60s);
  ASSERT_TRUE(rc.has_value()) << "still running 60 s after SIGINT";
  EXPECT_EQ(*rc, 3) << c.out() << c.err();
  EXPECT_NE(c.out().find("interrupted"), std::string::npos) << c.out();
  EXPECT_FALSE(std::regex_search(c.out(), std::regex("(step|invariant) +proved"))) << c.out();
  EXPECT_NE(read_text(dir.path() / "junit.xml").find("<testsuite"), std::string::npos);
}

TEST(Interrupt, SigtermStopsTheRandomWalks) {
  TempDir dir("simulate");
  Child c({"check", source_path("spec/examples/myapp.yaml"), "--engine", "simulate", "--walks", "1000000000", "--seed",
           "7", "--out", dir.str("traces")},
          dir);
  ASSERT_TRUE(c.wait_for_stderr("steps", 120s)) << c.err();
  c.signal(SIGTERM);
  const auto rc = c.wait_for(60s);
  ASSERT_TRUE(rc.has_value()) << "still running 60 s after SIGTERM";
  EXPECT_EQ(*rc, 3) << c.out() << c.err();
  EXPECT_NE(c.out().find("STOPPED EARLY: interrupted"), std::string::npos) << c.out();
}

TEST(Interrupt, AViolationIsAnnouncedAndItsTraceWrittenWhileTheSearchGoesOn) {
  TempDir dir("found");
  auto args = big_run(dir);
  args.insert(args.end(), {"--mutant", "scale-down-lowest-first"});
  Child c(args, dir);
  ASSERT_TRUE(c.wait_for_stderr("found: reverse-deletion violated", 120s)) << c.err();
  const auto trace = dir.path() / "traces" / "myapp.myapp.reverse-deletion.json";
  EXPECT_TRUE(std::filesystem::exists(trace)) << c.err();
  EXPECT_FALSE(c.wait_for(0s).has_value()) << "the search ended already: the test proves nothing";
  c.signal(SIGINT);
  const auto rc = c.wait_for(60s);
  ASSERT_TRUE(rc.has_value());
  EXPECT_EQ(*rc, 1) << c.out() << c.err();
  EXPECT_NE(read_text(trace).find("reverse-deletion"), std::string::npos);
}

TEST(Interrupt, FailFastStopsAtTheFirstViolation) {
  TempDir dir("fail-fast");
  auto args = big_run(dir);
  args.insert(args.end(), {"--mutant", "scale-down-lowest-first", "--fail-fast"});
  Child c(args, dir);
  const auto rc = c.wait_for(120s);
  ASSERT_TRUE(rc.has_value()) << "--fail-fast: still running after 120 s";
  EXPECT_EQ(*rc, 1) << c.out() << c.err();
  EXPECT_NE(c.out().find("first-violation"), std::string::npos) << c.out();
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "traces" / "myapp.myapp.reverse-deletion.json"));
}

#ifndef STSMC_SANITIZE  // ASan's shadow memory is resident memory too: no bound to compare with
TEST(Interrupt, MaxMemoryBoundsThePeakResidentSetWithinTenPercent) {
  for (const int mib : {96, 200}) {
    TempDir dir("max-memory-" + std::to_string(mib));
    auto args = big_run(dir);
    args.insert(args.end(), {"--max-memory", std::to_string(mib)});
    Child c(args, dir);
    const auto rc = c.wait_for(600s);
    ASSERT_TRUE(rc.has_value()) << "--max-memory " << mib << ": still running after 600 s";
    EXPECT_EQ(*rc, 3) << c.out() << c.err();
    EXPECT_NE(c.out().find("max-memory"), std::string::npos) << c.out();
    const double limit = mib * 1024.0 * 1024.0;
    EXPECT_LE(static_cast<double>(c.peak_rss_bytes()), 1.1 * limit)
        << "--max-memory " << mib << ": peak RSS " << (c.peak_rss_bytes() >> 20) << " MiB";
    EXPECT_GE(static_cast<double>(c.peak_rss_bytes()), 0.5 * limit)
        << "--max-memory " << mib << ": stopped long before the limit, at " << (c.peak_rss_bytes() >> 20) << " MiB";
  }
}
#endif

}  // namespace
}  // namespace stsmc::e2e
