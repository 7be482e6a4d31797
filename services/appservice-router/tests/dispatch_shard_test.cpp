#include "dispatch_shard.hpp"

#include <chrono>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mxedge::appservice_router {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using TimePoint = DispatchShard::TimePoint;

const TimePoint kStart = TimePoint() + std::chrono::hours(1);

DispatchEvent Pdu(std::string id, std::string room, std::string sender = "@alice:hs") {
  DispatchEvent event;
  event.entry.stream_id = "1-" + id;
  event.entry.kind = EntryKind::kPersistent;
  event.pdu.set_event_id("$" + id);
  event.pdu.set_room_id(std::move(room));
  event.pdu.set_sender(std::move(sender));
  event.pdu.set_type("m.room.message");
  return event;
}

DispatchEvent Edu(std::string id, std::string room) {
  DispatchEvent event;
  event.entry.stream_id = "2-" + id;
  event.entry.kind = EntryKind::kEphemeral;
  event.edu.set_type("m.typing");
  event.edu.set_room_id(std::move(room));
  return event;
}

v1::DeliverReply Reply(const Delivery& delivery, std::vector<v1::DeliveryOutcome> outcomes,
                       std::string reason = "", int64_t retry_after_ms = 0) {
  v1::DeliverReply reply;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    v1::EventOutcome* outcome = reply.add_outcomes();
    outcome->set_event_id(delivery.events[i]->event.event_id());
    outcome->set_outcome(outcomes[i]);
    outcome->set_reason(reason);
    outcome->set_retry_after_ms(retry_after_ms);
  }
  return reply;
}

std::vector<std::string> EventIds(const Delivery& delivery) {
  std::vector<std::string> ids;
  for (const auto& event : delivery.events) {
    ids.push_back(event->event.event_id());
  }
  return ids;
}

DispatchPolicy Policy() {
  DispatchPolicy policy;
  policy.max_attempts = 3;
  policy.backoff_min = milliseconds(100);
  policy.backoff_max = milliseconds(1000);
  policy.batch_size = 10;
  policy.max_not_mine = 2;
  return policy;
}

TEST(DispatchShardTest, BatchesOneRoomInOrderAndAcksWhenDone) {
  DispatchShard shard(3, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Micropub()});
  shard.Add(Pdu("b", "!r"), {SinkTarget::Micropub()});
  std::vector<Delivery> ready = shard.TakeReady(kStart);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_THAT(EventIds(ready[0]), ElementsAre("$a", "$b"));
  EXPECT_EQ(ready[0].attempt, 1u);
  EXPECT_THAT(shard.TakeReady(kStart), IsEmpty()) << "one delivery in flight per queue";
  CompletionStats stats = shard.Complete(
      ready[0], Reply(ready[0], {v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE}), kStart);
  EXPECT_EQ(stats.done, 2);
  EXPECT_THAT(shard.TakeAcks(), ElementsAre("1-a", "1-b"));
  std::vector<DoneRecord> done = shard.TakeDone();
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].event_id, "$a");
  EXPECT_EQ(done[0].sink, "micropub");
  EXPECT_EQ(shard.unacked(), 0u);
  EXPECT_EQ(shard.queue_count(), 0u);
}

TEST(DispatchShardTest, EventWithoutSinksIsAckedAtOnce) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {});
  EXPECT_THAT(shard.TakeAcks(), ElementsAre("1-a"));
  EXPECT_THAT(shard.TakeReady(kStart), IsEmpty());
}

TEST(DispatchShardTest, EventIsAckedOnlyAfterEverySink) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Irc("libera"), SinkTarget::Micropub()});
  std::vector<Delivery> ready = shard.TakeReady(kStart);
  ASSERT_EQ(ready.size(), 2u);
  shard.Complete(ready[0], Reply(ready[0], {v1::DELIVERY_OUTCOME_DONE}), kStart);
  EXPECT_THAT(shard.TakeAcks(), IsEmpty());
  shard.Complete(ready[1], Reply(ready[1], {v1::DELIVERY_OUTCOME_DONE}), kStart);
  EXPECT_THAT(shard.TakeAcks(), ElementsAre("1-a"));
}

TEST(DispatchShardTest, StalledRoomDoesNotHoldOtherRooms) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!slow"), {SinkTarget::Micropub()});
  shard.Add(Pdu("b", "!fast"), {SinkTarget::Micropub()});
  std::vector<Delivery> ready = shard.TakeReady(kStart);
  ASSERT_EQ(ready.size(), 2u);
  const Delivery& fast = ready[0].room_id == "!fast" ? ready[0] : ready[1];
  shard.Complete(fast, Reply(fast, {v1::DELIVERY_OUTCOME_DONE}), kStart);
  shard.Add(Pdu("c", "!fast"), {SinkTarget::Micropub()});
  std::vector<Delivery> next = shard.TakeReady(kStart);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].room_id, "!fast");
  EXPECT_THAT(EventIds(next[0]), ElementsAre("$c"));
}

