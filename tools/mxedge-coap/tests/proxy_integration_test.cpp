// `mxedge-coap proxy` as a process: Matrix HTTP+JSON in through libcurl, CoAP+CBOR out over one
// DTLS session to a libcoap server on 127.0.0.1, media passed to an HTTP upstream.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <thread>

#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/http_server.hpp"
#include "mxedge/testing/free_port.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"
#include "nlohmann/json.hpp"
#include "support/test_coap_server.hpp"

namespace mxedge::coap_cli {
namespace {

using ::testing::HasSubstr;

constexpr char kPsk[] = "integration-psk";

class ProxyProcess {
 public:
  // Starts the proxy towards `server`'s DTLS port with `extra` flags; waits until it listens.
  static absl::StatusOr<std::unique_ptr<ProxyProcess>> Start(const testing::TestCoapServer& server,
                                                             const std::string& log_dir,
                                                             std::vector<std::string> extra = {}) {
    auto proxy = std::make_unique<ProxyProcess>();
    for (int attempt = 0; attempt < 5; ++attempt) {
      absl::StatusOr<int> port = mxedge::testing::FreeLoopbackPort();
      if (!port.ok()) {
        return port.status();
      }
      std::vector<std::string> argv = {MXEDGE_COAP_BINARY,
                                       "proxy",
                                       "-v",
                                       "--listen",
                                       "127.0.0.1:" + std::to_string(*port),
                                       "--psk",
                                       std::string("proxy:") + kPsk};
      argv.insert(argv.end(), extra.begin(), extra.end());
      argv.push_back("coaps://127.0.0.1:" + std::to_string(server.dtls_port()));
      proxy->log_path = log_dir + "/proxy-" + std::to_string(attempt) + ".log";
      absl::StatusOr<std::unique_ptr<mxedge::testing::Subprocess>> process =
          mxedge::testing::Subprocess::Start({argv, proxy->log_path, ""});
      if (!process.ok()) {
        return process.status();
      }
      const int listen_port = *port;
      absl::Status ready =
          mxedge::testing::WaitUntilReady(**process, std::chrono::seconds(10), [listen_port] {
            return mxedge::testing::LoopbackPortAccepts(listen_port, std::chrono::milliseconds(200))
                       ? absl::OkStatus()
                       : absl::UnavailableError("not listening yet");
          });
      if (ready.ok()) {
        proxy->process = *std::move(process);
        proxy->base_url = "http://127.0.0.1:" + std::to_string(listen_port);
        return proxy;
      }
    }
    return absl::UnavailableError("the proxy did not start listening");
  }

