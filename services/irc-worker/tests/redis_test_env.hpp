#pragma once
// The Redis instantiations of the worker's store contracts run on the test process's shared
// redis-server (mxedge/testing/shared_redis.hpp), each test under its own key prefix whose keys
// are deleted when the test ends, so tests may run in parallel.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "irc_keys.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/testing/shared_redis.hpp"

namespace mxedge::irc_worker {

using mxedge::testing::SharedRedis;

// A test's own IrcKeys ("mxedge-test:<suite>.<test>:<pid>:<n>:" prefix) on the shared server.
class RedisTestKeys {
 public:
  RedisTestKeys() : client_(*SharedRedis().client), keys_(prefix_.prefix()) {}
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
  redis::RedisClient& client_;
  mxedge::testing::TestKeyPrefix prefix_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
