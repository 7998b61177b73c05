#pragma once
// The process's own memory as the operating system counts it: what --max-memory limits and what
// the progress line and the summary report. Linux only (/proc/self/statm, getrusage).
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>

namespace stsmc {

/// The resident set size now, in bytes; 0 when /proc is not readable.
inline std::uint64_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long long size = 0, resident = 0;
  const int n = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (n != 2) return 0;
  const long page = sysconf(_SC_PAGESIZE);
  return static_cast<std::uint64_t>(resident) * static_cast<std::uint64_t>(page > 0 ? page : 4096);
}

/// The largest resident set size the process has had, in bytes.
inline std::uint64_t peak_resident_bytes() {
  rusage u{};
  if (getrusage(RUSAGE_SELF, &u) != 0) return 0;
  return static_cast<std::uint64_t>(u.ru_maxrss) * 1024;  // Linux reports KiB
}

}  // namespace stsmc