  std::string Log() const {
    std::ifstream in(log_path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  std::unique_ptr<mxedge::testing::Subprocess> process;
  std::string base_url;
  std::string log_path;
};

class ProxyIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<mxedge::testing::TempDir> dir = mxedge::testing::TempDir::Create("mxproxy");
    ASSERT_TRUE(dir.ok());
    dir_ = std::make_unique<mxedge::testing::TempDir>(*std::move(dir));
    absl::StatusOr<std::unique_ptr<testing::TestCoapServer>> server =
        testing::TestCoapServer::Start({});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  void StartProxy(std::vector<std::string> extra = {}) {
    absl::StatusOr<std::unique_ptr<ProxyProcess>> proxy =
        ProxyProcess::Start(*server_, dir_->path(), std::move(extra));
    ASSERT_TRUE(proxy.ok()) << proxy.status();
    proxy_ = *std::move(proxy);
  }

  http::Response Call(std::string method, std::string path, std::string body = "",
                      std::optional<std::string> token = std::nullopt) {
    http::ClientRequest request;
    request.method = std::move(method);
    request.url = proxy_->base_url + path;
    request.body = std::move(body);
    request.timeout = std::chrono::seconds(20);
    if (!request.body.empty()) {
      http::SetHeader(request.headers, "Content-Type", "application/json");
    }
    if (token.has_value()) {
      http::SetHeader(request.headers, "Authorization", "Bearer " + *token);
    }
    absl::StatusOr<http::Response> response = client_.Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : http::Response{};
  }

  static nlohmann::json Json(const http::Response& response) {
    return nlohmann::json::parse(response.body, nullptr, false);
  }

  std::unique_ptr<mxedge::testing::TempDir> dir_;
  std::unique_ptr<testing::TestCoapServer> server_;
  std::unique_ptr<ProxyProcess> proxy_;
  http::CurlHttpClient client_;
};

TEST_F(ProxyIntegrationTest, MatrixRequestsTravelAsCoapWithAStickyToken) {
  StartProxy();
  http::Response versions = Call("GET", "/_matrix/client/versions");
  ASSERT_EQ(versions.status, 200) << versions.body;
  EXPECT_EQ(Json(versions)["path"], nlohmann::json::array({"0"}));
  EXPECT_TRUE(Json(versions)["token_option"].is_null());

  const std::string message = R"({"msgtype":"m.text","body":"Hello World"})";
  const std::string send = "/_matrix/client/v3/rooms/%21room%3Ahs/send/m.room.message/";
  http::Response first = Call("PUT", send + "1", message, "tokA");
  ASSERT_EQ(first.status, 200) << first.body;
  nlohmann::json echo = Json(first);
  EXPECT_EQ(echo["method"], 3);
  EXPECT_EQ(echo["path"], nlohmann::json::array({"9", "!room:hs", "m.room.message", "1"}));
  EXPECT_EQ(echo["content_format"], 60);
  EXPECT_EQ(echo["body"], nlohmann::json::parse(message));
  EXPECT_EQ(echo["token_option"], "tokA");

  // Same token again: left out, the session's sticky token applies.
  http::Response second = Call("PUT", send + "2", message, "tokA");
  EXPECT_TRUE(Json(second)["token_option"].is_null());
  EXPECT_EQ(Json(second)["token"], "tokA");

  // Another user's token replaces it; an anonymous request clears it.
  EXPECT_EQ(Json(Call("GET", "/_matrix/client/r0/account/whoami", "", "tokB"))["token_option"],
            "tokB");
  http::Response anonymous = Call("GET", "/_matrix/client/versions");
  EXPECT_EQ(Json(anonymous)["token_option"], "");
  EXPECT_EQ(Json(anonymous)["token"], "");

  // Query parameters become Uri-Query options; access_token moves to option 256.
  http::Response sync =
      Call("GET", "/_matrix/client/v3/echo?since=s72&timeout=0&access_token=tokC");
  EXPECT_EQ(Json(sync)["path"], nlohmann::json::array({"_matrix", "client", "v3", "echo"}));
  EXPECT_EQ(Json(sync)["query"], nlohmann::json::array({"since=s72", "timeout=0"}));
  EXPECT_EQ(Json(sync)["token_option"], "tokC");

  // Neither tokens nor bodies reach the log, even at DEBUG.
  const std::string log = proxy_->Log();
  EXPECT_THAT(log, HasSubstr("proxy listening"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("tokA")));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("Hello World")));
}

TEST_F(ProxyIntegrationTest, LoginKeepsTheClientOnTheProxy) {
  StartProxy();
  http::Response login = Call("POST", "/_matrix/client/v3/login",
                              R"({"type":"m.login.password","user":"alice","password":"pw"})");
  ASSERT_EQ(login.status, 200) << login.body;
  nlohmann::json body = Json(login);
  EXPECT_EQ(body["path"], nlohmann::json::array({"1"}));
  EXPECT_EQ(body["well_known"]["m.homeserver"]["base_url"], proxy_->base_url);
  EXPECT_THAT(proxy_->Log(), ::testing::Not(HasSubstr("\"pw\"")));
}

TEST_F(ProxyIntegrationTest, ErrorsKeepTheMatrixShape) {
  StartProxy();
  http::Response limited = Call("GET", "/status/429");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(Json(limited)["errcode"], "M_LIMIT_EXCEEDED");
  EXPECT_EQ(http::FindHeader(limited.headers, "Retry-After"), "2");
  EXPECT_EQ(Call("GET", "/status/503").status, 503);
  http::Response missing = Call("GET", "/empty404");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Json(missing)["errcode"], "M_UNRECOGNIZED");
  http::Response bad = Call("POST", "/_matrix/client/r0/login", "{nope");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Json(bad)["errcode"], "M_NOT_JSON");
  http::Response media = Call("GET", "/_matrix/media/v3/download/hs/abc");
  EXPECT_EQ(media.status, 404);
  EXPECT_THAT(Json(media)["error"].get<std::string>(), HasSubstr("--media-upstream"));
}

TEST_F(ProxyIntegrationTest, LargeBodiesBothWays) {
  StartProxy();
  http::Response big = Call("GET", "/big/20000");
  ASSERT_EQ(big.status, 200);
  EXPECT_EQ(Json(big)["big"].get<std::string>().size(), 20000u);
  const std::string value(6000, 'z');
  http::Response upload =
      Call("POST", "/_matrix/client/r0/upload_test", nlohmann::json{{"v", value}}.dump());
  ASSERT_EQ(upload.status, 200);
  EXPECT_EQ(Json(upload)["body"]["v"], value);
}

