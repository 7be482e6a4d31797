#include "mxedge/common/config_values.hpp"

#include <gtest/gtest.h>

namespace mxedge::common {
namespace {

using std::chrono::milliseconds;

TEST(ParseDurationTest, AcceptsEachUnit) {
  EXPECT_EQ(ParseDuration("250ms"), milliseconds(250));
  EXPECT_EQ(ParseDuration("30s"), milliseconds(30000));
  EXPECT_EQ(ParseDuration("5m"), milliseconds(300000));
  EXPECT_EQ(ParseDuration("1h"), milliseconds(3600000));
  EXPECT_EQ(ParseDuration("0s"), milliseconds(0));
}

TEST(ParseDurationTest, RejectsBareNumbersAndOtherForms) {
  for (const char* bad : {"", "250", "ms", "-5s", "1.5s", "1 s", " 1s", "1s ", "1d", "1sec",
                          "1m30s", "1H", "99999999999999999999ms", "9223372036854775807h"}) {
    EXPECT_EQ(ParseDuration(bad), std::nullopt) << bad;
  }
}

TEST(FormatDurationTest, UsesTheLargestExactUnit) {
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0ms");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1500ms");
  EXPECT_EQ(FormatDuration(milliseconds(90000)), "90s");
  EXPECT_EQ(FormatDuration(milliseconds(300000)), "5m");
  EXPECT_EQ(FormatDuration(milliseconds(7200000)), "2h");
  EXPECT_EQ(ParseDuration(FormatDuration(milliseconds(123456))), milliseconds(123456));
}

TEST(ParseBoolTest, AcceptsTrueFalseAndDigits) {
  EXPECT_EQ(ParseBool("true"), true);
  EXPECT_EQ(ParseBool("TRUE"), true);
  EXPECT_EQ(ParseBool("1"), true);
  EXPECT_EQ(ParseBool("False"), false);
  EXPECT_EQ(ParseBool("0"), false);
  for (const char* bad : {"", "yes", "no", "on", "off", "y", "2", " true"}) {
    EXPECT_EQ(ParseBool(bad), std::nullopt) << bad;
  }
}

TEST(ParseInt64Test, StrictDecimal) {
  EXPECT_EQ(ParseInt64("0"), 0);
  EXPECT_EQ(ParseInt64("-42"), -42);
  EXPECT_EQ(ParseInt64("9223372036854775807"), INT64_MAX);
  for (const char* bad : {"", "+1", " 1", "1 ", "0x10", "1e3", "9223372036854775808", "1.0"}) {
    EXPECT_EQ(ParseInt64(bad), std::nullopt) << bad;
  }
}

TEST(ParseDoubleTest, FiniteNumbersOnly) {
  EXPECT_EQ(ParseDouble("0.5"), 0.5);
  EXPECT_EQ(ParseDouble("-2"), -2.0);
  EXPECT_EQ(ParseDouble("1e3"), 1000.0);
  for (const char* bad : {"", "nan", "inf", "-inf", "1e999", "0.5x", " 1"}) {
    EXPECT_EQ(ParseDouble(bad), std::nullopt) << bad;
  }
}

TEST(SplitListTest, TrimsAndDropsEmptyItems) {
  EXPECT_EQ(SplitList("a,b , c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(SplitList(""), std::vector<std::string>{});
  EXPECT_EQ(SplitList(",,x,"), std::vector<std::string>{"x"});
}

}  // namespace
}  // namespace mxedge::common
