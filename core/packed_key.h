#pragma once
// KeyPacker: an exact key of a reflected state in at most 63 bits, laid out from the types and
// ranges of its fields (a bool is one bit, a named enum as many bits as its names need, an integer
// as many as the bound given for its field). Two states have equal keys exactly when they are
// equal, so a visited set of packed keys has no fingerprint collisions, and the key unpacks back
// to the state. Types with variable-size parts (vectors, maps, strings, optionals) do not pack.
//
// An array of scalars may use only its first elements (a model sized at run time, with room for
// the largest size): the bound "name[]" gives how many, the others must stay zero and take no
// bits. Arrays of one-byte scalars (bools, small enums and integers) pack eight elements at a
// time: one load, one range check and three shift-and-mask steps per word instead of a step per
// element.
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/check.h"
#include "core/enum_names.h"
#include "core/reflect.h"

namespace stsmc {

/// Upper bounds (inclusive) of a state's integer fields, by field name. A field of a nested struct
/// goes by its own name; the elements of an array go by the array's name.
using FieldBounds = std::map<std::string, std::uint64_t, std::less<>>;

namespace detail {

/// Number of scalar leaves of T (0 when T cannot be packed at all).
template <class T>
constexpr std::size_t leaf_count() {
  if constexpr (std::is_same_v<T, bool> || std::is_enum_v<T> || std::is_integral_v<T>) {
    return 1;
  } else if constexpr (IsArray<T>::value) {
    return std::tuple_size_v<T> * leaf_count<typename T::value_type>();
  } else if constexpr (Reflected<T> && !std::is_empty_v<T>) {
    std::size_t n = 0;
    bool ok = true;
    hana::for_each(hana::accessors<T>(), [&](auto pair) {
      using F = std::remove_cvref_t<decltype(hana::second(pair)(std::declval<const T&>()))>;
      const std::size_t k = leaf_count<F>();
      ok = ok && k > 0;
      n += k;
    });
    return ok ? n : 0;
  } else {
    return 0;
  }
}

/// Bits needed for values 0..max.
constexpr unsigned bits_for(std::uint64_t max) { return static_cast<unsigned>(std::bit_width(max)); }

template <class T>
constexpr bool kScalarLeaf = std::is_same_v<T, bool> || std::is_enum_v<T> || std::is_integral_v<T>;
/// A scalar held in one byte: arrays of them pack a machine word at a time.
template <class T>
constexpr bool kByteLeaf = kScalarLeaf<T> && sizeof(T) == 1 && std::endian::native == std::endian::little;

/// The low `w` bits of each byte of `x` (byte k holds element k), side by side: element k at bit
/// k * w. Pairs of bytes merge, then pairs of pairs, then the two halves.
constexpr std::uint64_t squeeze_bytes(std::uint64_t x, unsigned w) {
  x = (x & 0x00ff00ff00ff00ffULL) | ((x & 0xff00ff00ff00ff00ULL) >> (8 - w));
  x = (x & 0x0000ffff0000ffffULL) | ((x & 0xffff0000ffff0000ULL) >> (16 - 2 * w));
  return (x & 0x00000000ffffffffULL) | ((x & 0xffffffff00000000ULL) >> (32 - 4 * w));
}

/// Bytes [0, n) at p (1 <= n <= 8) as a little-endian word, by at most two whole loads that may
/// overlap: a memcpy of n bytes into a word would go through the stack, and reading the word back
/// stalls on the partial store.
inline std::uint64_t load_bytes(const unsigned char* p, std::size_t n) {
  std::uint64_t x = 0;
  if (n == 8) {
    std::memcpy(&x, p, 8);
  } else if (n >= 4) {
    std::uint32_t lo = 0, hi = 0;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    x = lo | std::uint64_t{hi} << (8 * (n - 4));
  } else if (n >= 2) {
    std::uint16_t lo = 0, hi = 0;
    std::memcpy(&lo, p, 2);
    std::memcpy(&hi, p + n - 2, 2);
    x = lo | std::uint64_t{hi} << (8 * (n - 2));
  } else {
    x = *p;
  }
  return x;
}

}  // namespace detail

/// True for types made only of bools, named enums, integers, arrays and reflected structs.
template <class T>
concept Packable = detail::leaf_count<T>() > 0;

template <Packable T>
class KeyPacker {
 public:
  static constexpr std::size_t kLeaves = detail::leaf_count<T>();
  static constexpr unsigned kMaxBits = 63;  ///< one bit short of a word: the set keeps 0 free

