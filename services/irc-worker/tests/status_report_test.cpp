#include "status_report.hpp"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mxedge::irc_worker {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;

ConnectionSnapshot Snapshot(std::string mxid, ConnectionState state) {
  ConnectionSnapshot s;
  s.key = ConnectionKey{"local", std::move(mxid)};
  s.info.state = state;
  return s;
}

TEST(StatusReportTest, EmptyEngineGivesZeroTotals) {
  v1::GetStatusReply reply;
  FillStatusReply({}, true, 7, reply);
  EXPECT_EQ(reply.connection_count(), 0);
  EXPECT_EQ(reply.ready_count(), 0);
  EXPECT_EQ(reply.channel_count(), 0);
  EXPECT_EQ(reply.max_lag_ms(), 0);
  EXPECT_EQ(reply.avg_lag_ms(), 0);
  EXPECT_EQ(reply.connections_size(), 0);
}

TEST(StatusReportTest, TotalsCountChannelsAndLagOfReadyConnections) {
  ConnectionSnapshot alice = Snapshot("@alice:hs", ConnectionState::kRegistered);
  alice.info.channels = {"#a", "#b"};
  alice.info.lag_last = milliseconds(30);
  alice.info.lag_average = milliseconds(20);
  ConnectionSnapshot bob = Snapshot("@bob:hs", ConnectionState::kRegistered);
  bob.info.channels = {"#a"};
  bob.info.lag_last = milliseconds(80);
  bob.info.lag_average = milliseconds(60);
  ConnectionSnapshot carol = Snapshot("@carol:hs", ConnectionState::kRegistered);  // no PONG yet
  // A connection in backoff keeps the lag of its previous attempt out of the totals.
  ConnectionSnapshot dave = Snapshot("@dave:hs", ConnectionState::kBackoff);
  dave.info.lag_last = milliseconds(5000);
  dave.info.lag_average = milliseconds(5000);

  v1::GetStatusReply reply;
  FillStatusReply({alice, bob, carol, dave}, false, 3, reply);
  EXPECT_EQ(reply.connection_count(), 4);
  EXPECT_EQ(reply.ready_count(), 3);
  EXPECT_EQ(reply.channel_count(), 3);
  EXPECT_EQ(reply.max_lag_ms(), 80);
  EXPECT_EQ(reply.avg_lag_ms(), 40);
  EXPECT_EQ(reply.connections_size(), 0);
}

TEST(StatusReportTest, ConnectionDetailsWhenAsked) {
  ConnectionSnapshot alice = Snapshot("@alice:hs", ConnectionState::kRegistered);
  alice.info.nick = "alice[m]";
  alice.info.channels = {"#Mxedge"};
  alice.info.caps = {"echo-message", "message-tags", "server-time"};
  alice.info.lag_last = milliseconds(12);
  alice.info.lag_average = milliseconds(10);
  alice.info.registered_at = std::chrono::system_clock::time_point(milliseconds(1'700'000'000'123));
  ConnectionSnapshot bob = Snapshot("@bob:hs", ConnectionState::kConnecting);
  bob.info.registered_at = alice.info.registered_at;  // not ready: not reported

  v1::GetStatusReply reply;
  FillStatusReply({alice, bob}, true, 9, reply);
  ASSERT_EQ(reply.connections_size(), 2);
  const v1::ConnectionStatus& a = reply.connections(0);
  EXPECT_EQ(a.network(), "local");
  EXPECT_EQ(a.user_id(), "@alice:hs");
  EXPECT_EQ(a.nick(), "alice[m]");
  EXPECT_EQ(a.state(), v1::CONNECTION_STATE_READY);
  EXPECT_THAT(a.channels(), ElementsAre("#Mxedge"));
  EXPECT_THAT(a.caps(), ElementsAre("echo-message", "message-tags", "server-time"));
  EXPECT_EQ(a.lag_ms(), 12);
  EXPECT_EQ(a.avg_lag_ms(), 10);
  EXPECT_EQ(a.connected_since_ms(), 1'700'000'000'123);
  EXPECT_EQ(a.epoch(), 9);
  const v1::ConnectionStatus& b = reply.connections(1);
  EXPECT_EQ(b.state(), v1::CONNECTION_STATE_CONNECTING);
  EXPECT_EQ(b.lag_ms(), 0);
  EXPECT_EQ(b.connected_since_ms(), 0);
  EXPECT_EQ(b.caps_size(), 0);
}

TEST(StatusReportTest, EveryEngineStateHasAWireState) {
  EXPECT_EQ(ToWireState(ConnectionState::kIdle), v1::CONNECTION_STATE_BACKOFF);
  EXPECT_EQ(ToWireState(ConnectionState::kConnecting), v1::CONNECTION_STATE_CONNECTING);
  EXPECT_EQ(ToWireState(ConnectionState::kRegistering), v1::CONNECTION_STATE_REGISTERING);
  EXPECT_EQ(ToWireState(ConnectionState::kRegistered), v1::CONNECTION_STATE_READY);
  EXPECT_EQ(ToWireState(ConnectionState::kClosing), v1::CONNECTION_STATE_CLOSING);
  EXPECT_EQ(ToWireState(ConnectionState::kBackoff), v1::CONNECTION_STATE_BACKOFF);
  EXPECT_EQ(ToWireState(ConnectionState::kFailed), v1::CONNECTION_STATE_FAILED);
}

}  // namespace
}  // namespace mxedge::irc_worker
