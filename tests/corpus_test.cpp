// The counterexample corpus (docs/architecture.md §8): every trace in counterexamples/corpus/ must
// replay, through the built binary, to the verdict expectations.json records for it.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "core/json.h"
#include "e2e_support.h"

namespace stsmc::e2e {
namespace {

namespace fs = std::filesystem;

fs::path corpus_dir() { return fs::path(STSMC_SOURCE_DIR) / "counterexamples" / "corpus"; }

/// expectations.json as a map; empty (and the file test below fails) when it is not valid.
std::map<std::string, std::string> expectations() {
  std::map<std::string, std::string> out;
  const Json j = Json::parse(read_text(corpus_dir() / "expectations.json"), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return out;
  for (const auto& [name, verdict] : j.items()) out[name] = verdict.is_string() ? verdict.get<std::string>() : "";
  return out;
}

struct Entry {
  std::string file;
  std::string expectation;
};

/// How gtest (and so ctest's test list) prints an entry: `NAME.json -> verdict`.
void PrintTo(const Entry& e, std::ostream* os) { *os << e.file << " -> " << e.expectation; }

std::vector<Entry> entries() {
  std::vector<Entry> out;
  for (const auto& [file, expectation] : expectations()) out.push_back({file, expectation});
  return out;
}

class CorpusReplay : public ::testing::TestWithParam<Entry> {};

TEST_P(CorpusReplay, ReplaysToItsExpectedVerdict) {
  const Entry& e = GetParam();
  ASSERT_TRUE(e.expectation == "violated" || e.expectation == "holds")
      << e.file << ": expectation must be \"violated\" or \"holds\", got \"" << e.expectation << "\"";
  const auto path = corpus_dir() / e.file;
  ASSERT_TRUE(fs::is_regular_file(path)) << path;
  const auto r = run_stsmc("replay " + quoted(path.string()) + " --expect " + e.expectation);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("every fingerprint matched"), std::string::npos) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusReplay, ::testing::ValuesIn(entries()),
                         [](const ::testing::TestParamInfo<Entry>& info) {
                           std::string stem = fs::path(info.param.file).stem().string();
                           std::string name;
                           for (char c : stem) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CorpusReplay);

TEST(CorpusFiles, ExpectationsFileIsAnObjectOfVerdicts) {
  const Json j = Json::parse(read_text(corpus_dir() / "expectations.json"), nullptr, false);
  ASSERT_TRUE(j.is_object()) << "expectations.json must be one JSON object {\"NAME.json\": verdict}";
  EXPECT_FALSE(j.empty());
  for (const auto& [name, verdict] : j.items()) {
    EXPECT_TRUE(verdict == "violated" || verdict == "holds") << name << ": " << verdict.dump();
    EXPECT_TRUE(name.ends_with(".json") && name.find('/') == std::string::npos) << name;
  }
}

TEST(CorpusFiles, EveryTraceHasAnExpectation) {
  const auto expected = expectations();
  std::set<std::string> traces;
  for (const auto& f : fs::directory_iterator(corpus_dir())) {
    const std::string name = f.path().filename().string();
    if (f.is_regular_file() && f.path().extension() == ".json" && name != "expectations.json") traces.insert(name);
  }
  EXPECT_FALSE(traces.empty());
  for (const auto& t : traces) EXPECT_EQ(expected.count(t), 1u) << t << " has no entry in expectations.json";
  for (const auto& [file, verdict] : expected)
    EXPECT_EQ(traces.count(file), 1u) << "expectations.json names " << file << ", which is not in the corpus";
}

}  // namespace
}  // namespace stsmc::e2e
