#include "request_translator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "mxedge/common/status_mapping.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "mxedge/msc3079/key_table.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::coap_gateway {
namespace {

using ::testing::HasSubstr;

// {27: "Hello", 28: "m.text"}: body and msgtype with v1 integer keys.
const std::string kCborMessage = std::string("\xa2\x18\x1b\x65Hello\x18\x1c\x66m.text", 18);

CoapRequest Get(std::vector<std::string> path) {
  CoapRequest request;
  request.method = 1;
  request.uri_path = std::move(path);
  return request;
}

TEST(TranslateRequestTest, MscSendExampleExpandsPathAndDecodesCborBody) {
  CoapRequest request;
  request.method = 3;
  request.uri_path = {"9", "!7mqP7DYBUOmwAweF:localhost", "m.room.message", "$.AAABeH6obLU"};
  request.content_format = 60;
  request.body = kCborMessage;
  SessionState session;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(request, {}, session);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->method(), v1::HTTP_METHOD_PUT);
  EXPECT_EQ(call->path(),
            "/_matrix/client/r0/rooms/%217mqP7DYBUOmwAweF:localhost/send/m.room.message/"
            "$.AAABeH6obLU");
  EXPECT_EQ(call->body(), R"({"body":"Hello","msgtype":"m.text"})");
  EXPECT_EQ(call->content_type(), "application/json");
}

TEST(TranslateRequestTest, PathCodesExpandToV3WhenConfigured) {
  TranslateOptions options;
  options.api_version = msc3079::ClientApiVersion::kV3;
  SessionState session;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(Get({"7"}), options, session);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->path(), "/_matrix/client/v3/sync");
  EXPECT_EQ(call->method(), v1::HTTP_METHOD_GET);
}

TEST(TranslateRequestTest, FullPathsPassThrough) {
  SessionState session;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(
      Get({"_matrix", "client", "v3", "rooms", "!a:localhost", "joined_members"}), {}, session);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->path(), "/_matrix/client/v3/rooms/%21a:localhost/joined_members");
}

