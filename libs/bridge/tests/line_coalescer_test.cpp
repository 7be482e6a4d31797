#include "mxedge/bridge/line_coalescer.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

using std::chrono::milliseconds;
using TimePoint = LineCoalescer::TimePoint;

const TimePoint kStart{};

IrcChatLine Line(std::string sender, std::string text,
                 MatrixMsgtype msgtype = MatrixMsgtype::kText) {
  return IrcChatLine{
      .sender = std::move(sender), .target = "#c", .msgtype = msgtype, .text = std::move(text)};
}

TEST(LineCoalescerTest, OffEmitsEveryLine) {
  LineCoalescer coalescer(milliseconds(0), 1000);
  std::vector<CoalescedLines> out = coalescer.Add("#c", Line("bob", "a"), kStart);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text, "a");
  EXPECT_FALSE(coalescer.NextDeadline().has_value());
}

TEST(LineCoalescerTest, JoinsLinesWithinTheWindow) {
  LineCoalescer coalescer(milliseconds(500), 1000);
  EXPECT_TRUE(coalescer.Add("#c", Line("bob", "one"), kStart).empty());
  EXPECT_TRUE(coalescer.Add("#c", Line("bob", "two"), kStart + milliseconds(400)).empty());
  EXPECT_EQ(coalescer.NextDeadline(), kStart + milliseconds(900));
  EXPECT_TRUE(coalescer.Flush(kStart + milliseconds(899)).empty());
  std::vector<CoalescedLines> out = coalescer.Flush(kStart + milliseconds(900));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (CoalescedLines{"#c", "bob", MatrixMsgtype::kText, "one\ntwo"}));
  EXPECT_FALSE(coalescer.NextDeadline().has_value());
}

TEST(LineCoalescerTest, AnotherSenderClosesTheBatch) {
  LineCoalescer coalescer(milliseconds(500), 1000);
  coalescer.Add("#c", Line("bob", "one"), kStart);
  std::vector<CoalescedLines> out = coalescer.Add("#c", Line("eve", "x"), kStart);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].sender, "bob");
  out = coalescer.FlushAll();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].sender, "eve");
}

TEST(LineCoalescerTest, LateLineOrSizeOrKindClosesTheBatch) {
  LineCoalescer coalescer(milliseconds(500), 8);
  coalescer.Add("#c", Line("bob", "one"), kStart);
  EXPECT_EQ(coalescer.Add("#c", Line("bob", "two"), kStart + milliseconds(500)).size(), 1u);
  EXPECT_EQ(coalescer.Add("#c", Line("bob", "three"), kStart + milliseconds(501)).size(), 1u);
  EXPECT_EQ(coalescer.Add("#c", Line("bob", "n", MatrixMsgtype::kNotice), kStart).size(), 1u);
  // An emote closes the notice batch and comes out itself.
  EXPECT_EQ(coalescer.Add("#c", Line("bob", "waves", MatrixMsgtype::kEmote), kStart).size(), 2u);
}

TEST(LineCoalescerTest, RoomsAreIndependent) {
  LineCoalescer coalescer(milliseconds(500), 1000);
  coalescer.Add("#a", Line("bob", "1"), kStart);
  EXPECT_TRUE(coalescer.Add("#b", Line("bob", "2"), kStart + milliseconds(100)).empty());
  std::vector<CoalescedLines> out = coalescer.Flush(kStart + milliseconds(550));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].room_key, "#a");
}

}  // namespace
}  // namespace mxedge::bridge
