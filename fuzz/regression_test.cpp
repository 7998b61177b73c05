// Every file under fuzz/regressions/<target>/ (the minimized inputs of issue 16 and whatever the
// fuzzers find) through its fuzzed path in the default build: it must return, not crash or
// abort, and a file named "bad-*" must be rejected as bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/limits.h"
#include "fuzz/entry_points.h"
#include "model/bounds.h"

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
    if (f.filename().string().starts_with("bad-")) {
      EXPECT_EQ(o, Outcome::kRejected);
    }
  }
}

TEST(FuzzRegressions, Traces) { run_all("trace", trace_input, 8); }
TEST(FuzzRegressions, Scenarios) { run_all("scenario", scenario_input, 3); }
TEST(FuzzRegressions, Manifests) { run_all("manifest", manifest_input, 1); }

// A valid manifest whose ordinals pass int32 (the API server takes it) is built as `stsmc check`
// builds it, and refused as input there, never run into an overflow.
TEST(FuzzRegressions, OrdinalsPastInt32AreRefusedBeforeTheModelRuns) {
  const fs::path f = fs::path(STSMC_SOURCE_DIR) / "fuzz" / "regressions" / "manifest" /
                     "ordinals-start-int32-max-two-replicas.yaml";
  EXPECT_EQ(manifest_input(read(f)), Outcome::kRejected);
}

// The seeds pass through too, and the repository's own examples are accepted.
TEST(FuzzRegressions, ExamplesAreAccepted) {
  const fs::path root(STSMC_SOURCE_DIR);
  for (const auto& e : fs::directory_iterator(root / "spec" / "examples"))
    if (e.path().extension() == ".yaml") {
      EXPECT_EQ(manifest_input(read(e.path())), Outcome::kAccepted) << e.path();
    }
  for (const auto& e : fs::directory_iterator(root / "counterexamples" / "corpus"))
    if (e.path().filename().string().starts_with("mutant-")) {
      EXPECT_EQ(trace_input(read(e.path())), Outcome::kAccepted) << e.path();
    }
}

// The range check behind a trace's bounds (model/bounds.h), with the values of issue 16.
TEST(TraceBounds, OutOfRangeValuesNameTheFieldAndTheLimit) {
  Json j = to_json(model::default_bounds(2));
  EXPECT_TRUE(model::bounds_from_json(j).has_value());
  j["extra_templates"] = 255;
  auto r = model::bounds_from_json(j);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kBadTrace);
  EXPECT_EQ(r.error().message,
            "bounds.extra_templates: must be in 0..16 (the model's limit on extra pod templates), got 255");
  j = to_json(model::default_bounds(2));
  j["max_replicas"] = 2147483647;
  r = model::bounds_from_json(j);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "bounds.max_replicas: must be in 0..1000 (the model's limit on replicas), got 2147483647");
  j["max_replicas"] = -1;
  EXPECT_FALSE(model::bounds_from_json(j).has_value());
  j = to_json(model::default_bounds(2));
  j["budgets"]["scale"] = 256;  // more than a budget holds: a decoding error
  r = model::bounds_from_json(j);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "bounds.budgets.scale: integer out of range");
}

TEST(TraceBounds, ValidateBoundsTakesTheBudgetLimitOfTheEngine) {
  model::Bounds b = model::default_bounds(2);
  b.budgets.scale = 17;
  EXPECT_TRUE(model::validate_bounds(b).has_value());
  const auto r = model::validate_bounds(b, "bounds", model::kMaxExhaustiveBudget);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "bounds.budgets.scale: must be in 0..16 (the budget limit), got 17");
}

TEST(TraceBounds, RandomBoundsStayWithinTheModelsLimit) {
  EXPECT_EQ(model::random_bounds(2).max_replicas, 12);
  EXPECT_EQ(model::random_bounds(999).max_replicas, limits::kMaxReplicas);
  EXPECT_EQ(model::random_bounds(2147483647).max_replicas, limits::kMaxReplicas);  // no int32 overflow
  EXPECT_TRUE(model::validate_bounds(model::random_bounds(2147483647)).has_value());
}

}  // namespace
}  // namespace stsmc::fuzz
