#include "channel_mapping.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;

TEST(ParseChannelRoomTest, SplitsChannelAndRoom) {
  absl::StatusOr<ChannelRoom> parsed = ParseChannelRoom("#matrix=!abc:example.org");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->channel, "#matrix");
  EXPECT_EQ(parsed->room_id, "!abc:example.org");
}

TEST(ParseChannelRoomTest, RejectsMalformedEntriesSayingWhy) {
  struct Case {
    std::string entry;
    std::string why;
  };
  for (const Case& c : std::vector<Case>{
           {"#matrix", "<#channel>=<!room_id>"},
           {"matrix=!abc:example.org", "not a channel name"},
           {"#a b=!abc:example.org", "not a channel name"},
           {"=!abc:example.org", "not a channel name"},
           {"#matrix=abc:example.org", "must start with '!'"},
           {"#matrix=!abc", "!<opaque>:<server>"},
           {"#matrix=!abc:", "!<opaque>:<server>"},
           {"#matrix=!:example.org", "!<opaque>:<server>"},
           {"#matrix=!a c:example.org", "non-printable"},
           {"#matrix=!" + std::string(300, 'a') + ":x", "longer than"},
       }) {
    absl::StatusOr<ChannelRoom> parsed = ParseChannelRoom(c.entry);
    ASSERT_FALSE(parsed.ok()) << c.entry;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.why)) << c.entry;
  }
}

TEST(ChannelMappingTest, LooksUpBothWaysFoldingChannelCase) {
  absl::StatusOr<ChannelMapping> mapping =
      ChannelMapping::Parse({"#Matrix[x]=!a:example.org", "&local=!b:example.org"});
  ASSERT_TRUE(mapping.ok()) << mapping.status();
  EXPECT_EQ(mapping->ChannelOf("!a:example.org"), "#Matrix[x]");
  EXPECT_EQ(mapping->RoomOf("#matrix{x}"), "!a:example.org");
  EXPECT_EQ(mapping->RoomOf("&LOCAL"), "!b:example.org");
  EXPECT_EQ(mapping->RoomOf("#other"), std::nullopt);
  EXPECT_EQ(mapping->ChannelOf("!c:example.org"), std::nullopt);
  ASSERT_EQ(mapping->entries().size(), 2u);
  EXPECT_EQ(mapping->entries()[1].channel, "&local");
}

TEST(ChannelMappingTest, RejectsChannelsOrRoomsMappedTwice) {
  absl::StatusOr<ChannelMapping> rooms =
      ChannelMapping::Parse({"#a=!a:example.org", "#b=!a:example.org"});
  ASSERT_FALSE(rooms.ok());
  EXPECT_THAT(rooms.status().message(), HasSubstr("channels[1]: room mapped to two channels"));
  absl::StatusOr<ChannelMapping> channels =
      ChannelMapping::Parse({"#a=!a:example.org", "#A=!b:example.org"});
  ASSERT_FALSE(channels.ok());
  EXPECT_THAT(channels.status().message(), HasSubstr("channel mapped to two rooms"));
}

TEST(ChannelMappingTest, NamesTheIndexOfABadEntry) {
  absl::StatusOr<ChannelMapping> mapping = ChannelMapping::Parse({"#a=!a:x", "oops"});
  ASSERT_FALSE(mapping.ok());
  EXPECT_THAT(mapping.status().message(), HasSubstr("channels[1]"));
}

}  // namespace
}  // namespace mxedge::irc_worker
