#pragma once
// One real redis-server per test process, started on first use and stopped at exit, so the tests
// of a binary share it and may run in parallel; each test works under its own key prefix.
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/testing/redis_server.hpp"

namespace mxedge::testing {

struct SharedRedisServer {
  std::unique_ptr<RedisServer> server;
  // Always set: when the server failed to start it points at a closed port, so every call fails
  // with a status instead of crashing.
  std::unique_ptr<redis::HiredisClient> client;
  absl::Status start_status;
};

// The process's server (a failed start is reported as a test failure on every use).
SharedRedisServer& SharedRedis();

// "mxedge-test:<suite>.<test>:<pid>:<n>:", unique to the running test, the process and the call.
std::string UniqueTestPrefix();

// A key prefix unique to the running test; the destructor deletes every key under it on the
// shared server.
class TestKeyPrefix {
 public:
  TestKeyPrefix();
  ~TestKeyPrefix();
  TestKeyPrefix(const TestKeyPrefix&) = delete;
  TestKeyPrefix& operator=(const TestKeyPrefix&) = delete;

  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

}  // namespace mxedge::testing
