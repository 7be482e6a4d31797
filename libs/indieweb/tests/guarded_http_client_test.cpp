#include "mxedge/indieweb/guarded_http_client.hpp"

#include <gtest/gtest.h>

#include "mxedge/http/fake_http_client.hpp"

namespace mxedge::indieweb {
namespace {

using http::ClientRequest;
using http::Response;

Response Redirect(int status, std::string location) {
  Response r;
  r.status = status;
  r.headers.emplace("Location", std::move(location));
  return r;
}

class GuardedHttpClientTest : public ::testing::Test {
 protected:
  GuardedHttpClientTest() : guard_(resolver_), client_(fake_, guard_) {
    resolver_.Set("a.example", {*IpAddress::Parse("93.184.216.34")});
    resolver_.Set("b.example", {*IpAddress::Parse("93.184.216.35")});
    resolver_.Set("evil.example", {*IpAddress::Parse("10.0.0.1")});
  }
  FakeResolver resolver_;
  UrlGuard guard_;
  http::FakeHttpClient fake_;
  GuardedHttpClient client_;
};

TEST_F(GuardedHttpClientTest, SendPinsAddressAndCapsTheCall) {
  fake_.Enqueue("GET", "https://a.example/", Response::Text(200, "hi"));
  auto response = client_.Send(ClientRequest{"GET", "https://a.example/"});
  ASSERT_TRUE(response.ok()) << response.status();
  const ClientRequest sent = fake_.requests().at(0);
  EXPECT_EQ(sent.connect_address, "93.184.216.34");
  EXPECT_EQ(sent.timeout.count(), 15'000);
  EXPECT_EQ(sent.max_response_bytes, size_t{1} << 20);
}

TEST_F(GuardedHttpClientTest, SendRefusesWithoutCallingAndNeverFollows) {
  auto refused = client_.Send(ClientRequest{"GET", "https://evil.example/"});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(fake_.request_count(), 0u);
  fake_.Enqueue("GET", "https://a.example/mp", Redirect(302, "/login"));
  auto response = client_.Send(ClientRequest{"GET", "https://a.example/mp"});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 302);
  EXPECT_EQ(fake_.request_count(), 1u);
}

TEST_F(GuardedHttpClientTest, FetchFollowsRelativeRedirectsAndRecordsTheChain) {
  fake_.Enqueue("GET", "https://a.example/start", Redirect(301, "/next"));
  fake_.Enqueue("GET", "https://a.example/next", Redirect(302, "https://b.example/final"));
  fake_.Enqueue("GET", "https://b.example/final", Response::Text(200, "done"));
  ClientRequest request{"GET", "https://a.example/start", {{"Authorization", "Bearer t"}}};
  auto result = client_.Fetch(request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->final_url, "https://b.example/final");
  EXPECT_EQ(result->response.body, "done");
  EXPECT_EQ(result->urls,
            (std::vector<std::string>{"https://a.example/start", "https://a.example/next",
                                      "https://b.example/final"}));
  const auto sent = fake_.requests();
  EXPECT_TRUE(http::FindHeader(sent[1].headers, "Authorization").has_value());
  EXPECT_FALSE(http::FindHeader(sent[2].headers, "Authorization").has_value());
  EXPECT_EQ(sent[2].connect_address, "93.184.216.35");
}

TEST_F(GuardedHttpClientTest, FetchRechecksEveryHop) {
  fake_.Enqueue("GET", "https://a.example/", Redirect(302, "http://evil.example/admin"));
  auto result = client_.Fetch(ClientRequest{"GET", "https://a.example/"});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kPermissionDenied);
  fake_.Enqueue("GET", "https://a.example/", Redirect(302, "http://169.254.169.254/"));
  EXPECT_EQ(client_.Fetch(ClientRequest{"GET", "https://a.example/"}).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(fake_.request_count(), 2u);
}

TEST_F(GuardedHttpClientTest, FetchStopsAfterFiveRedirects) {
  for (int i = 0; i < 6; ++i) {
    fake_.Enqueue("GET", "https://a.example/", Redirect(302, "/loop" + std::to_string(i)));
  }
  auto result = client_.Fetch(ClientRequest{"GET", "https://a.example/"});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(fake_.request_count(), 6u);  // the first request and five hops
}

TEST_F(GuardedHttpClientTest, FetchTurnsPostIntoGetOn303ButKeepsItOn307) {
  fake_.Enqueue("POST", "https://a.example/form", Redirect(303, "/done"));
  fake_.Enqueue("GET", "https://a.example/done", Response::Text(200, "ok"));
  ClientRequest post{"POST", "https://a.example/form", {{"Content-Type", "text/plain"}}, "body"};
  ASSERT_TRUE(client_.Fetch(post).ok());
  EXPECT_EQ(fake_.requests()[1].method, "GET");
  EXPECT_TRUE(fake_.requests()[1].body.empty());
  fake_.Clear();
  fake_.Enqueue("POST", "https://a.example/form", Redirect(307, "/again"));
  fake_.Enqueue("POST", "https://a.example/again", Response::Text(200, "ok"));
  ASSERT_TRUE(client_.Fetch(post).ok());
  EXPECT_EQ(fake_.requests()[1].body, "body");
}

}  // namespace
}  // namespace mxedge::indieweb
