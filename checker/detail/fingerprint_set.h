#pragma once
// FingerprintSet: the explorer's visited set, 64-bit keys (fingerprints, or exact packed states)
// mapped to dense state indices. It is split into 64 open-addressing shards (stripes) so that a
// BFS level can be merged shard by shard in parallel without locks, while each shard still sees
// its insertions in frontier order (the determinism rule); between merges any number of threads
// look keys up. Shard and slot come from a mix of the key, so packed keys, whose high bits are
// mostly zero, spread as well as fingerprints. A set built without indices keeps only the keys,
// 8 bytes a slot: the explorer needs a state's index from its key only for liveness edges.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "core/check.h"
#include "core/reflect.h"

namespace stsmc::checker::detail {

/// Dense index of a state, in order of discovery (BFS order).
using StateIndex = std::uint32_t;
inline constexpr StateIndex kNoState = std::numeric_limits<StateIndex>::max();
/// What find() returns for a key that is present in a set built without indices.
inline constexpr StateIndex kPresent = kNoState - 1;

/// Allocates arrays of 2 MiB and more in whole 2 MiB pages (rounded up) and asks Linux to back
/// them with huge pages: a lookup in the visited set is a random access, and with 4 KiB pages
/// nearly every one also misses the TLB. Smaller arrays come from new: rounding them up to a
/// whole huge page wasted up to half of them (a 1 MiB shard took 2 MiB, 20 bytes a state on a
/// 3.4 M-state search), and timing showed no gain from huge pages at that size.
template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kHuge = std::size_t{2} << 20;
  static constexpr std::size_t kMinBytes = kHuge;
  /// The bytes an allocation of n elements really takes.
  static std::size_t footprint(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    return bytes < kMinBytes ? bytes : (bytes + kHuge - 1) / kHuge * kHuge;
  }
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: converting, as allocators are
  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kMinBytes) return static_cast<T*>(::operator new(bytes));
    const std::size_t size = footprint(n);
#if defined(__linux__)
    // mmap, so that freeing returns the pages at once (malloc may keep them), over-allocated by
    // one huge page to cut an aligned range out of.
    void* raw = mmap(nullptr, size + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    const auto begin = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (begin + kHuge - 1) / kHuge * kHuge;
    if (aligned > begin) munmap(raw, aligned - begin);
    if (begin + kHuge > aligned) munmap(reinterpret_cast<void*>(aligned + size), begin + kHuge - aligned);
#if defined(MADV_HUGEPAGE)
    madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);  // a hint: all works without
#endif
    return reinterpret_cast<T*>(aligned);
