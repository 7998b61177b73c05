#pragma once
// Small text helpers for manifests: quoting values in messages, how kubectl's YAML reader
// resolves a plain scalar, strict int32 parsing, resource.Quantity syntax and "did you mean".
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace stsmc::spec {

/// `s` in double quotes with quotes, backslashes and control characters escaped; long values
/// are cut to 64 characters plus "...".
std::string quote(std::string_view s);

/// How YAML 1.2's core schema reads an untagged plain scalar: "int" (12, -3, 0x1f, 0o17),
/// "float" (2.5, 1e3, .inf, .nan), "bool" (true, False, ...) or "string". (Scenario files.)
std::string_view resolve_plain_scalar(std::string_view s);

/// How kubectl's YAML reader (sigs.k8s.io/yaml on go-yaml v2, YAML 1.1) reads an untagged plain
/// scalar: as resolve_plain_scalar(), plus YAML 1.1's booleans (yes/no/on/off/y/n in their three
/// spellings), binary 0b101 and '_' between digits (1_000) for numbers. (Manifests.)
std::string_view resolve_kubectl_scalar(std::string_view s);

/// True for the YAML 1.1 booleans YAML 1.2's core schema reads as strings (yes, No, ON, y, ...).
bool is_yaml11_only_bool(std::string_view s);

/// The result of parse_int32: a value, or why there is none.
struct IntParse {
  bool ok = false;
  std::int32_t value = 0;
  std::string problem;
};

/// Parses a decimal integer that fits in int32. Hex/octal, leading zeros (YAML 1.1 reads
/// them as octal) and out-of-range values are refused with a reason.
IntParse parse_int32(std::string_view s);

/// Why `s` is not a resource.Quantity (apimachinery ParseQuantity: [+-]digits[.digits] then a
/// suffix Ki..Ei, n u m k M G T P E, or e/E and an exponent), or nothing when it is one.
std::optional<std::string> quantity_problem(std::string_view s);

/// The sign of a quantity that quantity_problem() accepts: -1, 0 or 1.
int quantity_sign(std::string_view s);

/// Edit distance (optimal string alignment: a swap of two neighbours is one edit) between `a`
/// and `b`, ASCII case folded.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The entry of `known` closest to `word` when it is close enough to be a likely typo
/// (distance at most 1 for short words, 2 from 5 characters, 3 from 12), else nothing.
std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> known);

}  // namespace stsmc::spec
