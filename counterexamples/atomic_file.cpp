// write_file_atomically: temp file + fsync + rename(2), the usual POSIX recipe. The temporary
// name carries the pid, thread and a clock reading, and O_EXCL guards against any clash.
#include "counterexamples/atomic_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <thread>

namespace stsmc::counterexamples {
namespace {

namespace fs = std::filesystem;

Error io_error(const std::string& path, const std::string& what, int err) {
  return Error{ErrorCode::kIo,
               fmt::format("cannot write {}: {}: {}", path, what, std::strerror(err))};
}

/// Creates a fresh temporary file beside `target`; returns its fd and sets `tmp`.
int create_temp(const fs::path& target, std::string& tmp) {
  const auto dir = target.parent_path();
  const auto thread = std::hash<std::thread::id>{}(std::this_thread::get_id());
  for (int attempt = 0; attempt < 100; ++attempt) {
    const auto tick = std::chrono::steady_clock::now().time_since_epoch().count();
    const auto name =
        fmt::format(".{}.tmp-{}-{:x}-{:x}-{}", target.filename().string(), ::getpid(),
                    thread & 0xffffff, static_cast<unsigned long long>(tick) & 0xffffffff, attempt);
    tmp = (dir / name).string();
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

/// Writes all of `content`, retrying on EINTR and short writes; returns 0 or an errno.
int write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

/// Makes the rename durable; some filesystems cannot fsync a directory, which is harmless here.
void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

Expected<void> write_file_atomically(const std::string& path, std::string_view content) {
  const fs::path target(path);
  if (target.filename().empty())
    return Error{ErrorCode::kIo, "cannot write " + path + ": not a file name"};
  std::error_code ec;
  if (const auto dir = target.parent_path(); !dir.empty()) {
    fs::create_directories(dir, ec);
    if (ec)
      return Error{ErrorCode::kIo, fmt::format("cannot write {}: creating {}: {}", path,
                                               dir.string(), ec.message())};
  }
  std::string tmp;
  const int fd = create_temp(target, tmp);
  if (fd < 0) return io_error(path, "creating a temporary file", errno);
  int err = write_all(fd, content);
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    return io_error(path, "writing", err);
  }
  sync_directory(target.parent_path());
  return {};
}

}  // namespace stsmc::counterexamples
