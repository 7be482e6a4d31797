#include "mxedge/http/curl_http_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "mxedge/http/http_server.hpp"

namespace mxedge::http {
namespace {

using std::chrono::milliseconds;

// A loopback port that refuses connections: bound, never listened on, kept open by the test.
class RefusingPort {
 public:
  RefusingPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~RefusingPort() { close(fd_); }
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

class CurlHttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<HttpServer>(HttpServerOptions{});
    server_->Route("PUT", "/echo", [this](const Request& r, Responder out) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        last_ = r;
        peers_.insert(r.remote_address);
      }
      Response response = Response::Json(200, r.body);
      response.headers.emplace("X-Seen-Method", r.method);
      out.Send(std::move(response));
    });
    server_->Route("GET", "/big", [](const Request&, Responder out) {
      out.Send(Response::Text(200, std::string(2 << 20, 'z')));
    });
    server_->Route("GET", "/hang", [this](const Request&, Responder out) {
      std::lock_guard<std::mutex> lock(mu_);
      parked_.push_back(std::move(out));
    });
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (Responder& r : parked_) {
        r.Send(Response::Text(200, "late"));
      }
    }
    ASSERT_TRUE(server_->Shutdown(milliseconds(5000)).ok());
  }
  std::string Url(std::string_view path) { return server_->base_url() + std::string(path); }

  std::unique_ptr<HttpServer> server_;
  std::mutex mu_;
  Request last_;
  std::set<std::string> peers_;
  std::vector<Responder> parked_;
};

TEST_F(CurlHttpClientTest, SendsMethodHeadersAndBody) {
  CurlHttpClient client;
  ClientRequest request{"PUT", Url("/echo"), {{"Content-Type", "application/json"}}, R"({"a":1})"};
  auto response = client.Send(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"a":1})");
  EXPECT_EQ(FindHeader(response->headers, "x-seen-method"), "PUT");
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(last_.Header("content-type"), "application/json");
  EXPECT_FALSE(last_.Header("Expect").has_value());
  ASSERT_TRUE(last_.Header("X-Request-Id").has_value());
  EXPECT_EQ(last_.Header("X-Request-Id")->size(), 16u);
}

TEST_F(CurlHttpClientTest, KeepsCallersRequestIdAndSendsNoFormContentType) {
  CurlHttpClient client;
  ClientRequest request{"PUT", Url("/echo"), {{"x-request-id", "abc123"}}, "raw"};
  ASSERT_TRUE(client.Send(request).ok());
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(last_.Header("X-Request-Id"), "abc123");
  EXPECT_FALSE(last_.Header("Content-Type").has_value());
}

TEST_F(CurlHttpClientTest, ReusesOneConnectionForSequentialCalls) {
  CurlHttpClient client;
  for (int i = 0; i < 10; ++i) {
    auto response = client.Send(ClientRequest{"PUT", Url("/echo"), {}, std::to_string(i)});
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(response->body, std::to_string(i));
  }
  EXPECT_EQ(client.connections_opened(), 1u);
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(peers_.size(), 1u);
}

TEST_F(CurlHttpClientTest, SafeFromManyThreadsAndReusesConnections) {
  CurlHttpClient client;
  constexpr int kThreads = 4;
  constexpr int kCalls = 25;
  std::vector<std::future<int>> results;
  for (int t = 0; t < kThreads; ++t) {
    results.push_back(std::async(std::launch::async, [&client, this, t] {
      int ok = 0;
      for (int i = 0; i < kCalls; ++i) {
        const std::string body = std::to_string(t * 1000 + i);
        auto response = client.Send(ClientRequest{"PUT", Url("/echo"), {}, body});
        ok += response.ok() && response->body == body;
      }
      return ok;
    }));
  }
  for (auto& r : results) {
    EXPECT_EQ(r.get(), kCalls);
  }
  EXPECT_LE(client.connections_opened(), static_cast<size_t>(kThreads));
}

TEST_F(CurlHttpClientTest, TimeoutIsDeadlineExceeded) {
  CurlHttpClient client;
  ClientRequest request{"GET", Url("/hang?access_token=secret")};
  request.timeout = milliseconds(200);
  auto response = client.Send(request);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded) << response.status();
  EXPECT_EQ(response.status().message().find("secret"), absl::string_view::npos);
}

TEST_F(CurlHttpClientTest, RefusedConnectionIsUnavailable) {
  RefusingPort refusing;
  CurlHttpClient client;
  auto response = client.Send(
      ClientRequest{"GET", "http://127.0.0.1:" + std::to_string(refusing.port()) + "/x"});
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable) << response.status();
}

TEST_F(CurlHttpClientTest, ResponseOverTheLimitIsResourceExhausted) {
  CurlHttpClientOptions options;
  options.max_response_bytes = 1 << 20;
  CurlHttpClient client(options);
  auto response = client.Send(ClientRequest{"GET", Url("/big")});
  EXPECT_EQ(response.status().code(), absl::StatusCode::kResourceExhausted) << response.status();
  CurlHttpClient roomy;
  auto fits = roomy.Send(ClientRequest{"GET", Url("/big")});
  ASSERT_TRUE(fits.ok());
  EXPECT_EQ(fits->body.size(), size_t{2} << 20);
}

TEST_F(CurlHttpClientTest, PerRequestLimitIsBelowTheClientLimit) {
  CurlHttpClient client;
  ClientRequest request{"GET", Url("/big")};
  request.max_response_bytes = 1 << 20;
  auto response = client.Send(request);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kResourceExhausted) << response.status();
}

TEST_F(CurlHttpClientTest, ConnectAddressPinsTheConnection) {
  CurlHttpClient client;
  // The host name does not resolve; the pinned address is where the server listens.
  std::string url = Url("/echo");
  url.replace(url.find("127.0.0.1"), 9, "pinned.invalid");
  ClientRequest request{"PUT", url, {}, "pinned"};
  request.connect_address = "127.0.0.1";
  auto response = client.Send(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, "pinned");
  request.connect_address.clear();
  EXPECT_EQ(client.Send(request).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(CurlHttpClientTest, BadUrlAndMethodAreInvalidArgument) {
  CurlHttpClient client;
  EXPECT_EQ(client.Send(ClientRequest{"GET", "notascheme://x"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client.Send(ClientRequest{"GE T", Url("/echo")}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mxedge::http
