#include "mxedge/testing/as_pusher.hpp"

#include <gtest/gtest.h>

#include <mutex>

#include "mxedge/http/http_server.hpp"
#include "mxedge/testing/fake_homeserver.hpp"

namespace mxedge::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

// An HttpServer playing the Application Service: records transactions, answers from a script.
class FakeAs {
 public:
  FakeAs() : server_(http::HttpServerOptions{}) {
    auto handler = [this](const http::Request& r, http::Responder out) {
      std::unique_lock<std::mutex> lock(mu_);
      received_.push_back(r);
      ++in_flight_;
      max_in_flight_ = std::max(max_in_flight_, in_flight_);
      if (park_) {
        parked_.push_back(out);
        cv_.notify_all();
        return;
      }
      int status = 200;
      if (!statuses_.empty()) {
        status = statuses_.front();
        statuses_.erase(statuses_.begin());
      }
      --in_flight_;
      out.Send(http::Response::Json(status, "{}"));
    };
    server_.Route("PUT", "/_matrix/app/v1/transactions/:txnId", handler);
    server_.Route("PUT", "/transactions/:txnId", handler);
    auto query = [this](const http::Request& r, http::Responder out) {
      std::lock_guard<std::mutex> lock(mu_);
      received_.push_back(r);
      out.Send(http::Response::Json(200, "{}"));
    };
    server_.Route("GET", "/_matrix/app/v1/users/:userId", query);
    server_.Route("GET", "/users/:userId", query);
    server_.Route("GET", "/_matrix/app/v1/rooms/:alias", query);
    server_.Route("GET", "/rooms/:alias", query);
    EXPECT_TRUE(server_.Start().ok());
  }
  ~FakeAs() {
    ReleaseParked();
    server_.Shutdown(milliseconds(2000)).IgnoreError();
  }
  std::string url() const { return server_.base_url(); }
  void Script(std::vector<int> statuses) {
    std::lock_guard<std::mutex> lock(mu_);
    statuses_ = std::move(statuses);
  }
  void Park(bool park) {
    std::lock_guard<std::mutex> lock(mu_);
    park_ = park;
  }
  bool WaitForParked(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, milliseconds(5000), [&] { return parked_.size() >= n; });
  }
  void ReleaseParked() {
    std::vector<http::Responder> parked;
    {
      std::lock_guard<std::mutex> lock(mu_);
      parked.swap(parked_);
      in_flight_ -= static_cast<int>(parked.size());
    }
    for (auto& p : parked) {
      p.Send(http::Response::Json(200, "{}"));
    }
  }
  std::vector<http::Request> received() const {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }
  int max_in_flight() const {
    std::lock_guard<std::mutex> lock(mu_);
    return max_in_flight_;
  }

 private:
  http::HttpServer server_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<http::Request> received_;
  std::vector<int> statuses_;
  std::vector<http::Responder> parked_;
  bool park_ = false;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
};

json Message(const std::string& id) {
  return {{"event_id", id},
          {"type", "m.room.message"},
          {"room_id", "!r:localhost"},
          {"sender", "@alice:localhost"},
          {"content", {{"msgtype", "m.text"}, {"body", "hi"}}}};
}

FakeHomeserverOptions HsOptions(const FakeAs& as, AsApiStyle style) {
  FakeHomeserverOptions o;
  o.as_url = as.url();
  o.hs_token = "hs_secret";
  o.as_style = style;
  o.retry_initial = milliseconds(20);
  return o;
}

TEST(AsPusherTest, ModernStyleUsesPrefixedPathAndBearerToken) {
  FakeAs as;
  FakeHomeserver hs(HsOptions(as, AsApiStyle::kModern));
  hs.EnqueueEvents({Message("$1")});
  ASSERT_TRUE(hs.pusher().WaitForDelivered(1, milliseconds(5000)));
  auto received = as.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].raw_path, "/_matrix/app/v1/transactions/1");
  EXPECT_EQ(received[0].Header("Authorization"), "Bearer hs_secret");
  EXPECT_FALSE(received[0].QueryValue("access_token").has_value());
  json body = json::parse(received[0].body);
  ASSERT_EQ(body["events"].size(), 1u);
  EXPECT_EQ(body["events"][0]["event_id"], "$1");
  EXPECT_TRUE(body["events"][0]["unsigned"]["age"].is_number_integer());
}

TEST(AsPusherTest, Synapse167StyleUsesBarePathAndQueryTokenOnly) {
  FakeAs as;
  FakeHomeserver hs(HsOptions(as, AsApiStyle::kSynapse167));
  hs.EnqueueEvents({Message("$1")});
  ASSERT_TRUE(hs.pusher().WaitForDelivered(1, milliseconds(5000)));
  auto received = as.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].raw_path, "/transactions/1");
  EXPECT_EQ(received[0].QueryValue("access_token"), "hs_secret");
  EXPECT_FALSE(received[0].Header("Authorization").has_value());
  json body = json::parse(received[0].body);
  EXPECT_EQ(body["events"][0]["age"], body["events"][0]["unsigned"]["age"]);
  EXPECT_EQ(body["events"][0]["user_id"], "@alice:localhost");
}

