// write_file_atomically: creates directories, replaces old content, leaves no temporary files,
// and fails cleanly (kIo, target untouched) when it cannot write.
#include "counterexamples/atomic_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace stsmc::counterexamples {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("stsmc-atomic-test-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  /// Every file under the scratch directory (recursively), as paths relative to it.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir_))
      if (!e.is_directory()) out.push_back(fs::relative(e.path(), dir_).string());
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path dir_;
};

TEST_F(AtomicFile, CreatesParentDirectoriesAndWrites) {
  const auto target = dir_ / "out" / "deep" / "trace.json";
  ASSERT_TRUE(write_file_atomically(target.string(), "{\"a\": 1}\n").has_value());
  EXPECT_EQ(read(target), "{\"a\": 1}\n");
  EXPECT_EQ(files(), std::vector<std::string>{"out/deep/trace.json"});
}

TEST_F(AtomicFile, ReplacesOldContentAndLeavesNoTemporaryFiles) {
  const auto target = dir_ / "report.xml";
  ASSERT_TRUE(write_file_atomically(target.string(), std::string(100000, 'x')).has_value());
  ASSERT_TRUE(write_file_atomically(target.string(), "short").has_value());
  EXPECT_EQ(read(target), "short");
  ASSERT_TRUE(write_file_atomically(target.string(), "").has_value());
  EXPECT_EQ(read(target), "");
  EXPECT_EQ(files(), std::vector<std::string>{"report.xml"});
}

TEST_F(AtomicFile, FailsWhenTheParentIsAFile) {
  { std::ofstream(dir_ / "plain") << "x"; }
  const auto r = write_file_atomically((dir_ / "plain" / "t.json").string(), "{}");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_NE(r.error().message.find("cannot write " + (dir_ / "plain" / "t.json").string()),
            std::string::npos)
      << r.error().message;
}

TEST_F(AtomicFile, FailsOnADirectoryAndCleansUp) {
  fs::create_directories(dir_ / "taken" / "child");
  const auto r = write_file_atomically((dir_ / "taken").string(), "{}");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_TRUE(files().empty()) << files()[0];
  EXPECT_TRUE(fs::is_directory(dir_ / "taken" / "child"));
}

}  // namespace
}  // namespace stsmc::counterexamples
