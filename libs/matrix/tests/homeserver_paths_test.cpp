#include "homeserver_paths.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mxedge::matrix::internal {
namespace {

using ::testing::HasSubstr;

TEST(IsUnknownEndpointTest, TellsMissingEndpointFromMissingMedia) {
  EXPECT_TRUE(IsUnknownEndpoint(http::Response::MatrixError(404, "M_UNRECOGNIZED", "x")));
  EXPECT_TRUE(IsUnknownEndpoint(http::Response::Text(404, "<html>Not Found</html>")));
  EXPECT_TRUE(IsUnknownEndpoint(http::Response::Text(405, "")));
  EXPECT_TRUE(IsUnknownEndpoint(http::Response::MatrixError(400, "M_UNRECOGNIZED", "x")));
  EXPECT_FALSE(IsUnknownEndpoint(http::Response::MatrixError(404, "M_NOT_FOUND", "x")));
  EXPECT_FALSE(IsUnknownEndpoint(http::Response::MatrixError(400, "M_INVALID_PARAM", "x")));
  EXPECT_FALSE(IsUnknownEndpoint(http::Response::Json(200, "{}")));
  EXPECT_FALSE(IsUnknownEndpoint(http::Response::MatrixError(403, "M_FORBIDDEN", "x")));
}

TEST(FilenameFromContentDispositionTest, ParsesPlainQuotedAndExtendedForms) {
  EXPECT_EQ(FilenameFromContentDisposition("inline; filename=cat.png"), "cat.png");
  EXPECT_EQ(FilenameFromContentDisposition(R"(attachment; filename="my \"cat\".png")"),
            "my \"cat\".png");
  EXPECT_EQ(FilenameFromContentDisposition(
                "inline; filename=fallback.png; filename*=UTF-8''caf%C3%A9%20cat.png"),
            "caf\xC3\xA9 cat.png");
  EXPECT_EQ(FilenameFromContentDisposition("inline; FILENAME*=utf-8'en'a%2Fb.txt"), "ab.txt");
  EXPECT_EQ(FilenameFromContentDisposition("inline"), "");
  EXPECT_EQ(FilenameFromContentDisposition(""), "");
  EXPECT_EQ(FilenameFromContentDisposition("inline; filename=\"..\""), "");
  EXPECT_EQ(FilenameFromContentDisposition("inline; filename*=latin1''x.txt"), "");
  EXPECT_EQ(FilenameFromContentDisposition("inline; filename*=UTF-8''%zz; filename=ok"), "ok");
}

TEST(CheckForwardPathTest, AllowsOnlyClientPaths) {
  EXPECT_TRUE(CheckForwardPath("GET", "/_matrix/client/v3/sync").ok());
  EXPECT_TRUE(
      CheckForwardPath("PUT", "/_matrix/client/v3/rooms/%21r%3As/send/m.room.message/1").ok());
  auto message = [](std::string_view method, std::string_view path) {
    return std::string(CheckForwardPath(method, path).message());
  };
  EXPECT_THAT(message("PATCH", "/_matrix/client/v3/sync"), HasSubstr("method PATCH"));
  EXPECT_THAT(message("GET", "/_matrix/app/v1/users/x"), HasSubstr("only /_matrix/client/"));
  EXPECT_THAT(message("GET", "/_synapse/admin/v1/users"), HasSubstr("only /_matrix/client/"));
  EXPECT_THAT(message("GET", "/_matrix/client/../../_synapse/admin"), HasSubstr("dot segment"));
  EXPECT_THAT(message("GET", "/_matrix/client/%2e%2e/_synapse"), HasSubstr("dot segment"));
  EXPECT_THAT(message("GET", "/_matrix/client/a%2Fb"), HasSubstr("encoded '/'"));
  EXPECT_THAT(message("GET", "/_matrix/client/v3/sync?x=1"), HasSubstr("not allowed"));
  EXPECT_THAT(message("GET", "/_matrix/client/v3/sync\r\nX: y"), HasSubstr("not allowed"));
  EXPECT_THAT(message("GET", "/_matrix/client/%zz"), HasSubstr("percent escape"));
}

}  // namespace
}  // namespace mxedge::matrix::internal
