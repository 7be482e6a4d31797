#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "mxedge/testing/free_port.hpp"
#include "mxedge/testing/inspircd.hpp"
#include "mxedge/testing/irc_test_client.hpp"
#include "mxedge/testing/ngircd.hpp"

namespace mxedge::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(IrcLineCommandTest, SkipsTagsAndPrefix) {
  EXPECT_EQ(IrcLineCommand("@time=x;msgid=y :nick!u@h PRIVMSG #c :hi"), "PRIVMSG");
  EXPECT_EQ(IrcLineCommand(":irc.test 001 me :Welcome"), "001");
  EXPECT_EQ(IrcLineCommand("PING :abc"), "PING");
  EXPECT_EQ(IrcLineCommand(""), "");
  EXPECT_EQ(IrcLineCommand(":only-prefix"), "");
}

TEST(NgircdTest, StartsRegistersClientsAndStopsCleanly) {
  absl::StatusOr<std::unique_ptr<Ngircd>> server = Ngircd::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  const int pid = (*server)->pid();
  // More clients than ngircd's default per-IP limit (5), with a nick longer than its default 9.
  std::vector<IrcTestClient> clients;
  for (int i = 0; i < 8; ++i) {
    absl::StatusOr<IrcTestClient> c = IrcTestClient::Connect(port, seconds(2));
    ASSERT_TRUE(c.ok()) << c.status();
    ASSERT_TRUE(c->Register("a_rather_long_nick_" + std::to_string(i), seconds(5)).ok())
        << (*server)->LogTail();
    clients.push_back(*std::move(c));
  }
  ASSERT_TRUE(clients[0].Send("JOIN #room").ok());
  ASSERT_TRUE(clients[0].ReadUntilCommand("JOIN", seconds(5)).ok());
  ASSERT_TRUE((*server)->Stop().ok());
  EXPECT_EQ(kill(pid, 0), -1);
  EXPECT_FALSE(LoopbackPortAccepts(port, milliseconds(200)));
}

TEST(NgircdTest, RestartDropsClientsAndServesTheSamePortAgain) {
  absl::StatusOr<std::unique_ptr<Ngircd>> server = Ngircd::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  const int pid = (*server)->pid();
  absl::StatusOr<IrcTestClient> before = IrcTestClient::Connect(port, seconds(2));
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_TRUE(before->Register("before_restart", seconds(5)).ok());
  ASSERT_TRUE((*server)->Restart().ok()) << (*server)->LogTail();
  EXPECT_EQ((*server)->port(), port);
  EXPECT_NE((*server)->pid(), pid);
  // The old connection ends; a new client registers on the same port.
  absl::StatusOr<std::string> line = before->ReadUntilCommand("never", seconds(5));
  EXPECT_FALSE(line.ok());
  EXPECT_FALSE(absl::IsDeadlineExceeded(line.status())) << line.status();
  absl::StatusOr<IrcTestClient> after = IrcTestClient::Connect(port, seconds(2));
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_TRUE(after->Register("before_restart", seconds(5)).ok());
}

TEST(InspircdTest, AdvertisesIrcv3CapabilitiesAndStopsCleanly) {
  absl::StatusOr<std::unique_ptr<Inspircd>> server = Inspircd::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  const int pid = (*server)->pid();
  absl::StatusOr<IrcTestClient> c = IrcTestClient::Connect(port, seconds(2));
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE(c->Send("CAP LS 302").ok());
  std::string caps;
  while (true) {
    absl::StatusOr<std::string> line = c->ReadUntilCommand("CAP", seconds(5));
    ASSERT_TRUE(line.ok()) << line.status();
    caps += *line + " ";
    // "CAP * LS * :..." continues on the next line; the last one has no "*" before the list.
    if (line->find(" LS * :") == std::string::npos) break;
  }
  for (const char* cap : {"message-tags", "server-time", "echo-message", "cap-notify"}) {
    EXPECT_NE(caps.find(cap), std::string::npos) << cap << " missing from " << caps;
  }
  ASSERT_TRUE(c->Send("CAP REQ :message-tags server-time echo-message").ok());
  absl::StatusOr<std::string> ack = c->ReadUntilCommand("CAP", seconds(5));
  ASSERT_TRUE(ack.ok());
  EXPECT_NE(ack->find("ACK"), std::string::npos) << *ack;
  ASSERT_TRUE(c->Send("CAP END").ok());
  ASSERT_TRUE(c->Register("tagged_client", seconds(5)).ok());
  ASSERT_TRUE(c->Send("PRIVMSG tagged_client :echo me").ok());
  absl::StatusOr<std::string> echo = c->ReadUntilCommand("PRIVMSG", seconds(5));
  ASSERT_TRUE(echo.ok()) << echo.status();
  EXPECT_EQ(echo->rfind("@", 0), 0u) << *echo;  // tags (time, msgid) on the echo
  EXPECT_NE(echo->find("time="), std::string::npos) << *echo;
  EXPECT_NE(echo->find("msgid="), std::string::npos) << *echo;

  ASSERT_TRUE((*server)->Stop().ok());
  EXPECT_EQ(kill(pid, 0), -1);
  EXPECT_FALSE(LoopbackPortAccepts(port, milliseconds(200)));
}

TEST(InspircdTest, TestOperatorSetsModesOfAChannelItIsNotIn) {
  absl::StatusOr<std::unique_ptr<Inspircd>> server = Inspircd::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<IrcTestClient> member = IrcTestClient::Connect((*server)->port(), seconds(2));
  absl::StatusOr<IrcTestClient> oper = IrcTestClient::Connect((*server)->port(), seconds(2));
  ASSERT_TRUE(member.ok() && oper.ok());
  ASSERT_TRUE(member->Register("member", seconds(5)).ok());
  ASSERT_TRUE(oper->Register("operator", seconds(5)).ok());
  ASSERT_TRUE(member->Send("JOIN #quiet").ok());
  ASSERT_TRUE(member->ReadUntilCommand("366", seconds(5)).ok());
  ASSERT_TRUE(
      oper->Send(absl::StrCat("OPER ", kInspircdOperName, " ", kInspircdOperPassword)).ok());
  absl::StatusOr<std::string> opered = oper->ReadUntilCommand("381", seconds(5));
  ASSERT_TRUE(opered.ok()) << opered.status() << "\n" << (*server)->LogTail();
  ASSERT_TRUE(oper->Send("SAMODE #quiet +m").ok());
  absl::StatusOr<std::string> mode = member->ReadUntilCommand("MODE", seconds(5));
  ASSERT_TRUE(mode.ok()) << mode.status();
  EXPECT_NE(mode->find("MODE #quiet :+m"), std::string::npos) << *mode;
}

}  // namespace
}  // namespace mxedge::testing
