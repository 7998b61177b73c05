// Expected<T>: values and errors.
#include <gtest/gtest.h>

#include "core/expected.h"

TEST(Expected, HoldsValueOrError) {
  stsmc::Expected<int> ok = 3;
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, 3);
  stsmc::Expected<int> bad = stsmc::bad_input("x.yaml:1:2: spec.replicas: must be >= 0");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, stsmc::ErrorCode::kBadInput);
  EXPECT_EQ(bad.error().message, "x.yaml:1:2: spec.replicas: must be >= 0");
  stsmc::Expected<void> v;
  EXPECT_TRUE(v.has_value());
  stsmc::Expected<void> e = stsmc::Error{stsmc::ErrorCode::kIo, "gone"};
  EXPECT_FALSE(e.has_value());
}
