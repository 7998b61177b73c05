// read_input(): open without blocking (a FIFO with no writer would block open(2) forever), then
// read a regular file or stdin to the end and any other file with poll(2) and an idle timeout.
#include "spec/input_file.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace stsmc::spec {

namespace {

// Closes the descriptor it owns.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ > STDERR_FILENO) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

Error io_error(const std::string& name, std::string_view what) {
  return Error{ErrorCode::kIo, fmt::format("{}: {}: {}", name, what, std::strerror(errno))};
}

Error too_large(const std::string& name, std::size_t max_bytes) {
  return bad_input(fmt::format("{}:1:1: more than {} bytes (16 MiB), the most a manifest may be", name, max_bytes));
}

// Appends what one read(2) gives; 0 at end of file, -1 (errno set) on error.
ssize_t read_some(int fd, std::string& text) {
  std::array<char, 1 << 16> buffer{};
  ssize_t n = 0;
  do {
    n = ::read(fd, buffer.data(), buffer.size());
  } while (n < 0 && errno == EINTR);
  if (n > 0) text.append(buffer.data(), static_cast<std::size_t>(n));
  return n;
}

// A regular file or stdin: blocking reads to the end.
Expected<std::string> read_to_end(int fd, const std::string& name, std::size_t max_bytes) {
  std::string text;
  for (;;) {
    const ssize_t n = read_some(fd, text);
    if (n < 0) return io_error(name, "read error");
    if (n == 0) return text;
    if (text.size() > max_bytes) return too_large(name, max_bytes);
  }
}

// A pipe, FIFO or device opened O_NONBLOCK: wait for data with poll(2), at most idle_seconds
// between chunks. A FIFO nobody has opened for writing yet polls as silent (Linux reports
// POLLHUP only after a writer came and went), so a missing writer ends in the timeout.
Expected<std::string> read_pipe(int fd, const std::string& name, const InputLimits& limits) {
  const double seconds = std::isfinite(limits.idle_seconds) && limits.idle_seconds > 0 ? limits.idle_seconds : 0;
  const int timeout_ms = static_cast<int>(std::min(seconds * 1000.0, 24.0 * 3600 * 1000));
  std::string text;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return io_error(name, "cannot wait for data");
    if (ready == 0)
      return bad_input(fmt::format("{}:1:1: no data for {} s from this pipe or FIFO (is anything writing to it?); "
                                   "pipe the manifest into standard input (`-`) to wait for a slow writer",
                                   name, seconds));
    const ssize_t n = read_some(fd, text);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (n < 0) return io_error(name, "read error");
    if (n == 0) return text;
    if (text.size() > limits.max_bytes) return too_large(name, limits.max_bytes);
  }
}

}  // namespace

Expected<std::string> read_input(const std::string& path, const InputLimits& limits) {
  if (path == kStdinPath) return read_to_end(STDIN_FILENO, std::string(kStdinName), limits.max_bytes);
  const Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return io_error(path, "cannot read");
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return io_error(path, "cannot read");
  if (S_ISDIR(st.st_mode)) return Error{ErrorCode::kIo, path + ": cannot read: is a directory"};
  if (!S_ISREG(st.st_mode)) return read_pipe(fd.get(), path, limits);
  if (static_cast<std::uint64_t>(st.st_size) > limits.max_bytes) return too_large(path, limits.max_bytes);
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags >= 0) (void)::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
  return read_to_end(fd.get(), path, limits.max_bytes);
}

}  // namespace stsmc::spec
