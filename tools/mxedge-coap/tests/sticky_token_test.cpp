#include "sticky_token.hpp"

#include <gtest/gtest.h>

namespace mxedge::coap_cli {
namespace {

TEST(StickyTokenTest, SentUntilAnsweredThenLeftOut) {
  StickyToken sticky;
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
  // A second request before any answer still carries it.
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
  sticky.OnFinished("t1", true);
  // One request carrying it is still in flight: keep sending.
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
  sticky.OnFinished("t1", true);
  sticky.OnFinished("t1", true);
  EXPECT_EQ(sticky.OptionFor("t1"), std::nullopt);
  EXPECT_EQ(sticky.OptionFor("t1"), std::nullopt);
}

TEST(StickyTokenTest, ANewTokenReplacesTheHeldOne) {
  StickyToken sticky;
  sticky.OptionFor("t1");
  sticky.OnFinished("t1", true);
  EXPECT_EQ(sticky.OptionFor("t2"), "t2");
  sticky.OnFinished("t2", true);
  EXPECT_EQ(sticky.OptionFor("t2"), std::nullopt);
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
}

TEST(StickyTokenTest, ReorderedChangesNeverLeaveTheWrongTokenHeld) {
  StickyToken sticky;
  sticky.OptionFor("t1");
  sticky.OnFinished("t1", true);
  // An anonymous request (clear) and a t1 request travel together; the gateway may see them in
  // either order, so neither answer lets a later request leave the option out.
  EXPECT_EQ(sticky.OptionFor(std::nullopt), "");
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
  sticky.OnFinished("t1", true);
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");  // the clear may still land after it
  sticky.OnFinished("", true);
  sticky.OnFinished("t1", true);
  EXPECT_EQ(sticky.OptionFor("t1"), std::nullopt);
}

TEST(StickyTokenTest, AnonymousRequestClearsAHeldToken) {
  StickyToken sticky;
  EXPECT_EQ(sticky.OptionFor(std::nullopt), std::nullopt);
  sticky.OptionFor("t1");
  sticky.OnFinished("t1", true);
  EXPECT_EQ(sticky.OptionFor(std::nullopt), "");
  sticky.OnFinished("", true);
  EXPECT_EQ(sticky.OptionFor(std::nullopt), std::nullopt);
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
}

TEST(StickyTokenTest, AFailedRequestConfirmsNothing) {
  StickyToken sticky;
  sticky.OptionFor("t1");
  sticky.OnFinished("t1", false);
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
  sticky.OnFinished("t1", true);
  EXPECT_EQ(sticky.OptionFor("t1"), std::nullopt);
  // Requests without the option do not count.
  sticky.OnFinished(std::nullopt, false);
  EXPECT_EQ(sticky.OptionFor("t1"), std::nullopt);
}

TEST(StickyTokenTest, ResetForgetsWhatTheOldSessionHeld) {
  StickyToken sticky;
  sticky.OptionFor("t1");
  sticky.OnFinished("t1", true);
  sticky.OptionFor("t2");  // in flight when the session dies
  sticky.Reset();
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
  sticky.OnFinished("t1", true);
  EXPECT_EQ(sticky.OptionFor("t1"), std::nullopt);
}

TEST(StickyTokenTest, DisabledSendsEveryTokenEveryTime) {
  StickyToken sticky(false);
  sticky.OptionFor("t1");
  sticky.OnFinished("t1", true);
  EXPECT_EQ(sticky.OptionFor("t1"), "t1");
  EXPECT_EQ(sticky.OptionFor(std::nullopt), std::nullopt);
}

}  // namespace
}  // namespace mxedge::coap_cli
