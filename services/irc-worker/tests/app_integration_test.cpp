// The irc-worker binary against a real redis-server and ngircd: it becomes
// ready, registers in `irc:workers`, and drains and exits 0 on SIGTERM.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/testing/free_port.hpp"
#include "mxedge/testing/ngircd.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::irc_worker {
namespace {

using mxedge::testing::FreeLoopbackPort;
using mxedge::testing::Ngircd;
using mxedge::testing::RedisServer;
using mxedge::testing::Subprocess;
using mxedge::testing::TempDir;

TEST(AppIntegrationTest, BecomesReadyRegistersAndDrainsOnSigterm) {
  absl::StatusOr<std::unique_ptr<RedisServer>> redis_server = RedisServer::Start();
  ASSERT_TRUE(redis_server.ok()) << redis_server.status();
  absl::StatusOr<std::unique_ptr<Ngircd>> ircd = Ngircd::Start();
  ASSERT_TRUE(ircd.ok()) << ircd.status();
  absl::StatusOr<TempDir> dir = TempDir::Create("irc-worker-app");
  ASSERT_TRUE(dir.ok()) << dir.status();
  absl::StatusOr<int> admin_port = FreeLoopbackPort();
  absl::StatusOr<int> grpc_port = FreeLoopbackPort();
  ASSERT_TRUE(admin_port.ok() && grpc_port.ok());

  std::string config = absl::StrCat(
      "worker:\n  id: app-test-worker\n  threads: 1\n"
      "grpc:\n  listen: 127.0.0.1:",
      *grpc_port, "\n", "admin:\n  listen_address: 127.0.0.1\n  port: ", *admin_port, "\n",
      "redis:\n  url: ", (*redis_server)->url(), "\n  key_prefix: \"apptest:\"\n",
      "ownership:\n  owner_timeout: 10s\n  self_fence: 8s\n  "
      "heartbeat_interval: 1s\n"
      "  claim_grace: 3s\n",
      "drain:\n  timeout: 3s\n",
      "networks:\n  - id: local\n    host: 127.0.0.1\n    port: ", (*ircd)->port(), "\n");
  std::string config_path = dir->File("config.yaml");
  ASSERT_TRUE(mxedge::testing::WriteFile(config_path, config).ok());

  // Secrets come only from the environment; the child inherits it.
  ASSERT_EQ(setenv("MXEDGE_GRPC_INTERNAL_TOKEN", "app-test-token", 1), 0);
  absl::StatusOr<std::unique_ptr<Subprocess>> worker =
      Subprocess::Start({.argv = {MXEDGE_IRC_WORKER_BIN, "--config", config_path},
                         .log_path = dir->File("worker.log"),
                         .working_dir = ""});
  unsetenv("MXEDGE_GRPC_INTERNAL_TOKEN");
  ASSERT_TRUE(worker.ok()) << worker.status();

  http::CurlHttpClient http;
  std::string readyz = absl::StrCat("http://127.0.0.1:", *admin_port, "/readyz");
  absl::Status ready =
      mxedge::testing::WaitUntilReady(**worker, std::chrono::seconds(30), [&]() -> absl::Status {
        absl::StatusOr<http::Response> response =
            http.Send({.url = readyz, .timeout = std::chrono::seconds(2)});
        if (!response.ok()) {
          return response.status();
        }
        if (response->status != 200) {
          return absl::UnavailableError(absl::StrCat("/readyz ", response->status));
        }
        return absl::OkStatus();
      });
  ASSERT_TRUE(ready.ok()) << ready << "\n" << (*worker)->LogTail();

  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> redis =
      redis::HiredisClient::Create({.url = (*redis_server)->url()});
  ASSERT_TRUE(redis.ok()) << redis.status();
  std::vector<std::string> zscore = {"ZSCORE", "apptest:irc:workers", "app-test-worker"};
  absl::StatusOr<redis::Reply> score = (*redis)->Execute(zscore);
  ASSERT_TRUE(score.ok()) << score.status();
  EXPECT_FALSE(score->IsNil()) << "the worker is not in irc:workers";

  auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE((*worker)->Terminate(std::chrono::seconds(10)).ok()) << (*worker)->LogTail();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  ASSERT_TRUE((*worker)->wait_status().has_value());
  int status = *(*worker)->wait_status();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << (*worker)->LogTail();
  // A drained worker deregisters.
  absl::StatusOr<redis::Reply> after = (*redis)->Execute(zscore);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_TRUE(after->IsNil()) << "the worker is still in irc:workers after its drain";
}

}  // namespace
}  // namespace mxedge::irc_worker
