#pragma once
// A compact byte form of any reflected value (core/reflect.h), for states that wait in the
// explorer's frontier: integers and enums as zigzag LEB128 varints (the model's numbers are
// small, so most take one byte), bools as one byte, containers and strings with their length
// first, optionals and variants with a tag. The form is private to one process (no versioning):
// it is the inverse of itself, nothing more; traces use JSON.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/check.h"
#include "core/reflect.h"

namespace stsmc {

/// Bytes that own themselves: 16 bytes plus the payload, movable, not copyable.
class PackedBytes {
 public:
  PackedBytes() = default;
  PackedBytes(const std::uint8_t* data, std::size_t size)
      : data_(size ? std::make_unique_for_overwrite<std::uint8_t[]>(size) : nullptr),
        size_(static_cast<std::uint32_t>(size)) {
    STSMC_CHECK(size <= UINT32_MAX);
    if (size) std::memcpy(data_.get(), data, size);
  }
  const std::uint8_t* data() const { return data_.get(); }
  std::size_t size() const { return size_; }

 private:
  std::unique_ptr<std::uint8_t[]> data_;
  std::uint32_t size_ = 0;
};

namespace detail {

inline std::uint64_t get_varint(const std::uint8_t*& p, const std::uint8_t* end) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    STSMC_CHECK(p < end);
    const std::uint8_t b = *p++;
    v |= std::uint64_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) return v;
  }
  STSMC_CHECK(false);
  return 0;
}

inline std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
inline std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

template <class V, std::size_t... I>
void emplace_alternative(V& v, std::size_t index, std::index_sequence<I...>) {
  STSMC_CHECK(index < sizeof...(I));
  ((index == I ? (v.template emplace<I>(), 0) : 0), ...);
}

/// Appends to a std::string through a cursor: the string is grown ahead (its size, not only its
/// capacity) and cut to what was written at the end, so a byte costs a compare and a store
/// (push_back's bookkeeping per byte took about a tenth of the explorer's time).
class ByteSink {
 public:
  explicit ByteSink(std::string& out) : out_(out) { at(out.size()); }
  ByteSink(const ByteSink&) = delete;
  ByteSink& operator=(const ByteSink&) = delete;
  ~ByteSink() { out_.resize(static_cast<std::size_t>(p_ - out_.data())); }

  void byte(std::uint8_t b) {
    if (p_ == end_) [[unlikely]]
      grow(1);
    *p_++ = static_cast<char>(b);
  }
  /// LEB128: seven bits a byte, low bits first. Most of the model's numbers take one byte.
  void varint(std::uint64_t v) {
    if (v < 0x80 && p_ != end_) [[likely]] {
      *p_++ = static_cast<char>(v);
      return;
    }
    varint_slow(v);
  }
  void append(const char* data, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) grow(n);
    if (n) std::memcpy(p_, data, n);
    p_ += n;
  }

 private:
  // The cursor is kept in raw pointers, not as an offset into out_: stores through a char*
  // may alias the string's own fields, which would make every byte reload them.
  void at(std::size_t used) {
    p_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }
  [[gnu::noinline]] void grow(std::size_t n) {
    const auto used = static_cast<std::size_t>(p_ - out_.data());
    out_.resize(std::max(out_.size() * 2, used + n + 256));
    at(used);
  }
  [[gnu::noinline]] void varint_slow(std::uint64_t v) {
    if (end_ - p_ < 10) grow(10);
    while (v >= 0x80) {
      *p_++ = static_cast<char>(v | 0x80);
      v >>= 7;
    }
    *p_++ = static_cast<char>(v);
  }
  std::string& out_;
  char* p_ = nullptr;
  char* end_ = nullptr;
};

}  // namespace detail

/// Writes the byte form of `v` to `out`.
template <class T>
void pack_into(detail::ByteSink& out, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    out.byte(v ? 1 : 0);
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_signed_v<T>) out.varint(detail::zigzag(v));
    else out.varint(v);
  } else if constexpr (std::is_enum_v<T>) {
    pack_into(out, static_cast<std::underlying_type_t<T>>(v));
  } else if constexpr (std::is_same_v<T, std::string>) {
    out.varint(v.size());
    out.append(v.data(), v.size());
  } else if constexpr (detail::IsArray<T>::value) {
    for (const auto& e : v) pack_into(out, e);
  } else if constexpr (detail::IsVector<T>::value || detail::IsMap<T>::value) {
    out.varint(v.size());
    for (const auto& e : v) pack_into(out, e);
  } else if constexpr (detail::IsOptional<T>::value) {
    out.byte(v.has_value() ? 1 : 0);
    if (v) pack_into(out, *v);
  } else if constexpr (detail::IsPair<T>::value) {
    pack_into(out, v.first);
    pack_into(out, v.second);
  } else if constexpr (detail::IsVariant<T>::value) {
    out.varint(v.index());
    std::visit([&](const auto& alt) { pack_into(out, alt); }, v);
  } else if constexpr (std::is_empty_v<T>) {
  } else if constexpr (Reflected<T>) {
    hana::for_each(hana::accessors<T>(), [&](auto pair) { pack_into(out, hana::second(pair)(v)); });
  } else {
    static_assert(sizeof(T) == 0, "pack_append: unsupported field type");
  }
}

