#include "mxedge/bridge/puppet_namer.hpp"

#include <gtest/gtest.h>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::bridge {
namespace {

irc::ISupport WithNickLen(int len) {
  irc::ISupport isupport;
  EXPECT_TRUE(isupport.ApplyToken(common::Cat("NICKLEN=", len)).ok());
  return isupport;
}

PuppetNamer Default() { return *PuppetNamer::Create(PuppetNamer::kDefaultNickTemplate); }

TEST(PuppetNamerTest, DisplayNameWithSuffix) {
  EXPECT_EQ(*Default().NickFor("@alice:hs.test", "Alice", WithNickLen(30)), "Alice[m]");
  EXPECT_EQ(*Default().NickFor("@alice:hs.test", "Zoë Smith", WithNickLen(30)), "Zoe_Smith[m]");
}

TEST(PuppetNamerTest, EmptyDisplayNameUsesLocalpart) {
  EXPECT_EQ(*Default().NickFor("@alice:hs.test", "", WithNickLen(30)), "alice[m]");
  EXPECT_EQ(*Default().NickFor("@alice:hs.test", "\xcc\x81", WithNickLen(30)), "alice[m]");
}

TEST(PuppetNamerTest, ShortensTheValueNotTheSuffix) {
  EXPECT_EQ(*Default().NickFor("@a:hs.test", "Bartholomew", WithNickLen(9)), "Bartho[m]");
  EXPECT_EQ(*Default().NickFor("@a:hs.test", "Bartholomew", WithNickLen(3)), "B[m");
}

TEST(PuppetNamerTest, OtherVariables) {
  absl::StatusOr<PuppetNamer> namer = PuppetNamer::Create("mx-$LOCALPART");
  ASSERT_TRUE(namer.ok());
  EXPECT_EQ(*namer->NickFor("@bob.smith:hs.test", "Bob", WithNickLen(30)), "mx-bob_smith");
  namer = PuppetNamer::Create("$USERID");
  ASSERT_TRUE(namer.ok());
  EXPECT_EQ(*namer->NickFor("@bob:hs.test", "Bob", WithNickLen(30)), "_bob_hs_test");
}

TEST(PuppetNamerTest, RejectsBadTemplatesAndIds) {
  EXPECT_FALSE(PuppetNamer::Create("static").ok());
  EXPECT_FALSE(PuppetNamer::Create("$NICK").ok());
  EXPECT_FALSE(Default().NickFor("alice", "Alice", WithNickLen(30)).ok());
}

TEST(IdentUsernameTest, FromLocalpart) {
  EXPECT_EQ(*IdentUsernameFor("@Alice.Smith:hs.test"), "alicesmith");
  EXPECT_EQ(*IdentUsernameFor("@a_very-long_name:hs.test"), "a_very-lon");
  EXPECT_EQ(*IdentUsernameFor("@...:hs.test"), "matrix");
  EXPECT_FALSE(IdentUsernameFor("nope").ok());
}

TEST(IdentUsernameTest, SuffixKeepsTenBytes) {
  EXPECT_EQ(IdentUsernameWithSuffix("alice", 1), "alice_1");
  EXPECT_EQ(IdentUsernameWithSuffix("alicesmith", 12), "alicesm_12");
  EXPECT_EQ(IdentUsernameWithSuffix("a", 123456789), "_123456789");
}

TEST(RealnameTest, UserIdCutWithMarker) {
  EXPECT_EQ(*RealnameFor("@alice:hs.test"), "@alice:hs.test");
  const std::string long_id = "@" + std::string(60, 'a') + ":hs.test";
  absl::StatusOr<std::string> realname = RealnameFor(long_id);
  ASSERT_TRUE(realname.ok());
  EXPECT_EQ(realname->size(), kMaxRealnameBytes);
  EXPECT_EQ(realname->back(), '>');
}

}  // namespace
}  // namespace mxedge::bridge
