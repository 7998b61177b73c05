#pragma once
// Text builders for tests that feed parsers large or deeply nested inputs.
#include <cstddef>
#include <string>

namespace stsmc::testing {

/// `s` written `n` times in a row.
inline std::string repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(n > 0 ? n : 0));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

/// How many times `part` occurs in `text` (overlapping occurrences too).
inline std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto p = text.find(part); p != std::string::npos; p = text.find(part, p + 1)) ++n;
  return n;
}

}  // namespace stsmc::testing
