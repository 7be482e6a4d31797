// Observe on /sync through the RequestPipeline with a fake transport, poster and upstream.
#include "observe_sync.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "mxedge/testing/fake_clock.hpp"
#include "request_pipeline.hpp"
#include "support/pipeline_fakes.hpp"

namespace mxedge::coap_gateway {
namespace {

using testing::FakeClientApiUpstream;
using testing::FakeLoopPoster;
using testing::FakeTransport;
using testing::MakeRequest;
using testing::PathOptions;

std::optional<std::string> OptionOf(const OutboundMessage& message, std::uint16_t number) {
  for (const CoapOption& option : message.options) {
    if (option.number == number) {
      return option.value;
    }
  }
  return std::nullopt;
}

std::uint32_t ObserveOf(const OutboundMessage& message) {
  auto value = OptionOf(message, kOptionObserve);
  EXPECT_TRUE(value.has_value());
  return value ? *DecodeUintOption(*value) : 0;
}

std::string QueryValue(const v1::HttpCall& call, const std::string& key) {
  for (const auto& param : call.query()) {
    if (param.key() == key) {
      return param.value();
    }
  }
  return {};
}

std::string SyncBody(const std::string& next_batch) {
  return R"({"next_batch":")" + next_batch + R"(","rooms":{}})";
}

class ObserveSyncTest : public ::testing::Test {
 protected:
  ObserveSyncTest() : pipeline_(Settings(), upstream_, metrics_, clock_) {
    pipeline_.Bind(transport_, poster_);
  }
  static RequestPipelineSettings Settings() {
    RequestPipelineSettings settings;
    settings.observe.limits.poll_timeout_ms = 30000;
    settings.observe.max_age_seconds = 90;
    return settings;
  }
  InboundRequest Register(std::uint16_t mid, const std::string& since = {},
                          std::uint32_t observe = 0) {
    auto options = PathOptions("7");
    options.push_back({kOptionObserve, EncodeUintOption(observe)});
    if (!since.empty()) {
      options.push_back({kOptionUriQuery, "since=" + since});
    }
    return MakeRequest(1, mid, 1, options, {}, true, "obs-token");
  }
  // Answers the newest upstream call with a sync body and runs the loop.
  void Update(const std::string& next_batch) {
    upstream_.Answer(upstream_.size() - 1, 200, SyncBody(next_batch));
    poster_.RunAll();
  }

