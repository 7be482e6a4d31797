#include "ghost_message_coalescer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace std::chrono_literals;

using TimePoint = GhostMessageCoalescer::TimePoint;

TimePoint At(std::chrono::milliseconds ms) { return TimePoint{} + ms; }

GhostMessage Msg(std::string body, std::string ghost = "@irc_local_bob:example.org",
                 std::string msgtype = "m.text", std::string room = "!room:example.org") {
  return {.room_id = std::move(room),
          .ghost_mxid = std::move(ghost),
          .msgtype = std::move(msgtype),
          .body = body,
          .formatted_body = "",
          .mentions = {},
          .idempotency_key = "irc:local:" + body};
}

GhostMessageCoalescer Coalescer(std::chrono::milliseconds window = 2s,
                                std::size_t max_bytes = 4096) {
  return GhostMessageCoalescer({{"local", window}}, max_bytes);
}

TEST(GhostMessageCoalescerTest, ANetworkWithoutWindowPassesEachLineAlone) {
  GhostMessageCoalescer c({{"local", 0ms}}, 4096);
  EXPECT_FALSE(c.Enabled("local"));
  EXPECT_FALSE(c.Enabled("other"));
  std::vector<CoalescedMessage> out = c.Add("local", "k1", Msg("one"), At(0ms));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_THAT(out[0].keys, ElementsAre("k1"));
  EXPECT_EQ(out[0].message, Msg("one"));
  EXPECT_FALSE(c.NextDeadline().has_value());
}

TEST(GhostMessageCoalescerTest, LinesWithinTheWindowBecomeOneMessageWithTheFirstKey) {
  GhostMessageCoalescer c = Coalescer();
  EXPECT_TRUE(c.Enabled("local"));
  EXPECT_THAT(c.Add("local", "k1", Msg("one"), At(0ms)), IsEmpty());
  EXPECT_THAT(c.Add("local", "k2", Msg("two"), At(1500ms)), IsEmpty());
  EXPECT_THAT(c.Add("local", "k3", Msg("three"), At(3000ms)), IsEmpty());
  EXPECT_TRUE(c.Holds("local", "k2"));
  EXPECT_FALSE(c.Holds("local", "k4"));
  EXPECT_FALSE(c.Holds("other", "k2"));
  EXPECT_EQ(c.NextDeadline(), At(5000ms));
  EXPECT_THAT(c.Flush(At(4999ms)), IsEmpty());
  std::vector<CoalescedMessage> out = c.Flush(At(5000ms));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].network, "local");
  EXPECT_THAT(out[0].keys, ElementsAre("k1", "k2", "k3"));
  EXPECT_EQ(out[0].message.body, "one\ntwo\nthree");
  EXPECT_EQ(out[0].message.idempotency_key, "irc:local:one");
  EXPECT_EQ(out[0].message.formatted_body, "");
  EXPECT_FALSE(c.Holds("local", "k2"));
  EXPECT_FALSE(c.NextDeadline().has_value());
}

TEST(GhostMessageCoalescerTest, AnotherSpeakerClosesTheBatch) {
  GhostMessageCoalescer c = Coalescer();
  EXPECT_THAT(c.Add("local", "k1", Msg("one"), At(0ms)), IsEmpty());
  EXPECT_THAT(c.Add("local", "k2", Msg("two"), At(100ms)), IsEmpty());
  std::vector<CoalescedMessage> out =
      c.Add("local", "k3", Msg("hi", "@irc_local_carol:example.org"), At(200ms));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_THAT(out[0].keys, ElementsAre("k1", "k2"));
  EXPECT_EQ(out[0].message.ghost_mxid, "@irc_local_bob:example.org");
  EXPECT_TRUE(c.Holds("local", "k3"));
  std::vector<CoalescedMessage> rest = c.FlushAll();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_THAT(rest[0].keys, ElementsAre("k3"));
  EXPECT_EQ(rest[0].message.body, "hi");
}

