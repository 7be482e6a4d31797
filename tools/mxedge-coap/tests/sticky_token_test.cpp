#include "sticky_token.hpp"

#include <gtest/gtest.h>

namespace mxedge::coap_cli {
namespace {

TEST(StickyTokenTest, SentUntilConfirmedThenLeftOut) {
  StickyToken sticky;
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
  // A second request before any answer still carries it.
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
  sticky.OnResponse("t1");
  EXPECT_EQ(sticky.OptionFor("t1"), std::nullopt);
  EXPECT_EQ(sticky.OptionFor("t1"), std::nullopt);
}

TEST(StickyTokenTest, ANewTokenReplacesTheHeldOne) {
  StickyToken sticky;
  sticky.OptionFor("t1");
  sticky.OnResponse("t1");
  EXPECT_EQ(sticky.OptionFor("t2"), "t2");
  // A late answer to a request that carried t1 confirms nothing.
  sticky.OnResponse("t1");
  EXPECT_EQ(sticky.OptionFor("t2"), "t2");
  sticky.OnResponse("t2");
  EXPECT_EQ(sticky.OptionFor("t2"), std::nullopt);
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
}

TEST(StickyTokenTest, AnonymousRequestClearsAHeldToken) {
  StickyToken sticky;
  EXPECT_EQ(sticky.OptionFor(std::nullopt), std::nullopt);
  sticky.OptionFor("t1");
  sticky.OnResponse("t1");
  EXPECT_EQ(sticky.OptionFor(std::nullopt), "");
  EXPECT_EQ(sticky.OptionFor(std::nullopt), std::nullopt);
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
}

TEST(StickyTokenTest, ResetForgetsWhatTheOldSessionHeld) {
  StickyToken sticky;
  sticky.OptionFor("t1");
  sticky.OnResponse("t1");
  sticky.Reset();
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
}

TEST(StickyTokenTest, DisabledSendsEveryTokenEveryTime) {
  StickyToken sticky(false);
  sticky.OptionFor("t1");
  sticky.OnResponse("t1");
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
  EXPECT_EQ(sticky.OptionFor(std::nullopt), std::nullopt);
}

}  // namespace
}  // namespace mxedge::coap_cli
