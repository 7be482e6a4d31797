#include "block1_assembler.hpp"

#include <chrono>
#include <string>

#include "gtest/gtest.h"
#include "mxedge/testing/fake_clock.hpp"
#include "request_translator.hpp"

namespace mxedge::coap_gateway {
namespace {

using std::chrono::seconds;
using Kind = Block1Outcome::Kind;

RequestKey Key(SessionId session, std::string room = "!r") {
  return RequestKey{session, 3, {"9", room, "m.room.message", "1"}, {}};
}

std::string Chunk(char fill, std::size_t size = 1024) { return std::string(size, fill); }

TEST(Block1AssemblerTest, AssemblesThreeBlocks) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  absl::StatusOr<Block1Outcome> first = assembler.Feed(Key(1), {0, true, 6}, Chunk('a'), 2500);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->kind, Kind::kContinue);
  EXPECT_EQ(first->echo, (BlockValue{0, true, 6}));
  absl::StatusOr<Block1Outcome> second = assembler.Feed(Key(1), {1, true, 6}, Chunk('b'), {});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->echo, (BlockValue{1, true, 6}));
  EXPECT_EQ(assembler.buffered_bytes(), 2048u);
  absl::StatusOr<Block1Outcome> last = assembler.Feed(Key(1), {2, false, 6}, Chunk('c', 452), {});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->kind, Kind::kComplete);
  EXPECT_EQ(last->echo, (BlockValue{2, false, 6}));
  EXPECT_EQ(last->body, Chunk('a') + Chunk('b') + Chunk('c', 452));
  EXPECT_EQ(assembler.transfers(), 0u);
  EXPECT_EQ(assembler.buffered_bytes(), 0u);
  EXPECT_EQ(assembler.stats().completed, 1u);
}

TEST(Block1AssemblerTest, SingleBlockCompletesAtOnce) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  absl::StatusOr<Block1Outcome> only = assembler.Feed(Key(1), {0, false, 6}, "{}", {});
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(only->kind, Kind::kComplete);
  EXPECT_EQ(only->body, "{}");
  EXPECT_EQ(only->echo, (BlockValue{0, false, 6}));
  EXPECT_EQ(assembler.transfers(), 0u);
}

TEST(Block1AssemblerTest, TransfersWithDifferentKeysDoNotMix) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  ASSERT_TRUE(assembler.Feed(Key(1, "!a"), {0, true, 4}, Chunk('a', 256), {}).ok());
  ASSERT_TRUE(assembler.Feed(Key(1, "!b"), {0, true, 4}, Chunk('b', 256), {}).ok());
  ASSERT_TRUE(assembler.Feed(Key(2, "!a"), {0, true, 4}, Chunk('c', 256), {}).ok());
  absl::StatusOr<Block1Outcome> a = assembler.Feed(Key(1, "!a"), {1, false, 4}, "A", {});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->body, Chunk('a', 256) + "A");
  absl::StatusOr<Block1Outcome> b = assembler.Feed(Key(1, "!b"), {1, false, 4}, "B", {});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->body, Chunk('b', 256) + "B");
  EXPECT_EQ(assembler.transfers(), 1u);
}

TEST(Block1AssemblerTest, Size1OverLimitIs413) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock, Block1Limits{4096, 4, 1 << 20, seconds(120)});
  absl::StatusOr<Block1Outcome> outcome = assembler.Feed(Key(1), {0, true, 6}, Chunk('a'), 5000);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(CoapCodeOf(outcome.status()), msc3079::kCoapRequestEntityTooLarge);
  EXPECT_EQ(outcome.status().message(), "request body of 5000 bytes is over the limit of 4096");
  EXPECT_EQ(assembler.max_body_bytes(), 4096u);
  EXPECT_EQ(assembler.transfers(), 0u);
}

TEST(Block1AssemblerTest, RunningTotalOverLimitIs413AndDropsTransfer) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock, Block1Limits{2100, 4, 1 << 20, seconds(120)});
  ASSERT_TRUE(assembler.Feed(Key(1), {0, true, 6}, Chunk('a'), {}).ok());
  ASSERT_TRUE(assembler.Feed(Key(1), {1, true, 6}, Chunk('a'), {}).ok());
  absl::StatusOr<Block1Outcome> over = assembler.Feed(Key(1), {2, true, 6}, Chunk('a'), {});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(CoapCodeOf(over.status()), msc3079::kCoapRequestEntityTooLarge);
  EXPECT_EQ(assembler.transfers(), 0u);
  EXPECT_EQ(assembler.buffered_bytes(), 0u);
  EXPECT_EQ(assembler.stats().too_large, 1u);
}

TEST(Block1AssemblerTest, BlockWithoutTransferIs408) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  absl::StatusOr<Block1Outcome> outcome = assembler.Feed(Key(1), {1, true, 6}, Chunk('a'), {});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(CoapCodeOf(outcome.status()), kCoapRequestEntityIncomplete);
  EXPECT_EQ(outcome.status().message(),
            "Block1 block 1 without a transfer in progress; start at 0");
}

