#pragma once
// Names of enumerators, for JSON, printing and parsing. An enum opts in by declaring, in its own
// namespace, `constexpr std::array<std::string_view, N> enum_names(E)` (found by ADL), listing
// the names in enumerator order. Enumerators must be 0..N-1.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

namespace stsmc {

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires(E e) { enum_names(e); };

/// The name of `e` ("?" when out of range, which only a bug can produce).
template <NamedEnum E>
constexpr std::string_view enum_name(E e) {
  constexpr auto names = enum_names(E{});
  const auto i = static_cast<std::size_t>(e);
  return i < names.size() ? names[i] : std::string_view("?");
}

/// The enumerator named `name`, if any.
template <NamedEnum E>
constexpr std::optional<E> parse_enum(std::string_view name) {
  constexpr auto names = enum_names(E{});
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace stsmc
