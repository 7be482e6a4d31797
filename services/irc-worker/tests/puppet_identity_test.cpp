#include "puppet_identity.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

TEST(RenderNickTest, FillsTheLocalpartAndKeepsNickCharacters) {
  EXPECT_EQ(RenderNick("$LOCALPART[m]", "@alice:example.org"), "alice[m]");
  EXPECT_EQ(RenderNick("$LOCALPART|mx", "@b.o-b:example.org"), "b_o-b|mx");
}

TEST(RenderNickTest, StartsWithALetterOrSymbolAndStaysWithin30Bytes) {
  EXPECT_EQ(RenderNick("$LOCALPART", "@42:example.org"), "_42");
  EXPECT_EQ(RenderNick("$LOCALPART", "@-x:example.org"), "_-x");
  EXPECT_EQ(RenderNick("$LOCALPART[m]", "@" + std::string(40, 'a') + ":example.org"),
            std::string(30, 'a'));
  EXPECT_EQ(RenderNick("$LOCALPART", "@:example.org"), "_");
}

TEST(RenderUsernameTest, KeepsLettersAndDigitsUpToTen) {
  EXPECT_EQ(RenderUsername("u0[m]"), "u0m");
  EXPECT_EQ(RenderUsername("averyverylongnick"), "averyveryl");
  EXPECT_EQ(RenderUsername("[]|_"), "mxedge");
}

}  // namespace
}  // namespace mxedge::irc_worker
