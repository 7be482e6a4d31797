#include "mxedge/matrix/ids.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace mxedge::matrix {
namespace {

using ::testing::HasSubstr;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

TEST(ParseServerNameTest, AcceptsDnsNameIpv4AndIpv6WithOptionalPort) {
  absl::StatusOr<ServerName> dns = ParseServerName("matrix.example.org");
  ASSERT_TRUE(dns.ok()) << dns.status();
  EXPECT_EQ(dns->kind, HostKind::kDnsName);
  EXPECT_FALSE(dns->port.has_value());

  absl::StatusOr<ServerName> v4 = ParseServerName("127.0.0.1:8448");
  ASSERT_TRUE(v4.ok()) << v4.status();
  EXPECT_EQ(v4->kind, HostKind::kIpv4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8448);

  absl::StatusOr<ServerName> v6 = ParseServerName("[::1]:443");
  ASSERT_TRUE(v6.ok()) << v6.status();
  EXPECT_EQ(v6->kind, HostKind::kIpv6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->ToString(), "[::1]:443");

  // The grammar allows leading zeros in the port; ToString writes the canonical form.
  absl::StatusOr<ServerName> zeros = ParseServerName("[::1]:084");
  ASSERT_TRUE(zeros.ok()) << zeros.status();
  EXPECT_EQ(zeros->port, 84);
  EXPECT_EQ(zeros->ToString(), "[::1]:84");

  EXPECT_TRUE(ParseServerName("[2001:db8::ff00:42:8329]").ok());
  EXPECT_TRUE(ParseServerName("[::ffff:192.0.2.1]").ok());
  EXPECT_TRUE(ParseServerName("[1:2:3:4:5:6:7:8]").ok());
  // Digits and dots that are not a valid quad are still a DNS name per the grammar.
  EXPECT_EQ(ParseServerName("1.2.3")->kind, HostKind::kDnsName);
}

TEST(ParseServerNameTest, RejectsMalformedNamesWithReason) {
  EXPECT_THAT(Message(ParseServerName("").status()), HasSubstr("empty"));
  EXPECT_THAT(Message(ParseServerName("exa mple.org").status()), HasSubstr("[A-Za-z0-9.-]"));
  EXPECT_THAT(Message(ParseServerName("example.org:").status()), HasSubstr("port"));
  EXPECT_THAT(Message(ParseServerName("example.org:0").status()), HasSubstr("1..65535"));
  EXPECT_THAT(Message(ParseServerName("example.org:65536").status()), HasSubstr("1..65535"));
  EXPECT_THAT(Message(ParseServerName("example.org:123456").status()), HasSubstr("1 to 5"));
  EXPECT_THAT(Message(ParseServerName("example.org:8a").status()), HasSubstr("digits"));
  EXPECT_THAT(Message(ParseServerName("[::1").status()), HasSubstr("unterminated"));
  EXPECT_THAT(Message(ParseServerName("[::1]x").status()), HasSubstr("after ']'"));
  EXPECT_THAT(Message(ParseServerName("[1::2::3]").status()), HasSubstr("IPv6"));
  EXPECT_THAT(Message(ParseServerName("[1:2:3:4:5:6:7]").status()), HasSubstr("IPv6"));
  EXPECT_THAT(Message(ParseServerName("[12345::]").status()), HasSubstr("IPv6"));
  EXPECT_THAT(Message(ParseServerName(":8448").status()), HasSubstr("empty host"));
  EXPECT_EQ(ParseServerName(std::string(256, 'a')).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ParseUserIdTest, SplitsLocalpartAndServer) {
  absl::StatusOr<UserId> user = ParseUserId("@irc_libera_nick:example.org:8448");
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->localpart, "irc_libera_nick");
  EXPECT_EQ(user->server_name, "example.org:8448");
  EXPECT_EQ(user->ToString(), "@irc_libera_nick:example.org:8448");
  EXPECT_EQ(*LocalpartOf("@alice:example.org"), "alice");
}

TEST(ParseUserIdTest, HistoricalGrammarAcceptsUppercaseButStrictDoesNot) {
  EXPECT_TRUE(ParseUserId("@Alice[m]:example.org").ok());
  absl::Status strict = ParseUserId("@Alice:example.org", UserIdGrammar::kStrict).status();
  EXPECT_EQ(strict.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(strict), HasSubstr("[a-z0-9._=/+-]"));
  EXPECT_TRUE(ParseUserId("@a.b_c=d-e/f+g:example.org", UserIdGrammar::kStrict).ok());
  EXPECT_TRUE(IsValidUserLocalpart("irc_net_Nick|away"));
  EXPECT_FALSE(IsValidUserLocalpart("irc_net_Nick|away", UserIdGrammar::kStrict));
  EXPECT_FALSE(IsValidUserLocalpart("with space"));
  EXPECT_FALSE(IsValidUserLocalpart(""));
}

TEST(ParseUserIdTest, RejectsMalformedIdsNamingTheProblem) {
  EXPECT_THAT(Message(ParseUserId("alice:example.org").status()), HasSubstr("start with '@'"));
  EXPECT_THAT(Message(ParseUserId("@alice").status()), HasSubstr("missing ':'"));
  EXPECT_THAT(Message(ParseUserId("@:example.org").status()), HasSubstr("empty localpart"));
  EXPECT_THAT(Message(ParseUserId("@al ice:example.org").status()), HasSubstr("printable"));
  EXPECT_THAT(Message(ParseUserId("@alice:bad_host").status()), HasSubstr("[A-Za-z0-9.-]"));
  EXPECT_THAT(Message(ParseUserId("@" + std::string(260, 'a') + ":x").status()),
              HasSubstr("longer than 255"));
  EXPECT_THAT(Message(ParseUserId("").status()), HasSubstr("empty"));
  EXPECT_FALSE(LocalpartOf("nope").ok());
}

TEST(ParseRoomIdTest, AcceptsServerlessVersion12Ids) {
  absl::StatusOr<RoomId> classic = ParseRoomId("!abcDEF:example.org");
  ASSERT_TRUE(classic.ok()) << classic.status();
  EXPECT_EQ(classic->opaque, "abcDEF");
  EXPECT_EQ(classic->server_name, "example.org");
  absl::StatusOr<RoomId> v12 = ParseRoomId("!Hj0zSlUdQXd5XwE3L7BkLJ1rSbH0B5CyC5W0Bq9wQ-U");
  ASSERT_TRUE(v12.ok()) << v12.status();
  EXPECT_TRUE(v12->server_name.empty());
  EXPECT_EQ(v12->ToString(), "!Hj0zSlUdQXd5XwE3L7BkLJ1rSbH0B5CyC5W0Bq9wQ-U");
}

TEST(ParseRoomIdTest, RejectsMalformedIds) {
  EXPECT_THAT(Message(ParseRoomId("#alias:example.org").status()), HasSubstr("start with '!'"));
  EXPECT_THAT(Message(ParseRoomId("!:example.org").status()), HasSubstr("empty opaque"));
  EXPECT_THAT(Message(ParseRoomId("!").status()), HasSubstr("empty opaque"));
  EXPECT_THAT(Message(ParseRoomId("!a\nb:example.org").status()), HasSubstr("control"));
  EXPECT_THAT(Message(ParseRoomId("!abc:").status()), HasSubstr("empty"));
}

TEST(ParseRoomAliasTest, ParsesAndRejects) {
  absl::StatusOr<RoomAlias> alias = ParseRoomAlias("#irc_libera_#matrix:example.org");
  ASSERT_TRUE(alias.ok()) << alias.status();
  EXPECT_EQ(alias->localpart, "irc_libera_#matrix");
  EXPECT_EQ(alias->ToString(), "#irc_libera_#matrix:example.org");
  EXPECT_THAT(Message(ParseRoomAlias("#:example.org").status()), HasSubstr("empty localpart"));
  EXPECT_THAT(Message(ParseRoomAlias("#a\tb:example.org").status()), HasSubstr("control"));
  EXPECT_THAT(Message(ParseRoomAlias("!a:example.org").status()), HasSubstr("start with '#'"));
}

TEST(ValidateEventIdTest, AcceptsBothFormsAndRejectsGarbage) {
  EXPECT_TRUE(ValidateEventId("$143273582443PhrSn:example.org").ok());
  EXPECT_TRUE(ValidateEventId("$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk").ok());
  EXPECT_THAT(Message(ValidateEventId("")), HasSubstr("empty"));
  EXPECT_THAT(Message(ValidateEventId("$")), HasSubstr("empty opaque"));
  EXPECT_THAT(Message(ValidateEventId("abc")), HasSubstr("start with '$'"));
  EXPECT_THAT(Message(ValidateEventId("$a\x01")), HasSubstr("control"));
  EXPECT_THAT(Message(ValidateEventId("$" + std::string(255, 'a'))), HasSubstr("longer"));
}

TEST(ValidateRoomIdOrAliasTest, DispatchesOnSigil) {
  EXPECT_TRUE(ValidateRoomIdOrAlias("!r:example.org").ok());
  EXPECT_TRUE(ValidateRoomIdOrAlias("#a:example.org").ok());
  EXPECT_THAT(Message(ValidateRoomIdOrAlias("@u:example.org")), HasSubstr("'!' or '#'"));
  EXPECT_FALSE(ValidateRoomIdOrAlias("").ok());
}

TEST(ParseUserIdTest, ErrorsNeverEchoControlCharacters) {
  absl::Status status = ParseUserId("@a\r\nInjected: x:example.org").status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(Message(status).find('\n'), std::string::npos);
}

}  // namespace
}  // namespace mxedge::matrix
