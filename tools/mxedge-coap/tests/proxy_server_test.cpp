#include "proxy_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>

#include "mxedge/http/fake_http_client.hpp"
#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::coap_cli {
namespace {

using ::testing::ElementsAre;

// Records requests; answers them when the test says so.
class FakeTransport final : public CoapTransport {
 public:
  void Send(CoapRequest request, ResponseCallback callback) override {
    requests.push_back(std::move(request));
    callbacks.push_back(std::move(callback));
  }
  std::vector<CoapRequest> requests;
  std::deque<ResponseCallback> callbacks;
};

struct Captured {
  std::optional<http::Response> response;
  http::Responder responder{[this](http::Response r) { response = std::move(r); }};
};

http::Request MakeRequest(std::string method, std::string raw_path) {
  http::Request request;
  request.method = std::move(method);
  request.raw_path = std::move(raw_path);
  return request;
}

TEST(ProxyServerTest, CarriesRequestsOverCoapAndAnswersLater) {
  FakeTransport transport;
  ProxyServer proxy({}, transport, nullptr);
  http::Request request = MakeRequest("GET", "/_matrix/client/r0/sync");
  request.headers.emplace("Authorization", "Bearer tok");
  Captured first;
  Captured second;
  proxy.Handle(request, first.responder);
  proxy.Handle(MakeRequest("GET", "/_matrix/client/versions"), second.responder);
  ASSERT_EQ(transport.requests.size(), 2u);
  EXPECT_THAT(transport.requests[0].path, ElementsAre("7"));
  EXPECT_EQ(transport.requests[0].access_token, "tok");
  EXPECT_THAT(transport.requests[1].path, ElementsAre("0"));
  EXPECT_FALSE(first.response.has_value());

  // Answers in any order.
  CoapResponse versions;
  versions.code = msc3079::CoapCode(2, 5);
  versions.content_format = 60;
  versions.body = *msc3079::EncodeCbor(nlohmann::json{{"versions", {"v1.1"}}});
  transport.callbacks[1](versions);
  ASSERT_TRUE(second.response.has_value());
  EXPECT_EQ(second.response->status, 200);
  EXPECT_EQ(nlohmann::json::parse(second.response->body)["versions"][0], "v1.1");
  EXPECT_EQ(http::FindHeader(second.response->headers, "Access-Control-Allow-Origin"), "*");

  transport.callbacks[0](absl::DeadlineExceededError("slow"));
  ASSERT_TRUE(first.response.has_value());
  EXPECT_EQ(first.response->status, 504);
}

TEST(ProxyServerTest, BadRequestsAreAnsweredLocally) {
  FakeTransport transport;
  ProxyServer proxy({}, transport, nullptr);
  Captured captured;
  http::Request request = MakeRequest("POST", "/_matrix/client/r0/login");
  request.body = "nope";
  proxy.Handle(request, captured.responder);
  EXPECT_TRUE(transport.requests.empty());
  ASSERT_TRUE(captured.response.has_value());
  EXPECT_EQ(captured.response->status, 400);
  EXPECT_EQ(nlohmann::json::parse(captured.response->body)["errcode"], "M_NOT_JSON");
}

TEST(ProxyServerTest, OptionsIsACorsPreflight) {
  FakeTransport transport;
  ProxyServer proxy({}, transport, nullptr);
  Captured captured;
  proxy.Handle(MakeRequest("OPTIONS", "/_matrix/client/r0/login"), captured.responder);
  EXPECT_TRUE(transport.requests.empty());
  ASSERT_TRUE(captured.response.has_value());
  EXPECT_EQ(captured.response->status, 200);
  EXPECT_TRUE(
      http::FindHeader(captured.response->headers, "Access-Control-Allow-Headers").has_value());
}

TEST(ProxyServerTest, MediaWithoutUpstreamIsUnrecognized) {
  FakeTransport transport;
  ProxyServer proxy({}, transport, nullptr);
  Captured captured;
  proxy.Handle(MakeRequest("GET", "/_matrix/media/v3/download/hs/abc"), captured.responder);
  EXPECT_TRUE(transport.requests.empty());
  ASSERT_TRUE(captured.response.has_value());
  EXPECT_EQ(captured.response->status, 404);
  nlohmann::json body = nlohmann::json::parse(captured.response->body);
  EXPECT_EQ(body["errcode"], "M_UNRECOGNIZED");
  EXPECT_NE(body["error"].get<std::string>().find("--media-upstream"), std::string::npos);
}

TEST(ProxyServerTest, MediaGoesToTheUpstreamOverHttp) {
  FakeTransport transport;
  http::FakeHttpClient http_client;
  http::Response image;
  image.status = 200;
  image.body = "PNGDATA";
  http::SetHeader(image.headers, "Content-Type", "image/png");
  http::SetHeader(image.headers, "Set-Cookie", "dropped=1");
  http_client.Enqueue("GET", "http://hs:8008/_matrix/client/v1/media/download/hs/abc", image);
  MediaForwarder media(http_client, "http://hs:8008/");
  ProxyServer proxy({}, transport, &media);
  Captured captured;
  http::Request request = MakeRequest("GET", "/_matrix/client/v1/media/download/hs/abc");
  request.headers.emplace("Authorization", "Bearer tok");
  request.query = {{"allow_redirect", "true"}};
  proxy.Handle(request, captured.responder);
  ASSERT_TRUE(proxy.Shutdown(std::chrono::milliseconds(100)).ok());  // joins the media thread
  EXPECT_TRUE(transport.requests.empty());
  ASSERT_TRUE(captured.response.has_value());
  EXPECT_EQ(captured.response->status, 200);
  EXPECT_EQ(captured.response->body, "PNGDATA");
  EXPECT_EQ(http::FindHeader(captured.response->headers, "Content-Type"), "image/png");
  EXPECT_FALSE(http::FindHeader(captured.response->headers, "Set-Cookie").has_value());
  ASSERT_EQ(http_client.request_count(), 1u);
  const http::ClientRequest sent = http_client.requests().front();
  EXPECT_EQ(sent.url, "http://hs:8008/_matrix/client/v1/media/download/hs/abc?allow_redirect=true");
  EXPECT_EQ(http::FindHeader(sent.headers, "Authorization"), "Bearer tok");
}

TEST(ProxyServerTest, MediaUpstreamFailureIsBadGateway) {
  FakeTransport transport;
  http::FakeHttpClient http_client;
  http_client.SetDefault(absl::UnavailableError("refused"));
  MediaForwarder media(http_client, "http://hs:8008");
  EXPECT_EQ(media.Forward(MakeRequest("GET", "/_matrix/media/v3/config")).status, 502);
  http_client.SetDefault(absl::DeadlineExceededError("slow"));
  EXPECT_EQ(media.Forward(MakeRequest("GET", "/_matrix/media/v3/config")).status, 504);
}

}  // namespace
}  // namespace mxedge::coap_cli
