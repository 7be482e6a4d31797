// The AS API on a real HttpServer with the Redis intake on a real redis-server, driven by curl
// and by the AsPusher in both homeserver styles.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "as_api.hpp"
#include "intake_crc32.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/http_server.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/redis/stream_commands.hpp"
#include "mxedge/testing/as_pusher.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "redis_intake_store.hpp"

namespace mxedge::appservice_router {
namespace {

using ::testing::HasSubstr;

constexpr char kToken[] = "hs-secret-token";
constexpr char kPrefix[] = "/_matrix/app/v1";

// Answers from a fixed set of existing users and aliases.
class FakeSinkQueries final : public SinkQueries {
 public:
  absl::StatusOr<v1::QueryUserReply> QueryUser(const SinkRef&,
                                               const v1::QueryUserRequest& request) override {
    ++calls;
    v1::QueryUserReply reply;
    reply.set_exists(request.user_id() == "@irc_libera_alice:example.org");
    return reply;
  }
  absl::StatusOr<v1::QueryAliasReply> QueryAlias(const SinkRef&,
                                                 const v1::QueryAliasRequest& request) override {
    ++calls;
    if (request.alias() == "#irc_libera_down:example.org") {
      return absl::UnavailableError("sink down");
    }
    v1::QueryAliasReply reply;
    reply.set_exists(request.alias() == "#irc_libera_matrix:example.org");
    return reply;
  }
  absl::StatusOr<v1::ThirdPartyProtocolReply> ThirdPartyProtocol(
      const SinkRef&, const v1::ThirdPartyProtocolRequest&) override {
    ++calls;
    v1::ThirdPartyProtocolReply reply;
    reply.add_user_fields("network");
    reply.add_user_fields("nickname");
    reply.add_location_fields("network");
    reply.add_location_fields("channel");
    v1::ThirdPartyProtocolInstance* instance = reply.add_instances();
    instance->set_desc("Libera.Chat");
    instance->set_network_id("libera");
    return reply;
  }
  absl::StatusOr<v1::ThirdPartyLookupReply> ThirdPartyLookup(
      const SinkRef&, const v1::ThirdPartyLookupRequest& request) override {
    ++calls;
    last_lookup = request;
    v1::ThirdPartyLookupReply reply;
    v1::ThirdPartyResult* result = reply.add_results();
    result->set_matrix_id("#irc_libera_matrix:example.org");
    result->set_protocol("irc");
    (*result->mutable_fields())["channel"] = "#matrix";
    return reply;
  }

  std::atomic<int> calls{0};
  v1::ThirdPartyLookupRequest last_lookup;
};

class AsApiIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override { Build(/*ephemeral_subscriber=*/false, size_t{64} << 20); }

