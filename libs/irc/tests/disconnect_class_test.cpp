#include "mxedge/irc/disconnect_class.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/parser.hpp"

namespace mxedge::irc {
namespace {

DisconnectClass Classify(std::string_view line) {
  absl::StatusOr<Message> m = ParseMessage(line);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? ClassifyDisconnect(*m) : DisconnectClass::kOther;
}

TEST(ClassifyDisconnectTest, Bans) {
  EXPECT_EQ(Classify("ERROR :Closing Link: 127.0.0.1 (K-Lined)"), DisconnectClass::kBanned);
  EXPECT_EQ(Classify("ERROR :Closing Link: x (G-Lined: spam)"), DisconnectClass::kBanned);
  EXPECT_EQ(Classify("ERROR :Closing Link: x[1.2.3.4] (Z-lined: go away)"),
            DisconnectClass::kBanned);
  EXPECT_EQ(Classify(":irc.example 465 * :You are banned from this server- spam"),
            DisconnectClass::kBanned);
  EXPECT_EQ(Classify(":irc.example 463 * :Your host isn't among the privileged"),
            DisconnectClass::kBanned);
}

TEST(ClassifyDisconnectTest, TooManyConnections) {
  EXPECT_EQ(Classify("ERROR :Connection refused, too many connections from your IP address"),
            DisconnectClass::kTooManyConnections);  // ngIRCd
  EXPECT_EQ(Classify("ERROR :Closing Link: 127.0.0.1 (No more connections allowed from your host "
                     "via this connect class (local))"),
            DisconnectClass::kTooManyConnections);  // InspIRCd
  EXPECT_EQ(Classify("ERROR :Closing Link: x (Too many host connections (local))"),
            DisconnectClass::kTooManyConnections);  // ratbox
  EXPECT_EQ(Classify("ERROR :Closing Link: x (Sorry, server is full - try later)"),
            DisconnectClass::kTooManyConnections);
}

TEST(ClassifyDisconnectTest, Throttled) {
  EXPECT_EQ(Classify("ERROR :Closing Link: 1.2.3.4 (Throttled: Reconnecting too fast) -Email "
                     "admin@example.org for more information."),
            DisconnectClass::kThrottled);
}

TEST(ClassifyDisconnectTest, EverythingElse) {
  EXPECT_EQ(Classify("ERROR :Closing Link: x (Ping timeout: 240 seconds)"),
            DisconnectClass::kOther);
  EXPECT_EQ(Classify("ERROR :Closing Link: x (Quit: bye)"), DisconnectClass::kOther);
  // A channel ban is not a server ban.
  EXPECT_EQ(Classify(":irc.example 474 me #x :Cannot join channel (+b) - you are banned"),
            DisconnectClass::kOther);
  // A PRIVMSG that talks about bans is not a disconnect.
  EXPECT_EQ(Classify(":a!b@c PRIVMSG #x :I got K-Lined lol"), DisconnectClass::kOther);
}

TEST(ClassifyDisconnectTest, Names) {
  EXPECT_EQ(DisconnectClassName(DisconnectClass::kBanned), "banned");
  EXPECT_EQ(DisconnectClassName(DisconnectClass::kTooManyConnections), "too_many_connections");
  EXPECT_EQ(DisconnectClassName(DisconnectClass::kThrottled), "throttled");
  EXPECT_EQ(DisconnectClassName(DisconnectClass::kLoginRefused), "login_refused");
  EXPECT_EQ(DisconnectClassName(DisconnectClass::kOther), "other");
}

TEST(ClassifyDisconnectTest, ARefusedPasswordIsALoginRefusal) {
  EXPECT_EQ(Classify(":irc.test 464 * :Password incorrect"), DisconnectClass::kLoginRefused);
  EXPECT_EQ(Classify("ERROR :Access denied: Bad password?"),  // ngIRCd
            DisconnectClass::kLoginRefused);
  EXPECT_EQ(Classify("ERROR :Closing Link: x (Password mismatch)"), DisconnectClass::kLoginRefused);
  // Someone saying it in a channel is not a disconnect.
  EXPECT_EQ(Classify(":a!b@c PRIVMSG #x :bad password again"), DisconnectClass::kOther);
}

}  // namespace
}  // namespace mxedge::irc
