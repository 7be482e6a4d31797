#include "irc_control_handler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

class FakeControl : public WorkerControl {
 public:
  void Status(std::string_view network, bool include_connections,
              v1::GetStatusReply& reply) override {
    status_network = std::string(network);
    reply.set_worker_id("w1");
    reply.set_connection_count(3);
    if (include_connections) {
      reply.add_connections()->set_user_id("@a:x");
    }
  }
  absl::StatusOr<DrainResult> Drain(std::string_view quit_message,
                                    std::chrono::milliseconds deadline) override {
    drain_message = std::string(quit_message);
    drain_deadline = deadline;
    return DrainResult{.released = 4, .forced = 1};
  }
  absl::StatusOr<RebalanceResult> Rebalance(int32_t max_moves, std::string_view /*network*/,
                                            bool dry_run) override {
    rebalance_max = max_moves;
    rebalance_dry = dry_run;
    return RebalanceResult{.moved = std::min(max_moves, 7),
                           .remaining = 7 - std::min(max_moves, 7)};
  }
  absl::Status SendRaw(std::string_view network, std::string_view mxid, std::string line) override {
    if (mxid != "@a:x") {
      return absl::NotFoundError("connection not owned here");
    }
    raw.push_back(std::string(network) + " " + line);
    return absl::OkStatus();
  }

  std::string status_network;
  std::string drain_message;
  std::chrono::milliseconds drain_deadline{};
  int32_t rebalance_max = 0;
  bool rebalance_dry = false;
  std::vector<std::string> raw;
};

class IrcControlHandlerTest : public ::testing::Test {
 protected:
  FakeControl control_;
  IrcControlHandler handler_{control_, {.drain_deadline = 20s, .max_moves = 5}};
};

TEST_F(IrcControlHandlerTest, StatusEchoesTheRequestAndFiltersByNetwork) {
  v1::GetStatusRequest request;
  request.set_request_id("r1");
  request.set_network("local");
  request.set_include_connections(true);
  absl::StatusOr<v1::GetStatusReply> reply = handler_.GetStatus(request);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->request_id(), "r1");
  EXPECT_EQ(reply->worker_id(), "w1");
  EXPECT_EQ(reply->connections_size(), 1);
  EXPECT_EQ(control_.status_network, "local");
  request.set_network("bad network");
  EXPECT_EQ(handler_.GetStatus(request).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(IrcControlHandlerTest, DrainAppliesTheDefaultDeadlineAndChecksItsArguments) {
  v1::DrainRequest request;
  request.set_request_id("r2");
  absl::StatusOr<v1::DrainReply> reply = handler_.Drain(request);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->released(), 4);
  EXPECT_EQ(reply->forced(), 1);
  EXPECT_EQ(control_.drain_deadline, 20s);
  request.set_deadline_ms(1500);
  request.set_quit_message("bye");
  ASSERT_TRUE(handler_.Drain(request).ok());
  EXPECT_EQ(control_.drain_deadline, 1500ms);
  EXPECT_EQ(control_.drain_message, "bye");
  request.set_deadline_ms(-1);
  EXPECT_THAT(handler_.Drain(request).status().message(), HasSubstr("deadline_ms"));
  request.set_deadline_ms(0);
  request.set_quit_message("bye\r\nPRIVMSG x :injected");
  EXPECT_THAT(handler_.Drain(request).status().message(), HasSubstr("quit_message"));
}

TEST_F(IrcControlHandlerTest, RebalanceDefaultsMaxMovesAndRefusesNegativeOnes) {
  v1::RebalanceRequest request;
  request.set_dry_run(true);
  absl::StatusOr<v1::RebalanceReply> reply = handler_.Rebalance(request);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(control_.rebalance_max, 5);
  EXPECT_TRUE(control_.rebalance_dry);
  EXPECT_EQ(reply->moved(), 5);
  EXPECT_EQ(reply->remaining(), 2);
  request.set_max_moves(-3);
  EXPECT_EQ(handler_.Rebalance(request).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(IrcControlHandlerTest, SendRawQueuesValidLinesOnOwnedConnections) {
  v1::SendRawRequest request;
  request.set_request_id("r3");
  request.set_network("local");
  request.set_user_id("@a:x");
  request.set_line("PRIVMSG #mxedge :hi");
  absl::StatusOr<v1::SendRawReply> reply = handler_.SendRaw(request);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_TRUE(reply->queued());
  EXPECT_EQ(control_.raw, std::vector<std::string>{"local PRIVMSG #mxedge :hi"});
  request.set_user_id("@b:x");
  EXPECT_EQ(handler_.SendRaw(request).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(IrcControlHandlerTest, SendRawRefusesMalformedRequests) {
  v1::SendRawRequest request;
  request.set_network("local");
  request.set_user_id("@a:x");
  for (const std::string& line : {std::string(), std::string("A\rB"), std::string("A\nB"),
                                  std::string("A\0B", 3), std::string(511, 'x')}) {
    request.set_line(line);
    absl::StatusOr<v1::SendRawReply> reply = handler_.SendRaw(request);
    EXPECT_EQ(reply.status().code(), absl::StatusCode::kInvalidArgument) << line.size();
    EXPECT_THAT(reply.status().message(), HasSubstr("line"));
  }
  request.set_line("PING x");
  request.set_network("");
  EXPECT_THAT(handler_.SendRaw(request).status().message(), HasSubstr("network"));
  request.set_network("local");
  request.set_user_id("");
  EXPECT_EQ(handler_.SendRaw(request).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(control_.raw.empty());
  EXPECT_TRUE(ValidateRawLine(std::string(510, 'x')).ok());
}

}  // namespace
}  // namespace mxedge::irc_worker
