// CoapTransport over real UDP on 127.0.0.1: libcoap's own coap-client-openssl as an independent
// client, and a raw UDP client that checks message types, MIDs and tokens on the wire.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "coap_transport.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"
#include "support/raw_coap_client.hpp"
#include "support/scripted_exchange_handler.hpp"

namespace mxedge::coap_gateway {
namespace {

using std::chrono::milliseconds;
using testing::RawCoapClient;
using testing::RawMessage;
using testing::RawType;
using testing::ScriptedExchangeHandler;

constexpr milliseconds kWait{5000};
constexpr std::uint8_t kContent = (2 << 5) | 5;

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs coap-client-openssl with `args` (the URI last) and returns what it printed.
std::string RunCoapClient(const std::vector<std::string>& args, mxedge::testing::TempDir& dir,
                          const std::string& name) {
  mxedge::testing::SubprocessOptions options;
  options.argv = {"/usr/bin/coap-client-openssl", "-B", "10"};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.log_path = dir.File(name + ".log");
  auto process = mxedge::testing::Subprocess::Start(options);
  EXPECT_TRUE(process.ok()) << process.status();
  if (!process.ok()) {
    return {};
  }
  EXPECT_TRUE((*process)->Wait(std::chrono::seconds(20)).ok());
  return ReadWhole(options.log_path);
}

class CoapTransportTest : public ::testing::Test {
 protected:
  void StartPlain(milliseconds window = milliseconds(300), std::size_t per_source = 32) {
    auto port = testing::FreeUdpPort();
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
    CoapTransportSettings settings;
    settings.dtls_port = 0;
    settings.plain_port = port_;
    settings.piggyback_window = window;
    settings.max_sessions_per_source = per_source;
    transport_ = std::make_unique<CoapTransport>(settings, handler_, metrics_,
                                                 common::SystemClock::Instance());
    ASSERT_TRUE(transport_->Start().ok());
    auto dir = mxedge::testing::TempDir::Create("coap-transport");
    ASSERT_TRUE(dir.ok());
    dir_ = std::make_unique<mxedge::testing::TempDir>(std::move(*dir));
  }
  void TearDown() override {
    if (transport_) {
      transport_->Stop();
    }
  }
  RawCoapClient Client() {
    auto client = RawCoapClient::Connect(port_);
    EXPECT_TRUE(client.ok());
    return std::move(*client);
  }
  void CompleteLater(ExchangeId id, OutboundMessage reply) {
    transport_->Post([this, id, reply] { transport_->Complete(id, reply); });
  }

  ScriptedExchangeHandler handler_;
  common::MetricsRegistry metrics_;
  std::unique_ptr<CoapTransport> transport_;
  std::unique_ptr<mxedge::testing::TempDir> dir_;
  std::uint16_t port_ = 0;
};

TEST(ValidatePlainBindAddressTest, AcceptsOnlyLoopback) {
  EXPECT_TRUE(ValidatePlainBindAddress("127.0.0.1").ok());
  EXPECT_TRUE(ValidatePlainBindAddress("127.1.2.3").ok());
  EXPECT_TRUE(ValidatePlainBindAddress("::1").ok());
  EXPECT_FALSE(ValidatePlainBindAddress("0.0.0.0").ok());
  EXPECT_FALSE(ValidatePlainBindAddress("10.0.0.1").ok());
  EXPECT_FALSE(ValidatePlainBindAddress("::").ok());
  EXPECT_FALSE(ValidatePlainBindAddress("localhost").ok());
}

TEST(CoapTransportStartTest, RefusesPlainEndpointOffLoopback) {
  ScriptedExchangeHandler handler;
  common::MetricsRegistry metrics;
  CoapTransportSettings settings;
  settings.dtls_port = 0;
  settings.plain_port = 5683;
  settings.plain_bind_address = "0.0.0.0";
  CoapTransport transport(settings, handler, metrics, common::SystemClock::Instance());
  absl::Status status = transport.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("plain_bind_address"), std::string::npos);
}

TEST(CoapTransportStartTest, RefusesDtlsWithoutCredentials) {
  ScriptedExchangeHandler handler;
  common::MetricsRegistry metrics;
  CoapTransportSettings settings;
  auto port = testing::FreeUdpPort();
  ASSERT_TRUE(port.ok());
  settings.dtls_bind_address = "127.0.0.1";
  settings.dtls_port = *port;
  CoapTransport transport(settings, handler, metrics, common::SystemClock::Instance());
  absl::Status status = transport.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("dtls"), std::string::npos);
}

