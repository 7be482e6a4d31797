#include "mxedge/irc/tags.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc {
namespace {

TEST(TagsTest, EscapesEverySpecialCharacter) {
  EXPECT_EQ(EscapeTagValue("a;b c\\d\re\nf"), R"(a\:b\sc\\d\re\nf)");
  EXPECT_EQ(EscapeTagValue("plain=value"), "plain=value");
  EXPECT_EQ(EscapeTagValue(""), "");
}

TEST(TagsTest, UnescapesKnownEscapes) {
  EXPECT_EQ(UnescapeTagValue(R"(a\:b\sc\\d\re\nf)"), "a;b c\\d\re\nf");
}

TEST(TagsTest, UnknownEscapeGivesTheCharacter) { EXPECT_EQ(UnescapeTagValue(R"(\a\b\=)"), "ab="); }

TEST(TagsTest, TrailingLoneBackslashIsDropped) {
  EXPECT_EQ(UnescapeTagValue("abc\\"), "abc");
  EXPECT_EQ(UnescapeTagValue("\\"), "");
  EXPECT_EQ(UnescapeTagValue("abc\\\\"), "abc\\");
}

TEST(TagsTest, EscapeThenUnescapeIsIdentity) {
  std::string all;
  for (int c = 1; c < 256; ++c) {
    all += static_cast<char>(c);
  }
  EXPECT_EQ(UnescapeTagValue(EscapeTagValue(all)), all);
}

TEST(TagsTest, ValidKeys) {
  EXPECT_TRUE(IsValidTagKey("time"));
  EXPECT_TRUE(IsValidTagKey("+typing"));
  EXPECT_TRUE(IsValidTagKey("draft/reply"));
  EXPECT_TRUE(IsValidTagKey("+example.com/a-b-1"));
  EXPECT_FALSE(IsValidTagKey(""));
  EXPECT_FALSE(IsValidTagKey("+"));
  EXPECT_FALSE(IsValidTagKey("a b"));
  EXPECT_FALSE(IsValidTagKey("a=b"));
  EXPECT_FALSE(IsValidTagKey("ex_ample/x"));
  EXPECT_FALSE(IsValidTagKey("a/b/c"));
  EXPECT_FALSE(IsValidTagKey("/x"));
}

}  // namespace
}  // namespace mxedge::irc
