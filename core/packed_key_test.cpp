// KeyPacker: layout from field types and bounds, round trips, and the cases that do not pack.
#include "core/packed_key.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace stsmc {
namespace {

enum class Colour : std::uint8_t { kRed, kGreen, kBlue };
constexpr std::array<std::string_view, 3> enum_names(Colour) { return {"red", "green", "blue"}; }

struct Inner {
  BOOST_HANA_DEFINE_STRUCT(Inner, (Colour, colour), (std::uint16_t, count));
  friend bool operator==(const Inner&, const Inner&) = default;
};

struct Outer {
  BOOST_HANA_DEFINE_STRUCT(Outer, (std::array<Inner, 3>, inner), (bool, flag),
                           (std::int32_t, level));
  friend bool operator==(const Outer&, const Outer&) = default;
};

struct WithVector {
  BOOST_HANA_DEFINE_STRUCT(WithVector, (std::vector<int>, xs));
};

const FieldBounds kBounds = {{"count", 1000}, {"level", 5}};

TEST(KeyPacker, LaysOutBitsFromTypesAndBounds) {
  const auto p = KeyPacker<Outer>::make(kBounds);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->bits(), 3u * (2u + 10u) + 1u + 3u);
}

TEST(KeyPacker, RoundTripsAndSeparatesEveryField) {
  const auto p = KeyPacker<Outer>::make(kBounds);
  ASSERT_TRUE(p.has_value());
  Outer v{};
  v.inner[0] = {Colour::kBlue, 1000};
  v.inner[2] = {Colour::kGreen, 7};
  v.flag = true;
  v.level = 5;
  EXPECT_EQ(p->unpack(p->pack(v)), v);
  auto w = v;
  w.inner[1].count = 1;
  EXPECT_NE(p->pack(w), p->pack(v));
  w = v;
  w.flag = false;
  EXPECT_NE(p->pack(w), p->pack(v));
  EXPECT_EQ(p->pack(Outer{}), 0u);
}

TEST(KeyPacker, RefusesMissingBoundsAndWideStates) {
  EXPECT_FALSE(KeyPacker<Outer>::make({{"count", 1000}}).has_value());  // no bound for level
  EXPECT_FALSE(KeyPacker<Outer>::make({{"count", 1u << 20}, {"level", 5}}).has_value());  // 70 bits
  EXPECT_FALSE(Packable<WithVector>);
  EXPECT_TRUE(Packable<Outer>);
}

TEST(KeyPackerDeathTest, AValueAboveItsBoundIsABug) {
  const auto p = KeyPacker<Outer>::make(kBounds);
  ASSERT_TRUE(p.has_value());
  Outer v{};
  v.level = 6;
  EXPECT_DEATH((void)p->pack(v), "check failed");
}

}  // namespace
}  // namespace stsmc