  void Build(bool ephemeral_subscriber, size_t max_body_bytes) {
    server_.reset();
    api_.reset();
    if (!redis_server_) {
      absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Start();
      ASSERT_TRUE(redis.ok()) << redis.status();
      redis_server_ = std::move(*redis);
      redis::HiredisOptions options;
      options.url = redis_server_->url();
      options.backoff_min = std::chrono::milliseconds(10);
      options.backoff_max = std::chrono::milliseconds(100);
      absl::StatusOr<std::unique_ptr<redis::HiredisClient>> client =
          redis::HiredisClient::Create(options);
      ASSERT_TRUE(client.ok());
      redis_ = std::move(*client);
      store_ = std::make_unique<RedisIntakeStore>(RedisIntakeStoreOptions{}, *redis_);
      ASSERT_TRUE(store_->Prepare().ok());
    }
    config_.homeserver.server_name = "example.org";
    IrcNetworkConfig libera;
    libera.id = "libera";
    libera.receive_ephemeral = ephemeral_subscriber;
    config_.irc_networks = {libera};
    absl::StatusOr<Namespaces> ns = Namespaces::Create(config_);
    ASSERT_TRUE(ns.ok());
    namespaces_ = std::make_unique<Namespaces>(*ns);
    AsApiOptions options;
    options.hs_token = kToken;
    options.max_body_bytes = max_body_bytes;
    api_ = std::make_unique<AsApi>(options, *namespaces_, *store_, queries_, executor_, metrics_,
                                   clock_);
    http::HttpServerOptions server_options;
    server_options.max_body_bytes = max_body_bytes;
    server_ = std::make_unique<http::HttpServer>(server_options);
    api_->Register(*server_);
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override {
    executor_.Stop();  // answers every queued request while the AsApi still exists
    if (server_) {
      (void)server_->Shutdown(std::chrono::seconds(5));
    }
  }

  http::Response Send(std::string method, std::string path, std::string body = "",
                      std::optional<std::string> bearer = std::nullopt) {
    http::ClientRequest request;
    request.method = std::move(method);
    request.url = server_->base_url() + path;
    request.body = std::move(body);
    if (bearer) {
      http::SetHeader(request.headers, "Authorization", "Bearer " + *bearer);
    }
    absl::StatusOr<http::Response> response = client_.Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : http::Response{};
  }

  static std::string Errcode(const http::Response& response) {
    nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    return body.is_object() && body.contains("errcode") ? body["errcode"].get<std::string>() : "";
  }

  static nlohmann::json RoomEvent(const std::string& id, const std::string& room, int64_t age) {
    return {{"event_id", id},
            {"room_id", room},
            {"sender", "@alice:example.org"},
            {"type", "m.room.message"},
            {"origin_server_ts", 1700000000000},
            {"content", {{"msgtype", "m.text"}, {"body", "hi " + id}}},
            {"unsigned", {{"age", age}}}};
  }

  static std::string Txn(const std::vector<nlohmann::json>& events,
                         nlohmann::json ephemeral = nlohmann::json::array()) {
    nlohmann::json body = {{"events", events}};
    if (!ephemeral.empty()) {
      body["de.sorunome.msc2409.ephemeral"] = ephemeral;
    }
    return body.dump();
  }

  // Entries in every shard.
  std::vector<redis::StreamEntry> AllEntries() {
    std::vector<redis::StreamEntry> out;
    for (int shard = 0; shard < 16; ++shard) {
      absl::StatusOr<std::vector<redis::StreamEntry>> entries =
          redis::XRange(*redis_, ShardStreamKey("mxedge:", shard));
      EXPECT_TRUE(entries.ok()) << entries.status();
      if (entries.ok()) {
        out.insert(out.end(), entries->begin(), entries->end());
      }
    }
    return out;
  }

  std::unique_ptr<testing::RedisServer> redis_server_;
  std::unique_ptr<redis::HiredisClient> redis_;
  std::unique_ptr<RedisIntakeStore> store_;
  Config config_;
  std::unique_ptr<Namespaces> namespaces_;
  FakeSinkQueries queries_;
  rpc::BoundedExecutor executor_{rpc::BoundedExecutorOptions{2, 64}};
  common::MetricsRegistry registry_;
  RouterMetrics metrics_{registry_};
  testing::FakeClock clock_;
  std::unique_ptr<AsApi> api_;
  std::unique_ptr<http::HttpServer> server_;
  http::CurlHttpClient client_;
};

TEST_F(AsApiIntegrationTest, TokenCasesOnBothPathForms) {
  std::string body = Txn({RoomEvent("$a", "!r:example.org", 1)});
  int txn = 0;
  for (std::string base :
       {std::string(kPrefix) + "/transactions/", std::string("/transactions/")}) {
    auto path = [&](std::string query) { return base + std::to_string(++txn) + query; };
    http::Response missing = Send("PUT", path(""), body);
    EXPECT_EQ(missing.status, 401) << base;
    EXPECT_EQ(Errcode(missing), "M_UNAUTHORIZED");
    http::Response wrong = Send("PUT", path(""), body, "nope");
    EXPECT_EQ(wrong.status, 403) << base;
    EXPECT_EQ(Errcode(wrong), "M_FORBIDDEN");
    EXPECT_EQ(Send("PUT", path("?access_token=nope"), body).status, 403) << base;
    EXPECT_EQ(Send("PUT", path(""), body, kToken).status, 200) << base;
    EXPECT_EQ(Send("PUT", path(std::string("?access_token=") + kToken), body).status, 200) << base;
    EXPECT_EQ(Send("PUT", path(std::string("?access_token=") + kToken), body, kToken).status, 200)
        << base;
    http::Response differing = Send("PUT", path("?access_token=other"), body, kToken);
    EXPECT_EQ(differing.status, 403) << base;
    EXPECT_EQ(Errcode(differing), "M_FORBIDDEN");
    EXPECT_EQ(Send("PUT", path(std::string("?access_token=") + kToken), body, "other").status, 403)
        << base;
  }
  for (std::string users : {std::string(kPrefix) + "/users/", std::string("/users/")}) {
    EXPECT_EQ(Send("GET", users + "%40x%3Aexample.org").status, 401);
    EXPECT_EQ(Send("GET", users + "%40x%3Aexample.org", "", "bad").status, 403);
  }
  EXPECT_EQ(queries_.calls.load(), 0);
}

TEST_F(AsApiIntegrationTest, StoresEachEventInItsShardBeforeAnswering) {
  http::Response response = Send(
      "PUT", std::string(kPrefix) + "/transactions/7",
      Txn({RoomEvent("$1", "!a:example.org", 5), RoomEvent("$2", "!b:example.org", 5)}), kToken);
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{}");
  int shard = static_cast<int>(Crc32("!a:example.org") % 16);
  absl::StatusOr<std::vector<redis::StreamEntry>> entries =
      redis::XRange(*redis_, ShardStreamKey("mxedge:", shard));
  ASSERT_TRUE(entries.ok());
  ASSERT_FALSE(entries->empty());
  const redis::StreamEntry& entry = entries->front();
  EXPECT_EQ(entry.Field("kind"), "room");
  EXPECT_EQ(entry.Field("txn"), "7");
  EXPECT_EQ(entry.Field("received_ms"), std::to_string(testing::FakeClock::kDefaultStartUnixMs));
  nlohmann::json event = nlohmann::json::parse(std::string(*entry.Field("event")));
  EXPECT_EQ(event["event_id"], "$1");
  EXPECT_EQ(event["room_id"], "!a:example.org");
  EXPECT_EQ(AllEntries().size(), 2u);
  absl::StatusOr<std::optional<std::string>> marker = redis::Get(*redis_, "mxedge:as:txn:7");
  ASSERT_TRUE(marker.ok());
  EXPECT_TRUE(marker->has_value());
  absl::StatusOr<redis::Reply> ttl = redis::Call(*redis_, {"PTTL", "mxedge:as:txn:7"});
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT(ttl->integer(), 23 * 3600 * 1000);
}

TEST_F(AsApiIntegrationTest, RetryWithChangedAgeIsStoredOnce) {
  std::string path = std::string(kPrefix) + "/transactions/3";
  ASSERT_EQ(Send("PUT", path, Txn({RoomEvent("$x", "!a:example.org", 10)}), kToken).status, 200);
  ASSERT_EQ(Send("PUT", path, Txn({RoomEvent("$x", "!a:example.org", 900)}), kToken).status, 200);
  EXPECT_EQ(AllEntries().size(), 1u);
}

TEST_F(AsApiIntegrationTest, ModernPusherDeliversEverythingOnce) {
  testing::AsPusher pusher({server_->base_url(), kToken, testing::AsApiStyle::kModern, 5}, client_);
  std::vector<nlohmann::json> events;
  for (int i = 0; i < 12; ++i) {
    events.push_back(
        RoomEvent("$m" + std::to_string(i), "!room" + std::to_string(i % 3) + ":x", 0));
  }
  pusher.EnqueueEvents(events);
  ASSERT_TRUE(pusher.WaitForDelivered(3, std::chrono::seconds(20)));
  EXPECT_EQ(AllEntries().size(), 12u);
  for (const testing::PushAttempt& attempt : pusher.attempts()) {
    EXPECT_THAT(attempt.url_path, HasSubstr("/_matrix/app/v1/transactions/"));
  }
}

TEST_F(AsApiIntegrationTest, Synapse167RestartedTxnIdsAreStoredAsNew) {
  testing::AsPusher pusher({server_->base_url(), kToken, testing::AsApiStyle::kSynapse167, 50},
                           client_);
  pusher.EnqueueEvents({RoomEvent("$s1", "!a:x", 0), RoomEvent("$s2", "!a:x", 0)});
  ASSERT_TRUE(pusher.WaitForDelivered(1, std::chrono::seconds(20)));
  pusher.SimulateRestart();
  pusher.EnqueueEvents({RoomEvent("$s3", "!a:x", 0)});
  ASSERT_TRUE(pusher.WaitForDelivered(2, std::chrono::seconds(20)));
  std::vector<testing::PushAttempt> attempts = pusher.attempts();
  ASSERT_GE(attempts.size(), 2u);
  EXPECT_EQ(attempts.front().txn_id, attempts.back().txn_id);
  EXPECT_THAT(attempts.back().url_path,
              ::testing::EndsWith(":" + std::to_string(server_->port()) + "/transactions/" +
                                  attempts.back().txn_id));
  std::vector<redis::StreamEntry> entries = AllEntries();
  ASSERT_EQ(entries.size(), 3u);
}

TEST_F(AsApiIntegrationTest, RedisDownAnswers503ThenTheRetryIsStoredOnce) {
  ASSERT_TRUE(redis_server_->Stop().ok());
  testing::AsPusher pusher({server_->base_url(), kToken, testing::AsApiStyle::kModern, 50,
                            std::chrono::milliseconds(20), std::chrono::milliseconds(100)},
                           client_);
  pusher.EnqueueEvents({RoomEvent("$d1", "!a:x", 0), RoomEvent("$d2", "!b:x", 0)});
  auto saw_503 = [&] {
    for (const testing::PushAttempt& attempt : pusher.attempts()) {
      if (attempt.status == 503) {
        return true;
      }
    }
    return false;
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!saw_503() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  ASSERT_TRUE(saw_503());
  EXPECT_EQ(pusher.transactions_delivered(), 0u);
  ASSERT_TRUE(redis_server_->Restart().ok());
  ASSERT_TRUE(pusher.WaitForDelivered(1, std::chrono::seconds(20)));
  EXPECT_EQ(AllEntries().size(), 2u);
}

TEST_F(AsApiIntegrationTest, MalformedBodiesAndUnknownRoutes) {
  std::string path = std::string(kPrefix) + "/transactions/9";
  http::Response not_json = Send("PUT", path, "{nope", kToken);
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(Errcode(not_json), "M_NOT_JSON");
  http::Response bad_shape = Send("PUT", path, R"({"events":{}})", kToken);
  EXPECT_EQ(bad_shape.status, 400);
  EXPECT_EQ(Errcode(bad_shape), "M_BAD_JSON");
  http::Response wrong_method = Send("GET", path, "", kToken);
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(Errcode(wrong_method), "M_UNRECOGNIZED");
  http::Response unknown = Send("GET", std::string(kPrefix) + "/nothing", "", kToken);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Errcode(unknown), "M_UNRECOGNIZED");
  EXPECT_TRUE(AllEntries().empty());
}

TEST_F(AsApiIntegrationTest, BodyOverTheLimitIsRefused) {
  Build(false, 4096);
  std::string big = Txn({RoomEvent("$big", "!a:x", 0)});
  big.insert(big.size() - 1, ",\"pad\":\"" + std::string(8192, 'x') + "\"");
  http::Response response = Send("PUT", std::string(kPrefix) + "/transactions/1", big, kToken);
  EXPECT_EQ(response.status, 413);
  EXPECT_TRUE(AllEntries().empty());
}

TEST_F(AsApiIntegrationTest, EphemeralEventsGoOnlyToSubscribers) {
  nlohmann::json typing = {{"type", "m.typing"},
                           {"room_id", "!a:x"},
                           {"content", {{"user_ids", {"@alice:example.org"}}}}};
  ASSERT_EQ(Send("PUT", std::string(kPrefix) + "/transactions/1",
                 Txn({}, nlohmann::json::array({typing})), kToken)
                .status,
            200);
  EXPECT_TRUE(AllEntries().empty());
  EXPECT_THAT(registry_.RenderText(),
              HasSubstr("mxedge_appservice_router_intake_ephemeral_dropped_total 1"));

  Build(/*ephemeral_subscriber=*/true, size_t{64} << 20);
  ASSERT_EQ(Send("PUT", std::string(kPrefix) + "/transactions/2",
                 Txn({}, nlohmann::json::array({typing})), kToken)
                .status,
            200);
  std::vector<redis::StreamEntry> entries = AllEntries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].Field("kind"), "ephemeral");
  EXPECT_EQ(entries[0].Field("sinks"), "irc:libera");
}

