// AsApi handlers driven directly (no server, no network) with the in-memory intake store.
#include "as_api.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

#include <nlohmann/json.hpp>

#include "intake_in_memory_store.hpp"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::appservice_router {
namespace {

class CountingQueries final : public SinkQueries {
 public:
  absl::StatusOr<v1::QueryUserReply> QueryUser(const SinkRef& sink,
                                               const v1::QueryUserRequest& request) override {
    last_sink = sink.Name();
    v1::QueryUserReply reply;
    reply.set_exists(request.user_id() == "@irc_libera_alice:example.org");
    return reply;
  }
  absl::StatusOr<v1::QueryAliasReply> QueryAlias(const SinkRef&,
                                                 const v1::QueryAliasRequest&) override {
    return absl::DeadlineExceededError("sink slow");
  }
  absl::StatusOr<v1::ThirdPartyProtocolReply> ThirdPartyProtocol(
      const SinkRef&, const v1::ThirdPartyProtocolRequest&) override {
    return v1::ThirdPartyProtocolReply();
  }
  absl::StatusOr<v1::ThirdPartyLookupReply> ThirdPartyLookup(
      const SinkRef&, const v1::ThirdPartyLookupRequest&) override {
    return v1::ThirdPartyLookupReply();
  }
  std::string last_sink;
};

class AsApiTest : public ::testing::Test {
 protected:
  AsApiTest() {
    config_.homeserver.server_name = "example.org";
    IrcNetworkConfig libera;
    libera.id = "libera";
    config_.irc_networks = {libera};
    namespaces_ = std::make_unique<Namespaces>(*Namespaces::Create(config_));
    api_ = std::make_unique<AsApi>(AsApiOptions{"secret"}, *namespaces_, store_, queries_,
                                   executor_, metrics_, clock_);
  }
  ~AsApiTest() override { executor_.Stop(); }

  static http::Request Put(std::string txn, std::string body) {
    http::Request request;
    request.method = "PUT";
    request.route = "/_matrix/app/v1/transactions/:txnId";
    request.params["txnId"] = std::move(txn);
    request.body = std::move(body);
    request.received_at = std::chrono::steady_clock::now();
    return request;
  }

  // Runs a handler and waits for its answer.
  http::Response Call(void (AsApi::*handler)(const http::Request&, http::Responder),
                      const http::Request& request) {
    std::promise<http::Response> answer;
    std::future<http::Response> future = answer.get_future();
    (api_.get()->*handler)(request, http::Responder([&answer](http::Response response) {
                             answer.set_value(std::move(response));
                           }));
    return future.get();
  }

  static std::string Errcode(const http::Response& response) {
    return nlohmann::json::parse(response.body).value("errcode", "");
  }

  static std::string OneEvent(const std::string& id, const std::string& room) {
    return nlohmann::json{{"events",
                           {{{"event_id", id},
                             {"room_id", room},
                             {"sender", "@a:example.org"},
                             {"type", "m.room.message"},
                             {"content", nlohmann::json::object()}}}}}
        .dump();
  }

