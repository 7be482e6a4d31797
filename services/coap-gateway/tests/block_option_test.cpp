#include "block_option.hpp"

#include <string>

#include "gtest/gtest.h"
#include "request_translator.hpp"

namespace mxedge::coap_gateway {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string bytes;
  for (int value : values) {
    bytes.push_back(static_cast<char>(value));
  }
  return bytes;
}

TEST(UintOptionTest, EncodesMinimally) {
  EXPECT_EQ(EncodeUintOption(0), "");
  EXPECT_EQ(EncodeUintOption(1), Bytes({1}));
  EXPECT_EQ(EncodeUintOption(255), Bytes({0xff}));
  EXPECT_EQ(EncodeUintOption(256), Bytes({1, 0}));
  EXPECT_EQ(EncodeUintOption(0x010000), Bytes({1, 0, 0}));
  EXPECT_EQ(EncodeUintOption(0xffffffff), Bytes({0xff, 0xff, 0xff, 0xff}));
}

TEST(UintOptionTest, RoundTrips) {
  for (std::uint32_t value :
       {0u, 1u, 60u, 255u, 256u, 1024u, 65535u, 65536u, 0x00ffffffu, 0x01000000u, 0xfffffffeu}) {
    absl::StatusOr<std::uint32_t> decoded = DecodeUintOption(EncodeUintOption(value));
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, value);
  }
}

TEST(UintOptionTest, AcceptsLeadingZeros) {
  absl::StatusOr<std::uint32_t> decoded = DecodeUintOption(Bytes({0, 0, 1, 2}));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, 0x0102u);
}

TEST(UintOptionTest, RejectsMoreThanFourBytes) {
  absl::StatusOr<std::uint32_t> decoded = DecodeUintOption(Bytes({0, 0, 0, 0, 1}));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(decoded.status().message(), "uint option value has 5 bytes, at most 4 allowed");
}

TEST(BlockOptionTest, DecodesEmptyValueAsFirstSixteenByteBlock) {
  absl::StatusOr<BlockValue> block = DecodeBlockOption("");
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(*block, (BlockValue{0, false, 0}));
  EXPECT_EQ(block->size(), 16u);
}

TEST(BlockOptionTest, DecodesNumMoreAndSzx) {
  // NUM 2, M 1, SZX 6: (2 << 4) | 0x08 | 6 = 0x2e.
  absl::StatusOr<BlockValue> block = DecodeBlockOption(Bytes({0x2e}));
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(block->num, 2u);
  EXPECT_TRUE(block->more);
  EXPECT_EQ(block->szx, 6);
  EXPECT_EQ(block->size(), 1024u);
  EXPECT_EQ(block->offset(), 2048u);
}

TEST(BlockOptionTest, DecodesLargestNum) {
  absl::StatusOr<BlockValue> block = DecodeBlockOption(Bytes({0xff, 0xff, 0xf6}));
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(block->num, kMaxBlockNum);
  EXPECT_FALSE(block->more);
}

