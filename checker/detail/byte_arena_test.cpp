// ByteArena: packed states written once, read back by address, across blocks; a move hands the
// blocks over without moving any byte.
#include "checker/detail/byte_arena.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace stsmc::checker::detail::byte_arena_test {
namespace {

std::string bytes_of(PackedRef r) {
  const auto s = ByteArena::read(r);
  return std::string(reinterpret_cast<const char*>(s.data()), s.size());
}

TEST(ByteArena, EveryEntryReadsBackWholeAcrossBlocks) {
  ByteArena a;
  EXPECT_TRUE(a.empty());
  std::vector<std::pair<PackedRef, std::string>> written;
  for (int i = 0; i < 5000; ++i) {
    // Sizes 0..299: one- and two-byte lengths, entries that do not fit a block's rest.
    const std::string s(static_cast<std::size_t>(i % 300), static_cast<char>('a' + i % 26));
    written.emplace_back(a.append(s.data(), s.size()), s);
  }
  const std::string large(3 * ByteArena::kLargestBlock, 'z');  // a block of its own
  written.emplace_back(a.append(large.data(), large.size()), large);
  written.emplace_back(a.append("end", 3), "end");
  for (const auto& [ref, s] : written) ASSERT_EQ(bytes_of(ref), s);
  EXPECT_FALSE(a.empty());
  EXPECT_GE(a.memory_bytes(), large.size() + 5000 * 150);
}

TEST(ByteArena, AMoveKeepsTheBytesWhereTheyAreAndEmptiesTheSource) {
  ByteArena a;
  const PackedRef r = a.append("state", 5);
  ByteArena b = std::move(a);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is specified empty
  EXPECT_EQ(bytes_of(r), "state");
  const PackedRef again = a.append("next", 4);  // the moved-from arena is usable
  EXPECT_EQ(bytes_of(again), "next");
  ByteArena c;
  c = std::move(b);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(bytes_of(r), "state");
  c.clear();
  EXPECT_TRUE(c.empty());
}

}  // namespace
}  // namespace stsmc::checker::detail::byte_arena_test
