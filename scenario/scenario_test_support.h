#pragma once
// What the scenario tests share: the bundled scenarios' folder, and running a scenario given as
// text as if it were a file there.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "scenario/runner.h"
#include "scenario/scenario.h"

namespace stsmc::scenario::testing_support {

inline const std::string kScenarios = std::string(STSMC_SOURCE_DIR) + "/spec/examples/scenarios/";
inline const std::string kWalkthrough = kScenarios + "myapp-walkthrough.yaml";

inline std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Replaces the one occurrence of `from` in `text` (fails the test when it is not there once).
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

struct Run {
  Expected<RunResult> result;
  std::string output;
};

// Parses `text` as if it were a file in spec/examples/scenarios/ and runs it.
inline Run run_text(const std::string& text, const RunSettings& settings = {}) {
  auto sc = parse_scenario(text, kScenarios + "test.yaml");
  if (!sc) return Run{sc.error(), ""};
  std::ostringstream out;
  auto r = run_scenario(*sc, settings, out);
  return Run{std::move(r), out.str()};
}

}  // namespace stsmc::scenario::testing_support