  mxedge::testing::FakeClock clock_;
  common::MetricsRegistry metrics_;
  FakeTransport transport_;
  FakeLoopPoster poster_;
  FakeClientApiUpstream upstream_;
  RequestPipeline pipeline_;
};

TEST_F(ObserveSyncTest, ThreeUpdatesAreThreeNotifications) {
  ASSERT_TRUE(pipeline_.OnRequest(Register(10, "s0"), 1).pending);
  ASSERT_EQ(upstream_.size(), 1u);
  EXPECT_EQ(QueryValue(upstream_.last_call(), "since"), "s0");
  Update("s1");
  ASSERT_EQ(transport_.completed.size(), 1u);
  const OutboundMessage& answer = transport_.completed[0].second;
  EXPECT_EQ(answer.code, msc3079::kCoapContent);
  const std::uint32_t first_observe = ObserveOf(answer);
  EXPECT_EQ(OptionOf(answer, kOptionContentFormat), EncodeUintOption(60));
  EXPECT_EQ(OptionOf(answer, kOptionMaxAge), EncodeUintOption(90));

  std::set<std::uint16_t> mids;
  std::uint32_t last_observe = first_observe;
  for (const char* batch : {"s2", "s3", "s4"}) {
    // Each poll asks from the last pushed next_batch.
    ASSERT_EQ(upstream_.size(), transport_.confirmables.size() + 2);
    EXPECT_NE(QueryValue(upstream_.last_call(), "since"), batch);
    EXPECT_EQ(QueryValue(upstream_.last_call(), "timeout"), "30000");
    Update(batch);
  }
  ASSERT_EQ(transport_.confirmables.size(), 3u);
  for (const auto& sent : transport_.confirmables) {
    EXPECT_EQ(sent.token, "obs-token");
    EXPECT_EQ(sent.message.code, msc3079::kCoapContent);
    EXPECT_EQ(OptionOf(sent.message, kOptionContentFormat), EncodeUintOption(60));
    const std::uint32_t observe = ObserveOf(sent.message);
    EXPECT_GT(observe, last_observe);
    last_observe = observe;
    mids.insert(sent.message_id);
  }
  EXPECT_EQ(mids.size(), 3u);
  EXPECT_EQ(QueryValue(upstream_.last_call(), "since"), "s4");
}

TEST_F(ObserveSyncTest, RetransmittedRegistrationGetsTheSameAnswer) {
  ASSERT_TRUE(pipeline_.OnRequest(Register(10), 1).pending);
  ASSERT_TRUE(pipeline_.OnRequest(Register(10), 2).pending);
  EXPECT_EQ(upstream_.size(), 1u);
  Update("s1");
  ASSERT_EQ(transport_.completed.size(), 2u);
  EXPECT_EQ(transport_.completed[0].second, transport_.completed[1].second);
  HandleResult late = pipeline_.OnRequest(Register(10), 3);
  ASSERT_FALSE(late.pending);
  EXPECT_EQ(late.reply, transport_.completed[0].second);
  EXPECT_EQ(pipeline_.observe().registrations(), 1u);
}

TEST_F(ObserveSyncTest, UnchangedPollSendsNothing) {
  ASSERT_TRUE(pipeline_.OnRequest(Register(10), 1).pending);
  Update("s1");
  Update("s1");
  EXPECT_TRUE(transport_.confirmables.empty());
  EXPECT_EQ(upstream_.size(), 3u);
  Update("s2");
  EXPECT_EQ(transport_.confirmables.size(), 1u);
}

TEST_F(ObserveSyncTest, NackDropsTheRegistrationAndReRegisteringMissesNothing) {
  ASSERT_TRUE(pipeline_.OnRequest(Register(10, "s0"), 1).pending);
  Update("s1");
  Update("s2");
  ASSERT_EQ(transport_.confirmables.size(), 1u);
  const std::size_t calls = upstream_.size();
  pipeline_.OnNack(1, transport_.confirmables[0].message_id, NackReason::kTimeout);
  EXPECT_EQ(pipeline_.observe().registrations(), 0u);
  EXPECT_TRUE(upstream_.at(calls - 1).cancelled);
  poster_.RunAll();
  EXPECT_EQ(transport_.confirmables.size(), 1u);
  // The client never saw s2: it registers again with the since of the last body it got (s1).
  ASSERT_TRUE(pipeline_.OnRequest(Register(11, "s1"), 2).pending);
  EXPECT_EQ(QueryValue(upstream_.last_call(), "since"), "s1");
  Update("s2");
  ASSERT_EQ(transport_.completed.size(), 2u);
  EXPECT_EQ(transport_.completed[1].first, 2u);
  EXPECT_NE(transport_.completed[1].second.payload.find("s2"), std::string::npos);
}

TEST_F(ObserveSyncTest, ObserveOneDeregistersAndAnswersLikeAGet) {
  ASSERT_TRUE(pipeline_.OnRequest(Register(10), 1).pending);
  Update("s1");
  ASSERT_EQ(pipeline_.observe().registrations(), 1u);
  ASSERT_TRUE(pipeline_.OnRequest(Register(11, {}, 1), 2).pending);
  EXPECT_EQ(pipeline_.observe().registrations(), 0u);
  upstream_.Answer(upstream_.size() - 1, 200, SyncBody("s9"));
  poster_.RunAll();
  ASSERT_EQ(transport_.completed.size(), 2u);
  EXPECT_EQ(transport_.completed[1].second.code, msc3079::kCoapContent);
  EXPECT_FALSE(OptionOf(transport_.completed[1].second, kOptionObserve).has_value());
}

TEST_F(ObserveSyncTest, HomeserverErrorEndsWithOneNotification) {
  ASSERT_TRUE(pipeline_.OnRequest(Register(10), 1).pending);
  Update("s1");
  upstream_.Answer(upstream_.size() - 1, 401,
                   R"({"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token"})");
  poster_.RunAll();
  ASSERT_EQ(transport_.confirmables.size(), 1u);
  EXPECT_EQ(transport_.confirmables[0].message.code, msc3079::kCoapUnauthorized);
  EXPECT_FALSE(OptionOf(transport_.confirmables[0].message, kOptionObserve).has_value());
  EXPECT_EQ(pipeline_.observe().registrations(), 0u);
  const std::size_t calls = upstream_.size();
  poster_.RunAll();
  EXPECT_EQ(upstream_.size(), calls);
}

TEST_F(ObserveSyncTest, LargeNotificationPushesBlockZeroAndServesTheRest) {
  ASSERT_TRUE(pipeline_.OnRequest(Register(10), 1).pending);
  Update("s1");
  const std::string big = R"({"next_batch":"s2","pad":")" + std::string(3000, 'p') + R"("})";
  upstream_.Answer(upstream_.size() - 1, 200, big);
  poster_.RunAll();
  ASSERT_EQ(transport_.confirmables.size(), 1u);
  const OutboundMessage& pushed = transport_.confirmables[0].message;
  EXPECT_EQ(pushed.payload.size(), 1024u);
  EXPECT_TRUE(OptionOf(pushed, kOptionSize2).has_value());
  ASSERT_TRUE(OptionOf(pushed, kOptionBlock2).has_value());
  auto follow = PathOptions("7");
  follow.push_back({kOptionBlock2, *EncodeBlockOption(BlockValue{1, false, 6})});
  HandleResult block1 =
      pipeline_.OnRequest(MakeRequest(1, 40, 1, follow, {}, true, "obs-token"), 9);
  ASSERT_FALSE(block1.pending);
  EXPECT_EQ(block1.reply.code, msc3079::kCoapContent);
  EXPECT_EQ(block1.reply.payload.size(), 1024u);
  EXPECT_EQ(OptionOf(block1.reply, kOptionETag), OptionOf(pushed, kOptionETag));
}

TEST_F(ObserveSyncTest, GoneSessionEndsTheLoop) {
  ASSERT_TRUE(pipeline_.OnRequest(Register(10), 1).pending);
  Update("s1");
  transport_.gone_sessions.push_back(1);
  Update("s2");
  EXPECT_EQ(pipeline_.observe().registrations(), 0u);
  pipeline_.OnSessionClosed(1);
  EXPECT_EQ(pipeline_.sessions(), 0u);
}

TEST_F(ObserveSyncTest, RestartLosesRegistrationsAndReRegisteringResumes) {
  ASSERT_TRUE(pipeline_.OnRequest(Register(10, "s0"), 1).pending);
  Update("s1");
  Update("s2");
  ASSERT_EQ(transport_.confirmables.size(), 1u);
  // Every notification tells the client how long to wait before it registers again.
  EXPECT_EQ(OptionOf(transport_.confirmables[0].message, kOptionMaxAge), EncodeUintOption(90));

  // A new gateway process: fresh state, same session and token numbering on the client side.
  FakeTransport transport;
  FakeLoopPoster poster;
  FakeClientApiUpstream upstream;
  common::MetricsRegistry metrics;
  RequestPipeline restarted(Settings(), upstream, metrics, clock_);
  restarted.Bind(transport, poster);
  EXPECT_EQ(restarted.observe().registrations(), 0u);
  // Nothing arrives; after Max-Age the client registers again with its last next_batch.
  ASSERT_TRUE(restarted.OnRequest(Register(10, "s2"), 1).pending);
  ASSERT_EQ(upstream.size(), 1u);
  EXPECT_EQ(QueryValue(upstream.last_call(), "since"), "s2");
  upstream.Answer(0, 200, SyncBody("s3"));
  poster.RunAll();
  ASSERT_EQ(transport.completed.size(), 1u);
  EXPECT_TRUE(OptionOf(transport.completed[0].second, kOptionObserve).has_value());
  EXPECT_EQ(restarted.observe().registrations(), 1u);
}

}  // namespace
}  // namespace mxedge::coap_gateway
