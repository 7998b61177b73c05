#pragma once
// Helpers shared by the end-to-end tests: loading an example manifest into the checking model
// exactly as `stsmc check` does (profile 1.28 with its default feature gates), and running the
// built binary.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "model/bounds.h"
#include "model/checker_model.h"
#include "model/setup.h"
#include "spec/manifest_loader.h"
#include "spec/profile.h"

namespace stsmc::e2e {

inline std::string source_path(const std::string& rel) { return std::string(STSMC_SOURCE_DIR) + "/" + rel; }

inline spec::Manifest load_example(const std::string& name) {
  auto loaded = spec::load_manifest_file(source_path("spec/examples/" + name + ".yaml"));
  if (!loaded) ADD_FAILURE() << loaded.error().message;
  return loaded ? loaded->manifest : spec::Manifest{};
}

/// The checking model of `manifest` under profile 1.28 and `bounds`.
inline model::StatefulSetModel make_model(const spec::Manifest& manifest, const model::Bounds& bounds) {
  auto setup = model::Setup::make(manifest);
  EXPECT_TRUE(setup.has_value());
  setup->bounds = bounds;
  return setup->build();
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

/// How many times `needle` occurs in `haystack`, not overlapping.
inline std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

/// A fresh empty directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "stsmc-e2e-" + tag + "-" + std::to_string(::getpid());
    if (info != nullptr) name += std::string("-") + info->name();
    for (auto& c : name)
      if (c == '/') c = '_';
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str(const std::string& child = "") const { return child.empty() ? path_.string() : (path_ / child).string(); }

 private:
  std::filesystem::path path_;
};

/// The result of running the binary: exit status and combined stdout + stderr (or stdout only).
struct RunResult {
  int exit_code = -1;
  std::string output;
};

/// Runs `stsmc ARGS` through the shell; `args` must already be quoted where needed.
inline RunResult run_stsmc(const std::string& args, bool merge_stderr = true) {
  const std::string cmd = "'" + std::string(STSMC_BINARY) + "' " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
  RunResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "popen failed: " << cmd;
    return r;
  }
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return r;
}

inline std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace stsmc::e2e
