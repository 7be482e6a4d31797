#include "mxedge/irc/ctcp.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc {
namespace {

TEST(ParseCtcpTest, ActionWithAndWithoutClosingDelimiter) {
  EXPECT_EQ(ParseCtcp("\x01"
                      "ACTION waves\x01"),
            (Ctcp{"ACTION", "waves"}));
  EXPECT_EQ(ParseCtcp("\x01"
                      "ACTION waves"),
            (Ctcp{"ACTION", "waves"}));
  EXPECT_EQ(ParseCtcp("\x01"
                      "action waves  twice\x01"),
            (Ctcp{"ACTION", "waves  twice"}));
  EXPECT_EQ(ParseCtcp("\x01VERSION\x01"), (Ctcp{"VERSION", ""}));
}

TEST(ParseCtcpTest, NotACtcp) {
  EXPECT_EQ(ParseCtcp("hello"), std::nullopt);
  EXPECT_EQ(ParseCtcp("\x01"), std::nullopt);
  EXPECT_EQ(ParseCtcp("\x01\x01"), std::nullopt);
  EXPECT_EQ(ParseCtcp("\x01 x\x01"), std::nullopt);
  EXPECT_EQ(ParseCtcp(""), std::nullopt);
}

}  // namespace
}  // namespace mxedge::irc
