#include "irc_session.hpp"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/irc/parser.hpp"
#include "recording_observer.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;

class FakeTransport : public SessionTransport {
 public:
  void SendNow(std::string line) override { sent.push_back(std::move(line)); }
  void Fail(CloseReason reason, std::string detail) override {
    failed = true;
    fail_reason = reason;
    fail_detail = std::move(detail);
  }
  std::vector<std::string> Take() { return std::exchange(sent, {}); }

  std::vector<std::string> sent;
  bool failed = false;
  CloseReason fail_reason = CloseReason::kLocal;
  std::string fail_detail;
};

class IrcSessionTest : public ::testing::Test {
 protected:
  void Make(SessionSettings settings) {
    session_ = std::make_unique<IrcSession>(std::move(settings), transport_, observer_);
    session_->Start();
  }
  void Feed(std::string_view line) {
    auto message = irc::ParseMessage(line);
    ASSERT_TRUE(message.ok()) << message.status();
    session_->HandleLine(*message);
  }
  static SessionSettings Basic() {
    return {.nick = "alice", .username = "alice", .realname = "Alice Example"};
  }

  FakeTransport transport_;
  RecordingObserver observer_;
  std::unique_ptr<IrcSession> session_;
};

TEST_F(IrcSessionTest, StartSendsCapLsPassNickUser) {
  SessionSettings settings = Basic();
  settings.server_password = "hunter2";
  Make(settings);
  EXPECT_THAT(transport_.Take(), ElementsAre("CAP LS 302", "PASS hunter2", "NICK alice",
                                             "USER alice 0 * :Alice Example"));
}

TEST_F(IrcSessionTest, RequestsOnlyOfferedWantedCapsAcrossMultilineLs) {
  Make(Basic());
  transport_.Take();
  Feed(":irc CAP * LS * :multi-prefix sasl=PLAIN,EXTERNAL account-notify");
  EXPECT_TRUE(transport_.Take().empty());
  Feed(":irc CAP * LS :echo-message server-time=x chghost");
  // sasl is left out without credentials; the order is that of the wanted list.
  EXPECT_THAT(transport_.Take(),
              ElementsAre("CAP REQ :server-time echo-message multi-prefix chghost"));
  Feed(":irc CAP * ACK :server-time echo-message multi-prefix chghost");
  EXPECT_THAT(transport_.Take(), ElementsAre("CAP END"));
  EXPECT_TRUE(session_->HasCap("echo-message"));
  EXPECT_FALSE(session_->HasCap("sasl"));
  Feed(":irc 001 alice :Welcome");
  EXPECT_TRUE(session_->registered());
  EXPECT_THAT(observer_.events(), ElementsAre("registered alice"));
}

TEST_F(IrcSessionTest, NoCommonCapsEndsNegotiationAtOnce) {
  Make(Basic());
  transport_.Take();
  Feed(":irc CAP * LS :account-notify");
  EXPECT_THAT(transport_.Take(), ElementsAre("CAP END"));
}

TEST_F(IrcSessionTest, ServerWithoutCapRegistersOnWelcome) {
  Make(Basic());
  Feed(":irc 421 alice CAP :Unknown command");
  Feed(":irc 001 alice :Welcome");
  EXPECT_TRUE(session_->registered());
}

TEST_F(IrcSessionTest, SaslPlainExchangeSucceeds) {
  SessionSettings settings = Basic();
  settings.sasl = SaslCredentials{"alice", "s3cret"};
  Make(settings);
  transport_.Take();
  Feed(":irc CAP * LS :sasl message-tags");
  EXPECT_THAT(transport_.Take(), ElementsAre("CAP REQ :message-tags sasl"));
  Feed(":irc CAP * ACK :message-tags sasl");
  EXPECT_THAT(transport_.Take(), ElementsAre("AUTHENTICATE PLAIN"));
  Feed("AUTHENTICATE +");
  const std::string expected =
      "AUTHENTICATE " + absl::Base64Escape(std::string("alice\0alice\0s3cret", 18));
  EXPECT_THAT(transport_.Take(), ElementsAre(expected));
  Feed(":irc 900 alice alice!a@h alice :You are now logged in as alice");
  Feed(":irc 903 alice :SASL authentication successful");
  EXPECT_THAT(transport_.Take(), ElementsAre("CAP END"));
  Feed(":irc 001 alice :Welcome");
  EXPECT_THAT(observer_.events(),
              ElementsAre("sasl ok SASL authentication successful", "registered alice"));
}

