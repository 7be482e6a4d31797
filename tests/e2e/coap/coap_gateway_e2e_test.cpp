// coap-gateway end to end: coap-client-openssl → coap-gateway → appservice-router → FakeHomeserver,
// over plain UDP, DTLS with an EC P-256 certificate and DTLS with a PSK.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "coap_client_run.hpp"
#include "coap_stack.hpp"
#include "mxedge/http/header_map.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::coap_e2e {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

constexpr int kJson = 50;
constexpr int kAccessTokenOption = 256;

enum class Link { kPlain, kDtlsPki, kDtlsPsk };

std::string LinkName(const ::testing::TestParamInfo<Link>& info) {
  switch (info.param) {
    case Link::kPlain:
      return "PlainUdp";
    case Link::kDtlsPki:
      return "DtlsCertificate";
    case Link::kDtlsPsk:
      return "DtlsPsk";
  }
  return "Unknown";
}

// One stack for the whole suite: starting Redis, a router and a gateway takes seconds.
class CoapGatewayE2eTest : public ::testing::Test {
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

  static CoapClientRequest Request(Link link, const std::string& path) {
    CoapClientRequest request;
    request.uri = link == Link::kPlain ? stack_->plain_uri(path) : stack_->dtls_uri(path);
    if (link == Link::kDtlsPsk) {
      request.psk_identity = kPskIdentity;
      request.psk_key = kPskKey;
    }
    request.accept = kJson;
    return request;
  }

  static CoapClientResult Run(const CoapClientRequest& request) {
    absl::StatusOr<CoapClientResult> result = RunCoapClient(request, stack_->dir());
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) {
      return {};
    }
    return *result;
  }

  // GET /0 (versions) answers 2.05: the gateway still serves.
  static void ExpectServing(Link link) {
    CoapClientResult result = Run(Request(link, "/0"));
    EXPECT_EQ(result.code, "2.05") << result.output << stack_->GatewayLogTail();
  }

  std::string RoomId() { return stack_->homeserver().CreateRoom(stack_->homeserver().sender()); }

  static CoapStack* stack_;
};

CoapStack* CoapGatewayE2eTest::stack_ = nullptr;

class CoapGatewayLinkTest : public CoapGatewayE2eTest,
                            public ::testing::WithParamInterface<Link> {};

TEST_P(CoapGatewayLinkTest, VersionsAdvertisesLowBandwidth) {
  CoapClientResult result = Run(Request(GetParam(), "/0"));

  ASSERT_EQ(result.code, "2.05") << result.output;
  json versions = json::parse(result.body, nullptr, false);
  ASSERT_TRUE(versions.is_object()) << result.body;
  EXPECT_TRUE(versions.contains("versions"));
  for (const char* key : {"m.low_bandwidth", "org.matrix.msc3079.low_bandwidth"}) {
    ASSERT_TRUE(versions.contains(key)) << result.body;
    EXPECT_EQ(versions[key]["cbor_enum_version"], 1);
    EXPECT_EQ(versions[key]["coap_enum_version"], 1);
    EXPECT_TRUE(versions[key]["dtls"].is_number_integer());
  }
}

TEST_P(CoapGatewayLinkTest, SendReachesTheHomeserverWithPathBodyAndAuthorization) {
  const std::string room = RoomId();
  CoapClientRequest request = Request(
      GetParam(), absl::StrCat("/9/", room, "/m.room.message/txn-", LinkName({GetParam(), 0})));
  request.method = "put";
  request.payload = R"({"msgtype":"m.text","body":"Hello World"})";
  request.content_format = kJson;
  request.options = {{kAccessTokenOption, stack_->access_token()}};

  CoapClientResult result = Run(request);

  ASSERT_EQ(result.code, "2.05") << result.output << stack_->GatewayLogTail();
  json answer = json::parse(result.body, nullptr, false);
  EXPECT_TRUE(answer.contains("event_id")) << result.body;
  std::vector<testing::RecordedRequest> sent =
      stack_->homeserver().RequestsTo("PUT", "/send/m.room.message/");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].path, absl::StrCat("/_matrix/client/r0/rooms/", room,
                                       "/send/m.room.message/txn-", LinkName({GetParam(), 0})));
  EXPECT_THAT(sent[0].raw_path, HasSubstr("/rooms/%21"));
  EXPECT_EQ(json::parse(sent[0].body), json::parse(request.payload));
  EXPECT_EQ(http::FindHeader(sent[0].headers, "Authorization"), "Bearer " + stack_->access_token());
}