TEST(GhostMessageCoalescerTest, AGapLongerThanTheWindowStartsANewMessage) {
  GhostMessageCoalescer c = Coalescer();
  EXPECT_THAT(c.Add("local", "k1", Msg("one"), At(0ms)), IsEmpty());
  std::vector<CoalescedMessage> out = c.Add("local", "k2", Msg("two"), At(2500ms));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_THAT(out[0].keys, ElementsAre("k1"));
}

TEST(GhostMessageCoalescerTest, AnEmoteIsAlwaysAlone) {
  GhostMessageCoalescer c = Coalescer();
  EXPECT_THAT(c.Add("local", "k1", Msg("one"), At(0ms)), IsEmpty());
  std::vector<CoalescedMessage> out =
      c.Add("local", "k2", Msg("waves", "@irc_local_bob:example.org", "m.emote"), At(10ms));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_THAT(out[0].keys, ElementsAre("k1"));
  EXPECT_THAT(out[1].keys, ElementsAre("k2"));
  EXPECT_EQ(out[1].message.msgtype, "m.emote");
  EXPECT_FALSE(c.NextDeadline().has_value());
}

TEST(GhostMessageCoalescerTest, RoomsAreCoalescedApart) {
  GhostMessageCoalescer c = Coalescer();
  EXPECT_THAT(c.Add("local", "a1", Msg("a", "@g:x", "m.text", "!a:x"), At(0ms)), IsEmpty());
  EXPECT_THAT(c.Add("local", "b1", Msg("b", "@g:x", "m.text", "!b:x"), At(10ms)), IsEmpty());
  EXPECT_THAT(c.Add("local", "a2", Msg("a2", "@g:x", "m.text", "!a:x"), At(20ms)), IsEmpty());
  std::vector<CoalescedMessage> out = c.FlushAll();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_THAT(out[0].keys, ElementsAre("a1", "a2"));
  EXPECT_EQ(out[0].message.body, "a\na2");
  EXPECT_THAT(out[1].keys, ElementsAre("b1"));
}

TEST(GhostMessageCoalescerTest, ABatchNeverGrowsBeyondMaxBytes) {
  GhostMessageCoalescer c = Coalescer(2s, 8);
  EXPECT_THAT(c.Add("local", "k1", Msg("abcd"), At(0ms)), IsEmpty());
  std::vector<CoalescedMessage> out = c.Add("local", "k2", Msg("efghi"), At(10ms));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_THAT(out[0].keys, ElementsAre("k1"));
}

TEST(GhostMessageCoalescerTest, ANewlineInsideABodyDoesNotMiscountTheBatch) {
  GhostMessageCoalescer c = Coalescer();
  EXPECT_THAT(c.Add("local", "k1", Msg("one\nstill one"), At(0ms)), IsEmpty());
  EXPECT_THAT(c.Add("local", "k2", Msg("two"), At(10ms)), IsEmpty());
  std::vector<CoalescedMessage> out = c.FlushAll();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_THAT(out[0].keys, ElementsAre("k1", "k2"));
  EXPECT_EQ(out[0].message.body, "one\nstill one\ntwo");
}

TEST(MergeGhostMessagesTest, HtmlOfEveryLineWhenOneIsFormatted) {
  GhostMessage bold = Msg("loud");
  bold.formatted_body = "<b>loud</b>";
  bold.mentions = {"@alice:example.org"};
  GhostMessage plain = Msg("a < b & c");
  plain.mentions = {"@alice:example.org", "@carol:example.org"};
  GhostMessage merged = MergeGhostMessages({bold, plain});
  EXPECT_EQ(merged.body, "loud\na < b & c");
  EXPECT_EQ(merged.formatted_body, "<b>loud</b><br>a &lt; b &amp; c");
  EXPECT_THAT(merged.mentions, ElementsAre("@alice:example.org", "@carol:example.org"));
  EXPECT_EQ(merged.idempotency_key, "irc:local:loud");
  EXPECT_EQ(merged.room_id, "!room:example.org");
}

TEST(MergeGhostMessagesTest, OneLineIsItself) {
  EXPECT_EQ(MergeGhostMessages({Msg("x")}), Msg("x"));
  EXPECT_EQ(MergeGhostMessages({}), GhostMessage{});
}

}  // namespace
}  // namespace mxedge::irc_worker
