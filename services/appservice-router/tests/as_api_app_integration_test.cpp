// The whole App (admin port, startup retry, AS API, drain) on a real redis-server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "absl/strings/match.h"
#include "app.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/testing/redis_server.hpp"

namespace mxedge::appservice_router {
namespace {

class NoQueries final : public SinkQueries {
 public:
  absl::StatusOr<v1::QueryUserReply> QueryUser(const SinkRef&,
                                               const v1::QueryUserRequest&) override {
    return v1::QueryUserReply();
  }
  absl::StatusOr<v1::QueryAliasReply> QueryAlias(const SinkRef&,
                                                 const v1::QueryAliasRequest&) override {
    return v1::QueryAliasReply();
  }
  absl::StatusOr<v1::ThirdPartyProtocolReply> ThirdPartyProtocol(
      const SinkRef&, const v1::ThirdPartyProtocolRequest&) override {
    return v1::ThirdPartyProtocolReply();
  }
  absl::StatusOr<v1::ThirdPartyLookupReply> ThirdPartyLookup(
      const SinkRef&, const v1::ThirdPartyLookupRequest&) override {
    return v1::ThirdPartyLookupReply();
  }
};

Config TestConfig(const std::string& redis_url) {
  Config config;
  config.redis.url = redis_url;
  config.homeserver.as_token = "as";
  config.homeserver.hs_token = "hs";
  config.grpc.internal_token = "internal";
  config.http.listen_address = "127.0.0.1";
  config.http.port = 0;
  config.admin.listen_address = "127.0.0.1";
  config.admin.port = 0;
  config.grpc.client_api_listen = "127.0.0.1:0";
  config.grpc.matrix_out_listen = "127.0.0.1:0";
  config.dispatch.heartbeat_interval = std::chrono::milliseconds(100);
  config.dispatch.shard_lease_ttl = std::chrono::milliseconds(1000);
  return config;
}

bool WaitFor(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) {
      return true;
    }
    std::this_thread::yield();
  }
  return condition();
}

TEST(AppIntegrationTest, ServesAfterRedisIsUsableAndDrainsOnStop) {
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  NoQueries queries;
  absl::StatusOr<std::unique_ptr<App>> app = App::Create(TestConfig((*redis)->url()), &queries);
  ASSERT_TRUE(app.ok()) << app.status();
  absl::Status started = (*app)->Start();
  ASSERT_TRUE(started.ok()) << started;
  ASSERT_TRUE(WaitFor([&] { return (*app)->as_api_port() != 0; }));
  EXPECT_GT((*app)->client_api_port(), 0);
  EXPECT_GT((*app)->matrix_out_port(), 0);
  http::CurlHttpClient client;
  std::string readyz = "http://127.0.0.1:" + std::to_string((*app)->admin_port()) + "/readyz";
  EXPECT_TRUE(WaitFor([&] {
    absl::StatusOr<http::Response> ready = client.Send({"GET", readyz, {}, ""});
    return ready.ok() && ready->status == 200;
  }));
  http::ClientRequest put;
  put.method = "PUT";
  put.url = "http://127.0.0.1:" + std::to_string((*app)->as_api_port()) +
            "/transactions/1?access_token=hs";
  put.body =
      R"({"events":[{"event_id":"$1","room_id":"!r:x","sender":"@a:x","type":"m.room.message","content":{}}]})";
  absl::StatusOr<http::Response> stored = client.Send(put);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->status, 200);
  absl::StatusOr<http::Response> metrics = client.Send(
      {"GET", "http://127.0.0.1:" + std::to_string((*app)->admin_port()) + "/metrics", {}, ""});
  ASSERT_TRUE(metrics.ok());
  EXPECT_THAT(
      metrics->body,
      ::testing::HasSubstr("mxedge_appservice_router_transactions_total{outcome=\"stored\"} 1"));
  (*app)->Stop(std::chrono::seconds(5));
  EXPECT_FALSE(client.Send(put).ok());
}

TEST(AppIntegrationTest, EvictingRedisKeepsTheAppUnreadyAndSaysWhy) {
  testing::RedisServerOptions options;
  options.maxmemory_policy = "allkeys-lru";
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis =
      testing::RedisServer::Start(options);
  ASSERT_TRUE(redis.ok()) << redis.status();
  NoQueries queries;
  absl::StatusOr<std::unique_ptr<App>> app = App::Create(TestConfig((*redis)->url()), &queries);
  ASSERT_TRUE(app.ok());
  absl::Status started = (*app)->Start();
  ASSERT_TRUE(started.ok()) << started;
  ASSERT_TRUE(WaitFor(
      [&] { return (*app)->IntakeReady().code() == absl::StatusCode::kFailedPrecondition; }));
  EXPECT_THAT((*app)->IntakeReady().message(), ::testing::HasSubstr("allkeys-lru"));
  EXPECT_EQ((*app)->as_api_port(), 0);
  http::CurlHttpClient client;
  absl::StatusOr<http::Response> ready = client.Send(
      {"GET", "http://127.0.0.1:" + std::to_string((*app)->admin_port()) + "/readyz", {}, ""});
  ASSERT_TRUE(ready.ok());
  EXPECT_EQ(ready->status, 503);
  EXPECT_THAT(ready->body, ::testing::HasSubstr("intake"));
  (*app)->Stop(std::chrono::seconds(1));
}

TEST(AppIntegrationTest, AsApiPortInUseKeepsTheAppUnreadyAndSaysWhy) {
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  http::HttpServer occupant(http::HttpServerOptions{});
  ASSERT_TRUE(occupant.Start().ok());
  Config config = TestConfig((*redis)->url());
  config.http.port = occupant.port();
  NoQueries queries;
  absl::StatusOr<std::unique_ptr<App>> app = App::Create(config, &queries);
  ASSERT_TRUE(app.ok());
  ASSERT_TRUE((*app)->Start().ok());
  ASSERT_TRUE(
      WaitFor([&] { return absl::StrContains((*app)->IntakeReady().message(), "http.port"); }));
  EXPECT_EQ((*app)->as_api_port(), 0);
  (*app)->Stop(std::chrono::seconds(1));
  (void)occupant.Shutdown(std::chrono::seconds(1));
}

TEST(AppIntegrationTest, BadRedisUrlIsAConfigError) {
  NoQueries queries;
  absl::StatusOr<std::unique_ptr<App>> app = App::Create(TestConfig("http://nope"), &queries);
  ASSERT_FALSE(app.ok());
  EXPECT_THAT(app.status().message(), ::testing::HasSubstr("redis.url"));
}

}  // namespace
}  // namespace mxedge::appservice_router
