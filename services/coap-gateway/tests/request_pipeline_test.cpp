#include "request_pipeline.hpp"

#include <gtest/gtest.h>

#include <string>

#include "mxedge/testing/fake_clock.hpp"
#include "support/pipeline_fakes.hpp"

namespace mxedge::coap_gateway {
namespace {

using testing::FakeClientApiUpstream;
using testing::FakeLoopPoster;
using testing::FakeTransport;
using testing::MakeRequest;
using testing::PathOptions;

const CoapOption kAcceptJson{kOptionAccept, EncodeUintOption(50)};

std::optional<std::string> OptionOf(const OutboundMessage& message, std::uint16_t number) {
  for (const CoapOption& option : message.options) {
    if (option.number == number) {
      return option.value;
    }
  }
  return std::nullopt;
}

class RequestPipelineTest : public ::testing::Test {
 protected:
  RequestPipelineTest() : pipeline_(Settings(), upstream_, metrics_, clock_) {
    pipeline_.Bind(transport_, poster_);
  }
  static RequestPipelineSettings Settings() {
    RequestPipelineSettings settings;
    settings.upstream_deadline = std::chrono::milliseconds(1500);
    settings.dtls_port = 5684;
    return settings;
  }
  // Runs the posted upstream callbacks; returns the answer of `id`.
  std::optional<OutboundMessage> AnswerOf(ExchangeId id) {
    poster_.RunAll();
    for (const auto& [completed_id, reply] : transport_.completed) {
      if (completed_id == id) {
        return reply;
      }
    }
    return std::nullopt;
  }

  mxedge::testing::FakeClock clock_;
  common::MetricsRegistry metrics_;
  FakeTransport transport_;
  FakeLoopPoster poster_;
  FakeClientApiUpstream upstream_;
  RequestPipeline pipeline_;
};

TEST_F(RequestPipelineTest, UnsupportedMethodIsAnswered405AtOnce) {
  HandleResult result = pipeline_.OnRequest(MakeRequest(1, 10, 5, PathOptions("x")), 1);
  ASSERT_FALSE(result.pending);
  EXPECT_EQ(result.reply.code, msc3079::kCoapMethodNotAllowed);
  EXPECT_EQ(upstream_.size(), 0u);
}

TEST_F(RequestPipelineTest, GetGoesUpstreamWithDeadlineAndIsCompleted) {
  auto options = PathOptions("_matrix/client/versions");
  options.push_back(kAcceptJson);
  HandleResult result = pipeline_.OnRequest(MakeRequest(1, 10, 1, options), 7);
  ASSERT_TRUE(result.pending);
  ASSERT_EQ(upstream_.size(), 1u);
  EXPECT_EQ(upstream_.last_call().path(), "/_matrix/client/versions");
  EXPECT_EQ(upstream_.at(0).deadline, std::chrono::milliseconds(1500));
  upstream_.Answer(0, 200, R"({"versions":["r0.6.1"]})");
  EXPECT_TRUE(transport_.completed.empty()) << "the callback must go through the loop";
  auto reply = AnswerOf(7);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->code, msc3079::kCoapContent);
  EXPECT_EQ(OptionOf(*reply, kOptionContentFormat), EncodeUintOption(50));
  EXPECT_NE(reply->payload.find("m.low_bandwidth"), std::string::npos);
  EXPECT_NE(metrics_.RenderText().find(
                "mxedge_coap_gateway_requests_total{method=\"GET\",code=\"2.05\"} 1"),
            std::string::npos);
}

TEST_F(RequestPipelineTest, DuplicateMessageIdIsAnsweredFromTheCache) {
  auto request = MakeRequest(1, 10, 1, PathOptions("_matrix/client/versions"));
  ASSERT_TRUE(pipeline_.OnRequest(request, 1).pending);
  // A retransmission while the call runs waits for the same answer.
  ASSERT_TRUE(pipeline_.OnRequest(request, 2).pending);
  upstream_.Answer(0, 200, R"({"versions":[]})");
  auto first = AnswerOf(1);
  auto second = AnswerOf(2);
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(*first, *second);
  HandleResult again = pipeline_.OnRequest(request, 3);
  ASSERT_FALSE(again.pending);
  EXPECT_EQ(again.reply, *first);
  EXPECT_EQ(upstream_.size(), 1u);
  // Another session with the same message id is a different exchange.
  EXPECT_TRUE(pipeline_.OnRequest(MakeRequest(2, 10, 1, PathOptions("_matrix/client/versions")), 4)
                  .pending);
  EXPECT_EQ(upstream_.size(), 2u);
}

TEST_F(RequestPipelineTest, RouterUnreachableIs503WithAnErrorBody) {
  ASSERT_TRUE(
      pipeline_.OnRequest(MakeRequest(1, 10, 1, {PathOptions("7")[0], kAcceptJson}), 1).pending);
  upstream_.Fail(0, absl::UnavailableError("connection refused"));
  auto reply = AnswerOf(1);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->code, msc3079::kCoapServiceUnavailable);
  EXPECT_FALSE(reply->payload.empty());
  EXPECT_NE(metrics_.RenderText().find("mxedge_coap_gateway_errors_total{class=\"upstream\"} 1"),
            std::string::npos);
}

