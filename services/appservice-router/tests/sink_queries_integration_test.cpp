// GrpcSinkQueries over real gRPC to recording sinks registered as IRC workers in a real Redis.
#include "sink_queries_grpc.hpp"

#include <memory>
#include <string>

#include "dispatch_recording_sink.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/common/clock.hpp"
#include "mxedge/ownership/redis_member_registry.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/testing/redis_server.hpp"

namespace mxedge::appservice_router {
namespace {

using dispatch_testing::RecordingSink;
using std::chrono::milliseconds;

class SinkQueriesIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = mxedge::testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    redis_ = *std::move(server);
    redis::HiredisOptions options;
    options.url = redis_->url();
    auto client = redis::HiredisClient::Create(options);
    ASSERT_TRUE(client.ok());
    client_ = *std::move(client);
    workers_ = std::make_unique<ownership::RedisMemberRegistry>(*client_, "mxedge:irc:workers",
                                                                common::SystemClock::Instance());
    router_ = std::make_unique<IrcRouter>(*client_, *workers_, IrcRoutingOptions{});
  }

  GrpcSinkQueries Queries(std::string micropub_address = "") {
    return GrpcSinkQueries(
        GrpcSinkQueriesOptions{"query-token", milliseconds(3000), std::move(micropub_address)},
        channels_, *router_);
  }

  std::unique_ptr<mxedge::testing::RedisServer> redis_;
  std::unique_ptr<redis::HiredisClient> client_;
  std::unique_ptr<ownership::RedisMemberRegistry> workers_;
  std::unique_ptr<IrcRouter> router_;
  SinkChannelCache channels_;
};

TEST_F(SinkQueriesIntegrationTest, IrcUserQueryGoesToALiveWorkerWithTheToken) {
  RecordingSink worker("w1");
  worker.AddUser("@irc_libera_alice:hs");
  ASSERT_TRUE(workers_->Register("w1").ok());
  ASSERT_TRUE(redis::HSet(*client_, "mxedge:irc:worker:w1", "grpc_address", worker.address()).ok());
  GrpcSinkQueries queries = Queries();
  SinkRef libera{SinkKind::kIrc, "libera"};
  v1::QueryUserRequest request;
  request.set_request_id("req-1");
  request.set_user_id("@irc_libera_alice:hs");
  absl::StatusOr<v1::QueryUserReply> reply = queries.QueryUser(libera, request);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_TRUE(reply->exists());
  EXPECT_EQ(reply->request_id(), "req-1");
  request.set_user_id("@irc_libera_nobody:hs");
  reply = queries.QueryUser(libera, request);
  ASSERT_TRUE(reply.ok());
  EXPECT_FALSE(reply->exists());
  EXPECT_THAT(worker.QueryAuthorizations(), ::testing::Each("Bearer query-token"));
  EXPECT_FALSE(redis::SIsMember(*client_, "mxedge:irc:want:libera", "@irc_libera_alice:hs").value())
      << "queries never ask for connections";
}

TEST_F(SinkQueriesIntegrationTest, SinkErrorKeepsItsCode) {
  RecordingSink worker("w1");
  ASSERT_TRUE(workers_->Register("w1").ok());
  ASSERT_TRUE(redis::HSet(*client_, "mxedge:irc:worker:w1", "grpc_address", worker.address()).ok());
  GrpcSinkQueries queries = Queries();
  v1::QueryAliasRequest request;
  request.set_alias("#irc_libera_x:hs");
  absl::StatusOr<v1::QueryAliasReply> reply =
      queries.QueryAlias(SinkRef{SinkKind::kIrc, "libera"}, request);
  ASSERT_FALSE(reply.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(reply.status())) << reply.status();
}

TEST_F(SinkQueriesIntegrationTest, NoLiveWorkerOrNoMicropubAddressIsUnavailable) {
  GrpcSinkQueries queries = Queries();
  v1::QueryUserRequest request;
  request.set_user_id("@irc_libera_alice:hs");
  EXPECT_TRUE(
      absl::IsUnavailable(queries.QueryUser(SinkRef{SinkKind::kIrc, "libera"}, request).status()));
  request.set_user_id("@micropub:hs");
  EXPECT_TRUE(
      absl::IsUnavailable(queries.QueryUser(SinkRef{SinkKind::kMicropub, ""}, request).status()));
}

TEST_F(SinkQueriesIntegrationTest, MicropubQueryGoesToTheConfiguredAddress) {
  RecordingSink micropub;
  micropub.AddUser("@micropub:hs");
  GrpcSinkQueries queries = Queries(micropub.address());
  v1::QueryUserRequest request;
  request.set_user_id("@micropub:hs");
  absl::StatusOr<v1::QueryUserReply> reply =
      queries.QueryUser(SinkRef{SinkKind::kMicropub, ""}, request);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_TRUE(reply->exists());
}

TEST_F(SinkQueriesIntegrationTest, UnreachableSinkIsUnavailableWithinTheDeadline) {
  ASSERT_TRUE(workers_->Register("w9").ok());
  // A loopback port nobody listens on.
  ASSERT_TRUE(redis::HSet(*client_, "mxedge:irc:worker:w9", "grpc_address", "127.0.0.1:1").ok());
  GrpcSinkQueries queries = Queries();
  v1::QueryUserRequest request;
  request.set_user_id("@irc_libera_alice:hs");
  absl::StatusOr<v1::QueryUserReply> reply =
      queries.QueryUser(SinkRef{SinkKind::kIrc, "libera"}, request);
  ASSERT_FALSE(reply.ok());
  EXPECT_TRUE(absl::IsUnavailable(reply.status()) || absl::IsDeadlineExceeded(reply.status()))
      << reply.status();
}

}  // namespace
}  // namespace mxedge::appservice_router
