// Small text helpers for manifests: message quoting, YAML 1.1 plain-scalar resolution (as
// kubectl's go-yaml v2 does it), strict int32 parsing, quantity syntax and edit distance.
#include "spec/text_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <vector>

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

bool is_core_bool(std::string_view s) {
  return s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE";
}

// go-yaml v2 drops '_' before parsing a number ("1_000" is 1000).
std::string without_underscores(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_') out += c;
  return out;
}

bool is_int(std::string_view s) {
  if (s.starts_with("0x")) return all_of(s.substr(2), is_hex);
  if (s.starts_with("0o")) return all_of(s.substr(2), [](char c) { return c >= '0' && c <= '7'; });
  return all_of(strip_sign(s), is_digit);
}

// go-yaml v2's ParseInt(s without '_', base 0): a sign, then 0x/0o/0b prefixes or decimal.
bool is_yaml11_int(std::string_view raw) {
  const std::string plain = without_underscores(raw);
  const std::string_view s = strip_sign(plain);
  if (s.starts_with("0b")) return all_of(s.substr(2), [](char c) { return c == '0' || c == '1'; });
  return is_int(s);
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

bool is_yaml11_only_bool(std::string_view s) {
  for (std::string_view word : {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off",
                                "Off", "OFF"})
    if (s == word) return true;
  return false;
}

std::string_view resolve_kubectl_scalar(std::string_view s) {
  if (is_core_bool(s) || is_yaml11_only_bool(s)) return "bool";
  if (s.starts_with('_')) return "string";  // go-yaml v2 tries numbers only from a digit, sign or '.'

  if (is_yaml11_int(s)) return "int";
  if (is_float(without_underscores(s))) return "float";
  return "string";
}

std::string_view resolve_plain_scalar(std::string_view s) {
  if (is_core_bool(s)) return "bool";
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

std::optional<std::string> quantity_problem(std::string_view s) {
  const std::string shape = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  if (s.empty()) return "a quantity may not be empty";
  std::size_t i = 0;
  if (s[i] == '+' || s[i] == '-') ++i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  const std::string_view suffix = s.substr(i);
  // ParseQuantity's suffix scan: letters of "eEinumkKMGTP", an optional sign, digits; then the
  // suffix must be a known one or a decimal exponent.
  std::size_t j = 0;
  while (j < suffix.size() && std::string_view("eEinumkKMGTP").find(suffix[j]) != std::string_view::npos) ++j;
  if (j < suffix.size() && (suffix[j] == '+' || suffix[j] == '-')) ++j;
  while (j < suffix.size() && is_digit(suffix[j])) ++j;
  if (j != suffix.size()) return shape;
  for (std::string_view known : {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E"})
    if (suffix == known) return std::nullopt;
  if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    const auto exponent = strip_sign(suffix.substr(1));
    if (all_of(exponent, is_digit) && exponent.size() < 10) return std::nullopt;
  }
  return "unable to parse quantity's suffix";
}

int quantity_sign(std::string_view s) {
  const bool negative = !s.empty() && s[0] == '-';
  for (char c : s) {
    if (c >= '1' && c <= '9') return negative ? -1 : 1;
    if (!is_digit(c) && c != '.' && c != '+' && c != '-') break;  // the suffix starts
  }
  return 0;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions and adjacent transpositions
  // ("nmae" is one step from "name").
  const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  const std::size_t width = b.size() + 1;
  std::vector<std::size_t> d((a.size() + 1) * width);
  const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * width + j]; };
  for (std::size_t i = 0; i <= a.size(); ++i) at(i, 0) = i;
  for (std::size_t j = 0; j <= b.size(); ++j) at(0, j) = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = fold(a[i - 1]) == fold(b[j - 1]);
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (same ? 0 : 1)});
      if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1]))
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
    }
  }
  return at(a.size(), b.size());
}

std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> known) {
  constexpr std::size_t kLongest = 256;  // longer keys are no typos; keep the work small
  if (word.size() > kLongest) return std::nullopt;
  const std::size_t allowed = word.size() >= 12 ? 3 : word.size() >= 5 ? 2 : 1;
  std::optional<std::string_view> best;
  std::size_t best_distance = allowed + 1;
  for (std::string_view k : known) {
    const std::size_t d = edit_distance(word, k);
    if (d < best_distance) {
      best = k;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace stsmc::spec
