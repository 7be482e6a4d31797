#include "mxedge/testing/redis_server.hpp"

#include <signal.h>
#include <unistd.h>

#include "gtest/gtest.h"
#include "mxedge/testing/free_port.hpp"
#include "socket_util.hpp"

namespace mxedge::testing {
namespace {

using std::chrono::milliseconds;

// Sends inline commands and returns what the server answered (up to `expect` CRLF-ended lines).
std::string Talk(int port, const std::string& commands, int expect) {
  absl::StatusOr<int> fd = internal::ConnectLoopback(port, milliseconds(1000));
  if (!fd.ok()) return std::string(fd.status().message());
  std::string in;
  if (internal::SendAll(*fd, commands).ok()) {
    int lines = 0;
    while (lines < expect && internal::ReceiveSome(*fd, in, milliseconds(2000)).ok()) {
      lines = 0;
      for (char c : in) lines += c == '\n';
    }
  }
  close(*fd);
  return in;
}

TEST(RedisServerTest, StartsReachableAndStopsWithoutLeftovers) {
  absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ((*server)->url(), "redis://127.0.0.1:" + std::to_string((*server)->port()));
  EXPECT_EQ(Talk((*server)->port(), "PING\r\n", 1), "+PONG\r\n");
  EXPECT_EQ(Talk((*server)->port(), "CONFIG GET maxmemory-policy\r\n", 5),
            "*2\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n");
  const std::string dir = (*server)->dir();
  const int port = (*server)->port();
  ASSERT_TRUE((*server)->Stop().ok());
  EXPECT_FALSE((*server)->running());
  EXPECT_FALSE(LoopbackPortAccepts(port, milliseconds(200)));
  server->reset();
  EXPECT_EQ(access(dir.c_str(), F_OK), -1);
}

TEST(RedisServerTest, AppendOnlyRestartKeepsData) {
  RedisServerOptions options;
  options.appendonly = true;
  options.appendfsync = "always";
  absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  EXPECT_EQ(Talk(port, "SET kept value\r\n", 1), "+OK\r\n");
  ASSERT_TRUE((*server)->Restart().ok()) << (*server)->LogTail();
  EXPECT_EQ((*server)->port(), port);
  EXPECT_EQ(Talk(port, "GET kept\r\n", 2), "$5\r\nvalue\r\n");
}

TEST(RedisServerTest, KillThenRestartRecoversFsyncedData) {
  RedisServerOptions options;
  options.appendonly = true;
  options.appendfsync = "always";
  absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  EXPECT_EQ(Talk(port, "SET crash survivor\r\n", 1), "+OK\r\n");
  ASSERT_TRUE((*server)->Kill().ok());
  EXPECT_FALSE(LoopbackPortAccepts(port, milliseconds(200)));
  ASSERT_TRUE((*server)->Restart().ok()) << (*server)->LogTail();
  EXPECT_EQ(Talk(port, "GET crash\r\n", 2), "$8\r\nsurvivor\r\n");
}

TEST(RedisServerTest, WithoutAppendOnlyRestartStartsEmpty) {
  absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  EXPECT_EQ(Talk(port, "SET gone soon\r\n", 1), "+OK\r\n");
  ASSERT_TRUE((*server)->Restart().ok());
  EXPECT_EQ(Talk(port, "EXISTS gone\r\n", 1), ":0\r\n");
}

TEST(RedisServerTest, PasswordIsRequiredAndInTheUrl) {
  RedisServerOptions options;
  options.password = "s3cret";
  options.maxmemory_policy = "allkeys-lru";
  absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  EXPECT_EQ((*server)->url(), "redis://:s3cret@127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(Talk(port, "PING\r\n", 1).substr(0, 7), "-NOAUTH");
  EXPECT_EQ(Talk(port, "AUTH s3cret\r\nCONFIG GET maxmemory-policy\r\n", 6),
            "+OK\r\n*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n");
}

}  // namespace
}  // namespace mxedge::testing
