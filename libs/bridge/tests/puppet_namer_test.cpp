#include "mxedge/bridge/puppet_namer.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/validation.hpp"

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

TEST(PuppetNamerTest, DisplayNameTable) {
  struct Case {
    std::string display;
    int nick_len;
    std::string nick;
  };
  const std::vector<Case> cases = {
      {"Alice Liddell", 30, "Alice_Liddell[m]"},
      {"  Alice Liddell  ", 30, "Alice_Liddell[m]"},
      {"Alice Liddell", 9, "Alice_[m]"},
      {"Alice Liddell", 16, "Alice_Liddell[m]"},
      {"Alice Liddell", 15, "Alice_Liddel[m]"},
      {"bob!@#:,*?x", 30, "bob_x[m]"},
      {"42 is the answer", 30, "_42_is_the_answer[m]"},
      {"-dash", 30, "_-dash[m]"},
      {"Ærøskøbing", 30, "AEroskobing[m]"},
      {"Straße", 30, "Strasse[m]"},
      {"[away] Bob", 30, "[away]_Bob[m]"},
      {"!!!", 30, "alice[m]"},
      {"李小龙", 30, "alice[m]"},
      {"李 Wei", 30, "_Wei[m]"},
      {"\t ", 30, "alice[m]"},
      {"tab\there", 30, "tab_here[m]"},
      {"\xff\xfe", 30, "alice[m]"},
      {"Bartholomew", 1, "B"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::string> nick =
        Default().NickFor("@alice:hs.test", c.display, WithNickLen(c.nick_len));
    ASSERT_TRUE(nick.ok()) << c.display << ": " << nick.status();
    EXPECT_EQ(*nick, c.nick) << c.display << " NICKLEN=" << c.nick_len;
  }
}

// Any bytes as a display name, any localpart, any NICKLEN: a nick the server accepts, never empty.
TEST(PuppetNamerTest, AnyInputYieldsAValidNick) {
  std::mt19937 random(20261126);
  std::uniform_int_distribution<int> length(0, 40);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> nick_len(1, 40);
  // Pieces of UTF-8 (accents, CJK, emoji, combining marks, controls) mixed with random bytes.
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           " ",
                                           "!",
                                           "@",
                                           ":",
                                           ",",
                                           "*",
                                           "?",
                                           "#",
                                           "[",
                                           "-",
                                           "9",
                                           "\xc3\xa9",
                                           "\xe6\x9d\x8e",
                                           "\xf0\x9f\x98\x80",
                                           "\xcc\x81",
                                           "\x01",
                                           "\r\n"};
  std::uniform_int_distribution<std::size_t> piece(0, pieces.size());
  const std::vector<std::string> templates = {"$DISPLAY[m]", "$LOCALPART[m]", "mx-$DISPLAY",
                                              "$DISPLAY|$LOCALPART", "[$USERID]"};
  for (int round = 0; round < 3000; ++round) {
    std::string display;
    const int n = length(random);
    for (int i = 0; i < n; ++i) {
      const std::size_t k = piece(random);
      display += k == pieces.size() ? std::string(1, static_cast<char>(byte(random))) : pieces[k];
    }
    const std::string localpart = round % 3 == 0 ? "=2d.x_" : "u" + std::to_string(round);
    absl::StatusOr<PuppetNamer> namer = PuppetNamer::Create(templates[round % templates.size()]);
    ASSERT_TRUE(namer.ok());
    const irc::ISupport isupport = WithNickLen(nick_len(random));
    absl::StatusOr<std::string> nick =
        namer->NickFor(common::Cat("@", localpart, ":hs.test"), display, isupport);
    ASSERT_TRUE(nick.ok()) << nick.status();
    EXPECT_TRUE(irc::IsValidNick(*nick, isupport))
        << "\"" << *nick << "\" from \"" << display << "\"";
  }
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