TEST_F(IrcSessionTest, SaslExternalAnswersWithAnEmptyResponse) {
  SessionSettings settings = Basic();
  settings.sasl = SaslCredentials{.mechanism = SaslMechanism::kExternal};
  Make(settings);
  transport_.Take();
  Feed(":irc CAP * LS :sasl=PLAIN,EXTERNAL");
  EXPECT_THAT(transport_.Take(), ElementsAre("CAP REQ sasl"));
  Feed(":irc CAP * ACK :sasl");
  EXPECT_THAT(transport_.Take(), ElementsAre("AUTHENTICATE EXTERNAL"));
  Feed("AUTHENTICATE +");
  EXPECT_THAT(transport_.Take(), ElementsAre("AUTHENTICATE +"));
  Feed(":irc 900 alice alice!a@h alice :You are now logged in as alice");
  Feed(":irc 903 alice :SASL authentication successful");
  EXPECT_THAT(transport_.Take(), ElementsAre("CAP END"));
  EXPECT_FALSE(transport_.failed);
}

TEST_F(IrcSessionTest, SaslExternalNotListedFailsWhenRequired) {
  SessionSettings settings = Basic();
  settings.sasl = SaslCredentials{.mechanism = SaslMechanism::kExternal};
  Make(settings);
  transport_.Take();
  Feed(":irc CAP * LS :sasl=PLAIN");
  Feed(":irc CAP * ACK :sasl");
  EXPECT_TRUE(transport_.failed);
  EXPECT_EQ(transport_.fail_reason, CloseReason::kSaslFailed);
  EXPECT_EQ(transport_.fail_detail, "the server does not offer SASL EXTERNAL (it offers PLAIN)");
}

TEST_F(IrcSessionTest, SaslExternalNotListedContinuesUnauthenticatedWhenNotRequired) {
  SessionSettings settings = Basic();
  settings.sasl = SaslCredentials{.mechanism = SaslMechanism::kExternal};
  settings.sasl_required = false;
  Make(settings);
  transport_.Take();
  Feed(":irc CAP * LS :sasl=PLAIN");
  Feed(":irc CAP * ACK :sasl");
  EXPECT_THAT(transport_.Take(), ElementsAre("CAP REQ sasl", "CAP END"));
  EXPECT_FALSE(transport_.failed);
}

TEST(SaslMechanismOfferedTest, EmptyListAllowsAnyAndListsCompareWithoutCase) {
  EXPECT_TRUE(SaslMechanismOffered("", "EXTERNAL"));
  EXPECT_TRUE(SaslMechanismOffered("PLAIN,EXTERNAL", "EXTERNAL"));
  EXPECT_TRUE(SaslMechanismOffered("plain,external", "EXTERNAL"));
  EXPECT_TRUE(SaslMechanismOffered("PLAIN", "PLAIN"));
  EXPECT_FALSE(SaslMechanismOffered("PLAIN", "EXTERNAL"));
  EXPECT_FALSE(SaslMechanismOffered("PLAIN,EXTERNALX", "EXTERNAL"));
  EXPECT_FALSE(SaslMechanismOffered(",", "EXTERNAL"));
}

