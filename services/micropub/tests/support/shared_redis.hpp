#pragma once
// One real redis-server per test process (started on first use, stopped at exit) for the Redis
// instantiation of the store contract, and a unique key prefix per test whose keys are deleted
// when the test ends.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/testing/redis_server.hpp"

namespace mxedge::micropub {

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
    options.pool_size = 4;
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

// A key prefix unique to the running test and call; the destructor deletes every key under it.
class TestKeyPrefix {
 public:
  TestKeyPrefix() {
    static std::atomic<int> counter{0};
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    prefix_ = common::Cat("mxedge-test:", info != nullptr ? info->test_suite_name() : "-", ".",
                          info != nullptr ? info->name() : "-", ":", getpid(), ":", counter++, ":");
  }
  ~TestKeyPrefix() {
    redis::RedisClient& client = *SharedRedis().client;
    absl::StatusOr<redis::Reply> keys = redis::Call(client, {"KEYS", prefix_ + "*"});
    if (!keys.ok() || keys->elements().empty()) {
      return;
    }
    std::vector<std::string> names;
    for (const redis::Reply& key : keys->elements()) {
      names.push_back(key.str());
    }
    EXPECT_TRUE(redis::Del(client, names).ok());
  }
  TestKeyPrefix(const TestKeyPrefix&) = delete;
  TestKeyPrefix& operator=(const TestKeyPrefix&) = delete;

  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

}  // namespace mxedge::micropub
