#include "block2_store.hpp"

#include <chrono>
#include <string>

#include "gtest/gtest.h"
#include "mxedge/testing/fake_clock.hpp"
#include "request_translator.hpp"

namespace mxedge::coap_gateway {
namespace {

using std::chrono::seconds;

RequestKey Sync(SessionId session, std::string since = "s1") {
  return RequestKey{session, 1, {"7"}, {"since=" + since}};
}

// 0..255 repeating, so slices are recognisable.
std::string Body(std::size_t size) {
  std::string body(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    body[i] = static_cast<char>(i % 251);
  }
  return body;
}

TEST(BodyETagTest, IsFourDeterministicBytes) {
  EXPECT_EQ(BodyETag("hello").size(), 4u);
  EXPECT_EQ(BodyETag("hello"), BodyETag("hello"));
  EXPECT_NE(BodyETag("hello"), BodyETag("hellp"));
  // FNV-1a of the empty string is its offset basis.
  EXPECT_EQ(BodyETag(""), std::string("\x81\x1c\x9d\xc5", 4));
}

TEST(Block2StoreTest, ServesEveryBlockOfStoredBody) {
  testing::FakeClock clock;
  Block2Store store(clock);
  std::string body = Body(2500);
  ASSERT_TRUE(store.Put(Sync(1), body).ok());
  absl::StatusOr<BlockReply> first = store.GetBlock(Sync(1), 0, 6);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->payload, body.substr(0, 1024));
  EXPECT_EQ(first->block2, (BlockValue{0, true, 6}));
  EXPECT_EQ(first->size2, 2500u);
  EXPECT_EQ(first->etag, BodyETag(body));
  absl::StatusOr<BlockReply> last = store.GetBlock(Sync(1), 2, 6);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->payload, body.substr(2048));
  EXPECT_EQ(last->block2, (BlockValue{2, false, 6}));
  EXPECT_EQ(last->etag, first->etag);
  EXPECT_EQ(store.stats().blocks_served, 2u);
}

TEST(Block2StoreTest, ClientMayAskForSmallerBlocks) {
  testing::FakeClock clock;
  Block2Store store(clock);
  std::string body = Body(2500);
  ASSERT_TRUE(store.Put(Sync(1), body).ok());
  absl::StatusOr<BlockReply> block = store.GetBlock(Sync(1), 3, 4);
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(block->payload, body.substr(768, 256));
  EXPECT_EQ(block->block2, (BlockValue{3, true, 4}));
}

TEST(Block2StoreTest, NeverServesMoreThan1024Bytes) {
  testing::FakeClock clock;
  Block2Store store(clock);
  ASSERT_TRUE(store.Put(Sync(1), Body(5000)).ok());
  absl::StatusOr<BlockReply> block = store.GetBlock(Sync(1), 1, 7);
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(block->payload.size(), 1024u);
  EXPECT_EQ(block->block2->szx, 6);
}

TEST(Block2StoreTest, BlockPastTheEndIsBadOption) {
  testing::FakeClock clock;
  Block2Store store(clock);
  ASSERT_TRUE(store.Put(Sync(1), Body(2048)).ok());
  absl::StatusOr<BlockReply> block = store.GetBlock(Sync(1), 2, 6);
  ASSERT_FALSE(block.ok());
  EXPECT_EQ(CoapCodeOf(block.status()), kCoapBadOption);
  EXPECT_EQ(block.status().message(),
            "Block2 block 2 starts at byte 2048, past the 2048-byte answer");
  EXPECT_EQ(store.stats().past_end, 1u);
}

TEST(Block2StoreTest, BlockNumberOverMaximumIsBadOption) {
  testing::FakeClock clock;
  Block2Store store(clock);
  ASSERT_TRUE(store.Put(Sync(1), Body(3000)).ok());
  absl::StatusOr<BlockReply> block = store.GetBlock(Sync(1), kMaxBlockNum + 1, 0);
  ASSERT_FALSE(block.ok());
  EXPECT_EQ(CoapCodeOf(block.status()), kCoapBadOption);
  EXPECT_EQ(block.status().message(), "Block2 block 1048576 is over the maximum 1048575");
}

