#pragma once
// The contract of ConnectRate that needs no passing time, instantiated on the in-memory bucket and
// on real Redis. An Env type provides ConnectRate& rate().
#include <gtest/gtest.h>

#include <cmath>

#include "connect_rate.hpp"

namespace mxedge::irc_worker {

template <typename Env>
class ConnectRateContractTest : public ::testing::Test {
 protected:
  Env env_;
};

TYPED_TEST_SUITE_P(ConnectRateContractTest);

TYPED_TEST_P(ConnectRateContractTest, GrantsTheBurstThenSaysHowLongToWait) {
  const ConnectRateLimit limit{0.5, 3};
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<ConnectPermit> permit = this->env_.rate().TryAcquire("libera", limit);
    ASSERT_TRUE(permit.ok()) << permit.status();
    EXPECT_TRUE(permit->granted) << i;
  }
  absl::StatusOr<ConnectPermit> denied = this->env_.rate().TryAcquire("libera", limit);
  ASSERT_TRUE(denied.ok()) << denied.status();
  EXPECT_FALSE(denied->granted);
  // One token takes 2 s at 0.5/s; a little of it may have refilled already.
  EXPECT_GT(denied->wait, std::chrono::milliseconds(1500));
  EXPECT_LE(denied->wait, std::chrono::milliseconds(2000));
}

TYPED_TEST_P(ConnectRateContractTest, NetworksHaveTheirOwnBuckets) {
  const ConnectRateLimit limit{0.5, 1};
  EXPECT_TRUE(this->env_.rate().TryAcquire("libera", limit).value().granted);
  EXPECT_FALSE(this->env_.rate().TryAcquire("libera", limit).value().granted);
  EXPECT_TRUE(this->env_.rate().TryAcquire("oftc", limit).value().granted);
}

TYPED_TEST_P(ConnectRateContractTest, RejectsInvalidLimitsAndNetworks) {
  EXPECT_EQ(this->env_.rate().TryAcquire("libera", {0, 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->env_.rate().TryAcquire("libera", {-1, 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->env_.rate().TryAcquire("libera", {1, 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->env_.rate().TryAcquire("libera", {std::nan(""), 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->env_.rate().TryAcquire("", {1, 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

REGISTER_TYPED_TEST_SUITE_P(ConnectRateContractTest, GrantsTheBurstThenSaysHowLongToWait,
                            NetworksHaveTheirOwnBuckets, RejectsInvalidLimitsAndNetworks);

}  // namespace mxedge::irc_worker
