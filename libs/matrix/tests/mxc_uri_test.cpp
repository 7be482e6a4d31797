#include "mxedge/matrix/mxc_uri.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mxedge::matrix {
namespace {

using ::testing::HasSubstr;

TEST(ParseMxcUriTest, SplitsServerAndMediaId) {
  absl::StatusOr<MxcUri> uri = ParseMxcUri("mxc://example.org:8448/AbC_12-x");
  ASSERT_TRUE(uri.ok()) << uri.status();
  EXPECT_EQ(uri->server_name, "example.org:8448");
  EXPECT_EQ(uri->media_id, "AbC_12-x");
  EXPECT_EQ(uri->ToString(), "mxc://example.org:8448/AbC_12-x");
}

TEST(ParseMxcUriTest, RejectsEveryMalformedShape) {
  auto message = [](std::string_view text) {
    return std::string(ParseMxcUri(text).status().message());
  };
  EXPECT_THAT(message("https://example.org/x"), HasSubstr("mxc://"));
  EXPECT_THAT(message("mxc://example.org"), HasSubstr("missing '/'"));
  EXPECT_THAT(message("mxc://example.org/"), HasSubstr("empty media id"));
  EXPECT_THAT(message("mxc://exa mple/x"), HasSubstr("server name"));
  EXPECT_THAT(message("mxc://example.org/a/b"), HasSubstr("[A-Za-z0-9_-]"));
  EXPECT_THAT(message("mxc://example.org/.."), HasSubstr("[A-Za-z0-9_-]"));
  EXPECT_THAT(message("mxc://example.org/" + std::string(256, 'a')), HasSubstr("too long"));
}

}  // namespace
}  // namespace mxedge::matrix
