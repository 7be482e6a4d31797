#pragma once
// Shared pieces of the Redis instantiations of the contract suites: the process's shared
// redis-server (mxedge/testing/shared_redis.hpp) and a keyspace helper that hands out keys under a
// prefix unique to the test and deletes them when the test ends.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "mxedge/redis/commands.hpp"
#include "mxedge/testing/shared_redis.hpp"
#include "unique_prefix.hpp"

namespace mxedge::ownership {

using mxedge::testing::SharedRedis;

class RedisKeyspace {
 public:
  RedisKeyspace() : client_(*SharedRedis().client) {}
  ~RedisKeyspace() {
    if (!keys_.empty()) {
      absl::StatusOr<int64_t> deleted = redis::Del(client_, keys_);
      EXPECT_TRUE(deleted.ok()) << deleted.status();
    }
  }
  RedisKeyspace(const RedisKeyspace&) = delete;
  RedisKeyspace& operator=(const RedisKeyspace&) = delete;

  redis::RedisClient& client() { return client_; }

  std::string Key(std::string_view name) {
    keys_.push_back(prefix_ + std::string(name));
    return keys_.back();
  }

  // Waits (polling, with a deadline) until Redis has expired `key`, last given `ttl`.
  void LetExpire(const std::string& key, std::chrono::milliseconds ttl) {
    const auto deadline = std::chrono::steady_clock::now() + ttl + std::chrono::seconds(5);
    while (true) {
      absl::StatusOr<bool> exists = redis::Exists(client_, key);
      ASSERT_TRUE(exists.ok()) << exists.status();
      if (!*exists) {
        return;
      }
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << key << " never expired";
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  std::optional<std::chrono::milliseconds> RemainingTtl(const std::string& key) {
    absl::StatusOr<int64_t> pttl = redis::PTtl(client_, key);
    EXPECT_TRUE(pttl.ok()) << pttl.status();
    if (!pttl.ok() || *pttl == redis::kPTtlNoKey) {
      return std::nullopt;
    }
    if (*pttl == redis::kPTtlNoExpiry) {
      return std::chrono::milliseconds(0);
    }
    return std::chrono::milliseconds(*pttl);
  }

  void SetRaw(const std::string& key, const std::string& value) {
    absl::StatusOr<bool> set = redis::Set(client_, key, value);
    ASSERT_TRUE(set.ok()) << set.status();
  }

 private:
  redis::RedisClient& client_;
  std::string prefix_ = UniqueTestPrefix();
  std::vector<std::string> keys_;
};

}  // namespace mxedge::ownership