INSTANTIATE_TEST_SUITE_P(Links, CoapGatewayLinkTest,
                         ::testing::Values(Link::kPlain, Link::kDtlsPki, Link::kDtlsPsk), LinkName);

TEST_F(CoapGatewayE2eTest, LoginIsForwardedWithItsJsonBody) {
  CoapClientRequest request = Request(Link::kDtlsPsk, "/1");
  request.method = "post";
  request.payload =
      R"({"type":"m.login.password","identifier":{"type":"m.id.user","user":"alice"},"password":"pw"})";
  request.content_format = kJson;

  CoapClientResult result = Run(request);

  // The FakeHomeserver has no password login: its 404 arrives as 4.04 with the Matrix body.
  EXPECT_EQ(result.code, "4.04") << result.output;
  EXPECT_THAT(result.output, HasSubstr("M_UNRECOGNIZED"));
  std::vector<testing::RecordedRequest> sent =
      stack_->homeserver().RequestsTo("POST", "/_matrix/client/r0/login");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(json::parse(sent[0].body), json::parse(request.payload));
  EXPECT_FALSE(http::FindHeader(sent[0].headers, "Authorization").has_value());
}

TEST_F(CoapGatewayE2eTest, LargeAnswerComesInBlock2) {
  json sync = {{"next_batch", "s-large"}, {"rooms", json::object()}};
  sync["account_data"]["events"] = json::array();
  for (int i = 0; i < 200; ++i) {
    sync["account_data"]["events"].push_back(
        {{"type", absl::StrCat("org.example.filler.", i)},
         {"content", {{"text", std::string(80, static_cast<char>('a' + i % 26))}}}});
  }
  ASSERT_GT(sync.dump().size(), 20'000u);
  stack_->homeserver().EnqueueSyncBody(sync);
  CoapClientRequest request = Request(Link::kDtlsPki, "/7");
  request.options = {{kAccessTokenOption, stack_->access_token()}};

  CoapClientResult result = Run(request);

  ASSERT_EQ(result.code, "2.05") << result.output;
  json answer = json::parse(result.body, nullptr, false);
  ASSERT_TRUE(answer.is_object()) << result.body.size();
  EXPECT_EQ(answer, sync);
  int blocks = 0;
  for (const LoggedPdu& pdu : result.pdus) {
    if (pdu.IsResponse() && pdu.options.find("Block2:") != std::string::npos) {
      ++blocks;
    }
  }
  EXPECT_GE(blocks, 20) << result.output;
}

TEST_F(CoapGatewayE2eTest, LargeBodyGoesInBlock1) {
  const std::string room = RoomId();
  CoapClientRequest request =
      Request(Link::kDtlsPsk, absl::StrCat("/9/", room, "/m.room.message/big"));
  request.method = "put";
  json body = {{"msgtype", "m.text"}, {"body", std::string(6 * 1024, 'x')}};
  request.payload = body.dump();
  request.content_format = kJson;
  request.block_size = 1024;
  request.options = {{kAccessTokenOption, stack_->access_token()}};

  CoapClientResult result = Run(request);

  ASSERT_EQ(result.code, "2.05") << result.output << stack_->GatewayLogTail();
  // coap-client logs the first request and the final answer; the answer acknowledges the last
  // block (RFC 7959 §2.3), so its Block1 number shows how many blocks went before it.
  ASSERT_FALSE(result.pdus.empty());
  EXPECT_THAT(result.pdus.front().options, HasSubstr("Block1:0/M/")) << result.output;
  EXPECT_THAT(result.pdus.back().options, ::testing::ContainsRegex("Block1:([6-9]|1[0-9])/_/"))
      << result.output;
  std::vector<testing::RecordedRequest> sent =
      stack_->homeserver().RequestsTo("PUT", "/send/m.room.message/big");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(json::parse(sent[0].body), body);
}

TEST_F(CoapGatewayE2eTest, RateLimitIs429WithTheMatrixBodyAndMaxAge) {
  const std::string room = RoomId();
  stack_->homeserver().FailNext("/send/m.room.message/limited", 1,
                                testing::InjectedFailure{429, "M_LIMIT_EXCEEDED", 2000});
  CoapClientRequest request =
      Request(Link::kPlain, absl::StrCat("/9/", room, "/m.room.message/limited"));
  request.method = "put";
  request.payload = R"({"msgtype":"m.text","body":"hi"})";
  request.content_format = kJson;
  request.options = {{kAccessTokenOption, stack_->access_token()}};

  CoapClientResult result = Run(request);

  EXPECT_EQ(result.code, "4.29") << result.output;
  EXPECT_THAT(result.output, HasSubstr("M_LIMIT_EXCEEDED"));
  ASSERT_FALSE(result.pdus.empty());
  EXPECT_THAT(result.pdus.back().options, HasSubstr("Max-Age:2")) << result.output;
}

TEST_F(CoapGatewayE2eTest, RouterDownIs503WhileTheGatewayStaysReady) {
  ASSERT_TRUE(stack_->KillRouter().ok());

  CoapClientResult down = Run(Request(Link::kDtlsPsk, "/0"));
  absl::StatusOr<int> readyz = stack_->GatewayReadyz();

  EXPECT_EQ(down.code, "5.03") << down.output << stack_->GatewayLogTail();
  // A gateway-made error: CBOR {errcode, error} with the v1 integer keys.
  EXPECT_THAT(down.output, HasSubstr("M_UNKNOWN"));
  ASSERT_TRUE(readyz.ok()) << readyz.status();
  EXPECT_EQ(*readyz, 200);
  absl::StatusOr<std::string> metrics = stack_->GatewayMetrics();
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics,
              HasSubstr("mxedge_coap_gateway_router_calls_total{outcome=\"unavailable\"}"));
  EXPECT_THAT(*metrics,
              HasSubstr("mxedge_coap_gateway_requests_total{method=\"GET\",code=\"5.03\"}"))
      << *metrics;
  ASSERT_TRUE(stack_->StartRouter().ok());
  // The gateway reconnects on its own (backoff at most 2 s).
  std::string code;
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
       code != "2.05" && std::chrono::steady_clock::now() < until;) {
    code = Run(Request(Link::kDtlsPsk, "/0")).code;
  }
  EXPECT_EQ(code, "2.05") << stack_->GatewayLogTail();
}

