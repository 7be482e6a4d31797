// App: the transport, the admin port and a handler composed, on 127.0.0.1 (plain CoAP only, a
// router address nothing listens on).
#include "app.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_join.h"
#include "mxedge/common/environment.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/testing/free_port.hpp"
#include "support/raw_coap_client.hpp"

namespace mxedge::coap_gateway {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;

// Answers every request at once with 2.05 and its Uri-Path segments joined by '/'.
class PathEchoHandler final : public ExchangeHandler {
 public:
  HandleResult OnRequest(const InboundRequest& request, ExchangeId) override {
    std::vector<std::string> path;
    for (const CoapOption& option : request.options) {
      if (option.number == kOptionUriPath) {
        path.push_back(option.value);
      }
    }
    OutboundMessage reply;
    reply.code = msc3079::kCoapContent;
    reply.payload = absl::StrJoin(path, "/");
    return HandleResult::Now(std::move(reply));
  }
  void OnNack(SessionId, std::uint16_t, NackReason) override {}
  void OnSessionClosed(SessionId) override {}
};

struct Ports {
  std::uint16_t coap = 0;
  int router = 0;
};

absl::StatusOr<Config> PlainConfig(const Ports& ports) {
  common::ConfigSource source;
  source.text = "listen:\n  dtls: \"\"\n  plain: 127.0.0.1:" + std::to_string(ports.coap) +
                "\nrouter:\n  address: 127.0.0.1:" + std::to_string(ports.router) +
                "\nadmin:\n  listen_address: 127.0.0.1\n  port: 0\n";
  return LoadConfig(source, common::MapEnvironment({{"MXEDGE_GRPC_INTERNAL_TOKEN", "t"}}));
}

HandlerFactory EchoFactory() {
  return [](const HandlerContext&) { return std::make_unique<PathEchoHandler>(); };
}

absl::StatusOr<http::Response> Get(std::uint16_t port, const std::string& path) {
  http::CurlHttpClient client{http::CurlHttpClientOptions{}};
  http::ClientRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + path;
  return client.Send(request);
}

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::uint16_t> coap = testing::FreeUdpPort();
    absl::StatusOr<int> router = mxedge::testing::FreeLoopbackPort();
    ASSERT_TRUE(coap.ok() && router.ok());
    ports_ = Ports{*coap, *router};
  }
  Ports ports_;
};

TEST_F(AppTest, ServesCoapAndStaysReadyWithoutARouter) {
  absl::StatusOr<Config> config = PlainConfig(ports_);
  ASSERT_TRUE(config.ok()) << config.status();
  absl::StatusOr<std::unique_ptr<App>> app = App::Create(*config, EchoFactory());
  ASSERT_TRUE(app.ok()) << app.status();
  ASSERT_TRUE((*app)->Start().ok());

  absl::StatusOr<testing::RawCoapClient> client = testing::RawCoapClient::Connect(ports_.coap);
  ASSERT_TRUE(client.ok());
  testing::RawMessage get;
  get.type = testing::RawType::kCon;
  get.code = 1;
  get.mid = 0x1234;
  get.token = "tk";
  get.options = {{kOptionUriPath, "_matrix"}, {kOptionUriPath, "client"}};
  ASSERT_TRUE(client->Send(get).ok());
  absl::StatusOr<testing::RawMessage> answer = client->Receive(seconds(5));
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->type, testing::RawType::kAck);
  EXPECT_EQ(answer->mid, 0x1234);
  EXPECT_EQ(answer->token, "tk");
  EXPECT_EQ(answer->code, msc3079::kCoapContent.raw());
  EXPECT_EQ(answer->payload, "_matrix/client");

  // The router's port has no listener: readiness does not depend on it.
  absl::StatusOr<http::Response> ready = Get((*app)->admin_port(), "/readyz");
  ASSERT_TRUE(ready.ok()) << ready.status();
  EXPECT_EQ(ready->status, 200) << ready->body;
  EXPECT_TRUE((*app)->LoopAlive(seconds(1)).ok());
  absl::StatusOr<http::Response> metrics = Get((*app)->admin_port(), "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_THAT(metrics->body, HasSubstr("mxedge_coap_gateway_router_calls_in_flight 0"));

  (*app)->Stop(milliseconds(100));
  EXPECT_FALSE((*app)->LoopAlive(milliseconds(100)).ok());
  (*app)->Stop(milliseconds(100));  // idempotent
}

TEST_F(AppTest, CredentialErrorsNameTheKey) {
  absl::StatusOr<Config> config = PlainConfig(ports_);
  ASSERT_TRUE(config.ok());
  config->listen.dtls = "127.0.0.1:" + std::to_string(ports_.coap + 1);
  config->dtls.psk_file = ::testing::TempDir() + "/app_test_no_such_psk_file";
  absl::StatusOr<std::unique_ptr<App>> missing = App::Create(*config, EchoFactory());
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("dtls.psk_file: "));

  config->dtls.psk_file.clear();
  config->dtls.psks = "phone:0011\n";
  absl::StatusOr<std::unique_ptr<App>> short_key = App::Create(*config, EchoFactory());
  ASSERT_FALSE(short_key.ok());
  EXPECT_THAT(short_key.status().message(), HasSubstr("MXEDGE_DTLS_PSKS) line 1: key is 2 bytes"));

  config->dtls.psks.clear();
  config->dtls.cert_file = ::testing::TempDir() + "/app_test_no_such_cert.pem";
  config->dtls.key_file = ::testing::TempDir() + "/app_test_no_such_key.pem";
  absl::StatusOr<std::unique_ptr<App>> no_cert = App::Create(*config, EchoFactory());
  ASSERT_FALSE(no_cert.ok());
  EXPECT_THAT(no_cert.status().message(), HasSubstr("dtls.cert_file: "));
}

TEST_F(AppTest, BusyAdminPortFailsStartNamingTheKey) {
  absl::StatusOr<Config> config = PlainConfig(ports_);
  ASSERT_TRUE(config.ok());
  absl::StatusOr<std::unique_ptr<App>> first = App::Create(*config, EchoFactory());
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->Start().ok());
  absl::StatusOr<std::uint16_t> other_coap = testing::FreeUdpPort();
  ASSERT_TRUE(other_coap.ok());
  config->listen.plain = "127.0.0.1:" + std::to_string(*other_coap);
  config->admin.port = (*first)->admin_port();
  absl::StatusOr<std::unique_ptr<App>> second = App::Create(*config, EchoFactory());
  ASSERT_TRUE(second.ok());

  absl::Status started = (*second)->Start();

  ASSERT_FALSE(started.ok());
  EXPECT_THAT(started.message(), HasSubstr("admin.port: "));
}

}  // namespace
}  // namespace mxedge::coap_gateway
