#include "bot_channels.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "fake_puppets.hpp"
#include "in_memory_bridged_rooms.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kBot[] = "@irc_libera:hs";

// The bot's connection held by another worker: lines recorded as "<network> <mxid> <line>";
// `held` false: no worker holds it (NotFound).
class FakeRemoteLines final : public RemotePuppetLines {
 public:
  absl::Status SendLine(std::string_view network, std::string_view mxid,
                        std::string line) override {
    if (!held) {
      return absl::NotFoundError("no worker holds the connection");
    }
    lines.push_back(common::Cat(network, " ", mxid, " ", line));
    return absl::OkStatus();
  }
  bool held = true;
  std::vector<std::string> lines;
};

// A store that is down.
class FailingRooms final : public BridgedRooms {
 public:
  absl::StatusOr<std::string> AddPortal(std::string_view, std::string_view,
                                        std::string_view) override {
    return Down();
  }
  absl::StatusOr<std::optional<std::string>> PortalOf(std::string_view, std::string_view) override {
    return Down();
  }
  absl::Status SetAdminRoom(std::string_view, std::string_view, std::string_view) override {
    return Down();
  }
  absl::StatusOr<std::optional<std::string>> AdminRoomOf(std::string_view,
                                                         std::string_view) override {
    return Down();
  }
  absl::StatusOr<std::optional<BridgedRoom>> Find(std::string_view) override { return Down(); }
  absl::StatusOr<bool> Remove(std::string_view) override { return Down(); }
  absl::Status AddUserChannel(std::string_view, std::string_view, std::string_view) override {
    return Down();
  }
  absl::Status RemoveUserChannel(std::string_view, std::string_view, std::string_view) override {
    return Down();
  }
  absl::StatusOr<std::vector<std::string>> UserChannels(std::string_view,
                                                        std::string_view) override {
    return Down();
  }

 private:
  static absl::Status Down() { return absl::UnavailableError("redis down"); }
};

class BotChannelsTest : public ::testing::Test {
 protected:
  InMemoryBridgedRooms rooms_;
  FakePuppets puppets_;
  FakeRemoteLines remote_;
  BotChannels bots_{rooms_, puppets_, &remote_};
};

TEST(BotChannelsStoreTest, AStoreFailureOnJoinIsReturnedAndNothingIsSent) {
  FailingRooms rooms;
  FakePuppets puppets;
  puppets.statuses["libera @irc_libera:hs"] = PuppetStatus{.nick = "bot", .registered = true};
  BotChannels bots(rooms, puppets, nullptr);
  EXPECT_TRUE(absl::IsUnavailable(bots.Join("libera", kBot, "#chan")));
  EXPECT_THAT(puppets.lines, IsEmpty());
  // Parting still parts: the channel is not bridged any more.
  EXPECT_TRUE(absl::IsUnavailable(bots.Part("libera", kBot, "#chan")));
  EXPECT_THAT(puppets.lines, ElementsAre("libera @irc_libera:hs PART #chan"));
}

TEST_F(BotChannelsTest, ARegisteredLocalBotJoinsNowAndTheChannelIsRecorded) {
  puppets_.statuses["libera @irc_libera:hs"] = PuppetStatus{.nick = "bot", .registered = true};
  ASSERT_TRUE(bots_.Join("libera", kBot, "#chan").ok());
  EXPECT_THAT(rooms_.UserChannels("libera", kBot).value(), ElementsAre("#chan"));
  EXPECT_THAT(puppets_.lines, ElementsAre("libera @irc_libera:hs JOIN #chan"));
  EXPECT_THAT(remote_.lines, IsEmpty());

  ASSERT_TRUE(bots_.Part("libera", kBot, "#chan").ok());
  EXPECT_THAT(rooms_.UserChannels("libera", kBot).value(), IsEmpty());
  EXPECT_THAT(puppets_.lines,
              ElementsAre("libera @irc_libera:hs JOIN #chan", "libera @irc_libera:hs PART #chan"));
}

TEST_F(BotChannelsTest, ALocalBotStillRegisteringJoinsWhenItRegisters) {
  puppets_.statuses["libera @irc_libera:hs"] = PuppetStatus{.nick = "bot", .registered = false};
  ASSERT_TRUE(bots_.Join("libera", kBot, "#chan").ok());
  EXPECT_THAT(puppets_.lines, IsEmpty());
  EXPECT_THAT(remote_.lines, IsEmpty());
  EXPECT_THAT(rooms_.UserChannels("libera", kBot).value(), ElementsAre("#chan"));
}

TEST_F(BotChannelsTest, ABotHeldByAnotherWorkerJoinsThroughIt) {
  ASSERT_TRUE(bots_.Join("libera", kBot, "#chan").ok());
  EXPECT_THAT(puppets_.lines, IsEmpty());
  EXPECT_THAT(remote_.lines, ElementsAre("libera @irc_libera:hs JOIN #chan"));
  ASSERT_TRUE(bots_.Part("libera", kBot, "#chan").ok());
  EXPECT_THAT(remote_.lines,
              ElementsAre("libera @irc_libera:hs JOIN #chan", "libera @irc_libera:hs PART #chan"));
}

TEST_F(BotChannelsTest, WithoutAConnectionAnywhereTheChannelWaitsForTheNextRegistration) {
  remote_.held = false;
  ASSERT_TRUE(bots_.Join("libera", kBot, "#chan").ok());
  EXPECT_THAT(remote_.lines, IsEmpty());
  EXPECT_THAT(rooms_.UserChannels("libera", kBot).value(), ElementsAre("#chan"));
}

}  // namespace
}  // namespace mxedge::irc_worker