  /// The layout for `bounds`, or nullopt when an integer field has no bound, an enum lacks names,
  /// or the whole does not fit in kMaxBits.
  static std::optional<KeyPacker> make(const FieldBounds& bounds) {
    KeyPacker p;
    std::size_t leaf = 0;
    bool ok = true;
    p.lay_out(T{}, "", bounds, leaf, ok);
    if (!ok || p.bits_ > kMaxBits) return std::nullopt;
    return p;
  }

  /// Total bits of a key.
  unsigned bits() const { return bits_; }

  /// The key of `v`. A value above its field's bound is a bug in the model's bounds (abort).
  std::uint64_t pack(const T& v) const {
    std::uint64_t key = 0;
    unsigned pos = 0;
    std::size_t leaf = 0;
    bool over = false;
    put(v, key, pos, leaf, over);
    STSMC_CHECK(!over);
    return key;
  }

  /// The value whose key is `key`.
  T unpack(std::uint64_t key) const {
    T v{};
    std::size_t leaf = 0;
    get(v, key, leaf);
    return v;
  }

 private:
  template <class F>
  void lay_out(const F& f, std::string_view name, const FieldBounds& bounds, std::size_t& leaf,
               bool& ok) {
    if constexpr (std::is_same_v<F, bool>) {
      set_leaf(leaf++, 1);
    } else if constexpr (std::is_enum_v<F>) {
      if constexpr (NamedEnum<F>) {
        set_leaf(leaf++, enum_names(F{}).size() - 1);
      } else {
        ok = false;
      }
    } else if constexpr (std::is_integral_v<F>) {
      const auto it = bounds.find(name);
      if (it == bounds.end()) {
        ok = false;
        return;
      }
      set_leaf(leaf++, it->second);
    } else if constexpr (detail::IsArray<F>::value) {
      std::size_t used = f.size();
      if (const auto it = bounds.find(std::string(name) + "[]"); it != bounds.end()) {
        if constexpr (!detail::kScalarLeaf<typename F::value_type>) {
          ok = false;  // only arrays of scalars may leave elements unused
          return;
        }
        used = static_cast<std::size_t>(std::min<std::uint64_t>(it->second, f.size()));
      }
      if constexpr (detail::kScalarLeaf<typename F::value_type>) used_[leaf] = used;
      for (std::size_t k = 0; k < f.size(); ++k) {
        if (k < used)
          lay_out(f[k], name, bounds, leaf, ok);
        else
          set_leaf(leaf++, 0);  // must stay zero: no bits
      }
    } else {
      for_each_field(f, [&](std::string_view n, const auto& g) { lay_out(g, n, bounds, leaf, ok); });
    }
  }

  void set_leaf(std::size_t leaf, std::uint64_t max) {
    max_[leaf] = max;
    width_[leaf] = static_cast<std::uint8_t>(detail::bits_for(max));
    bits_ += width_[leaf];
  }

