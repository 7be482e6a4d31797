// TcpProxy in front of a real redis-server: forwards, holds while paused (the held command is
// answered after Resume), drops connections and refuses new ones in kDrop.
#include "mxedge/testing/tcp_proxy.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "mxedge/testing/redis_server.hpp"
#include "socket_util.hpp"

namespace mxedge::testing {
namespace {

using namespace std::chrono_literals;

// Sends PING on `fd` and reads until "+PONG\r\n" or `timeout`.
absl::Status Ping(int fd, std::chrono::milliseconds timeout) {
  if (absl::Status s = internal::SendAll(fd, "PING\r\n"); !s.ok()) {
    return s;
  }
  std::string reply;
  while (reply.find("\r\n") == std::string::npos) {
    if (absl::Status s = internal::ReceiveSome(fd, reply, timeout); !s.ok()) {
      return s;
    }
  }
  return reply == "+PONG\r\n" ? absl::OkStatus() : absl::DataLossError(reply);
}

TEST(TcpProxyTest, ForwardsHoldsAndResumes) {
  absl::StatusOr<std::unique_ptr<RedisServer>> redis = RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  absl::StatusOr<std::unique_ptr<TcpProxy>> proxy = TcpProxy::Start((*redis)->port());
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  absl::StatusOr<int> fd = internal::ConnectLoopback((*proxy)->port(), 2s);
  ASSERT_TRUE(fd.ok()) << fd.status();
  EXPECT_TRUE(Ping(*fd, 5s).ok());

  (*proxy)->Pause(ProxyPause::kHold);
  EXPECT_TRUE((*proxy)->paused());
  EXPECT_TRUE(absl::IsDeadlineExceeded(Ping(*fd, 300ms)));
  const int64_t forwarded = (*proxy)->forwarded_bytes();
  (*proxy)->Resume();
  // The held PING goes through now and its answer arrives; forwarding goes on.
  std::string replies;
  while (replies.size() < 7) {
    ASSERT_TRUE(internal::ReceiveSome(*fd, replies, 5s).ok()) << replies;
  }
  EXPECT_EQ(replies, "+PONG\r\n");
  EXPECT_TRUE(Ping(*fd, 5s).ok());
  EXPECT_GT((*proxy)->forwarded_bytes(), forwarded);
  close(*fd);
}

TEST(TcpProxyTest, DropClosesConnectionsAndRefusesNewOnesUntilResumed) {
  absl::StatusOr<std::unique_ptr<RedisServer>> redis = RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  absl::StatusOr<std::unique_ptr<TcpProxy>> proxy = TcpProxy::Start((*redis)->port());
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  absl::StatusOr<int> fd = internal::ConnectLoopback((*proxy)->port(), 2s);
  ASSERT_TRUE(fd.ok()) << fd.status();
  ASSERT_TRUE(Ping(*fd, 5s).ok());

  (*proxy)->Pause(ProxyPause::kDrop);
  std::string ignored;
  EXPECT_TRUE(absl::IsUnavailable(internal::ReceiveSome(*fd, ignored, 5s)));
  close(*fd);
  absl::StatusOr<int> refused = internal::ConnectLoopback((*proxy)->port(), 2s);
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_TRUE(absl::IsUnavailable(internal::ReceiveSome(*refused, ignored, 5s)));
  close(*refused);

  (*proxy)->Resume();
  absl::StatusOr<int> again = internal::ConnectLoopback((*proxy)->port(), 2s);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(Ping(*again, 5s).ok());
  EXPECT_EQ((*proxy)->accepted(), 3);
  close(*again);
}

}  // namespace
}  // namespace mxedge::testing
