// Output path checks; see cli/output_paths.h. Writability is probed by creating (and removing) a
// file, which also holds for root and for read-only mounts, where access(2) would not tell.
#include "cli/output_paths.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/core.h>

namespace stsmc::cli {
namespace {

namespace fs = std::filesystem;

Error unwritable(const std::string& option, const std::string& path, const std::string& why) {
  return bad_input(fmt::format("{} {}: cannot write there: {}", option, path, why));
}

/// Creates and removes a file in the existing folder `dir`; the errno text when that fails.
std::string probe(const fs::path& dir) {
  const fs::path file = dir / fmt::format(".stsmc-write-probe-{}", ::getpid());
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return std::strerror(errno);
  ::close(fd);
  ::unlink(file.c_str());
  return {};
}

/// Why no file can be written under `dir`; empty when one can.
std::string dir_problem(const std::string& dir) {
  std::error_code ec;
  fs::path existing = dir;
  // The nearest ancestor that exists; a relative path ends at the working folder.
  while (!fs::exists(existing, ec)) {
    if (ec && ec != std::errc::no_such_file_or_directory) return fmt::format("{}: {}", existing.string(), ec.message());
    existing = existing.parent_path();
    if (existing.empty()) {
      existing = ".";
      break;
    }
  }
  if (!fs::is_directory(existing, ec))
    return existing.string() == dir ? "it is not a folder" : existing.string() + " is not a folder";
  if (const std::string why = probe(existing); !why.empty())
    return fmt::format("cannot create files in {}: {}", existing.string(), why);
  return {};
}

}  // namespace

Expected<void> check_output_dir(const std::string& dir, const std::string& option) {
  if (dir.empty()) return bad_input(option + ": an empty path");
  if (const std::string why = dir_problem(dir); !why.empty()) return unwritable(option, dir, why);
  return {};
}

Expected<void> check_output_file(const std::string& path, const std::string& option) {
  if (path.empty()) return bad_input(option + ": an empty path");
  std::error_code ec;
  if (fs::is_directory(path, ec)) return unwritable(option, path, "it is a folder");
  fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) parent = ".";
  if (const std::string why = dir_problem(parent.string()); !why.empty()) return unwritable(option, path, why);
  return {};
}

}  // namespace stsmc::cli
