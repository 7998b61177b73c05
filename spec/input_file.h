#pragma once
// Reading a manifest's bytes from wherever the user points: a regular file, standard input ("-"),
// or a pipe, FIFO or device (process substitution, `mkfifo`), with a size limit on all of them
// and, for pipes that are not stdin, a limit on how long to wait for a writer.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/expected.h"

namespace stsmc::spec {

/// The manifest path that means standard input.
inline constexpr std::string_view kStdinPath = "-";
/// How standard input is named in messages and in Manifest::source.
inline constexpr std::string_view kStdinName = "<stdin>";

/// How to read.
struct InputLimits {
  std::size_t max_bytes = 0;   ///< more is an error (bad input)
  double idle_seconds = 60;    ///< a pipe or FIFO other than stdin that sends nothing this long: error
};

/// The bytes at `path` ("-": standard input, read to end of file). Errors: kIo for files that
/// cannot be opened or read (named in the message), kBadInput for too much data or a silent pipe.
Expected<std::string> read_input(const std::string& path, const InputLimits& limits);

}  // namespace stsmc::spec