TEST(Block2StoreTest, MissingBodyIsNotFound) {
  testing::FakeClock clock;
  Block2Store store(clock);
  absl::StatusOr<BlockReply> block = store.GetBlock(Sync(1), 1, 6);
  ASSERT_FALSE(block.ok());
  EXPECT_EQ(block.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store.stats().misses, 1u);
}

TEST(Block2StoreTest, RequestAndNotificationKeysAreSeparate) {
  testing::FakeClock clock;
  Block2Store store(clock);
  ASSERT_TRUE(store.Put(Sync(1), Body(3000)).ok());
  ASSERT_TRUE(store.Put(NotificationKey{1, "tok"}, std::string(3000, 'n')).ok());
  absl::StatusOr<BlockReply> answer = store.GetBlock(Sync(1), 1, 6);
  absl::StatusOr<BlockReply> pushed = store.GetBlock(NotificationKey{1, "tok"}, 1, 6);
  ASSERT_TRUE(answer.ok());
  ASSERT_TRUE(pushed.ok());
  EXPECT_EQ(answer->payload, Body(3000).substr(1024, 1024));
  EXPECT_EQ(pushed->payload, std::string(1024, 'n'));
  EXPECT_FALSE(store.Contains(NotificationKey{1, "other"}));
  EXPECT_FALSE(store.Contains(Sync(1, "s2")));
}

TEST(Block2StoreTest, CallerMayChooseETag) {
  testing::FakeClock clock;
  Block2Store store(clock);
  ASSERT_TRUE(store.Put(Sync(1), Body(3000), std::string("\x01\x02", 2)).ok());
  absl::StatusOr<BlockReply> block = store.GetBlock(Sync(1), 0, 6);
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(block->etag, std::string("\x01\x02", 2));
}

TEST(Block2StoreTest, EntriesExpireAfterLastAccess) {
  testing::FakeClock clock;
  Block2Store store(clock);
  ASSERT_TRUE(store.Put(Sync(1), Body(3000)).ok());
  clock.Advance(seconds(100));
  ASSERT_TRUE(store.GetBlock(Sync(1), 0, 6).ok());
  clock.Advance(seconds(119));
  ASSERT_TRUE(store.GetBlock(Sync(1), 1, 6).ok());
  clock.Advance(seconds(120));
  EXPECT_EQ(store.GetBlock(Sync(1), 2, 6).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store.stats().expired, 1u);
  EXPECT_EQ(store.stored_bytes(), 0u);
}

TEST(Block2StoreTest, ByteCapEvictsLeastRecentlyUsed) {
  testing::FakeClock clock;
  Block2Store store(clock, Block2Limits{seconds(120), 7000});
  ASSERT_TRUE(store.Put(Sync(1), Body(3000)).ok());
  ASSERT_TRUE(store.Put(Sync(2), Body(3000)).ok());
  ASSERT_TRUE(store.GetBlock(Sync(1), 0, 6).ok());
  ASSERT_TRUE(store.Put(Sync(3), Body(3000)).ok());
  EXPECT_TRUE(store.Contains(Sync(1)));
  EXPECT_FALSE(store.Contains(Sync(2)));
  EXPECT_TRUE(store.Contains(Sync(3)));
  EXPECT_EQ(store.stored_bytes(), 6000u);
  EXPECT_EQ(store.stats().evicted, 1u);
}

TEST(Block2StoreTest, BodyLargerThanCapIsRefused) {
  testing::FakeClock clock;
  Block2Store store(clock, Block2Limits{seconds(120), 4000});
  ASSERT_TRUE(store.Put(Sync(1), Body(3000)).ok());
  absl::Status status = store.Put(Sync(1), Body(5000));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(CoapCodeOf(status), msc3079::kCoapServiceUnavailable);
  EXPECT_FALSE(store.Contains(Sync(1)));
  EXPECT_EQ(store.stored_bytes(), 0u);
}

TEST(Block2StoreTest, PutReplacesOlderBody) {
  testing::FakeClock clock;
  Block2Store store(clock);
  ASSERT_TRUE(store.Put(Sync(1), Body(3000)).ok());
  ASSERT_TRUE(store.Put(Sync(1), std::string(2000, 'x')).ok());
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.stored_bytes(), 2000u);
  absl::StatusOr<BlockReply> block = store.GetBlock(Sync(1), 1, 6);
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(block->payload, std::string(976, 'x'));
  EXPECT_EQ(block->etag, BodyETag(std::string(2000, 'x')));
}

