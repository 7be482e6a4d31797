// HiredisClient against a real redis-server started by the RedisServer fixture.
#include "mxedge/redis/hiredis_client.hpp"

#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/redis/commands.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "mxedge/testing/redis_server.hpp"

namespace mxedge::redis {
namespace {

using std::chrono::milliseconds;
using testing::RedisServer;
using testing::RedisServerOptions;

std::unique_ptr<RedisServer> StartServer(RedisServerOptions options = {}) {
  absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start(std::move(options));
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

std::unique_ptr<HiredisClient> MakeClient(HiredisOptions options) {
  absl::StatusOr<std::unique_ptr<HiredisClient>> client = HiredisClient::Create(std::move(options));
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? *std::move(client) : nullptr;
}

std::unique_ptr<HiredisClient> MakeClient(const RedisServer& server) {
  HiredisOptions options;
  options.url = server.url();
  return MakeClient(options);
}

TEST(HiredisClientTest, CreateValidatesOptionsWithoutConnecting) {
  HiredisOptions bad_url;
  bad_url.url = "redis://host:0";
  EXPECT_EQ(HiredisClient::Create(bad_url).status().code(), absl::StatusCode::kInvalidArgument);
  HiredisOptions bad_pool;
  bad_pool.pool_size = 0;
  EXPECT_EQ(HiredisClient::Create(bad_pool).status().code(), absl::StatusCode::kInvalidArgument);
  HiredisOptions bad_backoff;
  bad_backoff.backoff_min = milliseconds(100);
  bad_backoff.backoff_max = milliseconds(10);
  EXPECT_EQ(HiredisClient::Create(bad_backoff).status().code(), absl::StatusCode::kInvalidArgument);
  HiredisOptions nowhere;
  nowhere.url = "redis://127.0.0.1:1";
  std::unique_ptr<HiredisClient> client = MakeClient(nowhere);
  EXPECT_EQ(client->Stats().connections_made, 0u);
  EXPECT_EQ(client->address(), "127.0.0.1:1");
}

TEST(HiredisClientTest, RefusesCommandsThatLeaveRequestReplyMode) {
  HiredisOptions nowhere;
  nowhere.url = "redis://127.0.0.1:1";
  std::unique_ptr<HiredisClient> client = MakeClient(nowhere);
  for (const char* command : {"HELLO", "hello", "SUBSCRIBE", "MONITOR", "select"}) {
    const std::vector<std::string> args = {command, "3"};
    EXPECT_EQ(client->Execute(args).status().code(), absl::StatusCode::kInvalidArgument) << command;
    EXPECT_EQ(client->Pipeline({{"PING"}, args}).status().code(),
              absl::StatusCode::kInvalidArgument)
        << command;
  }
  for (const char* command : {"MULTI", "exec", "WATCH"}) {
    const std::vector<std::string> args = {command};
    EXPECT_EQ(client->Execute(args).status().code(), absl::StatusCode::kInvalidArgument) << command;
  }
  EXPECT_EQ(client->Execute(std::vector<std::string>{}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client->Stats().connect_failures, 0u);  // refused before any network use
}

TEST(HiredisClientTest, ExecutesBinarySafeCommands) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  auto client = MakeClient(*server);
  const std::string key("bin\0key\r\n", 9);
  const std::string value("\0\x01\xff value with spaces\r\n", 24);
  const std::vector<std::string> set = {"SET", key, value};
  ASSERT_TRUE(client->Execute(set).ok());
  const std::vector<std::string> get = {"GET", key};
  absl::StatusOr<Reply> reply = client->Execute(get);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(*reply, Reply::String(value));
  EXPECT_EQ(client->Stats().connections_made, 1u);
  EXPECT_EQ(client->Stats().commands, 2u);
  EXPECT_EQ(client->Stats().open_connections, 1);
}

TEST(HiredisClientTest, ErrorReplyIsAStatusWithTheServerMessage) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  auto client = MakeClient(*server);
  ASSERT_TRUE(Call(*client, {"SET", "err:str", "x"}).ok());
  absl::StatusOr<Reply> reply = Call(*client, {"lpush", "err:str", "y"});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(IsServerError(reply.status(), "WRONGTYPE"));
  EXPECT_EQ(reply.status().message().substr(0, 13), "redis LPUSH: ");
  EXPECT_EQ(Call(*client, {"NOSUCHCOMMAND"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client->Stats().error_replies, 2u);
  EXPECT_EQ(client->Stats().errors, 0u);
  EXPECT_TRUE(Ping(*client).ok());  // the connection is still good
  EXPECT_EQ(client->Stats().connections_made, 1u);
}

TEST(HiredisClientTest, PipelineKeepsOrderAndPerCommandErrors) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  auto client = MakeClient(*server);
  std::vector<std::vector<std::string>> commands;
  for (int i = 0; i < 1000; ++i) commands.push_back({"INCR", "pipe:counter"});
  commands.push_back({"HSET", "pipe:counter", "f", "v"});  // WRONGTYPE in its slot
  commands.push_back({"GET", "pipe:counter"});
  absl::StatusOr<std::vector<Reply>> replies = client->Pipeline(commands);
  ASSERT_TRUE(replies.ok()) << replies.status();
  ASSERT_EQ(replies->size(), 1002u);
  EXPECT_EQ((*replies)[0], Reply::Integer(1));
  EXPECT_EQ((*replies)[999], Reply::Integer(1000));
  EXPECT_TRUE((*replies)[1000].IsError());
  EXPECT_EQ((*replies)[1000].str().substr(0, 9), "WRONGTYPE");
  EXPECT_EQ((*replies)[1001], Reply::String("1000"));
  EXPECT_EQ(client->Stats().error_replies, 1u);
}

TEST(HiredisClientTest, PipelineRunsMultiExecOnOneConnection) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  HiredisOptions options;
  options.url = server->url();
  options.pool_size = 4;
  auto client = MakeClient(options);
  absl::StatusOr<std::vector<Reply>> replies =
      client->Pipeline({{"MULTI"}, {"SET", "tx:a", "1"}, {"INCR", "tx:a"}, {"EXEC"}});
  ASSERT_TRUE(replies.ok()) << replies.status();
  ASSERT_EQ(replies->size(), 4u);
  EXPECT_EQ((*replies)[1], Reply::Status("QUEUED"));
  EXPECT_EQ((*replies)[3], Reply::Array({Reply::Status("OK"), Reply::Integer(2)}));
  EXPECT_TRUE(client->Pipeline({}).ok());
  // A pipeline that leaves MULTI open does not return its connection to the pool.
  ASSERT_TRUE(client->Pipeline({{"MULTI"}, {"SET", "tx:b", "1"}}).ok());
  EXPECT_EQ(client->Stats().open_connections, 0);
  EXPECT_FALSE(*Exists(*client, "tx:b"));  // never executed
  EXPECT_EQ(client->Stats().open_connections, 1);
  EXPECT_EQ(client->Pipeline({{"PING"}, {}}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(HiredisClientTest, AuthenticatesAndSelectsTheDatabase) {
  RedisServerOptions options;
  options.password = "pw-for-test";
  auto server = StartServer(options);
  ASSERT_NE(server, nullptr);
  HiredisOptions db3;
  db3.url = "redis://:pw-for-test@127.0.0.1:" + std::to_string(server->port()) + "/3";
  auto client = MakeClient(db3);
  ASSERT_TRUE(Set(*client, "auth:key", "in-db-3").ok());
  HiredisOptions db0;
  db0.url = server->url();
  auto other = MakeClient(db0);
  EXPECT_FALSE(Get(*other, "auth:key")->has_value());
  EXPECT_EQ(**Get(*client, "auth:key"), "in-db-3");

  HiredisOptions wrong;
  wrong.url = "redis://:wrong@127.0.0.1:" + std::to_string(server->port());
  auto refused = MakeClient(wrong);
  absl::Status s = Ping(*refused);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_NE(s.message().find("AUTH"), absl::string_view::npos) << s;
  EXPECT_EQ(s.message().find("wrong"), absl::string_view::npos) << "password leaked: " << s;
}

TEST(HiredisClientTest, ConnectsOverAUnixSocket) {
  RedisServerOptions options;
  options.unix_socket = true;
  options.password = "unix-pw";
  auto server = StartServer(options);
  ASSERT_NE(server, nullptr);
  HiredisOptions unix_options;
  unix_options.url = server->unix_url() + "?db=2";
  auto client = MakeClient(unix_options);
  EXPECT_EQ(client->address(), "unix:" + server->dir() + "/redis.sock");
  ASSERT_TRUE(Set(*client, "unix:key", "v").ok());
  EXPECT_EQ(**Get(*client, "unix:key"), "v");
  const std::vector<std::string> client_info = {"CLIENT", "INFO"};
  absl::StatusOr<Reply> info = client->Execute(client_info);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_NE(info->str().find(" db=2 "), std::string::npos) << info->str();
}

TEST(HiredisClientTest, BlockingReadTimesOutAndTheClientRecovers) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  HiredisOptions options;
  options.url = server->url();
  options.command_timeout = milliseconds(2000);
  auto client = MakeClient(options);
  ASSERT_TRUE(Ping(*client).ok());
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<Reply> reply =
      Call(*client, {"BLPOP", "timeout:list", "5"}, CallOptions{milliseconds(200)});
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kDeadlineExceeded) << reply.status();
  EXPECT_GE(took, milliseconds(150));
  EXPECT_LT(took, milliseconds(1500));
  EXPECT_EQ(client->Stats().errors, 1u);
  // The timed-out context was discarded; the next call reconnects without backing off.
  EXPECT_TRUE(Ping(*client).ok());
  EXPECT_EQ(client->Stats().connections_made, 2u);
  EXPECT_EQ(client->Stats().reconnects, 1u);
  EXPECT_EQ(client->Stats().fast_failures, 0u);
}

TEST(HiredisClientTest, FailsFastWhileDownAndReconnectsAfterRestart) {
  RedisServerOptions server_options;
  server_options.appendonly = true;
  server_options.appendfsync = "always";
  auto server = StartServer(server_options);
  ASSERT_NE(server, nullptr);
  testing::FakeClock clock;
  HiredisOptions options;
  options.url = server->url();
  options.pool_size = 2;
  options.connect_timeout = milliseconds(500);
  options.backoff_min = milliseconds(100);
  options.backoff_max = milliseconds(400);
  options.clock = &clock;
  auto client = MakeClient(options);
  ASSERT_TRUE(Set(*client, "restart:key", "kept").ok());

  ASSERT_TRUE(server->Kill().ok());
  // The pooled connection finds the server gone.
  absl::Status lost = Ping(*client);
  EXPECT_EQ(lost.code(), absl::StatusCode::kUnavailable) << lost;
  EXPECT_NE(lost.message().find(client->address()), absl::string_view::npos) << lost;
  // The reconnect is refused, which starts the backoff.
  absl::Status refused = Ping(*client);
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable) << refused;
  EXPECT_NE(refused.message().find("connect"), absl::string_view::npos) << refused;
  // During the backoff calls fail fast, naming the address, without touching the network.
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) {
    absl::Status fast = Ping(*client);
    ASSERT_EQ(fast.code(), absl::StatusCode::kUnavailable);
    ASSERT_NE(fast.message().find(client->address()), absl::string_view::npos);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(500));
  EXPECT_EQ(client->Stats().fast_failures, 100u);
  // The backoff doubles: after 100 ms one more probe fails, then 200 ms of fast failures.
  clock.Advance(milliseconds(100));
  EXPECT_EQ(Ping(*client).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(client->Stats().connect_failures, 2u);
  clock.Advance(milliseconds(150));
  EXPECT_EQ(Ping(*client).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(client->Stats().connect_failures, 2u);

  ASSERT_TRUE(server->Restart().ok()) << server->LogTail();
  EXPECT_EQ(Ping(*client).code(), absl::StatusCode::kUnavailable);  // still backing off
  clock.Advance(milliseconds(50));
  ASSERT_TRUE(Ping(*client).ok());
  EXPECT_EQ(**Get(*client, "restart:key"), "kept");
  HiredisStats stats = client->Stats();
  EXPECT_EQ(stats.connections_made, 2u);
  EXPECT_EQ(stats.reconnects, 1u);
  EXPECT_EQ(stats.open_connections, 1);
}

TEST(HiredisClientTest, ConcurrentCallsShareThePool) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  HiredisOptions options;
  options.url = server->url();
  options.pool_size = 3;
  auto client = MakeClient(options);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string own = "conc:own:" + std::to_string(t);
      for (int i = 0; i < kPerThread; ++i) {
        if (!Incr(*client, "conc:shared").ok()) failures.fetch_add(1);
        absl::StatusOr<std::vector<Reply>> r =
            client->Pipeline({{"SET", own, std::to_string(i)}, {"GET", own}});
        if (!r.ok() || (*r)[1] != Reply::String(std::to_string(i))) failures.fetch_add(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(**Get(*client, "conc:shared"), std::to_string(kThreads * kPerThread));
  EXPECT_LE(client->Stats().connections_made, 3u);
}

TEST(HiredisClientTest, ThreadsSurviveAServerRestart) {
  RedisServerOptions server_options;
  server_options.appendonly = true;
  server_options.appendfsync = "always";
  auto server = StartServer(server_options);
  ASSERT_NE(server, nullptr);
  HiredisOptions options;
  options.url = server->url();
  options.pool_size = 3;
  options.connect_timeout = milliseconds(200);
  options.backoff_min = milliseconds(5);
  options.backoff_max = milliseconds(40);
  auto client = MakeClient(options);
  ASSERT_TRUE(Ping(*client).ok());
  std::atomic<bool> restarted{false};
  std::atomic<int> unexpected{0};
  std::atomic<int> ok_after_restart{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (std::chrono::steady_clock::now() < deadline) {
        absl::StatusOr<int64_t> n = Incr(*client, "restart:threads");
        if (n.ok()) {
          if (restarted.load()) {
            ok_after_restart.fetch_add(1);
            return;
          }
        } else if (n.status().code() != absl::StatusCode::kUnavailable &&
                   n.status().code() != absl::StatusCode::kDeadlineExceeded) {
          unexpected.fetch_add(1);
        }
      }
    });
  }
  ASSERT_TRUE(server->Kill().ok());
  // Wait until the client noticed the outage before bringing the server back.
  const auto outage_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (client->Stats().connect_failures == 0 &&
         std::chrono::steady_clock::now() < outage_deadline) {
    std::this_thread::yield();
  }
  EXPECT_GT(client->Stats().connect_failures, 0u);
  ASSERT_TRUE(server->Restart().ok()) << server->LogTail();
  restarted = true;
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(ok_after_restart.load(), 4);
  EXPECT_LE(client->Stats().open_connections, 3);
  EXPECT_GE(client->Stats().reconnects, 1u);
}

TEST(HiredisClientTest, BusyPoolWaitIsBounded) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  HiredisOptions options;
  options.url = server->url();
  options.pool_size = 1;
  options.pool_wait_timeout = milliseconds(100);
  auto client = MakeClient(options);
  ASSERT_TRUE(Ping(*client).ok());
  std::atomic<bool> blocked_started{false};
  std::thread blocker([&] {
    blocked_started = true;
    Call(*client, {"BLPOP", "busy:list", "1"}, CallOptions{milliseconds(3000)}).IgnoreError();
  });
  // Wait until the blocker holds the only connection.
  absl::Status waited;
  const auto deadline = std::chrono::steady_clock::now() + milliseconds(2000);
  while (std::chrono::steady_clock::now() < deadline) {
    waited = Ping(*client);
    if (!waited.ok()) break;
  }
  EXPECT_EQ(waited.code(), absl::StatusCode::kDeadlineExceeded) << waited;
  EXPECT_NE(waited.message().find("busy"), absl::string_view::npos) << waited;
  blocker.join();
  EXPECT_TRUE(blocked_started);
  EXPECT_TRUE(Ping(*client).ok());
}

}  // namespace
}  // namespace mxedge::redis
