#include "command.hpp"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace mxedge::micropub {
namespace {

Command Parsed(std::string_view body) {
  absl::StatusOr<std::optional<Command>> command = ParseCommand(body);
  EXPECT_TRUE(command.ok()) << body << ": " << command.status();
  EXPECT_TRUE(command.ok() && command->has_value()) << body;
  return command.ok() && command->has_value() ? **command : Command{};
}

// The error message for `body`, which must be an InvalidArgument.
std::string Error(std::string_view body) {
  absl::StatusOr<std::optional<Command>> command = ParseCommand(body);
  EXPECT_EQ(command.status().code(), absl::StatusCode::kInvalidArgument) << body;
  return std::string(command.status().message());
}

TEST(ParseCommandTest, MessagesWithoutBangAreNotCommands) {
  for (std::string_view body :
       {"", "hello world", "  just text", "a ! b", "#tag !draft", "!", "!!!", "! wow", "!1"}) {
    absl::StatusOr<std::optional<Command>> command = ParseCommand(body);
    ASSERT_TRUE(command.ok()) << body;
    EXPECT_FALSE(command->has_value()) << body;
  }
}

TEST(ParseCommandTest, IndieAuthTakesTheSiteAsTyped) {
  EXPECT_EQ(Parsed("!indieauth my.site").url, "my.site");
  EXPECT_EQ(Parsed("  !IndieAuth   https://my.site/  ").kind, CommandKind::kIndieAuth);
  EXPECT_TRUE(absl::StrContains(Error("!indieauth"), "usage: !indieauth URL"));
  EXPECT_TRUE(absl::StrContains(Error("!indieauth a.site b.site"), "no more"));
}

TEST(ParseCommandTest, CommandsWithoutArguments) {
  EXPECT_EQ(Parsed("!sites").kind, CommandKind::kSites);
  EXPECT_EQ(Parsed("!confirm").kind, CommandKind::kConfirm);
  EXPECT_EQ(Parsed("!config").kind, CommandKind::kConfig);
  EXPECT_EQ(Parsed("!undo").kind, CommandKind::kUndo);
  EXPECT_EQ(Parsed("!retry").kind, CommandKind::kRetry);
  EXPECT_EQ(Parsed("!HELP").kind, CommandKind::kHelp);
  EXPECT_TRUE(absl::StrContains(Error("!undo everything"), "usage: !undo"));
}

TEST(ParseCommandTest, LogoutAndUse) {
  EXPECT_EQ(Parsed("!logout"), Command{.kind = CommandKind::kLogout});
  EXPECT_EQ(Parsed("!logout https://a.example/").argument, "https://a.example/");
  EXPECT_EQ(Parsed("!use a.example").argument, "a.example");
  EXPECT_TRUE(absl::StrContains(Error("!use"), "!use needs a site"));
}

TEST(ParseCommandTest, SettingsTakeAnOptionalScope) {
  EXPECT_EQ(Parsed("!draft").scope, SettingScope::kNextPost);
  EXPECT_EQ(Parsed("!draft always").scope, SettingScope::kAlways);
  EXPECT_EQ(Parsed("!draft OFF").scope, SettingScope::kOff);
  const Command unlisted = Parsed("!unlisted always");
  EXPECT_EQ(unlisted.kind, CommandKind::kVisibility);
  EXPECT_EQ(unlisted.argument, "unlisted");
  EXPECT_EQ(unlisted.scope, SettingScope::kAlways);
  EXPECT_EQ(Parsed("!private").argument, "private");
  EXPECT_EQ(Parsed("!public").argument, "public");
  EXPECT_TRUE(absl::StrContains(Error("!public off"), "unexpected \"off\""));
  EXPECT_TRUE(absl::StrContains(Error("!draft sometimes"), "unexpected \"sometimes\""));
  EXPECT_TRUE(absl::StrContains(Error("!draft always now"), "no more"));
}

TEST(ParseCommandTest, SyndicateAndChannel) {
  const Command syndicate = Parsed("!syndicate https://social.example/@me always");
  EXPECT_EQ(syndicate.argument, "https://social.example/@me");
  EXPECT_EQ(syndicate.scope, SettingScope::kAlways);
  EXPECT_EQ(Parsed("!syndicate off").scope, SettingScope::kOff);
  EXPECT_EQ(Parsed("!channel notes").argument, "notes");
  EXPECT_EQ(Parsed("!channel notes").scope, SettingScope::kNextPost);
  EXPECT_TRUE(absl::StrContains(Error("!channel"), "needs a value"));
  EXPECT_TRUE(absl::StrContains(Error("!channel off always"), "no more"));
}

TEST(ParseCommandTest, SlugsAreChecked) {
  EXPECT_EQ(Parsed("!slug my-first_post.1").argument, "my-first_post.1");
  EXPECT_TRUE(absl::StrContains(Error("!slug"), "needs a slug"));
  EXPECT_TRUE(absl::StrContains(Error("!slug a/b"), "only letters"));
  EXPECT_TRUE(absl::StrContains(Error("!slug " + std::string(101, 'a')), "at most 100"));
}

TEST(ParseCommandTest, PostsAboutOtherPages) {
  const Command reply = Parsed("!reply https://other.example/post/1  Great post!\nThanks");
  EXPECT_EQ(reply.kind, CommandKind::kReply);
  EXPECT_EQ(reply.url, "https://other.example/post/1");
  EXPECT_EQ(reply.text, "Great post!\nThanks");
  EXPECT_EQ(Parsed("!like http://other.example/").url, "http://other.example/");
  EXPECT_EQ(Parsed("!repost https://other.example/x").kind, CommandKind::kRepost);
  const Command bookmark = Parsed("!bookmark https://other.example/x worth reading");
  EXPECT_EQ(bookmark.text, "worth reading");
  EXPECT_TRUE(Parsed("!bookmark https://other.example/x").text.empty());
}

TEST(ParseCommandTest, PostsAboutOtherPagesNeedAnAbsoluteWebUrl) {
  EXPECT_TRUE(absl::StrContains(Error("!reply https://other.example/"), "needs the text"));
  EXPECT_TRUE(absl::StrContains(Error("!like"), "needs a URL"));
  EXPECT_TRUE(absl::StrContains(Error("!like other.example/x"), "not an absolute http(s) URL"));
  EXPECT_TRUE(absl::StrContains(Error("!repost ftp://other.example/x"), "not an absolute"));
  EXPECT_TRUE(absl::StrContains(Error("!like https://a.example/ extra"), "no more"));
}

TEST(ParseCommandTest, UnknownAndEmptyCommands) {
  EXPECT_EQ(Error("!frobnicate now"), "unknown command !frobnicate; !help lists them");
  EXPECT_TRUE(absl::StrContains(Error("!x" + std::string(500, 'y')), "unknown command !xyyy"));
}

TEST(HelpTextTest, ListsEveryCommand) {
  const std::string help = HelpText();
  for (std::string_view name :
       {"!indieauth", "!confirm",  "!logout",   "!sites", "!use",       "!config",  "!draft",
        "!public",    "!unlisted", "!private",  "!slug",  "!syndicate", "!channel", "!reply",
        "!like",      "!repost",   "!bookmark", "!undo",  "!retry",     "!help"}) {
    EXPECT_NE(help.find(name), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace mxedge::micropub
