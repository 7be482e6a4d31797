#include "metered_channel_receivers.hpp"

#include <gtest/gtest.h>

#include "in_memory_channel_receivers.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using std::chrono::milliseconds;

struct Fixture {
  testing::FakeClock clock;
  InMemoryChannelReceivers store{clock};
  common::MetricsRegistry registry;
  LeaseMetrics metrics{registry};
  MeteredChannelReceivers ours{store, metrics, "w1"};
  MeteredChannelReceivers theirs{store, metrics, "w2"};

  double Held() { return metrics.held(LeaseKind::kReceiver).Value(); }
  uint64_t Taken() { return metrics.taken(LeaseKind::kReceiver).Value(); }
  uint64_t Lost() { return metrics.lost(LeaseKind::kReceiver).Value(); }
};

TEST(MeteredChannelReceiversTest, CountsAFirstAcquisitionOnceAndRenewalsNotAtAll) {
  Fixture f;
  const Receiver me{"w1", "@a:hs"};
  ASSERT_TRUE(f.ours.TryAcquire("net", "#chan", me, milliseconds(1000))->acquired);
  ASSERT_TRUE(f.ours.TryAcquire("net", "#chan", me, milliseconds(1000))->acquired);
  // Another of our connections asking keeps the lease ours.
  ASSERT_FALSE(f.ours.TryAcquire("net", "#chan", {"w1", "@b:hs"}, milliseconds(1000))->acquired);
  EXPECT_EQ(f.Taken(), 1u);
  EXPECT_EQ(f.Held(), 1);
  EXPECT_EQ(f.Lost(), 0u);
  EXPECT_EQ(f.metrics.taken(LeaseKind::kConnection).Value(), 0u);
}

TEST(MeteredChannelReceiversTest, ReleaseGivesTheLeaseUpWithoutCountingALoss) {
  Fixture f;
  const Receiver me{"w1", "@a:hs"};
  ASSERT_TRUE(f.ours.TryAcquire("net", "#chan", me, milliseconds(1000))->acquired);
  ASSERT_TRUE(*f.ours.Release("net", "#chan", me));
  EXPECT_EQ(f.Held(), 0);
  EXPECT_EQ(f.Lost(), 0u);
  // Releasing again changes nothing.
  ASSERT_FALSE(*f.ours.Release("net", "#chan", me));
  EXPECT_EQ(f.Held(), 0);
}

TEST(MeteredChannelReceiversTest, ALeaseTakenOverByAnotherWorkerIsCountedLost) {
  Fixture f;
  const Receiver me{"w1", "@a:hs"};
  ASSERT_TRUE(f.ours.TryAcquire("net", "#chan", me, milliseconds(1000))->acquired);
  f.clock.Advance(milliseconds(1500));  // expired, not renewed
  ASSERT_TRUE(f.theirs.TryAcquire("net", "#chan", {"w2", "@c:hs"}, milliseconds(1000))->acquired);
  absl::StatusOr<ReceiverClaim> again = f.ours.TryAcquire("net", "#chan", me, milliseconds(1000));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->acquired);
  EXPECT_EQ(f.Lost(), 1u);
  // Both metered stores share the families: w2 took one, w1 lost one; w2 holds it.
  EXPECT_EQ(f.Taken(), 2u);
  EXPECT_EQ(f.Held(), 1);
}

TEST(MeteredChannelReceiversTest, AnExpiredLeaseSeenByCurrentIsNoLongerHeldButNotLost) {
  Fixture f;
  ASSERT_TRUE(f.ours.TryAcquire("net", "#chan", {"w1", "@a:hs"}, milliseconds(1000))->acquired);
  f.clock.Advance(milliseconds(1500));
  absl::StatusOr<std::optional<Receiver>> current = f.ours.Current("net", "#chan");
  ASSERT_TRUE(current.ok());
  EXPECT_FALSE(current->has_value());
  EXPECT_EQ(f.Held(), 0);
  EXPECT_EQ(f.Lost(), 0u);
}

TEST(MeteredChannelReceiversTest, ErrorsPassThroughAndChangeNoMetric) {
  Fixture f;
  absl::StatusOr<ReceiverClaim> claim =
      f.ours.TryAcquire("", "#chan", {"w1", "@a:hs"}, milliseconds(1000));
  EXPECT_EQ(claim.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(f.Taken(), 0u);
  EXPECT_EQ(f.Held(), 0);
}

}  // namespace
}  // namespace mxedge::irc_worker
