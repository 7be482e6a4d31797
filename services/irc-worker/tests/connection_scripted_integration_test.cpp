// IrcConnection and ConnectionManager against the in-process scripted IRC server: SASL, TLS,
// nick collisions, reconnects, bans, ping timeouts, echo-message delivery, drain.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <optional>

#include "connection_harness.hpp"
#include "gtest/gtest.h"
#include "mxedge/testing/scripted_irc_server.hpp"
#include "mxedge/testing/temp_dir.hpp"
#include "tls_context.hpp"

namespace mxedge::irc_worker {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::ScriptedIrcOptions;
using testing::ScriptedIrcPeer;
using testing::ScriptedIrcServer;

constexpr auto kWait = seconds(10);

std::unique_ptr<ScriptedIrcServer> StartServer(ScriptedIrcOptions options = {}) {
  auto server = ScriptedIrcServer::Start(std::move(options));
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

TEST(ConnectionScriptedTest, SaslPlainSucceedsAndRegisters) {
  ScriptedIrcOptions options;
  options.sasl_account = "alice";
  options.sasl_password = "correct horse";
  auto server = StartServer(options);
  ASSERT_TRUE(server);
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  ConnectionSettings settings = ConnectionHarness::Settings(server->port(), "alice");
  settings.session.sasl = SaslCredentials{"alice", "correct horse"};
  ASSERT_TRUE(h.manager.Open({"scripted", "@alice:example.org"}, settings, observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered alice", kWait));
  EXPECT_EQ(observer->events().front(), "sasl ok SASL authentication successful");
  EXPECT_TRUE(server->WaitForLine("AUTHENTICATE PLAIN", kWait).ok());
  EXPECT_TRUE(server->WaitForLine("CAP END", kWait).ok());
  auto info = h.manager.Find({"scripted", "@alice:example.org"});
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->state, ConnectionState::kRegistered);
  EXPECT_EQ(h.metrics.registrations.Value(), 1u);
}

TEST(ConnectionScriptedTest, RefusedSaslIsReportedAndNotRetried) {
  ScriptedIrcOptions options;
  options.sasl_account = "alice";
  options.sasl_password = "correct horse";
  auto server = StartServer(options);
  ASSERT_TRUE(server);
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  ConnectionSettings settings = ConnectionHarness::Settings(server->port(), "alice");
  settings.session.sasl = SaslCredentials{"alice", "wrong"};
  ASSERT_TRUE(h.manager.Open({"scripted", "@alice:example.org"}, settings, observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("closed sasl_failed", kWait));
  EXPECT_EQ(observer->events().front(), "sasl failed SASL authentication failed");
  auto info = h.manager.Find({"scripted", "@alice:example.org"});
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->state, ConnectionState::kFailed);
  EXPECT_EQ(server->accepted(), 1);
  EXPECT_EQ(h.metrics.closes[static_cast<int>(CloseReason::kSaslFailed)]->Value(), 1u);
}

TEST(ConnectionScriptedTest, NickInUseGivesTheNextCandidateAndReportsIt) {
  ScriptedIrcOptions options;
  options.nicks_in_use = {"bob", "bob_"};
  auto server = StartServer(options);
  ASSERT_TRUE(server);
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  ASSERT_TRUE(h.manager
                  .Open({"scripted", "@bob:example.org"},
                        ConnectionHarness::Settings(server->port(), "bob"), observer)
                  .ok());
  ASSERT_TRUE(observer->WaitForEvent("registered bob1", kWait)) << observer->events().size();
  EXPECT_EQ(h.manager.Find({"scripted", "@bob:example.org"})->nick, "bob1");
}

TEST(ConnectionScriptedTest, TlsWithVerificationAgainstATestCa) {
  auto dir = testing::TempDir::Create("irc-tls");
  ASSERT_TRUE(dir.ok());
  auto cert = testing::MakeSelfSignedCert(dir->path());
  ASSERT_TRUE(cert.ok()) << cert.status();
  ScriptedIrcOptions options;
  options.tls_cert_file = cert->first;
  options.tls_key_file = cert->second;
  auto server = StartServer(options);
  ASSERT_TRUE(server);

  auto trusted = MakeTlsClientContext({.ca_files = {cert->first}});
  ASSERT_TRUE(trusted.ok()) << trusted.status();
  ConnectionHarness h(*trusted);
  auto observer = std::make_shared<RecordingObserver>();
  ConnectionSettings settings = ConnectionHarness::Settings(server->port(), "tls");
  settings.server.tls = true;
  settings.server.host = "localhost";
  ASSERT_TRUE(h.manager.Open({"scripted", "@tls:example.org"}, settings, observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered tls", kWait));

  // The system store does not trust the test certificate: the handshake fails and is retried.
  auto untrusted = MakeTlsClientContext({});
  ASSERT_TRUE(untrusted.ok());
  ConnectionHarness h2(*untrusted);
  auto refused = std::make_shared<RecordingObserver>();
  ASSERT_TRUE(h2.manager.Open({"scripted", "@tls2:example.org"}, settings, refused).ok());
  ASSERT_TRUE(refused->WaitForEvent("closed tls_failed", kWait));
  EXPECT_EQ(refused->CountEvents("registered"), 0);
}

TEST(ConnectionScriptedTest, MissingCaFileIsAnInvalidArgument) {
  auto context = MakeTlsClientContext({.ca_files = {"/nonexistent/ca.pem"}});
  EXPECT_EQ(context.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ConnectionScriptedTest, DroppedConnectionReconnectsWithBackoff) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  ASSERT_TRUE(h.manager
                  .Open({"scripted", "@carol:example.org"},
                        ConnectionHarness::Settings(server->port(), "carol"), observer)
                  .ok());
  ASSERT_TRUE(observer->WaitForEvent("registered carol", kWait));
  server->DropClients();
  ASSERT_TRUE(observer->WaitForEvent("closed network", kWait));
  ASSERT_TRUE(observer->WaitUntil(
      [&] {
        int registered = 0;
        for (const auto& e : observer->events_locked()) registered += e == "registered carol";
        return registered == 2;
      },
      kWait));
  EXPECT_EQ(server->accepted(), 2);
  EXPECT_EQ(h.metrics.reconnects[static_cast<int>(CloseReason::kNetwork)]->Value(), 1u);
}

TEST(ConnectionScriptedTest, KLineStopsRetrying) {
  ScriptedIrcOptions options;
  options.hook = [](ScriptedIrcPeer& peer, std::string_view line) {
    if (!line.starts_with("USER")) return false;
    peer.Send("ERROR :Closing Link: 127.0.0.1 (K-Lined: no bots)");
    peer.Close();
    return true;
  };
  auto server = StartServer(options);
  ASSERT_TRUE(server);
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  ASSERT_TRUE(h.manager
                  .Open({"scripted", "@dan:example.org"},
                        ConnectionHarness::Settings(server->port(), "dan"), observer)
                  .ok());
  ASSERT_TRUE(observer->WaitForEvent("closed banned", kWait));
  EXPECT_EQ(h.manager.Find({"scripted", "@dan:example.org"})->state, ConnectionState::kFailed);
  EXPECT_EQ(server->accepted(), 1);
}

TEST(ConnectionScriptedTest, SilentServerHitsThePingTimeout) {
  std::atomic<bool> swallow{false};
  ScriptedIrcOptions options;
  options.hook = [&](ScriptedIrcPeer&, std::string_view line) {
    return swallow.load() && line.starts_with("PING");
  };
  auto server = StartServer(options);
  ASSERT_TRUE(server);
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  ConnectionSettings settings = ConnectionHarness::Settings(server->port(), "erin");
  settings.ping_interval = milliseconds(150);
  settings.ping_timeout = milliseconds(150);
  ASSERT_TRUE(h.manager.Open({"scripted", "@erin:example.org"}, settings, observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered erin", kWait));
  // Answered pings keep the connection up.
  ASSERT_TRUE(server
                  ->WaitFor(
                      [](const std::vector<std::string>& lines) {
                        int pings = 0;
                        for (const auto& l : lines) pings += l.starts_with("PING") ? 1 : 0;
                        return pings >= 2;
                      },
                      kWait)
                  .ok());
  EXPECT_EQ(observer->CountEvents("closed"), 0);
  swallow = true;
  ASSERT_TRUE(observer->WaitForEvent("closed ping_timeout", kWait));
}

TEST(ConnectionScriptedTest, EchoMessageCompletesDeliveryOnTheEcho) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  const ConnectionKey key{"scripted", "@fay:example.org"};
  ASSERT_TRUE(
      h.manager.Open(key, ConnectionHarness::Settings(server->port(), "fay"), observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered fay", kWait));
  std::promise<absl::Status> delivered;
  ASSERT_TRUE(h.manager
                  .Send(key, "PRIVMSG #room :hello there",
                        [&](const absl::Status& s) { delivered.set_value(s); })
                  .ok());
  auto future = delivered.get_future();
  ASSERT_EQ(future.wait_for(kWait), std::future_status::ready);
  EXPECT_TRUE(future.get().ok());
  ASSERT_TRUE(observer->WaitUntil([&] { return !observer->echoes_locked().empty(); }, kWait));
  EXPECT_EQ(observer->echoes()[0].Param(1), "hello there");
  EXPECT_EQ(h.manager.Find(key)->outstanding_echoes, 0u);
  EXPECT_EQ(h.manager.Send({"scripted", "@nobody:example.org"}, "PRIVMSG #a :x", nullptr).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      h.manager.Open(key, ConnectionHarness::Settings(server->port(), "fay"), observer).code(),
      absl::StatusCode::kAlreadyExists);
}

TEST(ConnectionScriptedTest, LineWithoutEchoFailsWhenTheConnectionDrops) {
  std::atomic<bool> swallow_privmsg{true};
  ScriptedIrcOptions options;
  options.hook = [&](ScriptedIrcPeer&, std::string_view line) {
    return swallow_privmsg.load() && line.starts_with("PRIVMSG");
  };
  auto server = StartServer(options);
  ASSERT_TRUE(server);
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  const ConnectionKey key{"scripted", "@gus:example.org"};
  ASSERT_TRUE(
      h.manager.Open(key, ConnectionHarness::Settings(server->port(), "gus"), observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered gus", kWait));
  std::promise<absl::Status> delivered;
  ASSERT_TRUE(h.manager
                  .Send(key, "PRIVMSG #room :never echoed",
                        [&](const absl::Status& s) { delivered.set_value(s); })
                  .ok());
  ASSERT_TRUE(server->WaitForLine("PRIVMSG #room", kWait).ok());
  server->DropClients();
  auto future = delivered.get_future();
  ASSERT_EQ(future.wait_for(kWait), std::future_status::ready);
  EXPECT_EQ(future.get().code(), absl::StatusCode::kUnavailable);
}

TEST(ConnectionScriptedTest, RefusedLineFailsAtOnceAndAnIdenticalLaterLineWaitsForItsOwnEcho) {
  std::atomic<bool> moderated{true};
  ScriptedIrcOptions options;
  options.hook = [&](ScriptedIrcPeer& peer, std::string_view line) {
    if (!moderated.load() || !line.starts_with("PRIVMSG #quiet ")) return false;
    peer.Send(":scripted.mxedge.test 404 " + peer.nick() + " #Quiet :Cannot send to channel (+m)");
    return true;
  };
  auto server = StartServer(options);
  ASSERT_TRUE(server);
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  const ConnectionKey key{"scripted", "@hal:example.org"};
  ASSERT_TRUE(
      h.manager.Open(key, ConnectionHarness::Settings(server->port(), "hal"), observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered hal", kWait));
  const std::optional<ConnectionInfo> info = h.manager.Find(key);
  ASSERT_TRUE(info.has_value());
  EXPECT_NE(std::find(info->caps.begin(), info->caps.end(), "echo-message"), info->caps.end());

  std::promise<absl::Status> refused;
  ASSERT_TRUE(h.manager
                  .Send(key, "PRIVMSG #quiet :same words",
                        [&](const absl::Status& s) { refused.set_value(s); })
                  .ok());
  auto refused_future = refused.get_future();
  ASSERT_EQ(refused_future.wait_for(kWait), std::future_status::ready);
  const absl::Status refusal = refused_future.get();
  EXPECT_EQ(refusal.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refusal.message().find("404"), std::string_view::npos) << refusal;
  EXPECT_EQ(h.manager.Find(key)->outstanding_echoes, 0u);

  // The same words once the channel takes them: completed by their own echo, not left waiting
  // behind the refused line.
  moderated = false;
  std::promise<absl::Status> delivered;
  ASSERT_TRUE(h.manager
                  .Send(key, "PRIVMSG #quiet :same words",
                        [&](const absl::Status& s) { delivered.set_value(s); })
                  .ok());
  auto delivered_future = delivered.get_future();
  ASSERT_EQ(delivered_future.wait_for(kWait), std::future_status::ready);
  EXPECT_TRUE(delivered_future.get().ok());
  EXPECT_EQ(h.manager.Find(key)->outstanding_echoes, 0u);
}

TEST(ConnectionScriptedTest, EchoWithTheColoursStrippedCompletesTheLine) {
  ScriptedIrcOptions options;
  // A channel that strips colours (InspIRCd +S, Solanum +c) echoes the text without them.
  options.hook = [](ScriptedIrcPeer& peer, std::string_view line) {
    if (!line.starts_with("PRIVMSG #plain ")) return false;
    peer.Send(":" + peer.nick() + "!user@127.0.0.1 PRIVMSG #plain :bold and red");
    return true;
  };
  auto server = StartServer(options);
  ASSERT_TRUE(server);
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  const ConnectionKey key{"scripted", "@ida:example.org"};
  ASSERT_TRUE(
      h.manager.Open(key, ConnectionHarness::Settings(server->port(), "ida"), observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered ida", kWait));
  std::promise<absl::Status> delivered;
  ASSERT_TRUE(h.manager
                  .Send(key,
                        "PRIVMSG #plain :\x02"
                        "bold\x02 and \x03"
                        "04red\x03",
                        [&](const absl::Status& s) { delivered.set_value(s); })
                  .ok());
  auto future = delivered.get_future();
  ASSERT_EQ(future.wait_for(kWait), std::future_status::ready);
  EXPECT_TRUE(future.get().ok());
  EXPECT_EQ(h.manager.Find(key)->outstanding_echoes, 0u);
}

TEST(ConnectionScriptedTest, DrainQuitsEveryConnectionWithTheMessage) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  ConnectionHarness h;
  std::vector<std::shared_ptr<RecordingObserver>> observers;
  for (int i = 0; i < 5; ++i) {
    observers.push_back(std::make_shared<RecordingObserver>());
    const std::string nick = "d" + std::to_string(i);
    ASSERT_TRUE(h.manager
                    .Open({"scripted", "@" + nick + ":example.org"},
                          ConnectionHarness::Settings(server->port(), nick), observers.back())
                    .ok());
  }
  for (auto& observer : observers) ASSERT_TRUE(observer->WaitForEvent("registered", kWait));
  EXPECT_EQ(h.manager.CountByState()[static_cast<int>(ConnectionState::kRegistered)], 5);
  EXPECT_EQ(h.manager.Drain("worker draining", seconds(2)), 0);
  for (auto& observer : observers) EXPECT_EQ(observer->CountEvents("closed local"), 1);
  const auto lines = server->received();
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "QUIT :worker draining"), 5);
  EXPECT_EQ(h.manager.size(), 0u);
  EXPECT_EQ(h.manager
                .Open({"scripted", "@late:example.org"},
                      ConnectionHarness::Settings(server->port(), "late"), observers[0])
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ConnectionScriptedTest, FramingToleratesBareLfAndDropsOverlongAndMalformedLines) {
  ScriptedIrcOptions options;
  options.hook = [](ScriptedIrcPeer& peer, std::string_view line) {
    if (line != "JOIN #frames") return false;
    // A bare LF inside one write, an over-long line, a malformed one, then a normal line.
    peer.Send(":a!a@h PRIVMSG #frames :one\n:a!a@h PRIVMSG #frames :two");
    peer.Send(":a!a@h PRIVMSG #frames :" + std::string(20'000, 'x'));
    peer.Send("@ ");
    peer.Send(":a!a@h PRIVMSG #frames :three");
    return true;
  };
  auto server = StartServer(options);
  ASSERT_TRUE(server);
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  const ConnectionKey key{"scripted", "@ivy:example.org"};
  ASSERT_TRUE(
      h.manager.Open(key, ConnectionHarness::Settings(server->port(), "ivy"), observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered ivy", kWait));
  ASSERT_TRUE(h.manager.Send(key, "JOIN #frames", nullptr).ok());
  ASSERT_TRUE(observer->WaitUntil(
      [&] {
        for (const auto& m : observer->lines_locked()) {
          if (m.IsCommand("PRIVMSG") && m.Param(1) == "three") return true;
        }
        return false;
      },
      kWait));
  std::vector<std::string> texts;
  for (const auto& m : observer->lines()) {
    if (m.IsCommand("PRIVMSG")) texts.emplace_back(m.Param(1));
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(h.metrics.lines_malformed.Value(), 2u);
  EXPECT_EQ(h.manager.Find(key)->state, ConnectionState::kRegistered);
}

class CountingGate : public ConnectGate {
 public:
  absl::StatusOr<milliseconds> TryAcquire(std::string_view network) override {
    last_network = std::string(network);
    const int n = ++calls;
    if (n == 1) return absl::UnavailableError("redis down");
    if (n == 2) return milliseconds(30);
    return milliseconds(0);
  }
  std::atomic<int> calls{0};
  std::string last_network;
};

TEST(ConnectionScriptedTest, ConnectGateIsAskedBeforeConnecting) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  CountingGate gate;
  ConnectionHarness h(nullptr, &gate);
  auto observer = std::make_shared<RecordingObserver>();
  ASSERT_TRUE(h.manager
                  .Open({"libera", "@hal:example.org"},
                        ConnectionHarness::Settings(server->port(), "hal"), observer)
                  .ok());
  ASSERT_TRUE(observer->WaitForEvent("registered hal", kWait));
  EXPECT_EQ(gate.calls.load(), 3);
  EXPECT_EQ(gate.last_network, "libera");
  EXPECT_EQ(h.metrics.connect_gate_waits.Value(), 1u);
  EXPECT_EQ(server->accepted(), 1);
}

}  // namespace
}  // namespace mxedge::irc_worker
