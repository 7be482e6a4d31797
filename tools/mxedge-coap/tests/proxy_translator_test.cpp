#include "proxy_translator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::coap_cli {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

http::Request MakeRequest(std::string method, std::string raw_path) {
  http::Request request;
  request.method = std::move(method);
  request.raw_path = std::move(raw_path);
  return request;
}

TEST(HttpToCoapTest, SendBecomesPathCodeWithCborBodyAndToken) {
  http::Request request =
      MakeRequest("PUT", "/_matrix/client/v3/rooms/%21r%3Ahs/send/m.room.message/t%201");
  request.headers.emplace("Authorization", "Bearer syt_secret");
  request.headers.emplace("Content-Type", "application/json");
  request.body = R"({"msgtype":"m.text","body":"Hello World"})";
  absl::StatusOr<CoapRequest> coap = HttpToCoap(request);
  ASSERT_TRUE(coap.ok()) << coap.status();
  EXPECT_EQ(coap->method, CoapMethod::kPut);
  EXPECT_THAT(coap->path, ElementsAre("9", "!r:hs", "m.room.message", "t 1"));
  EXPECT_EQ(coap->access_token, "syt_secret");
  EXPECT_EQ(coap->content_format, 60);
  EXPECT_EQ(coap->body, *msc3079::EncodeCbor(nlohmann::json::parse(request.body)));
}

TEST(HttpToCoapTest, QueryBecomesOptionsAndAccessTokenMovesToTheOption) {
  http::Request request = MakeRequest("GET", "/_matrix/client/r0/sync");
  request.query = {{"since", "s 1"}, {"timeout", "0"}, {"access_token", "tok"}};
  absl::StatusOr<CoapRequest> coap = HttpToCoap(request);
  ASSERT_TRUE(coap.ok()) << coap.status();
  EXPECT_THAT(coap->path, ElementsAre("7"));
  EXPECT_THAT(coap->query, UnorderedElementsAre("since=s 1", "timeout=0"));
  EXPECT_EQ(coap->access_token, "tok");
  EXPECT_TRUE(coap->body.empty());
  EXPECT_FALSE(coap->content_format.has_value());
}

TEST(HttpToCoapTest, BearerPrefixIsCaseInsensitive) {
  http::Request request = MakeRequest("GET", "/_matrix/client/versions");
  request.headers.emplace("authorization", "bearer   abc ");
  EXPECT_EQ(HttpToCoap(request)->access_token, "abc");
}

TEST(HttpToCoapTest, NoAuthorizationMeansNoToken) {
  EXPECT_FALSE(HttpToCoap(MakeRequest("GET", "/_matrix/client/versions"))->access_token);
}