TEST(Block1AssemblerTest, GapIs408AndDropsTransfer) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  ASSERT_TRUE(assembler.Feed(Key(1), {0, true, 6}, Chunk('a'), {}).ok());
  absl::StatusOr<Block1Outcome> gap = assembler.Feed(Key(1), {2, true, 6}, Chunk('c'), {});
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(CoapCodeOf(gap.status()), kCoapRequestEntityIncomplete);
  EXPECT_EQ(gap.status().message(),
            "Block1 block 2 starts at byte 2048, expected 1024; start at 0");
  EXPECT_EQ(assembler.transfers(), 0u);
  absl::StatusOr<Block1Outcome> next = assembler.Feed(Key(1), {1, true, 6}, Chunk('b'), {});
  EXPECT_EQ(CoapCodeOf(next.status()), kCoapRequestEntityIncomplete);
}

TEST(Block1AssemblerTest, RepeatedBlockIsAnsweredAgainWithoutAppending) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  ASSERT_TRUE(assembler.Feed(Key(1), {0, true, 6}, Chunk('a'), {}).ok());
  ASSERT_TRUE(assembler.Feed(Key(1), {1, true, 6}, Chunk('b'), {}).ok());
  absl::StatusOr<Block1Outcome> repeat = assembler.Feed(Key(1), {1, true, 6}, Chunk('b'), {});
  ASSERT_TRUE(repeat.ok());
  EXPECT_EQ(repeat->kind, Kind::kContinue);
  EXPECT_EQ(repeat->echo, (BlockValue{1, true, 6}));
  EXPECT_EQ(assembler.buffered_bytes(), 2048u);
  absl::StatusOr<Block1Outcome> last = assembler.Feed(Key(1), {2, false, 6}, "z", {});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->body.size(), 2049u);
}

TEST(Block1AssemblerTest, BlockSizeMayShrinkMidTransfer) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  ASSERT_TRUE(assembler.Feed(Key(1), {0, true, 6}, Chunk('a'), {}).ok());
  // Byte 1024 in 512-byte blocks is block 2.
  absl::StatusOr<Block1Outcome> smaller = assembler.Feed(Key(1), {2, true, 5}, Chunk('b', 512), {});
  ASSERT_TRUE(smaller.ok()) << smaller.status();
  EXPECT_EQ(smaller->echo, (BlockValue{2, true, 5}));
  absl::StatusOr<Block1Outcome> last = assembler.Feed(Key(1), {3, false, 5}, "c", {});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->body, Chunk('a') + Chunk('b', 512) + "c");
}

TEST(Block1AssemblerTest, BlockSizeMustNotGrow) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  ASSERT_TRUE(assembler.Feed(Key(1), {0, true, 5}, Chunk('a', 512), {}).ok());
  ASSERT_TRUE(assembler.Feed(Key(1), {1, true, 5}, Chunk('a', 512), {}).ok());
  absl::StatusOr<Block1Outcome> bigger = assembler.Feed(Key(1), {1, true, 6}, Chunk('b'), {});
  ASSERT_FALSE(bigger.ok());
  EXPECT_EQ(CoapCodeOf(bigger.status()), kCoapRequestEntityIncomplete);
  EXPECT_EQ(bigger.status().message(),
            "Block1 block size grew from 512 to 1024 bytes mid-transfer; start at 0");
  EXPECT_EQ(assembler.transfers(), 0u);
}

TEST(Block1AssemblerTest, ShortMiddleBlockIs400) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  ASSERT_TRUE(assembler.Feed(Key(1), {0, true, 6}, Chunk('a'), {}).ok());
  absl::StatusOr<Block1Outcome> shorter = assembler.Feed(Key(1), {1, true, 6}, "abc", {});
  ASSERT_FALSE(shorter.ok());
  EXPECT_EQ(CoapCodeOf(shorter.status()), msc3079::kCoapBadRequest);
  EXPECT_EQ(shorter.status().message(), "Block1 block 1 carries 3 bytes, not the block size 1024");
  EXPECT_EQ(assembler.transfers(), 0u);
}

TEST(Block1AssemblerTest, OversizedLastBlockIs400) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  absl::StatusOr<Block1Outcome> outcome = assembler.Feed(Key(1), {0, false, 0}, Chunk('a', 17), {});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(CoapCodeOf(outcome.status()), msc3079::kCoapBadRequest);
  EXPECT_EQ(assembler.stats().malformed, 1u);
}

