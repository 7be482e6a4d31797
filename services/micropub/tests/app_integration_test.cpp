// The built micropub binary as a process, with a real redis-server: ready, serving the client
// metadata and its metrics, stopping cleanly on SIGTERM.
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <string>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/testing/free_port.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::micropub {
namespace {

using ::testing::HasSubstr;

// The binary is built next to this test executable.
std::string MicropubBinary() {
  char path[PATH_MAX] = {};
  ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
  std::string self(path, n > 0 ? static_cast<size_t>(n) : 0);
  return self.substr(0, self.rfind('/')) + "/micropub";
}

absl::StatusOr<http::Response> Get(http::CurlHttpClient& client, const std::string& url,
                                   std::string accept = "") {
  http::ClientRequest request;
  request.url = url;
  request.timeout = std::chrono::seconds(2);
  if (!accept.empty()) {
    http::SetHeader(request.headers, "Accept", accept);
  }
  return client.Send(request);
}

TEST(AppIntegrationTest, ServesClientMetadataAndStopsOnSigterm) {
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("micropub-app");
  ASSERT_TRUE(dir.ok()) << dir.status();
  absl::StatusOr<int> http_port = testing::FreeLoopbackPort();
  absl::StatusOr<int> grpc_port = testing::FreeLoopbackPort();
  absl::StatusOr<int> admin_port = testing::FreeLoopbackPort();
  ASSERT_TRUE(http_port.ok() && grpc_port.ok() && admin_port.ok());
  const std::string base = common::Cat("http://127.0.0.1:", *http_port);
  const std::string config_path = dir->File("config.yaml");
  ASSERT_TRUE(testing::WriteFile(
                  config_path,
                  common::Cat("public_base_url: ", base,
                              "\nhttp:\n  listen_address: 127.0.0.1\n  port: ", *http_port,
                              "\ngrpc:\n  listen: 127.0.0.1:", *grpc_port,
                              "\nredis:\n  url: ", (*redis)->url(),
                              "\nadmin:\n  listen_address: 127.0.0.1\n  port: ", *admin_port, "\n"))
                  .ok());
  testing::SubprocessOptions options;
  options.argv = {"/usr/bin/env",
                  "MXEDGE_GRPC_INTERNAL_TOKEN=integration-token",
                  "MXEDGE_REDIS_ENCRYPTION_KEY=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                  MicropubBinary(),
                  "--config",
                  config_path};
  options.log_path = dir->File("micropub.log");
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> process =
      testing::Subprocess::Start(options);
  ASSERT_TRUE(process.ok()) << process.status();

  http::CurlHttpClient client;
  const std::string readyz = common::Cat("http://127.0.0.1:", *admin_port, "/readyz");
  absl::Status ready =
      testing::WaitUntilReady(**process, std::chrono::seconds(30), [&]() -> absl::Status {
        absl::StatusOr<http::Response> response = Get(client, readyz);
        if (!response.ok()) {
          return response.status();
        }
        if (response->status != 200) {
          return absl::UnavailableError(common::Cat("readyz ", response->status));
        }
        return absl::OkStatus();
      });
  ASSERT_TRUE(ready.ok()) << ready << "\n" << (*process)->LogTail();

  absl::StatusOr<http::Response> metadata = Get(client, base + "/", "application/json");
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  EXPECT_EQ(metadata->status, 200);
  nlohmann::json body = nlohmann::json::parse(metadata->body, nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << metadata->body;
  EXPECT_EQ(body.value("client_id", ""), base + "/");
  EXPECT_THAT(body.dump(), HasSubstr(base + "/indieauth/redirect"));

  absl::StatusOr<http::Response> page = Get(client, base + "/", "text/html");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->body, HasSubstr("redirect_uri"));

  absl::StatusOr<http::Response> metrics =
      Get(client, common::Cat("http://127.0.0.1:", *admin_port, "/metrics"));
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_EQ(metrics->status, 200);
  for (const char* family :
       {"mxedge_micropub_posts_total counter", "mxedge_micropub_request_seconds histogram",
        "mxedge_micropub_token_refreshes_total counter", "mxedge_micropub_links_total counter",
        "mxedge_micropub_rate_limited_total counter"}) {
    EXPECT_THAT(metrics->body, HasSubstr(common::Cat("# TYPE ", family))) << family;
  }

  ASSERT_TRUE((*process)->Terminate(std::chrono::seconds(10)).ok());
  ASSERT_TRUE((*process)->wait_status().has_value());
  int status = *(*process)->wait_status();
  EXPECT_TRUE(WIFEXITED(status)) << (*process)->LogTail();
  EXPECT_EQ(WEXITSTATUS(status), 0) << (*process)->LogTail();
}

}  // namespace
}  // namespace mxedge::micropub