TEST_F(RequestPipelineTest, DeadlineIs503Too) {
  ASSERT_TRUE(pipeline_.OnRequest(MakeRequest(1, 10, 1, PathOptions("7")), 1).pending);
  upstream_.Fail(0, absl::DeadlineExceededError("deadline"));
  auto reply = AnswerOf(1);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->code, msc3079::kCoapServiceUnavailable);
}

TEST_F(RequestPipelineTest, RateLimitedIs429WithMaxAge) {
  ASSERT_TRUE(pipeline_.OnRequest(MakeRequest(1, 10, 1, PathOptions("7")), 1).pending);
  upstream_.Answer(0, 429, R"({"errcode":"M_LIMIT_EXCEEDED","error":"slow down"})",
                   "application/json", 2500);
  auto reply = AnswerOf(1);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->code, msc3079::kCoapTooManyRequests);
  EXPECT_EQ(OptionOf(*reply, kOptionMaxAge), EncodeUintOption(3));
}

TEST_F(RequestPipelineTest, StickyTokenOnlyOnSecureSessions) {
  for (bool secure : {true, false}) {
    const SessionId session = secure ? 1 : 2;
    auto first = PathOptions("_matrix/client/r0/account/whoami");
    first.push_back({kOptionAccessToken, "secret-token"});
    ASSERT_TRUE(pipeline_.OnRequest(MakeRequest(session, 10, 1, first, {}, secure), 1).pending);
    EXPECT_EQ(upstream_.last_call().access_token(), "secret-token");
    ASSERT_TRUE(
        pipeline_
            .OnRequest(MakeRequest(session, 11, 1, PathOptions("_matrix/client/r0/account/whoami"),
                                   {}, secure),
                       2)
            .pending);
    EXPECT_EQ(upstream_.last_call().access_token(), secure ? "secret-token" : "");
  }
}

TEST_F(RequestPipelineTest, ClosedSessionForgetsItsTokenAndCancelsItsCalls) {
  auto first = PathOptions("_matrix/client/r0/account/whoami");
  first.push_back({kOptionAccessToken, "secret-token"});
  ASSERT_TRUE(pipeline_.OnRequest(MakeRequest(1, 10, 1, first), 1).pending);
  pipeline_.OnSessionClosed(1);
  EXPECT_TRUE(upstream_.at(0).cancelled);
  EXPECT_EQ(pipeline_.calls_in_flight(), 0u);
  poster_.RunAll();
  EXPECT_TRUE(transport_.completed.empty());
  ASSERT_TRUE(
      pipeline_.OnRequest(MakeRequest(1, 11, 1, PathOptions("_matrix/client/r0/account/whoami")), 2)
          .pending);
  EXPECT_EQ(upstream_.last_call().access_token(), "");
}

TEST_F(RequestPipelineTest, MalformedBlockOptionIsBadOption) {
  auto options = PathOptions("7");
  options.push_back({kOptionBlock2, std::string("\x07", 1)});  // SZX 7 is reserved
  HandleResult result = pipeline_.OnRequest(MakeRequest(1, 10, 1, options), 1);
  ASSERT_FALSE(result.pending);
  EXPECT_EQ(result.reply.code, kCoapBadOption);
  // The next request is still served.
  EXPECT_TRUE(pipeline_.OnRequest(MakeRequest(1, 11, 1, PathOptions("7")), 2).pending);
}

