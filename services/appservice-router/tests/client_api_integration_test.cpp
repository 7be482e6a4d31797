// ClientApi over real gRPC against the FakeHomeserver.
#include <gtest/gtest.h>

#include "grpc_router_fixture.hpp"

namespace mxedge::appservice_router {
namespace {

class ClientApiIntegrationTest : public GrpcRouterFixture {
 protected:
  grpc::Status Call(const v1::HttpCall& call, v1::HttpResult& result,
                    std::string token = kInternalToken) {
    grpc::ClientContext context;
    Prepare(context, token);
    return client_api_->Call(&context, call, &result);
  }

  v1::HttpCall Sync() const {
    v1::HttpCall call;
    call.set_request_id("req-sync-1");
    call.set_method(v1::HTTP_METHOD_GET);
    call.set_path("/_matrix/client/v3/sync");
    auto* timeout = call.add_query();
    timeout->set_key("timeout");
    timeout->set_value("0");
    auto* since = call.add_query();
    since->set_key("since");
    since->set_value("s 1");
    call.set_access_token(homeserver_.options().as_token);
    return call;
  }
};

TEST_F(ClientApiIntegrationTest, RefusesPathsOutsideTheClientApi) {
  for (std::string path : {"/_synapse/admin/v1/users/%40a%3Alocalhost",
                           "/_matrix/client/../../_synapse/admin/v1/users",
                           "/_matrix/client/%2e%2e/%2e%2e/_synapse/admin/v1/users",
                           "/_matrix/app/v1/transactions/1"}) {
    v1::HttpCall call = Sync();
    call.set_path(path);
    v1::HttpResult result;
    grpc::Status status = Call(call, result);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << path;
    EXPECT_EQ(status.error_message(), "only /_matrix/client/ paths are allowed");
  }
  EXPECT_TRUE(homeserver_.requests().empty());
}

TEST_F(ClientApiIntegrationTest, RefusesMissingOrWrongInternalToken) {
  v1::HttpResult result;
  EXPECT_EQ(Call(Sync(), result, "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(Sync(), result, "wrong-token").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(homeserver_.requests().empty());
}

TEST_F(ClientApiIntegrationTest, RefusesAMissingClientTokenAndAnUnsetMethod) {
  v1::HttpCall call = Sync();
  call.clear_access_token();
  v1::HttpResult result;
  EXPECT_EQ(Call(call, result).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  call = Sync();
  call.set_method(v1::HTTP_METHOD_UNSPECIFIED);
  EXPECT_EQ(Call(call, result).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(homeserver_.requests().empty());
}

TEST_F(ClientApiIntegrationTest, ForwardsASyncWithTheClientsToken) {
  homeserver_.EnqueueSyncBody({{"next_batch", "s2"}});
  v1::HttpResult result;
  grpc::Status status = Call(Sync(), result);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(result.status(), 200);
  EXPECT_EQ(result.request_id(), "req-sync-1");
  EXPECT_NE(result.content_type().find("application/json"), std::string::npos);
  EXPECT_NE(result.body().find("\"next_batch\":\"s2\""), std::string::npos) << result.body();
  EXPECT_EQ(result.retry_after_ms(), 0);

  auto requests = homeserver_.RequestsTo("GET", "/_matrix/client/v3/sync");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(http::FindHeader(requests[0].headers, "Authorization").value_or(""),
            "Bearer " + homeserver_.options().as_token);
  EXPECT_EQ(http::FindHeader(requests[0].headers, "X-Request-Id").value_or(""), "req-sync-1");
  auto since = requests[0].query.find("since");
  ASSERT_NE(since, requests[0].query.end());
  EXPECT_EQ(since->second, "s 1");
  EXPECT_EQ(requests[0].query.count("user_id"), 0u);
}

TEST_F(ClientApiIntegrationTest, PassesA429AndItsRetryHintBack) {
  homeserver_.FailNext("/sync", 1,
                       {.status = 429, .errcode = "M_LIMIT_EXCEEDED", .retry_after_ms = 1500});
  v1::HttpResult result;
  grpc::Status status = Call(Sync(), result);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(result.status(), 429);
  EXPECT_EQ(result.retry_after_ms(), 1500);
  EXPECT_NE(result.body().find("M_LIMIT_EXCEEDED"), std::string::npos);
}

TEST_F(ClientApiIntegrationTest, PassesHomeserverErrorsThrough) {
  v1::HttpCall call = Sync();
  call.set_access_token("not-a-valid-token");
  v1::HttpResult result;
  ASSERT_TRUE(Call(call, result).ok());
  EXPECT_EQ(result.status(), 401);
  EXPECT_NE(result.body().find("M_UNKNOWN_TOKEN"), std::string::npos);
}

TEST_F(ClientApiIntegrationTest, CountsCallsByOutcome) {
  v1::HttpResult result;
  ASSERT_TRUE(Call(Sync(), result).ok());
  Call(Sync(), result, "");
  std::string text = metrics_.RenderText();
  EXPECT_NE(text.find("mxedge_appservice_router_client_api_calls_total{outcome=\"http_2xx\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("mxedge_appservice_router_client_api_calls_total{outcome=\"unauthenticated\"} 1"),
      std::string::npos);
}

}  // namespace
}  // namespace mxedge::appservice_router
