#include "mxedge/bridge/charset.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

TEST(DecodeIrcTextTest, KeepsValidUtf8) {
  EXPECT_EQ(DecodeIrcText("caf\xc3\xa9 \xf0\x9f\x98\x80", FallbackCharset::kLatin1),
            "caf\xc3\xa9 \xf0\x9f\x98\x80");
}

TEST(DecodeIrcTextTest, Latin1Fallback) {
  EXPECT_EQ(DecodeIrcText("caf\xe9", FallbackCharset::kLatin1), "caf\xc3\xa9");
  EXPECT_EQ(DecodeIrcText("\x80", FallbackCharset::kLatin1), "\xc2\x80");
}

TEST(DecodeIrcTextTest, Cp1252Fallback) {
  EXPECT_EQ(DecodeIrcText("\x80 5", FallbackCharset::kCp1252), "\xe2\x82\xac 5");  // €
  EXPECT_EQ(DecodeIrcText("\x93quoted\x94", FallbackCharset::kCp1252),
            "\xe2\x80\x9cquoted\xe2\x80\x9d");
  EXPECT_EQ(DecodeIrcText("\x81", FallbackCharset::kCp1252), "\xc2\x81");  // unassigned: kept
}

TEST(DecodeIrcTextTest, NeverDropsBytes) {
  std::string all;
  for (int b = 1; b < 256; ++b) {
    all.push_back(static_cast<char>(b));
  }
  const std::string decoded = DecodeIrcText(all, FallbackCharset::kLatin1);
  EXPECT_TRUE(IsValidUtf8(decoded));
  EXPECT_EQ(decoded.size(), 127u + 2u * 128u);
}

TEST(IsValidUtf8Test, RejectsMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // over U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // truncated
  EXPECT_TRUE(IsValidUtf8(""));
}

TEST(ParseFallbackCharsetTest, Names) {
  EXPECT_EQ(*ParseFallbackCharset("Latin1"), FallbackCharset::kLatin1);
  EXPECT_EQ(*ParseFallbackCharset("windows-1252"), FallbackCharset::kCp1252);
  EXPECT_EQ(ParseFallbackCharset("koi8-r").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mxedge::bridge
