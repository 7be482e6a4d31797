#include "irc_to_matrix.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mxedge/bridge/ghost_namer.hpp"
#include "mxedge/irc/case_mapping.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "support/irc_to_matrix_pair_test.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using namespace std::chrono_literals;

ChannelLine Line(std::string text, std::string receiver = "@alice:example.org",
                 std::string source = "Bob!bob@host") {
  return LocalChannelLine(std::move(text), std::move(receiver), std::move(source));
}

class IrcToMatrixTest : public IrcToMatrixPairTest {
 protected:
  IrcToMatrixTest() : IrcToMatrixPairTest(std::chrono::milliseconds(0)) {}

  std::chrono::steady_clock::time_point Now() const {
    return std::chrono::steady_clock::time_point{} + elapsed_;
  }

  std::chrono::milliseconds elapsed_{1'000};
};

TEST_F(IrcToMatrixTest, TheReceiverBridgesAChannelLineFromTheGhost) {
  EXPECT_EQ(w1_.OnChannelLine(Line("hello"), Now()).value(), LineFate::kBridged);
  ASSERT_EQ(sender_.sent.size(), 1u);
  const GhostMessage& m = sender_.sent[0];
  EXPECT_EQ(m.room_id, "!room:example.org");
  EXPECT_EQ(m.ghost_mxid, "@irc_local_bob:example.org");
  EXPECT_EQ(m.msgtype, "m.text");
  EXPECT_EQ(m.body, "hello");
  EXPECT_TRUE(m.idempotency_key.starts_with("irc:local:h:"));
  EXPECT_TRUE(records_.ListPending("local", "w1").value().empty());
}

TEST_F(IrcToMatrixTest, OnlyTheReceiverBridgesOtherConnectionsBuffer) {
  EXPECT_EQ(w1_.OnChannelLine(Line("one"), Now()).value(), LineFate::kBridged);
  EXPECT_EQ(w2_.OnChannelLine(Line("one", "@carol:example.org"), Now()).value(),
            LineFate::kNotReceiver);
  EXPECT_EQ(sender_.sent.size(), 1u);
}

TEST_F(IrcToMatrixTest, IdenticalUntaggedLinesAreSeparateMessages) {
  EXPECT_EQ(w1_.OnChannelLine(Line("ok"), Now()).value(), LineFate::kBridged);
  elapsed_ += 1s;
  EXPECT_EQ(w1_.OnChannelLine(Line("ok"), Now()).value(), LineFate::kBridged);
  ASSERT_EQ(sender_.sent.size(), 2u);
  EXPECT_NE(sender_.sent[0].idempotency_key, sender_.sent[1].idempotency_key);
}

TEST_F(IrcToMatrixTest, TheSameTaggedLineSeenTwiceIsBridgedOnce) {
  ChannelLine line = Line("hi");
  line.msgid = "abc123";
  EXPECT_EQ(w1_.OnChannelLine(line, Now()).value(), LineFate::kBridged);
  EXPECT_EQ(w1_.OnChannelLine(line, Now()).value(), LineFate::kAlreadyHandled);
  EXPECT_THAT(sender_.sent,
              ElementsAre(Field(&GhostMessage::idempotency_key, "irc:local:id:abc123")));
}

TEST_F(IrcToMatrixTest, OwnPuppetsAreNotBridgedBack) {
  ASSERT_TRUE(nicks_.Set("local", irc::CaseMapping().Fold("Alice[m]"), "@alice:example.org").ok());
  EXPECT_EQ(w1_.OnChannelLine(Line("mine", "@dave:example.org", "Alice{m}!a@h"), Now()).value(),
            LineFate::kOwnPuppet);
  EXPECT_TRUE(sender_.sent.empty());
}

TEST_F(IrcToMatrixTest, ActionsAreEmotesAndOtherCtcpAndUnmappedChannelsAreIgnored) {
  EXPECT_EQ(w1_.OnChannelLine(Line("\x01"
                                   "ACTION waves\x01"),
                              Now())
                .value(),
            LineFate::kBridged);
  EXPECT_EQ(w1_.OnChannelLine(Line("\x01VERSION\x01"), Now()).value(), LineFate::kNotMapped);
  ChannelLine other = Line("x");
  other.channel = "#elsewhere";
  EXPECT_EQ(w1_.OnChannelLine(other, Now()).value(), LineFate::kNotMapped);
  ASSERT_EQ(sender_.sent.size(), 1u);
  EXPECT_EQ(sender_.sent[0].msgtype, "m.emote");
  EXPECT_EQ(sender_.sent[0].body, "waves");
}

TEST_F(IrcToMatrixTest, ANewOwnerResendsWhatADeadWorkerLeftPendingWithTheSameKey) {
  sender_.result = absl::UnavailableError("router down");
  EXPECT_FALSE(w1_.OnChannelLine(Line("lost?"), Now()).ok());
  ASSERT_EQ(records_.ListPending("local", "w1").value().size(), 1u);
  const std::string key = records_.ListPending("local", "w1").value()[0].key;
  sender_.result = absl::OkStatus();
  EXPECT_EQ(w2_.ResendPending("local", "w1").value(), 1);
  ASSERT_EQ(sender_.sent.size(), 1u);
  EXPECT_EQ(sender_.sent[0].body, "lost?");
  EXPECT_EQ(sender_.sent[0].ghost_mxid, "@irc_local_bob:example.org");
  EXPECT_EQ(sender_.sent[0].idempotency_key, "irc:local:" + key);
  EXPECT_TRUE(records_.ListPending("local", "w1").value().empty());
  EXPECT_TRUE(records_.ListPending("local", "w2").value().empty());
  EXPECT_EQ(w2_.ResendPending("local", "w1").value(), 0);
}

TEST_F(IrcToMatrixTest, AReceiverTakeoverReplaysOnlyWhatNobodyBridged) {
  // alice's connection (w1) receives the channel and bridges m1, then w1 dies; carol's connection
  // (w2) saw m1 and m2 but was not the receiver.
  ChannelLine tagged_first = Line("first", "@alice:example.org");
  tagged_first.msgid = "m1";
  EXPECT_EQ(w1_.OnChannelLine(tagged_first, Now()).value(), LineFate::kBridged);
  ChannelLine first = Line("first", "@carol:example.org");
  first.msgid = "m1";
  EXPECT_EQ(w2_.OnChannelLine(first, Now()).value(), LineFate::kNotReceiver);
  ChannelLine second = Line("second", "@carol:example.org");
  second.msgid = "m2";
  EXPECT_EQ(w2_.OnChannelLine(second, Now()).value(), LineFate::kNotReceiver);
  // The lease expires (w1 died); carol's connection takes the channel and replays its buffer.
  clock_.Advance(31s);
  elapsed_ += 31s;
  ChannelLine third = Line("third", "@carol:example.org");
  third.msgid = "m3";
  EXPECT_EQ(w2_.OnChannelLine(third, Now()).value(), LineFate::kBridged);
  std::vector<std::string> bodies;
  for (const GhostMessage& m : sender_.sent) {
    bodies.push_back(m.body);
  }
  // m1 was done already; m2 is replayed before m3, in IRC order.
  EXPECT_THAT(bodies, ElementsAre("first", "second", "third"));
  EXPECT_EQ(w2_.ReplayBuffered("local", "@carol:example.org", "#MXEDGE", Now()).value(), 0);
}

TEST_F(IrcToMatrixTest, AVacantReceiverIsTakenOverWithoutANewLine) {
  // alice's connection (w1) receives and bridges m1, then w1 dies; carol's connection (w2) buffered
  // m1 and m2, and the channel falls silent.
  ChannelLine first = Line("first", "@alice:example.org");
  first.msgid = "m1";
  EXPECT_EQ(w1_.OnChannelLine(first, Now()).value(), LineFate::kBridged);
  first.receiver_mxid = "@carol:example.org";
  EXPECT_EQ(w2_.OnChannelLine(first, Now()).value(), LineFate::kNotReceiver);
  ChannelLine second = Line("second", "@carol:example.org");
  second.msgid = "m2";
  EXPECT_EQ(w2_.OnChannelLine(second, Now()).value(), LineFate::kNotReceiver);
  auto connected = [](std::string_view, std::string_view) { return true; };
  // The lease is still alice's: nothing happens.
  EXPECT_EQ(w2_.ClaimVacantReceivers(Now(), connected).value(), 0);
  EXPECT_EQ(sender_.sent.size(), 1u);
  clock_.Advance(31s);
  elapsed_ += 31s;
  // A closed connection does not take the lease.
  EXPECT_EQ(
      w2_.ClaimVacantReceivers(Now(), [](std::string_view, std::string_view) { return false; })
          .value(),
      0);
  EXPECT_FALSE(receivers_.Current("local", "#mxedge").value().has_value());
  EXPECT_EQ(w2_.ClaimVacantReceivers(Now(), connected).value(), 1);
  std::vector<std::string> bodies;
  for (const GhostMessage& m : sender_.sent) {
    bodies.push_back(m.body);
  }
  EXPECT_THAT(bodies, ElementsAre("first", "second"));
  EXPECT_EQ(receivers_.Current("local", "#mxedge").value(),
            std::optional<Receiver>(Receiver{"w2", "@carol:example.org"}));
  // Once receiving, the sweep leaves the channel alone.
  EXPECT_EQ(w2_.ClaimVacantReceivers(Now(), connected).value(), 0);
  EXPECT_EQ(sender_.sent.size(), 2u);
}

// Counts the lease requests that reach the store (each is a Redis round trip in production).
class CountingReceivers final : public ChannelReceivers {
 public:
  explicit CountingReceivers(ChannelReceivers& inner) : inner_(inner) {}
  absl::StatusOr<ReceiverClaim> TryAcquire(std::string_view network,
                                           std::string_view folded_channel, const Receiver& me,
                                           std::chrono::milliseconds lease) override {
    ++acquires;
    return inner_.TryAcquire(network, folded_channel, me, lease);
  }
  absl::StatusOr<bool> Release(std::string_view network, std::string_view folded_channel,
                               const Receiver& me) override {
    return inner_.Release(network, folded_channel, me);
  }
  absl::StatusOr<std::optional<Receiver>> Current(std::string_view network,
                                                  std::string_view folded_channel) override {
    return inner_.Current(network, folded_channel);
  }
  int acquires = 0;

