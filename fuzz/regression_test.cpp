// Every file under fuzz/regressions/<target>/ (the minimized inputs of issue 16 and whatever the
// fuzzers find) through its fuzzed path in the default build: it must return, not crash or
// abort, and a file named "bad-*" must be rejected as bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/entry_points.h"

namespace stsmc::fuzz {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> files_of(const std::string& target) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(STSMC_SOURCE_DIR) / "fuzz" / "regressions" / target))
    if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

template <class F>
void run_all(const std::string& target, F entry, std::size_t at_least) {
  const auto files = files_of(target);
  EXPECT_GE(files.size(), at_least);
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    const Outcome o = entry(read(f));
    if (f.filename().string().starts_with("bad-")) EXPECT_EQ(o, Outcome::kRejected);
  }
}

TEST(FuzzRegressions, Traces) { run_all("trace", trace_input, 8); }
TEST(FuzzRegressions, Scenarios) { run_all("scenario", scenario_input, 3); }
TEST(FuzzRegressions, Manifests) { run_all("manifest", manifest_input, 1); }

// The seeds pass through too, and the repository's own examples are accepted.
TEST(FuzzRegressions, ExamplesAreAccepted) {
  const fs::path root(STSMC_SOURCE_DIR);
  for (const auto& e : fs::directory_iterator(root / "spec" / "examples"))
    if (e.path().extension() == ".yaml") EXPECT_EQ(manifest_input(read(e.path())), Outcome::kAccepted) << e.path();
  for (const auto& e : fs::directory_iterator(root / "counterexamples" / "corpus"))
    if (e.path().filename().string().starts_with("mutant-"))
      EXPECT_EQ(trace_input(read(e.path())), Outcome::kAccepted) << e.path();
}

}  // namespace
}  // namespace stsmc::fuzz
