#pragma once
// Shared pieces of the Redis instantiations of the contract suites: one real redis-server per test
// process (started on first use), and a key prefix unique to each test whose keys are deleted when
// the test ends, so tests share the server and may run in parallel.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "irc_keys.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/redis/script.hpp"
#include "mxedge/testing/redis_server.hpp"

namespace mxedge::irc_worker {

struct SharedRedisServer {
  std::unique_ptr<mxedge::testing::RedisServer> server;
  // Always set: when the server failed to start it points at a closed port, so every call fails
  // with a status instead of crashing.
  std::unique_ptr<redis::HiredisClient> client;
  absl::Status start_status;
};

inline SharedRedisServer& SharedRedis() {
  static SharedRedisServer shared = [] {
    SharedRedisServer s;
    std::string url = "redis://127.0.0.1:1";
    absl::StatusOr<std::unique_ptr<mxedge::testing::RedisServer>> server =
        mxedge::testing::RedisServer::Start();
    if (server.ok()) {
      s.server = *std::move(server);
      url = s.server->url();
    } else {
      s.start_status = server.status();
    }
    redis::HiredisOptions options;
    options.url = url;
    options.pool_size = 8;
    absl::StatusOr<std::unique_ptr<redis::HiredisClient>> client =
        redis::HiredisClient::Create(options);
    if (client.ok()) {
      s.client = *std::move(client);
    } else {
      s.start_status = client.status();
    }
    return s;
  }();
  if (!shared.start_status.ok()) {
    ADD_FAILURE() << "redis test server unavailable: " << shared.start_status;
  }
  return shared;
}

// A test's own key prefix ("mxedge-test:<suite>.<test>:<pid>:<n>:") on the shared server.
class RedisTestKeys {
 public:
  RedisTestKeys() : client_(*SharedRedis().client), keys_(UniquePrefix()) {}
  ~RedisTestKeys() {
    static const redis::Script drop(R"lua(
local keys = redis.call('KEYS', ARGV[1] .. '*')
for _, key in ipairs(keys) do
  redis.call('DEL', key)
end
return #keys
)lua");
    const std::vector<std::string> args = {keys_.prefix()};
    absl::StatusOr<redis::Reply> dropped = redis::EvalScript(client_, drop, {}, args);
    EXPECT_TRUE(dropped.ok()) << dropped.status();
  }
  RedisTestKeys(const RedisTestKeys&) = delete;
  RedisTestKeys& operator=(const RedisTestKeys&) = delete;

  redis::RedisClient& client() { return client_; }
  const IrcKeys& keys() const { return keys_; }

  // Remaining time to live of `key` as Redis PTTL reports it (-2 absent, -1 no expiry).
  int64_t PTtl(const std::string& key) {
    absl::StatusOr<int64_t> pttl = redis::PTtl(client_, key);
    EXPECT_TRUE(pttl.ok()) << pttl.status();
    return pttl.ok() ? *pttl : -3;
  }

 private:
  static std::string UniquePrefix() {
    static std::atomic<int> counter{0};
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return absl::StrCat("mxedge-test:", info != nullptr ? info->test_suite_name() : "-", ".",
                        info != nullptr ? info->name() : "-", ":", getpid(), ":", counter++, ":");
  }

  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
