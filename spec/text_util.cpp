// Small text helpers for manifests: message quoting, YAML plain-scalar resolution and strict
// int32 parsing.
#include "spec/text_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>

namespace stsmc::spec {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool all_of(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
std::string_view strip_sign(std::string_view s) {
  return !s.empty() && (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
}

bool is_bool(std::string_view s) {
  return s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE";
}

bool is_int(std::string_view s) {
  if (s.starts_with("0x")) return all_of(s.substr(2), is_hex);
  if (s.starts_with("0o")) return all_of(s.substr(2), [](char c) { return c >= '0' && c <= '7'; });
  return all_of(strip_sign(s), is_digit);
}

// [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?  and the special values.
bool is_float(std::string_view s) {
  const auto body = strip_sign(s);
  if (body == ".inf" || body == ".Inf" || body == ".INF") return true;
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < body.size() && is_digit(body[i])) ++i;
    return i - from;
  };
  const std::size_t whole = digits();
  std::size_t frac = 0;
  if (i < body.size() && body[i] == '.') {
    ++i;
    frac = digits();
  }
  if (whole == 0 && frac == 0) return false;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '-' || body[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == body.size();
}
}  // namespace

std::string quote(std::string_view s) {
  constexpr std::size_t kMaxShown = 64;
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size() && i < kMaxShown; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += s.size() > kMaxShown ? "\"..." : "\"";
  return out;
}

std::string_view resolve_plain_scalar(std::string_view s) {
  if (is_bool(s)) return "bool";
  if (is_int(s)) return "int";
  if (is_float(s)) return "float";
  return "string";
}

IntParse parse_int32(std::string_view s) {
  const auto body = strip_sign(s);
  if (!all_of(body, is_digit)) return {false, 0, fmt::format("write integers in decimal, got {}", s)};
  if (body.size() > 1 && body[0] == '0')
    return {false, 0, fmt::format("ambiguous integer {} (YAML 1.1 reads a leading 0 as octal); drop the leading zeros", s)};
  long long v = 0;
  const auto* first = s[0] == '+' ? s.data() + 1 : s.data();
  const auto [end, ec] = std::from_chars(first, s.data() + s.size(), v);
  const bool fits = ec == std::errc() && end == s.data() + s.size() &&
                    v >= std::numeric_limits<std::int32_t>::min() &&
                    v <= std::numeric_limits<std::int32_t>::max();
  if (!fits) return {false, 0, fmt::format("{} is out of range for a 32-bit integer", s)};
  return {true, static_cast<std::int32_t>(v), ""};
}

}  // namespace stsmc::spec