  Config config_;
  std::unique_ptr<Namespaces> namespaces_;
  InMemoryIntakeStore store_{16};
  CountingQueries queries_;
  rpc::BoundedExecutor executor_{rpc::BoundedExecutorOptions{1, 8}};
  common::MetricsRegistry registry_;
  RouterMetrics metrics_{registry_};
  testing::FakeClock clock_;
  std::unique_ptr<AsApi> api_;
};

TEST_F(AsApiTest, TokenChecks) {
  http::Request request = Put("1", "{}");
  absl::Status missing = api_->CheckToken(request);
  EXPECT_EQ(missing.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(common::MatrixErrcodeFor(missing), "M_UNAUTHORIZED");
  request.headers.emplace("Authorization", "Bearer secret");
  EXPECT_TRUE(api_->CheckToken(request).ok());
  request.query.emplace("access_token", "secret");
  EXPECT_TRUE(api_->CheckToken(request).ok());
  request.query.clear();
  request.query.emplace("access_token", "other");
  EXPECT_EQ(common::MatrixErrcodeFor(api_->CheckToken(request)), "M_FORBIDDEN");
  request.headers.clear();
  EXPECT_EQ(common::MatrixErrcodeFor(api_->CheckToken(request)), "M_FORBIDDEN");
  request.headers.emplace("Authorization", "Basic c2VjcmV0");
  request.query.clear();
  EXPECT_EQ(api_->CheckToken(request).code(), absl::StatusCode::kUnauthenticated);
  request.headers.clear();
  request.headers.emplace("authorization", "bearer secret");
  EXPECT_TRUE(api_->CheckToken(request).ok());
}

TEST_F(AsApiTest, StoresRoomEventsInTheirShardAndAnswersEmptyObject) {
  http::Response response =
      Call(&AsApi::HandleTransaction, Put("1", OneEvent("$e1", "!room:example.org")));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{}");
  std::vector<IntakeEntry> shard = store_.Shard(ShardFor("!room:example.org", 16));
  ASSERT_EQ(shard.size(), 1u);
  EXPECT_FALSE(shard[0].ephemeral);
  EXPECT_EQ(nlohmann::json::parse(shard[0].json)["event_id"], "$e1");
  EXPECT_FALSE(store_.MarkerOf("1").empty());
}

TEST_F(AsApiTest, RetryIsStoredOnceAndReusedIdAgain) {
  EXPECT_EQ(Call(&AsApi::HandleTransaction, Put("1", OneEvent("$e1", "!r:x"))).status, 200);
  EXPECT_EQ(Call(&AsApi::HandleTransaction, Put("1", OneEvent("$e1", "!r:x"))).status, 200);
  EXPECT_EQ(store_.TotalEntries(), 1u);
  EXPECT_EQ(Call(&AsApi::HandleTransaction, Put("1", OneEvent("$e2", "!r:x"))).status, 200);
  EXPECT_EQ(store_.TotalEntries(), 2u);
  std::string metrics = registry_.RenderText();
  EXPECT_THAT(metrics, ::testing::HasSubstr("transactions_total{outcome=\"duplicate\"} 1"));
  EXPECT_THAT(metrics, ::testing::HasSubstr("transactions_total{outcome=\"replaced\"} 1"));
}

TEST_F(AsApiTest, StoreFailureIs503WithRetryAfter) {
  store_.SetFailure(absl::UnavailableError("redis down"));
  http::Response response = Call(&AsApi::HandleTransaction, Put("1", OneEvent("$e1", "!r:x")));
  EXPECT_EQ(response.status, 503);
  EXPECT_TRUE(http::FindHeader(response.headers, "Retry-After").has_value());
  EXPECT_THAT(response.body, ::testing::Not(::testing::HasSubstr("redis down")));
}

TEST_F(AsApiTest, MalformedBodies) {
  EXPECT_EQ(Errcode(Call(&AsApi::HandleTransaction, Put("1", "[1,"))), "M_NOT_JSON");
  EXPECT_EQ(Errcode(Call(&AsApi::HandleTransaction, Put("1", "[]"))), "M_BAD_JSON");
  EXPECT_EQ(Errcode(Call(&AsApi::HandleTransaction, Put("1", "{}"))), "M_BAD_JSON");
  EXPECT_EQ(Call(&AsApi::HandleTransaction, Put("", OneEvent("$e", "!r:x"))).status, 400);
  EXPECT_EQ(store_.TotalEntries(), 0u);
}

TEST_F(AsApiTest, OneMalformedEventIsLeftOutAndCounted) {
  nlohmann::json body = nlohmann::json::parse(OneEvent("$good", "!r:x"));
  body["events"].push_back({{"event_id", "$bad"}});
  EXPECT_EQ(Call(&AsApi::HandleTransaction, Put("1", body.dump())).status, 200);
  EXPECT_EQ(store_.TotalEntries(), 1u);
  EXPECT_THAT(registry_.RenderText(),
              ::testing::HasSubstr("mxedge_appservice_router_malformed_events_total 1"));
}

TEST_F(AsApiTest, EmptyTransactionNeedsNoStore) {
  store_.SetFailure(absl::UnavailableError("down"));
  EXPECT_EQ(Call(&AsApi::HandleTransaction, Put("1", R"({"events":[]})")).status, 200);
}

TEST_F(AsApiTest, UserQueriesGoToTheOwningSinkOnly) {
  http::Request request;
  request.params["userId"] = "@irc_libera_alice:example.org";
  EXPECT_EQ(Call(&AsApi::HandleUserQuery, request).status, 200);
  EXPECT_EQ(queries_.last_sink, "irc:libera");
  request.params["userId"] = "@irc_libera_zed:example.org";
  http::Response missing = Call(&AsApi::HandleUserQuery, request);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Errcode(missing), "M_NOT_FOUND");
  queries_.last_sink.clear();
  request.params["userId"] = "@someone:example.org";
  EXPECT_EQ(Call(&AsApi::HandleUserQuery, request).status, 404);
  EXPECT_TRUE(queries_.last_sink.empty());
  request.params["userId"] = "@mxedge:example.org";
  EXPECT_EQ(Call(&AsApi::HandleUserQuery, request).status, 200);
}

TEST_F(AsApiTest, SinkTimeoutOnAliasQueryIs504) {
  http::Request request;
  request.params["roomAlias"] = "#irc_libera_matrix:example.org";
  EXPECT_EQ(Call(&AsApi::HandleAliasQuery, request).status, 504);
  request.params["roomAlias"] = "#elsewhere:example.org";
  EXPECT_EQ(Call(&AsApi::HandleAliasQuery, request).status, 404);
}

TEST_F(AsApiTest, PingAcceptsAnObjectOrNothing) {
  http::Request request;
  EXPECT_EQ(Call(&AsApi::HandlePing, request).status, 200);
  request.body = R"({"transaction_id":"x"})";
  EXPECT_EQ(Call(&AsApi::HandlePing, request).status, 200);
  request.body = "[";
  EXPECT_EQ(Errcode(Call(&AsApi::HandlePing, request)), "M_NOT_JSON");
  request.body = "[]";
  EXPECT_EQ(Errcode(Call(&AsApi::HandlePing, request)), "M_BAD_JSON");
}

}  // namespace
}  // namespace mxedge::appservice_router
