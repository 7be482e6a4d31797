#include "mxedge/indieweb/micropub_error.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

using http::Response;

Response WithType(int status, std::string type, std::string body) {
  Response r;
  r.status = status;
  r.headers.emplace("Content-Type", std::move(type));
  r.body = std::move(body);
  return r;
}

TEST(ParseMicropubErrorTest, StandardJsonErrors) {
  auto e = ParseMicropubError(Response::Json(
      400, R"({"error":"invalid_request","error_description":"No bearer token provided"})"));
  EXPECT_EQ(e.kind, MicropubErrorKind::kInvalidRequest);
  EXPECT_EQ(e.error, "invalid_request");
  EXPECT_EQ(e.description, "No bearer token provided");
  EXPECT_EQ(e.Summary(), "HTTP 400 invalid_request: No bearer token provided");
  EXPECT_EQ(ParseMicropubError(Response::Json(401, R"({"error":"unauthorized"})")).kind,
            MicropubErrorKind::kUnauthorized);
  EXPECT_EQ(ParseMicropubError(Response::Json(403, R"({"error":"forbidden"})")).kind,
            MicropubErrorKind::kForbidden);
}

TEST(ParseMicropubErrorTest, InsufficientScopeOn401Or403WithScope) {
  for (int status : {401, 403}) {
    auto e = ParseMicropubError(Response::Json(
        status,
        R"({"error":"insufficient_scope","error_description":"Missing","scope":"delete"})"));
    EXPECT_EQ(e.kind, MicropubErrorKind::kInsufficientScope) << status;
    EXPECT_EQ(e.scope, "delete");
    EXPECT_NE(e.Summary().find("needs scope delete"), std::string::npos);
  }
  auto list = ParseMicropubError(
      Response::Json(403, R"({"error":"insufficient_scope","scope":["update","delete"]})"));
  EXPECT_EQ(list.scope, "update delete");
}

TEST(ParseMicropubErrorTest, OtherShapes) {
  auto benjifs = ParseMicropubError(Response::Json(
      400, R"({"error":"bad request","message":"access token in header and body"})"));
  EXPECT_EQ(benjifs.kind, MicropubErrorKind::kInvalidRequest);
  EXPECT_EQ(benjifs.description, "access token in header and body");
  auto text = ParseMicropubError(Response::Text(500, "  Internal\n\nServer   Error "));
  EXPECT_EQ(text.kind, MicropubErrorKind::kServerError);
  EXPECT_EQ(text.description, "Internal Server Error");
  EXPECT_EQ(ParseMicropubError(Response::Text(404, "")).kind, MicropubErrorKind::kNotFound);
  EXPECT_EQ(ParseMicropubError(Response::Text(429, "")).kind, MicropubErrorKind::kRateLimited);
  EXPECT_EQ(ParseMicropubError(Response::Text(418, "")).kind, MicropubErrorKind::kUnexpected);
  EXPECT_EQ(ParseMicropubError(Response::Json(400, "{not json")).description, "{not json");
}

TEST(ParseMicropubErrorTest, RedirectToALoginPageIsAnAuthFailure) {
  Response r;
  r.status = 302;
  r.headers.emplace("Location", "/session/login?redirect=%2Fmicropub");
  r.body = "<html>Found</html>";
  auto e = ParseMicropubError(r);
  EXPECT_EQ(e.kind, MicropubErrorKind::kLoginRedirect);
  EXPECT_EQ(e.location, "/session/login?redirect=%2Fmicropub");
  EXPECT_EQ(e.ToStatus().code(), absl::StatusCode::kUnauthenticated);
}

TEST(ParseMicropubErrorTest, HtmlPagesBecomeShortReadableText) {
  auto e = ParseMicropubError(WithType(
      501, "text/html; charset=utf-8",
      "<!DOCTYPE html><html><head><title>Not implemented</title><style>p{color:red}</style>"
      "<script>alert('x')</script></head><body><h1>Error</h1><p>Query &quot;nope&quot; is "
      "<b>not</b> supported</p></body></html>"));
  EXPECT_EQ(e.kind, MicropubErrorKind::kServerError);
  EXPECT_EQ(e.description, "Not implemented: Error Query \"nope\" is not supported");
  auto long_page =
      ParseMicropubError(WithType(500, "text/html", "<p>" + std::string(1000, 'x') + "</p>"));
  EXPECT_LE(long_page.description.size(), 203u);
  EXPECT_TRUE(long_page.description.ends_with("\xE2\x80\xA6"));
}

TEST(ParseMicropubErrorTest, InvalidUtf8BecomesReplacementCharacters) {
  auto e = ParseMicropubError(Response::Text(400, "bad \x98 byte \xC3"));
  EXPECT_EQ(e.description, "bad \xEF\xBF\xBD byte \xEF\xBF\xBD");
  auto back = MicropubErrorFromStatus(e.ToStatus());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->description, e.description);
  EXPECT_EQ(HtmlToText("<p>\xED\xA0\x80 surrogate</p>"),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD surrogate");
}

TEST(HtmlToTextTest, CutsOnUtf8Boundaries) {
  const std::string text = HtmlToText("<p>" + std::string(10, 'a') + "\xC3\xA9\xC3\xA9</p>", 11);
  EXPECT_EQ(text, std::string(10, 'a') + "\xE2\x80\xA6");
  EXPECT_EQ(HtmlToText("<p>unterminated <b"), "unterminated");
  EXPECT_EQ(HtmlToText("a<!-- hidden -->b"), "ab");  // a comment does not split a word
}

TEST(MicropubErrorTest, RoundTripsThroughAStatus) {
  auto e = ParseMicropubError(
      Response::Json(403, R"({"error":"insufficient_scope","scope":"undelete"})"));
  const absl::Status status = e.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  auto back = MicropubErrorFromStatus(status);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->kind, MicropubErrorKind::kInsufficientScope);
  EXPECT_EQ(back->scope, "undelete");
  EXPECT_EQ(back->http_status, 403);
  EXPECT_FALSE(MicropubErrorFromStatus(absl::UnavailableError("refused")).has_value());
}

}  // namespace
}  // namespace mxedge::indieweb
