#include "mxedge/testing/shared_redis.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mxedge/redis/commands.hpp"

namespace mxedge::testing {

SharedRedisServer& SharedRedis() {
  static SharedRedisServer shared = [] {
    SharedRedisServer s;
    std::string url = "redis://127.0.0.1:1";
    absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start();
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

std::string UniqueTestPrefix() {
  static std::atomic<int> counter{0};
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return absl::StrCat("mxedge-test:", info != nullptr ? info->test_suite_name() : "-", ".",
                      info != nullptr ? info->name() : "-", ":", getpid(), ":", counter++, ":");
}

TestKeyPrefix::TestKeyPrefix() : prefix_(UniqueTestPrefix()) {}

TestKeyPrefix::~TestKeyPrefix() {
  redis::RedisClient& client = *SharedRedis().client;
  absl::StatusOr<redis::Reply> keys = redis::Call(client, {"KEYS", prefix_ + "*"});
  EXPECT_TRUE(keys.ok()) << keys.status();
  if (!keys.ok() || keys->elements().empty()) {
    return;
  }
  std::vector<std::string> names;
  for (const redis::Reply& key : keys->elements()) {
    names.push_back(key.str());
  }
  absl::StatusOr<int64_t> deleted = redis::Del(client, names);
  EXPECT_TRUE(deleted.ok()) << deleted.status();
}

}  // namespace mxedge::testing