TEST_F(CoapTransportTest, CoapClientGetsAnImmediateAnswer) {
  StartPlain();
  handler_.SetScript([](const InboundRequest&) {
    return HandleResult::Now(OutboundMessage{msc3079::kCoapContent, {}, "hello from the gateway"});
  });
  std::string output =
      RunCoapClient({"-U", "-m", "get",
                     "coap://127.0.0.1:" + std::to_string(port_) + "/_matrix/client/versions?a=b"},
                    *dir_, "get");
  EXPECT_NE(output.find("hello from the gateway"), std::string::npos) << output;
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value());
  const InboundRequest& request = received->request;
  EXPECT_FALSE(request.secure);
  EXPECT_EQ(request.type, MessageType::kConfirmable);
  EXPECT_EQ(request.code, 1);
  std::vector<CoapOption> expected = {{kOptionUriPath, "_matrix"},
                                      {kOptionUriPath, "client"},
                                      {kOptionUriPath, "versions"},
                                      {kOptionUriQuery, "a=b"}};
  EXPECT_EQ(request.options, expected);
}

TEST_F(CoapTransportTest, CoapClientPutCarriesThePayload) {
  StartPlain();
  std::string output =
      RunCoapClient({"-U", "-m", "put", "-e", "{\"body\":\"hi\"}", "-t", "50",
                     "coap://127.0.0.1:" + std::to_string(port_) + "/9/room/m.room.message/1"},
                    *dir_, "put");
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value()) << output;
  EXPECT_EQ(received->request.code, 3);
  EXPECT_EQ(received->request.payload, "{\"body\":\"hi\"}");
  EXPECT_NE(output.find("ok"), std::string::npos) << output;
}

TEST_F(CoapTransportTest, EveryMethodReachesTheHandler) {
  StartPlain();
  RawCoapClient client = Client();
  // FETCH, PATCH and iPATCH reach the logic (which answers 4.05); 0.08 is not a method libcoap
  // routes to a handler.
  for (std::uint8_t code : {1, 2, 3, 4, 5, 6, 7}) {
    RawMessage request{RawType::kCon, code, static_cast<std::uint16_t>(100 + code), "t", {}, {}};
    ASSERT_TRUE(client.Send(request).ok());
    auto answer = client.Receive(kWait);
    ASSERT_TRUE(answer.ok()) << "code " << int(code) << ": " << answer.status();
    EXPECT_EQ(answer->type, RawType::kAck);
    EXPECT_EQ(answer->mid, 100 + code);
    EXPECT_EQ(answer->code, kContent);
    auto received = handler_.NextRequest(kWait);
    ASSERT_TRUE(received.has_value());
    EXPECT_EQ(received->request.code, code);
  }
  RawMessage unknown{RawType::kCon, 8, 200, "u", {}, {}};
  ASSERT_TRUE(client.Send(unknown).ok());
  auto answer = client.Receive(kWait);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->type, RawType::kAck);
  // libcoap 4.3.1 answers codes it has no handler slot for itself, with 4.04.
  EXPECT_EQ(answer->code, (4 << 5) | 4);
  EXPECT_FALSE(handler_.NextRequest(milliseconds(100)).has_value());
}

TEST_F(CoapTransportTest, ImmediateAnswerIsPiggybackedWithTheRequestMidAndToken) {
  StartPlain();
  RawCoapClient client = Client();
  RawMessage request{RawType::kCon, 1, 0x1234, "tok1", {{kOptionUriPath, "x"}}, {}};
  ASSERT_TRUE(client.Send(request).ok());
  auto answer = client.Receive(kWait);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->type, RawType::kAck);
  EXPECT_EQ(answer->mid, 0x1234);
  EXPECT_EQ(answer->token, "tok1");
  EXPECT_EQ(answer->code, kContent);
  EXPECT_EQ(answer->payload, "ok");
}

