#include "stored_login.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

SessionSettings Session() {
  SessionSettings session;
  session.nick = "alice[m]";
  session.username = "alicem";
  return session;
}

TEST(StoredLoginTest, NothingStoredChangesNothing) {
  SessionSettings session = Session();
  ApplyStoredLogin(StoredLogin{}, /*network_sasl=*/false, session);
  EXPECT_EQ(session.username, "alicem");
  EXPECT_FALSE(session.sasl.has_value());
  EXPECT_TRUE(session.server_password.empty());
}

TEST(StoredLoginTest, UsernameBecomesIdentAndSaslAccount) {
  SessionSettings session = Session();
  ApplyStoredLogin(StoredLogin{.username = "alice", .password = "pw"}, false, session);
  EXPECT_EQ(session.username, "alice");
  ASSERT_TRUE(session.sasl.has_value());
  EXPECT_EQ(session.sasl->account, "alice");
  EXPECT_EQ(session.sasl->password, "pw");
  EXPECT_FALSE(session.sasl_required);  // used when offered, not required
  EXPECT_EQ(session.server_password, "pw");
}

TEST(StoredLoginTest, AnAccountGoesIntoPassAndSasl) {
  SessionSettings session = Session();
  ApplyStoredLogin(StoredLogin{.username = "ident", .account = "acct", .password = "pw"}, false,
                   session);
  EXPECT_EQ(session.username, "ident");
  EXPECT_EQ(session.sasl->account, "acct");
  EXPECT_EQ(session.server_password, "acct:pw");
}

TEST(StoredLoginTest, WithoutUsernameOrAccountTheNickIsTheAccount) {
  SessionSettings session = Session();
  ApplyStoredLogin(StoredLogin{.password = "pw"}, false, session);
  EXPECT_EQ(session.username, "alicem");
  EXPECT_EQ(session.sasl->account, "alice[m]");
}

TEST(StoredLoginTest, TheNetworksServerPasswordAndRequiredSaslStay) {
  SessionSettings session = Session();
  session.server_password = "network-pass";
  session.sasl = SaslCredentials{.account = "shared", .password = "shared-pw"};
  session.sasl_required = true;
  ApplyStoredLogin(StoredLogin{.password = "pw"}, /*network_sasl=*/true, session);
  EXPECT_EQ(session.server_password, "network-pass");
  EXPECT_EQ(session.sasl->password, "pw");
  EXPECT_TRUE(session.sasl_required);
}

}  // namespace
}  // namespace mxedge::irc_worker
