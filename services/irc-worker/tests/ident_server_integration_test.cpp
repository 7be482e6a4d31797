// IdentServer on 127.0.0.1: real TCP clients send queries and read the answers.
#include "ident_server.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "asio/connect.hpp"
#include "asio/io_context.hpp"
#include "asio/ip/tcp.hpp"
#include "asio/read.hpp"
#include "asio/write.hpp"
#include "gtest/gtest.h"
#include "mxedge/common/metrics_registry.hpp"

namespace mxedge::irc_worker {
namespace {

using asio::ip::tcp;

// Sends `query` (as is) and reads until the server closes.
std::string Ask(std::uint16_t port, const std::string& query) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  asio::write(socket, asio::buffer(query));
  std::string answer;
  asio::error_code ec;
  char buf[256];
  while (true) {
    std::size_t n = socket.read_some(asio::buffer(buf), ec);
    if (ec) {
      break;
    }
    answer.append(buf, n);
  }
  return answer;
}

std::unique_ptr<IdentServer> StartServer(IdentServerOptions options,
                                         common::MetricsRegistry* metrics = nullptr) {
  options.listen = "127.0.0.1:0";
  auto lookup = [](const IdentQuery& query) -> absl::StatusOr<std::optional<std::string>> {
    if (query.local_port == 40001 && query.remote_port == 6667) {
      return std::optional<std::string>("alice");
    }
    if (query.local_port == 40002) {
      return absl::UnavailableError("redis down");
    }
    return std::optional<std::string>();
  };
  absl::StatusOr<std::unique_ptr<IdentServer>> server =
      IdentServer::Start(options, lookup, metrics);
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? std::move(*server) : nullptr;
}

TEST(IdentServerTest, AnswersAKnownPortPairAndNoUserOtherwise) {
  common::MetricsRegistry metrics;
  std::unique_ptr<IdentServer> server = StartServer({}, &metrics);
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(Ask(server->port(), "40001 , 6667\r\n"), "40001 , 6667 : USERID : UNIX : alice\r\n");
  EXPECT_EQ(Ask(server->port(), "40001,6697\n"), "40001 , 6697 : ERROR : NO-USER\r\n");
  EXPECT_EQ(Ask(server->port(), "40002, 6667\r\n"), "40002 , 6667 : ERROR : UNKNOWN-ERROR\r\n");
  EXPECT_EQ(Ask(server->port(), "hello\r\n"), "0 , 0 : ERROR : INVALID-PORT\r\n");
  server->Stop();
  const std::string text = metrics.RenderText();
  EXPECT_NE(text.find("mxedge_irc_worker_ident_queries_total{result=\"user\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("mxedge_irc_worker_ident_queries_total{result=\"no_user\"} 1"),
            std::string::npos);
}

TEST(IdentServerTest, RefusesALineOverTheLimit) {
  std::unique_ptr<IdentServer> server = StartServer({});
  ASSERT_NE(server, nullptr);
  // Exactly the limit without a line end: all of it is read, so the answer is not lost to a reset.
  EXPECT_EQ(Ask(server->port(), std::string(kMaxIdentQueryBytes, '1')),
            "0 , 0 : ERROR : INVALID-PORT\r\n");
}

TEST(IdentServerTest, ClosesAClientThatSendsNoLineInTime) {
  IdentServerOptions options;
  options.timeout = std::chrono::milliseconds(200);
  std::unique_ptr<IdentServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Ask(server->port(), "40001"), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(IdentServerTest, ClosesClientsBeyondTheConcurrencyCap) {
  IdentServerOptions options;
  options.max_concurrent = 1;
  options.timeout = std::chrono::milliseconds(5'000);
  common::MetricsRegistry metrics;
  std::unique_ptr<IdentServer> server = StartServer(options, &metrics);
  ASSERT_NE(server, nullptr);
  asio::io_context io;
  tcp::socket holder(io);  // connected, silent: holds the only slot
  holder.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server->port()));
  // The holder is served first (accepts are in order), so this one is over the cap.
  EXPECT_EQ(Ask(server->port(), "40001, 6667\r\n"), "");
  holder.close();
  const std::string text = metrics.RenderText();
  EXPECT_NE(text.find("mxedge_irc_worker_ident_queries_total{result=\"refused\"} 1"),
            std::string::npos)
      << text;
}

TEST(IdentServerTest, RefusesAListenAddressThatIsNotAnIp) {
  IdentServerOptions options;
  options.listen = "ident.example:113";
  absl::StatusOr<std::unique_ptr<IdentServer>> server =
      IdentServer::Start(options, nullptr, nullptr);
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.status().message().find("ident.listen"), std::string::npos);
}

}  // namespace
}  // namespace mxedge::irc_worker
