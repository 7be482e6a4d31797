#include "mxedge/bridge/admin_command.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

absl::StatusOr<AdminCommand> Parse(std::string_view body, bool admin = false) {
  static const irc::ISupport isupport;
  return ParseAdminCommand(body, isupport, admin);
}

std::string Error(std::string_view body, bool admin = false) {
  absl::StatusOr<AdminCommand> command = Parse(body, admin);
  EXPECT_FALSE(command.ok()) << body;
  return std::string(command.status().message());
}

TEST(ParseAdminCommandTest, JoinWithAndWithoutKey) {
  absl::StatusOr<AdminCommand> command = Parse("!join #python");
  ASSERT_TRUE(command.ok()) << command.status();
  EXPECT_EQ(command->kind, AdminCommandKind::kJoin);
  EXPECT_EQ(command->channel, "#python");
  EXPECT_EQ(command->key, "");
  command = Parse("  !JOIN   #secret   hunter2 ");
  ASSERT_TRUE(command.ok());
  EXPECT_EQ(command->channel, "#secret");
  EXPECT_EQ(command->key, "hunter2");
}

TEST(ParseAdminCommandTest, OnlyTheFirstLineCounts) {
  absl::StatusOr<AdminCommand> command = Parse("!part\n#other extra words");
  ASSERT_TRUE(command.ok());
  EXPECT_EQ(command->kind, AdminCommandKind::kPart);
  EXPECT_EQ(command->channel, "");
}

TEST(ParseAdminCommandTest, ChatIsNotACommand) {
  EXPECT_EQ(Parse("hello !join").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Parse("").status().code(), absl::StatusCode::kNotFound);
}

TEST(ParseAdminCommandTest, UnknownCommandSuggestsTheClosest) {
  EXPECT_EQ(Error("!jion #a"), "unknown command !jion; did you mean !join?");
  EXPECT_EQ(Error("!storpass x"), "unknown command !storpass; did you mean !storepass?");
  EXPECT_EQ(Error("!frobnicate"), "unknown command !frobnicate; try !help");
  EXPECT_EQ(Error("!"), "empty command after '!'; try !help");
}

TEST(ParseAdminCommandTest, MissingAndExtraArguments) {
  EXPECT_EQ(Error("!join"), "!join is missing an argument; usage: !join #channel [key]");
  EXPECT_EQ(Error("!nick a b"), "!nick takes at most 1 argument, got 2; usage: !nick Nick");
  EXPECT_EQ(Error("!quit now"), "!quit takes at most 0 arguments, got 1; usage: !quit");
  EXPECT_EQ(Parse("!join #a k x").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseAdminCommandTest, ChannelAndNickFollowISupport) {
  EXPECT_NE(Error("!join python").find("must start with one of \"#&\""), std::string::npos);
  EXPECT_NE(Error("!nick 9lives").find("at most 9 bytes"), std::string::npos);
  EXPECT_NE(Error("!nick waytoolongnick").find("not a valid nick"), std::string::npos);
  irc::ISupport isupport;
  ASSERT_TRUE(isupport.ApplyToken("NICKLEN=30").ok());
  ASSERT_TRUE(isupport.ApplyToken("CHANTYPES=#").ok());
  EXPECT_TRUE(ParseAdminCommand("!nick waytoolongnick", isupport, false).ok());
  EXPECT_FALSE(ParseAdminCommand("!join &local", isupport, false).ok());
  EXPECT_FALSE(Parse("!join #a k,y").ok());
}

TEST(ParseAdminCommandTest, WhoisNickOrUserId) {
  absl::StatusOr<AdminCommand> command = Parse("!whois alice");
  ASSERT_TRUE(command.ok());
  EXPECT_EQ(command->nick, "alice");
  command = Parse("!whois @alice:hs.test");
  ASSERT_TRUE(command.ok());
  EXPECT_EQ(command->user_id, "@alice:hs.test");
  EXPECT_NE(Error("!whois @alice").find("not a Matrix user id"), std::string::npos);
}

TEST(ParseAdminCommandTest, UsernameRules) {
  EXPECT_EQ(Parse("!username alice_1")->username, "alice_1");
  EXPECT_FALSE(Parse("!username Alice").ok());
  EXPECT_FALSE(Parse("!username elevenchars").ok());
}

TEST(ParseAdminCommandTest, StorePassForms) {
  absl::StatusOr<AdminCommand> command = Parse("!storepass correct horse battery");
  ASSERT_TRUE(command.ok());
  EXPECT_EQ(command->username, "");
  EXPECT_EQ(command->password, "correct horse battery");
  command = Parse("!storepass alice:s3cr:et");
  ASSERT_TRUE(command.ok());
  EXPECT_EQ(command->username, "alice");
  EXPECT_EQ(command->password, "s3cr:et");
  command = Parse("!storepass Not A User:pw");
  ASSERT_TRUE(command.ok());
  EXPECT_EQ(command->username, "");
  EXPECT_EQ(command->password, "Not A User:pw");
  EXPECT_NE(Error("!storepass alice:").find("needs a password"), std::string::npos);
  EXPECT_FALSE(Parse("!storepass").ok());
}

TEST(ParseAdminCommandTest, CmdIsForAdminsAndChecked) {
  EXPECT_EQ(Parse("!cmd MODE #a +o b").status().code(), absl::StatusCode::kPermissionDenied);
  absl::StatusOr<AdminCommand> command = Parse("!cmd MODE #a +o b", true);
  ASSERT_TRUE(command.ok());
  EXPECT_EQ(command->raw, "MODE #a +o b");
  EXPECT_NE(Error("!cmd mode #a", true).find("upper-case"), std::string::npos);
  EXPECT_NE(Error("!cmd PASS x", true).find("reserved"), std::string::npos);
  EXPECT_FALSE(Parse("!cmd", true).ok());
}

TEST(ParseAdminCommandTest, NoArgumentCommands) {
  EXPECT_EQ(Parse("!removepass")->kind, AdminCommandKind::kRemovePass);
  EXPECT_EQ(Parse("!reconnect")->kind, AdminCommandKind::kReconnect);
  EXPECT_EQ(Parse("!quit")->kind, AdminCommandKind::kQuit);
  EXPECT_EQ(Parse("!listrooms")->kind, AdminCommandKind::kListRooms);
  EXPECT_EQ(Parse("!unlink")->kind, AdminCommandKind::kUnlink);
  EXPECT_EQ(Parse("!plumb #chan")->channel, "#chan");
}

TEST(AdminHelpTest, FiltersAdminCommands) {
  const std::string user = AdminHelpText(false);
  const std::string admin = AdminHelpText(true);
  EXPECT_NE(user.find("!join #channel [key]"), std::string::npos);
  EXPECT_EQ(user.find("!cmd"), std::string::npos);
  EXPECT_NE(admin.find("!cmd COMMAND"), std::string::npos);
  EXPECT_EQ(Parse("!help !JOIN")->help_topic, "join");
  EXPECT_TRUE(AdminCommandHelp("join", false).ok());
  EXPECT_EQ(AdminCommandHelp("cmd", false).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(AdminCommandHelp("cmd", true).ok());
}

}  // namespace
}  // namespace mxedge::bridge
