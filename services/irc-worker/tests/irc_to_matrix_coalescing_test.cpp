// IrcToMatrix with a coalesce window: one nick's consecutive lines become one Matrix message,
// and line records keep replays, takeovers and re-sends from doubling or losing any line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/irc_to_matrix_pair_test.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::IsEmpty;
using namespace std::chrono_literals;

ChannelLine Line(std::string text, std::string msgid, std::string receiver = "@alice:example.org",
                 std::string source = "Bob!bob@host") {
  ChannelLine line = LocalChannelLine(std::move(text), std::move(receiver), std::move(source));
  line.msgid = std::move(msgid);
  return line;
}

class IrcToMatrixCoalescingTest : public IrcToMatrixPairTest {
 protected:
  IrcToMatrixCoalescingTest() : IrcToMatrixPairTest(2s) {}

  static std::chrono::steady_clock::time_point At(std::chrono::milliseconds ms) {
    return std::chrono::steady_clock::time_point{} + ms;
  }

  // Bob says three lines, half a second apart, seen by w1's connection for Alice.
  void BobSaysThreeLines() {
    ASSERT_EQ(w1_.OnChannelLine(Line("one", "m1"), At(1000ms)).value(), LineFate::kBridged);
    ASSERT_EQ(w1_.OnChannelLine(Line("\x02two\x02", "m2"), At(1500ms)).value(), LineFate::kBridged);
    ASSERT_EQ(w1_.OnChannelLine(Line("three", "m3"), At(2000ms)).value(), LineFate::kBridged);
  }
};

TEST_F(IrcToMatrixCoalescingTest, ConsecutiveLinesBecomeOneMessageOnceTheWindowPasses) {
  BobSaysThreeLines();
  EXPECT_THAT(sender_.sent, IsEmpty());
  EXPECT_EQ(w1_.NextCoalesceDeadline(), At(4000ms));
  EXPECT_EQ(w1_.FlushCoalesced(At(3999ms)).value(), 0);
  EXPECT_EQ(w1_.FlushCoalesced(At(4000ms)).value(), 1);
  ASSERT_EQ(sender_.sent.size(), 1u);
  const GhostMessage& m = sender_.sent[0];
  EXPECT_EQ(m.ghost_mxid, "@irc_local_bob:example.org");
  EXPECT_EQ(m.body, "one\ntwo\nthree");
  EXPECT_EQ(m.formatted_body, "one<br><b>two</b><br>three");
  EXPECT_TRUE(m.idempotency_key.starts_with("irc:local:"));
  EXPECT_TRUE(records_.ListPending("local", "w1").value().empty());
  EXPECT_FALSE(w1_.NextCoalesceDeadline().has_value());
}

TEST_F(IrcToMatrixCoalescingTest, WaitingLinesArePendingButNotResentByTheirOwnWorker) {
  BobSaysThreeLines();
  EXPECT_EQ(records_.ListPending("local", "w1").value().size(), 3u);
  EXPECT_EQ(w1_.ResendPending("local", "w1").value(), 0);
  EXPECT_THAT(sender_.sent, IsEmpty());
  EXPECT_EQ(w1_.FlushCoalesced(At(0ms), /*all=*/true).value(), 1);
  EXPECT_EQ(sender_.sent.size(), 1u);
}

TEST_F(IrcToMatrixCoalescingTest, TheMessageKeyIsTheFirstLinesKey) {
  BobSaysThreeLines();
  ASSERT_EQ(w1_.FlushCoalesced(At(4000ms)).value(), 1);
  const std::string coalesced_key = sender_.sent[0].idempotency_key;

  RecordingSender alone;
  InMemoryLineRecords other_records(clock_);
  InMemoryChannelReceivers other_receivers(clock_);
  IrcToMatrixOptions options = Options("w3", std::chrono::milliseconds(0));
  IrcToMatrix uncoalesced(other_records, nicks_, other_receivers, alone, Channels(), options);
  ASSERT_EQ(uncoalesced.OnChannelLine(Line("one", "m1"), At(1000ms)).value(), LineFate::kBridged);
  ASSERT_EQ(alone.sent.size(), 1u);
  EXPECT_EQ(alone.sent[0].idempotency_key, coalesced_key);
}