TEST_F(CoapTransportTest, PendingAnswerWithinTheWindowIsPiggybacked) {
  StartPlain(milliseconds(2000));
  handler_.SetScript([](const InboundRequest&) { return HandleResult::Pending(); });
  RawCoapClient client = Client();
  ASSERT_TRUE(client.Send({RawType::kCon, 1, 0x2001, "pig", {}, {}}).ok());
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value());
  // Nothing goes out while the answer is pending (no empty ACK, no empty NON).
  EXPECT_EQ(client.Receive(milliseconds(200)).status().code(), absl::StatusCode::kDeadlineExceeded);
  CompleteLater(received->id, OutboundMessage{msc3079::kCoapContent, {}, "late but in time"});
  auto answer = client.Receive(kWait);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->type, RawType::kAck);
  EXPECT_EQ(answer->mid, 0x2001);
  EXPECT_EQ(answer->token, "pig");
  EXPECT_EQ(answer->code, kContent);
  EXPECT_EQ(answer->payload, "late but in time");
  EXPECT_EQ(client.Receive(milliseconds(200)).status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(CoapTransportTest, PendingAnswerAfterTheWindowIsASeparateCon) {
  StartPlain(milliseconds(200));
  handler_.SetScript([](const InboundRequest&) { return HandleResult::Pending(); });
  RawCoapClient client = Client();
  ASSERT_TRUE(client.Send({RawType::kCon, 2, 0x3001, "sep", {}, "{}"}).ok());
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value());
  auto empty_ack = client.Receive(kWait);
  ASSERT_TRUE(empty_ack.ok()) << empty_ack.status();
  EXPECT_EQ(empty_ack->type, RawType::kAck);
  EXPECT_EQ(empty_ack->code, 0);
  EXPECT_EQ(empty_ack->mid, 0x3001);
  EXPECT_EQ(empty_ack->token, "");
  CompleteLater(received->id, OutboundMessage{msc3079::kCoapContent, {}, "separate"});
  auto separate = client.Receive(kWait);
  ASSERT_TRUE(separate.ok()) << separate.status();
  EXPECT_EQ(separate->type, RawType::kCon);
  EXPECT_NE(separate->mid, 0x3001);
  EXPECT_EQ(separate->token, "sep");
  EXPECT_EQ(separate->code, kContent);
  EXPECT_EQ(separate->payload, "separate");
  ASSERT_TRUE(client.Send({RawType::kAck, 0, separate->mid, "", {}, {}}).ok());
  // ACKed: no retransmission of the separate response.
  EXPECT_EQ(client.Receive(milliseconds(3500)).status().code(),
            absl::StatusCode::kDeadlineExceeded);
}

TEST_F(CoapTransportTest, RetransmissionWhilePendingIsAckedByLibcoap) {
  StartPlain(milliseconds(2000));
  handler_.SetScript([](const InboundRequest&) { return HandleResult::Pending(); });
  RawCoapClient client = Client();
  const RawMessage request{RawType::kCon, 1, 0x3101, "rtx", {}, {}};
  ASSERT_TRUE(client.Send(request).ok());
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value());
  // The client's ACK timer fired: the same CON again. libcoap answers it with an empty ACK and
  // does not hand it to the logic.
  ASSERT_TRUE(client.Send(request).ok());
  auto empty_ack = client.Receive(kWait);
  ASSERT_TRUE(empty_ack.ok()) << empty_ack.status();
  EXPECT_EQ(empty_ack->type, RawType::kAck);
  EXPECT_EQ(empty_ack->code, 0);
  EXPECT_EQ(empty_ack->mid, 0x3101);
  EXPECT_FALSE(handler_.NextRequest(milliseconds(100)).has_value());
  // The answer then still goes out on an ACK with the request's MID (libcoap gives no hook to
  // learn that it ACKed the retransmission); a client that already took the empty ACK may drop
  // it and retransmit no more, which is why the window stays well under the ACK timeout.
  CompleteLater(received->id, OutboundMessage{msc3079::kCoapContent, {}, "after rtx"});
  auto answer = client.Receive(kWait);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->type, RawType::kAck);
  EXPECT_EQ(answer->mid, 0x3101);
  EXPECT_EQ(answer->token, "rtx");
  EXPECT_EQ(answer->payload, "after rtx");
}

