// FingerprintSet: insert/find, the reserved zero key, growth, and slots that stay put once
// reserved.
#include "checker/detail/fingerprint_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace stsmc::checker::detail {
namespace {

TEST(FingerprintSet, InsertFindAndIndices) {
  FingerprintSet set;
  std::vector<Fingerprint> fps;
  for (std::uint64_t i = 0; i < 100000; ++i) fps.push_back(Hasher::mix(i + 1));
  for (std::size_t i = 0; i < fps.size(); ++i) {
    const auto [slot, fresh] = set.insert(fps[i]);
    ASSERT_TRUE(fresh);
    set.set_index(FingerprintSet::shard_of(fps[i]), slot, static_cast<StateIndex>(i));
  }
  EXPECT_EQ(set.size(), fps.size());
  for (std::size_t i = 0; i < fps.size(); ++i) ASSERT_EQ(set.find(fps[i]), i);
  EXPECT_FALSE(set.insert(fps[7]).second);
  EXPECT_EQ(set.find(12345), kNoState);
  EXPECT_GE(set.memory_bytes(), fps.size() * 12);
}

// Shards grow by a quarter, not by doubling: at every size the set holds at most 12 / 0.6 bytes
// a key (two slot arrays of 8 + 4 bytes, each shard more than 60 % full once it has grown), where
// doubling at 3/4 could leave shards 37 % full (32 bytes a key).
TEST(FingerprintSet, StaysMoreThanThreeFifthsFullAsItGrows) {
  FingerprintSet set;
  std::size_t worst_milli = 0;
  for (std::uint64_t i = 0; i < 400000; ++i) {
    const Fingerprint fp = Hasher::mix(i + 7);
    const auto [slot, fresh] = set.insert(fp);
    ASSERT_TRUE(fresh);
    set.set_index(FingerprintSet::shard_of(fp), slot, static_cast<StateIndex>(i));
    if (i >= 20000 && i % 1000 == 0) worst_milli = std::max(worst_milli, set.memory_bytes() * 1000 / (i + 1));
  }
  EXPECT_LE(worst_milli, 20000u);  // bytes per key, times 1000
  EXPECT_GE(worst_milli, 15000u);  // at 4/5 full at most: 15 bytes a key at best
  for (std::uint64_t i = 0; i < 400000; i += 997) ASSERT_EQ(set.find(Hasher::mix(i + 7)), i);
}

TEST(FingerprintSet, ZeroIsAnOrdinaryFingerprint) {
  FingerprintSet set;
  EXPECT_EQ(set.find(0), kNoState);
  const auto [slot, fresh] = set.insert(0);
  ASSERT_TRUE(fresh);
  set.set_index(FingerprintSet::shard_of(0), slot, 3);
  EXPECT_EQ(set.find(0), 3u);
}

TEST(FingerprintSet, ReservedSlotsDoNotMove) {
  FingerprintSet set;
  std::vector<std::pair<Fingerprint, std::uint32_t>> slots;
  for (std::size_t s = 0; s < FingerprintSet::kShards; ++s) set.reserve(s, 1000);
  for (std::uint64_t i = 0; i < 200000; ++i) {
    const Fingerprint fp = Hasher::mix(i + 99);
    if (FingerprintSet::shard_of(fp) != 5) continue;
    slots.emplace_back(fp, set.insert(fp).first);
    if (slots.size() == 1000) break;
  }
  ASSERT_EQ(slots.size(), 1000u);
  for (std::size_t i = 0; i < slots.size(); ++i)
    set.set_index(5, slots[i].second, static_cast<StateIndex>(i));
  for (std::size_t i = 0; i < slots.size(); ++i) EXPECT_EQ(set.find(slots[i].first), i);
}

}  // namespace
}  // namespace stsmc::checker::detail
