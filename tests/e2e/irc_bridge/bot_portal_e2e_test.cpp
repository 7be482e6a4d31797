// The bridge bot's connection in portal and plumbed channels: a portal created from its alias
// makes the bot JOIN the channel at once (no Matrix user is in the room), so what is said there
// reaches the room; a plumbed channel is joined by the bot too, and `!unlink` makes it PART. Both
// channels are in the bot's irc:user-channels while bridged.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "mxedge/redis/commands.hpp"
#include "scenario_test.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

constexpr char kBotNick[] = "irc_libera";
constexpr char kBotChannels[] = "mxedge:irc:user-channels:libera:@irc_libera:localhost";

class BotPortalE2eTest : public ScenarioTest {
 protected:
  // Whether a NAMES reply for `channel` lists `nick` (with `present` false: does not) before the
  // deadline. A channel nobody is in answers with its end (366) alone.
  bool Listed(const std::string& channel, std::string_view nick, bool present = true) {
    bool seen = false;
    return !AwaitLine(
                [&](std::string_view line) {
                  const size_t trailing = line.find(" :", 1);
                  if (!Has(line, absl::StrCat(" ", channel, " ")) ||
                      trailing == std::string_view::npos) {
                    return false;
                  }
                  if (Has(line, " 366 ")) {
                    const bool answer = seen == present;
                    seen = false;
                    return answer;
                  }
                  if (!Has(line, " 353 ")) {
                    return false;
                  }
                  std::string_view names = line.substr(trailing + 2);
                  while (!names.empty()) {
                    const size_t end = std::min(names.size(), names.find(' '));
                    std::string_view name = names.substr(0, end);
                    name.remove_prefix(std::min(name.size(), name.find_first_not_of("@+")));
                    seen = seen || name == nick;
                    names.remove_prefix(std::min(names.size(), end + 1));
                  }
                  return false;
                },
                absl::StrCat("NAMES ", channel))
                .empty();
  }

  bool BotChannel(std::string_view channel) {
    return redis::SIsMember(stack_->redis(), kBotChannels, std::string(channel)).value_or(false);
  }
};

TEST_F(BotPortalE2eTest, TheBotJoinsANewPortalsChannelAndRelaysIt) {
  ASSERT_NO_FATAL_FAILURE(StartStack());
  absl::StatusOr<http::Response> alias =
      stack_->homeserver().QueryAlias("#irc_libera_#botportal:localhost");
  ASSERT_TRUE(alias.ok()) << alias.status();
  ASSERT_EQ(alias->status, 200) << alias->body;
  EXPECT_TRUE(BotChannel("#botportal"));
  ASSERT_TRUE(Listed("#botportal", kBotNick)) << Sent();

  ASSERT_TRUE(watcher_->Send("JOIN #botportal").ok());
  ASSERT_TRUE(watcher_->ReadUntilCommand("366", std::chrono::seconds(10)).ok());
  ASSERT_TRUE(watcher_->Send("PRIVMSG #botportal :nobody from matrix here").ok());
  EXPECT_TRUE(AwaitGhostSend([](const GhostSend& send) {
                return send.user_id == "@irc_libera_watcher:localhost" &&
                       send.content.value("body", "") == "nobody from matrix here";
              }).has_value())
      << Sent();
}

TEST_F(BotPortalE2eTest, TheBotJoinsAPlumbedChannelAndPartsItOnUnlink) {
  ASSERT_NO_FATAL_FAILURE(StartStack());
  const std::string room = stack_->homeserver().CreateRoom(kAlice);
  stack_->homeserver().SetState(room, "m.room.power_levels", "",
                                {{"users", {{kAlice, 100}}}, {"state_default", 50}});
  stack_->Push({{"sender", kAlice},
                {"room_id", room},
                {"type", "m.room.member"},
                {"state_key", kBot},
                {"content", {{"membership", "invite"}}}});
  ASSERT_TRUE(AwaitNotice("!plumb #channel")) << Sent();
  SayIn(room, kAlice, "!plumb #botplumbed");
  ASSERT_TRUE(AwaitNotice("now bridged to #botplumbed on libera")) << Sent();
  EXPECT_TRUE(BotChannel("#botplumbed"));
  ASSERT_TRUE(Listed("#botplumbed", kBotNick)) << Sent();

  SayIn(room, kAlice, "!unlink");
  ASSERT_TRUE(AwaitNotice("no longer bridged to #botplumbed")) << Sent();
  EXPECT_TRUE(Listed("#botplumbed", kBotNick, /*present=*/false)) << Sent();
  EXPECT_FALSE(BotChannel("#botplumbed"));
}

}  // namespace
}  // namespace mxedge::irc_bridge_e2e
