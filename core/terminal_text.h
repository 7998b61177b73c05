#pragma once
// Text from input files on its way to a terminal: what a terminal would act on (control
// characters, bidirectional overrides, bytes that are not UTF-8) made visible. Header-only, so
// every folder (counterexamples, scenario, cli) can use it.
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace stsmc {
namespace detail {

/// The length of the valid UTF-8 sequence at s[i] and its code point; 0 when it is not valid
/// (overlong forms, surrogates and values above U+10FFFF included).
inline std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  std::size_t n = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if (c >= 0xc2 && c <= 0xdf) n = 2, cp = c & 0x1f;
  else if (c >= 0xe0 && c <= 0xef) n = 3, cp = c & 0x0f;
  else if (c >= 0xf0 && c <= 0xf4) n = 4, cp = c & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3f);
  }
  const char32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

/// C1 controls, line/paragraph separators and the bidirectional marks, embeddings, overrides
/// and isolates.
inline bool terminal_interprets(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

}  // namespace detail

/// `s` with everything a terminal would interpret replaced by a visible escape: C0 controls,
/// DEL, C1 controls (U+0080..U+009F), line/paragraph separators and bidirectional marks,
/// embeddings, overrides and isolates as "\u001b", "\u202e"; bytes that are not UTF-8 as
/// "\xff". Tab and (when `keep_newlines`) '\n' pass through; other text is kept as it is. On
/// JSON that nlohmann wrote (valid UTF-8, C0 already escaped) the result is the same JSON.
inline std::string terminal_safe(std::string_view s, bool keep_newlines = false) {
  std::string out;
  out.reserve(s.size());
  char buf[16];
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = detail::decode_utf8(s, i, cp);
    if (n == 0) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(s[i])));
      out += buf;
      ++i;
      continue;
    }
    const bool pass = cp == '\t' || (cp == '\n' && keep_newlines);
    if ((!pass && (cp < 0x20 || cp == 0x7f)) || detail::terminal_interprets(cp)) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace stsmc