TEST_F(AsApiIntegrationTest, UserAndAliasQueriesAskTheOwningSink) {
  testing::AsPusher modern({server_->base_url(), kToken, testing::AsApiStyle::kModern}, client_);
  testing::AsPusher legacy({server_->base_url(), kToken, testing::AsApiStyle::kSynapse167},
                           client_);
  for (testing::AsPusher* pusher : {&modern, &legacy}) {
    absl::StatusOr<http::Response> exists = pusher->QueryUser("@irc_libera_alice:example.org");
    ASSERT_TRUE(exists.ok());
    EXPECT_EQ(exists->status, 200);
    EXPECT_EQ(exists->body, "{}");
    absl::StatusOr<http::Response> missing = pusher->QueryUser("@irc_libera_bob:example.org");
    ASSERT_TRUE(missing.ok());
    EXPECT_EQ(missing->status, 404);
    EXPECT_EQ(Errcode(*missing), "M_NOT_FOUND");
    absl::StatusOr<http::Response> room = pusher->QueryAlias("#irc_libera_matrix:example.org");
    ASSERT_TRUE(room.ok());
    EXPECT_EQ(room->status, 200);
  }
  int before = queries_.calls.load();
  absl::StatusOr<http::Response> foreign = modern.QueryUser("@alice:example.org");
  ASSERT_TRUE(foreign.ok());
  EXPECT_EQ(foreign->status, 404);
  EXPECT_EQ(queries_.calls.load(), before);
  absl::StatusOr<http::Response> down = modern.QueryAlias("#irc_libera_down:example.org");
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(down->status, 503);
}

