// SmallByteCode: any byte string comes back from its code unchanged, the small bytes of a packed
// state take a few bits each, and a cut code is caught rather than read past its end.
#include "checker/detail/small_byte_code.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

namespace stsmc::checker::detail {
namespace {

std::vector<std::uint8_t> round_trip(const std::vector<std::uint8_t>& raw, std::size_t* code_size = nullptr) {
  std::string code = "x";  // the code is appended: what was there stays
  encode_small_bytes(raw, code);
  EXPECT_EQ(code[0], 'x');
  if (code_size) *code_size = code.size() - 1;
  const auto* p = reinterpret_cast<const std::uint8_t*>(code.data()) + 1;
  std::vector<std::uint8_t> back{9, 9, 9};  // replaced, not appended to
  decode_small_bytes(p, p + code.size() - 1, back);
  return back;
}

TEST(SmallByteCode, EveryByteValueRoundTrips) {
  std::vector<std::uint8_t> all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<std::uint8_t>(b));
  EXPECT_EQ(round_trip(all), all);
  EXPECT_EQ(round_trip({}), std::vector<std::uint8_t>{});
  // 200 bytes need a two-byte length.
  const std::vector<std::uint8_t> long_run(200, 2);
  EXPECT_EQ(round_trip(long_run), long_run);
}

TEST(SmallByteCode, SmallBytesTakeAFewBits) {
  std::size_t size = 0;
  // 0 takes one bit, 1 two, 2 three: 8 zeros, 8 ones and 8 twos are 1 + 6 bytes of code.
  std::vector<std::uint8_t> raw(8, 0);
  raw.insert(raw.end(), 8, 1);
  raw.insert(raw.end(), 8, 2);
  EXPECT_EQ(round_trip(raw, &size), raw);
  EXPECT_EQ(size, 1u + 6u);
  // Any other byte takes 11 bits: at most 3/8 more than the raw bytes, plus the length.
  const std::vector<std::uint8_t> big(64, 200);
  EXPECT_EQ(round_trip(big, &size), big);
  EXPECT_EQ(size, 1u + 88u);
}

TEST(SmallByteCode, ACutCodeFailsACheck) {
  std::string code;
  encode_small_bytes(std::vector<std::uint8_t>(40, 7), code);
  const auto* p = reinterpret_cast<const std::uint8_t*>(code.data());
  std::vector<std::uint8_t> back;
  EXPECT_DEATH(decode_small_bytes(p, p + code.size() - 3, back), "check failed");
}

RC_GTEST_PROP(SmallByteCode, AnyBytesRoundTrip, (const std::vector<std::uint8_t>& raw)) {
  std::size_t size = 0;
  RC_ASSERT(round_trip(raw, &size) == raw);
  RC_ASSERT(size <= 5 + (raw.size() * 11 + 7) / 8);
}

}  // namespace
}  // namespace stsmc::checker::detail