TEST(DispatchShardTest, RetryLaterBacksOffExponentiallyAndHoldsTheRoom) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Micropub()});
  shard.Add(Pdu("b", "!r"), {SinkTarget::Micropub()});
  std::vector<Delivery> first = shard.TakeReady(kStart);
  ASSERT_EQ(first.size(), 1u);
  CompletionStats stats = shard.Complete(
      first[0],
      Reply(first[0], {v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_RETRY_LATER}, "flood"),
      kStart);
  EXPECT_TRUE(stats.retry);
  EXPECT_EQ(stats.done, 1);
  EXPECT_THAT(shard.TakeAcks(), ElementsAre("1-a"));
  EXPECT_EQ(shard.NextWakeup(), kStart + milliseconds(100));
  EXPECT_THAT(shard.TakeReady(kStart + milliseconds(99)), IsEmpty());
  std::vector<Delivery> second = shard.TakeReady(kStart + milliseconds(100));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_THAT(EventIds(second[0]), ElementsAre("$b"));
  EXPECT_EQ(second[0].attempt, 2u);
  TimePoint t = kStart + milliseconds(100);
  shard.Complete(second[0], Reply(second[0], {v1::DELIVERY_OUTCOME_RETRY_LATER}), t);
  EXPECT_EQ(shard.NextWakeup(), t + milliseconds(200)) << "doubles";
}

TEST(DispatchShardTest, SinkRetryAfterIsHonoured) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Micropub()});
  std::vector<Delivery> ready = shard.TakeReady(kStart);
  shard.Complete(ready[0], Reply(ready[0], {v1::DELIVERY_OUTCOME_RETRY_LATER}, "429", 700), kStart);
  EXPECT_EQ(shard.NextWakeup(), kStart + milliseconds(700));
}

TEST(DispatchShardTest, ParksAfterMaxAttemptsAndMovesOn) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("poison", "!r"), {SinkTarget::Micropub()});
  shard.Add(Pdu("next", "!r"), {SinkTarget::Micropub()});
  TimePoint now = kStart;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    std::vector<Delivery> ready = shard.TakeReady(now);
    ASSERT_EQ(ready.size(), 1u) << attempt;
    ASSERT_EQ(ready[0].events[0]->event.event_id(), "$poison");
    EXPECT_EQ(ready[0].attempt, static_cast<uint32_t>(attempt));
    std::vector<v1::DeliveryOutcome> outcomes(ready[0].events.size(),
                                              v1::DELIVERY_OUTCOME_RETRY_LATER);
    shard.Complete(ready[0], Reply(ready[0], outcomes, "bad nick"), now);
    now += milliseconds(1000);
  }
  std::vector<ParkedEvent> parked = shard.TakeParked();
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_EQ(parked[0].event->event.event_id(), "$poison");
  EXPECT_EQ(parked[0].attempts, 3);
  EXPECT_EQ(parked[0].sink, "micropub");
  EXPECT_THAT(parked[0].reason, ::testing::HasSubstr("bad nick"));
  EXPECT_THAT(shard.TakeAcks(), ElementsAre("1-poison"));
  std::vector<Delivery> next = shard.TakeReady(now);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_THAT(EventIds(next[0]), ElementsAre("$next"));
  EXPECT_EQ(next[0].attempt, 1u);
}

TEST(DispatchShardTest, RejectedIsParkedWithReasonAndRestContinues) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Micropub()});
  shard.Add(Pdu("b", "!r"), {SinkTarget::Micropub()});
  std::vector<Delivery> ready = shard.TakeReady(kStart);
  shard.Complete(
      ready[0],
      Reply(ready[0], {v1::DELIVERY_OUTCOME_REJECTED, v1::DELIVERY_OUTCOME_DONE}, "too long"),
      kStart);
  std::vector<ParkedEvent> parked = shard.TakeParked();
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_EQ(parked[0].reason, "rejected by sink: too long");
  EXPECT_THAT(shard.TakeAcks(), ElementsAre("1-a", "1-b"));
}

TEST(DispatchShardTest, InvalidArgumentCallParksTheWholeBatch) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Micropub()});
  shard.Add(Pdu("b", "!r"), {SinkTarget::Micropub()});
  std::vector<Delivery> ready = shard.TakeReady(kStart);
  CompletionStats stats =
      shard.Complete(ready[0], absl::InvalidArgumentError("bad request"), kStart);
  EXPECT_EQ(stats.parked, 2);
  EXPECT_EQ(shard.TakeParked().size(), 2u);
  EXPECT_THAT(shard.TakeAcks(), ElementsAre("1-a", "1-b"));
}

TEST(DispatchShardTest, UnavailableCallRetriesTheBatch) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Micropub()});
  std::vector<Delivery> ready = shard.TakeReady(kStart);
  CompletionStats stats = shard.Complete(ready[0], absl::UnavailableError("down"), kStart);
  EXPECT_TRUE(stats.retry);
  EXPECT_THAT(shard.TakeAcks(), IsEmpty());
  std::vector<Delivery> again = shard.TakeReady(kStart + milliseconds(100));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempt, 2u);
}