// The Observe options of the notifications (CON 2.05 with Observe) in a client log, in order.
std::vector<const LoggedPdu*> Notifications(const CoapClientResult& result) {
  std::vector<const LoggedPdu*> out;
  for (const LoggedPdu& pdu : result.pdus) {
    if (pdu.type == "CON" && pdu.code == "2.05" &&
        pdu.options.find("Observe:") != std::string::npos) {
      out.push_back(&pdu);
    }
  }
  return out;
}

int ObserveNumber(const LoggedPdu& pdu) {
  size_t at = pdu.options.find("Observe:");
  return at == std::string::npos ? -1 : std::atoi(pdu.options.c_str() + at + 8);
}

json SyncBody(const std::string& next_batch) {
  return {{"next_batch", next_batch},
          {"rooms", {{"join", {{"!obs:localhost", {{"timeline", {{"events", json::array()}}}}}}}}}};
}

TEST_F(CoapGatewayE2eTest, ObserveSyncPushesEachHomeserverUpdate) {
  for (const char* batch : {"obs-1", "obs-2", "obs-3", "obs-4"}) {
    stack_->homeserver().EnqueueSyncBody(SyncBody(batch));
  }
  CoapClientRequest request = Request(Link::kDtlsPsk, "/7");
  request.options = {{kAccessTokenOption, stack_->access_token()}};
  request.observe_seconds = 4;

  CoapClientResult result = Run(request);

  // The registration is answered with obs-1; obs-2, obs-3 and obs-4 each come as a notification.
  std::vector<const LoggedPdu*> notifications = Notifications(result);
  ASSERT_GE(notifications.size(), 3u) << result.output << stack_->GatewayLogTail();
  std::set<std::uint16_t> mids;
  for (size_t i = 0; i < notifications.size(); ++i) {
    mids.insert(notifications[i]->mid);
    if (i > 0) {
      EXPECT_GT(ObserveNumber(*notifications[i]), ObserveNumber(*notifications[i - 1]))
          << result.output;
    }
  }
  EXPECT_EQ(mids.size(), notifications.size());
  // Each poll asked for what followed the batch pushed before it.
  std::vector<testing::RecordedRequest> polls = stack_->homeserver().RequestsTo("GET", "/sync");
  std::set<std::string> since;
  for (const testing::RecordedRequest& poll : polls) {
    auto it = poll.query.find("since");
    if (it != poll.query.end()) {
      since.insert(it->second);
    }
  }
  EXPECT_TRUE(since.contains("obs-1") && since.contains("obs-2") && since.contains("obs-3"))
      << polls.size() << " polls";
}

