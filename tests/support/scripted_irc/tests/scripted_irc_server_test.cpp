#include "mxedge/testing/scripted_irc_server.hpp"

#include <chrono>

#include "gtest/gtest.h"
#include "mxedge/testing/irc_test_client.hpp"

namespace mxedge::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(ScriptedIrcServerTest, RegistersAPlainClientWithoutCap) {
  auto server = ScriptedIrcServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  auto client = IrcTestClient::Connect((*server)->port(), seconds(5));
  ASSERT_TRUE(client.ok()) << client.status();
  ASSERT_TRUE(client->Register("carol", seconds(5)).ok());
  ASSERT_TRUE((*server)->WaitForLine("USER ", seconds(5)).ok());
  EXPECT_EQ((*server)->accepted(), 1);
}

TEST(ScriptedIrcServerTest, RefusesHeldNicksAndRunsTheHookFirst) {
  ScriptedIrcOptions options;
  options.nicks_in_use = {"dave"};
  options.hook = [](ScriptedIrcPeer& peer, std::string_view line) {
    if (line == "MOTD") {
      peer.Send(":scripted 422 * :No MOTD");
      return true;
    }
    return false;
  };
  auto server = ScriptedIrcServer::Start(options);
  ASSERT_TRUE(server.ok());
  auto client = IrcTestClient::Connect((*server)->port(), seconds(5));
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->Send("NICK dave").ok());
  auto line = client->ReadUntilCommand("433", seconds(5));
  ASSERT_TRUE(line.ok()) << line.status();
  ASSERT_TRUE(client->Send("MOTD").ok());
  EXPECT_TRUE(client->ReadUntilCommand("422", seconds(5)).ok());
}

}  // namespace
}  // namespace mxedge::testing
