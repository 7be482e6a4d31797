// CoapTransport over DTLS on 127.0.0.1 with coap-client-openssl: X.509 (an ECDSA P-256 certificate
// made with openssl at test time) and PSK on the same endpoint, refused handshakes, and the
// handshake's bytes on the wire with and without session tickets.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iostream>
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
#include "support/udp_relay.hpp"

namespace mxedge::coap_gateway {
namespace {

using std::chrono::milliseconds;
using testing::ScriptedExchangeHandler;
using testing::UdpRelay;

constexpr milliseconds kWait{5000};
constexpr char kPskIdentity[] = "phone-1";
constexpr char kPskKey[] = "0123456789abcdef0123";

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs a program to completion and returns its output.
std::string RunToEnd(std::vector<std::string> argv, mxedge::testing::TempDir& dir,
                     const std::string& name) {
  mxedge::testing::SubprocessOptions options;
  options.argv = std::move(argv);
  options.log_path = dir.File(name + ".log");
  auto process = mxedge::testing::Subprocess::Start(options);
  EXPECT_TRUE(process.ok()) << process.status();
  if (!process.ok()) {
    return {};
  }
  EXPECT_TRUE((*process)->Wait(std::chrono::seconds(30)).ok()) << name;
  return ReadWhole(options.log_path);
}

class CoapDtlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = mxedge::testing::TempDir::Create("coap-dtls");
    ASSERT_TRUE(dir.ok());
    dir_ = std::make_unique<mxedge::testing::TempDir>(std::move(*dir));
    RunToEnd({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
              "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", dir_->File("key.pem"), "-out",
              dir_->File("cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1"},
             *dir_, "openssl");
  }
  void TearDown() override {
    if (transport_) {
      transport_->Stop();
    }
  }
  void StartDtls(bool session_tickets = false) {
    auto port = testing::FreeUdpPort();
    ASSERT_TRUE(port.ok());
    port_ = *port;
    CoapTransportSettings settings;
    settings.dtls_bind_address = "127.0.0.1";
    settings.dtls_port = port_;
    settings.certificate_file = dir_->File("cert.pem");
    settings.private_key_file = dir_->File("key.pem");
    settings.psk_keys = {{kPskIdentity, kPskKey}};
    settings.session_tickets = session_tickets;
    // A transport registers its metrics once per registry.
    transport_.reset();
    metrics_ = std::make_unique<common::MetricsRegistry>();
    transport_ = std::make_unique<CoapTransport>(settings, handler_, *metrics_,
                                                 common::SystemClock::Instance());
    absl::Status started = transport_->Start();
    ASSERT_TRUE(started.ok()) << started;
  }
  std::string Uri(std::uint16_t port, const std::string& path) {
    return "coaps://127.0.0.1:" + std::to_string(port) + path;
  }
  std::string Client(std::vector<std::string> args, const std::string& name) {
    std::vector<std::string> argv = {"/usr/bin/coap-client-openssl", "-B", "5", "-U"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunToEnd(argv, *dir_, name);
  }

  ScriptedExchangeHandler handler_;
  std::unique_ptr<common::MetricsRegistry> metrics_;
  std::unique_ptr<CoapTransport> transport_;
  std::unique_ptr<mxedge::testing::TempDir> dir_;
  std::uint16_t port_ = 0;
};

TEST_F(CoapDtlsTest, CertificateSessionIsSecure) {
  StartDtls();
  handler_.SetScript([](const InboundRequest&) {
    return HandleResult::Now(OutboundMessage{msc3079::kCoapContent, {}, "over dtls"});
  });
  std::string output = Client({Uri(port_, "/_matrix/client/versions")}, "pki");
  EXPECT_NE(output.find("over dtls"), std::string::npos) << output;
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value());
  EXPECT_TRUE(received->request.secure);
  // coap-client closes its DTLS session on exit: the logic hears of it once.
  auto closed = handler_.NextClosedSession(kWait);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(*closed, received->request.session);
  EXPECT_FALSE(handler_.NextClosedSession(std::chrono::milliseconds(200)).has_value());
  EXPECT_NE(metrics_->RenderText().find("mxedge_coap_gateway_dtls_sessions_established 0"),
            std::string::npos);
}

TEST_F(CoapDtlsTest, PskSessionOnTheSameEndpoint) {
  StartDtls();
  handler_.SetScript([](const InboundRequest&) {
    return HandleResult::Now(OutboundMessage{msc3079::kCoapContent, {}, "psk ok"});
  });
  std::string output =
      Client({"-u", kPskIdentity, "-k", kPskKey, Uri(port_, "/_matrix/client/versions")}, "psk");
  EXPECT_NE(output.find("psk ok"), std::string::npos) << output;
  auto received = handler_.NextRequest(kWait);
  ASSERT_TRUE(received.has_value());
  EXPECT_TRUE(received->request.secure);
}

TEST_F(CoapDtlsTest, WrongPskFailsTheHandshake) {
  StartDtls();
  Client({"-u", kPskIdentity, "-k", "not-the-key-at-all!!", Uri(port_, "/x")}, "badkey");
  Client({"-u", "stranger", "-k", kPskKey, Uri(port_, "/x")}, "baduser");
  EXPECT_FALSE(handler_.NextRequest(milliseconds(200)).has_value());
  const std::string text = metrics_->RenderText();
  EXPECT_EQ(text.find("mxedge_coap_gateway_dtls_handshakes_failed_total 0"), std::string::npos)
      << text;
}

TEST_F(CoapDtlsTest, SessionTicketsAreOffByDefault) {
  // The same request through a counting relay, with tickets on and off, over X.509 and over PSK:
  // the NewSessionTicket flight only appears with tickets on.
  for (bool psk : {false, true}) {
    std::uint64_t bytes_with = 0;
    std::uint64_t bytes_without = 0;
    for (bool tickets : {true, false}) {
      StartDtls(tickets);
      auto relay = UdpRelay::Start(port_);
      ASSERT_TRUE(relay.ok()) << relay.status();
      std::vector<std::string> args;
      if (psk) {
        args = {"-u", kPskIdentity, "-k", kPskKey};
      }
      args.push_back(Uri((*relay)->port(), "/x"));
      std::string output = Client(args, tickets ? "tickets" : "notickets");
      EXPECT_NE(output.find("ok"), std::string::npos) << output;
      const UdpRelay::Totals totals = (*relay)->totals();
      (tickets ? bytes_with : bytes_without) = totals.bytes_to_client;
      std::cout << (psk ? "PSK" : "X.509") << ", session tickets " << (tickets ? "on" : "off")
                << ": server->client " << totals.bytes_to_client << " bytes, IP bytes both ways "
                << totals.IpBytes() << " in "
                << totals.datagrams_to_server + totals.datagrams_to_client << " datagrams\n";
    }
    EXPECT_LT(bytes_without, bytes_with) << (psk ? "PSK" : "X.509");
  }
}

}  // namespace
}  // namespace mxedge::coap_gateway