TEST_F(RequestPipelineTest, LargeAnswerIsSplitIntoBlocksServedFromTheStore) {
  const std::string body = R"({"data":")" + std::string(20000, 'x') + R"("})";
  auto options = PathOptions("_matrix/client/r0/profile/@a:b");
  options.push_back(kAcceptJson);
  ASSERT_TRUE(pipeline_.OnRequest(MakeRequest(1, 10, 1, options, {}, true, "tk"), 1).pending);
  upstream_.Answer(0, 200, body);
  auto first = AnswerOf(1);
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->payload.size(), 1024u);
  ASSERT_TRUE(OptionOf(*first, kOptionBlock2).has_value());
  auto block0 = DecodeBlockOption(*OptionOf(*first, kOptionBlock2));
  ASSERT_TRUE(block0.ok());
  EXPECT_TRUE(block0->more);
  EXPECT_EQ(OptionOf(*first, kOptionSize2), EncodeUintOption(body.size()));
  ASSERT_TRUE(OptionOf(*first, kOptionETag).has_value());
  std::string reassembled = first->payload;
  for (std::uint32_t num = 1; reassembled.size() < body.size(); ++num) {
    auto follow = options;
    follow.push_back({kOptionBlock2, *EncodeBlockOption(BlockValue{num, false, 6})});
    // lb clients send follow-ups as NON with a new message id.
    InboundRequest request =
        MakeRequest(1, static_cast<std::uint16_t>(10 + num), 1, follow, {}, true, "tk");
    request.type = MessageType::kNonConfirmable;
    HandleResult result = pipeline_.OnRequest(request, 100 + num);
    ASSERT_FALSE(result.pending) << "block " << num;
    EXPECT_EQ(OptionOf(result.reply, kOptionETag), OptionOf(*first, kOptionETag));
    EXPECT_FALSE(OptionOf(result.reply, kOptionSize2).has_value());
    reassembled += result.reply.payload;
  }
  EXPECT_EQ(reassembled, body);
  EXPECT_EQ(upstream_.size(), 1u);
}

TEST_F(RequestPipelineTest, SmallAnswerHasNoBlockOrETag) {
  ASSERT_TRUE(pipeline_.OnRequest(MakeRequest(1, 10, 1, PathOptions("7")), 1).pending);
  upstream_.Answer(0, 200, R"({"next_batch":"s1"})");
  auto reply = AnswerOf(1);
  ASSERT_TRUE(reply.has_value());
  EXPECT_FALSE(OptionOf(*reply, kOptionBlock2).has_value());
  EXPECT_FALSE(OptionOf(*reply, kOptionETag).has_value());
  EXPECT_FALSE(OptionOf(*reply, kOptionSize2).has_value());
  EXPECT_EQ(OptionOf(*reply, kOptionContentFormat), EncodeUintOption(60));
}

TEST_F(RequestPipelineTest, Block1BodyIsAssembledBeforeTheCall) {
  const std::string body = R"({"msgtype":"m.text","body":")" + std::string(2500, 'y') + R"("})";
  auto base = PathOptions("_matrix/client/r0/rooms/!r:x/send/m.room.message/1");
  base.push_back({kOptionContentFormat, EncodeUintOption(50)});
  const std::size_t blocks = (body.size() + 1023) / 1024;
  for (std::size_t num = 0; num < blocks; ++num) {
    auto options = base;
    const bool more = num + 1 < blocks;
    options.push_back(
        {kOptionBlock1, *EncodeBlockOption(BlockValue{static_cast<std::uint32_t>(num), more, 6})});
    if (num == 0) {
      options.push_back({kOptionSize1, EncodeUintOption(body.size())});
    }
    HandleResult result =
        pipeline_.OnRequest(MakeRequest(1, static_cast<std::uint16_t>(20 + num), 3, options,
                                        body.substr(num * 1024, 1024)),
                            num + 1);
    if (more) {
      ASSERT_FALSE(result.pending);
      EXPECT_EQ(result.reply.code, kCoapContinue);
      EXPECT_TRUE(OptionOf(result.reply, kOptionBlock1).has_value());
      EXPECT_EQ(upstream_.size(), 0u);
    } else {
      ASSERT_TRUE(result.pending);
    }
  }
  ASSERT_EQ(upstream_.size(), 1u);
  EXPECT_EQ(upstream_.last_call().body(), body);
  upstream_.Answer(0, 200, R"({"event_id":"$e"})");
  auto reply = AnswerOf(blocks);
  ASSERT_TRUE(reply.has_value());
  auto echo = DecodeBlockOption(*OptionOf(*reply, kOptionBlock1));
  ASSERT_TRUE(echo.ok());
  EXPECT_EQ(echo->num, blocks - 1);
  EXPECT_FALSE(echo->more);
}

TEST_F(RequestPipelineTest, Block1OverTheLimitIs413WithSize1) {
  auto options = PathOptions("_matrix/client/r0/rooms/!r:x/send/m.room.message/1");
  options.push_back({kOptionBlock1, *EncodeBlockOption(BlockValue{0, true, 6})});
  options.push_back({kOptionSize1, EncodeUintOption(50u << 20)});
  HandleResult result =
      pipeline_.OnRequest(MakeRequest(1, 10, 3, options, std::string(1024, 'z')), 1);
  ASSERT_FALSE(result.pending);
  EXPECT_EQ(result.reply.code, msc3079::kCoapRequestEntityTooLarge);
  EXPECT_TRUE(OptionOf(result.reply, kOptionSize1).has_value());
}

}  // namespace
}  // namespace mxedge::coap_gateway