TEST_F(CoapGatewayE2eTest, AfterARestartAClientRegistersAgainWithItsSince) {
  // A restart loses every registration and DTLS session: the client hears nothing more and,
  // after Max-Age (5 s here), registers again with the since of the last body it got.
  ASSERT_TRUE(stack_->RestartGateway().ok());
  stack_->homeserver().EnqueueSyncBody(SyncBody("after-restart"));
  CoapClientRequest request = Request(Link::kDtlsPsk, "/7?since=before-restart");
  request.options = {{kAccessTokenOption, stack_->access_token()}};
  request.observe_seconds = 1;

  CoapClientResult result = Run(request);

  ASSERT_FALSE(result.response_codes.empty()) << result.output << stack_->GatewayLogTail();
  EXPECT_EQ(result.response_codes.front(), "2.05") << result.output;
  EXPECT_THAT(result.output, HasSubstr("Max-Age:5")) << result.output;
  std::vector<testing::RecordedRequest> polls = stack_->homeserver().RequestsTo("GET", "/sync");
  ASSERT_FALSE(polls.empty());
  auto since = polls.front().query.find("since");
  ASSERT_NE(since, polls.front().query.end());
  EXPECT_EQ(since->second, "before-restart");
}

struct Malformed {
  std::string name;
  std::string method;
  std::string path;
  std::string payload;
  std::optional<int> content_format;
  std::vector<std::pair<int, std::string>> options;
  std::string code;
};

class CoapGatewayMalformedTest : public CoapGatewayE2eTest,
                                 public ::testing::WithParamInterface<Malformed> {};

TEST_P(CoapGatewayMalformedTest, AnswersItsErrorAndKeepsServing) {
  const Malformed& m = GetParam();
  CoapClientRequest request = Request(Link::kPlain, m.path);
  request.method = m.method;
  request.payload = m.payload;
  request.content_format = m.content_format;
  request.options = m.options;
  request.options.push_back({kAccessTokenOption, stack_->access_token()});

  CoapClientResult result = Run(request);

  EXPECT_EQ(result.code, m.code) << result.output << stack_->GatewayLogTail();
  ExpectServing(Link::kPlain);
}

INSTANTIATE_TEST_SUITE_P(
    Classes, CoapGatewayMalformedTest,
    ::testing::Values(
        Malformed{"Fetch", "fetch", "/0", "", std::nullopt, {}, "4.05"},
        Malformed{"MissingParameter", "put", "/9/!r:localhost", "{}", kJson, {}, "4.00"},
        Malformed{"TruncatedCbor", "post", "/1", std::string("\xa2\x01", 2), 60, {}, "4.00"},
        Malformed{
            "CborByteString", "post", "/1", std::string("\xa1\x61k\x42xy", 6), 60, {}, "4.00"},
        Malformed{"InvalidJson", "post", "/1", "{\"a\":", kJson, {}, "4.00"},
        Malformed{"UnsupportedFormat", "post", "/1", "x", 41, {}, "4.15"}),
    [](const ::testing::TestParamInfo<Malformed>& info) { return info.param.name; });

}  // namespace
}  // namespace mxedge::coap_e2e
