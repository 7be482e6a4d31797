// IrcConnection and ConnectionManager against real servers: ngIRCd (plain IRC, nick collision,
// flood control measured at an observing client) and InspIRCd (IRCv3 message-tags, server-time,
// msgid, echo-message).
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <vector>

#include "connection_harness.hpp"
#include "gtest/gtest.h"
#include "mxedge/irc/parser.hpp"
#include "mxedge/testing/inspircd.hpp"
#include "mxedge/testing/irc_test_client.hpp"
#include "mxedge/testing/ngircd.hpp"

namespace mxedge::irc_worker {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::IrcTestClient;

constexpr auto kWait = seconds(15);

// Waits until the puppet's observer saw its own JOIN of `channel`.
bool WaitForOwnJoin(const RecordingObserver& observer, std::string_view nick,
                    std::string_view channel) {
  return observer.WaitUntil(
      [&] {
        for (const auto& m : observer.lines_locked()) {
          if (m.IsCommand("JOIN") && m.prefix && m.prefix->nick == nick && m.Param(0) == channel) {
            return true;
          }
        }
        return false;
      },
      kWait);
}

absl::StatusOr<IrcTestClient> Watcher(int port, std::string_view nick, std::string_view channel) {
  auto client = IrcTestClient::Connect(port, seconds(5));
  if (!client.ok()) return client.status();
  if (auto s = client->Register(nick, kWait); !s.ok()) return s;
  if (auto s = client->Send(std::string("JOIN ") + std::string(channel)); !s.ok()) return s;
  if (auto end = client->ReadUntilCommand("366", kWait); !end.ok()) return end.status();
  return client;
}

TEST(ConnectionNgircdTest, PuppetJoinsAndMessagesCrossBothWays) {
  auto ngircd = testing::Ngircd::Start();
  ASSERT_TRUE(ngircd.ok()) << ngircd.status();
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  const ConnectionKey key{"ngircd", "@puppet:example.org"};
  ASSERT_TRUE(
      h.manager.Open(key, ConnectionHarness::Settings((*ngircd)->port(), "puppet"), observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered puppet", kWait));
  ASSERT_TRUE(h.manager.Send(key, "JOIN #bridge", nullptr).ok());
  ASSERT_TRUE(WaitForOwnJoin(*observer, "puppet", "#bridge"));

  auto watcher = Watcher((*ngircd)->port(), "watcher", "#bridge");
  ASSERT_TRUE(watcher.ok()) << watcher.status();

  std::promise<absl::Status> written;
  ASSERT_TRUE(h.manager
                  .Send(key, "PRIVMSG #bridge :hello from matrix",
                        [&](const absl::Status& s) { written.set_value(s); })
                  .ok());
  auto line = watcher->ReadUntilCommand("PRIVMSG", kWait);
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_NE(line->find(":puppet!"), std::string::npos);
  EXPECT_NE(line->find("hello from matrix"), std::string::npos);
  EXPECT_TRUE(written.get_future().get().ok());  // ngIRCd has no echo-message: written is enough

  ASSERT_TRUE(watcher->Send("PRIVMSG #bridge :hello from irc").ok());
  ASSERT_TRUE(observer->WaitUntil(
      [&] {
        for (const auto& m : observer->lines_locked()) {
          if (m.IsCommand("PRIVMSG") && m.Param(1) == "hello from irc") return true;
        }
        return false;
      },
      kWait));
  EXPECT_GE(h.metrics.lines_received.Value(), 3u);
}

TEST(ConnectionNgircdTest, NickHeldByAnotherClientGivesTheFallbackNick) {
  auto ngircd = testing::Ngircd::Start();
  ASSERT_TRUE(ngircd.ok()) << ngircd.status();
  auto holder = IrcTestClient::Connect((*ngircd)->port(), seconds(5));
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE(holder->Register("taken", kWait).ok());
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  const ConnectionKey key{"ngircd", "@taken:example.org"};
  ASSERT_TRUE(
      h.manager.Open(key, ConnectionHarness::Settings((*ngircd)->port(), "taken"), observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered taken_", kWait));
  EXPECT_EQ(h.manager.Find(key)->nick, "taken_");
}

TEST(ConnectionNgircdTest, FloodControlHoldsItsRateAtTheObserver) {
  auto ngircd = testing::Ngircd::Start();
  ASSERT_TRUE(ngircd.ok()) << ngircd.status();
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  const ConnectionKey key{"ngircd", "@flood:example.org"};
  ConnectionSettings settings = ConnectionHarness::Settings((*ngircd)->port(), "flooder");
  settings.flood = {.lines_per_second = 10, .burst = 2, .max_queued = 100};
  ASSERT_TRUE(h.manager.Open(key, settings, observer).ok());
  ASSERT_TRUE(observer->WaitForEvent("registered flooder", kWait));
  ASSERT_TRUE(h.manager.Send(key, "JOIN #flood", nullptr).ok());
  ASSERT_TRUE(WaitForOwnJoin(*observer, "flooder", "#flood"));
  auto watcher = Watcher((*ngircd)->port(), "counter", "#flood");
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  // The bucket refilled during the watcher's registration: the first `burst` lines leave at once.
  constexpr int kLines = 22;
  std::mutex written_mu;
  std::condition_variable written_cv;
  std::vector<std::chrono::steady_clock::time_point> written;
  for (int i = 0; i < kLines; ++i) {
    ASSERT_TRUE(h.manager
                    .Send(key, "PRIVMSG #flood :line " + std::to_string(i),
                          [&](const absl::Status& s) {
                            std::lock_guard lock(written_mu);
                            if (s.ok()) written.push_back(std::chrono::steady_clock::now());
                            written_cv.notify_all();
                          })
                    .ok());
  }
  std::vector<std::chrono::steady_clock::time_point> arrivals;
  while (arrivals.size() < kLines) {
    auto line = watcher->ReadUntilCommand("PRIVMSG", kWait);
    ASSERT_TRUE(line.ok()) << line.status() << " after " << arrivals.size() << " lines";
    arrivals.push_back(std::chrono::steady_clock::now());
  }
  // After the burst, lines i and i+10 leave at least one second apart (10 lines/s).
  {
    // A write completes on the worker's loop, possibly after the watcher already read the line.
    std::unique_lock lock(written_mu);
    written_cv.wait_for(lock, kWait, [&] { return written.size() == kLines; });
    ASSERT_EQ(written.size(), static_cast<size_t>(kLines));
    for (size_t i = 1; i + 10 < written.size(); ++i) {
      EXPECT_GE(written[i + 10] - written[i], milliseconds(950)) << "written line " << i;
    }
  }
  // At the observer the same holds up to delivery jitter.
  for (size_t i = 2; i + 10 < arrivals.size(); ++i) {
    EXPECT_GE(arrivals[i + 10] - arrivals[i], milliseconds(800)) << "received line " << i;
  }
  const auto total = arrivals.back() - arrivals.front();
  EXPECT_GE(total, milliseconds(1800));  // (22 - 2) lines at 10/s
  EXPECT_LE(total, milliseconds(8000));
}

TEST(ConnectionInspircdTest, Ircv3TagsServerTimeMsgidAndEchoMessage) {
  auto inspircd = testing::Inspircd::Start();
  ASSERT_TRUE(inspircd.ok()) << inspircd.status();
  ConnectionHarness h;
  auto observer = std::make_shared<RecordingObserver>();
  const ConnectionKey key{"inspircd", "@v3:example.org"};
  ASSERT_TRUE(
      h.manager.Open(key, ConnectionHarness::Settings((*inspircd)->port(), "v3puppet"), observer)
          .ok());
  ASSERT_TRUE(observer->WaitForEvent("registered v3puppet", kWait));
  ASSERT_TRUE(h.manager.Send(key, "JOIN #v3", nullptr).ok());
  ASSERT_TRUE(WaitForOwnJoin(*observer, "v3puppet", "#v3"));
  auto watcher = Watcher((*inspircd)->port(), "v3watch", "#v3");
  ASSERT_TRUE(watcher.ok()) << watcher.status();

  std::promise<absl::Status> delivered;
  ASSERT_TRUE(h.manager
                  .Send(key, "PRIVMSG #v3 :tagged hello",
                        [&](const absl::Status& s) { delivered.set_value(s); })
                  .ok());
  auto future = delivered.get_future();
  ASSERT_EQ(future.wait_for(kWait), std::future_status::ready);
  EXPECT_TRUE(future.get().ok());
  // Delivery completed on the echo, which carries server-time and msgid.
  auto echoes = observer->echoes();
  ASSERT_EQ(echoes.size(), 1u);
  EXPECT_EQ(echoes[0].Param(1), "tagged hello");
  EXPECT_TRUE(echoes[0].FindTag("time").has_value());
  EXPECT_TRUE(echoes[0].FindTag("msgid").has_value());
  EXPECT_TRUE(watcher->ReadUntilCommand("PRIVMSG", kWait).ok());

  ASSERT_TRUE(watcher->Send("@+mxedge.test/probe=1 PRIVMSG #v3 :from the watcher").ok());
  ASSERT_TRUE(observer->WaitUntil(
      [&] {
        for (const auto& m : observer->lines_locked()) {
          if (m.IsCommand("PRIVMSG") && m.Param(1) == "from the watcher") return true;
        }
        return false;
      },
      kWait));
  for (const auto& m : observer->lines()) {
    if (!m.IsCommand("PRIVMSG")) continue;
    EXPECT_TRUE(m.FindTag("time").has_value());
    EXPECT_TRUE(m.FindTag("msgid").has_value());
  }
  EXPECT_EQ(h.manager.Find(key)->outstanding_echoes, 0u);
}

}  // namespace
}  // namespace mxedge::irc_worker