TEST(DispatchShardTest, NotMineRedeliversAtOnceExcludingTheWorkerThenBacksOff) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Irc("libera")});
  TimePoint now = kStart;
  std::vector<std::string> workers = {"w1", "w2", "w3"};
  for (int i = 0; i < 2; ++i) {
    std::vector<Delivery> ready = shard.TakeReady(now);
    ASSERT_EQ(ready.size(), 1u);
    EXPECT_EQ(ready[0].excluded_workers.size(), static_cast<size_t>(i));
    ready[0].worker_id = workers[i];
    CompletionStats stats =
        shard.Complete(ready[0], Reply(ready[0], {v1::DELIVERY_OUTCOME_NOT_MINE}), now);
    EXPECT_EQ(stats.not_mine, 1);
    EXPECT_FALSE(stats.retry);
  }
  std::vector<Delivery> third = shard.TakeReady(now);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_THAT(third[0].excluded_workers, ElementsAre("w1", "w2"));
  EXPECT_EQ(third[0].attempt, 1u) << "not-mine is not a failed attempt";
  third[0].worker_id = "w3";
  CompletionStats stats =
      shard.Complete(third[0], Reply(third[0], {v1::DELIVERY_OUTCOME_NOT_MINE}), now);
  EXPECT_TRUE(stats.retry) << "bounded re-resolution";
  EXPECT_THAT(shard.TakeReady(now), IsEmpty());
}

TEST(DispatchShardTest, IrcBatchesCarryOneSender) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r", "@alice:hs"), {SinkTarget::Irc("libera")});
  shard.Add(Pdu("b", "!r", "@alice:hs"), {SinkTarget::Irc("libera")});
  shard.Add(Pdu("c", "!r", "@bob:hs"), {SinkTarget::Irc("libera")});
  std::vector<Delivery> ready = shard.TakeReady(kStart);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].routing_user, "@alice:hs");
  EXPECT_THAT(EventIds(ready[0]), ElementsAre("$a", "$b"));
  shard.Complete(ready[0], Reply(ready[0], {v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE}),
                 kStart);
  std::vector<Delivery> next = shard.TakeReady(kStart);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].routing_user, "@bob:hs");
}

TEST(DispatchShardTest, EphemeralEventsAreBatchedApartAndNeedNoOutcome) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Micropub()});
  shard.Add(Edu("t", "!r"), {SinkTarget::Micropub()});
  std::vector<Delivery> ready = shard.TakeReady(kStart);
  ASSERT_EQ(ready[0].events.size(), 1u);
  shard.Complete(ready[0], Reply(ready[0], {v1::DELIVERY_OUTCOME_DONE}), kStart);
  std::vector<Delivery> next = shard.TakeReady(kStart);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_TRUE(next[0].ephemeral);
  shard.Complete(next[0], v1::DeliverReply(), kStart);
  EXPECT_THAT(shard.TakeAcks(), ElementsAre("1-a", "2-t"));
  EXPECT_THAT(shard.TakeDone(), ::testing::SizeIs(1)) << "no idempotency record for ephemeral";
}

TEST(DispatchShardTest, MissingOrMismatchedOutcomeIsRetried) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Micropub()});
  std::vector<Delivery> ready = shard.TakeReady(kStart);
  v1::DeliverReply reply;
  v1::EventOutcome* outcome = reply.add_outcomes();
  outcome->set_event_id("$other");
  outcome->set_outcome(v1::DELIVERY_OUTCOME_DONE);
  CompletionStats stats = shard.Complete(ready[0], reply, kStart);
  EXPECT_TRUE(stats.retry);
  EXPECT_THAT(shard.TakeAcks(), IsEmpty());
}

TEST(DispatchShardTest, DeferDoesNotCountAnAttempt) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Irc("libera")});
  for (int i = 0; i < 5; ++i) {
    std::vector<Delivery> ready = shard.TakeReady(kStart + std::chrono::seconds(i * 10));
    ASSERT_EQ(ready.size(), 1u);
    EXPECT_EQ(ready[0].attempt, 1u);
    shard.Defer(ready[0], "no live worker", kStart + std::chrono::seconds(i * 10));
  }
  EXPECT_THAT(shard.TakeParked(), IsEmpty());
}

TEST(DispatchShardTest, StaleCompletionIsIgnored) {
  DispatchShard shard(0, Policy());
  shard.Add(Pdu("a", "!r"), {SinkTarget::Micropub()});
  std::vector<Delivery> ready = shard.TakeReady(kStart);
  Delivery stale = ready[0];
  stale.id += 100;
  EXPECT_TRUE(shard.Complete(stale, Reply(stale, {v1::DELIVERY_OUTCOME_DONE}), kStart).stale);
  EXPECT_THAT(shard.TakeAcks(), IsEmpty());
}

}  // namespace
}  // namespace mxedge::appservice_router
