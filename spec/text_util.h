#pragma once
// Small text helpers for manifests: quoting values in messages, how YAML resolves a plain
// scalar (string, int, float or bool) and strict int32 parsing with a reason on failure.
#include <cstdint>
#include <string>
#include <string_view>

namespace stsmc::spec {

/// `s` in double quotes with quotes, backslashes and control characters escaped; long values
/// are cut to 64 characters plus "...".
std::string quote(std::string_view s);

/// How YAML (the core schema kubectl agrees with) reads an untagged plain scalar: "int"
/// (12, -3, 0x1f, 0o17), "float" (2.5, 1e3, .inf, .nan), "bool" (true, False, ...) or "string".
std::string_view resolve_plain_scalar(std::string_view s);

/// The result of parse_int32: a value, or why there is none.
struct IntParse {
  bool ok = false;
  std::int32_t value = 0;
  std::string problem;
};

/// Parses a decimal integer that fits in int32. Hex/octal, leading zeros (YAML 1.1 reads
/// them as octal) and out-of-range values are refused with a reason.
IntParse parse_int32(std::string_view s);

}  // namespace stsmc::spec
