#pragma once
// Reflection of plain state structs (BOOST_HANA_DEFINE_STRUCT) and the stable 64-bit fingerprint
// over their field walk. The fingerprint is a fixed function of the values, never std::hash, so
// state counts, traces and golden files agree across runs, machines and thread counts.
#include <array>
#include <bit>
#include <concepts>
#include <cstring>
#include <boost/container/flat_map.hpp>
#include <boost/container/small_vector.hpp>
#include <boost/hana.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace stsmc {

namespace hana = boost::hana;

/// A state's 64-bit fingerprint.
using Fingerprint = std::uint64_t;

template <class T>
concept Reflected = hana::Struct<T>::value;

/// Streaming 64-bit hasher: each word is mixed with a multiply-xorshift round (the finaliser of
/// MurmurHash3/SplitMix64), so any single-field change flips about half the output bits.
class Hasher {
 public:
  void word(std::uint64_t w) {
    h_ ^= w + 0x9e3779b97f4a7c15ULL + (h_ << 6) + (h_ >> 2);
    h_ = mix(h_);
  }
  /// The length, then the bytes as little-endian 64-bit words (the last one zero-padded).
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    word(n);
    std::size_t i = 0;
    if constexpr (std::endian::native == std::endian::little) {
      for (; i + 8 <= n; i += 8) {  // a whole word at once: the same value as the loop below
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        word(w);
      }
    }
    std::uint64_t acc = 0;
    std::size_t k = 0;
    for (; i < n; ++i) {
      acc |= static_cast<std::uint64_t>(p[i]) << (8 * k);
      if (++k == 8) { word(acc); acc = 0; k = 0; }
    }
    if (k) word(acc);
  }
  std::uint64_t digest() const { return mix(h_ ^ 0x2545f4914f6cdd1dULL); }

  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t h_ = 0x6a09e667f3bcc908ULL;
};

template <class T> void hash_append(Hasher& h, const T& v);

/// Fields added to a struct after its JSON form was fixed (traces, reports): a struct names them
/// in `static constexpr std::array<std::string_view, N> kAddedFields`. While such a field holds
/// its type's default value (zero, an empty container) it is left out of the fingerprint and of
/// the JSON, and JSON without it reads as that default. So traces written before the field
/// existed still read, replay and match their recorded fingerprints.
template <class T>
constexpr bool is_added_field(std::string_view name) {
  if constexpr (requires { T::kAddedFields; }) {
    for (std::string_view n : T::kAddedFields)
      if (n == name) return true;
  }
  return false;
}

/// True when field `name` of a `T` holding `value` is left out (an added field at its default).
template <class T, class V>
bool omitted_field(std::string_view name, const V& value) {
  if constexpr (requires { T::kAddedFields; } && std::equality_comparable<V> && std::is_default_constructible_v<V>) {
    return is_added_field<T>(name) && value == V{};
  } else {
    return false;
  }
}

namespace detail {
template <class T> struct IsVector : std::false_type {};
template <class T, class A> struct IsVector<std::vector<T, A>> : std::true_type {};
template <class T, std::size_t N, class A, class O>
struct IsVector<boost::container::small_vector<T, N, A, O>> : std::true_type {};
template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};
template <class T> struct IsMap : std::false_type {};
template <class K, class V, class C, class A> struct IsMap<std::map<K, V, C, A>> : std::true_type {};
template <class K, class V, class C, class A>
struct IsMap<boost::container::flat_map<K, V, C, A>> : std::true_type {};
template <class T> struct IsPair : std::false_type {};
template <class A, class B> struct IsPair<std::pair<A, B>> : std::true_type {};
template <class T> struct IsArray : std::false_type {};
template <class T, std::size_t N> struct IsArray<std::array<T, N>> : std::true_type {};
template <class T> struct IsVariant : std::false_type {};
template <class... Ts> struct IsVariant<std::variant<Ts...>> : std::true_type {};
}  // namespace detail

/// Appends `v` to the hash: scalars as one word, containers with their length first (so that
/// [a][b] and [a, b] differ), structs field by field.
template <class T>
void hash_append(Hasher& h, const T& v) {
  if constexpr (std::is_same_v<T, bool> || std::is_integral_v<T>) {
    h.word(static_cast<std::uint64_t>(v));
  } else if constexpr (std::is_enum_v<T>) {
    h.word(static_cast<std::uint64_t>(v));
  } else if constexpr (std::is_same_v<T, std::string>) {
    h.bytes(v.data(), v.size());
  } else if constexpr (detail::IsVector<T>::value || detail::IsArray<T>::value ||
                       detail::IsMap<T>::value) {
    h.word(v.size());
    for (const auto& e : v) hash_append(h, e);
  } else if constexpr (detail::IsOptional<T>::value) {
    h.word(v.has_value() ? 1 : 0);
    if (v) hash_append(h, *v);
  } else if constexpr (detail::IsPair<T>::value) {
    hash_append(h, v.first);
    hash_append(h, v.second);
  } else if constexpr (detail::IsVariant<T>::value) {
    h.word(v.index());
    std::visit([&](const auto& alt) { hash_append(h, alt); }, v);
  } else if constexpr (std::is_empty_v<T>) {
    h.word(0);  // a field-less struct (an action without arguments)
  } else if constexpr (Reflected<T>) {
    hana::for_each(hana::accessors<T>(), [&](auto pair) {
      const auto& f = hana::second(pair)(v);
      if constexpr (requires { T::kAddedFields; }) {
        if (omitted_field<T>(hana::to<const char*>(hana::first(pair)), f)) return;
      }
      hash_append(h, f);
    });
  } else {
    static_assert(sizeof(T) == 0, "hash_append: unsupported field type");
  }
}

/// The stable fingerprint of a value.
template <class T>
Fingerprint fingerprint(const T& v) {
  Hasher h;
  hash_append(h, v);
  return h.digest();
}

/// Calls f(name, value) for each field of a reflected struct, in declaration order.
template <Reflected T, class F>
void for_each_field(const T& v, F&& f) {
  hana::for_each(hana::accessors<T>(), [&](auto pair) {
    f(std::string_view(hana::to<const char*>(hana::first(pair))), hana::second(pair)(v));
  });
}

/// Mutable variant of for_each_field.
template <Reflected T, class F>
void for_each_field_mut(T& v, F&& f) {
  hana::for_each(hana::accessors<T>(), [&](auto pair) {
    f(std::string_view(hana::to<const char*>(hana::first(pair))), hana::second(pair)(v));
  });
}

}  // namespace stsmc