TEST(TranslateRequestTest, MissingPathParameterIsBadRequest) {
  SessionState session;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(Get({"9", "!a:localhost"}), {}, session);
  ASSERT_EQ(call.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(common::CoapCodeFromCode(call.status().code()).ToString(), "4.00");
}

TEST(TranslateRequestTest, MethodsMapAndOthersAreMethodNotAllowed) {
  SessionState session;
  const std::pair<std::uint8_t, v1::HttpMethod> methods[] = {{1, v1::HTTP_METHOD_GET},
                                                             {2, v1::HTTP_METHOD_POST},
                                                             {3, v1::HTTP_METHOD_PUT},
                                                             {4, v1::HTTP_METHOD_DELETE}};
  for (const auto& [code, method] : methods) {
    CoapRequest request = Get({"7"});
    request.method = code;
    absl::StatusOr<v1::HttpCall> call = TranslateRequest(request, {}, session);
    ASSERT_TRUE(call.ok()) << call.status();
    EXPECT_EQ(call->method(), method);
  }
  for (std::uint8_t code : {0, 5, 6, 7, 31}) {
    CoapRequest request = Get({"7"});
    request.method = code;
    absl::StatusOr<v1::HttpCall> call = TranslateRequest(request, {}, session);
    ASSERT_FALSE(call.ok());
    EXPECT_EQ(CoapCodeOf(call.status()), msc3079::kCoapMethodNotAllowed) << int{code};
    EXPECT_EQ(common::MatrixErrcodeFor(call.status()), "M_UNRECOGNIZED");
  }
}

TEST(TranslateRequestTest, QuerySplitsAtFirstEqualsKeepsOrderAndDoesNotDecode) {
  CoapRequest request = Get({"7"});
  request.uri_query = {"since=s1_2=3", "full_state", "filter=%7B%7D", "since=again"};
  SessionState session;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(request, {}, session);
  ASSERT_TRUE(call.ok()) << call.status();
  ASSERT_EQ(call->query_size(), 4);
  EXPECT_EQ(call->query(0).key(), "since");
  EXPECT_EQ(call->query(0).value(), "s1_2=3");
  EXPECT_EQ(call->query(1).key(), "full_state");
  EXPECT_EQ(call->query(1).value(), "");
  EXPECT_EQ(call->query(2).value(), "%7B%7D");
  EXPECT_EQ(call->query(3).value(), "again");
}

TEST(TranslateRequestTest, QueryWithoutNameIsBadRequest) {
  CoapRequest request = Get({"7"});
  request.uri_query = {"=v"};
  SessionState session;
  EXPECT_EQ(TranslateRequest(request, {}, session).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TranslateRequestTest, TokenAcceptedWithAndWithoutBearerPrefix) {
  for (const std::string token : {"syt_abc", "Bearer syt_abc", "bearer syt_abc"}) {
    CoapRequest request = Get({"7"});
    request.access_token = token;
    SessionState session;
    absl::StatusOr<v1::HttpCall> call = TranslateRequest(request, {}, session);
    ASSERT_TRUE(call.ok()) << call.status();
    EXPECT_EQ(call->access_token(), "syt_abc") << token;
  }
}

TEST(TranslateRequestTest, StickyTokenIsReusedAndReplaced) {
  SessionState session;
  CoapRequest first = Get({"7"});
  first.access_token = "Bearer one";
  ASSERT_TRUE(TranslateRequest(first, {}, session).ok());

  absl::StatusOr<v1::HttpCall> reused = TranslateRequest(Get({"7"}), {}, session);
  ASSERT_TRUE(reused.ok());
  EXPECT_EQ(reused->access_token(), "one");

  CoapRequest replace = Get({"7"});
  replace.access_token = "two";
  ASSERT_TRUE(TranslateRequest(replace, {}, session).ok());
  absl::StatusOr<v1::HttpCall> after = TranslateRequest(Get({"7"}), {}, session);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->access_token(), "two");
}

TEST(TranslateRequestTest, EmptyTokenClearsStickyToken) {
  SessionState session;
  CoapRequest first = Get({"7"});
  first.access_token = "one";
  ASSERT_TRUE(TranslateRequest(first, {}, session).ok());
  CoapRequest clear = Get({"7"});
  clear.access_token = "Bearer ";
  absl::StatusOr<v1::HttpCall> cleared = TranslateRequest(clear, {}, session);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->access_token(), "");
  absl::StatusOr<v1::HttpCall> next = TranslateRequest(Get({"7"}), {}, session);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->access_token(), "");
}

TEST(CoapCodeOfTest, ReadsBackAttachedCodeAndIgnoresOk) {
  absl::Status status = WithCoapCode(absl::InvalidArgumentError("x"), msc3079::CoapCode(4, 15));
  EXPECT_EQ(CoapCodeOf(status), msc3079::CoapCode(4, 15));
  EXPECT_FALSE(CoapCodeOf(absl::InvalidArgumentError("x")).has_value());
  EXPECT_FALSE(CoapCodeOf(WithCoapCode(absl::OkStatus(), msc3079::kCoapBadRequest)).has_value());
}

TEST(TranslateRequestTest, TokenIsNotKeptWhenStickyTokensAreOff) {
  TranslateOptions options;
  options.sticky_tokens = false;
  SessionState session;
  CoapRequest first = Get({"7"});
  first.access_token = "one";
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(first, options, session);
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->access_token(), "one");
  absl::StatusOr<v1::HttpCall> next = TranslateRequest(Get({"7"}), options, session);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->access_token(), "");
}

TEST(TranslateRequestTest, FailedRequestLeavesSessionUnchanged) {
  SessionState session;
  CoapRequest bad = Get({"9"});
  bad.access_token = "new";
  bad.enum_version = 0;
  ASSERT_FALSE(TranslateRequest(bad, {}, session).ok());
  EXPECT_EQ(session.access_token, "");
  EXPECT_EQ(session.enum_version.version(), 1u);
}

TEST(TranslateRequestTest, EnumVersionZeroIsStickyAndDecodesStringKeys) {
  SessionState session;
  CoapRequest opt_out = Get({"7"});
  opt_out.enum_version = 0;
  ASSERT_TRUE(TranslateRequest(opt_out, {}, session).ok());
  EXPECT_EQ(session.enum_version.version(), 0u);

  CoapRequest send;
  send.method = 3;
  send.uri_path = {"9", "!a:localhost", "m.room.message", "t1"};
  send.content_format = 60;
  send.body = kCborMessage;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(send, {}, session);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->body(), R"({"27":"Hello","28":"m.text"})");
}

