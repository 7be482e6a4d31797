#include "mxedge/http/admin_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "mxedge/http/curl_http_client.hpp"

namespace mxedge::http {
namespace {

using nlohmann::json;

class AdminServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HttpServerOptions options;
    options.port = 0;
    admin_ = std::make_unique<AdminServer>(options);
  }
  Response Get(std::string_view path) {
    auto response = client_.Send(ClientRequest{"GET", admin_->base_url() + std::string(path)});
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : Response{};
  }
  CurlHttpClient client_;
  std::unique_ptr<AdminServer> admin_;
};

TEST_F(AdminServerTest, HealthzAnswers200) {
  ASSERT_TRUE(admin_->Start().ok());
  EXPECT_EQ(Get("/healthz").status, 200);
}

TEST_F(AdminServerTest, ReadyzRunsEveryCheck) {
  std::atomic<bool> redis_up{true};
  admin_->AddReadinessCheck("redis", [&] {
    return redis_up ? absl::OkStatus() : absl::UnavailableError("redis 127.0.0.1:6379: refused");
  });
  admin_->AddReadinessCheck("loops", [] { return absl::OkStatus(); });
  ASSERT_TRUE(admin_->Start().ok());

  Response ready = Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  json body = json::parse(ready.body);
  EXPECT_EQ(body["status"], "ready");
  EXPECT_EQ(body["checks"]["redis"]["ok"], true);
  EXPECT_EQ(body["checks"]["loops"]["ok"], true);

  redis_up = false;
  Response not_ready = Get("/readyz");
  EXPECT_EQ(not_ready.status, 503);
  body = json::parse(not_ready.body);
  EXPECT_EQ(body["checks"]["redis"]["ok"], false);
  EXPECT_EQ(body["checks"]["redis"]["error"], "redis 127.0.0.1:6379: refused");
  EXPECT_EQ(body["checks"]["loops"]["ok"], true);
}

TEST_F(AdminServerTest, ThrowingCheckCountsAsFailed) {
  admin_->AddReadinessCheck("broken", []() -> absl::Status { throw std::runtime_error("bug"); });
  ASSERT_TRUE(admin_->Start().ok());
  Response response = Get("/readyz");
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(json::parse(response.body)["checks"]["broken"]["ok"], false);
  EXPECT_EQ(Get("/healthz").status, 200);
}

TEST_F(AdminServerTest, ReadyzFailsWhileDrainingButHealthzStaysUp) {
  admin_->AddReadinessCheck("redis", [] { return absl::OkStatus(); });
  ASSERT_TRUE(admin_->Start().ok());
  EXPECT_EQ(Get("/readyz").status, 200);
  admin_->StartDrain();
  EXPECT_TRUE(admin_->draining());
  Response draining = Get("/readyz");
  EXPECT_EQ(draining.status, 503);
  EXPECT_EQ(json::parse(draining.body)["draining"], true);
  EXPECT_EQ(Get("/healthz").status, 200);
}

TEST_F(AdminServerTest, MetricsServesRendererText) {
  int renders = 0;
  admin_->SetMetricsRenderer([&renders] {
    ++renders;
    return std::string("# TYPE mxedge_test_total counter\nmxedge_test_total 3\n");
  });
  ASSERT_TRUE(admin_->Start().ok());
  Response metrics = Get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(FindHeader(metrics.headers, "Content-Type"), "text/plain; version=0.0.4");
  EXPECT_EQ(metrics.body, "# TYPE mxedge_test_total counter\nmxedge_test_total 3\n");
  EXPECT_EQ(renders, 1);
}

TEST_F(AdminServerTest, ShutdownIsCleanAndIdempotent) {
  ASSERT_TRUE(admin_->Start().ok());
  EXPECT_TRUE(admin_->Shutdown(std::chrono::milliseconds(1000)).ok());
  EXPECT_TRUE(admin_->Shutdown(std::chrono::milliseconds(1000)).ok());
}

}  // namespace
}  // namespace mxedge::http