  // Bools and enums have widths and ranges known at compile time; only integers read theirs.
  template <class F>
  void put(const F& f, std::uint64_t& key, unsigned& pos, std::size_t& leaf, bool& over) const {
    if constexpr (std::is_same_v<F, bool>) {
      key |= std::uint64_t{f} << pos;
      pos += 1;
      ++leaf;
    } else if constexpr (NamedEnum<F>) {
      constexpr std::uint64_t kMax = enum_names(F{}).size() - 1;
      const auto x = static_cast<std::uint64_t>(f);  // a negative value wraps above kMax
      over |= x > kMax;
      key |= x << pos;
      pos += detail::bits_for(kMax);
      ++leaf;
    } else if constexpr (std::is_enum_v<F> || std::is_integral_v<F>) {
      const auto x = static_cast<std::uint64_t>(f);  // (an unnamed enum never gets a layout)
      over |= x > max_[leaf];
      key |= x << pos;
      pos += width_[leaf++];
    } else if constexpr (detail::IsArray<F>::value) {
      using E = typename F::value_type;
      if constexpr (detail::kByteLeaf<E>) {
        put_bytes(f, key, pos, leaf, over);
      } else if constexpr (detail::kScalarLeaf<E>) {
        const std::size_t used = used_[leaf];
        for (std::size_t k = 0; k < f.size(); ++k) {
          if (k < used) {
            put(f[k], key, pos, leaf, over);
          } else {
            over |= static_cast<std::uint64_t>(f[k]) != 0;
            ++leaf;
          }
        }
      } else {
        for (const auto& e : f) put(e, key, pos, leaf, over);
      }
    } else {
      hana::for_each(hana::accessors<F>(),
                     [&](auto pair) { put(hana::second(pair)(f), key, pos, leaf, over); });
    }
  }

  /// An array of one-byte scalars, eight elements a word: the used ones checked against their
  /// bound (a borrow-free byte-wise compare), the unused ones against zero, then squeezed.
  template <class E, std::size_t C>
  void put_bytes(const std::array<E, C>& a, std::uint64_t& key, unsigned& pos, std::size_t& leaf,
                 bool& over) const {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    unsigned w = 0;
    std::uint64_t max = 0;
    if constexpr (std::is_same_v<E, bool>) {
      w = 1;
      max = 1;
    } else if constexpr (NamedEnum<E>) {
      max = enum_names(E{}).size() - 1;
      w = detail::bits_for(max);
    } else {
      max = max_[leaf];
      w = width_[leaf];
    }
    const std::size_t used = used_[leaf];
    for (std::size_t j = 0; j < C; j += 8) {
      const std::uint64_t x =
          detail::load_bytes(reinterpret_cast<const unsigned char*>(a.data() + j), std::min<std::size_t>(8, C - j));
      const std::size_t u = used > j ? std::min<std::size_t>(used - j, 8) : 0;
      const std::uint64_t mask = u >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * u)) - 1;
      over |= (x & ~mask) != 0;
      if (u == 0) continue;
      if (max < 0x80) {
        over |= ((x | (x + (0x7f - max) * kOnes)) & kHigh & mask) != 0;
      } else {
        for (std::size_t k = 0; k < u; ++k) over |= (x >> (8 * k) & 0xff) > max;
      }
      key |= detail::squeeze_bytes(x, w) << pos;
      pos += static_cast<unsigned>(u) * w;
    }
    leaf += C;
  }

  template <class F>
  void get(F& f, std::uint64_t& key, std::size_t& leaf) const {
    if constexpr (std::is_same_v<F, bool> || std::is_enum_v<F> || std::is_integral_v<F>) {
      const unsigned w = width_[leaf++];
      f = static_cast<F>(key & ((std::uint64_t{1} << w) - 1));
      key >>= w;
    } else if constexpr (detail::IsArray<F>::value) {
      for (auto& e : f) get(e, key, leaf);
    } else {
      hana::for_each(hana::accessors<F>(),
                     [&](auto pair) { get(hana::second(pair)(f), key, leaf); });
    }
  }

  std::array<std::uint64_t, kLeaves> max_{};
  std::array<std::uint8_t, kLeaves> width_{};
  std::array<std::size_t, kLeaves> used_{};  ///< at an array of scalars' first leaf: elements used
  unsigned bits_ = 0;
};

}  // namespace stsmc