TEST_F(IrcToMatrixCoalescingTest, AReplayAfterTheMessageSendsNothingTwice) {
  // Carol's connection on w2 sees the same lines but is not the receiver.
  BobSaysThreeLines();
  const std::vector<std::pair<std::string, std::string>> lines = {
      {"one", "m1"}, {"\x02two\x02", "m2"}, {"three", "m3"}};
  for (const auto& line : lines) {
    ASSERT_EQ(
        w2_.OnChannelLine(Line(line.first, line.second, "@carol:example.org"), At(2100ms)).value(),
        LineFate::kNotReceiver);
  }
  ASSERT_EQ(w1_.FlushCoalesced(At(4000ms)).value(), 1);
  EXPECT_EQ(w2_.ReplayBuffered("local", "@carol:example.org", "#mxedge", At(5000ms)).value(), 0);
  EXPECT_EQ(w2_.FlushCoalesced(At(0ms), /*all=*/true).value(), 0);
  EXPECT_EQ(sender_.sent.size(), 1u);
}

TEST_F(IrcToMatrixCoalescingTest, ADeadWorkersWaitingLinesAreSentByTheNewOwner) {
  BobSaysThreeLines();
  // w1 dies with the batch unsent: w2 takes its pending lines over and sends each one.
  EXPECT_EQ(w2_.ResendPending("local", "w1").value(), 3);
  std::vector<std::string> bodies;
  for (const GhostMessage& m : sender_.sent) {
    bodies.push_back(m.body);
  }
  EXPECT_THAT(bodies, ::testing::UnorderedElementsAre("one", "two", "three"));
  EXPECT_TRUE(records_.ListPending("local", "w1").value().empty());
  EXPECT_TRUE(records_.ListPending("local", "w2").value().empty());
}

TEST_F(IrcToMatrixCoalescingTest, AFailedSendLeavesTheLinesForTheOwnResend) {
  BobSaysThreeLines();
  sender_.result = absl::UnavailableError("router down");
  EXPECT_TRUE(absl::IsUnavailable(w1_.FlushCoalesced(At(4000ms)).status()));
  EXPECT_EQ(records_.ListPending("local", "w1").value().size(), 3u);
  sender_.result = absl::OkStatus();
  EXPECT_EQ(w1_.ResendPending("local", "w1").value(), 3);
  EXPECT_EQ(sender_.sent.size(), 3u);
  EXPECT_TRUE(records_.ListPending("local", "w1").value().empty());
}

TEST_F(IrcToMatrixCoalescingTest, AnotherSpeakerSendsTheBatchAtOnce) {
  ASSERT_EQ(w1_.OnChannelLine(Line("one", "m1"), At(1000ms)).value(), LineFate::kBridged);
  ASSERT_EQ(w1_.OnChannelLine(Line("two", "m2"), At(1100ms)).value(), LineFate::kBridged);
  ASSERT_EQ(
      w1_.OnChannelLine(Line("hi", "m3", "@alice:example.org", "Dan!d@h"), At(1200ms)).value(),
      LineFate::kBridged);
  ASSERT_EQ(sender_.sent.size(), 1u);
  EXPECT_EQ(sender_.sent[0].body, "one\ntwo");
  EXPECT_EQ(w1_.FlushCoalesced(At(3200ms)).value(), 1);
  ASSERT_EQ(sender_.sent.size(), 2u);
  EXPECT_EQ(sender_.sent[1].ghost_mxid, "@irc_local_dan:example.org");
}

}  // namespace
}  // namespace mxedge::irc_worker