TEST(AsPusherTest, SetAsUrlAfterConstructionAndBatchLimit) {
  FakeAs as;
  FakeHomeserverOptions options;
  options.max_events_per_transaction = 1;
  FakeHomeserver hs(options);
  hs.SetAsUrl(as.url());
  hs.EnqueueEvents({Message("$1"), Message("$2")});
  ASSERT_TRUE(hs.pusher().WaitForDelivered(2, milliseconds(5000)));
  auto received = as.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].Header("Authorization"), "Bearer hs_token_for_tests");
  EXPECT_EQ(json::parse(received[0].body)["events"].size(), 1u);
  EXPECT_EQ(received[1].raw_path, "/_matrix/app/v1/transactions/2");
}

TEST(AsPusherTest, RetriesTheSameTransactionWithGrowingAgeUntil200) {
  FakeAs as;
  as.Script({503, 503, 200});
  FakeHomeserver hs(HsOptions(as, AsApiStyle::kSynapse167));
  hs.EnqueueEvents({Message("$1")});
  ASSERT_TRUE(hs.pusher().WaitForDelivered(1, milliseconds(5000)));
  auto received = as.received();
  ASSERT_EQ(received.size(), 3u);
  std::vector<int64_t> ages;
  for (const auto& r : received) {
    EXPECT_EQ(r.raw_path, "/transactions/1");
    json body = json::parse(r.body);
    EXPECT_EQ(body["events"][0]["event_id"], "$1");
    ages.push_back(body["events"][0]["unsigned"]["age"].get<int64_t>());
  }
  EXPECT_GT(ages[1], ages[0]);
  EXPECT_GT(ages[2], ages[1]);
  auto attempts = hs.pusher().attempts();
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_EQ(attempts[0].status, 503);
  EXPECT_EQ(attempts[2].status, 200);
}

TEST(AsPusherTest, KeepsOneTransactionInFlight) {
  FakeAs as;
  as.Park(true);
  FakeHomeserver hs(HsOptions(as, AsApiStyle::kModern));
  hs.EnqueueEvents({Message("$1")});
  ASSERT_TRUE(as.WaitForParked(1));
  hs.EnqueueEvents({Message("$2")});
  hs.EnqueueEvents({Message("$3")});
  as.Park(false);
  as.ReleaseParked();
  ASSERT_TRUE(hs.pusher().WaitForDelivered(2, milliseconds(5000)));
  auto received = as.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[1].raw_path, "/_matrix/app/v1/transactions/2");
  EXPECT_EQ(json::parse(received[1].body)["events"].size(), 2u);  // queued while blocked
  EXPECT_EQ(as.max_in_flight(), 1);
}

TEST(AsPusherTest, TxnIdsRestartAtOneAfterSimulatedRestart) {
  FakeAs as;
  FakeHomeserver hs(HsOptions(as, AsApiStyle::kSynapse167));
  hs.EnqueueEvents({Message("$1")});
  ASSERT_TRUE(hs.pusher().WaitForDelivered(1, milliseconds(5000)));
  hs.EnqueueEvents({Message("$2")});
  ASSERT_TRUE(hs.pusher().WaitForDelivered(2, milliseconds(5000)));
  hs.SimulateRestart();
  hs.EnqueueEvents({Message("$3")});
  ASSERT_TRUE(hs.pusher().WaitForDelivered(3, milliseconds(5000)));
  auto received = as.received();
  ASSERT_EQ(received.size(), 3u);
  EXPECT_EQ(received[1].raw_path, "/transactions/2");
  EXPECT_EQ(received[2].raw_path, "/transactions/1");
  EXPECT_EQ(json::parse(received[2].body)["events"][0]["event_id"], "$3");
}

TEST(AsPusherTest, QueriesUsersAndAliasesInBothStyles) {
  FakeAs as;
  {
    FakeHomeserver modern(HsOptions(as, AsApiStyle::kModern));
    auto user = modern.QueryUser("@irc_bob:localhost");
    ASSERT_TRUE(user.ok()) << user.status();
    EXPECT_EQ(user->status, 200);
  }
  FakeHomeserver legacy(HsOptions(as, AsApiStyle::kSynapse167));
  ASSERT_TRUE(legacy.QueryAlias("#irc_chan:localhost").ok());
  auto received = as.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].raw_path, "/_matrix/app/v1/users/%40irc_bob%3Alocalhost");
  EXPECT_EQ(received[0].Param("userId"), "@irc_bob:localhost");
  EXPECT_EQ(received[0].Header("Authorization"), "Bearer hs_secret");
  EXPECT_EQ(received[1].raw_path, "/rooms/%23irc_chan%3Alocalhost");
  EXPECT_EQ(received[1].Param("alias"), "#irc_chan:localhost");
  EXPECT_EQ(received[1].QueryValue("access_token"), "hs_secret");
}

}  // namespace
}  // namespace mxedge::testing
