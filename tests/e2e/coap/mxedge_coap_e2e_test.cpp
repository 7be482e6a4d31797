// The same path driven by the suite's own client: mxedge-coap (one request each, JSON in and out,
// full Matrix paths turned into path codes) and its proxy mode with plain HTTP from libcurl, the
// way an unmodified Matrix client uses a gateway.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "coap_stack.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/header_map.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/testing/free_port.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::coap_e2e {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;
using std::chrono::milliseconds;

struct CliResult {
  int exit_status = -1;
  std::string stdout_text;
  std::string stderr_text;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class MxedgeCoapE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CoapStack>> stack = CoapStack::Start();
    ASSERT_TRUE(stack.ok()) << stack.status();
    stack_ = std::move(*stack).release();
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(stack_, nullptr);
    stack_->homeserver().ClearRequests();
  }

  // Runs `mxedge-coap <args>` with stdout and stderr apart (through sh, which only redirects).
  static CliResult Cli(const std::vector<std::string>& args) {
    static std::atomic<int> counter{0};
    const std::string stem = absl::StrCat(stack_->dir(), "/mxedge-coap-", counter++);
    std::string command = absl::StrCat("exec '", MXEDGE_COAP_BIN, "'");
    for (const std::string& arg : args) {
      absl::StrAppend(&command, " '", arg, "'");
    }
    absl::StrAppend(&command, " >", stem, ".out 2>", stem, ".err");
    testing::SubprocessOptions options;
    options.argv = {"/bin/sh", "-c", command};
    options.log_path = stem + ".log";
    CliResult result;
    absl::StatusOr<std::unique_ptr<testing::Subprocess>> process =
        testing::Subprocess::Start(std::move(options));
    EXPECT_TRUE(process.ok()) << process.status();
    if (!process.ok()) {
      return result;
    }
    EXPECT_TRUE((*process)->Wait(milliseconds(30'000)).ok());
    if (std::optional<int> status = (*process)->wait_status(); status && WIFEXITED(*status)) {
      result.exit_status = WEXITSTATUS(*status);
    }
    result.stdout_text = ReadAll(stem + ".out");
    result.stderr_text = ReadAll(stem + ".err");
    return result;
  }

  static std::string Psk() { return absl::StrCat(kPskIdentity, ":", kPskKey); }

  static CoapStack* stack_;
};

CoapStack* MxedgeCoapE2eTest::stack_ = nullptr;

TEST_F(MxedgeCoapE2eTest, VersionsOverDtlsPskAsJson) {
  CliResult result = Cli({"--psk", Psk(), stack_->dtls_uri("/_matrix/client/versions")});

  ASSERT_EQ(result.exit_status, 0) << result.stderr_text;
  EXPECT_THAT(result.stderr_text, HasSubstr("2.05"));
  json versions = json::parse(result.stdout_text, nullptr, false);
  ASSERT_TRUE(versions.is_object()) << result.stdout_text;
  EXPECT_TRUE(versions.contains("m.low_bandwidth")) << result.stdout_text;
}

TEST_F(MxedgeCoapE2eTest, SendWithAFullPathBecomesPathCodeAndCbor) {
  const std::string room = stack_->homeserver().CreateRoom(stack_->homeserver().sender());
  const std::string url = stack_->dtls_uri(absl::StrCat(
      "/_matrix/client/v3/rooms/", http::PercentEncode(room), "/send/m.room.message/cli-1"));
  CliResult result = Cli({"--psk", Psk(), "--token", stack_->access_token(), "-X", "PUT", "-d",
                          R"({"msgtype":"m.text","body":"Hello World"})", url});

  ASSERT_EQ(result.exit_status, 0) << result.stderr_text << stack_->GatewayLogTail();
  EXPECT_TRUE(json::parse(result.stdout_text, nullptr, false).contains("event_id"))
      << result.stdout_text;
  std::vector<testing::RecordedRequest> sent =
      stack_->homeserver().RequestsTo("PUT", "/send/m.room.message/cli-1");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(json::parse(sent[0].body), json::parse(R"({"msgtype":"m.text","body":"Hello World"})"));
  EXPECT_EQ(http::FindHeader(sent[0].headers, "Authorization"), "Bearer " + stack_->access_token());
}

TEST_F(MxedgeCoapE2eTest, RouterErrorsAndRateLimitsExitNonZero) {
  const std::string room = stack_->homeserver().CreateRoom(stack_->homeserver().sender());
  stack_->homeserver().FailNext("/send/m.room.message/cli-limited", 1,
                                testing::InjectedFailure{429, "M_LIMIT_EXCEEDED", 3000});
  CliResult result =
      Cli({"--psk", Psk(), "--token", stack_->access_token(), "-X", "PUT", "-d",
           R"({"msgtype":"m.text","body":"hi"})",
           stack_->dtls_uri(absl::StrCat("/_matrix/client/v3/rooms/", http::PercentEncode(room),
                                         "/send/m.room.message/cli-limited"))});

  EXPECT_EQ(result.exit_status, 4) << result.stderr_text;
  EXPECT_THAT(result.stderr_text, HasSubstr("4.29 max-age=3"));
  EXPECT_THAT(result.stdout_text, HasSubstr("M_LIMIT_EXCEEDED"));
}

TEST_F(MxedgeCoapE2eTest, ProxyCarriesPlainHttpClientsWithAStickyToken) {
  absl::StatusOr<int> port = testing::FreeLoopbackPort();
  ASSERT_TRUE(port.ok());
  testing::SubprocessOptions options;
  options.argv = {MXEDGE_COAP_BIN, "proxy", "--listen",          absl::StrCat("127.0.0.1:", *port),
                  "--psk",         Psk(),   stack_->dtls_uri("")};
  options.log_path = absl::StrCat(stack_->dir(), "/proxy.log");
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> proxy =
      testing::Subprocess::Start(std::move(options));
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  bool listening = false;
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
       !listening && std::chrono::steady_clock::now() < until && (*proxy)->Running();) {
    listening = testing::LoopbackPortAccepts(*port, milliseconds(200));
  }
  ASSERT_TRUE(listening) << (*proxy)->LogTail();
  const std::string base = absl::StrCat("http://127.0.0.1:", *port);
  const std::string room = stack_->homeserver().CreateRoom(stack_->homeserver().sender());
  stack_->homeserver().EnqueueSyncBody({{"next_batch", "proxy-1"}, {"rooms", json::object()}});
  http::CurlHttpClient curl{http::CurlHttpClientOptions{}};
  auto call = [&](std::string method, std::string path, std::string body) {
    http::ClientRequest request;
    request.method = std::move(method);
    request.url = base + path;
    request.body = std::move(body);
    http::SetHeader(request.headers, "Authorization", "Bearer " + stack_->access_token());
    if (!request.body.empty()) {
      http::SetHeader(request.headers, "Content-Type", "application/json");
    }
    request.timeout = milliseconds(20'000);
    return curl.Send(request);
  };

  absl::StatusOr<http::Response> versions = call("GET", "/_matrix/client/versions", "");
  absl::StatusOr<http::Response> sent =
      call("PUT",
           absl::StrCat("/_matrix/client/v3/rooms/", http::PercentEncode(room),
                        "/send/m.room.message/proxy-1"),
           R"({"msgtype":"m.text","body":"through the proxy"})");
  absl::StatusOr<http::Response> sync = call("GET", "/_matrix/client/v3/sync?timeout=0", "");

  ASSERT_TRUE(versions.ok() && sent.ok() && sync.ok()) << (*proxy)->LogTail();
  EXPECT_EQ(versions->status, 200) << versions->body;
  EXPECT_EQ(sent->status, 200) << sent->body << stack_->GatewayLogTail();
  EXPECT_TRUE(json::parse(sent->body, nullptr, false).contains("event_id")) << sent->body;
  EXPECT_EQ(sync->status, 200) << sync->body;
  EXPECT_EQ(json::parse(sync->body, nullptr, false).value("next_batch", ""), "proxy-1")
      << sync->body;
  // One DTLS session: the proxy sends option 256 once and relies on the gateway's sticky copy
  // afterwards, yet every call reaches the homeserver with the client's token.
  for (const auto& [method, part] : std::vector<std::pair<std::string, std::string>>{
           {"PUT", "/send/m.room.message/proxy-1"}, {"GET", "/sync"}}) {
    std::vector<testing::RecordedRequest> seen = stack_->homeserver().RequestsTo(method, part);
    ASSERT_FALSE(seen.empty()) << part;
    EXPECT_EQ(http::FindHeader(seen.back().headers, "Authorization"),
              "Bearer " + stack_->access_token())
        << part;
  }
  EXPECT_TRUE((*proxy)->Terminate(milliseconds(5000)).ok());
}

}  // namespace
}  // namespace mxedge::coap_e2e