TEST_F(AsApiIntegrationTest, ThirdPartyLookupsAndPing) {
  http::Response protocol =
      Send("GET", std::string(kPrefix) + "/thirdparty/protocol/irc", "", kToken);
  ASSERT_EQ(protocol.status, 200);
  nlohmann::json body = nlohmann::json::parse(protocol.body);
  EXPECT_EQ(body["location_fields"], nlohmann::json::array({"network", "channel"}));
  EXPECT_EQ(body["instances"][0]["network_id"], "libera");
  EXPECT_EQ(Send("GET", std::string(kPrefix) + "/thirdparty/protocol/xmpp", "", kToken).status,
            404);
  http::Response location =
      Send("GET", std::string(kPrefix) + "/thirdparty/location/irc?channel=%23matrix", "", kToken);
  ASSERT_EQ(location.status, 200);
  EXPECT_EQ(nlohmann::json::parse(location.body)[0]["alias"], "#irc_libera_matrix:example.org");
  ASSERT_EQ(queries_.last_lookup.fields_size(), 1);
  EXPECT_EQ(queries_.last_lookup.fields(0).value(), "#matrix");
  http::Response reverse = Send(
      "GET", std::string(kPrefix) + "/thirdparty/user?userid=%40irc_libera_alice%3Aexample.org", "",
      kToken);
  ASSERT_EQ(reverse.status, 200);
  EXPECT_EQ(queries_.last_lookup.kind(), v1::THIRD_PARTY_LOOKUP_KIND_USER_BY_MATRIX_ID);
  http::Response no_param = Send("GET", std::string(kPrefix) + "/thirdparty/location", "", kToken);
  EXPECT_EQ(no_param.status, 400);
  EXPECT_EQ(Errcode(no_param), "M_MISSING_PARAM");
  EXPECT_EQ(
      Send("POST", std::string(kPrefix) + "/ping", R"({"transaction_id":"t"})", kToken).status,
      200);
}

}  // namespace
}  // namespace mxedge::appservice_router