TEST(HttpToCoapTest, RejectsWhatCoapCannotCarry) {
  EXPECT_EQ(HttpToCoap(MakeRequest("PATCH", "/x")).status().code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_EQ(HttpToCoap(MakeRequest("HEAD", "/x")).status().code(),
            absl::StatusCode::kUnimplemented);
  http::Request basic = MakeRequest("GET", "/x");
  basic.headers.emplace("Authorization", "Basic dXNlcg==");
  EXPECT_EQ(HttpToCoap(basic).status().code(), absl::StatusCode::kUnauthenticated);
  http::Request empty = MakeRequest("GET", "/x");
  empty.headers.emplace("Authorization", "Bearer ");
  EXPECT_EQ(HttpToCoap(empty).status().code(), absl::StatusCode::kUnauthenticated);
  http::Request bad_json = MakeRequest("POST", "/_matrix/client/r0/login");
  bad_json.body = "{not json";
  EXPECT_EQ(HttpToCoap(bad_json).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HttpToCoap(MakeRequest("GET", "/a/%zz")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(HttpToCoapTest, JsonLabelledAsAFormIsStillJson) {
  // curl -d labels bodies application/x-www-form-urlencoded.
  http::Request request = MakeRequest("PUT", "/x");
  request.headers.emplace("Content-Type", "application/x-www-form-urlencoded");
  request.body = R"({"body":"hi"})";
  absl::StatusOr<CoapRequest> coap = HttpToCoap(request);
  ASSERT_TRUE(coap.ok());
  EXPECT_EQ(coap->content_format, 60);
  EXPECT_EQ(coap->body, *msc3079::EncodeCbor(nlohmann::json{{"body", "hi"}}));

  request.headers.clear();
  request.headers.emplace("Content-Type", "image/png");
  request.body = "\x89PNG";
  coap = HttpToCoap(request);
  ASSERT_TRUE(coap.ok());
  EXPECT_EQ(coap->content_format, 42);
  EXPECT_EQ(coap->body, "\x89PNG");
}

TEST(HttpToCoapTest, NonJsonBodyTravelsAsIs) {
  http::Request request = MakeRequest("PUT", "/x");
  request.headers.emplace("Content-Type", "text/plain");
  request.body = "hello";
  absl::StatusOr<CoapRequest> coap = HttpToCoap(request);
  ASSERT_TRUE(coap.ok());
  EXPECT_EQ(coap->content_format, 0);
  EXPECT_EQ(coap->body, "hello");
}

TEST(IsMediaPathTest, MediaPrefixes) {
  EXPECT_TRUE(IsMediaPath("/_matrix/media/v3/download/hs/abc"));
  EXPECT_TRUE(IsMediaPath("/_matrix/client/v1/media/download/hs/abc"));
  EXPECT_FALSE(IsMediaPath("/_matrix/client/v3/sync"));
  EXPECT_FALSE(IsMediaPath("/_matrix/mediax/"));
}

TEST(CoapToHttpTest, CborAnswerBecomesJson) {
  CoapResponse response;
  response.code = msc3079::CoapCode(2, 5);
  response.content_format = 60;
  response.body = *msc3079::EncodeCbor(nlohmann::json{{"event_id", "$e"}});
  http::Response http = CoapToHttp(response);
  EXPECT_EQ(http.status, 200);
  EXPECT_EQ(nlohmann::json::parse(http.body), (nlohmann::json{{"event_id", "$e"}}));
  EXPECT_EQ(http::FindHeader(http.headers, "Content-Type"), "application/json");
}

TEST(CoapToHttpTest, StatusMappingIsTheInverseTable) {
  const std::vector<std::pair<msc3079::CoapCode, int>> table = {
      {{2, 1}, 200},  {{2, 4}, 200},  {{2, 5}, 200}, {{4, 0}, 400},  {{4, 1}, 401},  {{4, 3}, 403},
      {{4, 4}, 404},  {{4, 5}, 405},  {{4, 6}, 406}, {{4, 9}, 409},  {{4, 12}, 412}, {{4, 13}, 413},
      {{4, 15}, 415}, {{4, 29}, 429}, {{5, 0}, 500}, {{5, 1}, 501},  {{5, 2}, 502},  {{5, 3}, 503},
      {{5, 4}, 504},  {{4, 2}, 400},  {{5, 5}, 500}, {{2, 31}, 502}, {{0, 0}, 502},  {{3, 1}, 502}};
  for (const auto& [code, status] : table) {
    CoapResponse response;
    response.code = code;
    EXPECT_EQ(CoapToHttp(response).status, status) << code.ToString();
  }
}

TEST(CoapToHttpTest, ErrorWithoutBodyGetsAMatrixErrorBody) {
  CoapResponse response;
  response.code = msc3079::CoapCode(4, 4);
  http::Response http = CoapToHttp(response);
  nlohmann::json body = nlohmann::json::parse(http.body);
  EXPECT_EQ(body["errcode"], "M_UNRECOGNIZED");
  EXPECT_NE(body["error"].get<std::string>().find("4.04"), std::string::npos);
}

TEST(CoapToHttpTest, MatrixErrorPassesThroughWithRetryAfter) {
  CoapResponse response;
  response.code = msc3079::CoapCode(4, 29);
  response.content_format = 60;
  response.max_age = 3;
  response.body = *msc3079::EncodeCbor(
      nlohmann::json{{"errcode", "M_LIMIT_EXCEEDED"}, {"retry_after_ms", 2500}});
  http::Response http = CoapToHttp(response);
  EXPECT_EQ(http.status, 429);
  EXPECT_EQ(nlohmann::json::parse(http.body)["errcode"], "M_LIMIT_EXCEEDED");
  EXPECT_EQ(http::FindHeader(http.headers, "Retry-After"), "3");
}

TEST(CoapToHttpTest, EmptySuccessIsAnEmptyObject) {
  CoapResponse response;
  response.code = msc3079::CoapCode(2, 5);
  EXPECT_EQ(CoapToHttp(response).body, "{}");
}

TEST(CoapToHttpTest, UndecodableCborIsBadGateway) {
  CoapResponse response;
  response.code = msc3079::CoapCode(2, 5);
  response.content_format = 60;
  response.body = "\xa1";
  EXPECT_EQ(CoapToHttp(response).status, 502);
}

TEST(CoapToHttpTest, UnlabelledNonCborPassesAsOctetStream) {
  CoapResponse response;
  response.code = msc3079::CoapCode(2, 5);
  response.body = "Nov 25 21:00:00";
  http::Response http = CoapToHttp(response);
  EXPECT_EQ(http.status, 200);
  EXPECT_EQ(http.body, "Nov 25 21:00:00");
  EXPECT_EQ(http::FindHeader(http.headers, "Content-Type"), "application/octet-stream");
}

TEST(CoapToHttpTest, JsonAndTextPassThrough) {
  CoapResponse json;
  json.code = msc3079::CoapCode(2, 5);
  json.content_format = 50;
  json.body = R"({"a":1})";
  EXPECT_EQ(CoapToHttp(json).body, R"({"a":1})");
  CoapResponse text = json;
  text.content_format = 0;
  text.body = "plain";
  http::Response http = CoapToHttp(text);
  EXPECT_EQ(http.body, "plain");
  EXPECT_NE(http::FindHeader(http.headers, "Content-Type")->find("text/plain"), std::string::npos);
}

TEST(RewriteHomeserverBaseUrlTest, LoginAndWellKnownPointAtTheProxy) {
  http::Response login = http::Response::Json(
      200, R"({"user_id":"@a:hs","well_known":{"m.homeserver":{"base_url":"https://hs/"}}})");
  http::Response rewritten =
      RewriteHomeserverBaseUrl(login, "/_matrix/client/v3/login", "http://127.0.0.1:8009");
  nlohmann::json body = nlohmann::json::parse(rewritten.body);
  EXPECT_EQ(body["well_known"]["m.homeserver"]["base_url"], "http://127.0.0.1:8009");
  EXPECT_EQ(body["user_id"], "@a:hs");

  http::Response discovery =
      http::Response::Json(200, R"({"m.homeserver":{"base_url":"https://hs/"},"x":1})");
  body = nlohmann::json::parse(
      RewriteHomeserverBaseUrl(discovery, "/.well-known/matrix/client", "http://p").body);
  EXPECT_EQ(body["m.homeserver"]["base_url"], "http://p");
  EXPECT_EQ(body["x"], 1);
}

TEST(RewriteHomeserverBaseUrlTest, EverythingElseIsUnchanged) {
  const std::string text = R"({"well_known":{"m.homeserver":{"base_url":"https://hs/"}}})";
  // Another path, an error, a login answer without well_known, a body that is not JSON.
  EXPECT_EQ(RewriteHomeserverBaseUrl(http::Response::Json(200, text), "/_matrix/client/v3/sync",
                                     "http://p")
                .body,
            text);
  EXPECT_EQ(RewriteHomeserverBaseUrl(http::Response::Json(403, text), "/_matrix/client/v3/login",
                                     "http://p")
                .body,
            text);
  EXPECT_EQ(RewriteHomeserverBaseUrl(http::Response::Json(200, R"({"user_id":"@a:hs"})"),
                                     "/_matrix/client/r0/login", "http://p")
                .body,
            R"({"user_id":"@a:hs"})");
  EXPECT_EQ(RewriteHomeserverBaseUrl(http::Response::Text(200, "nope"), "/_matrix/client/r0/login",
                                     "http://p")
                .body,
            "nope");
}

TEST(ErrorToHttpTest, TransportFailures) {
  EXPECT_EQ(ErrorToHttp(absl::UnavailableError("x")).status, 502);
  EXPECT_EQ(ErrorToHttp(absl::DeadlineExceededError("x")).status, 504);
  EXPECT_EQ(ErrorToHttp(absl::InvalidArgumentError("the request body is not JSON")).status, 400);
  EXPECT_EQ(
      nlohmann::json::parse(
          ErrorToHttp(absl::InvalidArgumentError("the request body is not JSON")).body)["errcode"],
      "M_NOT_JSON");
  EXPECT_EQ(ErrorToHttp(absl::UnimplementedError("x")).status, 405);
  EXPECT_EQ(ErrorToHttp(absl::UnauthenticatedError("x")).status, 401);
}

}  // namespace
}  // namespace mxedge::coap_cli