 private:
  ChannelReceivers& inner_;
};

TEST_F(IrcToMatrixTest, ARefusedConnectionAsksForTheLeaseAtMostOncePerThirdOfTheLease) {
  CountingReceivers counting(receivers_);
  IrcToMatrix w3(records_, nicks_, counting, sender_, Channels(),
                 Options("w3", std::chrono::milliseconds(0)));
  ChannelLine first = Line("first");
  first.msgid = "m1";
  ASSERT_EQ(w1_.OnChannelLine(first, Now()).value(), LineFate::kBridged);
  for (int i = 1; i <= 5; ++i) {
    ChannelLine copy = Line("line " + std::to_string(i), "@carol:example.org");
    copy.msgid = "c" + std::to_string(i);
    EXPECT_EQ(w3.OnChannelLine(copy, Now()).value(), LineFate::kNotReceiver);
  }
  EXPECT_EQ(counting.acquires, 1);
  // A third of the lease later it asks again (alice's lease still holds).
  clock_.Advance(11s);
  elapsed_ += 11s;
  ChannelLine sixth = Line("line 6", "@carol:example.org");
  sixth.msgid = "c6";
  EXPECT_EQ(w3.OnChannelLine(sixth, Now()).value(), LineFate::kNotReceiver);
  EXPECT_EQ(counting.acquires, 2);
  // alice's worker is gone: once the lease lapses, carol's connection takes it at its next line
  // and replays, in order, every line it buffered meanwhile, those it did not ask about included.
  clock_.Advance(31s);
  elapsed_ += 31s;
  ChannelLine seventh = Line("line 7", "@carol:example.org");
  seventh.msgid = "c7";
  EXPECT_EQ(w3.OnChannelLine(seventh, Now()).value(), LineFate::kBridged);
  EXPECT_EQ(counting.acquires, 3);
  std::vector<std::string> bodies;
  for (const GhostMessage& m : sender_.sent) {
    bodies.push_back(m.body);
  }
  EXPECT_THAT(bodies, ElementsAre("first", "line 1", "line 2", "line 3", "line 4", "line 5",
                                  "line 6", "line 7"));
}

TEST_F(IrcToMatrixTest, AVacantReceiverSweepSkipsBuffersOlderThanTheReplayWindow) {
  ASSERT_TRUE(w1_.OnChannelLine(Line("x"), Now()).ok());
  ChannelLine old = Line("old", "@carol:example.org");
  old.msgid = "o1";
  EXPECT_EQ(w2_.OnChannelLine(old, Now()).value(), LineFate::kNotReceiver);
  clock_.Advance(46s);
  elapsed_ += 46s;
  EXPECT_EQ(w2_.ClaimVacantReceivers(Now(), [](std::string_view, std::string_view) { return true; })
                .value(),
            0);
  EXPECT_FALSE(receivers_.Current("local", "#mxedge").value().has_value());
}

TEST_F(IrcToMatrixTest, TheReplayWindowBoundsTheBuffer) {
  ChannelLine old = Line("old", "@carol:example.org");
  old.msgid = "o1";
  ASSERT_TRUE(w1_.OnChannelLine(Line("x"), Now()).ok());
  EXPECT_EQ(w2_.OnChannelLine(old, Now()).value(), LineFate::kNotReceiver);
  elapsed_ += 46s;
  EXPECT_EQ(w2_.ReplayBuffered("local", "@carol:example.org", "#mxedge", Now()).value(), 0);
}

TEST(PendingPayloadTest, RoundTripsAndRejectsWhatIsNotOne) {
  GhostMessage m{"!r:x", "@g:x", "m.emote", "b\"ody", ""};
  absl::StatusOr<GhostMessage> back = DecodePendingPayload(EncodePendingPayload(m));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, m);
  for (std::string_view bad :
       {"", "[]", "{}", R"({"room":"r","ghost":"g","msgtype":"m.file","body":"b"})",
        R"({"room":1,"ghost":"g","msgtype":"m.text","body":"b"})"}) {
    EXPECT_EQ(DecodePendingPayload(bad).status().code(), absl::StatusCode::kDataLoss) << bad;
  }
}

TEST(GhostUserIdTest, FillsTheTemplateWithTheFoldedEscapedNick) {
  EXPECT_EQ(GhostUserId("irc_$NETWORK_$NICK", "libera", "Bob[away]", "example.org"),
            "@irc_libera_bob=7baway=7d:example.org");
  // One IRC user, one ghost: the id reads back to the folded nick, as private chats need.
  absl::StatusOr<bridge::GhostNamer> namer =
      bridge::GhostNamer::Create("irc_$NETWORK_$NICK", "example.org");
  ASSERT_TRUE(namer.ok());
  absl::StatusOr<bridge::GhostId> back =
      namer->Parse(GhostUserId("irc_$NETWORK_$NICK", "libera", "Bob[away]", "example.org"));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->nick, "bob{away}");
  EXPECT_EQ(GhostUserId("$NICK.irc", "n", "a-b", "hs"), "@a-b.irc:hs");
}

}  // namespace
}  // namespace mxedge::irc_worker
