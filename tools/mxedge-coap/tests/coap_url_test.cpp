#include "coap_url.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mxedge::coap_cli {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ParseCoapUrlTest, SplitsSchemeHostPortPathAndQuery) {
  absl::StatusOr<CoapUrl> url = ParseCoapUrl("coaps://gw.example.org:8008/a/b?x=1&y=%402");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_TRUE(url->secure);
  EXPECT_EQ(url->host, "gw.example.org");
  EXPECT_EQ(url->port, 8008);
  EXPECT_THAT(url->path, ElementsAre("a", "b"));
  EXPECT_THAT(url->query, ElementsAre("x=1", "y=@2"));
  EXPECT_EQ(url->Origin(), "coaps://gw.example.org:8008");
}

TEST(ParseCoapUrlTest, DefaultPortsFollowTheScheme) {
  EXPECT_EQ(ParseCoapUrl("coap://h/")->port, kDefaultCoapPort);
  EXPECT_EQ(ParseCoapUrl("COAPS://h")->port, kDefaultCoapsPort);
  EXPECT_FALSE(ParseCoapUrl("coap://h")->secure);
}

TEST(ParseCoapUrlTest, CompressesMatrixPathsToV1PathCodes) {
  absl::StatusOr<CoapUrl> url = ParseCoapUrl(
      "coap://127.0.0.1:5683/_matrix/client/r0/rooms/%21abc%3Aexample.org/send/"
      "m.room.message/txn%201");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_THAT(url->path, ElementsAre("9", "!abc:example.org", "m.room.message", "txn 1"));
}

TEST(ParseCoapUrlTest, SyncBecomesCodeSevenWithItsQuery) {
  absl::StatusOr<CoapUrl> url =
      ParseCoapUrl("coap://h/_matrix/client/v3/sync?since=s1_2&timeout=30000");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_THAT(url->path, ElementsAre("7"));
  EXPECT_THAT(url->query, ElementsAre("since=s1_2", "timeout=30000"));
}

TEST(CompressMatrixPathTest, R0AndV3CompressAlikeOthersStay) {
  EXPECT_EQ(CompressMatrixPath("/_matrix/client/r0/sync"), "/7");
  EXPECT_EQ(CompressMatrixPath("/_matrix/client/v3/sync"), "/7");
  EXPECT_EQ(CompressMatrixPath("/_matrix/client/versions"), "/0");
  EXPECT_EQ(CompressMatrixPath("/_matrix/client/v3/no_such_endpoint"),
            "/_matrix/client/v3/no_such_endpoint");
  EXPECT_EQ(CompressMatrixPath("/other"), "/other");
}

TEST(ParseCoapUrlTest, EscapedSlashStaysInsideItsSegment) {
  absl::StatusOr<CoapUrl> url = ParseCoapUrl("coap://h/x/a%2Fb", PathCompression::kNone);
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_THAT(url->path, ElementsAre("x", "a/b"));
}

TEST(ParseCoapUrlTest, WithoutCompressionKeepsTheFullPath) {
  absl::StatusOr<CoapUrl> url =
      ParseCoapUrl("coap://h/_matrix/client/r0/sync", PathCompression::kNone);
  ASSERT_TRUE(url.ok());
  EXPECT_THAT(url->path, ElementsAre("_matrix", "client", "r0", "sync"));
}

TEST(ParseCoapUrlTest, IPv6LiteralAndEmptyQueryPieces) {
  absl::StatusOr<CoapUrl> url = ParseCoapUrl("coap://[::1]:9/?a=1&&b#frag");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 9);
  EXPECT_THAT(url->path, IsEmpty());
  EXPECT_THAT(url->query, ElementsAre("a=1", "b"));
  EXPECT_EQ(url->Origin(), "coap://[::1]:9");
}

TEST(ParseCoapUrlTest, NoPathGivesNoSegments) {
  absl::StatusOr<CoapUrl> url = ParseCoapUrl("coap://h:1");
  ASSERT_TRUE(url.ok());
  EXPECT_THAT(url->path, IsEmpty());
  EXPECT_THAT(url->query, IsEmpty());
}

TEST(ParseCoapUrlTest, RejectsMalformedUrls) {
  for (const char* bad :
       {"http://h/x", "h:5683/x", "coap://", "coap://:5683/", "coap://h:0/", "coap://h:65536/",
        "coap://h:x/", "coap://h:/", "coap://[::1/", "coap://h/a b", "coap://h/%zz",
        "coap://h/?a=%4", "coap://u@h/", "coap://[::1]x/"}) {
    absl::StatusOr<CoapUrl> url = ParseCoapUrl(bad);
    EXPECT_EQ(url.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace mxedge::coap_cli
