#pragma once
// Seeded, reproducible randomness: SplitMix64. Every random stream derives from one root seed
// that is printed and stored in traces, so any run can be reproduced exactly.
#include <cstdint>

namespace stsmc {

/// A root seed or a derived one.
using Seed = std::uint64_t;

/// SplitMix64 (Steele, Lea, Flood 2014): tiny state, good statistical quality, and one step of it
/// is the standard way to derive independent seeds.
class SplitMix64 {
 public:
  explicit SplitMix64(Seed seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, bound) without modulo bias (rejection of the short last bucket).
  std::uint64_t below(std::uint64_t bound) {
    if (bound <= 1) return 0;
    const std::uint64_t threshold = (0 - bound) % bound;
    while (true) {
      const std::uint64_t r = next();
      if (r >= threshold) return r % bound;
    }
  }

  /// True with probability num/den.
  bool chance(std::uint64_t num, std::uint64_t den) { return below(den) < num; }

 private:
  std::uint64_t state_;
};

/// The seed of stream `index` under `root` (RapidCheck-style per-case seeds).
inline Seed derive_seed(Seed root, std::uint64_t index) {
  SplitMix64 mix(root ^ (0xd1b54a32d192ed03ULL * (index + 1)));
  return mix.next();
}

}  // namespace stsmc
