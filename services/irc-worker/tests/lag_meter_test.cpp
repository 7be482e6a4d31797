#include "lag_meter.hpp"

#include "gtest/gtest.h"

namespace mxedge::irc_worker {
namespace {

using std::chrono::milliseconds;
const LagMeter::TimePoint kStart{std::chrono::seconds(1000)};

TEST(LagMeterTest, NothingMeasuredBeforeTheFirstPong) {
  LagMeter meter;
  EXPECT_FALSE(meter.last().has_value());
  EXPECT_FALSE(meter.average().has_value());
  meter.PingSent(kStart);
  EXPECT_FALSE(meter.last().has_value());
  EXPECT_EQ(meter.samples(), 0u);
}

TEST(LagMeterTest, LastAndAverageOverRoundTrips) {
  LagMeter meter;
  meter.PingSent(kStart);
  meter.PongReceived(kStart + milliseconds(40));
  EXPECT_EQ(meter.last(), milliseconds(40));
  EXPECT_EQ(meter.average(), milliseconds(40));
  meter.PingSent(kStart + milliseconds(1000));
  meter.PongReceived(kStart + milliseconds(1100));
  EXPECT_EQ(meter.last(), milliseconds(100));
  EXPECT_EQ(meter.average(), milliseconds(70));
  EXPECT_EQ(meter.samples(), 2u);
}

TEST(LagMeterTest, UnsolicitedPongIsIgnored) {
  LagMeter meter;
  meter.PongReceived(kStart);
  EXPECT_EQ(meter.samples(), 0u);
  meter.PingSent(kStart);
  meter.PongReceived(kStart + milliseconds(5));
  meter.PongReceived(kStart + milliseconds(500));  // a second PONG for the same PING
  EXPECT_EQ(meter.last(), milliseconds(5));
  EXPECT_EQ(meter.samples(), 1u);
}

TEST(LagMeterTest, AbandonedPingIsNotMeasured) {
  LagMeter meter;
  meter.PingSent(kStart);
  meter.Abandon();
  meter.PongReceived(kStart + milliseconds(5));
  EXPECT_EQ(meter.samples(), 0u);
}

TEST(LagMeterTest, NewPingRestartsTheMeasurement) {
  LagMeter meter;
  meter.PingSent(kStart);
  meter.PingSent(kStart + milliseconds(300));
  meter.PongReceived(kStart + milliseconds(320));
  EXPECT_EQ(meter.last(), milliseconds(20));
}

}  // namespace
}  // namespace mxedge::irc_worker
