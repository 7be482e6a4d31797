#include "room_command.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

using bridge::AdminCommandKind;

TEST(ParseRoomCommandTest, ParsesPlumbAndUnlink) {
  const irc::ISupport isupport;
  absl::StatusOr<std::optional<bridge::AdminCommand>> plumb =
      ParseRoomCommand("!plumb #Chan", isupport);
  ASSERT_TRUE(plumb.ok()) << plumb.status();
  ASSERT_TRUE(plumb->has_value());
  EXPECT_EQ((*plumb)->kind, AdminCommandKind::kPlumb);
  EXPECT_EQ((*plumb)->channel, "#Chan");
  absl::StatusOr<std::optional<bridge::AdminCommand>> unlink =
      ParseRoomCommand("  !UNLINK\nsecond line", isupport);
  ASSERT_TRUE(unlink.ok()) << unlink.status();
  ASSERT_TRUE(unlink->has_value());
  EXPECT_EQ((*unlink)->kind, AdminCommandKind::kUnlink);
}

TEST(ParseRoomCommandTest, OtherMessagesAreChat) {
  const irc::ISupport isupport;
  for (const char* chat : {"hello", "", "   ", "!join #x", "!help", "!plumbing is fun",
                           "say !plumb #x", "!cmd PRIVMSG x :y"}) {
    absl::StatusOr<std::optional<bridge::AdminCommand>> parsed = ParseRoomCommand(chat, isupport);
    ASSERT_TRUE(parsed.ok()) << chat << ": " << parsed.status();
    EXPECT_FALSE(parsed->has_value()) << chat;
  }
}

TEST(ParseRoomCommandTest, RejectsBadArgumentsWithTheUsage) {
  const irc::ISupport isupport;
  absl::StatusOr<std::optional<bridge::AdminCommand>> missing =
      ParseRoomCommand("!plumb", isupport);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("!plumb #channel"), absl::string_view::npos)
      << missing.status();
  EXPECT_EQ(ParseRoomCommand("!plumb nochannel", isupport).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseRoomCommand("!plumb #a #b", isupport).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseRoomCommand("!unlink now", isupport).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mxedge::irc_worker