TEST(Block2StoreTest, DropSessionRemovesBothKeyKinds) {
  testing::FakeClock clock;
  Block2Store store(clock);
  ASSERT_TRUE(store.Put(Sync(1), Body(3000)).ok());
  ASSERT_TRUE(store.Put(Sync(1, "s2"), Body(3000)).ok());
  ASSERT_TRUE(store.Put(NotificationKey{1, "a"}, Body(3000)).ok());
  ASSERT_TRUE(store.Put(Sync(2), Body(3000)).ok());
  ASSERT_TRUE(store.Put(NotificationKey{2, "a"}, Body(3000)).ok());
  store.DropSession(1);
  EXPECT_EQ(store.size(), 2u);
  EXPECT_TRUE(store.Contains(Sync(2)));
  EXPECT_TRUE(store.Contains(NotificationKey{2, "a"}));
  EXPECT_EQ(store.stored_bytes(), 6000u);
}

TEST(Block2StoreAnswerTest, SmallBodyGoesInOnePieceWithoutOptions) {
  testing::FakeClock clock;
  Block2Store store(clock);
  absl::StatusOr<BlockReply> reply = store.Answer(Sync(1), Body(1024), std::nullopt);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->payload.size(), 1024u);
  EXPECT_FALSE(reply->block2.has_value());
  EXPECT_TRUE(reply->etag.empty());
  std::vector<CoapOption> options;
  reply->AppendOptions(options);
  EXPECT_TRUE(options.empty());
  EXPECT_EQ(store.size(), 0u);
}

TEST(Block2StoreAnswerTest, LargeBodyIsStoredAndBlockZeroReturned) {
  testing::FakeClock clock;
  Block2Store store(clock);
  std::string body = Body(1025);
  absl::StatusOr<BlockReply> reply = store.Answer(Sync(1), body, std::nullopt);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->payload, body.substr(0, 1024));
  EXPECT_EQ(reply->block2, (BlockValue{0, true, 6}));
  std::vector<CoapOption> options;
  reply->AppendOptions(options);
  EXPECT_EQ(options, (std::vector<CoapOption>{{kOptionETag, BodyETag(body)},
                                              {kOptionBlock2, std::string("\x0e", 1)},
                                              {kOptionSize2, std::string("\x04\x01", 2)}}));
  absl::StatusOr<BlockReply> next = store.GetBlock(Sync(1), 1, 6);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->payload, body.substr(1024));
  std::vector<CoapOption> later;
  next->AppendOptions(later);
  EXPECT_EQ(later, (std::vector<CoapOption>{{kOptionETag, BodyETag(body)},
                                            {kOptionBlock2, std::string("\x16", 1)}}));
}

TEST(Block2StoreAnswerTest, HonoursRequestedBlockAndSize) {
  testing::FakeClock clock;
  Block2Store store(clock);
  std::string body = Body(600);
  absl::StatusOr<BlockReply> reply = store.Answer(Sync(1), body, BlockValue{1, false, 5});
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->payload, body.substr(512));
  EXPECT_EQ(reply->block2, (BlockValue{1, false, 5}));
  EXPECT_TRUE(store.Contains(Sync(1)));
}

TEST(Block2StoreAnswerTest, SmallBodyStillFitsRequestedBlockZero) {
  testing::FakeClock clock;
  Block2Store store(clock);
  ASSERT_TRUE(store.Put(Sync(1), Body(3000)).ok());
  absl::StatusOr<BlockReply> reply = store.Answer(Sync(1), "{}", BlockValue{0, false, 2});
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->payload, "{}");
  EXPECT_FALSE(reply->block2.has_value());
  // The stale multi-block body of the same key is gone.
  EXPECT_FALSE(store.Contains(Sync(1)));
}

TEST(Block2StoreAnswerTest, RequestedBlockPastTheEndIsBadOption) {
  testing::FakeClock clock;
  Block2Store store(clock);
  absl::StatusOr<BlockReply> reply = store.Answer(Sync(1), "{}", BlockValue{3, false, 6});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(CoapCodeOf(reply.status()), kCoapBadOption);
}

}  // namespace
}  // namespace mxedge::coap_gateway
