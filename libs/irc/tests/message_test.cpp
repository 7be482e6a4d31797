#include "mxedge/irc/message.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc {
namespace {

TEST(MessageTest, IsCommandIgnoresAsciiCase) {
  Message m;
  m.command = "privmsg";
  EXPECT_TRUE(m.IsCommand("PRIVMSG"));
  EXPECT_FALSE(m.IsCommand("PRIVMS"));
  EXPECT_FALSE(m.IsCommand("NOTICE"));
}

TEST(MessageTest, NumericOnlyForThreeDigits) {
  Message m;
  m.command = "433";
  EXPECT_EQ(m.Numeric(), 433);
  m.command = "005";
  EXPECT_EQ(m.Numeric(), 5);
  m.command = "43";
  EXPECT_EQ(m.Numeric(), std::nullopt);
  m.command = "4a3";
  EXPECT_EQ(m.Numeric(), std::nullopt);
}

TEST(MessageTest, ParamOutOfRangeIsEmpty) {
  Message m;
  m.params = {"a"};
  EXPECT_EQ(m.Param(0), "a");
  EXPECT_EQ(m.Param(1), "");
}

TEST(MessageTest, PrefixToStringOmitsEmptyParts) {
  EXPECT_EQ((Prefix{"n", "u", "h"}).ToString(), "n!u@h");
  EXPECT_EQ((Prefix{"n", "", "h"}).ToString(), "n@h");
  EXPECT_EQ((Prefix{"n", "u", ""}).ToString(), "n!u");
  EXPECT_EQ((Prefix{"srv.example", "", ""}).ToString(), "srv.example");
}

}  // namespace
}  // namespace mxedge::irc
