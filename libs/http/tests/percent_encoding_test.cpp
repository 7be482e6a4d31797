#include "mxedge/http/percent_encoding.hpp"

#include <gtest/gtest.h>

namespace mxedge::http {
namespace {

TEST(PercentDecodeTest, DecodesMatrixIds) {
  auto decoded = PercentDecode("%40irc_alice%3Aexample.org");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, "@irc_alice:example.org");
}

TEST(PercentDecodeTest, PlusIsLiteralInPathsAndSpaceInQueries) {
  EXPECT_EQ(*PercentDecode("a+b"), "a+b");
  EXPECT_EQ(*PercentDecode("a+b", PlusMeaning::kSpace), "a b");
  EXPECT_EQ(*PercentDecode("a%2Bb", PlusMeaning::kSpace), "a+b");
}

TEST(PercentDecodeTest, RejectsMalformedEscapes) {
  for (const char* bad : {"%", "%4", "abc%", "%zz", "%4g", "x%G0"}) {
    auto decoded = PercentDecode(bad);
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_NE(PercentDecode("ab%zz").status().message().find("offset 2"), absl::string_view::npos);
}

TEST(PercentDecodeTest, DecodesBinaryBytes) {
  auto decoded = PercentDecode("%00%ff%C3%A9");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, std::string("\0\xff\xc3\xa9", 4));
}

TEST(PercentEncodeTest, KeepsOnlyUnreserved) {
  EXPECT_EQ(PercentEncode("@irc_alice:example.org"), "%40irc_alice%3Aexample.org");
  EXPECT_EQ(PercentEncode("a b/c?d&e=f~-._"), "a%20b%2Fc%3Fd%26e%3Df~-._");
  EXPECT_EQ(PercentEncode("#room:x"), "%23room%3Ax");
}

TEST(PercentEncodeTest, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all.push_back(static_cast<char>(i));
  }
  auto decoded = PercentDecode(PercentEncode(all));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, all);
}

TEST(ParseQueryStringTest, KeepsRepeatedKeysInOrder) {
  auto query = ParseQueryString("b=2&a=1&a=3&flag&user_id=%40u%3Ax&s=a+b");
  ASSERT_TRUE(query.ok()) << query.status();
  ASSERT_EQ(query->count("a"), 2u);
  auto range = query->equal_range("a");
  EXPECT_EQ(range.first->second, "1");
  EXPECT_EQ(std::next(range.first)->second, "3");
  EXPECT_EQ(query->find("flag")->second, "");
  EXPECT_EQ(query->find("user_id")->second, "@u:x");
  EXPECT_EQ(query->find("s")->second, "a b");
  EXPECT_EQ(query->begin()->first, "a");
}

TEST(ParseQueryStringTest, RejectsBadEscapeNamingTheKey) {
  auto query = ParseQueryString("ok=1&user_id=%4");
  ASSERT_EQ(query.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(query.status().message().find("user_id"), absl::string_view::npos);
}

TEST(BuildQueryStringTest, RoundTripsThroughParse) {
  std::multimap<std::string, std::string> params = {
      {"access_token", "t/k+n"}, {"user_id", "@irc_a:x"}, {"user_id", "second value"}};
  auto parsed = ParseQueryString(BuildQueryString(params));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, params);
}

}  // namespace
}  // namespace mxedge::http