TEST_F(ProxyIntegrationTest, ManyRequestsInFlightShareTheSession) {
  StartProxy();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 5;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &ok] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string since = "s" + std::to_string(t) + "_" + std::to_string(i);
        http::ClientRequest request;
        request.url = proxy_->base_url + "/echo?since=" + since;
        request.timeout = std::chrono::seconds(20);
        absl::StatusOr<http::Response> response = client_.Send(request);
        if (response.ok() && response->status == 200 &&
            Json(*response)["query"] == nlohmann::json::array({"since=" + since})) {
          ok.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
}

TEST_F(ProxyIntegrationTest, MediaGoesToTheHomeserverOverHttp) {
  http::HttpServer homeserver(http::HttpServerOptions{});
  std::atomic<int> media_calls{0};
  std::string seen_authorization;
  std::mutex mu;
  homeserver.Route("GET", "/_matrix/client/v1/media/download/:server/:id",
                   [&](const http::Request& request, http::Responder responder) {
                     media_calls.fetch_add(1);
                     {
                       std::lock_guard lock(mu);
                       seen_authorization = request.Header("Authorization").value_or("");
                     }
                     http::Response image;
                     image.body = "\x89PNG-bytes";
                     http::SetHeader(image.headers, "Content-Type", "image/png");
                     responder.Send(image);
                   });
  ASSERT_TRUE(homeserver.Start().ok());
  StartProxy({"--media-upstream", homeserver.base_url()});

  http::Response image = Call("GET", "/_matrix/client/v1/media/download/hs/abc", "", "tokMedia");
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.body, "\x89PNG-bytes");
  EXPECT_EQ(http::FindHeader(image.headers, "Content-Type"), "image/png");
  EXPECT_EQ(media_calls.load(), 1);
  {
    std::lock_guard lock(mu);
    EXPECT_EQ(seen_authorization, "Bearer tokMedia");
  }
  EXPECT_EQ(server_->requests(), 0) << "media must not travel over CoAP";
  (void)homeserver.Shutdown(std::chrono::seconds(2));
}

TEST_F(ProxyIntegrationTest, ReconnectsWhenTheGatewayRestarts) {
  StartProxy({"--timeout", "2"});
  ASSERT_EQ(Call("GET", "/_matrix/client/versions", "", "tokR").status, 200);
  testing::TestCoapServerOptions same_ports;
  same_ports.udp_port = server_->udp_port();
  same_ports.dtls_port = server_->dtls_port();
  server_.reset();  // the DTLS session is gone with it
  absl::StatusOr<std::unique_ptr<testing::TestCoapServer>> restarted =
      testing::TestCoapServer::Start(same_ports);
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  server_ = *std::move(restarted);

  // The first request may time out on the dead session (504); a later one opens a new session
  // and, since the new session holds no token, carries the token again.
  std::optional<nlohmann::json> echo;
  for (int attempt = 0; attempt < 5 && !echo.has_value(); ++attempt) {
    http::Response response = Call("GET", "/_matrix/client/versions", "", "tokR");
    if (response.status == 200) {
      echo = Json(response);
    } else {
      EXPECT_THAT(response.status, ::testing::AnyOf(502, 504)) << response.body;
    }
  }
  ASSERT_TRUE(echo.has_value()) << proxy_->Log();
  EXPECT_EQ((*echo)["token_option"], "tokR");
}

TEST_F(ProxyIntegrationTest, ANewSessionAfterTheGatewayClosesAnIdleOne) {
  testing::TestCoapServerOptions idle_closing;
  idle_closing.session_timeout_seconds = 1;
  server_.reset();
  absl::StatusOr<std::unique_ptr<testing::TestCoapServer>> server =
      testing::TestCoapServer::Start(idle_closing);
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  StartProxy({"--timeout", "10"});
  ASSERT_EQ(Call("GET", "/_matrix/client/versions", "", "tokI").status, 200);
  ASSERT_TRUE(Json(Call("GET", "/_matrix/client/versions", "", "tokI"))["token_option"].is_null());

  // Wait until the server has dropped the idle session.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (server_->sessions_closed() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling a condition
  }
  ASSERT_GT(server_->sessions_closed(), 0);

  // The DTLS close reached the proxy: the next request opens a new session at once and carries
  // its token again (a timeout would be a 504 after 10 s).
  const auto started = std::chrono::steady_clock::now();
  http::Response after = Call("GET", "/_matrix/client/versions", "", "tokI");
  EXPECT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(Json(after)["token_option"], "tokI");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

}  // namespace
}  // namespace mxedge::coap_cli
