#pragma once
// Test helper for reflected state types (like Abseil's VerifyTypeImplementsAbslHashCorrectly):
// for a sample value, changing any one field (recursively) must change the fingerprint and the
// JSON round trip must give back an equal value.
#include <gtest/gtest.h>

#include <string>

#include "core/json.h"
#include "core/reflect.h"

namespace stsmc::testing {

/// Changes `v` to a different value of the same type.
template <class T>
void perturb(T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    v = !v;
  } else if constexpr (NamedEnum<T>) {
    constexpr auto n = enum_names(T{}).size();
    v = static_cast<T>((static_cast<std::size_t>(v) + 1) % n);
  } else if constexpr (std::is_integral_v<T>) {
    v = static_cast<T>(v + 1);
  } else if constexpr (std::is_same_v<T, std::string>) {
    v += "x";
  } else if constexpr (detail::IsVector<T>::value) {
    v.emplace_back();
  } else if constexpr (detail::IsOptional<T>::value) {
    if (v) v.reset(); else v.emplace();
  } else if constexpr (detail::IsPair<T>::value) {
    perturb(v.second);
  } else if constexpr (detail::IsMap<T>::value) {
    typename T::key_type k{};
    while (v.count(k)) perturb(k);  // a key not yet present
    v[k];
  } else if constexpr (Reflected<T>) {
    bool done = false;
    for_each_field_mut(v, [&](std::string_view, auto& f) { if (!done) { perturb(f); done = true; } });
  } else {
    static_assert(sizeof(T) == 0, "perturb: unsupported type");
  }
}

/// Checks the fingerprint and JSON contracts of `sample` field by field (recursing into structs).
template <Reflected T>
void expect_reflection_contract(const T& sample, const std::string& where = "") {
  const Fingerprint base = fingerprint(sample);
  T back{};
  auto r = from_json(to_json(sample), back);
  ASSERT_TRUE(r.has_value()) << where << ": " << r.error().message;
  EXPECT_TRUE(back == sample) << where << ": JSON round trip changed the value: " << to_string(sample);
  std::size_t index = 0;
  for_each_field(sample, [&](std::string_view name, const auto& field) {
    T changed = sample;
    std::size_t i = 0;
    for_each_field_mut(changed, [&](std::string_view, auto& f) {
      if (i++ == index) perturb(f);
    });
    EXPECT_NE(fingerprint(changed), base) << where << "." << name << ": changing the field kept the fingerprint";
    using F = std::decay_t<decltype(field)>;
    if constexpr (Reflected<F>) expect_reflection_contract(field, where + "." + std::string(name));
    ++index;
  });
}

}  // namespace stsmc::testing
