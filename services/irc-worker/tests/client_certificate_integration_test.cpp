// CertFP and SASL EXTERNAL against the scripted IRC server over TLS: the server asks for a client
// certificate, and the puppet presents the one ApplyClientCertificate found for its Matrix user.
#include <chrono>

#include "client_certificate.hpp"
#include "connection_harness.hpp"
#include "gtest/gtest.h"
#include "mxedge/testing/scripted_irc_server.hpp"
#include "mxedge/testing/temp_dir.hpp"
#include "tls_context.hpp"

namespace mxedge::irc_worker {
namespace {

using std::chrono::seconds;
using testing::ScriptedIrcOptions;
using testing::ScriptedIrcServer;

constexpr auto kWait = seconds(10);
constexpr char kAlice[] = "@alice:example.org";

struct CertFixture {
  std::optional<testing::TempDir> dir;
  std::pair<std::string, std::string> server_cert;
  std::string alice_fingerprint;
  NetworkConfig network;
};

CertFixture MakeFixture() {
  CertFixture f;
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("irc-certfp");
  EXPECT_TRUE(dir.ok());
  f.dir.emplace(*std::move(dir));
  absl::StatusOr<std::pair<std::string, std::string>> cert =
      testing::MakeSelfSignedCert(f.dir->path());
  EXPECT_TRUE(cert.ok()) << cert.status();
  f.server_cert = *cert;
  absl::StatusOr<std::string> fingerprint =
      testing::MakeClientCertificate(f.dir->File(ClientCertFileName(kAlice)), "alice");
  EXPECT_TRUE(fingerprint.ok()) << fingerprint.status();
  f.alice_fingerprint = *fingerprint;
  f.network.id = "scripted";
  f.network.tls = true;
  f.network.tls_client_cert_dir = f.dir->path();
  f.network.sasl.mechanism = "external";
  return f;
}

std::unique_ptr<ScriptedIrcServer> StartServer(const CertFixture& f, std::string fingerprint) {
  ScriptedIrcOptions options;
  options.tls_cert_file = f.server_cert.first;
  options.tls_key_file = f.server_cert.second;
  options.tls_request_client_cert = true;
  options.caps = {"sasl=PLAIN,EXTERNAL", "message-tags"};
  options.sasl_external_fingerprint = std::move(fingerprint);
  options.sasl_external_account = "alice";
  absl::StatusOr<std::unique_ptr<ScriptedIrcServer>> server =
      ScriptedIrcServer::Start(std::move(options));
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

ConnectionSettings TlsSettingsFor(const CertFixture& f, const ScriptedIrcServer& server,
                                  std::string_view mxid) {
  ConnectionSettings settings = ConnectionHarness::Settings(server.port(), "alice");
  settings.server.tls = true;
  settings.server.host = "localhost";
  EXPECT_TRUE(ApplyClientCertificate(f.network, mxid, RegularFileExists, settings).ok());
  return settings;
}

TEST(ClientCertificateScriptedTest, PresentsTheUsersCertificateAndLogsInWithSaslExternal) {
  CertFixture f = MakeFixture();
  auto server = StartServer(f, f.alice_fingerprint);
  ASSERT_TRUE(server);
  auto tls = MakeTlsClientContext({.ca_files = {f.server_cert.first}});
  ASSERT_TRUE(tls.ok()) << tls.status();
  ConnectionHarness h(*tls);
  auto observer = std::make_shared<RecordingObserver>();
  ASSERT_TRUE(
      h.manager.Open({"scripted", kAlice}, TlsSettingsFor(f, *server, kAlice), observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered alice", kWait)) << observer->events().size();
  EXPECT_EQ(observer->events().front(), "sasl ok SASL authentication successful");
  EXPECT_TRUE(server->WaitForLine("AUTHENTICATE EXTERNAL", kWait).ok());
  EXPECT_TRUE(server->WaitForLine("AUTHENTICATE +", kWait).ok());
  EXPECT_EQ(server->client_cert_fingerprints(), std::vector<std::string>{f.alice_fingerprint});
}

TEST(ClientCertificateScriptedTest, ACertificateTheServerDoesNotKnowIsRefusedAndNotRetried) {
  CertFixture f = MakeFixture();
  auto server = StartServer(f, std::string(64, '0'));
  ASSERT_TRUE(server);
  auto tls = MakeTlsClientContext({.ca_files = {f.server_cert.first}});
  ASSERT_TRUE(tls.ok()) << tls.status();
  ConnectionHarness h(*tls);
  auto observer = std::make_shared<RecordingObserver>();
  ASSERT_TRUE(
      h.manager.Open({"scripted", kAlice}, TlsSettingsFor(f, *server, kAlice), observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("closed sasl_failed", kWait));
  EXPECT_EQ(server->accepted(), 1);
  EXPECT_EQ(server->client_cert_fingerprints(), std::vector<std::string>{f.alice_fingerprint});
}

TEST(ClientCertificateScriptedTest, AUserWithoutACertificatePresentsNone) {
  CertFixture f = MakeFixture();
  f.network.sasl.mechanism = "none";
  auto server = StartServer(f, f.alice_fingerprint);
  ASSERT_TRUE(server);
  auto tls = MakeTlsClientContext({.ca_files = {f.server_cert.first}});
  ASSERT_TRUE(tls.ok()) << tls.status();
  ConnectionHarness h(*tls);
  auto observer = std::make_shared<RecordingObserver>();
  ConnectionSettings settings = TlsSettingsFor(f, *server, "@bob:example.org");
  settings.session.nick = "bob";
  ASSERT_TRUE(h.manager.Open({"scripted", "@bob:example.org"}, settings, observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered bob", kWait));
  EXPECT_TRUE(server->client_cert_fingerprints().empty());
}

}  // namespace
}  // namespace mxedge::irc_worker