TEST_F(CoapTransportTest, MalformedDatagramsAreDroppedAndTheNextRequestServed) {
  StartPlain();
  RawCoapClient client = Client();
  const std::vector<std::string> garbage = {
      std::string("\x40", 1),                   // shorter than a header
      std::string("\x80\x01\x00\x01", 4),       // version 2
      std::string("\x49\x01\x00\x02", 4),       // token length 9
      std::string("\x41\x01\x00\x03t\xf0", 6),  // option nibble 15 without a payload marker
      std::string("\x41\x01\x00\x04t\xd1", 6),  // truncated option extension
      std::string("\x40\x01\x00\x05\xff", 5),   // payload marker without a payload
  };
  for (const std::string& datagram : garbage) {
    ASSERT_TRUE(client.SendBytes(datagram).ok());
  }
  ASSERT_TRUE(client.Send({RawType::kCon, 1, 0x4201, "ok", {}, {}}).ok());
  // Whatever libcoap answers to the garbage (RST, 4.02, nothing), the valid request is served.
  bool served = false;
  for (int i = 0; i < 8 && !served; ++i) {
    auto answer = client.Receive(kWait);
    ASSERT_TRUE(answer.ok()) << answer.status();
    served = answer->mid == 0x4201 && answer->code == kContent;
  }
  EXPECT_TRUE(served);
}

TEST_F(CoapTransportTest, Msc3079OptionsReachTheHandler) {
  StartPlain();
  RawCoapClient client = Client();
  // 256 (access token) is elective; 257 (CBOR enum version) is critical and must be known.
  ASSERT_TRUE(
      client
          .Send({RawType::kCon,
                 1,
                 0x4301,
                 "o",
                 {{kOptionAccessToken, "tok"}, {kOptionEnumVersion, std::string("\x01", 1)}},
                 {}})
          .ok());
  auto answer = client.Receive(kWait);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->code, kContent);
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value());
  std::vector<CoapOption> expected = {{kOptionAccessToken, "tok"},
                                      {kOptionEnumVersion, std::string("\x01", 1)}};
  EXPECT_EQ(received->request.options, expected);
}

TEST_F(CoapTransportTest, NonRequestIsAnsweredAsNon) {
  StartPlain();
  RawCoapClient client = Client();
  ASSERT_TRUE(client.Send({RawType::kNon, 1, 0x4001, "non", {}, {}}).ok());
  auto answer = client.Receive(kWait);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->type, RawType::kNon);
  EXPECT_EQ(answer->token, "non");
  EXPECT_EQ(answer->code, kContent);
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value());
  EXPECT_EQ(received->request.type, MessageType::kNonConfirmable);
}

TEST_F(CoapTransportTest, PendingNonRequestIsAnsweredAsNon) {
  StartPlain(milliseconds(2000));
  handler_.SetScript([](const InboundRequest&) { return HandleResult::Pending(); });
  RawCoapClient client = Client();
  ASSERT_TRUE(client.Send({RawType::kNon, 1, 0x4101, "np", {}, {}}).ok());
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value());
  CompleteLater(received->id, OutboundMessage{msc3079::kCoapContent, {}, "n"});
  auto answer = client.Receive(kWait);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->type, RawType::kNon);
  EXPECT_EQ(answer->token, "np");
  EXPECT_EQ(answer->payload, "n");
}