TEST(Block1AssemblerTest, NumZeroRestartsTransfer) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  ASSERT_TRUE(assembler.Feed(Key(1), {0, true, 6}, Chunk('a'), {}).ok());
  ASSERT_TRUE(assembler.Feed(Key(1), {1, true, 6}, Chunk('b'), {}).ok());
  ASSERT_TRUE(assembler.Feed(Key(1), {0, true, 6}, Chunk('x'), {}).ok());
  EXPECT_EQ(assembler.buffered_bytes(), 1024u);
  absl::StatusOr<Block1Outcome> last = assembler.Feed(Key(1), {1, false, 6}, "y", {});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->body, Chunk('x') + "y");
}

TEST(Block1AssemblerTest, SilentTransferExpires) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  ASSERT_TRUE(assembler.Feed(Key(1), {0, true, 6}, Chunk('a'), {}).ok());
  clock.Advance(seconds(119));
  ASSERT_TRUE(assembler.Feed(Key(1), {1, true, 6}, Chunk('b'), {}).ok());
  clock.Advance(seconds(119));
  ASSERT_TRUE(assembler.Feed(Key(2), {0, true, 6}, Chunk('c'), {}).ok());
  EXPECT_EQ(assembler.transfers(), 2u);
  clock.Advance(seconds(1));
  absl::StatusOr<Block1Outcome> late = assembler.Feed(Key(1), {2, false, 6}, "z", {});
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(CoapCodeOf(late.status()), kCoapRequestEntityIncomplete);
  EXPECT_EQ(assembler.stats().expired, 1u);
  EXPECT_EQ(assembler.transfers(), 1u);
  EXPECT_EQ(assembler.buffered_bytes(), 1024u);
}

TEST(Block1AssemblerTest, TooManyTransfersPerSessionIs503) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock, Block1Limits{1 << 20, 2, 1 << 20, seconds(120)});
  ASSERT_TRUE(assembler.Feed(Key(1, "!a"), {0, true, 6}, Chunk('a'), {}).ok());
  ASSERT_TRUE(assembler.Feed(Key(1, "!b"), {0, true, 6}, Chunk('b'), {}).ok());
  absl::StatusOr<Block1Outcome> third = assembler.Feed(Key(1, "!c"), {0, true, 6}, Chunk('c'), {});
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(CoapCodeOf(third.status()), msc3079::kCoapServiceUnavailable);
  EXPECT_EQ(third.status().message(), "session already has 2 Block1 transfers");
  EXPECT_TRUE(assembler.Feed(Key(2, "!c"), {0, true, 6}, Chunk('c'), {}).ok());
  // Restarting one of the two is not a new transfer.
  EXPECT_TRUE(assembler.Feed(Key(1, "!a"), {0, true, 6}, Chunk('a'), {}).ok());
  EXPECT_EQ(assembler.stats().busy, 1u);
}

TEST(Block1AssemblerTest, TotalMemoryCapIs503AndKeepsTransfer) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock, Block1Limits{1 << 20, 4, 2048, seconds(120)});
  ASSERT_TRUE(assembler.Feed(Key(1), {0, true, 6}, Chunk('a'), {}).ok());
  ASSERT_TRUE(assembler.Feed(Key(2), {0, true, 6}, Chunk('b'), {}).ok());
  absl::StatusOr<Block1Outcome> full = assembler.Feed(Key(1), {1, true, 6}, Chunk('a'), {});
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(CoapCodeOf(full.status()), msc3079::kCoapServiceUnavailable);
  EXPECT_EQ(CoapCodeOf(assembler.Feed(Key(3), {0, true, 6}, Chunk('c'), {}).status()),
            msc3079::kCoapServiceUnavailable);
  // Once session 2 is gone, session 1 resumes where it was.
  assembler.DropSession(2);
  absl::StatusOr<Block1Outcome> resumed = assembler.Feed(Key(1), {1, false, 6}, "z", {});
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->body, Chunk('a') + "z");
}

TEST(Block1AssemblerTest, DropSessionRemovesOnlyItsTransfers) {
  testing::FakeClock clock;
  Block1Assembler assembler(clock);
  ASSERT_TRUE(assembler.Feed(Key(1, "!a"), {0, true, 6}, Chunk('a'), {}).ok());
  ASSERT_TRUE(assembler.Feed(Key(1, "!b"), {0, true, 6}, Chunk('b'), {}).ok());
  ASSERT_TRUE(assembler.Feed(Key(2, "!a"), {0, true, 6}, Chunk('c'), {}).ok());
  assembler.DropSession(1);
  EXPECT_EQ(assembler.transfers(), 1u);
  EXPECT_EQ(assembler.buffered_bytes(), 1024u);
  EXPECT_EQ(CoapCodeOf(assembler.Feed(Key(1, "!a"), {1, false, 6}, "z", {}).status()),
            kCoapRequestEntityIncomplete);
  EXPECT_TRUE(assembler.Feed(Key(2, "!a"), {1, false, 6}, "z", {}).ok());
}

}  // namespace
}  // namespace mxedge::coap_gateway
