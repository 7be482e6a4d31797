#include "mxedge/common/constant_time.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mxedge::common {
namespace {

TEST(ConstantTimeEqualsTest, EqualInputsCompareEqual) {
  EXPECT_TRUE(ConstantTimeEquals("secret-token", "secret-token"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  const std::string with_nul("a\0b", 3);
  EXPECT_TRUE(ConstantTimeEquals(with_nul, std::string("a\0b", 3)));
}

TEST(ConstantTimeEqualsTest, DifferentInputsCompareUnequal) {
  EXPECT_FALSE(ConstantTimeEquals("secret-token", "secret-tokeN"));
  EXPECT_FALSE(ConstantTimeEquals("secret-token", "secret-token "));
  EXPECT_FALSE(ConstantTimeEquals("secret-token", ""));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0", 2), "a"));
}

TEST(ConstantTimeEqualsTest, LongInputsDifferingInTheLastByte) {
  std::string a(100000, 'x');
  std::string b = a;
  EXPECT_TRUE(ConstantTimeEquals(a, b));
  b.back() = 'y';
  EXPECT_FALSE(ConstantTimeEquals(a, b));
}

}  // namespace
}  // namespace mxedge::common
