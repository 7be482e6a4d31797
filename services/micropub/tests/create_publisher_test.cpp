#include "create_publisher.hpp"

#include <gtest/gtest.h>

#include "in_memory_micropub_store.hpp"
#include "mxedge/http/fake_http_client.hpp"
#include "mxedge/indieweb/guarded_http_client.hpp"
#include "mxedge/indieweb/resolver.hpp"
#include "mxedge/indieweb/url_guard.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::micropub {
namespace {

using std::chrono::milliseconds;

http::Response Created(int status, std::string location) {
  http::Response r;
  r.status = status;
  r.headers.emplace("Location", std::move(location));
  return r;
}

class CreatePublisherTest : public ::testing::Test {
 protected:
  CreatePublisherTest() : guard_(resolver_), web_(fake_, guard_) {
    resolver_.Set("mp.example", {*indieweb::IpAddress::Parse("93.184.216.34")});
    post_.content = "hello";
    post_.slug = pending_.slug;
  }

  indieweb::MicropubClient Client() {
    return indieweb::MicropubClient(web_, {"https://mp.example/micropub", "", "TOKEN"});
  }
  size_t Posts() const {
    size_t n = 0;
    for (const http::ClientRequest& r : fake_.requests()) {
      n += r.method == "POST" ? 1 : 0;
    }
    return n;
  }

  indieweb::FakeResolver resolver_;
  indieweb::UrlGuard guard_;
  http::FakeHttpClient fake_;
  indieweb::GuardedHttpClient web_;
  mxedge::testing::FakeClock clock_;
  InMemoryMicropubStore store_{clock_};
  CreatePublisher publisher_{store_, milliseconds(600'000)};
  PendingPost pending_{"@alice:hs.test", "https://mp.example/", "m-0123", ""};
  indieweb::Post post_;
};

TEST_F(CreatePublisherTest, PostsOnceAndRecordsTheUrl) {
  fake_.Enqueue("POST", "https://mp.example/micropub", Created(201, "https://mp.example/n/1"));
  indieweb::MicropubClient client = Client();
  absl::StatusOr<CreateReport> report = publisher_.Publish(client, "$e1", pending_, post_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->outcome, CreateOutcome::kPosted);
  EXPECT_EQ(report->url, "https://mp.example/n/1");
  EXPECT_EQ(store_.Post("$e1")->value().url, "https://mp.example/n/1");
  EXPECT_FALSE(store_.Pending("$e1")->has_value());

  // A redelivery after the post was recorded answers with the URL and posts nothing.
  absl::StatusOr<CreateReport> again = publisher_.Publish(client, "$e1", pending_, post_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, CreateOutcome::kAlreadyPosted);
  EXPECT_EQ(Posts(), 1u);
}

TEST_F(CreatePublisherTest, SendsTheDeterministicSlug) {
  fake_.Enqueue("POST", "https://mp.example/micropub", Created(202, "https://mp.example/n/2"));
  indieweb::MicropubClient client = Client();
  ASSERT_TRUE(publisher_.Publish(client, "$e2", pending_, post_).ok());
  EXPECT_NE(fake_.requests().back().body.find("\"mp-slug\":[\"m-0123\"]"), std::string::npos)
      << fake_.requests().back().body;
}

TEST_F(CreatePublisherTest, PendingWithoutUrlAsksTheUserAndRetryPosts) {
  ASSERT_TRUE(*store_.TryBeginPending("$e3", pending_, milliseconds(600'000)));
  indieweb::MicropubClient client = Client();
  absl::StatusOr<CreateReport> report = publisher_.Publish(client, "$e3", pending_, post_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->outcome, CreateOutcome::kNeedsUser);
  EXPECT_EQ(fake_.request_count(), 0u);

  fake_.Enqueue("POST", "https://mp.example/micropub", Created(201, "https://mp.example/n/3"));
  absl::StatusOr<CreateReport> retried =
      publisher_.Publish(client, "$e3", pending_, post_, /*retry=*/true);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->outcome, CreateOutcome::kPosted);
  EXPECT_EQ(Posts(), 1u);
}

TEST_F(CreatePublisherTest, PendingWithAKnownUrlIsCheckedWithQSource) {
  PendingPost earlier = pending_;
  earlier.url = "https://mp.example/n/4";
  ASSERT_TRUE(*store_.TryBeginPending("$e4", earlier, milliseconds(600'000)));
  http::Response source;
  source.status = 200;
  source.headers.emplace("Content-Type", "application/json");
  source.body = R"({"properties":{"content":["hello"]}})";
  fake_.Enqueue("GET", "https://mp.example/micropub?q=source", source);
  indieweb::MicropubClient client = Client();
  absl::StatusOr<CreateReport> report = publisher_.Publish(client, "$e4", pending_, post_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->outcome, CreateOutcome::kAlreadyPosted);
  EXPECT_EQ(report->url, "https://mp.example/n/4");
  EXPECT_EQ(Posts(), 0u);
  EXPECT_EQ(store_.Post("$e4")->value().url, "https://mp.example/n/4");
}

TEST_F(CreatePublisherTest, ARefusalClearsPendingAnUnknownOutcomeKeepsIt) {
  http::Response refused;
  refused.status = 400;
  refused.headers.emplace("Content-Type", "application/json");
  refused.body = R"({"error":"invalid_request","error_description":"no"})";
  fake_.Enqueue("POST", "https://mp.example/micropub", refused);
  indieweb::MicropubClient client = Client();
  EXPECT_FALSE(publisher_.Publish(client, "$e5", pending_, post_).ok());
  EXPECT_FALSE(store_.Pending("$e5")->has_value());

  fake_.Enqueue("POST", "https://mp.example/micropub", absl::UnavailableError("reset"));
  EXPECT_FALSE(publisher_.Publish(client, "$e6", pending_, post_).ok());
  EXPECT_TRUE(store_.Pending("$e6")->has_value());
  EXPECT_FALSE(store_.Post("$e6")->has_value());
}

TEST(IsDefiniteRefusalTest, TransportFailuresAreNotRefusals) {
  EXPECT_FALSE(IsDefiniteRefusal(absl::UnavailableError("timeout")));
  EXPECT_FALSE(IsDefiniteRefusal(absl::DeadlineExceededError("slow")));
}

}  // namespace
}  // namespace mxedge::micropub