/// Appends the byte form of `v` to `out`.
template <class T>
void pack_append(std::string& out, const T& v) {
  detail::ByteSink sink(out);
  pack_into(sink, v);
}

/// Reads what pack_append wrote for a `T` at `p` (advancing it) into `v`, reusing `v`'s storage.
/// Bytes that pack_append did not write fail a check: the form never leaves the process.
template <class T>
void unpack_from(const std::uint8_t*& p, const std::uint8_t* end, T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    STSMC_CHECK(p < end);
    v = *p++ != 0;
  } else if constexpr (std::is_integral_v<T>) {
    const std::uint64_t raw = detail::get_varint(p, end);
    if constexpr (std::is_signed_v<T>) v = static_cast<T>(detail::unzigzag(raw));
    else v = static_cast<T>(raw);
  } else if constexpr (std::is_enum_v<T>) {
    std::underlying_type_t<T> u{};
    unpack_from(p, end, u);
    v = static_cast<T>(u);
  } else if constexpr (std::is_same_v<T, std::string>) {
    const std::uint64_t n = detail::get_varint(p, end);
    STSMC_CHECK(n <= static_cast<std::uint64_t>(end - p));
    v.assign(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    p += n;
  } else if constexpr (detail::IsArray<T>::value) {
    for (auto& e : v) unpack_from(p, end, e);
  } else if constexpr (detail::IsVector<T>::value) {
    const std::uint64_t n = detail::get_varint(p, end);
    STSMC_CHECK(n <= static_cast<std::uint64_t>(end - p));  // every element takes a byte at least
    v.resize(static_cast<std::size_t>(n));
    for (auto& e : v) unpack_from(p, end, e);
  } else if constexpr (detail::IsMap<T>::value) {
    const std::uint64_t n = detail::get_varint(p, end);
    STSMC_CHECK(n <= static_cast<std::uint64_t>(end - p));
    v.clear();
    for (std::uint64_t i = 0; i < n; ++i) {
      typename T::key_type k{};
      typename T::mapped_type m{};
      unpack_from(p, end, k);
      unpack_from(p, end, m);
      v.emplace_hint(v.end(), std::move(k), std::move(m));  // written in key order
    }
  } else if constexpr (detail::IsOptional<T>::value) {
    STSMC_CHECK(p < end);
    if (*p++ == 0) {
      v.reset();
    } else {
      if (!v) v.emplace();
      unpack_from(p, end, *v);
    }
  } else if constexpr (detail::IsPair<T>::value) {
    unpack_from(p, end, v.first);
    unpack_from(p, end, v.second);
  } else if constexpr (detail::IsVariant<T>::value) {
    const std::uint64_t index = detail::get_varint(p, end);
    if (index != v.index())
      detail::emplace_alternative(v, static_cast<std::size_t>(index), std::make_index_sequence<std::variant_size_v<T>>{});
    std::visit([&](auto& alt) { unpack_from(p, end, alt); }, v);
  } else if constexpr (std::is_empty_v<T>) {
  } else if constexpr (Reflected<T>) {
    hana::for_each(hana::accessors<T>(), [&](auto pair) { unpack_from(p, end, hana::second(pair)(v)); });
  } else {
    static_assert(sizeof(T) == 0, "unpack_from: unsupported field type");
  }
}

/// The byte form of `v`; `scratch` is a buffer to reuse between calls.
template <class T>
PackedBytes pack(const T& v, std::string& scratch) {
  scratch.clear();
  pack_append(scratch, v);
  return PackedBytes(reinterpret_cast<const std::uint8_t*>(scratch.data()), scratch.size());
}

/// Reads a whole byte form back into `v` (reusing its storage).
template <class T>
void unpack(const PackedBytes& bytes, T& v) {
  const std::uint8_t* p = bytes.data();
  const std::uint8_t* end = p + bytes.size();
  unpack_from(p, end, v);
  STSMC_CHECK(p == end);
}

}  // namespace stsmc
