// Tests of the reflection layer: fingerprints, JSON both ways, error paths.
#include <gtest/gtest.h>

#include "core/json.h"
#include "core/reflect.h"
#include "core/testing/reflect_testing.h"

namespace {

enum class Color : std::uint8_t { kRed, kGreen };
constexpr std::array<std::string_view, 2> enum_names(Color) { return {"red", "green"}; }

struct Inner {
  BOOST_HANA_DEFINE_STRUCT(Inner, (std::int32_t, a), (Color, color));
  friend bool operator==(const Inner&, const Inner&) = default;
};

struct Outer {
  BOOST_HANA_DEFINE_STRUCT(Outer, (bool, flag), (std::string, name), (std::vector<Inner>, items),
                           (std::optional<std::uint32_t>, maybe), (std::map<std::int32_t, std::uint32_t>, counts),
                           (std::map<std::string, std::string>, labels), (Inner, inner));
  friend bool operator==(const Outer&, const Outer&) = default;
};

// Version 1 of a struct, and version 2 with a field added after traces of version 1 were stored.
struct Counters1 {
  BOOST_HANA_DEFINE_STRUCT(Counters1, (std::uint8_t, a), (std::uint8_t, b));
};
struct Counters2 {
  BOOST_HANA_DEFINE_STRUCT(Counters2, (std::uint8_t, a), (std::uint8_t, b), (std::uint8_t, c));
  static constexpr std::array<std::string_view, 1> kAddedFields{"c"};
};

Outer sample() {
  return Outer{true, "web", {{1, Color::kRed}, {2, Color::kGreen}}, 7u, {{3, 4u}}, {{"app", "web"}}, {5, Color::kGreen}};
}

TEST(Reflect, EveryFieldChangesTheFingerprintAndJsonRoundTrips) {
  stsmc::testing::expect_reflection_contract(sample(), "Outer");
}

TEST(Reflect, FingerprintIsAFixedFunctionOfTheValue) {
  // Pinned: a change here changes every golden count and stored trace fingerprint.
  EXPECT_EQ(stsmc::fingerprint(Inner{1, Color::kRed}), stsmc::fingerprint(Inner{1, Color::kRed}));
  EXPECT_NE(stsmc::fingerprint(Inner{1, Color::kRed}), stsmc::fingerprint(Inner{0, Color::kGreen}));
  const std::vector<std::int32_t> ab{1, 2}, a{1};
  EXPECT_NE(stsmc::fingerprint(ab), stsmc::fingerprint(a));
}

TEST(Reflect, ContainerBoundariesMatter) {
  const std::vector<std::string> one{"ab"}, two{"a", "b"};
  EXPECT_NE(stsmc::fingerprint(one), stsmc::fingerprint(two));
}

TEST(Reflect, JsonShape) {
  const auto j = stsmc::to_json(sample());
  EXPECT_EQ(j["items"][1]["color"], "green");
  EXPECT_EQ(j["maybe"], 7);
  EXPECT_EQ(j["labels"]["app"], "web");
  EXPECT_EQ(j["counts"][0][0], 3);
}

TEST(Reflect, FromJsonNamesThePathOfABadField) {
  auto j = stsmc::to_json(sample());
  j["items"][1]["color"] = "blue";
  Outer out;
  auto r = stsmc::from_json(j, out);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "items[1].color: unknown value 'blue'");
}

TEST(Reflect, FromJsonRejectsUnknownAndMissingFields) {
  auto j = stsmc::to_json(sample());
  j["inner"]["extra"] = 1;
  Outer out;
  auto r = stsmc::from_json(j, out);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "inner.extra: unknown field");
  j = stsmc::to_json(sample());
  j.erase("name");
  r = stsmc::from_json(j, out);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "name: missing field");
}

TEST(Reflect, AnAddedFieldAtZeroKeepsOldFingerprintsAndJson) {
  const Counters1 v1{3, 4};
  const Counters2 v2{3, 4, 0};
  EXPECT_EQ(stsmc::fingerprint(v1), stsmc::fingerprint(v2));
  EXPECT_EQ(stsmc::to_json(v1), stsmc::to_json(v2));
  Counters2 read{9, 9, 9};
  ASSERT_TRUE(stsmc::from_json(stsmc::to_json(v1), read).has_value());
  EXPECT_EQ(read.a, 3);
  EXPECT_EQ(read.c, 0);  // missing: zero, whatever it held
  // Once set, it counts like any field, and reads back.
  const Counters2 set{3, 4, 1};
  EXPECT_NE(stsmc::fingerprint(set), stsmc::fingerprint(v2));
  EXPECT_EQ(stsmc::to_json(set)["c"], 1);
  ASSERT_TRUE(stsmc::from_json(stsmc::to_json(set), read).has_value());
  EXPECT_EQ(read.c, 1);
  // The others stay required.
  auto j = stsmc::to_json(set);
  j.erase("b");
  EXPECT_EQ(stsmc::from_json(j, read).error().message, "b: missing field");
}

TEST(Reflect, FromJsonRejectsOutOfRangeIntegers) {
  Inner in;
  auto r = stsmc::from_json(stsmc::Json::parse(R"({"a": 99999999999, "color": "red"})"), in);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "a: integer out of range");
  std::uint8_t small = 0;
  EXPECT_FALSE(stsmc::from_json(stsmc::Json(-1), small).has_value());
  EXPECT_FALSE(stsmc::from_json(stsmc::Json(256), small).has_value());
}

}  // namespace
