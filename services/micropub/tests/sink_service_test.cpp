#include "sink_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <future>
#include <thread>

#include "in_memory_micropub_store.hpp"
#include "mxedge/http/fake_http_client.hpp"
#include "mxedge/indieweb/resolver.hpp"
#include "mxedge/indieweb/url_guard.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::micropub {
namespace {

class CountingMatrix final : public MatrixActions {
 public:
  absl::Status Notice(std::string_view room_id, std::string_view, std::string_view) override {
    if (on_notice) {
      on_notice(room_id);
    }
    ++notices;
    return notice_status;
  }
  absl::Status Join(std::string_view) override { return absl::OkStatus(); }
  absl::StatusOr<std::string> CreateDirectRoom(std::string_view) override {
    return std::string("!new:hs.test");
  }
  absl::StatusOr<indieweb::MediaFile> Download(std::string_view, int64_t) override {
    return absl::NotFoundError("none");
  }
  std::atomic<int> notices{0};
  absl::Status notice_status;
  std::function<void(std::string_view room_id)> on_notice;
};

class SinkServiceTest : public ::testing::Test {
 protected:
  SinkServiceTest()
      : guard_(resolver_),
        web_(fake_, guard_),
        discoverer_(web_),
        auth_(web_, discoverer_, {"https://client.example/", "https://client.example/cb"}, clock_),
        bot_(store_, matrix_, web_, discoverer_, auth_, Options(), clock_, metrics_),
        service_(bot_, "@micropub:hs.test") {
    EXPECT_TRUE(store_.PutRoom("!dm:hs.test", "@alice:hs.test").ok());
  }
  static BotOptions Options() {
    BotOptions options;
    options.bot_user_id = "@micropub:hs.test";
    options.client = {"https://client.example/", "https://client.example/cb"};
    return options;
  }
  static void AddHelp(mxedge::v1::DeliverRequest& request, std::string id,
                      std::string room_id = "!dm:hs.test", std::string sender = "@alice:hs.test") {
    mxedge::v1::MatrixEvent* event = request.add_events();
    event->set_event_id(std::move(id));
    event->set_room_id(std::move(room_id));
    event->set_sender(std::move(sender));
    event->set_type("m.room.message");
    event->set_content_json(R"({"msgtype":"m.text","body":"!help"})");
  }

  mxedge::testing::FakeClock clock_;
  InMemoryMicropubStore store_{clock_};
  CountingMatrix matrix_;
  indieweb::FakeResolver resolver_;
  indieweb::UrlGuard guard_;
  http::FakeHttpClient fake_;
  indieweb::GuardedHttpClient web_;
  indieweb::Discoverer discoverer_;
  indieweb::IndieAuthClient auth_;
  common::MetricsRegistry registry_;
  MicropubMetrics metrics_{registry_};
  Bot bot_;
  SinkService service_;
};

TEST_F(SinkServiceTest, EveryEventGetsAnOutcome) {
  mxedge::v1::DeliverRequest request;
  request.set_request_id("r1");
  AddHelp(request, "$a");
  AddHelp(request, "$b");
  mxedge::v1::DeliverReply reply;
  ASSERT_TRUE(service_.Deliver(nullptr, &request, &reply).ok());
  EXPECT_EQ(reply.request_id(), "r1");
  ASSERT_EQ(reply.outcomes_size(), 2);
  EXPECT_EQ(reply.outcomes(0).event_id(), "$a");
  EXPECT_EQ(reply.outcomes(0).outcome(), mxedge::v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(reply.outcomes(1).outcome(), mxedge::v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(matrix_.notices.load(), 2);
}

TEST_F(SinkServiceTest, TransientFailuresAskForARetry) {
  matrix_.notice_status = absl::UnavailableError("router down");
  mxedge::v1::DeliverRequest request;
  AddHelp(request, "$a");
  mxedge::v1::DeliverReply reply;
  ASSERT_TRUE(service_.Deliver(nullptr, &request, &reply).ok());
  EXPECT_EQ(reply.outcomes(0).outcome(), mxedge::v1::DELIVERY_OUTCOME_RETRY_LATER);
  EXPECT_EQ(reply.outcomes(0).retry_after_ms(), SinkService::kRetryAfterMs);
}

TEST_F(SinkServiceTest, AnotherUsersEventDoesNotWaitForABusyUser) {
  ASSERT_TRUE(store_.PutRoom("!bob:hs.test", "@bob:hs.test").ok());
  std::promise<void> alice_inside;
  std::promise<void> release_alice;
  std::shared_future<void> release = release_alice.get_future().share();
  matrix_.on_notice = [&alice_inside, release](std::string_view room_id) {
    if (room_id == "!dm:hs.test") {
      alice_inside.set_value();
      release.wait();
    }
  };
  std::thread alice([this] {
    mxedge::v1::DeliverRequest request;
    AddHelp(request, "$a");
    mxedge::v1::DeliverReply reply;
    EXPECT_TRUE(service_.Deliver(nullptr, &request, &reply).ok());
  });
  alice_inside.get_future().wait();
  std::future<mxedge::v1::DeliveryOutcome> bob = std::async(std::launch::async, [this] {
    mxedge::v1::DeliverRequest request;
    AddHelp(request, "$b", "!bob:hs.test", "@bob:hs.test");
    mxedge::v1::DeliverReply reply;
    EXPECT_TRUE(service_.Deliver(nullptr, &request, &reply).ok());
    return reply.outcomes(0).outcome();
  });
  // Bounded only so that a regression fails instead of hanging: alice stays blocked meanwhile.
  const bool bob_done = bob.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  release_alice.set_value();
  alice.join();
  ASSERT_TRUE(bob_done) << "bob's event waited for alice's";
  EXPECT_EQ(bob.get(), mxedge::v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(matrix_.notices.load(), 2);
}

TEST_F(SinkServiceTest, OnlyTheBotUserExists) {
  mxedge::v1::QueryUserRequest query;
  mxedge::v1::QueryUserReply answer;
  query.set_user_id("@micropub:hs.test");
  ASSERT_TRUE(service_.QueryUser(nullptr, &query, &answer).ok());
  EXPECT_TRUE(answer.exists());
  query.set_user_id("@micropub_x:hs.test");
  ASSERT_TRUE(service_.QueryUser(nullptr, &query, &answer).ok());
  EXPECT_FALSE(answer.exists());
  mxedge::v1::QueryAliasRequest alias;
  mxedge::v1::QueryAliasReply alias_answer;
  ASSERT_TRUE(service_.QueryAlias(nullptr, &alias, &alias_answer).ok());
  EXPECT_FALSE(alias_answer.exists());
}

}  // namespace
}  // namespace mxedge::micropub
