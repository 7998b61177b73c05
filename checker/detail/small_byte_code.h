#pragma once
// SmallByteCode: how the explorer shrinks the packed states that wait in its frontier and among
// a level's candidates. A packed state (core/byte_pack.h) is a run of varints and flags, and
// nearly all of its bytes are small: on the StatefulSet model 53 % are 0, 26 % are 1 and 10 % are
// 2. So each byte gets a prefix code, written low bits first:
//
//   0 -> 0     1 -> 10     2 -> 110     any other b -> 111 and the 8 bits of b
//
// (read as bit strings from the first bit: a 0 stops a run of ones). A state of 112 bytes takes
// 35 on average, a third; a byte of 3 or more costs 11 bits, so no input grows by more than 3/8.
// The code is private to one process, like the byte form it wraps: nothing is versioned.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/byte_pack.h"
#include "core/check.h"

namespace stsmc::checker::detail {

/// Appends the code of `raw` to `out`: the number of raw bytes as a varint, then the bits.
inline void encode_small_bytes(std::span<const std::uint8_t> raw, std::string& out) {
  std::uint64_t n = raw.size();
  for (; n >= 0x80; n >>= 7) out.push_back(static_cast<char>(n | 0x80));
  out.push_back(static_cast<char>(n));
  const std::size_t start = out.size();
  out.resize(start + (raw.size() * 11 + 7) / 8);  // the most it can take
  char* p = out.data() + start;
  std::uint64_t acc = 0;
  unsigned bits = 0;
  for (const std::uint8_t b : raw) {
    if (b < 3) {
      acc |= ((std::uint64_t{1} << b) - 1) << bits;  // b ones, then the stopping zero
      bits += b + 1u;
    } else {
      acc |= (std::uint64_t{7} | std::uint64_t{b} << 3) << bits;
      bits += 11;
    }
    while (bits >= 8) {
      *p++ = static_cast<char>(acc & 0xff);
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) *p++ = static_cast<char>(acc & 0xff);
  out.resize(static_cast<std::size_t>(p - out.data()));
}

/// Decodes what encode_small_bytes wrote at [p, end) into `raw` (replacing its contents). The
/// code must be whole: a truncated one fails a check.
inline void decode_small_bytes(const std::uint8_t* p, const std::uint8_t* end, std::vector<std::uint8_t>& raw) {
  raw.resize(static_cast<std::size_t>(stsmc::detail::get_varint(p, end)));
  std::uint64_t acc = 0;
  unsigned bits = 0;
  for (std::uint8_t& out : raw) {
    while (bits <= 56 && p < end) {
      acc |= std::uint64_t{*p++} << bits;
      bits += 8;
    }
    const unsigned ones = static_cast<unsigned>(std::countr_one(acc & 7));
    if (ones < 3) {
      STSMC_CHECK(bits >= ones + 1);
      out = static_cast<std::uint8_t>(ones);
      acc >>= ones + 1;
      bits -= ones + 1;
    } else {
      STSMC_CHECK(bits >= 11);
      out = static_cast<std::uint8_t>(acc >> 3);
      acc >>= 11;
      bits -= 11;
    }
  }
}

}  // namespace stsmc::checker::detail