TEST(BlockOptionTest, RejectsReservedSzx) {
  absl::StatusOr<BlockValue> block = DecodeBlockOption(Bytes({0x07}));
  ASSERT_FALSE(block.ok());
  EXPECT_EQ(block.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(block.status().message(), "Block option SZX 7 is reserved");
  EXPECT_EQ(CoapCodeOf(block.status()), kCoapBadOption);
}

TEST(BlockOptionTest, RejectsFourByteValue) {
  absl::StatusOr<BlockValue> block = DecodeBlockOption(Bytes({0, 0, 0, 0x06}));
  ASSERT_FALSE(block.ok());
  EXPECT_EQ(block.status().message(), "Block option value has 4 bytes, at most 3 allowed");
  EXPECT_EQ(CoapCodeOf(block.status()), kCoapBadOption);
}

TEST(BlockOptionTest, RoundTripsEverySizeAndFlag) {
  for (std::uint8_t szx = 0; szx <= kMaxSzx; ++szx) {
    for (std::uint32_t num : {0u, 1u, 15u, 16u, 4095u, 4096u, kMaxBlockNum}) {
      for (bool more : {false, true}) {
        BlockValue block{num, more, szx};
        absl::StatusOr<std::string> encoded = EncodeBlockOption(block);
        ASSERT_TRUE(encoded.ok());
        EXPECT_LE(encoded->size(), 3u);
        absl::StatusOr<BlockValue> decoded = DecodeBlockOption(*encoded);
        ASSERT_TRUE(decoded.ok());
        EXPECT_EQ(*decoded, block);
      }
    }
  }
}

TEST(BlockOptionTest, EncodesFirstSixteenByteBlockAsEmpty) {
  absl::StatusOr<std::string> encoded = EncodeBlockOption(BlockValue{0, false, 0});
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(*encoded, "");
}

TEST(BlockOptionTest, RefusesToEncodeOutOfRangeValues) {
  absl::StatusOr<std::string> too_far = EncodeBlockOption(BlockValue{kMaxBlockNum + 1, false, 6});
  ASSERT_FALSE(too_far.ok());
  EXPECT_EQ(too_far.status().message(), "block number 1048576 is over the maximum 1048575");
  absl::StatusOr<std::string> bad_szx = EncodeBlockOption(BlockValue{0, false, 7});
  ASSERT_FALSE(bad_szx.ok());
  EXPECT_EQ(bad_szx.status().message(), "block SZX 7 is over the maximum 6");
}

TEST(FindBlockOptionTest, FindsFirstOptionOfNumber) {
  std::vector<CoapOption> options = {
      {kOptionUriPath, "7"}, {kOptionBlock2, Bytes({0x16})}, {kOptionBlock2, Bytes({0x26})}};
  absl::StatusOr<std::optional<BlockValue>> block2 = FindBlockOption(options, kOptionBlock2);
  ASSERT_TRUE(block2.ok());
  ASSERT_TRUE(block2->has_value());
  EXPECT_EQ((*block2)->num, 1u);
  absl::StatusOr<std::optional<BlockValue>> block1 = FindBlockOption(options, kOptionBlock1);
  ASSERT_TRUE(block1.ok());
  EXPECT_FALSE(block1->has_value());
}

TEST(FindBlockOptionTest, ReportsMalformedOption) {
  std::vector<CoapOption> options = {{kOptionBlock1, Bytes({0x0f})}};
  absl::StatusOr<std::optional<BlockValue>> block1 = FindBlockOption(options, kOptionBlock1);
  ASSERT_FALSE(block1.ok());
  EXPECT_EQ(CoapCodeOf(block1.status()), kCoapBadOption);
}

TEST(MakeRequestKeyTest, CollectsPathAndQueryInOrder) {
  InboundRequest request;
  request.session = 9;
  request.code = 2;
  request.token = "t";
  request.options = {{kOptionUriPath, "9"},
                     {kOptionUriQuery, "b=2"},
                     {kOptionUriPath, "!r"},
                     {kOptionContentFormat, "<"},
                     {kOptionUriQuery, "a=1"}};
  RequestKey key = MakeRequestKey(request);
  EXPECT_EQ(key.session, 9u);
  EXPECT_EQ(key.method, 2);
  EXPECT_EQ(key.path, (std::vector<std::string>{"9", "!r"}));
  EXPECT_EQ(key.query, (std::vector<std::string>{"b=2", "a=1"}));
}

TEST(MakeRequestKeyTest, KeysDifferBySegmentBoundaries) {
  InboundRequest one;
  one.options = {{kOptionUriPath, "a/b"}};
  InboundRequest two;
  two.options = {{kOptionUriPath, "a"}, {kOptionUriPath, "b"}};
  EXPECT_NE(MakeRequestKey(one), MakeRequestKey(two));
}

}  // namespace
}  // namespace mxedge::coap_gateway
