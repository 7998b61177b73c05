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

// Arrays of one-byte scalars pack a word at a time; "name[]" leaves their tail unused.
struct Slots {
  BOOST_HANA_DEFINE_STRUCT(Slots, (std::array<Colour, 11>, colours), (std::array<bool, 7>, flags),
                           (std::array<std::uint8_t, 9>, big), (std::array<std::uint16_t, 3>, wide),
                           (std::uint8_t, size));
  friend bool operator==(const Slots&, const Slots&) = default;
};

TEST(KeyPacker, PacksOnlyTheUsedElementsOfAnArray) {
  const FieldBounds all = {{"big", 200}, {"wide", 3}, {"size", 9}};
  EXPECT_FALSE(KeyPacker<Slots>::make(all).has_value());  // 11 * 2 + 7 + 9 * 8 + 3 * 2 + 4 bits
  FieldBounds some = {{"big", 200},     {"wide", 3},     {"size", 9}, {"colours[]", 10},
                      {"flags[]", 3},   {"big[]", 2},    {"wide[]", 1}};
  const auto p = KeyPacker<Slots>::make(some);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->bits(), 10u * 2u + 3u + 2u * 8u + 1u * 2u + 4u);
  Slots v{};
  for (std::size_t k = 0; k < 10; ++k) v.colours[k] = static_cast<Colour>(k % 3);
  v.flags = {true, false, true};
  v.big = {200, 129};
  v.wide = {3};
  v.size = 9;
  EXPECT_EQ(p->unpack(p->pack(v)), v);
  // Every used element is a distinct part of the key.
  for (std::size_t k = 0; k < 10; ++k) {
    auto w = v;
    w.colours[k] = static_cast<Colour>((k + 1) % 3);
    EXPECT_NE(p->pack(w), p->pack(v)) << k;
    EXPECT_EQ(p->unpack(p->pack(w)), w);
  }
  for (std::size_t k = 0; k < 3; ++k) {
    auto w = v;
    w.flags[k] = !w.flags[k];
    EXPECT_NE(p->pack(w), p->pack(v)) << k;
    EXPECT_EQ(p->unpack(p->pack(w)), w);
  }
  auto w = v;
  w.big[1] = 0;
  EXPECT_EQ(p->unpack(p->pack(w)), w);
  EXPECT_EQ(p->pack(Slots{}), 0u);
}

TEST(KeyPacker, ArraysOfStructsHaveNoUnusedElements) {
  EXPECT_FALSE(KeyPacker<Outer>::make({{"count", 1000}, {"level", 5}, {"inner[]", 2}}).has_value());
}

TEST(KeyPackerDeathTest, AnUnusedElementMustStayZero) {
  const FieldBounds some = {{"big", 200}, {"wide", 3}, {"size", 9}, {"colours[]", 10},
                            {"flags[]", 3}, {"big[]", 2}, {"wide[]", 1}};
  const auto p = KeyPacker<Slots>::make(some);
  ASSERT_TRUE(p.has_value());
  Slots v{};
  v.colours[10] = Colour::kGreen;
  EXPECT_DEATH((void)p->pack(v), "check failed");
  v = Slots{};
  v.flags[6] = true;
  EXPECT_DEATH((void)p->pack(v), "check failed");
  v = Slots{};
  v.wide[2] = 1;
  EXPECT_DEATH((void)p->pack(v), "check failed");
  v = Slots{};
  v.big[1] = 201;  // above the bound, in the byte-wise path for bounds of 128 and more
  EXPECT_DEATH((void)p->pack(v), "check failed");
  v = Slots{};
  v.colours[3] = static_cast<Colour>(3);  // no such name
  EXPECT_DEATH((void)p->pack(v), "check failed");
}

}  // namespace
}  // namespace stsmc
