#include "portal_creator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_matrix_rooms.hpp"
#include "fake_puppets.hpp"
#include "in_memory_bridged_rooms.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class PortalCreatorTest : public ::testing::Test {
 protected:
  PortalCreatorTest() : creator_(rooms_, matrix_, Namer(), Networks()) {}

  static bridge::PortalAliasNamer Namer() {
    return *bridge::PortalAliasNamer::Create(bridge::PortalAliasNamer::kDefaultTemplate, "hs");
  }
  static std::map<std::string, PortalNetwork, std::less<>> Networks() {
    PortalNetwork libera;
    libera.info = {.id = "libera", .displayname = "Libera.Chat", .domain = "irc.libera.chat"};
    libera.bot_user_id = "@irc_libera:hs";
    libera.static_channels = *ChannelMapping::Parse({"#static=!configured:hs"});
    std::map<std::string, PortalNetwork, std::less<>> networks;
    networks.emplace("libera", std::move(libera));
    return networks;
  }

  InMemoryBridgedRooms rooms_;
  FakeMatrixRooms matrix_;
  PortalCreator creator_;
};

TEST_F(PortalCreatorTest, CreatesThePortalWithAliasNameAndBridgeInfo) {
  absl::StatusOr<std::optional<std::string>> room = creator_.OnAliasQuery("#irc_libera_#python:hs");
  ASSERT_TRUE(room.ok()) << room.status();
  ASSERT_EQ(*room, std::optional<std::string>("!room1:hs"));
  ASSERT_EQ(matrix_.created.size(), 1u);
  const RoomCreation& creation = matrix_.created[0];
  EXPECT_EQ(creation.as_user, "@irc_libera:hs");
  EXPECT_EQ(creation.alias_localpart, "irc_libera_#python");
  EXPECT_EQ(creation.name, "#python");
  EXPECT_TRUE(creation.public_chat);
  ASSERT_EQ(creation.initial_state.size(), 2u);
  EXPECT_EQ(creation.initial_state[0].type, "m.bridge");
  EXPECT_EQ(creation.initial_state[1].type, "uk.half-shot.bridge");
  EXPECT_EQ(creation.initial_state[0].state_key, "mxedge://irc/libera/%23python");
  nlohmann::json info = nlohmann::json::parse(creation.initial_state[0].content_json);
  EXPECT_EQ(info["bridgebot"], "@irc_libera:hs");
  EXPECT_EQ(info["channel"]["id"], "#python");
  EXPECT_EQ(info["network"]["id"], "libera");
  EXPECT_EQ(creation.initial_state[1].content_json, creation.initial_state[0].content_json);
  // Recorded, so the router sends the room's events to libera.
  std::optional<BridgedRoom> recorded = rooms_.Find("!room1:hs").value();
  ASSERT_TRUE(recorded.has_value());
  EXPECT_EQ(recorded->network, "libera");
  EXPECT_EQ(recorded->channel, "#python");
}

TEST_F(PortalCreatorTest, ChannelNamesFoldByCaseMapping) {
  ASSERT_EQ(creator_.OnAliasQuery("#irc_libera_#Python:hs").value(),
            std::optional<std::string>("!room1:hs"));
  // The same channel under another case (rfc1459 folds [ to {) is the same portal.
  EXPECT_EQ(creator_.OnAliasQuery("#irc_libera_#PYTHON:hs").value(),
            std::optional<std::string>("!room1:hs"));
  EXPECT_EQ(creator_.EnsurePortal("libera", "#pyThon").value(), "!room1:hs");
  EXPECT_EQ(matrix_.created.size(), 1u);
  EXPECT_EQ(creator_.OnAliasQuery("#irc_libera_#a[b]:hs").value(),
            std::optional<std::string>("!room2:hs"));
  EXPECT_EQ(creator_.EnsurePortal("libera", "#A{B}").value(), "!room2:hs");
}

