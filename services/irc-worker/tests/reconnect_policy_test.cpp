#include "reconnect_policy.hpp"

#include <chrono>

#include "gtest/gtest.h"

namespace mxedge::irc_worker {
namespace {

using std::chrono::milliseconds;

ReconnectSettings Settings() {
  return {.base = milliseconds(1000),
          .cap = milliseconds(60'000),
          .throttled_min = milliseconds(20'000)};
}

TEST(ReconnectPolicyTest, CeilingDoublesUpToTheCap) {
  ReconnectPolicy policy(Settings(), [] { return 0.0; });
  EXPECT_EQ(policy.Ceiling(1), milliseconds(1000));
  EXPECT_EQ(policy.Ceiling(2), milliseconds(2000));
  EXPECT_EQ(policy.Ceiling(6), milliseconds(32'000));
  EXPECT_EQ(policy.Ceiling(7), milliseconds(60'000));
  EXPECT_EQ(policy.Ceiling(500), milliseconds(60'000));
}

TEST(ReconnectPolicyTest, JitterSpansHalfToAllOfTheCeiling) {
  double u = 0.0;
  ReconnectPolicy policy(Settings(), [&] { return u; });
  EXPECT_EQ(policy.NextDelay(CloseReason::kNetwork, 3), milliseconds(2000));
  u = 0.5;
  EXPECT_EQ(policy.NextDelay(CloseReason::kNetwork, 3), milliseconds(3000));
  u = 0.999999;
  EXPECT_EQ(policy.NextDelay(CloseReason::kPingTimeout, 3), milliseconds(3999));
}

TEST(ReconnectPolicyTest, BannedTooManyConnectionsSaslAndLocalStopRetrying) {
  ReconnectPolicy policy(Settings(), [] { return 0.5; });
  EXPECT_FALSE(policy.NextDelay(CloseReason::kBanned, 1).has_value());
  EXPECT_FALSE(policy.NextDelay(CloseReason::kTooManyConnections, 1).has_value());
  EXPECT_FALSE(policy.NextDelay(CloseReason::kSaslFailed, 1).has_value());
  EXPECT_FALSE(policy.NextDelay(CloseReason::kLocal, 1).has_value());
  EXPECT_TRUE(policy.NextDelay(CloseReason::kConnectFailed, 1).has_value());
  EXPECT_TRUE(policy.NextDelay(CloseReason::kServerError, 1).has_value());
}

TEST(ReconnectPolicyTest, ThrottledWaitsAtLeastTheMinimum) {
  ReconnectPolicy policy(Settings(), [] { return 0.0; });
  EXPECT_EQ(policy.NextDelay(CloseReason::kThrottled, 1), milliseconds(20'000));
  EXPECT_EQ(policy.NextDelay(CloseReason::kThrottled, 8), milliseconds(30'000));
}

TEST(ReconnectPolicyTest, SeededPolicyStaysWithinBounds) {
  ReconnectPolicy policy(Settings());
  for (int attempt = 1; attempt < 12; ++attempt) {
    auto delay = policy.NextDelay(CloseReason::kNetwork, attempt);
    ASSERT_TRUE(delay.has_value());
    EXPECT_GE(*delay, policy.Ceiling(attempt) / 2);
    EXPECT_LE(*delay, policy.Ceiling(attempt));
  }
}

TEST(CloseReasonForTest, MapsDisconnectClassesToCloseReasons) {
  EXPECT_EQ(CloseReasonFor(irc::DisconnectClass::kBanned), CloseReason::kBanned);
  EXPECT_EQ(CloseReasonFor(irc::DisconnectClass::kTooManyConnections),
            CloseReason::kTooManyConnections);
  EXPECT_EQ(CloseReasonFor(irc::DisconnectClass::kThrottled), CloseReason::kThrottled);
  EXPECT_EQ(CloseReasonFor(irc::DisconnectClass::kOther), CloseReason::kServerError);
}

TEST(ConnectionEventsTest, NamesAreStableMetricLabels) {
  EXPECT_EQ(CloseReasonName(CloseReason::kTooManyConnections), "too_many_connections");
  EXPECT_EQ(ConnectionStateName(ConnectionState::kRegistered), "registered");
  for (int i = 0; i < kCloseReasonCount; ++i) {
    EXPECT_NE(CloseReasonName(static_cast<CloseReason>(i)), "unknown");
  }
  for (int i = 0; i < kConnectionStateCount; ++i) {
    EXPECT_NE(ConnectionStateName(static_cast<ConnectionState>(i)), "unknown");
  }
}

}  // namespace
}  // namespace mxedge::irc_worker
