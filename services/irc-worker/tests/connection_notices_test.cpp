#include "connection_notices.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/parser.hpp"

namespace mxedge::irc_worker {
namespace {

std::optional<std::string> Reply(std::string_view line) {
  absl::StatusOr<irc::Message> message = irc::ParseMessage(line);
  EXPECT_TRUE(message.ok()) << message.status();
  return message.ok() ? ReplyNotice(*message) : std::nullopt;
}

TEST(ConnectionNoticesTest, ATakenNickSaysSo) {
  EXPECT_EQ(Reply(":srv 433 alice[m] bob :Nickname is already in use"),
            "The nick bob is taken; your nick is unchanged.");
  EXPECT_EQ(Reply(":srv 432 alice[m] 9bob :Erroneous nickname"),
            "The server refuses the nick 9bob: Erroneous nickname.");
}

TEST(ConnectionNoticesTest, WhoisRepliesAndRefusedJoins) {
  EXPECT_EQ(Reply(":srv 311 me bob ~bob host.example * :Bob Smith"),
            "bob is ~bob@host.example (Bob Smith)");
  EXPECT_EQ(Reply(":srv 319 me bob :@#ops #python"), "bob is in @#ops #python");
  EXPECT_EQ(Reply(":srv 401 me nobody :No such nick/channel"), "No such nick: nobody.");
  EXPECT_EQ(Reply(":srv 473 me #secret :Cannot join channel (+i)"),
            "Cannot join #secret: the channel is invite-only (+i).");
  EXPECT_EQ(Reply(":srv 475 me #keyed :Cannot join channel (+k)"),
            "Cannot join #keyed: wrong or missing key (+k); use !join #keyed <key>.");
  EXPECT_EQ(Reply(":srv 474 me #c :Cannot join channel (+b)"),
            "Cannot join #c: you are banned from it (+b).");
}

TEST(ConnectionNoticesTest, OtherLinesAreNotNotices) {
  EXPECT_EQ(Reply(":srv 001 me :Welcome"), std::nullopt);
  EXPECT_EQ(Reply(":bob!b@h PRIVMSG #c :433"), std::nullopt);
  // A WHOIS reply short of parameters is not described.
  EXPECT_EQ(Reply(":srv 311 me bob"), std::nullopt);
}

TEST(ConnectionNoticesTest, ClosesSayWhetherTheBridgeReconnects) {
  EXPECT_EQ(ClosedNotice("libera", {CloseReason::kLocal, ""}), std::nullopt);
  EXPECT_EQ(ClosedNotice("libera", {CloseReason::kPingTimeout, ""}),
            "Disconnected from libera: the server stopped answering. Reconnecting.");
  EXPECT_EQ(ClosedNotice("libera", {CloseReason::kBanned, "K-lined: spam"}),
            "Disconnected from libera: you are banned from the server (K-line) (K-lined: spam). "
            "Not reconnecting; send !reconnect.");
  EXPECT_EQ(SaslFailedNotice("libera", "Invalid credentials"),
            "SASL login to libera failed: Invalid credentials. Check your stored username and "
            "password.");
  EXPECT_EQ(ConnectedNotice("libera", "alice[m]"), "Connected to libera as alice[m].");
}

}  // namespace
}  // namespace mxedge::irc_worker