TEST_F(IrcSessionTest, LongSaslPayloadIsChunkedAndAFullLastChunkIsFollowedByPlus) {
  SessionSettings settings = Basic();
  // 3 + 1 + 3 + 1 + 592 = 600 bytes → exactly 800 base64 characters: two full chunks.
  settings.sasl = SaslCredentials{"bob", std::string(592, 'p')};
  Make(settings);
  Feed(":irc CAP * LS :sasl");
  Feed(":irc CAP * ACK :sasl");
  transport_.Take();
  Feed("AUTHENTICATE +");
  auto sent = transport_.Take();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].size(), std::string("AUTHENTICATE ").size() + 400);
  EXPECT_EQ(sent[1].size(), std::string("AUTHENTICATE ").size() + 400);
  EXPECT_EQ(sent[2], "AUTHENTICATE +");
}

TEST_F(IrcSessionTest, RefusedSaslFailsTheConnectionWhenRequired) {
  SessionSettings settings = Basic();
  settings.sasl = SaslCredentials{"alice", "wrong"};
  Make(settings);
  Feed(":irc CAP * LS :sasl");
  Feed(":irc CAP * ACK :sasl");
  Feed("AUTHENTICATE +");
  Feed(":irc 904 alice :SASL authentication failed");
  EXPECT_TRUE(transport_.failed);
  EXPECT_EQ(transport_.fail_reason, CloseReason::kSaslFailed);
  EXPECT_THAT(observer_.events(), ElementsAre("sasl failed SASL authentication failed"));
  EXPECT_EQ(transport_.fail_detail.find("wrong"), std::string::npos);
}

TEST_F(IrcSessionTest, RefusedSaslContinuesWhenNotRequired) {
  SessionSettings settings = Basic();
  settings.sasl = SaslCredentials{"alice", "wrong"};
  settings.sasl_required = false;
  Make(settings);
  Feed(":irc CAP * LS :sasl");
  Feed(":irc CAP * ACK :sasl");
  Feed("AUTHENTICATE +");
  transport_.Take();
  Feed(":irc 904 alice :SASL authentication failed");
  EXPECT_FALSE(transport_.failed);
  EXPECT_THAT(transport_.Take(), ElementsAre("CAP END"));
}

TEST_F(IrcSessionTest, RequiredSaslWithoutServerSupportFails) {
  SessionSettings settings = Basic();
  settings.sasl = SaslCredentials{"alice", "pw"};
  Make(settings);
  Feed(":irc CAP * LS :multi-prefix");
  EXPECT_TRUE(transport_.failed);
  EXPECT_EQ(transport_.fail_reason, CloseReason::kSaslFailed);
}

TEST_F(IrcSessionTest, NickInUseTriesUnderscoreThenDigitsAndReportsTheNickObtained) {
  Make(Basic());
  transport_.Take();
  Feed(":irc 433 * alice :Nickname is already in use");
  EXPECT_THAT(transport_.Take(), ElementsAre("NICK alice_"));
  Feed(":irc 433 * alice_ :Nickname is already in use");
  EXPECT_THAT(transport_.Take(), ElementsAre("NICK alice1"));
  Feed(":irc 436 * alice1 :Nickname collision");
  EXPECT_THAT(transport_.Take(), ElementsAre("NICK alice2"));
  Feed(":irc 001 alice2 :Welcome");
  EXPECT_EQ(session_->nick(), "alice2");
  EXPECT_THAT(observer_.events(), ElementsAre("registered alice2"));
}

TEST_F(IrcSessionTest, NickCandidatesStayWithinNickLen) {
  EXPECT_EQ(NextNickCandidate("abcdefghi", 1, 9), "abcdefgh_");
  EXPECT_EQ(NextNickCandidate("abcdefghi", 2, 9), "abcdefgh1");
  EXPECT_EQ(NextNickCandidate("abcdefghi", 11, 9), "abcdefg10");
  EXPECT_EQ(NextNickCandidate("ab", 1, 9), "ab_");
}

TEST_F(IrcSessionTest, ErroneousNickIsSanitizedOnceThenGivesUp) {
  SessionSettings settings = Basic();
  settings.nick = "Zoë";
  Make(settings);
  transport_.Take();
  Feed(":irc 432 * Zoë :Erroneous nickname");
  EXPECT_THAT(transport_.Take(), ElementsAre("NICK Zoe"));
  Feed(":irc 432 * Zoe :Erroneous nickname");
  EXPECT_TRUE(transport_.failed);
  EXPECT_EQ(transport_.fail_reason, CloseReason::kNickUnavailable);
}

