#include "mxedge/ownership/heartbeat_lease.hpp"

#include <gtest/gtest.h>

#include "mxedge/ownership/in_memory_lease_store.hpp"
#include "mxedge/ownership/in_memory_member_registry.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::ownership {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class TryClaimHeartbeatLeaseTest : public ::testing::Test {
 protected:
  static constexpr milliseconds kOwnerTimeout{30'000};

  AcquireResult Claim(std::string_view owner) {
    absl::StatusOr<AcquireResult> result =
        TryClaimHeartbeatLease(leases_, registry_, keys_, owner, kOwnerTimeout);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : AcquireResult{};
  }

  mxedge::testing::FakeClock clock_;
  InMemoryLeaseStore leases_{clock_};
  InMemoryMemberRegistry registry_{clock_};
  const LeaseKeys keys_{"irc:conn:libera:@alice:example.org",
                        "irc:conn-epoch:libera:@alice:example.org"};
};

TEST_F(TryClaimHeartbeatLeaseTest, AcquiresAFreeLeaseWithoutExpiry) {
  const AcquireResult result = Claim("worker-a");
  ASSERT_TRUE(result.acquired);
  EXPECT_EQ(result.holder, (Lease{"worker-a", 1}));
  EXPECT_EQ(leases_.RemainingTtl(keys_.lease), milliseconds(0));
}

TEST_F(TryClaimHeartbeatLeaseTest, LeavesTheLeaseOfALiveHolder) {
  ASSERT_TRUE(registry_.Register("worker-a").ok());
  ASSERT_TRUE(Claim("worker-a").acquired);
  clock_.Advance(seconds(29));
  const AcquireResult result = Claim("worker-b");
  EXPECT_FALSE(result.acquired);
  EXPECT_EQ(result.holder, (Lease{"worker-a", 1}));
}

TEST_F(TryClaimHeartbeatLeaseTest, TakesOverFromAHolderWhoseHeartbeatStopped) {
  ASSERT_TRUE(registry_.Register("worker-a").ok());
  ASSERT_TRUE(registry_.Register("worker-b").ok());
  const Lease a = *Claim("worker-a").holder;
  // worker-a stops heartbeating; worker-b keeps going.
  clock_.Advance(seconds(20));
  ASSERT_TRUE(registry_.Heartbeat("worker-b").ok());
  clock_.Advance(seconds(10));
  const AcquireResult result = Claim("worker-b");
  ASSERT_TRUE(result.acquired);
  EXPECT_EQ(result.holder->owner_id, "worker-b");
  EXPECT_GT(result.holder->epoch, a.epoch);
  // worker-a, back from its pause, is fenced out.
  EXPECT_EQ(leases_.Renew(keys_.lease, a, kNoExpiry).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(TryClaimHeartbeatLeaseTest, TakesOverFromAHolderThatWasNeverRegistered) {
  ASSERT_TRUE(Claim("worker-gone").acquired);
  EXPECT_TRUE(Claim("worker-b").acquired);
}

TEST_F(TryClaimHeartbeatLeaseTest, ReportsALeaseHeldUnderTheCallersOwnId) {
  ASSERT_TRUE(Claim("worker-a").acquired);
  const AcquireResult result = Claim("worker-a");
  EXPECT_FALSE(result.acquired);
  EXPECT_EQ(result.holder, (Lease{"worker-a", 1}));
}

TEST_F(TryClaimHeartbeatLeaseTest, PassesOnInvalidArguments) {
  absl::StatusOr<AcquireResult> result =
      TryClaimHeartbeatLease(leases_, registry_, keys_, "bad id", kOwnerTimeout);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(Claim("worker-a").acquired);
  result = TryClaimHeartbeatLease(leases_, registry_, keys_, "worker-b", milliseconds(0));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mxedge::ownership
