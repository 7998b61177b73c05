#pragma once
// ByteArena: where the explorer keeps the packed states of a chunk's candidates, and then of the
// frontier they become. One allocation per block of many states instead of one per state (a
// heap block costs a header and rounding, and a PackedBytes a 16-byte handle besides); a state's
// bytes never move once written, so the frontier refers to them by address (PackedRef).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "core/check.h"

namespace stsmc::checker::detail {

/// A packed state in a ByteArena: the address of its length (a varint), the bytes follow.
struct PackedRef {
  const std::uint8_t* at = nullptr;
};

class ByteArena {
 public:
  static constexpr std::size_t kFirstBlock = std::size_t{1} << 12;
  static constexpr std::size_t kLargestBlock = std::size_t{1} << 16;

  ByteArena() = default;
  ByteArena(const ByteArena&) = delete;
  ByteArena& operator=(const ByteArena&) = delete;
  /// Moving hands the blocks over (the bytes stay put) and leaves this arena empty.
  ByteArena(ByteArena&& o) noexcept
      : blocks_(std::move(o.blocks_)), used_(std::exchange(o.used_, 0)), cap_(std::exchange(o.cap_, 0)),
        held_(std::exchange(o.held_, 0)) {
    o.blocks_.clear();
  }
  ByteArena& operator=(ByteArena&& o) noexcept {
    if (this == &o) return *this;
    blocks_ = std::move(o.blocks_);
    o.blocks_.clear();
    used_ = std::exchange(o.used_, 0);
    cap_ = std::exchange(o.cap_, 0);
    held_ = std::exchange(o.held_, 0);
    return *this;
  }
  ~ByteArena() = default;

  /// Appends `n` bytes after their length; they stay where they are until the arena is cleared or
  /// destroyed (moving the arena moves only its handles).
  PackedRef append(const void* data, std::size_t n) {
    STSMC_CHECK(n <= UINT32_MAX);
    const std::size_t need = n + 5;  // a 32-bit length takes at most 5 varint bytes
    if (cap_ - used_ < need) grow(need);
    std::uint8_t* const start = blocks_.back().get() + used_;
    std::uint8_t* p = start;
    for (std::uint64_t v = n; ; v >>= 7) {
      if (v < 0x80) {
        *p++ = static_cast<std::uint8_t>(v);
        break;
      }
      *p++ = static_cast<std::uint8_t>(v | 0x80);
    }
    if (n) std::memcpy(p, data, n);
    used_ += static_cast<std::size_t>(p - start) + n;
    return PackedRef{start};
  }

  /// The bytes `ref` names.
  static std::span<const std::uint8_t> read(PackedRef ref) {
    const std::uint8_t* p = ref.at;
    std::uint64_t n = 0;
    for (int shift = 0;; shift += 7) {
      const std::uint8_t b = *p++;
      n |= std::uint64_t{b & 0x7fu} << shift;
      if (!(b & 0x80)) break;
    }
    return {p, static_cast<std::size_t>(n)};
  }

  bool empty() const { return blocks_.empty(); }
  /// Bytes held: every block whole.
  std::size_t memory_bytes() const { return held_ + blocks_.capacity() * sizeof(blocks_[0]); }

  void clear() {
    blocks_.clear();
    used_ = cap_ = held_ = 0;
  }

 private:
  // Blocks double from 4 KiB to 64 KiB, so that the many small chunks of a narrow level hold
  // little and a wide level's chunks few blocks; a state larger than that gets a block of its own.
  void grow(std::size_t need) {
    const std::size_t size = std::max(need, std::min(kLargestBlock, cap_ == 0 ? kFirstBlock : cap_ * 2));
    blocks_.push_back(std::make_unique_for_overwrite<std::uint8_t[]>(size));
    used_ = 0;
    cap_ = size;
    held_ += size;
  }

  std::vector<std::unique_ptr<std::uint8_t[]>> blocks_;
  std::size_t used_ = 0;  // bytes used in the last block
  std::size_t cap_ = 0;   // size of the last block
  std::size_t held_ = 0;  // bytes of every block
};

}  // namespace stsmc::checker::detail
