#pragma once
// Text from input files (traces, scenarios, manifests) on its way to a terminal: control
// characters and bidirectional overrides are made visible, and `show`'s output is size-bounded.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/expected.h"

namespace stsmc::counterexamples {

/// The most bytes `stsmc show` writes for one trace (any format); more is an input error.
inline constexpr std::size_t kMaxShowOutputBytes = std::size_t{64} << 20;

/// `s` with everything a terminal would interpret replaced by a visible escape: C0 controls,
/// DEL, C1 controls (U+0080..U+009F), line/paragraph separators and bidirectional marks,
/// embeddings, overrides and isolates as "\u001b", "\u202e"; bytes that are not UTF-8 as
/// "\xff". Tab and (when `keep_newlines`) '\n' pass through; other text is kept as it is. On
/// JSON that nlohmann wrote (valid UTF-8, C0 already escaped) the result is the same JSON.
std::string terminal_safe(std::string_view s, bool keep_newlines = false);

/// `out` unchanged when it is at most `limit` bytes; else a kBadTrace error naming `source` and
/// the limit (so a hostile trace cannot make `show` write gigabytes).
Expected<std::string> bounded_output(std::string out, const std::string& source,
                                     std::size_t limit = kMaxShowOutputBytes);

}  // namespace stsmc::counterexamples