TEST_F(IrcSessionTest, GivesUpAfterMaxNickAttempts) {
  SessionSettings settings = Basic();
  settings.max_nick_attempts = 2;
  Make(settings);
  Feed(":irc 433 * alice :in use");
  Feed(":irc 433 * alice_ :in use");
  EXPECT_FALSE(transport_.failed);
  Feed(":irc 433 * alice1 :in use");
  EXPECT_TRUE(transport_.failed);
  EXPECT_EQ(transport_.fail_reason, CloseReason::kNickUnavailable);
}

TEST_F(IrcSessionTest, PingIsAnsweredAtOnceAndNotReported) {
  Make(Basic());
  transport_.Take();
  Feed("PING :irc.example 123");
  EXPECT_THAT(transport_.Take(), ElementsAre("PONG :irc.example 123"));
  EXPECT_TRUE(observer_.lines().empty());
}

TEST_F(IrcSessionTest, BanAndErrorLinesAreClassified) {
  Make(Basic());
  Feed(":irc 465 alice :You are banned from this server");
  EXPECT_EQ(transport_.fail_reason, CloseReason::kBanned);

  FakeTransport other;
  IrcSession session(Basic(), other, observer_);
  session.Start();
  session.HandleLine(*irc::ParseMessage("ERROR :Closing Link: x (Too many host connections)"));
  EXPECT_EQ(other.fail_reason, CloseReason::kTooManyConnections);

  FakeTransport throttled;
  IrcSession session2(Basic(), throttled, observer_);
  session2.Start();
  session2.HandleLine(
      *irc::ParseMessage("ERROR :Your host is trying to (re)connect too fast -- throttled"));
  EXPECT_EQ(throttled.fail_reason, CloseReason::kThrottled);

  FakeTransport third;
  IrcSession session3(Basic(), third, observer_);
  session3.Start();
  session3.HandleLine(*irc::ParseMessage("ERROR :Closing Link: x (Ping timeout)"));
  EXPECT_EQ(third.fail_reason, CloseReason::kServerError);
}

TEST_F(IrcSessionTest, EchoesOfOwnLinesAreSeparatedWhenEchoMessageIsOn) {
  Make(Basic());
  Feed(":irc CAP * LS :echo-message");
  Feed(":irc CAP * ACK :echo-message");
  Feed(":irc 001 alice :Welcome");
  Feed(":ALICE!a@h PRIVMSG #room :hello");
  Feed(":bob!b@h PRIVMSG #room :hi alice");
  ASSERT_EQ(observer_.echoes().size(), 1u);
  EXPECT_EQ(observer_.echoes()[0].Param(1), "hello");
  ASSERT_FALSE(observer_.lines().empty());
  EXPECT_EQ(observer_.lines().back().Param(1), "hi alice");
}

TEST_F(IrcSessionTest, TracksIsupportAndOwnNickChanges) {
  Make(Basic());
  Feed(":irc 001 alice :Welcome");
  Feed(":irc 005 alice NICKLEN=30 CASEMAPPING=ascii :are supported by this server");
  EXPECT_EQ(session_->isupport().nick_len(), 30);
  Feed(":alice!a@h NICK :alice_away");
  EXPECT_EQ(session_->nick(), "alice_away");
  EXPECT_THAT(observer_.events(), ElementsAre("registered alice", "nick alice alice_away"));
}

TEST_F(IrcSessionTest, CapDelRemovesAnEnabledCap) {
  Make(Basic());
  Feed(":irc CAP * LS :away-notify");
  Feed(":irc CAP * ACK :away-notify");
  EXPECT_TRUE(session_->HasCap("away-notify"));
  Feed(":irc CAP alice DEL :away-notify");
  EXPECT_FALSE(session_->HasCap("away-notify"));
}

}  // namespace
}  // namespace mxedge::irc_worker
