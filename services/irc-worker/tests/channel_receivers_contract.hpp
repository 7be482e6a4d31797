#pragma once
// The contract of ChannelReceivers that needs no passing time, on memory and on Redis. An Env
// provides ChannelReceivers& receivers().
#include <gtest/gtest.h>

#include <optional>

#include "channel_receivers.hpp"

namespace mxedge::irc_worker {

template <typename Env>
class ChannelReceiversContractTest : public ::testing::Test {
 protected:
  ChannelReceivers& receivers() { return env_.receivers(); }
  const Receiver a_{"worker-a", "@alice:hs.example:8448"};
  const Receiver b_{"worker-b", "@bob:hs"};
  Env env_;
};

TYPED_TEST_SUITE_P(ChannelReceiversContractTest);

TYPED_TEST_P(ChannelReceiversContractTest, OneReceiverPerChannel) {
  EXPECT_EQ(this->receivers().Current("libera", "#chan").value(), std::nullopt);
  EXPECT_EQ(this->receivers().TryAcquire("libera", "#chan", this->a_, kReceiverLease).value(),
            (ReceiverClaim{true, this->a_}));
  EXPECT_EQ(this->receivers().TryAcquire("libera", "#chan", this->b_, kReceiverLease).value(),
            (ReceiverClaim{false, this->a_}));
  // Renewal by the holder.
  EXPECT_EQ(this->receivers().TryAcquire("libera", "#chan", this->a_, kReceiverLease).value(),
            (ReceiverClaim{true, this->a_}));
  EXPECT_EQ(this->receivers().Current("libera", "#chan").value(), std::optional(this->a_));
  // Other channels are separate.
  EXPECT_TRUE(
      this->receivers().TryAcquire("libera", "#other", this->b_, kReceiverLease).value().acquired);
}

TYPED_TEST_P(ChannelReceiversContractTest, OnlyTheHolderReleasesAndThenAnotherTakesOver) {
  ASSERT_TRUE(
      this->receivers().TryAcquire("libera", "#chan", this->a_, kReceiverLease).value().acquired);
  EXPECT_FALSE(this->receivers().Release("libera", "#chan", this->b_).value());
  EXPECT_TRUE(this->receivers().Release("libera", "#chan", this->a_).value());
  EXPECT_FALSE(this->receivers().Release("libera", "#chan", this->a_).value());
  EXPECT_EQ(this->receivers().TryAcquire("libera", "#chan", this->b_, kReceiverLease).value(),
            (ReceiverClaim{true, this->b_}));
}

TYPED_TEST_P(ChannelReceiversContractTest, RejectsInvalidArguments) {
  EXPECT_EQ(this->receivers()
                .TryAcquire("libera", "#chan", this->a_, std::chrono::milliseconds(0))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->receivers()
                .TryAcquire("libera", "#chan", Receiver{"bad:id", "@a:hs"}, kReceiverLease)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->receivers().TryAcquire("libera", "", this->a_, kReceiverLease).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->receivers().Current("", "#chan").status().code(),
            absl::StatusCode::kInvalidArgument);
}

REGISTER_TYPED_TEST_SUITE_P(ChannelReceiversContractTest, OneReceiverPerChannel,
                            OnlyTheHolderReleasesAndThenAnotherTakesOver, RejectsInvalidArguments);

}  // namespace mxedge::irc_worker
