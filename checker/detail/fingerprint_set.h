#pragma once
// FingerprintSet: the explorer's visited set, 64-bit fingerprints mapped to dense state indices.
// It is split into 64 open-addressing shards so that a BFS level can be merged shard by shard in
// parallel, while each shard still sees its insertions in frontier order (the determinism rule).
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "core/check.h"
#include "core/reflect.h"

namespace stsmc::checker::detail {

/// Dense index of a state, in order of discovery (BFS order).
using StateIndex = std::uint32_t;
inline constexpr StateIndex kNoState = std::numeric_limits<StateIndex>::max();

class FingerprintSet {
 public:
  static constexpr std::size_t kShards = 64;

  /// The shard a fingerprint lives in (its top bits; slots use the low bits).
  static std::size_t shard_of(Fingerprint fp) { return key(fp) >> 58; }

  /// The index stored for `fp`, or kNoState when absent (or inserted but not yet indexed).
  /// Safe to call from many threads while nobody inserts.
  StateIndex find(Fingerprint fp) const {
    const Shard& sh = shards_[shard_of(fp)];
    if (sh.keys.empty()) return kNoState;
    const Fingerprint k = key(fp);
    for (std::size_t i = k & sh.mask;; i = (i + 1) & sh.mask) {
      if (sh.keys[i] == k) return sh.values[i];
      if (sh.keys[i] == 0) return kNoState;
    }
  }

  /// Grows shard `s` so that `extra` more insertions cannot move its slots.
  void reserve(std::size_t s, std::size_t extra) {
    Shard& sh = shards_[s];
    std::size_t cap = sh.keys.empty() ? kMinSlots : sh.keys.size();
    while ((sh.size + extra) * 4 > cap * 3) cap *= 2;
    if (cap != sh.keys.size()) rehash(sh, cap);
  }

  /// Inserts `fp` into its shard with no index yet. Returns the slot and whether it was new.
  /// Only one thread may insert into a given shard at a time.
  std::pair<std::uint32_t, bool> insert(Fingerprint fp) {
    Shard& sh = shards_[shard_of(fp)];
    if ((sh.size + 1) * 4 > sh.keys.size() * 3) reserve(shard_of(fp), 1);
    const Fingerprint k = key(fp);
    std::size_t i = k & sh.mask;
    for (; sh.keys[i] != 0; i = (i + 1) & sh.mask)
      if (sh.keys[i] == k) return {static_cast<std::uint32_t>(i), false};
    sh.keys[i] = k;
    ++sh.size;
    return {static_cast<std::uint32_t>(i), true};
  }

  /// Sets or reads the index held in a slot returned by insert().
  void set_index(std::size_t shard, std::uint32_t slot, StateIndex index) {
    shards_[shard].values[slot] = index;
  }
  StateIndex index_at(std::size_t shard, std::uint32_t slot) const {
    return shards_[shard].values[slot];
  }

  std::size_t size() const {
    std::size_t n = 0;
    for (const auto& sh : shards_) n += sh.size;
    return n;
  }

  /// Bytes held by the slots (capacity, not size).
  std::size_t memory_bytes() const {
    std::size_t n = 0;
    for (const auto& sh : shards_)
      n += sh.keys.capacity() * sizeof(Fingerprint) + sh.values.capacity() * sizeof(StateIndex);
    return n;
  }

 private:
  static constexpr std::size_t kMinSlots = 16;

  struct Shard {
    std::vector<Fingerprint> keys;  // 0 marks an empty slot
    std::vector<StateIndex> values;
    std::size_t size = 0;
    std::size_t mask = 0;
  };

  // Fingerprint 0 marks an empty slot, so it is stored as 1: one more collision, of probability
  // 2^-64.
  static Fingerprint key(Fingerprint fp) { return fp == 0 ? 1 : fp; }

  static void rehash(Shard& sh, std::size_t cap) {
    STSMC_CHECK((cap & (cap - 1)) == 0);
    std::vector<Fingerprint> keys(cap, 0);
    std::vector<StateIndex> values(cap, kNoState);
    const std::size_t mask = cap - 1;
    for (std::size_t j = 0; j < sh.keys.size(); ++j) {
      if (sh.keys[j] == 0) continue;
      std::size_t i = sh.keys[j] & mask;
      while (keys[i] != 0) i = (i + 1) & mask;
      keys[i] = sh.keys[j];
      values[i] = sh.values[j];
    }
    sh.keys = std::move(keys);
    sh.values = std::move(values);
    sh.mask = mask;
  }

  std::array<Shard, kShards> shards_;
};

}  // namespace stsmc::checker::detail