TEST_F(PortalCreatorTest, StaticMappingsWin) {
  EXPECT_EQ(creator_.OnAliasQuery("#irc_libera_#STATIC:hs").value(), std::nullopt);
  EXPECT_EQ(creator_.EnsurePortal("libera", "#Static").value(), "!configured:hs");
  EXPECT_TRUE(matrix_.created.empty());
  EXPECT_EQ(creator_.ChannelOf("!configured:hs").value(),
            (std::optional<std::pair<std::string, std::string>>({"libera", "#static"})));
}

TEST_F(PortalCreatorTest, AliasesThatNameNoPortalAreNotFound) {
  EXPECT_EQ(creator_.OnAliasQuery("#irc_oftc_#debian:hs").value(), std::nullopt);
  EXPECT_EQ(creator_.OnAliasQuery("#irc_libera_#python:elsewhere").value(), std::nullopt);
  EXPECT_EQ(creator_.OnAliasQuery("#irc_libera_python:hs").value(), std::nullopt);
  EXPECT_EQ(creator_.OnAliasQuery("#something:hs").value(), std::nullopt);
  EXPECT_TRUE(matrix_.created.empty());
  EXPECT_EQ(creator_.EnsurePortal("oftc", "#debian").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(creator_.EnsurePortal("libera", "nochantype").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(PortalCreatorTest, AdoptsTheRoomWhenAnotherWorkerTookTheAliasFirst) {
  matrix_.aliases["#irc_libera_#python:hs"] = "!theirs:hs";
  EXPECT_EQ(creator_.OnAliasQuery("#irc_libera_#python:hs").value(),
            std::optional<std::string>("!theirs:hs"));
  EXPECT_EQ(rooms_.PortalOf("libera", "#python").value(), std::optional<std::string>("!theirs:hs"));
}

TEST_F(PortalCreatorTest, AHomeserverFailureIsAnErrorAndNothingIsRecorded) {
  matrix_.fail_next = absl::UnavailableError("create room: M_LIMIT_EXCEEDED (HTTP 429)");
  EXPECT_EQ(creator_.OnAliasQuery("#irc_libera_#python:hs").status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(rooms_.PortalOf("libera", "#python").value(), std::nullopt);
  // The next join asks again and gets the room.
  EXPECT_EQ(creator_.OnAliasQuery("#irc_libera_#python:hs").value(),
            std::optional<std::string>("!room1:hs"));
  EXPECT_EQ(creator_.ChannelOf("!room1:hs").value(),
            (std::optional<std::pair<std::string, std::string>>({"libera", "#python"})));
  EXPECT_EQ(creator_.ChannelOf("!other:hs").value(), std::nullopt);
}

TEST_F(PortalCreatorTest, TheBridgeBotJoinsCreatedAndAdoptedPortals) {
  FakePuppets puppets;
  puppets.statuses["libera @irc_libera:hs"] =
      PuppetStatus{.nick = "irc_libera", .registered = true};
  BotChannels bots(rooms_, puppets, nullptr);
  creator_.SetBotChannels(&bots);
  ASSERT_TRUE(creator_.OnAliasQuery("#irc_libera_#Python:hs").ok());
  matrix_.aliases["#irc_libera_#rust:hs"] = "!theirs:hs";
  ASSERT_TRUE(creator_.OnAliasQuery("#irc_libera_#rust:hs").ok());
  EXPECT_THAT(rooms_.UserChannels("libera", "@irc_libera:hs").value(),
              ElementsAre("#python", "#rust"));
  EXPECT_THAT(puppets.lines, ElementsAre("libera @irc_libera:hs JOIN #python",
                                         "libera @irc_libera:hs JOIN #rust"));
  // A known portal and a static channel send nothing again.
  puppets.lines.clear();
  ASSERT_TRUE(creator_.OnAliasQuery("#irc_libera_#python:hs").ok());
  ASSERT_TRUE(creator_.EnsurePortal("libera", "#static").ok());
  EXPECT_THAT(puppets.lines, IsEmpty());
}

}  // namespace
}  // namespace mxedge::irc_worker
