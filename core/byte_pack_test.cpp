// The byte form of reflected values: every kind of field round-trips, small numbers take one byte,
// and the form reuses the target's storage.
#include "core/byte_pack.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/container/flat_map.hpp>

namespace stsmc {
namespace {

enum class Phase : std::uint8_t { kPending, kRunning, kFailed };

struct Leaf {
  BOOST_HANA_DEFINE_STRUCT(Leaf, (Phase, phase), (std::int32_t, delta), (bool, ready));
  friend bool operator==(const Leaf&, const Leaf&) = default;
};
struct Empty {
  BOOST_HANA_DEFINE_STRUCT(Empty);
  friend bool operator==(const Empty&, const Empty&) = default;
};

struct Everything {
  BOOST_HANA_DEFINE_STRUCT(Everything, (std::int64_t, big), (std::uint64_t, unsigned_big), (std::string, name),
                           (std::vector<Leaf>, leaves), (std::optional<Leaf>, maybe), (std::array<std::int8_t, 3>, triple),
                           (std::map<std::string, std::int32_t>, by_name),
                           (boost::container::flat_map<std::int32_t, std::uint32_t>, flat),
                           (std::variant<Empty, Leaf, std::int32_t>, choice));
  friend bool operator==(const Everything&, const Everything&) = default;
};

Everything sample() {
  Everything e;
  e.big = std::numeric_limits<std::int64_t>::min();
  e.unsigned_big = std::numeric_limits<std::uint64_t>::max();
  e.name = "web-0";
  e.leaves = {{Phase::kRunning, -1, true}, {Phase::kFailed, std::numeric_limits<std::int32_t>::max(), false}};
  e.maybe = Leaf{Phase::kPending, -2147483647 - 1, true};
  e.triple = {-128, 0, 127};
  e.by_name = {{"a", 1}, {"b", -7}};
  e.flat = {{0, 3}, {2147483647, 4294967295u}};
  e.choice = Leaf{Phase::kFailed, 5, true};
  return e;
}

TEST(BytePack, EveryKindOfFieldRoundTrips) {
  std::string scratch;
  const Everything e = sample();
  const PackedBytes bytes = pack(e, scratch);
  Everything back;
  unpack(bytes, back);
  EXPECT_EQ(back, e);
}

TEST(BytePack, SmallNumbersTakeOneByteEach) {
  std::string scratch;
  const Leaf leaf{Phase::kRunning, -3, true};
  EXPECT_EQ(pack(leaf, scratch).size(), 3u);  // phase, zigzag(-3) = 5, ready
  const Everything empty{};
  // big, unsigned_big, name length, leaves size, maybe tag, triple (3), by_name size, flat size,
  // variant index: 11 bytes, the empty alternative none.
  EXPECT_EQ(pack(empty, scratch).size(), 11u);
}

TEST(BytePack, UnpackingOverAFilledValueReplacesEveryPart) {
  std::string scratch;
  Everything target = sample();
  Everything small{};
  small.leaves = {{Phase::kPending, 0, false}};
  small.choice = 9;
  unpack(pack(small, scratch), target);
  EXPECT_EQ(target, small);
  unpack(pack(sample(), scratch), target);
  EXPECT_EQ(target, sample());
}

// The writer grows the string ahead of its cursor and cuts it back at the end: a form far longer
// than one growth step (a long name, many leaves with multi-byte numbers), appended after bytes
// already in the string, keeps those bytes and reads back whole; the string ends where it did.
TEST(BytePack, AppendingALongFormKeepsWhatWasThereAndEndsAtItsLastByte) {
  Everything e = sample();
  e.name.assign(1000, 'x');
  for (std::int32_t i = 0; i < 700; ++i) e.leaves.push_back(Leaf{Phase::kRunning, i * 40000 - 7, i % 2 == 0});
  std::string alone;
  pack_append(alone, e);
  std::string out = "prefix";
  pack_append(out, e);
  ASSERT_EQ(out.size(), 6 + alone.size());
  EXPECT_EQ(out.substr(0, 6), "prefix");
  EXPECT_EQ(out.substr(6), alone);
  const PackedBytes bytes(reinterpret_cast<const std::uint8_t*>(alone.data()), alone.size());
  Everything back;
  unpack(bytes, back);
  EXPECT_EQ(back, e);
}

TEST(BytePack, AnEmptyFormHasNoPayload) {
  const PackedBytes none;
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.data(), nullptr);
  Empty e;
  unpack(none, e);
  EXPECT_EQ(e, Empty{});
}

}  // namespace
}  // namespace stsmc