TEST(TranslateRequestTest, UnknownEnumVersionIsBadRequest) {
  CoapRequest request = Get({"7"});
  request.enum_version = 99;
  SessionState session;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(request, {}, session);
  EXPECT_EQ(call.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(call.status().message()), HasSubstr("257"));
}

TEST(TranslateRequestTest, CborByteStringBodyIsBadRequest) {
  CoapRequest request;
  request.method = 2;
  request.uri_path = {"_matrix", "client", "v3", "login"};
  request.content_format = 60;
  request.body = std::string("\xa1\x61k\x42\x01\x02", 6);  // {"k": h'0102'}
  SessionState session;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(request, {}, session);
  ASSERT_EQ(call.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(call.status().message()), HasSubstr("not valid CBOR"));
}

TEST(TranslateRequestTest, JsonBodyMustParse) {
  CoapRequest request;
  request.method = 2;
  request.uri_path = {"_matrix", "client", "v3", "login"};
  request.content_format = 50;
  request.body = R"({"type": "m.login.password"})";
  SessionState session;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(request, {}, session);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->body(), request.body);
  EXPECT_EQ(call->content_type(), "application/json");

  request.body = "{not json";
  absl::StatusOr<v1::HttpCall> bad = TranslateRequest(request, {}, session);
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(common::MatrixErrcodeFor(bad.status()), "M_NOT_JSON");
}

TEST(TranslateRequestTest, BodyWithoutContentFormatIsCborThenJson) {
  SessionState session;
  CoapRequest request;
  request.method = 2;
  request.uri_path = {"_matrix", "client", "v3", "login"};
  request.body = kCborMessage;
  absl::StatusOr<v1::HttpCall> cbor = TranslateRequest(request, {}, session);
  ASSERT_TRUE(cbor.ok()) << cbor.status();
  EXPECT_EQ(cbor->body(), R"({"body":"Hello","msgtype":"m.text"})");

  // 28 bytes starting with '{' are also a well-formed CBOR text string: JSON must win.
  request.body = R"({"type":"m.login.password"} )";
  ASSERT_EQ(request.body.size(), 28u);
  absl::StatusOr<v1::HttpCall> json = TranslateRequest(request, {}, session);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(json->body(), request.body);

  request.body = "\xff\xff";
  EXPECT_EQ(TranslateRequest(request, {}, session).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TranslateRequestTest, OctetStreamPassesThroughAndUnknownFormatIs415) {
  SessionState session;
  CoapRequest request;
  request.method = 2;
  request.uri_path = {"_matrix", "media", "v3", "upload"};
  request.content_format = 42;
  request.body = std::string("\x00\x01\x02", 3);
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(request, {}, session);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->body(), request.body);
  EXPECT_EQ(call->content_type(), "application/octet-stream");

  request.content_format = 11050;
  absl::StatusOr<v1::HttpCall> unknown = TranslateRequest(request, {}, session);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(CoapCodeOf(unknown.status()), msc3079::CoapCode(4, 15));
}

TEST(TranslateRequestTest, BodyOverLimitIsEntityTooLarge) {
  TranslateOptions options;
  options.max_body_bytes = 8;
  CoapRequest request;
  request.method = 2;
  request.uri_path = {"_matrix", "client", "v3", "login"};
  request.content_format = 50;
  request.body = R"({"a":"123456"})";
  SessionState session;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(request, options, session);
  ASSERT_FALSE(call.ok());
  EXPECT_EQ(CoapCodeOf(call.status()), msc3079::kCoapRequestEntityTooLarge);
  EXPECT_EQ(common::MatrixErrcodeFor(call.status()), "M_TOO_LARGE");
}

TEST(TranslateRequestTest, EmptyBodyHasNoContentType) {
  SessionState session;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(Get({"7"}), {}, session);
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->body(), "");
  EXPECT_EQ(call->content_type(), "");
}

}  // namespace
}  // namespace mxedge::coap_gateway
