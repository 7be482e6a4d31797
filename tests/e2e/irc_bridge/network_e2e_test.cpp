// Network-facing identity through the whole suite: the network's bridge bot joins the mapped
// channel, so a line there reaches Matrix with no Matrix user in the room; the ident listener
// answers an RFC 1413 query for a live puppet from the record its worker wrote in Redis (and
// NO-USER for anything else); a puppet whose user stays silent past `idle_timeout` is QUIT, left
// unwanted, and back when the user talks again.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "mxedge/redis/commands.hpp"
#include "mxedge/testing/free_port.hpp"
#include "scenario_test.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

// One RFC 1413 exchange with the listener on 127.0.0.1:`port` (reads until it closes, 10 s at
// most).
std::string AskIdent(int port, const std::string& query) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return "socket failed";
  }
  timeval timeout{.tv_sec = 10, .tv_usec = 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    answer = "connect failed";
  } else if (::send(fd, query.data(), query.size(), MSG_NOSIGNAL) ==
             static_cast<ssize_t>(query.size())) {
    char buf[256];
    ssize_t n = 0;
    while ((n = ::recv(fd, buf, sizeof(buf), 0)) > 0) {
      answer.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return answer;
}

class NetworkE2eTest : public ScenarioTest {
 protected:
  // Alice says `text` in the room and the watcher sees it.
  void AliceSays(const std::string& text) {
    stack_->PushMessage(kAlice, {{"msgtype", "m.text"}, {"body", text}});
    const std::string line = AwaitLineFromAlice([&](std::string_view got) {
      const std::string want = absl::StrCat("PRIVMSG ", kChannel, " :", text);
      return got.size() >= want.size() && got.substr(got.size() - want.size()) == want;
    });
    ASSERT_FALSE(line.empty()) << stack_->Logs();
  }

  // The irc:ident records in Redis naming `user_name`: key suffix "<lport>:<rport>" → user.
  std::vector<std::pair<std::string, std::string>> IdentRecords(const std::string& user_name) {
    std::vector<std::pair<std::string, std::string>> records;
    const std::vector<std::string> keys_cmd = {"KEYS", "mxedge:irc:ident:*"};
    absl::StatusOr<redis::Reply> keys = stack_->redis().Execute(keys_cmd);
    if (!keys.ok()) {
      return records;
    }
    for (const redis::Reply& key : keys->elements()) {
      absl::StatusOr<std::optional<std::string>> user = redis::Get(stack_->redis(), key.str());
      if (user.ok() && user->has_value() && **user == user_name) {
        records.emplace_back(key.str().substr(std::string("mxedge:irc:ident:").size()), **user);
      }
    }
    return records;
  }
};

TEST_F(NetworkE2eTest, IdentListenerAnswersForALivePuppet) {
  // Each worker listens on a port of its own (on a deployment, each its own address's port 113).
  BridgeStackOptions options;
  std::vector<int> ident_ports;
  for (int i = 0; i < options.workers; ++i) {
    absl::StatusOr<int> ident_port = testing::FreeLoopbackPort();
    ASSERT_TRUE(ident_port.ok());
    ident_ports.push_back(*ident_port);
    options.worker_yaml_each.push_back(
        absl::StrCat("ident:\n  listen: 127.0.0.1:", *ident_port, "\n"));
  }
  ASSERT_NO_FATAL_FAILURE(StartStack(std::move(options)));
  stack_->PushJoin(kAlice);
  ASSERT_NO_FATAL_FAILURE(AliceSays("hello"));

  // The worker wrote the record of alice's TCP connection: her port, the server's port. (The
  // bridge bot's connection has a record of its own.)
  std::vector<std::pair<std::string, std::string>> records;
  Eventually([&] {
    records = IdentRecords("alicem");
    return !records.empty();
  });
  ASSERT_EQ(records.size(), 1u) << stack_->Logs();
  EXPECT_EQ(records[0].second, "alicem");
  std::vector<std::string> ports = absl::StrSplit(records[0].first, ':');
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_EQ(ports[1], std::to_string(stack_->ircd().port()));

  // Every worker answers from Redis, the one holding alice's connection or not.
  int other_port = 0;
  ASSERT_TRUE(absl::SimpleAtoi(ports[0], &other_port));
  other_port = other_port == 65535 ? 1 : other_port + 1;
  for (int ident_port : ident_ports) {
    SCOPED_TRACE(absl::StrCat("ident port ", ident_port));
    EXPECT_EQ(AskIdent(ident_port, absl::StrCat(ports[0], " , ", ports[1], "\r\n")),
              absl::StrCat(ports[0], " , ", ports[1], " : USERID : UNIX : alicem\r\n"));
    EXPECT_EQ(AskIdent(ident_port, absl::StrCat(other_port, ", ", ports[1], "\r\n")),
              absl::StrCat(other_port, " , ", ports[1], " : ERROR : NO-USER\r\n"));
    EXPECT_EQ(AskIdent(ident_port, "hello\r\n"), "0 , 0 : ERROR : INVALID-PORT\r\n");
  }
}

TEST_F(NetworkE2eTest, ChannelWithoutPuppetsReachesMatrixThroughTheBridgeBot) {
  ASSERT_NO_FATAL_FAILURE(StartStack({}));
  // No Matrix user is in the room: only the network's bridge bot can be in the channel. It may
  // have joined before the watcher did, so ask NAMES until it is listed.
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  bool bot_joined = false;
  while (!bot_joined && std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE(watcher_->Send(absl::StrCat("NAMES ", kChannel)).ok());
    const auto asked = std::chrono::steady_clock::now();
    while (!bot_joined && std::chrono::steady_clock::now() - asked < std::chrono::seconds(1)) {
      absl::StatusOr<std::string> line = watcher_->ReadLine(std::chrono::milliseconds(200));
      bot_joined = line.ok() && line->find(" 353 ") != std::string::npos &&
                   line->find("irc_libera") != std::string::npos;
    }
  }
  ASSERT_TRUE(bot_joined) << stack_->Logs();
  ASSERT_TRUE(watcher_->Send(absl::StrCat("PRIVMSG ", kChannel, " :anyone there?")).ok());
  const bool bridged = AwaitGhostSend([](const GhostSend& send) {
                         return send.user_id == "@irc_libera_watcher:localhost" &&
                                send.content.value("body", "") == "anyone there?";
                       }).has_value();
  EXPECT_TRUE(bridged) << stack_->Logs();
}

TEST_F(NetworkE2eTest, IdlePuppetIsQuitAndReturnsWhenTheUserTalks) {
  BridgeStackOptions options;
  options.network_yaml = "    idle_timeout: 4s\n";
  ASSERT_NO_FATAL_FAILURE(StartStack(std::move(options)));
  stack_->PushJoin(kAlice);
  ASSERT_NO_FATAL_FAILURE(AliceSays("hello"));

  const std::string quit = AwaitLineFromAlice(
      [](std::string_view line) { return line.find(" QUIT ") != std::string_view::npos; });
  ASSERT_FALSE(quit.empty()) << stack_->Logs();
  EXPECT_THAT(quit, ::testing::HasSubstr("Idle for 4s"));
  absl::StatusOr<bool> wanted =
      redis::SIsMember(stack_->redis(), absl::StrCat("mxedge:irc:want:", kNetwork), kAlice);
  ASSERT_TRUE(wanted.ok());
  EXPECT_FALSE(*wanted);

  // Talking again brings the puppet back into the channel with the message.
  ASSERT_NO_FATAL_FAILURE(AliceSays("back again"));
}

}  // namespace
}  // namespace mxedge::irc_bridge_e2e
