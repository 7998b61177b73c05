#pragma once
// What `show` may print: text from a trace made safe for a terminal (core/terminal_text.h) and
// a bound on the size of a rendering.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/expected.h"
#include "core/terminal_text.h"

namespace stsmc::counterexamples {

/// The most bytes `stsmc show` writes for one trace (any format); more is an input error.
inline constexpr std::size_t kMaxShowOutputBytes = std::size_t{64} << 20;

/// core/terminal_text.h's, under the name the counterexamples code uses.
using stsmc::terminal_safe;

/// `out` unchanged when it is at most `limit` bytes; else a kBadTrace error naming `source` and
/// the limit (so a hostile trace cannot make `show` write gigabytes).
Expected<std::string> bounded_output(std::string out, const std::string& source,
                                     std::size_t limit = kMaxShowOutputBytes);

}  // namespace stsmc::counterexamples
