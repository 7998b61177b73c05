// Making input text safe to print: a small UTF-8 decoder that escapes what terminals act on.
#include "counterexamples/terminal_text.h"

#include <fmt/format.h>

#include <cstdint>

namespace stsmc::counterexamples {
namespace {

/// The length of the valid UTF-8 sequence at s[i] and its code point; 0 when it is not valid
/// (overlong forms, surrogates and values above U+10FFFF included).
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
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

bool interpreted(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

}  // namespace

std::string terminal_safe(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = decode(s, i, cp);
    if (n == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    const bool pass = cp == '\t' || (cp == '\n' && keep_newlines);
    if ((!pass && (cp < 0x20 || cp == 0x7f)) || interpreted(cp)) {
      out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(cp));
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

Expected<std::string> bounded_output(std::string out, const std::string& source, std::size_t limit) {
  if (out.size() <= limit) return out;
  return Error{ErrorCode::kBadTrace,
               fmt::format("{}: the rendering is {} bytes, more than the limit of {} MiB; "
                           "is the trace valid? (`stsmc show --format json` prints it as stored)",
                           terminal_safe(source), out.size(), limit >> 20)};
}

}  // namespace stsmc::counterexamples