TEST_F(CoapTransportTest, ConfirmableNotificationGetsAFreshMidAndResetIsANack) {
  StartPlain();
  RawCoapClient client = Client();
  ASSERT_TRUE(client.Send({RawType::kCon, 1, 0x5001, "obs", {}, {}}).ok());
  ASSERT_TRUE(client.Receive(kWait).ok());
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value());
  const SessionId session = received->request.session;
  std::promise<absl::StatusOr<std::uint16_t>> sent;
  transport_->Post([&] {
    sent.set_value(transport_->SendConfirmable(
        session, "obs", OutboundMessage{msc3079::kCoapContent, {{kOptionObserve, "\x02"}}, "n1"}));
  });
  absl::StatusOr<std::uint16_t> mid = sent.get_future().get();
  ASSERT_TRUE(mid.ok()) << mid.status();
  auto notification = client.Receive(kWait);
  ASSERT_TRUE(notification.ok()) << notification.status();
  EXPECT_EQ(notification->type, RawType::kCon);
  EXPECT_EQ(notification->mid, *mid);
  EXPECT_NE(notification->mid, 0x5001);
  EXPECT_EQ(notification->token, "obs");
  EXPECT_EQ(notification->Option(kOptionObserve), std::string("\x02"));
  ASSERT_TRUE(client.Send({RawType::kRst, 0, notification->mid, "", {}, {}}).ok());
  auto nack = handler_.NextNack(kWait);
  ASSERT_TRUE(nack.has_value());
  EXPECT_EQ(nack->session, session);
  EXPECT_EQ(nack->message_id, *mid);
  EXPECT_EQ(nack->reason, NackReason::kReset);
}

TEST_F(CoapTransportTest, SendConfirmableToAnUnknownSessionFails) {
  StartPlain();
  std::promise<absl::StatusOr<std::uint16_t>> sent;
  transport_->Post([&] {
    sent.set_value(
        transport_->SendConfirmable(987654, "t", OutboundMessage{msc3079::kCoapContent, {}, ""}));
  });
  EXPECT_EQ(sent.get_future().get().status().code(), absl::StatusCode::kNotFound);
}

TEST_F(CoapTransportTest, StopAnswersPendingExchangesWithServiceUnavailable) {
  StartPlain(milliseconds(2000));
  handler_.SetScript([](const InboundRequest&) { return HandleResult::Pending(); });
  RawCoapClient client = Client();
  ASSERT_TRUE(client.Send({RawType::kCon, 1, 0x6001, "stop", {}, {}}).ok());
  ASSERT_TRUE(handler_.NextRequest(kWait).has_value());
  transport_->Stop();
  auto answer = client.Receive(kWait);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->type, RawType::kAck);
  EXPECT_EQ(answer->mid, 0x6001);
  EXPECT_EQ(answer->code, (5 << 5) | 3);
}

TEST_F(CoapTransportTest, CountsMessagesAndDeferredAnswers) {
  StartPlain(milliseconds(2000));
  handler_.SetScript([](const InboundRequest&) { return HandleResult::Pending(); });
  RawCoapClient client = Client();
  ASSERT_TRUE(client.Send({RawType::kCon, 1, 0x7001, "m", {}, {}}).ok());
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value());
  CompleteLater(received->id, OutboundMessage{msc3079::kCoapContent, {}, "x"});
  ASSERT_TRUE(client.Receive(kWait).ok());
  const std::string text = metrics_.RenderText();
  EXPECT_NE(text.find("mxedge_coap_gateway_deferred_responses_total{kind=\"piggybacked\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("mxedge_coap_gateway_transport_messages_total{direction=\"in\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("mxedge_coap_gateway_transport_bytes_total{direction=\"in\"} 5"),
            std::string::npos)
      << text;
}

TEST_F(CoapTransportTest, SessionOverTheSourceCapIsDroppedAndCounted) {
  StartPlain(milliseconds(300), 1);
  RawCoapClient first = Client();
  RawCoapClient second = Client();
  ASSERT_TRUE(first.Send({RawType::kCon, 1, 0x8001, "a", {}, {}}).ok());
  ASSERT_TRUE(first.Receive(kWait).ok());
  ASSERT_TRUE(second.Send({RawType::kCon, 1, 0x8002, "b", {}, {}}).ok());
  EXPECT_EQ(second.Receive(milliseconds(300)).status().code(), absl::StatusCode::kDeadlineExceeded);
  // The admitted session is still served.
  ASSERT_TRUE(first.Send({RawType::kCon, 1, 0x8003, "c", {}, {}}).ok());
  EXPECT_TRUE(first.Receive(kWait).ok());
  const std::string text = metrics_.RenderText();
  EXPECT_NE(text.find("mxedge_coap_gateway_sessions_dropped_total{reason=\"source_cap\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("mxedge_coap_gateway_refused_requests_total 1"), std::string::npos) << text;
}

}  // namespace
}  // namespace mxedge::coap_gateway