#else
    void* p = std::aligned_alloc(kHuge, size);
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
#endif
  }
  void deallocate(T* p, std::size_t n) {
    if (n * sizeof(T) < kMinBytes) {
      ::operator delete(p);
      return;
    }
#if defined(__linux__)
    munmap(p, footprint(n));
#else
    std::free(p);
#endif
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

class FingerprintSet {
 public:
  static constexpr std::size_t kShards = 64;

  /// `indexed`: keep a state index per key (else find() answers kPresent or kNoState).
  explicit FingerprintSet(bool indexed = true) : indexed_(indexed) {}

  /// The shard a fingerprint lives in (the top bits of its mix; slots use the low bits).
  static std::size_t shard_of(Fingerprint fp) { return spread(key(fp)) >> 58; }

  bool indexed() const { return indexed_; }

  /// The index stored for `fp`, or kNoState when absent (or inserted but not yet indexed); kPresent
  /// for a present key when the set keeps no indices. Safe to call from many threads while nobody
  /// inserts.
  StateIndex find(Fingerprint fp) const {
    const Fingerprint k = key(fp);
    const std::uint64_t h = spread(k);
    const Shard& sh = shards_[h >> 58];
    if (sh.keys.empty()) return kNoState;
    for (std::size_t i = home(h, sh.keys.size());; i = next(i, sh.keys.size())) {
      if (sh.keys[i] == k) return indexed_ ? sh.values[i] : kPresent;
      if (sh.keys[i] == 0) return kNoState;
    }
  }

  /// Hints the processor to fetch the first slot of `fp` (a lookup is mostly a cache miss).
  void prefetch(Fingerprint fp) const {
    const std::uint64_t h = spread(key(fp));
    const Shard& sh = shards_[h >> 58];
    if (!sh.keys.empty()) __builtin_prefetch(&sh.keys[home(h, sh.keys.size())]);
  }

  /// Grows shard `s` so that `extra` more insertions cannot move its slots.
  void reserve(std::size_t s, std::size_t extra) {
    Shard& sh = shards_[s];
    std::size_t cap = sh.keys.empty() ? kMinSlots : sh.keys.size();
    while (over_loaded(sh.size + extra, cap)) cap += cap / kGrowthDivisor;
    if (cap != sh.keys.size()) rehash(sh, cap);
  }

  /// Inserts `fp` into its shard with no index yet. Returns the slot and whether it was new.
  /// Only one thread may insert into a given shard at a time.
  std::pair<std::uint32_t, bool> insert(Fingerprint fp) {
    const Fingerprint k = key(fp);
    const std::uint64_t h = spread(k);
    Shard& sh = shards_[h >> 58];
    if (over_loaded(sh.size + 1, sh.keys.size())) reserve(h >> 58, 1);
    std::size_t i = home(h, sh.keys.size());
    for (; sh.keys[i] != 0; i = next(i, sh.keys.size()))
      if (sh.keys[i] == k) return {static_cast<std::uint32_t>(i), false};
    sh.keys[i] = k;
    ++sh.size;
    return {static_cast<std::uint32_t>(i), true};
  }

  /// Sets or reads the index held in a slot returned by insert().
  void set_index(std::size_t shard, std::uint32_t slot, StateIndex index) {
    if (indexed_) shards_[shard].values[slot] = index;
  }
  StateIndex index_at(std::size_t shard, std::uint32_t slot) const {
    return indexed_ ? shards_[shard].values[slot] : kPresent;
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
      n += HugePageAllocator<Fingerprint>::footprint(sh.keys.capacity()) +
           HugePageAllocator<StateIndex>::footprint(sh.values.capacity());
    return n;
  }

 private:
  static constexpr std::size_t kMinSlots = 16;
  // Load and growth. A shard's capacity is any number of slots, not a power of two: it grows by
  // a quarter when more than 4/5 of it would be used, so a shard is 64-80 % full (12 bytes a
  // state at 15-19 bytes), where doubling at 3/4 left it 37-75 % full (16-32 bytes a state; 29 on
  // issue 14's 3.4 M-state configuration). Linear probing at 4/5 costs about 13 probes for a key
  // that is absent, 3 for one that is there, over adjacent slots (two cache lines at most).
  static constexpr std::size_t kGrowthDivisor = 4;
  static bool over_loaded(std::size_t keys, std::size_t cap) { return keys * 5 > cap * 4; }
  // The first slot of a key in a shard of `cap` (< 2^32) slots: the 32 bits of its mix below the
  // six that chose the shard, scaled to [0, cap) by a multiply (Lemire's range reduction).
  static std::size_t home(std::uint64_t h, std::size_t cap) { return ((h >> 26) & 0xffff'ffffu) * cap >> 32; }
  static std::size_t next(std::size_t i, std::size_t cap) { return i + 1 == cap ? 0 : i + 1; }

  template <class T>
  using Slots = std::vector<T, HugePageAllocator<T>>;
  struct Shard {
    Slots<Fingerprint> keys;  // 0 marks an empty slot
    Slots<StateIndex> values;
    std::size_t size = 0;
  };

  // Fingerprint 0 marks an empty slot, so it is stored as 1: one more collision, of probability
  // 2^-64. (Packed keys are offset by one and never 0.)
  static Fingerprint key(Fingerprint fp) { return fp == 0 ? 1 : fp; }
  // A bijective mix: shard and first slot of a key.
  static std::uint64_t spread(Fingerprint k) { return Hasher::mix(k); }

  void rehash(Shard& sh, std::size_t cap) const {
    Slots<Fingerprint> keys(cap, 0);
    Slots<StateIndex> values(indexed_ ? cap : 0, kNoState);
    for (std::size_t j = 0; j < sh.keys.size(); ++j) {
      if (sh.keys[j] == 0) continue;
      std::size_t i = home(spread(sh.keys[j]), cap);
      while (keys[i] != 0) i = next(i, cap);
      keys[i] = sh.keys[j];
      if (indexed_) values[i] = sh.values[j];
    }
    sh.keys = std::move(keys);
    sh.values = std::move(values);
  }

  bool indexed_ = true;
  std::array<Shard, kShards> shards_;
};

}  // namespace stsmc::checker::detail
